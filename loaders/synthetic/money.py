"""Building an authority, fourth stage: budgets and commissioning decisions for the services written.

Plants budgets that fund nothing and pooled budgets no board monitors.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from graph_model import EdgeType, NodeType

from .base import PlannedService
from .governance import Governance
from .scales import REFERENCE_DATE
from .vocabulary import BUDGET_NAMES, LEGAL_BASIS

N = NodeType
E = EdgeType


class Money(Governance):
    """Budgets with their contributors, owners and the services they fund; decisions on services."""

    def _budgets(self, services: list[PlannedService], ids: dict[str, str]) -> None:
        rng, p = self.rng, self.p
        count = p.budgets
        pooled = max(p.faults + 1, round(count * 0.12))
        kinds = (["pooled"] * pooled + ["aligned"] * round(count * 0.12) + ["grant"] * round(count * 0.2)
                 + ["personal"] * max(1, round(count * 0.05)))
        kinds += ["single-agency"] * (count - len(kinds))
        budgets: list[tuple[str, str]] = []  # (id, kind)
        seen: Counter[str] = Counter()
        names: dict[str, str] = {}
        for i, kind in enumerate(kinds):
            base = rng.choice(BUDGET_NAMES[kind])
            seen[base] += 1
            names[f"{self.aid}.bud-{i + 1:03d}"] = base if seen[base] == 1 else f"{base} {seen[base]}"
            budgets.append((f"{self.aid}.bud-{i + 1:03d}", kind))
        fundable = [s for s in services if s.funded]
        active = [s for s in fundable if s.status == "active"]
        rng.shuffle(active)
        funding: dict[str, list[PlannedService]] = {b: [] for b, _ in budgets}
        if len(active) < len(budgets):
            raise RuntimeError("synthetic profile has fewer active services than budgets")
        for (b, _), svc in zip(budgets, active, strict=False):
            funding[b].append(svc)
        first = {id(s) for s in active[: len(budgets)]}
        for svc in fundable:
            if id(svc) not in first:
                funding[rng.choice(budgets)[0]].append(svc)
        if rng.random() < 0.5 and len(fundable) > 1:  # a few services have two budgets
            for svc in rng.sample(fundable, max(1, len(fundable) // 8)):
                b = rng.choice(budgets)[0]
                if svc not in funding[b]:
                    funding[b].append(svc)
        unmonitored = set(rng.sample([b for b, k in budgets if k == "pooled"], rng.randint(1, p.faults)))
        known = {b: rng.random() >= 0.15 for b, _ in budgets}
        for b, kind in budgets:
            total = 0.0
            for svc in funding[b]:
                node = self.records[ids[svc.key]]
                amount = node.annual_cost if known[b] else None
                if amount is not None and svc.status == "active":
                    total += amount
                ended = node.valid_to
                period = "2014/15" if ended is None else f"{ended.year - 1}/{ended.year % 100:02d}"
                self.edge(E.FUNDS, b, ids[svc.key], amount=amount, period=period, valid_to=ended)
            amount = round(total * rng.uniform(1.0, 1.1), -2) if known[b] and total else None
            self._budget(b, names[b], kind, amount)
            if kind == "pooled" and b not in unmonitored:
                self.edge(E.MONITORS, rng.choice((self.ctb, self.top)), b)
            elif kind == "pooled":
                self.fault("unmonitored_pooled_budgets", b)
        for j in range(rng.randint(1, p.faults)):
            b = f"{self.aid}.bud-idle-{j + 1}"
            kind = rng.choice(("grant", "single-agency", "aligned"))
            self._budget(b, f"{rng.choice(BUDGET_NAMES[kind])} (unallocated)", kind,
                         float(round(rng.uniform(20e3, 300e3), -2)))
            self.fault("budgets_funding_nothing", b)

    def _budget(self, bid: str, name: str, kind: str, amount: float | None) -> None:
        rng = self.rng
        legal = rng.choice(LEGAL_BASIS) if kind == "pooled" else None
        self.node(N.BUDGET, bid.split(".", 1)[1], name, kind=kind, amount=amount, period="2014/15", legal_basis=legal)
        contributors = {
            "pooled": rng.sample([self.csd, self.ccg, self.public_health, self.police], rng.randint(2, 4)),
            "aligned": rng.sample([self.csd, self.ccg, self.public_health, self.education], 2),
            "grant": [self.dfe],
            "single-agency": [rng.choice([self.csd, self.public_health, self.ccg, self.police, self.housing,
                                          self.trust])],
            "personal": [self.csd],
        }[kind]
        shares = [rng.uniform(1, 3) for _ in contributors]
        for who, share in zip(contributors, shares, strict=True):
            part = None if amount is None else float(round(amount * share / sum(shares), 2))
            self.edge(E.CONTRIBUTES, who, bid, amount=part, period="2014/15")
        owner = {"pooled": self.ctb, "aligned": self.icg, "grant": self.csd, "personal": self.csd}.get(kind, contributors[0])
        self.edge(E.OWNS, owner, bid)

    def _decisions(self, services: list[PlannedService], ids: dict[str, str]) -> None:
        rng = self.rng
        k = 0
        for svc in services:
            node = self.records[ids[svc.key]]
            if svc.status == "decommissioned":
                kind, date = "decommission", node.end_date - dt.timedelta(days=rng.randint(60, 180))
                why = "Outcomes evidence showed little impact for the cost"
            elif svc.status == "planned" or (svc.status == "active" and rng.random() < 0.05):
                kind, date = "commission", min(node.start_date, REFERENCE_DATE) - dt.timedelta(days=rng.randint(30, 120))
                why = "Needs analysis showed a gap this service fills"
            else:
                continue
            k += 1
            did = self.node(N.DECISION, f"dec-{k:04d}", f"{kind.capitalize()} {node.name}", kind=kind, date=date,
                            rationale=why, evidence=f"{self.name} JSNA and service review",
                            risk_assessment="Impact on children and on other services assessed")
            body = rng.choice((self.icg, self.ctb, *self.district_boards.values()))
            self.edge(E.DECIDED, body, did)
            self.edge(E.AFFECTS, did, ids[svc.key])


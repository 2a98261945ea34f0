"""Building an authority, first stage: places, cohorts, needs, plans, priorities, outcomes and indicators.

Plants the outcome faults: outcomes that will be left unserved or unfunded
(chosen here, left so by the services stage) and outcomes without an indicator.
"""

from __future__ import annotations

from typing import Any

from graph_model import EdgeType, NodeType

from .base import AuthorityBase, slug
from .vocabulary import AREA_WORDS, COHORTS, DISTRICT_PRIORITIES, DISTRICT_WORDS, ECM, NEEDS, OUTCOMES, PLANS

N = NodeType
E = EdgeType


class Planning(AuthorityBase):
    """Places, cohorts and needs; plans with their priorities; outcomes, their dependencies and indicators."""

    # -- places, cohorts, needs

    def places(self) -> None:
        p = self.p
        self.top_locality = self.node(N.LOCALITY, "loc", self.name, level="authority",
                                      description=f"The whole of {self.name}.")
        self.districts: list[str] = []
        self.areas: dict[str, list[str]] = {}
        self.area_set: set[str] = set()
        for d in range(p.districts):
            dname = f"{DISTRICT_WORDS[d]} {self.name}"
            did = self.node(N.LOCALITY, f"loc-d{d + 1}", dname, level="district")
            self.edge(E.PART_OF, did, self.top_locality)
            self.districts.append(did)
            self.areas[did] = []
            for a in range(p.areas_per_district):
                word = AREA_WORDS[(a + d) % len(AREA_WORDS)]
                aid = self.node(N.LOCALITY, f"loc-d{d + 1}-a{a + 1}", f"{dname} {word}", level="area")
                self.edge(E.PART_OF, aid, did)
                self.areas[did].append(aid)
                self.area_set.add(aid)

    def groups_and_needs(self) -> None:
        self.cohorts = [
            self.node(N.COHORT, f"coh.{slug(name)}", name, age_min=lo, age_max=hi)
            for name, lo, hi in COHORTS[: self.p.cohorts]
        ]
        self.needs = [
            self.node(N.NEED, f"need.{slug(name)}", name, evidence=f"{self.name} JSNA {2013 + i % 2}")
            for i, name in enumerate(NEEDS[: self.p.needs])
        ]

    # -- plans, priorities, outcomes, indicators

    def planning(self) -> None:
        rng, p = self.rng, self.p
        self.plans: dict[str, str] = {}
        self.priorities: list[str] = []
        for key, name, period, statutory, prios in PLANS:
            pid = self.node(N.PLAN, f"plan.{key}", f"{self.name} {name}", period=period, statutory=statutory)
            self.plans[key] = pid
            for rank, pname in enumerate(prios, start=1):
                prid = self.node(N.PRIORITY, f"prio.{key}-{rank}", pname, rank=rank)
                self.edge(E.PART_OF, prid, pid)
                self.priorities.append(prid)
        for d, did in enumerate(self.districts):
            pid = self.node(N.PLAN, f"plan.district-{d + 1}", f"{self.names[did]} District Commissioning Plan",
                            period="2014-2016", statutory=False)
            self.plans[f"district-{d + 1}"] = pid
            self.edge(E.PART_OF, pid, self.plans["cypp"])
            for rank, topic in enumerate(DISTRICT_PRIORITIES, start=1):
                prid = self.node(N.PRIORITY, f"prio.district-{d + 1}-{rank}",
                                 f"{self.names[did]}: {topic}", rank=rank)
                self.edge(E.PART_OF, prid, pid)
                self.priorities.append(prid)

        self.theme: dict[str, str] = {}
        self.ecm: list[str] = []
        for name, theme in ECM:
            oid = self.node(N.OUTCOME, f"out.{slug(name)}", name, framework="ECM")
            self.theme[oid] = theme
            self.ecm.append(oid)
        self.concrete: list[str] = []
        indicator_of: dict[str, tuple[str, str, str]] = {}
        for name, theme, ind, unit, direction in OUTCOMES[: p.outcomes]:
            oid = self.node(N.OUTCOME, f"out.{slug(name)}", name)
            self.theme[oid] = theme
            self.concrete.append(oid)
            indicator_of[oid] = (ind, unit, direction)
        self.outcomes = self.ecm + self.concrete

        # The golden thread: every outcome serves a priority and every priority has an outcome.
        links: set[tuple[str, str]] = set()
        outs = rng.sample(self.outcomes, len(self.outcomes))
        for k in range(max(len(outs), len(self.priorities))):
            links.add((outs[k % len(outs)], self.priorities[k % len(self.priorities)]))
        for o in self.outcomes:
            if rng.random() < 0.3:
                links.add((o, rng.choice(self.priorities)))
        for o, pr in sorted(links):
            self.edge(E.SUPPORTS_PRIORITY, o, pr)

        # Interdependencies: ECM outcomes rest on concrete ones; some concrete ones on each other.
        deps: set[tuple[str, str]] = set()
        for e in self.ecm:
            same = [o for o in self.concrete if self.theme[o] == self.theme[e]]
            for o in rng.sample(same, min(len(same), rng.randint(1, 3))):
                deps.add((e, o))
        for o in self.concrete:
            if rng.random() < 0.45:
                for other in rng.sample(self.concrete, rng.randint(1, 2)):
                    if other != o:
                        deps.add((o, other))
        for a, b in sorted(deps):
            self.edge(E.DEPENDS_ON, a, b, strength=rng.choice(("weak", "moderate", "strong")))

        # Special outcomes: gaps and a missing indicator, each fault on its own outcome.
        pool = rng.sample(self.concrete, len(self.concrete))
        self.unserved_outcomes = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        self.unfunded_outcomes = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        unmeasured = {pool.pop() for _ in range(rng.randint(1, p.faults))}
        self.normal_outcomes = [o for o in self.outcomes if o not in self.unserved_outcomes
                                and o not in self.unfunded_outcomes]
        for o in self.outcomes:
            if o in unmeasured:
                self.fault("outcomes_without_indicator", o)
                continue
            specs = [indicator_of.get(o) or (f"Children's survey: {self.names[o].lower()}", "%", "higher")]
            if rng.random() < 0.7:
                specs.append((f"{specs[0][0]} (disadvantaged pupils)", specs[0][1], specs[0][2]))
            for i, (iname, unit, direction) in enumerate(specs, start=1):
                iid = self.node(N.INDICATOR, f"ind.{o.split('.', 1)[1][4:]}-{i}", iname, **self._indicator(unit, direction))
                self.edge(E.MEASURED_BY, o, iid)

    def _indicator(self, unit: str, direction: str) -> dict[str, Any]:
        rng = self.rng
        scale = {"%": 60.0, "rate": 40.0, "count": 120.0, "points": 25.0}[unit]
        base = round(rng.uniform(0.3, 1.0) * scale, 1)
        step = (-1 if direction == "lower" else 1) * rng.uniform(0.0, 0.08) * base
        obs = [{"period": f"{y}/{(y + 1) % 100:02d}", "value": round(base + step * (i + 1) + rng.uniform(-1, 1), 1)}
               for i, y in enumerate(range(2012, 2012 + rng.randint(2, 3)))]
        return {"unit": unit, "direction": direction, "baseline": base, "target": round(base + step * 5, 1),
                "observations": obs}

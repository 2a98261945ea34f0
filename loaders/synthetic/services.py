"""Building an authority, last stage: services, their contracts and referral pathways.

Plants the duplicate services (through :mod:`~loaders.synthetic.duplicates`), the
service and money gaps (outcomes, cohorts and areas that no active or no funded
service reaches), services without an outcome and untendered contracts; then hands
the services to the money stage.
"""

from __future__ import annotations

import datetime as dt

from graph_model import TENDER_THRESHOLD, EdgeType, NodeType
from graph_model.models import default_edge_id

from .base import PlannedService, day
from .duplicates import Duplicates
from .scales import REFERENCE_DATE
from .vocabulary import APPROACHES, KINDS

N = NodeType
E = EdgeType


class Services(Duplicates):
    """Services planned to cover every outcome, cohort and locality, with the faults among them."""

    # -- services

    def delivery(self) -> None:
        rng, p = self.rng, self.p
        areas = [a for d in self.districts for a in self.areas[d]]
        pool = rng.sample(areas, len(areas))
        unserved_areas = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        unfunded_areas = [pool.pop() for _ in range(rng.randint(1, p.faults))]
        cpool = rng.sample(self.cohorts, len(self.cohorts))
        unserved_cohorts = [cpool.pop() for _ in range(rng.randint(1, p.faults))]
        unfunded_cohorts = [cpool.pop() for _ in range(rng.randint(1, p.faults))]
        special = set(unserved_areas + unfunded_areas + unserved_cohorts + unfunded_cohorts
                      + self.unserved_outcomes + self.unfunded_outcomes)
        outs = self.normal_outcomes
        cohs = [c for c in self.cohorts if c not in special]
        open_areas = {d: [a for a in self.areas[d] if a not in special] for d in self.districts}
        # The gaps query rolls coverage up and down the locality hierarchy, so a gap area's
        # district and the whole authority are served only through other areas by active services.
        gap_districts = {d for d in self.districts if any(a in special for a in self.areas[d])}
        open_districts = [d for d in self.districts if d not in gap_districts]
        locs = [*open_districts, *(a for d in self.districts for a in open_areas[d])]
        self.used: set[tuple[str, str, str]] = set()
        self.planned: list[PlannedService] = []
        services, claim, add, kind_for = self.planned, self.claim, self.add, self.kind_for

        def places(active: bool) -> list[str]:
            scope, d = rng.random(), rng.choice(self.districts)
            if scope < 0.6 and open_areas[d]:
                return rng.sample(open_areas[d], min(len(open_areas[d]), rng.choice((1, 1, 2))))
            if not active and scope > 0.95:
                return [self.top_locality]
            if not active:
                return [d]
            if scope < 0.85 or len(open_districts) < 2:
                return [rng.choice(open_districts or locs)]
            return rng.sample(open_districts, rng.randint(2, len(open_districts)))

        # 1. Coverage: every normal outcome, cohort and locality gets an active, funded service.
        for k in range(max(len(outs), len(cohs), len(locs))):
            o, c, loc = outs[k % len(outs)], cohs[k % len(cohs)], locs[k % len(locs)]
            if not claim([o], [c], [loc]):  # the outcome and cohort are held in a place nested with loc
                o = next((x for x in rng.sample(outs, len(outs)) if claim([x], [c], [loc])), o)
            add(kind_for(o), [o], [c], [loc])
        # 2. Duplicates: one case of each kind, each recorded with what the duplicates query should say.
        self.plant_duplicates(outs, cohs, locs)
        # 3. Money gaps: active services that reach a special outcome, cohort or area but no budget funds.
        for special_ids, dim in ((self.unfunded_outcomes, 0), (unfunded_cohorts, 1), (unfunded_areas, 2)):
            for sid in special_ids:
                for _ in range(rng.randint(1, 2)):
                    while True:
                        o = sid if dim == 0 else rng.choice(outs)
                        c = sid if dim == 1 else rng.choice(cohs)
                        loc = sid if dim == 2 else rng.choice(locs)
                        if claim([o], [c], [loc]):
                            break
                    add(kind_for(o), [o], [c], [loc], funded=False)
        # 4. Service gaps: only decommissioned services ever reached these (or nothing did).
        for special_ids, dim in ((self.unserved_outcomes, 0), (unserved_cohorts, 1), (unserved_areas, 2)):
            for sid in special_ids:
                if rng.random() < 0.5:
                    o = sid if dim == 0 else rng.choice(outs)
                    c = sid if dim == 1 else rng.choice(cohs)
                    loc = sid if dim == 2 else rng.choice(locs)
                    if claim([o], [c], [loc]):
                        add(kind_for(o), [o], [c], [loc], status="decommissioned")
        # 5. Services with no outcome at all.
        for _ in range(rng.randint(1, p.faults)):
            svc = add(kind_for(None), [], [rng.choice(cohs)], [rng.choice(locs)])
            self.fault("services_without_outcome", f"{self.aid}.{svc.key}")
        # 6. The rest: random services, each on triples no other service holds.
        themed = {k.name: [x for x in outs if self.theme[x] in k.themes] for k in KINDS}
        while len(services) < p.services:
            r = rng.random()
            status = "decommissioned" if r < 0.08 else "planned" if r < 0.12 else "active"
            for attempt in range(30):
                o_count = 1 if attempt > 10 else rng.choice((1, 2, 2, 3))
                first = rng.choice(outs)
                kind = kind_for(first)
                theme_outs = [x for x in themed[kind.name] if x != first] if o_count > 1 else []
                o_ids = [first] + rng.sample(theme_outs, min(len(theme_outs), o_count - 1))
                c_ids = rng.sample(cohs, 1 if attempt > 10 else rng.choice((1, 2, 2)))
                l_ids = places(status == "active")
                if attempt > 20:
                    l_ids = l_ids[:1]
                if claim(o_ids, c_ids, l_ids):
                    add(kind, o_ids, c_ids, l_ids, status=status)
                    break

        for key, items in (("unserved_outcomes", self.unserved_outcomes), ("unserved_cohorts", unserved_cohorts),
                           ("unserved_localities", unserved_areas),
                           ("unfunded_outcomes", self.unserved_outcomes + self.unfunded_outcomes),
                           ("unfunded_cohorts", unserved_cohorts + unfunded_cohorts),
                           ("unfunded_localities", unserved_areas + unfunded_areas)):
            self.faults[key].extend(items)
        self._write_services(services)

    def _write_services(self, services: list[PlannedService]) -> None:
        rng = self.rng
        commissioners, providers = self._commissioners(), self._providers()
        boundary_done = False
        ids: dict[str, str] = {}
        tender_faults = rng.randint(1, self.p.faults)
        for svc in services:
            sid = f"{self.aid}.{svc.key}"
            ids[svc.key] = sid
            kind = svc.kind
            if svc.status == "decommissioned":
                start = day(rng, dt.date(2006, 4, 1), dt.date(2011, 3, 31))
                end: dt.date | None = day(rng, dt.date(2012, 3, 31), REFERENCE_DATE - dt.timedelta(days=1))
                validity = {"valid_from": start, "valid_to": end}
            elif svc.status == "planned":
                start, end = day(rng, REFERENCE_DATE + dt.timedelta(days=60), dt.date(2016, 4, 1)), None
                validity = {"valid_from": start}
            else:
                start, end = day(rng, dt.date(2008, 4, 1), REFERENCE_DATE - dt.timedelta(days=30)), None
                validity = {"valid_from": start} if start.year >= 2012 else {}
            cost = None if rng.random() < 0.12 else float(round(
                rng.uniform(*{1: (20e3, 150e3), 2: (12e3, 120e3), 3: (40e3, 400e3), 4: (100e3, 900e3)}[kind.tier]), -2))
            if not svc.funded:  # a planted money gap: no budget, no cost and no contract value recorded for it
                cost = None
            loc0 = svc.localities[0]
            level = ("individual" if kind.tier == 4 else "operational" if loc0 in self.area_set else "strategic")
            name = svc.name or f"{kind.name}, {self.names[loc0]}"
            if name in self._service_names and svc.cohorts:
                name = f"{name} ({self.names[svc.cohorts[0]].lower()})"
            while name in self._service_names:
                name = f"{name}, {svc.key[4:]}"
            self._service_names.add(name)
            description = svc.description or self._describe(kind, svc.cohorts[0], loc0, rng.choice(APPROACHES),
                                                             variant=rng.randrange(3))
            self.node(N.SERVICE, svc.key, name, description=description, status=svc.status,
                      commissioning_level=level, tier=kind.tier, start_date=start, end_date=end, annual_cost=cost,
                      **validity)
            self.status[svc.status] += 1
            svc.commissioner = svc.commissioner or rng.choice(commissioners)
            svc.provider = svc.provider or rng.choice(providers)
            years = rng.randint(1, 5)
            value = None if cost is None else cost * years
            tendered: bool | None = None if value is None else value > TENDER_THRESHOLD
            money_validity = {k: v for k, v in validity.items() if k == "valid_to"}
            if not boundary_done and cost is not None and cost <= TENDER_THRESHOLD and svc.status == "active":
                value, tendered, boundary_done = TENDER_THRESHOLD, False, True  # at, not over, the threshold: no tender due
            elif (tender_faults and value is not None and svc.status == "active" and svc.outcomes and svc.funded):
                value = max(value, TENDER_THRESHOLD + 5_000.0)
                tendered = None if tender_faults % 2 else False
                tender_faults -= 1
                eid = default_edge_id(E.COMMISSIONS, svc.commissioner, sid)
                self.fault("untendered_contracts", eid)
            self.edge(E.COMMISSIONS, svc.commissioner, sid, lifetime_value=value, tendered=tendered,
                      tender_reference=f"{self.aid.upper()}-T{svc.key[4:]}" if tendered else None, **money_validity)
            self.edge(E.DELIVERS, svc.provider, sid)
            for o in svc.outcomes:
                self.edge(E.CONTRIBUTES_TO, sid, o, strength=rng.choice(("weak", "moderate", "strong")))
            for c in svc.cohorts:
                self.edge(E.TARGETS, sid, c)
            for loc in svc.localities:
                self.edge(E.SERVES, sid, loc)
            for need in rng.sample(self.needs, rng.choice((0, 1, 1, 2))):
                self.edge(E.ADDRESSES, sid, need)
        # Referral pathways: step up to specialist services and step down again.
        by_tier: dict[bool, list[str]] = {True: [], False: []}
        for svc in services:
            by_tier[svc.kind.tier >= 3].append(ids[svc.key])
        pairs: set[tuple[str, str]] = set()
        for svc in services:
            specialist = svc.kind.tier >= 3
            if rng.random() < (0.15 if specialist else 0.3):
                pairs.add((ids[svc.key], rng.choice(by_tier[not specialist])))
        for a, b in sorted(pairs):
            self.edge(E.REFERS_TO, a, b)
        for pr in self.priorities:
            if rng.random() < 0.4:
                self.edge(E.ADDRESSES, pr, rng.choice(self.needs))
        self._budgets(services, ids)
        self._decisions(services, ids)

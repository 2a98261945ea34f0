"""Building an authority, third stage: boards and sub-groups, with the governance faults planted.

Plants bodies without a chair, without terms of reference, orphans (reporting to
their would-be parent but accountable to nothing) and bodies with two parents,
each on its own body; the top board stays clean.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from graph_model import EdgeType, NodeType

from .base import day
from .organisations import Organisations
from .vocabulary import FREQUENCIES

N = NodeType
E = EdgeType


class Governance(Organisations):
    """The bodies of the planning bookcase, their chairs, members, parents and links."""

    # -- boards and sub-groups

    def governance(self) -> None:
        rng, p, A = self.rng, self.p, self.name
        # (key, name, type, parent, chair post or "", extra fields); parents come before children.
        specs: list[dict[str, Any]] = []

        def body(key: str, name: str, parent: str | None, *, board: bool = False, chair: str = "",
                 **fields: Any) -> str:
            specs.append({"key": key, "name": name, "parent": parent, "board": board, "chair": chair,
                          "fields": fields})
            return f"{self.aid}.body.{key}"

        kp = self.key_posts
        top = body("hwb", f"{A} Health and Wellbeing Board", None, board=True, chair=kp["health-member"],
                   statutory=True, public=True, commissioning_scale="macro")
        ctb = body("ctb", f"{A} Children's Trust Board", top, board=True, chair=kp["lead-member"], public=True,
                   commissioning_scale="macro")
        lscb = body("lscb", f"{A} Safeguarding Children Board", top, board=True, chair=kp["safeguarding"],
                    statutory=True, public=True)
        edu = body("education-partnership", f"{A} Education Partnership", ctb, board=True, chair=kp["education"],
                   public=True)
        icg = body("icg", "Integrated Commissioning Group", ctb, chair=kp["dcs"], kind="sub-group",
                   commissioning_scale="macro")
        subs = {
            "lac": body("lac", "Looked After Children Partnership", ctb, kind="partnership"),
            "camhs": body("camhs", "Emotional Health and CAMHS Sub-group", ctb, kind="sub-group"),
            "poverty": body("poverty", "Child Poverty Sub-group", ctb, kind="sub-group"),
            "early-help": body("early-help", "Early Help Partnership", ctb, chair=kp["ad-early-help"],
                               kind="partnership"),
            "involvement": body("involvement", "Involvement Sub-group", ctb, kind="sub-group"),
            "disabled": body("disabled", "Disabled Children and SEN Sub-group", ctb, kind="sub-group"),
            "tp": body("teenage-pregnancy", "Teenage Pregnancy Partnership", ctb, kind="partnership"),
        }
        youth = body("youth-council", f"{A} Youth Council", subs["involvement"], kind="forum")
        in_care = body("children-in-care-council", "Children in Care Council", subs["lac"], kind="forum")
        network = body("icn", "Integrated Commissioning Network", icg, kind="network")
        body("pooled-budget-panel", "Pooled Budget Panel", icg, kind="panel")
        body("decommissioning-panel", "Decommissioning Review Panel", icg, kind="panel", standing=False)
        for key, name in (("cse", "Child Sexual Exploitation Sub-group"), ("scr", "Serious Case Review Panel"),
                          ("learning", "Learning and Improvement Sub-group"), ("qa", "Quality Assurance Sub-group")):
            body(key, name, lscb, kind="panel" if key == "scr" else "sub-group")
        body("school-improvement", "School Improvement Group", edu, kind="sub-group")
        body("participation", "14-19 Participation Partnership", edu, kind="partnership")
        self.district_boards: dict[str, str] = {}
        self.clps: list[str] = []
        for d, did in enumerate(self.districts):
            db = body(f"district-{d + 1}", f"{self.names[did]} District Children's Trust Board", ctb, board=True,
                      commissioning_scale="district", locality=did)
            self.district_boards[did] = db
            for c, area in enumerate(self.areas[did][: p.clps_per_district]):
                self.clps.append(body(f"clp-d{d + 1}-{c + 1}", f"{self.names[area]} Community and Learning Partnership",
                                      db, kind="partnership", commissioning_scale="micro", locality=area))
        # Time-limited task groups, the leaves of the bookcase; a few have closed.
        parents = self.clps + [subs["camhs"], subs["poverty"], subs["early-help"], icg]
        topics = ("transition to secondary school", "summer holiday offer", "school readiness", "young carers' census",
                  "domestic abuse pathway", "healthy weight", "NEET tracking", "short breaks review")
        for t, parent in enumerate(parents):
            topic = topics[t % len(topics)]
            parent_name = next(s["name"] for s in specs if f"{self.aid}.body.{s['key']}" == parent)
            closed = rng.random() < 0.15
            body(f"task-{t + 1}", f"Task group on {topic} ({parent_name})", parent, kind="sub-group", standing=False,
                 closed=closed)

        ids = [f"{self.aid}.body.{s['key']}" for s in specs]
        children = Counter(s["parent"] for s in specs if s["parent"])
        depth: dict[str, int] = {}
        for s, bid in zip(specs, ids, strict=True):
            depth[bid] = 0 if s["parent"] is None else depth[s["parent"]] + 1

        # Plant governance faults, each on its own body; the top board stays clean.
        open_bodies = [bid for s, bid in zip(specs, ids, strict=True) if s["parent"] and not s["fields"].get("closed")]
        pool = rng.sample(open_bodies, len(open_bodies))
        leaves = [b for b in pool if children[b] == 0 and b not in (youth, in_care)]
        orphans = set(leaves[: rng.randint(1, p.faults)])
        pool = [b for b in pool if b not in orphans]
        deep = [b for b in pool if depth[b] >= 2]
        two_parents = set(deep[: rng.randint(1, p.faults)])
        pool = [b for b in pool if b not in two_parents]
        chairless = set(pool[: rng.randint(1, p.faults)])
        pool = pool[len(chairless):]
        no_terms = set(pool[: rng.randint(1, p.faults)])

        self.top = top
        self.bodies: list[str] = []
        self.boards: list[str] = []
        for s, bid in zip(specs, ids, strict=True):
            fields = dict(s["fields"])
            locality = fields.pop("locality", None)
            closed = fields.pop("closed", False)
            validity: dict[str, Any] = {}
            if closed:
                validity = {"valid_from": dt.date(2012, 9, 1), "valid_to": day(rng, dt.date(2013, 6, 1),
                                                                                 dt.date(2014, 12, 31))}
            elif fields.get("standing") is False:
                validity = {"valid_from": day(rng, dt.date(2013, 1, 1), dt.date(2014, 12, 31))}
            terms = None if bid in no_terms else f"Terms of reference agreed {rng.randint(2011, 2014)}, reviewed yearly"
            ntype = N.BOARD if s["board"] else N.SUBGROUP
            self.node(ntype, f"body.{s['key']}", s["name"], terms_of_reference=terms,
                      meeting_frequency=rng.choice(FREQUENCIES), remit=f"Oversees {s['name'].lower()} business",
                      public=fields.pop("public", False), **validity, **fields)
            self.bodies.append(bid)
            if s["board"]:
                self.boards.append(bid)
            if s["parent"] and bid not in orphans:
                self.edge(E.ACCOUNTABLE_TO, bid, s["parent"], **validity)
            if bid in two_parents:
                higher = [b for b in open_bodies + [top] if depth[b] < depth[bid] and b != s["parent"]
                          and b not in orphans]
                self.edge(E.ACCOUNTABLE_TO, bid, rng.choice(higher), **validity)
                self.fault("bodies_with_two_parents", bid)
            if bid in orphans:  # reports to its would-be parent, but is accountable to nothing
                self.edge(E.REPORTS_TO, bid, s["parent"], condition="informally")
                self.fault("orphan_bodies", bid)
            if bid in no_terms:
                self.fault("bodies_without_terms", bid)
            chair = s["chair"] or rng.choice(self.all_posts)
            members = rng.sample([x for x in self.all_posts + self.partners if x != chair], rng.randint(4, 8))
            if bid in chairless:
                self.fault("bodies_without_chair", bid)
            else:
                self.edge(E.CHAIRS, chair, bid, **validity)
                self.edge(E.MEMBER_OF, chair, bid, role="chair", **validity)
            for i, m in enumerate(members):
                role = "vice-chair" if i == 0 and rng.random() < 0.3 else rng.choice(("member", "member", "invited"))
                self.edge(E.MEMBER_OF, m, bid, role=role, **validity)
            if locality:
                self.edge(E.COVERS, bid, locality)
        self.edge(E.COVERS, top, self.top_locality)
        self.edge(E.COVERS, ctb, self.top_locality)
        for target in (ctb, icg, subs["involvement"]):
            self.edge(E.SUPPORTS, self.ctu, target, role="secretariat" if target == ctb else "support")
        self.edge(E.SUPPORTS, self.jcu, icg)
        self.edge(E.SUPPORTS, self.jcu, network)
        self.edge(E.SUPPORTS, self.hub, icg)
        for u in self.units:  # units answer to the body they serve
            self.edge(E.ACCOUNTABLE_TO, u, icg if u != self.ctu else ctb)
        self.edge(E.REPORTS_TO, icg, lscb, condition="as necessary")
        self.edge(E.REPORTS_TO, subs["camhs"], top)
        self.edge(E.REPORTS_TO, subs["tp"], top)
        self.edge(E.DELEGATES_TO, top, ctb, powers="decisions on pooled budgets", conditional=True)
        self.edge(E.INFLUENCES, youth, ctb)
        self.edge(E.INFLUENCES, ctb, youth)
        self.edge(E.INFLUENCES, in_care, subs["lac"])
        self.edge(E.INFLUENCES, subs["lac"], in_care)

        owners = {"cypp": ctb, "early-help": subs["early-help"], "commissioning": icg, "jsna": top,
                  "emotional-health": subs["camhs"], "child-poverty": subs["poverty"]}
        for key, plan in self.plans.items():
            owner = owners.get(key) or self.district_boards[self.districts[int(key.split("-")[1]) - 1]]
            self.edge(E.OWNS, owner, plan)
            self.edge(E.MONITORS, top if owner != top else ctb, plan)
        self.ctb, self.icg, self.lscb = ctb, icg, lscb
        self.commissioning_bodies = [icg, *self.district_boards.values(), *self.clps]

"""The schema: every node type, every edge type, and which node types each edge may join.

This module is *the* schema. Models (:mod:`graph_model.models`), validation, the
loaders, the README schema table, and later the Cypher DDL, Neo4j constraints and
view styles are all derived from :data:`NODE_TYPES` and :data:`EDGE_RULES`; tests
fail when one of them drifts.

Examples
--------
>>> EDGE_RULES[EdgeType.ACCOUNTABLE_TO].allows(NodeType.SUBGROUP, NodeType.BOARD)
True
>>> EDGE_RULES[EdgeType.ACCOUNTABLE_TO].allows(NodeType.OUTCOME, NodeType.SERVICE)
False
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BODY_TYPES",
    "EDGE_RULES",
    "GOVERNANCE_EDGES",
    "NODE_TYPES",
    "EdgeRule",
    "EdgeType",
    "NodeType",
    "NodeTypeInfo",
    "TENDER_THRESHOLD",
    "schema_table_markdown",
]


class NodeType(StrEnum):
    """The kinds of thing in a partnership graph."""

    PARTNER = "Partner"
    BOARD = "Board"
    SUBGROUP = "SubGroup"
    UNIT = "Unit"
    POST = "Post"
    PLAN = "Plan"
    PRIORITY = "Priority"
    OUTCOME = "Outcome"
    INDICATOR = "Indicator"
    SERVICE = "Service"
    BUDGET = "Budget"
    COHORT = "Cohort"
    LOCALITY = "Locality"
    NEED = "Need"
    DECISION = "Decision"


class EdgeType(StrEnum):
    """The kinds of relationship between nodes."""

    ACCOUNTABLE_TO = "ACCOUNTABLE_TO"
    REPORTS_TO = "REPORTS_TO"
    DELEGATES_TO = "DELEGATES_TO"
    INFLUENCES = "INFLUENCES"
    MEMBER_OF = "MEMBER_OF"
    CHAIRS = "CHAIRS"
    SUPPORTS = "SUPPORTS"
    PART_OF = "PART_OF"
    EMPLOYS = "EMPLOYS"
    CONTRIBUTES = "CONTRIBUTES"
    FUNDS = "FUNDS"
    COMMISSIONS = "COMMISSIONS"
    DELIVERS = "DELIVERS"
    CONTRIBUTES_TO = "CONTRIBUTES_TO"
    TARGETS = "TARGETS"
    SERVES = "SERVES"
    COVERS = "COVERS"
    ADDRESSES = "ADDRESSES"
    REFERS_TO = "REFERS_TO"
    DEPENDS_ON = "DEPENDS_ON"
    SUPPORTS_PRIORITY = "SUPPORTS_PRIORITY"
    MEASURED_BY = "MEASURED_BY"
    OWNS = "OWNS"
    MONITORS = "MONITORS"
    DECIDED = "DECIDED"
    AFFECTS = "AFFECTS"


#: Boards and sub-groups: the bodies of the planning bookcase.
BODY_TYPES: frozenset[NodeType] = frozenset({NodeType.BOARD, NodeType.SUBGROUP})

#: Staffordshire's rule: a contract whose lifetime value is over this many pounds must be tendered.
#: Defined once; the governance-health query and the synthetic generator read it here.
TENDER_THRESHOLD: float = 35_000.0

#: Edges that place a body in the governance structure, strongest first.
GOVERNANCE_EDGES: tuple[EdgeType, ...] = (
    EdgeType.ACCOUNTABLE_TO,
    EdgeType.REPORTS_TO,
    EdgeType.DELEGATES_TO,
    EdgeType.INFLUENCES,
)


@dataclass(frozen=True)
class NodeTypeInfo:
    """What a node type means and how it is grouped in views and tables."""

    type: NodeType
    group: str
    meaning: str


@dataclass(frozen=True)
class EdgeRule:
    """Which node types an edge type may join, and what it means.

    ``ends`` is a tuple of clauses; each clause is (allowed sources, allowed
    targets) and every source/target combination inside a clause is allowed.
    """

    type: EdgeType
    meaning: str
    ends: tuple[tuple[frozenset[NodeType], frozenset[NodeType]], ...]
    family: str

    def allows(self, source: NodeType, target: NodeType) -> bool:
        """Whether this edge type may run from ``source`` to ``target``."""
        return (source, target) in self.allowed_pairs

    @property
    def allowed_pairs(self) -> frozenset[tuple[NodeType, NodeType]]:
        """Every allowed (source, target) pair, as a set (computed once)."""
        cached: frozenset[tuple[NodeType, NodeType]] | None = self.__dict__.get("_pairs")
        if cached is None:
            cached = frozenset((s, t) for srcs, tgts in self.ends for s in srcs for t in tgts)
            object.__setattr__(self, "_pairs", cached)
        return cached

    @property
    def sources(self) -> frozenset[NodeType]:
        """Every node type this edge may start from."""
        return frozenset().union(*(s for s, _ in self.ends))

    @property
    def targets(self) -> frozenset[NodeType]:
        """Every node type this edge may end at."""
        return frozenset().union(*(t for _, t in self.ends))

    def targets_from(self, source: NodeType) -> frozenset[NodeType]:
        """The node types this edge may end at when it starts from ``source``."""
        return frozenset().union(*(t for s, t in self.ends if source in s))

    def pairs(self) -> list[tuple[NodeType, NodeType]]:
        """Every allowed (source, target) pair, in schema order."""
        order = list(NodeType)
        pairs = {(s, t) for srcs, tgts in self.ends for s in srcs for t in tgts}
        return sorted(pairs, key=lambda p: (order.index(p[0]), order.index(p[1])))

    def describe_ends(self) -> str:
        """The allowed ends as text, e.g. ``Board, SubGroup → Board``."""
        order = list(NodeType)

        def names(types: frozenset[NodeType]) -> str:
            return ", ".join(t.value for t in sorted(types, key=order.index))

        return "; ".join(f"{names(s)} → {names(t)}" for s, t in self.ends)


def _types(*types: NodeType) -> frozenset[NodeType]:
    return frozenset(types)


N = NodeType
_BODIES = _types(N.BOARD, N.SUBGROUP)

NODE_TYPES: dict[NodeType, NodeTypeInfo] = {
    info.type: info
    for info in (
        NodeTypeInfo(N.PARTNER, "organisation", "An organisation or part of one: council directorate, NHS body, police, school, charity."),
        NodeTypeInfo(N.BOARD, "governance", "A partnership board: Children's Trust, Health & Wellbeing, Safeguarding, district boards."),
        NodeTypeInfo(N.SUBGROUP, "governance", "A sub-group, forum, panel or network reporting into a board."),
        NodeTypeInfo(N.UNIT, "organisation", "A team or unit hosted by a partner: Children's Trust Unit, Joint Commissioning Unit."),
        NodeTypeInfo(N.POST, "organisation", "A post (not a person): Director of Children's Services, Head of Finance."),
        NodeTypeInfo(N.PLAN, "planning", "A plan or strategy: Children and Young People's Plan, commissioning framework, JSNA."),
        NodeTypeInfo(N.PRIORITY, "planning", "A priority of a plan."),
        NodeTypeInfo(N.OUTCOME, "planning", "An outcome for children and families that work contributes to."),
        NodeTypeInfo(N.INDICATOR, "planning", "A measure of an outcome, with observed values over time."),
        NodeTypeInfo(N.SERVICE, "delivery", "A commissioned or delivered service, project or programme."),
        NodeTypeInfo(N.BUDGET, "money", "A budget or funding stream: pooled, aligned, single-agency, grant or personal."),
        NodeTypeInfo(N.COHORT, "people", "A group of children or families prioritised for commissioning."),
        NodeTypeInfo(N.LOCALITY, "place", "A place: city, county, district, area, school cluster, community partnership."),
        NodeTypeInfo(N.NEED, "planning", "A need identified by the JSNA or a needs analysis."),
        NodeTypeInfo(N.DECISION, "governance", "A commissioning or decommissioning decision taken by a body."),
    )
}

EDGE_RULES: dict[EdgeType, EdgeRule] = {
    rule.type: rule
    for rule in (
        EdgeRule(EdgeType.ACCOUNTABLE_TO, "Formal accountability of one body to another.",
                 ((_types(N.BOARD, N.SUBGROUP, N.UNIT), _BODIES),), "governance"),
        EdgeRule(EdgeType.REPORTS_TO, "Reporting that is not formal accountability.",
                 ((_types(N.BOARD, N.SUBGROUP, N.UNIT), _BODIES),), "governance"),
        EdgeRule(EdgeType.DELEGATES_TO, "A power or decision delegated from one body or partner to a body.",
                 ((_types(N.BOARD, N.SUBGROUP, N.PARTNER), _types(N.BOARD, N.SUBGROUP, N.UNIT)),), "governance"),
        EdgeRule(EdgeType.INFLUENCES, "Voice and influence between bodies; two-way influence is two edges.",
                 ((_BODIES, _BODIES),), "governance"),
        EdgeRule(EdgeType.MEMBER_OF, "A partner or post sits on a body, with a role.",
                 ((_types(N.PARTNER, N.POST), _BODIES),), "membership"),
        EdgeRule(EdgeType.CHAIRS, "A post chairs a body.",
                 ((_types(N.POST), _BODIES),), "membership"),
        EdgeRule(EdgeType.SUPPORTS, "A unit supports a body or provides its secretariat.",
                 ((_types(N.UNIT), _BODIES),), "membership"),
        EdgeRule(EdgeType.PART_OF, "Structure: one thing is part of another of a fitting kind.",
                 ((_types(N.PARTNER), _types(N.PARTNER)),
                  (_types(N.UNIT), _types(N.PARTNER, N.UNIT)),
                  (_types(N.POST), _types(N.UNIT)),
                  (_types(N.PRIORITY), _types(N.PLAN)),
                  (_types(N.PLAN), _types(N.PLAN)),
                  (_types(N.LOCALITY), _types(N.LOCALITY)),
                  (_types(N.COHORT), _types(N.COHORT))), "structure"),
        EdgeRule(EdgeType.EMPLOYS, "A partner employs a post.",
                 ((_types(N.PARTNER), _types(N.POST)),), "structure"),
        EdgeRule(EdgeType.CONTRIBUTES, "A partner puts money into a budget (amount, period).",
                 ((_types(N.PARTNER), _types(N.BUDGET)),), "money"),
        EdgeRule(EdgeType.FUNDS, "A budget pays for a service (amount, period).",
                 ((_types(N.BUDGET), _types(N.SERVICE)),), "money"),
        EdgeRule(EdgeType.COMMISSIONS, "A partner, body or unit commissions a service (contract value, tender).",
                 ((_types(N.PARTNER, N.BOARD, N.SUBGROUP, N.UNIT), _types(N.SERVICE)),), "delivery"),
        EdgeRule(EdgeType.DELIVERS, "A partner or unit provides a service.",
                 ((_types(N.PARTNER, N.UNIT), _types(N.SERVICE)),), "delivery"),
        EdgeRule(EdgeType.CONTRIBUTES_TO, "A service contributes to an outcome (strength, evidence).",
                 ((_types(N.SERVICE), _types(N.OUTCOME)),), "outcomes"),
        EdgeRule(EdgeType.TARGETS, "A service is for a cohort.",
                 ((_types(N.SERVICE), _types(N.COHORT)),), "delivery"),
        EdgeRule(EdgeType.SERVES, "A service is delivered in a locality.",
                 ((_types(N.SERVICE), _types(N.LOCALITY)),), "delivery"),
        EdgeRule(EdgeType.COVERS, "A body, partner or unit is responsible for a locality.",
                 ((_types(N.BOARD, N.SUBGROUP, N.PARTNER, N.UNIT), _types(N.LOCALITY)),), "governance"),
        EdgeRule(EdgeType.ADDRESSES, "A service or priority addresses a need.",
                 ((_types(N.SERVICE, N.PRIORITY), _types(N.NEED)),), "outcomes"),
        EdgeRule(EdgeType.REFERS_TO, "A referral pathway from one service to another.",
                 ((_types(N.SERVICE), _types(N.SERVICE)),), "delivery"),
        EdgeRule(EdgeType.DEPENDS_ON, "One outcome depends on another (strength, evidence).",
                 ((_types(N.OUTCOME), _types(N.OUTCOME)),), "outcomes"),
        EdgeRule(EdgeType.SUPPORTS_PRIORITY, "An outcome serves a plan priority: the golden thread.",
                 ((_types(N.OUTCOME), _types(N.PRIORITY)),), "outcomes"),
        EdgeRule(EdgeType.MEASURED_BY, "An outcome or priority is measured by an indicator.",
                 ((_types(N.OUTCOME, N.PRIORITY), _types(N.INDICATOR)),), "outcomes"),
        EdgeRule(EdgeType.OWNS, "A body, partner, unit or post owns a plan or a budget.",
                 ((_types(N.BOARD, N.SUBGROUP, N.PARTNER, N.UNIT, N.POST), _types(N.PLAN, N.BUDGET)),), "planning"),
        EdgeRule(EdgeType.MONITORS, "A body monitors a plan, a budget or a service.",
                 ((_BODIES, _types(N.PLAN, N.BUDGET, N.SERVICE)),), "planning"),
        EdgeRule(EdgeType.DECIDED, "A body, partner or post took a decision.",
                 ((_types(N.BOARD, N.SUBGROUP, N.PARTNER, N.POST), _types(N.DECISION)),), "decisions"),
        EdgeRule(EdgeType.AFFECTS, "A decision affects a service or a budget.",
                 ((_types(N.DECISION), _types(N.SERVICE, N.BUDGET)),), "decisions"),
    )
}

del N


def schema_table_markdown() -> str:
    """The schema as two Markdown tables, exactly as the README shows them.

    >>> "| ACCOUNTABLE_TO |" in schema_table_markdown()
    True
    """
    lines = ["| node type | group | meaning |", "|---|---|---|"]
    lines += [f"| {i.type.value} | {i.group} | {i.meaning} |" for i in NODE_TYPES.values()]
    lines += ["", "| edge type | from → to | meaning |", "|---|---|---|"]
    lines += [f"| {r.type.value} | {r.describe_ends()} | {r.meaning} |" for r in EDGE_RULES.values()]
    return "\n".join(lines) + "\n"

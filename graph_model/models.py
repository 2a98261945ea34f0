"""Pydantic models for every node and edge type, with their typed properties.

One model per type in :mod:`graph_model.schema`; :data:`NODE_MODELS` and
:data:`EDGE_MODELS` map each type to its model and a test proves both cover the
schema exactly. Records are frozen and forbid unknown fields.

Nodes are pydantic models. Edges, a million and more at national scale, are
pydantic *dataclasses* with slots: the same validation from the same field
declarations, at about a fifth of a model's memory (no ``__dict__`` per record)
and about a third less validation time. Read any record's fields with
:func:`record_data`, change them with :func:`with_changes`, and dump one with
:func:`dump_record`; these work on both kinds.

Every node and edge carries ``id`` (a stable slug), ``description``,
``valid_from`` / ``valid_to`` (open when empty), ``source`` (the document and
section, or file and row, the fact came from), ``generated`` (true when the
project made the record up to stand in for something a document only counts) and
``assumed`` (true when the record is the project's own reading, such as a mapping of
outcomes onto priorities, rather than something a document states).

Examples
--------
>>> svc = parse_node({"id": "howe-hill", "type": "Service", "name": "Howe Hill", "tier": 3})
>>> svc.tier, svc.status.value
(3, 'active')
>>> parse_edge({"type": "CHAIRS", "from": "dcs", "to": "icg"}).id
'dcs--chairs--icg'
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import StrEnum
from itertools import repeat
from operator import attrgetter
from typing import Annotated, Any, Literal, TypeAlias, TypeVar, cast, dataclass_transform

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from .errors import shown_value
from .schema import EdgeType, NodeType

__all__ = [
    "BodyBase",
    "BudgetKind",
    "CommissioningLevel",
    "CommissioningScale",
    "Direction",
    "EDGE_ADAPTER",
    "EDGE_MODELS",
    "Edge",
    "EdgeBase",
    "NODE_ADAPTER",
    "NODE_MODELS",
    "Node",
    "NodeBase",
    "Observation",
    "Coverage",
    "PartnershipInfo",
    "Sector",
    "Service",
    "ServiceStatus",
    "Strength",
    "default_edge_id",
    "parse_edge",
    "parse_node",
    "read_amount",
    "record_data",
    "record_field_infos",
    "record_field_names",
    "validate_record",
    "with_changes",
]

#: Ids are lower-case slugs: letters, digits, and ``-``, ``_``, ``.`` or ``:`` between them.
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_.:]+[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1)]

#: An amount as people write it: ``50000``, ``50,000``, ``£50,000.50``, ``GBP 1,200``, ``£1.2m``, ``£600k``.
#: Thousands commas must sit every three digits; ``k`` is thousands, ``m`` millions, ``bn`` billions.
_AMOUNT = re.compile(
    r"(?P<minus>-)?\s*(?:£|GBP\s*)?(?P<minus2>-)?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"\s*(?P<scale>k|m|bn)?",
    re.IGNORECASE,
)
_SCALES = {None: 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
#: What a problem with an amount tells the user to write.
AMOUNT_HINT = "write a number such as 50000 (a leading £ and thousands commas are accepted)"
AMOUNT_ALLOWED = "an amount in pounds: 50000, 50,000, £50,000.50, GBP 50000, £1.2m or £600k"


def read_amount(value: Any) -> Any:
    """An amount of money as a number, from a number or from text as people write it.

    Numbers pass straight through (the fast JSON path pays one call and nothing more);
    text such as ``£50,000`` becomes ``50000.0``. Text that is not an amount fails with a
    message saying what to write; other values go on to the number check unchanged.

    >>> read_amount(1200), read_amount("£50,000"), read_amount("GBP 1,200.50"), read_amount("£1.2m")
    (1200, 50000.0, 1200.5, 1200000.0)
    >>> read_amount("50,00")
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.PydanticCustomError: '50,00' is not an amount; write a number such as 50000 (a leading £ and thousands commas are accepted)
    """
    kind = type(value)
    if kind is float or kind is int:
        return value
    if kind is str:
        text = value.strip()
        found = _AMOUNT.fullmatch(text)
        if found and not (found["minus"] and found["minus2"]):
            number = float(Decimal(found["number"].replace(",", "")) * _SCALES[(found["scale"] or "").lower() or None])
            return -number if found["minus"] or found["minus2"] else number
        try:
            float(text)  # what float() reads (1e6, 1_000, inf) goes on to the number check, as before
        except ValueError:
            pass
        else:
            return value
    elif not isinstance(value, (dt.date, list, dict, set, frozenset, tuple)):
        return value  # e.g. true or b"5": the number check judges it, as before
    raise PydanticCustomError("amount_parsing", "{shown} is not an amount; " + AMOUNT_HINT,
                              {"shown": shown_value(value)})


Money = Annotated[float, Field(ge=0, allow_inf_nan=False), BeforeValidator(read_amount)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True,
                              use_enum_values=False)


# --- enumerations -----------------------------------------------------------------


class Sector(StrEnum):
    """The sector a partner belongs to (used for brokerage between communities)."""

    HEALTH = "health"
    EDUCATION = "education"
    LOCAL_AUTHORITY = "local-authority"
    POLICE = "police"
    VOLUNTARY_COMMUNITY = "voluntary-community"
    PRIVATE_INDEPENDENT = "private-independent"
    FAITH = "faith"
    CENTRAL_GOVERNMENT = "central-government"
    FIRE_RESCUE = "fire-rescue"
    JUSTICE = "justice"
    OTHER = "other"


class ServiceStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    DECOMMISSIONED = "decommissioned"


class CommissioningLevel(StrEnum):
    """York's commissioning levels (seed 000): city-wide, a group or area, one child."""

    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    INDIVIDUAL = "individual"


class CommissioningScale(StrEnum):
    """Staffordshire's commissioning scales (seed 003): county, district, sub-district."""

    MACRO = "macro"
    DISTRICT = "district"
    MICRO = "micro"


class BudgetKind(StrEnum):
    POOLED = "pooled"
    ALIGNED = "aligned"
    SINGLE_AGENCY = "single-agency"
    GRANT = "grant"
    PERSONAL = "personal"


class Direction(StrEnum):
    """Which way an indicator improves."""

    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


class Strength(StrEnum):
    """How strongly a service serves an outcome, or an outcome depends on another."""

    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"


class MemberRole(StrEnum):
    MEMBER = "member"
    CHAIR = "chair"
    VICE_CHAIR = "vice-chair"
    SECRETARIAT = "secretariat"
    INVITED = "invited"
    OBSERVER = "observer"


class SupportRole(StrEnum):
    SUPPORT = "support"
    SECRETARIAT = "secretariat"


class DecisionKind(StrEnum):
    COMMISSION = "commission"
    DECOMMISSION = "decommission"
    REMODEL = "remodel"
    POOL = "pool"
    ALIGN = "align"
    REROUTE = "re-route"
    OTHER = "other"


# --- shared parts -------------------------------------------------------------------


class _Validity:
    """What nodes and edges share about time: the order of their dates and :meth:`valid_on`."""

    __slots__ = ()
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        """Whether this record was in force on ``day`` (empty dates are open)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


def _after_valid_from(valid_to: dt.date | None, info: ValidationInfo) -> dt.date | None:
    """``valid_to`` on or after ``valid_from``: checked only where ``valid_to`` is given (few records)."""
    valid_from = info.data.get("valid_from")
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        raise PydanticCustomError("date_order", "valid_to {valid_to} is before valid_from {valid_from}",
                                  {"valid_to": valid_to.isoformat(), "valid_from": valid_from.isoformat()})
    return valid_to


#: The last day a record is in force (declared after ``valid_from``, which it is checked against).
ValidTo = Annotated[dt.date | None, AfterValidator(_after_valid_from)]


class _Dated(_Validity, _Frozen):
    description: str | None = None
    valid_from: dt.date | None = None
    valid_to: ValidTo = None
    source: str | None = None
    generated: bool = False
    assumed: bool = False


class Coverage(_Frozen):
    """How much of the partnership its data records, as the partnership's file declares it.

    Answers state it, so that what the data does not record is never read as absent
    from the world (no recorded service for a cohort is not "no provision").
    """

    services: Literal["complete", "examples"] | None = Field(
        None, description="'complete' when every service is recorded; 'examples' when the documents name "
                          "services as examples, not the whole provision.")
    money: Literal["complete", "partial", "none"] | None = Field(
        None, description="'complete' when every budget and flow is recorded with its amount; 'partial' when "
                          "some are; 'none' when the documents give no amounts.")
    note: str | None = Field(None, description="What else a reader must know about what the data leaves out.")


class PartnershipInfo(_Frozen):
    """What a partnership file is about: its id, name, sources, and the period its data describes.

    ``period_start`` / ``period_end`` declare the dates the documents behind the data speak
    for (York's describe April 2013 to March 2016). Answers with no date of their own are for
    today, or for the end of that period once today is past it (its start before it begins),
    and a record with no ``valid_from`` is taken to hold from the period's start, not before
    (see :class:`graph_model.Partnership`). Either may be left empty (open).
    """

    id: Slug
    name: Text
    description: str | None = None
    area: str | None = None
    period_start: dt.date | None = Field(None, description="First day of the period the data describes.")
    period_end: dt.date | None = Field(None, description="Last day of the period the data describes.")
    sources: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    coverage: Coverage = Field(default_factory=Coverage, description="How much of the partnership the data records.")
    documents_date: dt.date | None = Field(
        None, description="When the documents most of the data comes from were written: an answer for a date long "
                          "after it warns that it assumes what they describe still held.")
    assumed_fields: dict[str, str] = Field(
        default_factory=dict,
        description="Fields that are the project's reading on every record of a type, not the documents' (York's "
                    "service tiers): 'Type.field' to what was read and from where. Answers that rest on one say so, "
                    "and --stated-only leaves the field empty.")

    @model_validator(mode="after")
    def _period_in_order(self) -> PartnershipInfo:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise PydanticCustomError("period_order", "period_end {end} is before period_start {start}",
                                      {"end": self.period_end.isoformat(), "start": self.period_start.isoformat()})
        return self

    @field_validator("assumed_fields")
    @classmethod
    def _fields_exist(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            kind, _, name = key.rpartition(".")
            model = next((m for t, m in NODE_MODELS.items() if t.value == kind), None)
            if model is None and re.fullmatch(SLUG_PATTERN, kind) and name:  # one record's field: 'node-id.field'
                fields = [m.model_fields.get(name) for m in NODE_MODELS.values()]
            else:
                fields = [model.model_fields.get(name) if model is not None else None]
            if not any(f is not None and not f.is_required() and f.default is None for f in fields):
                known = ", ".join(sorted(t.value for t in NODE_MODELS))
                raise PydanticCustomError(
                    "assumed_field", "'{key}' is not an optional field of a node type or of a node: write "
                    "'Type.field' (every record of the type) or 'node-id.field' (one record) with a field that may "
                    "be left empty (types: {known})", {"key": key, "known": known})
        return value

    def assumed_field_keys(self, node: NodeBase) -> list[str]:
        """The keys of :attr:`assumed_fields` that name a field of ``node``: its type's and its own."""
        return [k for k in self.assumed_fields if k.rpartition(".")[0] in (node.type.value, node.id)]


class Observation(_Frozen):
    """One observed value of an indicator: a date, or a period label, or both."""

    value: float = Field(allow_inf_nan=False)
    date: dt.date | None = None
    period: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _when(self) -> Observation:
        if self.date is None and not self.period:
            raise PydanticCustomError("observation_when", "an observation needs a date or a period label")
        return self


# --- nodes ---------------------------------------------------------------------------


class NodeBase(_Dated):
    """Fields every node has."""

    id: Slug
    type: NodeType
    name: Text


class Partner(NodeBase):
    type: Literal[NodeType.PARTNER] = NodeType.PARTNER
    sector: Sector | None = None
    community: str | None = Field(None, description="The partner community it belongs to, e.g. 'Health Community'.")
    identifiers: list[str] = Field(default_factory=list, description="org-id identifiers, e.g. GB-CHC-1234567.")
    collective: bool | None = Field(None, description="True when the entry stands for many organisations taken "
                                                     "together (schools and school clusters, the voluntary sector): "
                                                     "not one provider, so two services it delivers may come from "
                                                     "different organisations.")


class BodyBase(NodeBase):
    """Fields shared by boards and sub-groups."""

    statutory: bool | None = None
    public: bool | None = None
    independent: bool | None = Field(None, description="True when the body stands on its own by design (an "
                                                       "independent safeguarding board, a council's own committee): "
                                                       "no formal parent in the partnership is expected of it.")
    meeting_frequency: str | None = None
    remit: str | None = None
    terms_of_reference: str | None = Field(None, description="Where the terms of reference are, or a summary.")
    commissioning_scale: CommissioningScale | None = None


class Board(BodyBase):
    type: Literal[NodeType.BOARD] = NodeType.BOARD


class SubGroup(BodyBase):
    type: Literal[NodeType.SUBGROUP] = NodeType.SUBGROUP
    kind: Literal["sub-group", "forum", "panel", "network", "partnership", "delivery-partnership"] | None = None
    standing: bool | None = Field(None, description="True for standing, false for time-limited.")


class Unit(NodeBase):
    type: Literal[NodeType.UNIT] = NodeType.UNIT
    functions: list[str] = Field(default_factory=list)


class Post(NodeBase):
    type: Literal[NodeType.POST] = NodeType.POST


class Plan(NodeBase):
    type: Literal[NodeType.PLAN] = NodeType.PLAN
    period: str | None = None
    statutory: bool | None = None


class Priority(NodeBase):
    type: Literal[NodeType.PRIORITY] = NodeType.PRIORITY
    rank: int | None = Field(None, ge=1)


class Outcome(NodeBase):
    type: Literal[NodeType.OUTCOME] = NodeType.OUTCOME
    framework: str | None = Field(None, description="E.g. 'ECM' for the Every Child Matters outcomes.")


class Indicator(NodeBase):
    type: Literal[NodeType.INDICATOR] = NodeType.INDICATOR
    unit: str | None = None
    direction: Direction | None = None
    baseline: float | None = Field(None, allow_inf_nan=False)
    target: float | None = Field(None, allow_inf_nan=False)
    observations: list[Observation] = Field(default_factory=list)


class Service(NodeBase):
    type: Literal[NodeType.SERVICE] = NodeType.SERVICE
    status: ServiceStatus = ServiceStatus.ACTIVE
    commissioning_level: CommissioningLevel | None = None
    tier: int | None = Field(None, ge=1, le=4)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    annual_cost: Money | None = None
    statutory: bool | None = Field(None, description="True when the service meets a duty in law (the two-year-old "
                                                     "entitlement): stopping it is not a local choice.")

    def status_on(self, day: dt.date) -> ServiceStatus:
        """The service's status on ``day``, read from its dates where it has them.

        It has started once ``start_date`` has passed (without one: unless it is planned).
        It has ended once ``end_date`` has passed; without one, a decommissioned service
        ended after ``valid_to`` (or, with neither, is taken as ended on any day).

        >>> two = Service(id="two", name="Two-year-old places", status="planned", start_date="2013-09-01")
        >>> two.status_on(dt.date(2013, 8, 31)).value, two.status_on(dt.date(2013, 9, 1)).value
        ('planned', 'active')
        >>> old = Service(id="old", name="Old", status="decommissioned", valid_to="2012-07-03")
        >>> old.status_on(dt.date(2010, 1, 1)).value, old.status_on(dt.date(2013, 1, 1)).value
        ('active', 'decommissioned')
        """
        started = self.start_date <= day if self.start_date else self.status is not ServiceStatus.PLANNED
        if self.end_date:
            ended = day > self.end_date
        elif self.status is ServiceStatus.DECOMMISSIONED:
            ended = day > self.valid_to if self.valid_to else True
        else:
            ended = False
        if not started:
            return ServiceStatus.PLANNED
        return ServiceStatus.DECOMMISSIONED if ended else ServiceStatus.ACTIVE

    def status_kept(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day (``None`` where open) on which :meth:`status_on` gives the
        recorded ``status``; outside them the dates make it another.

        >>> two = Service(id="two", name="Two-year-old places", status="planned", start_date="2013-09-01")
        >>> two.status_kept()
        (None, datetime.date(2013, 8, 31))
        >>> Service(id="s", name="S", start_date="2020-04-01", end_date="2022-03-31").status_kept()
        (datetime.date(2020, 4, 1), datetime.date(2022, 3, 31))
        """
        day = dt.timedelta(days=1)
        if self.status is ServiceStatus.PLANNED:  # planned until it starts
            return None, (self.start_date - day if self.start_date else None)
        if self.status is ServiceStatus.ACTIVE:  # from its start to its end
            return self.start_date, self.end_date
        ended = self.end_date or self.valid_to  # decommissioned once started and ended
        first = ended + day if ended else None
        if self.start_date and (first is None or self.start_date > first):
            first = self.start_date
        return first, None


class Budget(NodeBase):
    type: Literal[NodeType.BUDGET] = NodeType.BUDGET
    kind: BudgetKind | None = None
    amount: Money | None = None
    currency: Literal["GBP"] = "GBP"
    period: str | None = None
    legal_basis: str | None = None


class Cohort(NodeBase):
    type: Literal[NodeType.COHORT] = NodeType.COHORT
    age_min: int | None = Field(None, ge=0, le=30)
    age_max: int | None = Field(None, ge=0, le=30)


class Locality(NodeBase):
    type: Literal[NodeType.LOCALITY] = NodeType.LOCALITY
    level: str | None = Field(None, description="E.g. city, county, district, area, cluster, community.")


class Need(NodeBase):
    type: Literal[NodeType.NEED] = NodeType.NEED
    evidence: str | None = None


class Decision(NodeBase):
    type: Literal[NodeType.DECISION] = NodeType.DECISION
    kind: DecisionKind | None = None
    date: dt.date | None = None
    rationale: str | None = None
    evidence: str | None = None
    risk_assessment: str | None = None


Node: TypeAlias = Annotated[
    Partner | Board | SubGroup | Unit | Post | Plan | Priority | Outcome | Indicator | Service | Budget | Cohort | Locality | Need | Decision,
    Field(discriminator="type"),
]

NODE_MODELS: dict[NodeType, type[NodeBase]] = {
    NodeType.PARTNER: Partner, NodeType.BOARD: Board, NodeType.SUBGROUP: SubGroup, NodeType.UNIT: Unit,
    NodeType.POST: Post, NodeType.PLAN: Plan, NodeType.PRIORITY: Priority, NodeType.OUTCOME: Outcome,
    NodeType.INDICATOR: Indicator, NodeType.SERVICE: Service, NodeType.BUDGET: Budget,
    NodeType.COHORT: Cohort, NodeType.LOCALITY: Locality, NodeType.NEED: Need, NodeType.DECISION: Decision,
}

# --- edges ---------------------------------------------------------------------------


def default_edge_id(edge_type: str, source: str, target: str) -> str:
    """The id an edge gets when its file gives none: ``from--type--to``.

    >>> default_edge_id("ACCOUNTABLE_TO", "icg", "yorok-board")
    'icg--accountable_to--yorok-board'
    """
    return f"{source}--{str(edge_type).lower()}--{target}"


_EDGE_CONFIG = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True, use_enum_values=False)
_R = TypeVar("_R")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field, FieldInfo))
def _edge_record(cls: type[_R]) -> type[_R]:
    """An edge record class: a frozen pydantic dataclass with slots (see the module notes)."""
    return cast("type[_R]", pydantic_dataclass(frozen=True, slots=True, kw_only=True, config=_EDGE_CONFIG)(cls))


@_edge_record
class EdgeBase(_Validity):
    """Fields every edge has. ``from`` and ``to`` are node ids.

    The common fields are those of a node's (:class:`NodeBase`): ``description``,
    ``valid_from``, ``valid_to``, ``source``, ``generated``, ``assumed``; a test keeps them the same.
    """

    id: Slug  # parse_edge fills it from type, from and to when a file gives none
    type: EdgeType
    from_: Annotated[str, Field(alias="from", pattern=SLUG_PATTERN, min_length=1, max_length=200)]
    to: Slug
    description: str | None = None
    valid_from: dt.date | None = None
    valid_to: ValidTo = None
    source: str | None = None
    generated: bool = False
    assumed: bool = False


@_edge_record
class _Money(EdgeBase):
    amount: Money | None = None
    currency: Literal["GBP"] = "GBP"
    period: str | None = None


@_edge_record
class _Weighted(EdgeBase):
    strength: Strength | None = None
    evidence: str | None = None


@_edge_record
class AccountableTo(EdgeBase):
    type: Literal[EdgeType.ACCOUNTABLE_TO] = EdgeType.ACCOUNTABLE_TO


@_edge_record
class ReportsTo(EdgeBase):
    type: Literal[EdgeType.REPORTS_TO] = EdgeType.REPORTS_TO
    condition: str | None = Field(None, description="E.g. 'as necessary'.")


@_edge_record
class DelegatesTo(EdgeBase):
    type: Literal[EdgeType.DELEGATES_TO] = EdgeType.DELEGATES_TO
    powers: str | None = None
    conditional: bool | None = Field(None, description="True when the power *may* be delegated.")


@_edge_record
class Influences(EdgeBase):
    type: Literal[EdgeType.INFLUENCES] = EdgeType.INFLUENCES


@_edge_record
class MemberOf(EdgeBase):
    type: Literal[EdgeType.MEMBER_OF] = EdgeType.MEMBER_OF
    role: MemberRole = MemberRole.MEMBER
    representing: str | None = None


@_edge_record
class Chairs(EdgeBase):
    type: Literal[EdgeType.CHAIRS] = EdgeType.CHAIRS


@_edge_record
class Supports(EdgeBase):
    type: Literal[EdgeType.SUPPORTS] = EdgeType.SUPPORTS
    role: SupportRole = SupportRole.SUPPORT


@_edge_record
class PartOf(EdgeBase):
    type: Literal[EdgeType.PART_OF] = EdgeType.PART_OF


@_edge_record
class Employs(EdgeBase):
    type: Literal[EdgeType.EMPLOYS] = EdgeType.EMPLOYS


@_edge_record
class Contributes(_Money):
    type: Literal[EdgeType.CONTRIBUTES] = EdgeType.CONTRIBUTES


@_edge_record
class Funds(_Money):
    type: Literal[EdgeType.FUNDS] = EdgeType.FUNDS


@_edge_record
class Commissions(EdgeBase):
    type: Literal[EdgeType.COMMISSIONS] = EdgeType.COMMISSIONS
    lifetime_value: Money | None = Field(None, description="Contract value over its whole life, GBP.")
    tendered: bool | None = Field(None, description="Whether a tender is recorded for the contract.")
    tender_reference: str | None = None


@_edge_record
class Delivers(EdgeBase):
    type: Literal[EdgeType.DELIVERS] = EdgeType.DELIVERS


@_edge_record
class ContributesTo(_Weighted):
    type: Literal[EdgeType.CONTRIBUTES_TO] = EdgeType.CONTRIBUTES_TO


@_edge_record
class Targets(EdgeBase):
    type: Literal[EdgeType.TARGETS] = EdgeType.TARGETS


@_edge_record
class Serves(EdgeBase):
    type: Literal[EdgeType.SERVES] = EdgeType.SERVES


@_edge_record
class Covers(EdgeBase):
    type: Literal[EdgeType.COVERS] = EdgeType.COVERS


@_edge_record
class Addresses(EdgeBase):
    type: Literal[EdgeType.ADDRESSES] = EdgeType.ADDRESSES


@_edge_record
class RefersTo(EdgeBase):
    type: Literal[EdgeType.REFERS_TO] = EdgeType.REFERS_TO


@_edge_record
class DependsOn(_Weighted):
    type: Literal[EdgeType.DEPENDS_ON] = EdgeType.DEPENDS_ON
    kind: Literal["dependency", "roll-up"] = Field(
        "dependency", description="'dependency' when one outcome needs the other; 'roll-up' when the other is one "
                                  "part of a wider outcome (a concrete outcome under an ECM outcome).")


@_edge_record
class SupportsPriority(EdgeBase):
    type: Literal[EdgeType.SUPPORTS_PRIORITY] = EdgeType.SUPPORTS_PRIORITY


@_edge_record
class MeasuredBy(EdgeBase):
    type: Literal[EdgeType.MEASURED_BY] = EdgeType.MEASURED_BY


@_edge_record
class Owns(EdgeBase):
    type: Literal[EdgeType.OWNS] = EdgeType.OWNS


@_edge_record
class Monitors(EdgeBase):
    type: Literal[EdgeType.MONITORS] = EdgeType.MONITORS


@_edge_record
class Decided(EdgeBase):
    type: Literal[EdgeType.DECIDED] = EdgeType.DECIDED


@_edge_record
class Affects(EdgeBase):
    type: Literal[EdgeType.AFFECTS] = EdgeType.AFFECTS


Edge: TypeAlias = Annotated[
    AccountableTo | ReportsTo | DelegatesTo | Influences | MemberOf | Chairs | Supports | PartOf | Employs | Contributes | Funds | Commissions | Delivers | ContributesTo | Targets | Serves | Covers | Addresses | RefersTo | DependsOn | SupportsPriority | MeasuredBy | Owns | Monitors | Decided | Affects,
    Field(discriminator="type"),
]

EDGE_MODELS: dict[EdgeType, type[EdgeBase]] = {
    EdgeType.ACCOUNTABLE_TO: AccountableTo, EdgeType.REPORTS_TO: ReportsTo, EdgeType.DELEGATES_TO: DelegatesTo,
    EdgeType.INFLUENCES: Influences, EdgeType.MEMBER_OF: MemberOf, EdgeType.CHAIRS: Chairs,
    EdgeType.SUPPORTS: Supports, EdgeType.PART_OF: PartOf, EdgeType.EMPLOYS: Employs,
    EdgeType.CONTRIBUTES: Contributes, EdgeType.FUNDS: Funds, EdgeType.COMMISSIONS: Commissions,
    EdgeType.DELIVERS: Delivers, EdgeType.CONTRIBUTES_TO: ContributesTo, EdgeType.TARGETS: Targets,
    EdgeType.SERVES: Serves, EdgeType.COVERS: Covers, EdgeType.ADDRESSES: Addresses,
    EdgeType.REFERS_TO: RefersTo, EdgeType.DEPENDS_ON: DependsOn, EdgeType.SUPPORTS_PRIORITY: SupportsPriority,
    EdgeType.MEASURED_BY: MeasuredBy, EdgeType.OWNS: Owns, EdgeType.MONITORS: Monitors,
    EdgeType.DECIDED: Decided, EdgeType.AFFECTS: Affects,
}

NODE_ADAPTER: TypeAdapter[Node] = TypeAdapter(Node)
EDGE_ADAPTER: TypeAdapter[Edge] = TypeAdapter(Edge)
# The core validators, called directly: the TypeAdapter wrapper costs ~0.4 µs a record.
_validate_node = NODE_ADAPTER.validator.validate_python
_validate_edge = EDGE_ADAPTER.validator.validate_python


def parse_node(data: dict[str, Any]) -> NodeBase:
    """Validate one node record (raises :class:`pydantic.ValidationError`)."""
    return _validate_node(data)  # type: ignore[no-any-return]


def parse_edge(data: dict[str, Any]) -> EdgeBase:
    """Validate one edge record, giving it the default id when it has none (raises :class:`pydantic.ValidationError`)."""
    if not data.get("id"):
        src, dst, etype = data.get("from", data.get("from_")), data.get("to"), data.get("type")
        if isinstance(src, str) and isinstance(dst, str) and etype:
            data = {**data, "id": default_edge_id(str(etype), src, dst)}
    return _validate_edge(data)  # type: ignore[no-any-return]


def record_data(record: Any, *, exclude: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """A record's field values by field name (Python values, ``from_`` not ``from``), nodes and edges alike.

    The one way to read every field of a record without knowing how records are held
    (node models and edge records are built differently, see :class:`EdgeBase`).

    >>> record_data(parse_node({"id": "b", "type": "Board", "name": "B"}), exclude={"description", "source"})["name"]
    'B'
    """
    return {name: getattr(record, name) for name in record_field_names(type(record)) if name not in exclude}


def record_field_infos(model: type[Any]) -> dict[str, FieldInfo]:
    """A record model's fields (Python names, ``from_`` not ``from``), node models and edge records alike."""
    fields: dict[str, FieldInfo] | None = getattr(model, "__pydantic_fields__", None)
    return dict(fields) if fields is not None else dict(model.model_fields)


def record_field_names(model: type[Any]) -> list[str]:
    """A record model's field names as Python spells them (``from_``, not ``from``)."""
    return list(record_field_infos(model))


def record_fields(model: type[Any]) -> list[str]:
    """The field names of a record model as they appear in files (``from``, not ``from_``)."""
    return [f.alias or name for name, f in record_field_infos(model).items()]


def validate_record(model: type[_R], data: dict[str, Any]) -> _R:
    """Validate ``data`` as one record of ``model`` (a node model or an edge record class).

    >>> validate_record(EDGE_MODELS[EdgeType.FUNDS], {"id": "f", "type": "FUNDS", "from": "b", "to": "s",
    ...                                               "amount": "£1.2m"}).amount
    1200000.0
    """
    return cast("_R", _adapter(model).validate_python(data))


def with_changes(record: _R, **changes: Any) -> _R:
    """A copy of ``record`` with some fields changed, validated again (nodes and edges alike).

    >>> with_changes(parse_edge({"type": "CHAIRS", "from": "dcs", "to": "icg"}), to="board").to
    'board'
    """
    data = record_data(record)
    data.update(changes)
    return cast("_R", _adapter(type(record)).validate_python(data))


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(model: type[Any]) -> TypeAdapter[Any]:
    found = _ADAPTERS.get(model)
    if found is None:
        found = _ADAPTERS[model] = TypeAdapter(model)
    return found


def dump_record(record: BaseModel | EdgeBase, *, drop_defaults: bool = False) -> dict[str, Any]:
    """A record as plain JSON-ready data: ``id`` and ``type`` first, empty fields (and ``assumed`` when
    false) left out."""
    data = _adapter(type(record)).dump_python(record, mode="json", by_alias=True, exclude_none=True,
                                              exclude_defaults=drop_defaults)
    data = {k: v for k, v in data.items() if v != [] and v != ""}
    if data.get("assumed") is False:
        del data["assumed"]
    if isinstance(record, EdgeBase):
        data["type"] = record.type.value
        data["from"] = record.from_
        data["to"] = record.to
        if drop_defaults and record.id == default_edge_id(record.type, record.from_, record.to):
            data.pop("id", None)
        else:
            data["id"] = record.id
    else:
        data["id"] = record.id  # type: ignore[attr-defined]
        data["type"] = record.type.value  # type: ignore[attr-defined]
        data["name"] = record.name  # type: ignore[attr-defined]
    head = [k for k in ("id", "type", "name", "from", "to") if k in data]
    return {**{k: data[k] for k in head}, **{k: v for k, v in data.items() if k not in head}}


# --- records kept and restored without validation ----------------------------------------
#
# What a cache of an already-validated partnership needs: its records as plain rows, and the
# records back from those rows at a fraction of the cost of validating them again (at national
# scale, about a second instead of eight). Rows are trusted: they must come from records.

_NODE_CLASSES: tuple[type[NodeBase], ...] = tuple(NODE_MODELS.values())
_EDGE_CLASSES: tuple[type[EdgeBase], ...] = tuple(EDGE_MODELS.values())
_EDGE_INDEX = {cls: i for i, cls in enumerate(_EDGE_CLASSES)}
_NODE_INDEX = {cls: i for i, cls in enumerate(_NODE_CLASSES)}
_EDGE_TYPES: tuple[EdgeType, ...] = tuple(EDGE_MODELS)


def records_to_rows(nodes: list[NodeBase], edges: list[EdgeBase]) -> tuple[Any, ...]:
    """Nodes and edges as plain data (picklable, compact) for :func:`records_from_rows`.

    Nodes are kept as rows; edges, by class, as one column per field, a field that holds one value
    throughout (a type, ``generated``, dates no record has) as that value alone. A string of class
    numbers keeps the input order.
    """
    node_kinds = bytes(map(_NODE_INDEX.__getitem__, map(type, nodes)))
    node_rows: list[list[Any]] = [[] for _ in _NODE_CLASSES]
    for kind, n in zip(node_kinds, nodes, strict=True):
        node_rows[kind].append((n.__dict__, n.__pydantic_fields_set__))
    edge_kinds = bytes(map(_EDGE_INDEX.__getitem__, map(type, edges)))
    by_class: list[list[EdgeBase]] = [[] for _ in _EDGE_CLASSES]
    for kind, e in zip(edge_kinds, edges, strict=True):
        by_class[kind].append(e)
    edge_columns = [[_column(found, name) for name in cls.__dataclass_fields__] if found else []
                    for cls, found in zip(_EDGE_CLASSES, by_class, strict=True)]
    return _ROWS_FORMAT, node_kinds, node_rows, edge_kinds, [len(found) for found in by_class], edge_columns


def _column(records: list[EdgeBase], name: str) -> tuple[bool, Any]:
    """(True, the one value) when every record holds the same value of ``name``, else (False, the values)."""
    values = list(map(attrgetter(name), records))
    first = values[0]
    if values.count(first) == len(values):
        return True, first
    return False, values


def records_from_rows(rows: tuple[Any, ...]) -> tuple[list[NodeBase], list[EdgeBase], dict[EdgeType, list[EdgeBase]]]:
    """The records :func:`records_to_rows` made the rows from, without validating them again: the
    nodes and the edges in input order, and the edges of each type.

    >>> n = parse_node({"id": "b", "type": "Board", "name": "B"})
    >>> e = parse_edge({"type": "FUNDS", "from": "b", "to": "s", "amount": 5, "valid_from": "2014-04-01"})
    >>> f = parse_edge({"type": "FUNDS", "from": "b", "to": "t", "amount": 6})
    >>> records_from_rows(records_to_rows([n], [e, f])) == ([n], [e, f], {EdgeType.FUNDS: [e, f]})
    True
    """
    version, node_kinds, node_rows, edge_kinds, counts, edge_columns = rows
    if version != _ROWS_FORMAT:
        raise ValueError("rows made from records of another version of the schema")
    made = [iter(list(map(_node_maker(cls), found))) for cls, found in zip(_NODE_CLASSES, node_rows, strict=True)]
    nodes: list[NodeBase] = list(map(next, map(made.__getitem__, node_kinds)))
    groups = [list(map(_edge_maker(cls), *(repeat(value, count) if same else value for same, value in columns)))
              if columns else [] for cls, count, columns in zip(_EDGE_CLASSES, counts, edge_columns, strict=True)]
    edges: list[EdgeBase] = list(map(next, map([iter(g) for g in groups].__getitem__, edge_kinds)))
    return nodes, edges, {_EDGE_TYPES[i]: g for i, g in enumerate(groups) if g}


#: Changes whenever a record class's fields change, so rows of other records are never read as these.
_ROWS_FORMAT = (2, tuple((cls.__name__, tuple(record_field_names(cls))) for cls in (*_NODE_CLASSES, *_EDGE_CLASSES)))


def _node_maker(cls: type[NodeBase]) -> Any:
    new, put = object.__new__, object.__setattr__

    def make(row: tuple[dict[str, Any], set[str]]) -> NodeBase:
        record = new(cls)
        put(record, "__dict__", row[0])
        put(record, "__pydantic_fields_set__", row[1])
        put(record, "__pydantic_extra__", None)
        put(record, "__pydantic_private__", None)
        return record

    return make


def _edge_maker(cls: type[EdgeBase]) -> Any:
    """Rebuild an edge record from its row: slots are filled through a subclass that may set them
    (the record classes are frozen), then the record takes its own class (same layout, no slots added)."""
    twin = type(f"_Filling{cls.__name__}", (cls,), {"__slots__": (), "__setattr__": object.__setattr__,
                                                   "__delattr__": object.__delattr__})
    names = list(cls.__dataclass_fields__)
    source = (f"def make({', '.join(names)}):\n    r = new(twin)\n"
              + "".join(f"    r.{n} = {n}\n" for n in names) + "    r.__class__ = cls\n    return r\n")
    scope: dict[str, Any] = {"new": object.__new__, "twin": twin, "cls": cls}
    exec(source, scope)  # noqa: S102 - code made here from the class's own field names
    return scope["make"]

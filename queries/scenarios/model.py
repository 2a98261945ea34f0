"""What a scenario file says: one pydantic model per kind of change, a discriminated union on ``change``.

A scenario is a small YAML file a person writes and keeps in git::

    scenario:
      name: Stop FIRST
      as_of: 2015-06-30          # the day both sides are compared on (optional)
    changes:
      - change: decommission
        services: [first]
        from: 2015-04-01

Each change names the nodes it touches by id or exact name (resolved against the
partnership by :meth:`graph_model.Partnership.resolve`). Amounts are written as the
loaders read them (``50000``, ``£1.2m``, ``£600k``).

>>> ScenarioFile.model_validate({"scenario": {"name": "S"}, "changes": [
...     {"change": "assume", "node": "pool", "amount": "£1.2m"}]}).changes[0].amount
1200000.0
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from graph_model.models import BudgetKind, MemberRole, Money, Slug

__all__ = [
    "CHANGE_MODELS",
    "Assume",
    "Change",
    "ChangeBase",
    "Commission",
    "Contribution",
    "Decommission",
    "Join",
    "Leave",
    "Merge",
    "Move",
    "Pool",
    "Reroute",
    "ScenarioFile",
    "ScenarioInfo",
]

Ref = Annotated[str, Field(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ScenarioInfo(_Frozen):
    """The ``scenario`` block: what the scenario is called and the day it is compared on."""

    name: Annotated[str, Field(min_length=1)]
    description: str | None = None
    as_of: dt.date | None = Field(None, description="The day before and after are compared on; by default the "
                                                    "partnership's default day.")


class ChangeBase(_Frozen):
    """What every change may say: a note, and the day it takes effect (``from``)."""

    description: str | None = None
    from_: dt.date | None = Field(None, alias="from", description="The day the change takes effect.")


class Decommission(ChangeBase):
    """Stop one or more services from a day (``from`` is required)."""

    change: Literal["decommission"]
    services: Annotated[list[Ref], Field(min_length=1)]
    from_: dt.date = Field(alias="from", description="The first day the services no longer run.")


class Commission(ChangeBase):
    """Commission a new service, with what it is for, for whom, where, who commissions and provides it, and its money."""

    change: Literal["commission"]
    id: Slug
    name: Annotated[str, Field(min_length=1)]
    tier: int | None = Field(None, ge=1, le=4)
    outcomes: list[Ref] = Field(default_factory=list)
    cohorts: list[Ref] = Field(default_factory=list)
    localities: list[Ref] = Field(default_factory=list)
    commissioner: Ref | None = None
    provider: Ref | None = None
    budget: Ref | None = Field(None, description="The budget that pays for it (a FUNDS flow of ``amount``).")
    amount: Money | None = Field(None, description="Annual amount paid from ``budget``.")
    contract_value: Money | None = Field(None, description="The contract's lifetime value (on COMMISSIONS).")


class Reroute(ChangeBase):
    """Move an annual amount from one budget or service to another."""

    change: Literal["reroute"]
    amount: Money
    out_of: Ref = Field(description="The budget or service the money leaves.")
    into: Ref = Field(description="The budget or service the money goes to.")
    budget: Ref | None = Field(None, description="When the money leaves a service paid by several budgets: which one.")


class Contribution(_Frozen):
    """A partner's money into a pooled or aligned budget."""

    partner: Ref
    amount: Money | None = None
    period: str | None = None


class Pool(ChangeBase):
    """Pool or align a budget: change its kind, add partners' contributions."""

    change: Literal["pool"]
    budget: Ref
    kind: Literal[BudgetKind.POOLED, BudgetKind.ALIGNED] = BudgetKind.POOLED
    legal_basis: str | None = None
    contributions: list[Contribution] = Field(default_factory=list)


class Assume(ChangeBase):
    """State an annual amount the data lacks, for a budget or a service; marked as an assumption wherever used."""

    change: Literal["assume"]
    node: Ref
    amount: Money
    period: str | None = None


class Move(ChangeBase):
    """Move a body under another parent (its formal line, or its reporting line)."""

    change: Literal["move"]
    body: Ref
    to: Ref
    link: Literal["ACCOUNTABLE_TO", "REPORTS_TO"] = "ACCOUNTABLE_TO"


class Merge(ChangeBase):
    """Merge one body into another: its links pass to the one kept, and it goes."""

    change: Literal["merge"]
    body: Ref
    into: Ref


class Join(ChangeBase):
    """Add a membership: a partner or post joins a body."""

    change: Literal["join"]
    member: Ref
    body: Ref
    role: MemberRole = MemberRole.MEMBER


class Leave(ChangeBase):
    """Remove a membership: a partner or post leaves a body."""

    change: Literal["leave"]
    member: Ref
    body: Ref


Change: TypeAlias = Annotated[Decommission | Commission | Reroute | Pool | Assume | Move | Merge | Join | Leave,
                              Field(discriminator="change")]

#: Each kind of change by the word that names it in a file.
CHANGE_MODELS: dict[str, type[ChangeBase]] = {
    "decommission": Decommission, "commission": Commission, "reroute": Reroute, "pool": Pool, "assume": Assume,
    "move": Move, "merge": Merge, "join": Join, "leave": Leave,
}


class ScenarioFile(_Frozen):
    """A whole scenario file: its ``scenario`` block and its list of ``changes``."""

    scenario: ScenarioInfo
    changes: Annotated[list[Change], Field(min_length=1)]

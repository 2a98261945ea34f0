"""The money model every query that counts money shares: what an amount is, and how amounts add up.

**Two kinds of money, never added together.** Every amount has a *basis*
(:class:`Basis`):

* ``annual`` - a budget, a partner's contribution (CONTRIBUTES), a budget's
  payment to a service (FUNDS), a service's ``annual_cost``: money for one year,
  with the period label the record gives (``"2014/15"``) when it gives one.
* ``lifetime`` - a contract's value over its whole life (the ``lifetime_value``
  of a COMMISSIONS edge), with the contract's first and last days (the edge's
  ``valid_from`` and ``valid_to``) when they are recorded.

Each basis has its own total and its own ledger, so the two cannot be added by
mistake: a :class:`MoneyTotal` (kept by a :class:`Ledger`) holds annual amounts,
a :class:`ContractTotal` (kept by a :class:`ContractLedger`) holds contract
values, and each says in its :meth:`text` what it is. A per-year figure for a
contract is *derived* - the value spread evenly over the contract's dates - and
is given only where every contract in a total shares one start and one end, and
always labelled so ("£800,000 over the contract's life, 1 April 2020 to 31 March
2022 (about £400,000 a year if spread evenly over its 2 years)"). It is never
added to annual money.

**Unknown is not zero.** An amount that is not recorded counts as unknown: a
total holds the sum of the known amounts *and* how many had no amount, and its
``amount`` is ``None`` as soon as one is unknown.

Examples
--------
>>> led = Ledger()
>>> led.add("pool", 600); led.add("pool", None)
>>> led.total("pool").amount, led.total("pool").text()
(None, '£600 known + 1 flow with no amount')
>>> contracts = ContractLedger()
>>> contracts.add_contract("council", 800_000, dt.date(2020, 4, 1), dt.date(2022, 3, 31))
>>> contracts.total("council").text()
"£800,000 over the contract's life, 1 April 2020 to 31 March 2022 (about £400,000 a year if spread evenly over its 2 years)"
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from functools import reduce
from itertools import compress, count, repeat
from operator import add, attrgetter
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from graph_model import EdgeType, NodeType, Partnership

from .common import and_list, format_money, kept, plural

__all__ = ["ANNUAL_LABEL", "LIFETIME_LABEL", "Amount", "Basis", "ContractLedger", "ContractTotal", "Key", "Ledger",
           "MoneyEdges", "MoneyTotal", "ServiceMoney", "contract_amount", "contract_years", "long_date", "money_edges",
           "periods_note", "service_money", "unrecorded_pools"]

#: A ledger key: a node id, a tier, a budget kind, or None for "not recorded".
Key = str | None

#: How answers name each basis.
ANNUAL_LABEL = "annual budget amounts"
LIFETIME_LABEL = "lifetime contract value"


class Basis(StrEnum):
    """What an amount of money covers: one year, or a contract's whole life."""

    ANNUAL = "annual"
    LIFETIME = "lifetime"


def long_date(day: dt.date) -> str:
    """A date as people write it.

    >>> long_date(dt.date(2020, 4, 1))
    '1 April 2020'
    """
    return f"{day.day} {day:%B %Y}"


def contract_years(start: dt.date | None, end: dt.date | None) -> float | None:
    """A contract's length in years, its first and last days included; None without both dates.

    Whole months count as twelfths of a year; otherwise days over 365.25.

    >>> contract_years(dt.date(2020, 4, 1), dt.date(2022, 3, 31))
    2.0
    >>> contract_years(dt.date(2020, 4, 1), None) is None
    True
    """
    if start is None or end is None:
        return None
    after = end + dt.timedelta(days=1)
    if after.day == start.day:
        return ((after.year - start.year) * 12 + after.month - start.month) / 12
    return (after - start).days / 365.25


def _about(amount: float) -> str:
    """A derived amount to three significant figures: it is an estimate, so it is not shown to the pound.

    >>> _about(399_863.0), _about(52.4)
    ('£400,000', '£52')
    """
    if amount <= 0:
        return format_money(amount)
    return format_money(round(amount, min(2 - math.floor(math.log10(amount)), 0)))


def _years_text(years: float) -> str:
    whole = round(years)
    return plural(whole, "year") if abs(years - whole) < 0.01 else f"{years:.1f} years"


def _per_year(value: float | None, start: dt.date | None, end: dt.date | None) -> float | None:
    years = contract_years(start, end)
    return value / years if value is not None and years else None


# -- one amount ------------------------------------------------------------------------------------


class Amount(BaseModel):
    """One amount of money with its basis: a year's budget or flow, or a contract's lifetime value.

    >>> Amount.annual(25_000, "2014/15").text()
    '£25,000 a year (2014/15)'
    >>> Amount.lifetime(None, None, None).text()
    'contract value not recorded'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    basis: Basis
    amount: float | None = Field(description="Pounds; None when not recorded (unknown, never zero).")
    period: str | None = Field(None, description="Annual: the period label the record gives, e.g. '2014/15'.")
    start: dt.date | None = Field(None, description="Lifetime: the contract's first day, when recorded.")
    end: dt.date | None = Field(None, description="Lifetime: the contract's last day, when recorded.")
    derived_per_year: float | None = Field(None, description="Lifetime: the value spread evenly over the "
                                                             "contract's dates - derived, not recorded.")

    @classmethod
    def annual(cls, amount: float | None, period: str | None = None) -> Amount:
        return cls(basis=Basis.ANNUAL, amount=amount, period=period)

    @classmethod
    def lifetime(cls, amount: float | None, start: dt.date | None, end: dt.date | None) -> Amount:
        return cls(basis=Basis.LIFETIME, amount=amount, start=start, end=end,
                   derived_per_year=_per_year(amount, start, end))

    def text(self) -> str:
        """The amount in words, with what it covers."""
        if self.basis is Basis.ANNUAL:
            if self.amount is None:
                return "unknown (no amount recorded)"
            return f"{format_money(self.amount)} a year" + (f" ({self.period})" if self.period else "")
        if self.amount is None:
            return "contract value not recorded"
        led = ContractLedger()
        led.add_contract(None, self.amount, self.start, self.end)
        return led.total(None).text()


def contract_amount(edge: Any) -> Amount:
    """The lifetime value of a COMMISSIONS edge, with the contract's dates (the edge's ``valid_from``/``valid_to``)."""
    return Amount.lifetime(edge.lifetime_value, edge.valid_from, edge.valid_to)


# -- totals ----------------------------------------------------------------------------------------


class MoneyTotal(BaseModel):
    """A sum of annual amounts (budgets, contributions, FUNDS flows) that keeps unknown amounts apart.

    ``amount`` is the total when every amount is known, otherwise ``None``;
    ``known`` sums the known amounts; ``unknown`` counts the others; ``flows``
    counts everything added.

    >>> MoneyTotal(known=500.0, unknown=1, flows=2).text()
    '£500 known + 1 flow with no amount'
    >>> MoneyTotal(known=0.0, unknown=2, flows=2).text()
    'unknown (2 flows with no amount)'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    basis: Literal[Basis.ANNUAL] = Field(Basis.ANNUAL, description="Annual amounts only; contract values are a "
                                                                   "ContractTotal, never added to these.")
    amount: float | None = Field(0.0, description="The total, or None when any amount is unknown.")
    known: float = Field(0.0, description="Sum of the known amounts.")
    unknown: int = Field(0, description="Number of amounts not recorded.")
    flows: int = Field(0, description="Number of amounts counted.")

    def text(self) -> str:
        """The total in words: an amount, 'unknown', or both parts."""
        if self.flows == 0:
            return "none recorded"
        if self.unknown == 0:
            return format_money(self.known)
        noun = f"{self.unknown:,} flow{'' if self.unknown == 1 else 's'}"
        if self.unknown == self.flows:
            return f"unknown ({noun} with no amount)"
        return f"{format_money(self.known)} known + {noun} with no amount"


class ContractTotal(BaseModel):
    """A sum of contracts' lifetime values, with the span of their dates; never added to annual money.

    >>> ContractTotal(amount=None, unknown=2, contracts=2).text()
    'unknown (2 contracts with no value recorded)'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    basis: Literal[Basis.LIFETIME] = Field(Basis.LIFETIME, description="Contract values over each contract's "
                                                                       "whole life, never added to annual money.")
    amount: float | None = Field(0.0, description="The total, or None when any contract's value is unknown.")
    known: float = Field(0.0, description="Sum of the known values.")
    unknown: int = Field(0, description="Contracts with no value recorded.")
    contracts: int = Field(0, description="Contracts counted.")
    start: dt.date | None = Field(None, description="The earliest first day among the contracts counted.")
    end: dt.date | None = Field(None, description="The latest last day among the contracts counted.")
    undated: int = Field(0, description="Contracts with a value but no recorded start or end.")
    same_dates: bool = Field(False, description="Every contract counted runs from the same start to the same end "
                                                "(start and end above).")
    derived_per_year: float | None = Field(None, description="The value spread evenly over the contracts' dates, "
                                                             "when they all share them - derived, not recorded.")

    def text(self) -> str:
        """The total in words, saying it is a value over the contracts' lives, with their dates."""
        if self.contracts == 0:
            return "none recorded"
        missing = f"{self.unknown:,} contract{'' if self.unknown == 1 else 's'} with no value recorded"
        valued = self.contracts - self.unknown
        if not valued:
            return f"unknown ({missing})"
        one = valued == 1
        words = format_money(self.known) + (" over the contract's life" if one
                                            else f" over the lives of {valued:,} contracts")
        if self.same_dates and self.start and self.end:
            words += f", {long_date(self.start)} to {long_date(self.end)}"
            years = contract_years(self.start, self.end)
            if self.derived_per_year is not None and years:
                words += (f" (about {_about(self.derived_per_year)} a year if spread evenly over "
                          f"{'its' if one else 'their'} {_years_text(years)})")
        elif one and self.undated:
            if self.start:
                words += f", from {long_date(self.start)} (its end is not recorded)"
            elif self.end:
                words += f", to {long_date(self.end)} (its start is not recorded)"
            else:
                words += " (its dates are not recorded)"
        else:
            if self.start and self.end and self.undated < valued:
                words += f", running between {long_date(self.start)} and {long_date(self.end)}"
            if self.undated == valued:
                words += " (none with both a start and an end date recorded)"
            elif self.undated:
                words += f" ({self.undated:,} of them without both a start and an end date recorded)"
        if self.unknown:
            words += f"; and {missing}"
        return words


def periods_note(periods: Iterable[str]) -> str:
    """Words for annual amounts of more than one period added together ('' for one period or none).

    >>> periods_note(["2014/15", "2013/14", "2014/15"])
    'the annual amounts are for 2 periods (2013/14 and 2014/15), added together here'
    >>> periods_note(["2014/15"])
    ''
    """
    labels = sorted(set(periods))
    if len(labels) < 2:
        return ""
    return f"the annual amounts are for {len(labels)} periods ({and_list(labels)}), added together here"


# -- ledgers ---------------------------------------------------------------------------------------


class _Counts:
    """What both ledgers keep per key: how many amounts, their known sum, and how many were unknown.

    Plain dicts of numbers rather than an object per key, so walking a large graph
    allocates nothing the garbage collector must trace.
    """

    __slots__ = ("_known", "_n", "_unknown")

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self._n: dict[Key, int] = dict.fromkeys(keys, 0)
        self._known: dict[Key, float] = {}
        self._unknown: dict[Key, int] = {}

    def __iter__(self) -> Iterator[Key]:
        """Every key seen or given, in first-seen order."""
        return iter(list(self._n))

    def count(self, key: Key) -> int:
        """How many amounts were counted to ``key``."""
        return self._n.get(key, 0)

    def parts(self, key: Key) -> tuple[float, int, int]:
        """The known sum, the number of unknown amounts and the number counted for ``key`` (zeros when none)."""
        return self._known.get(key, 0.0), self._unknown.get(key, 0), self._n.get(key, 0)

    def spread(self, source: Self, to: Mapping[Any, Sequence[Key]], *, split: bool = True,
               unmapped: Key = None) -> None:
        """Carry every key of ``source`` on to the keys ``to`` gives it (split equally, or in full); a key ``to``
        gives nothing goes to ``unmapped``. How outcomes' money reaches priorities."""
        for skey, counted in source._n.items():
            if counted:
                keys = to.get(skey) or (unmapped,)
                part = 1 / len(keys) if split else 1.0
                for key in keys:
                    self._merge(key, source, skey, part)

    def merge(self, key: Key, other: Self, other_key: Key, share: float = 1.0) -> None:
        """Add ``share`` of another ledger's known money for ``other_key``, and all its counts."""
        if other._n.get(other_key):
            self._merge(key, other, other_key, share)

    def _merge(self, key: Key, other: Self, okey: Key, share: float) -> None:
        """Merge one key of ``other`` into ``key`` (a ledger that keeps more per key adds to this)."""
        self._merge_counts(key, other, okey, share)

    def _merge_counts(self, key: Key, other: _Counts, okey: Key, share: float) -> None:
        self._n[key] = self._n.get(key, 0) + other._n[okey]
        if okey in other._known:
            self._known[key] = self._known.get(key, 0.0) + other._known[okey] * share
        if okey in other._unknown:
            self._unknown[key] = self._unknown.get(key, 0) + other._unknown[okey]


class Ledger(_Counts):
    """Running totals of annual amounts for many keys at once (outcomes, budgets, tiers ...).

    A key is a node id, a tier, a budget kind, or ``None`` for the "not recorded"
    row. :meth:`add` counts one amount, :meth:`add_all` and :meth:`spread_all`
    many (each to one key, or split between several); :meth:`spread` carries one
    ledger's totals on to other keys; :meth:`total` freezes one key's total.

    >>> led = Ledger(["a"])
    >>> led.add("a", 100); led.add("a", None); led.add("b", 50)
    >>> led.total("a").text(), led.overall().text()
    ('£100 known + 1 flow with no amount', '£150 known + 1 flow with no amount')
    >>> outcomes = Ledger(); outcomes.spread_all([["o1", "o2", "o3"], None], [900, None])
    >>> outcomes.total("o1").text(), outcomes.total(None).text()
    ('£300', 'unknown (1 flow with no amount)')
    """

    __slots__ = ()

    def add(self, key: Key, amount: float | None, share: float = 1.0) -> None:
        """Count one amount to ``key`` (``share`` of it, when apportioned)."""
        self._n[key] = self._n.get(key, 0) + 1
        if amount is None:
            self._unknown[key] = self._unknown.get(key, 0) + 1
        else:
            self._known[key] = self._known.get(key, 0.0) + amount * share

    def add_all(self, keys: Iterable[Key], amounts: Iterable[float | None]) -> None:
        """Count many amounts: ``amounts[i]`` to ``keys[i]``."""
        n, known, unknown = self._n, self._known, self._unknown
        for key, amount in zip(keys, amounts, strict=True):
            n[key] = n.get(key, 0) + 1
            if amount is None:
                unknown[key] = unknown.get(key, 0) + 1
            else:
                known[key] = known.get(key, 0.0) + amount

    def spread_all(self, targets: Iterable[Sequence[Key] | None], amounts: Iterable[float | None], *,
                   split: bool = True, unmapped: Key = None) -> None:
        """Count many amounts, ``amounts[i]`` to every key of ``targets[i]``: split equally between them (``split``)
        or in full to each; with no target, to ``unmapped``. How a service's spend reaches its outcomes."""
        n, known, unknown, lone = self._n, self._known, self._unknown, (unmapped,)
        for keys, amount in zip(targets, amounts, strict=True):
            if not keys:
                keys = lone
            for key in keys:
                n[key] = n.get(key, 0) + 1
            if amount is None:
                for key in keys:
                    unknown[key] = unknown.get(key, 0) + 1
            else:
                part = amount / len(keys) if split else amount
                for key in keys:
                    known[key] = known.get(key, 0.0) + part

    def total(self, key: Key) -> MoneyTotal:
        """The frozen total of one key (nothing counted: shown as 'none recorded')."""
        known, unknown = self._known.get(key, 0.0), self._unknown.get(key, 0)
        return MoneyTotal(amount=None if unknown else known, known=known, unknown=unknown, flows=self._n.get(key, 0))

    def overall(self, keys: Iterable[Key] | None = None) -> MoneyTotal:
        """The frozen total of the given keys, or of every key."""
        n, known, unknown = self._n, self._known, self._unknown
        chosen = list(n) if keys is None else keys
        total_n = total_unknown = 0
        total_known = 0.0
        for k in chosen:
            if k in n:
                total_n += n[k]
                total_known += known.get(k, 0.0)
                total_unknown += unknown.get(k, 0)
        return MoneyTotal(amount=None if total_unknown else total_known, known=total_known, unknown=total_unknown,
                          flows=total_n)


class ContractLedger(_Counts):
    """Running totals of contracts' lifetime values for many keys at once, with the span of their dates.

    :meth:`add_contract` counts one contract, :meth:`add_contracts` and
    :meth:`spread_contracts` many; :meth:`spread` carries one ledger's totals on
    to other keys; :meth:`total` freezes one key's total. It takes no annual
    money: the two are never added together.

    >>> led = ContractLedger()
    >>> led.add_contract("la", 300_000, dt.date(2020, 4, 1), dt.date(2021, 3, 31))
    >>> led.add_contract("la", None, dt.date(2021, 4, 1), dt.date(2023, 3, 31))
    >>> led.total("la").text()
    "£300,000 over the contract's life, running between 1 April 2020 and 31 March 2023; and 1 contract with no value recorded"
    """

    __slots__ = ("_dated", "_end", "_span", "_start")

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        super().__init__(keys)
        # the earliest start and latest end; how many valued contracts have both dates;
        # the (start, end) all the key's contracts share, or _MIXED once two differ
        self._start: dict[Key, dt.date] = {}
        self._end: dict[Key, dt.date] = {}
        self._dated: dict[Key, int] = {}
        self._span: dict[Key, tuple[dt.date | None, dt.date | None]] = {}

    def add_contract(self, key: Key, value: float | None, start: dt.date | None, end: dt.date | None,
                     share: float = 1.0) -> None:
        """Count one contract's lifetime value to ``key`` (``share`` of it, when apportioned), with its dates."""
        self.spread_contracts([(key,)], [None if value is None else value * share], [start], [end])

    def add_contracts(self, keys: Iterable[Key], values: Iterable[float | None],
                      starts: Iterable[dt.date | None], ends: Iterable[dt.date | None]) -> None:
        """Count many contracts: ``values[i]``, from ``starts[i]`` to ``ends[i]``, to ``keys[i]``."""
        n, known, unknown, dated_n = self._n, self._known, self._unknown, self._dated
        first, last, spans = self._start, self._end, self._span
        for key, value, start, end in zip(keys, values, starts, ends, strict=True):
            n[key] = n.get(key, 0) + 1
            if value is None:
                unknown[key] = unknown.get(key, 0) + 1
            else:
                known[key] = known.get(key, 0.0) + value
                if start is not None and end is not None:
                    dated_n[key] = dated_n.get(key, 0) + 1
            if start is None and end is None:
                span = _UNDATED
            else:
                span = (start, end)
                if start is not None and (key not in first or start < first[key]):
                    first[key] = start
                if end is not None and (key not in last or end > last[key]):
                    last[key] = end
            shared = spans.get(key)
            if shared is None:
                spans[key] = span
            elif shared is not span and shared != span:
                spans[key] = _MIXED

    def spread_contracts(self, targets: Iterable[Sequence[Key] | None], values: Iterable[float | None],
                         starts: Iterable[dt.date | None], ends: Iterable[dt.date | None], *, split: bool = True,
                         unmapped: Key = None) -> None:
        """Count many contracts, each to every key of ``targets[i]`` (split equally, or in full; with no target,
        to ``unmapped``), with its dates. How a contract's value reaches its service's outcomes."""
        n, known, unknown, dated_n = self._n, self._known, self._unknown, self._dated
        first, last, spans, lone = self._start, self._end, self._span, (unmapped,)
        for keys, value, start, end in zip(targets, values, starts, ends, strict=True):
            if not keys:
                keys = lone
            part = None if value is None else value / len(keys) if split else value
            span = _UNDATED if start is None and end is None else (start, end)
            dated = start is not None and end is not None and part is not None
            for key in keys:
                n[key] = n.get(key, 0) + 1
                if part is None:
                    unknown[key] = unknown.get(key, 0) + 1
                else:
                    known[key] = known.get(key, 0.0) + part
                    if dated:
                        dated_n[key] = dated_n.get(key, 0) + 1
                if start is not None:
                    day = first.get(key)
                    if day is None or start < day:
                        first[key] = start
                if end is not None:
                    day = last.get(key)
                    if day is None or end > day:
                        last[key] = end
                shared = spans.get(key)
                if shared is None:
                    spans[key] = span
                elif shared is not span and shared != span:
                    spans[key] = _MIXED

    def _merge(self, key: Key, other: Self, okey: Key, share: float) -> None:
        start, end, span = other._start.get(okey), other._end.get(okey), other._span[okey]
        if start is not None and (key not in self._start or start < self._start[key]):
            self._start[key] = start
        if end is not None and (key not in self._end or end > self._end[key]):
            self._end[key] = end
        shared = self._span.get(key)
        if shared is None:
            self._span[key] = span
        elif shared is not span and shared != span:
            self._span[key] = _MIXED
        if okey in other._dated:
            self._dated[key] = self._dated.get(key, 0) + other._dated[okey]
        self._merge_counts(key, other, okey, share)

    def total(self, key: Key) -> ContractTotal:
        """The frozen total of one key (nothing counted: shown as 'none recorded')."""
        return self._freeze(self._known.get(key, 0.0), self._unknown.get(key, 0), self._n.get(key, 0),
                            self._start.get(key), self._end.get(key), self._dated.get(key, 0), self._span.get(key))

    def overall(self, keys: Iterable[Key] | None = None) -> ContractTotal:
        """The frozen total of the given keys, or of every key."""
        n, known, unknown, dated = self._n, self._known, self._unknown, self._dated
        chosen = list(filter(n.get, n if keys is None else keys))  # the keys with something counted
        spans = set(map(self._span.__getitem__, chosen))
        return self._freeze(
            reduce(add, map(known.get, chosen, repeat(0.0)), 0.0),  # in key order, as a loop would add them
            sum(map(unknown.get, chosen, repeat(0))), sum(map(n.__getitem__, chosen)),
            min(filter(None, map(self._start.get, chosen)), default=None),
            max(filter(None, map(self._end.get, chosen)), default=None),
            sum(map(dated.get, chosen, repeat(0))),
            (spans.pop() if len(spans) == 1 else _MIXED) if spans else None)

    @staticmethod
    def _freeze(known: float, unknown: int, counted: int, start: dt.date | None, end: dt.date | None, dated: int,
                span: Any) -> ContractTotal:
        same = span is not None and span is not _MIXED and span[0] is not None and span[1] is not None
        return ContractTotal(
            amount=None if unknown else known, known=known, unknown=unknown, contracts=counted, start=start, end=end,
            undated=counted - unknown - dated, same_dates=same,
            derived_per_year=_per_year(known, start, end) if same and not unknown and counted else None)


#: The span of contracts with neither date (one object, so most comparisons are by identity).
_UNDATED: tuple[dt.date | None, dt.date | None] = (None, None)
#: The span of a key whose contracts do not all share one start and end (equal to no real span).
_MIXED: Any = ("dates differ",)


# -- a partnership's money, read once ---------------------------------------------------------------


class MoneyEdges:
    """Every money edge of a partnership as columns, one per field, each record read once.

    FUNDS (budget → service, annual): ``payers``, ``paid_to``, ``amounts``,
    ``flow_periods``, ``flow_assumed``; CONTRIBUTES (partner → budget, annual):
    ``givers``, ``receivers``, ``gifts``, ``gift_periods``, ``gift_assumed`` (the
    ``*_assumed`` columns say which flows are the project's reading rather than a
    document's statement); COMMISSIONS (commissioner →
    service, lifetime): ``buyers``, ``bought``, ``values``, ``starts``, ``ends``,
    ``tendered``. At scale the records of one type lie far apart in memory, and
    reading them costs more than adding up the money, so :func:`money_edges` keeps
    this with the partnership (whose records do not change).
    """

    __slots__ = ("amounts", "bought", "buyers", "ends", "flow_assumed", "flow_periods", "gift_assumed", "gift_periods",
                 "gifts", "givers", "paid_to", "payers", "receivers", "starts", "tendered", "values")

    def __init__(self, p: Partnership) -> None:
        def columns(edge_type: EdgeType, *fields: str) -> list[tuple[Any, ...]]:
            rows = list(map(attrgetter(*fields), p.edges(edge_type)))
            return list(zip(*rows, strict=True)) if rows else [()] * len(fields)

        self.payers, self.paid_to, self.amounts, self.flow_periods, self.flow_assumed = columns(
            EdgeType.FUNDS, "from_", "to", "amount", "period", "assumed")
        self.givers, self.receivers, self.gifts, self.gift_periods, self.gift_assumed = columns(
            EdgeType.CONTRIBUTES, "from_", "to", "amount", "period", "assumed")
        self.buyers, self.bought, self.values, self.starts, self.ends, self.tendered = columns(
            EdgeType.COMMISSIONS, "from_", "to", "lifetime_value", "valid_from", "valid_to", "tendered")

    def without_budgets(self, budgets: frozenset[str]) -> MoneyEdges:
        """The same columns without the money into (CONTRIBUTES) or out of (FUNDS) ``budgets``: for pools no
        document records in place (:func:`unrecorded_pools`), whose money is expected, not counted."""
        if not budgets or not (budgets & {*self.payers, *self.receivers}):
            return self
        out = object.__new__(MoneyEdges)
        keep = [b not in budgets for b in self.payers]
        for name in ("payers", "paid_to", "amounts", "flow_periods", "flow_assumed"):
            setattr(out, name, tuple(compress(getattr(self, name), keep)))
        keep = [b not in budgets for b in self.receivers]
        for name in ("givers", "receivers", "gifts", "gift_periods", "gift_assumed"):
            setattr(out, name, tuple(compress(getattr(self, name), keep)))
        for name in ("buyers", "bought", "values", "starts", "ends", "tendered"):
            setattr(out, name, getattr(self, name))
        return out


def money_edges(p: Partnership) -> MoneyEdges:
    """The :class:`MoneyEdges` of a partnership, read on first use and kept with it."""
    return kept(p, "money: edges", lambda: MoneyEdges(p))


def unrecorded_pools(p: Partnership) -> frozenset[str]:
    """Ids of the pooled budgets that no document records as in place: they read as planned, never as in place.

    A pool is *recorded in place* when a document's statement shows it so: dates
    (``valid_from`` or ``valid_to``) or an ``amount`` on a record that is not the
    project's reading (``assumed``), or money stated, not assumed, to go into it
    (CONTRIBUTES) or out of it (FUNDS), on any date. A pool with none of these is a
    plan (Staffordshire's, which seed 003 says will take time, with aligned budgets
    first) or one the documents only speak of (York's, which the ICG is to consider):
    stating it as in place would present a plan as live money. Worked out on the whole
    partnership, every date, and kept with it.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "la", "type": "Partner", "name": "Council"},
    ...     {"id": "live", "type": "Budget", "name": "Live", "kind": "pooled"},
    ...     {"id": "plan", "type": "Budget", "name": "Plan", "kind": "pooled"},
    ...     {"id": "dated", "type": "Budget", "name": "Dated", "kind": "pooled", "valid_from": "2014-04-01"}],
    ...   edges=[{"type": "CONTRIBUTES", "from": "la", "to": "live"},
    ...          {"type": "CONTRIBUTES", "from": "la", "to": "plan", "assumed": True}])
    >>> sorted(unrecorded_pools(p))
    ['plan']
    """
    whole = p.whole

    def stated_money(bid: str) -> bool:
        return any(not e.assumed for e in whole.in_edges(bid, EdgeType.CONTRIBUTES)) or any(
            not e.assumed for e in whole.out_edges(bid, EdgeType.FUNDS))

    def find() -> frozenset[str]:
        return frozenset(
            b.id for b in whole.nodes(NodeType.BUDGET)
            if getattr(b, "kind", None) is not None and b.kind.value == "pooled"  # type: ignore[attr-defined]
            and (b.assumed or (b.valid_from is None and b.valid_to is None
                               and b.amount is None))  # type: ignore[attr-defined]
            and not stated_money(b.id))

    return kept(whole, "money: unrecorded pools", find)


class ServiceMoney:
    """Each service's money: the budgets paying for it and its contracts.

    ``flows`` totals the FUNDS amounts (annual) per service, ``contracts`` the
    lifetime values of the COMMISSIONS edges per service, with their dates;
    ``parts`` gives both kinds per service in plain numbers - (annual known or
    None, flows with no amount, flows, contract value known or None, contracts
    with no value, contracts) - for walking many services fast. :meth:`funds_of`
    and :meth:`deals_of` list the edges themselves, for the few services an
    answer lists.
    """

    __slots__ = ("contracts", "edges", "flows", "parts")

    def __init__(self, m: MoneyEdges) -> None:
        self.edges = m
        self.flows = flows = Ledger()
        flows.add_all(m.paid_to, m.amounts)
        self.contracts = contracts = ContractLedger()
        contracts.add_contracts(m.bought, m.values, m.starts, m.ends)
        f_known, f_unknown = flows._known, flows._unknown
        c_n, c_known, c_unknown = contracts._n, contracts._known, contracts._unknown
        parts: dict[str, tuple[float | None, int, int, float | None, int, int]] = {}
        for sid, paid in flows._n.items():
            assert sid is not None
            unknown, deals, missing = f_unknown.get(sid, 0), c_n.get(sid, 0), c_unknown.get(sid, 0)
            parts[sid] = (f_known[sid] if paid > unknown else None, unknown, paid,
                          c_known.get(sid, 0.0) if deals > missing else None, missing, deals)
        for key, deals in c_n.items():
            if key is not None and key not in parts:
                missing = c_unknown.get(key, 0)
                parts[key] = (None, 0, 0, c_known.get(key, 0.0) if deals > missing else None, missing, deals)
        self.parts = parts

    def funds_of(self, services: Iterable[str]) -> dict[str, list[tuple[str, float | None]]]:
        """The FUNDS flows into each of ``services`` that has any, as (budget id, annual amount), in input order."""
        m, wanted = self.edges, set(services)
        found: dict[str, list[tuple[str, float | None]]] = {}
        for i in compress(count(), map(wanted.__contains__, m.paid_to)):
            found.setdefault(m.paid_to[i], []).append((m.payers[i], m.amounts[i]))
        return found

    def deals_of(self, services: Iterable[str]) -> dict[str, list[tuple[str, float | None, dt.date | None,
                                                                           dt.date | None, bool | None]]]:
        """The COMMISSIONS edges into each of ``services`` that has any, as (commissioner id, lifetime value, first
        day, last day, tendered), in input order."""
        m, wanted = self.edges, set(services)
        found: dict[str, list[tuple[str, float | None, dt.date | None, dt.date | None, bool | None]]] = {}
        for i in compress(count(), map(wanted.__contains__, m.bought)):
            found.setdefault(m.bought[i], []).append((m.buyers[i], m.values[i], m.starts[i], m.ends[i],
                                                      m.tendered[i]))
        return found


def service_money(p: Partnership) -> ServiceMoney:
    """The :class:`ServiceMoney` of a partnership, made on first use and kept with it.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "la", "type": "Partner", "name": "Council"}, {"id": "s", "type": "Service", "name": "S"},
    ...     {"id": "grant", "type": "Budget", "name": "Grant"}],
    ...   edges=[{"type": "COMMISSIONS", "from": "la", "to": "s", "lifetime_value": 90_000},
    ...          {"type": "FUNDS", "from": "grant", "to": "s", "amount": 500}, {"type": "FUNDS", "from": "grant",
    ...           "to": "s", "id": "second-grant"}])
    >>> money = service_money(p)
    >>> money.contracts.total("s").text()
    "£90,000 over the contract's life (its dates are not recorded)"
    >>> money.parts["s"], money.funds_of(["s"]), money.deals_of(["s"])
    ((500.0, 1, 2, 90000.0, 0, 1), {'s': [('grant', 500.0), ('grant', None)]}, {'s': [('la', 90000.0, None, None, None)]})
    """
    return kept(p, "money: by service", lambda: ServiceMoney(money_edges(p)))

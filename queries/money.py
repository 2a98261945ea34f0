"""Money that keeps unknown amounts apart from known ones, shared by every query that adds up money.

**Unknown is not zero.** A flow without an amount counts as unknown: a
:class:`MoneyTotal` holds the sum of the known amounts *and* how many flows had
no amount, and its ``amount`` is ``None`` as soon as one flow is unknown. A
:class:`Ledger` keeps such totals for many keys at once (outcomes, budgets,
tiers ...). ``funding``, ``decommission-impact`` and ``diff`` count money with them.

Examples
--------
>>> led = Ledger()
>>> led.add("pool", 600); led.add("pool", None)
>>> led.total("pool").amount, led.total("pool").text()
(None, '£600 known + 1 unknown')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import BaseModel, ConfigDict, Field

from .common import format_money

__all__ = ["Key", "Ledger", "MoneyTotal"]

#: A ledger key: a node id, a tier, a budget kind, or None for "not recorded".
Key = str | None

class MoneyTotal(BaseModel):
    """A sum of money flows that keeps unknown amounts apart from known ones.

    ``amount`` is the total when every flow has an amount, otherwise ``None``;
    ``known`` sums the flows that have one; ``unknown`` counts those that do not.

    >>> MoneyTotal(known=500.0, unknown=1, flows=2).text()
    '£500 known + 1 unknown'
    >>> MoneyTotal(known=0.0, unknown=2, flows=2).text()
    'unknown (2 flows with no amount)'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: float | None = Field(0.0, description="The total, or None when any flow's amount is unknown.")
    known: float = Field(0.0, description="Sum of the flows whose amount is known.")
    unknown: int = Field(0, description="Number of flows whose amount is unknown.")
    flows: int = Field(0, description="Number of flows counted.")

    def text(self) -> str:
        """The total in words: an amount, 'unknown', or both parts."""
        if self.flows == 0:
            return "none recorded"
        if self.unknown == 0:
            return format_money(self.known)
        if self.unknown == self.flows:
            return f"unknown ({self.unknown} flow{'s' if self.unknown != 1 else ''} with no amount)"
        return f"{format_money(self.known)} known + {self.unknown} unknown"


class Ledger:
    """Running totals of money flows for many keys at once (outcomes, budgets, tiers ...).

    Three plain dicts rather than one object per key, so walking a large graph
    allocates little. A key is a node id, a tier, a budget kind, or ``None`` for
    the "not recorded" row. :meth:`total` freezes one key's total.

    >>> led = Ledger(["a"])
    >>> led.add("a", 100); led.add("a", None); led.add("b", 50)
    >>> led.total("a").text(), led.overall().text()
    ('£100 known + 1 unknown', '£150 known + 1 unknown')
    """

    __slots__ = ("flows", "known", "unknown")

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self.flows: dict[Key, int] = dict.fromkeys(keys, 0)
        self.known: dict[Key, float] = {}
        self.unknown: dict[Key, int] = {}

    def add(self, key: Key, amount: float | None, share: float = 1.0) -> None:
        """Count one flow to ``key`` (``share`` of its amount, when apportioned)."""
        self.flows[key] = self.flows.get(key, 0) + 1
        if amount is None:
            self.unknown[key] = self.unknown.get(key, 0) + 1
        else:
            self.known[key] = self.known.get(key, 0.0) + amount * share

    def merge(self, key: Key, other: Ledger, other_key: Key, share: float = 1.0) -> None:
        """Add ``share`` of another ledger's known money for ``other_key``, and all its flows."""
        flows = other.flows.get(other_key, 0)
        self.flows[key] = self.flows.get(key, 0) + flows
        if other_key in other.unknown:
            self.unknown[key] = self.unknown.get(key, 0) + other.unknown[other_key]
        if other_key in other.known:
            self.known[key] = self.known.get(key, 0.0) + other.known[other_key] * share

    def __iter__(self) -> Iterator[Key]:
        """Every key seen or given, in first-seen order."""
        return iter(list(self.flows))

    def total(self, key: Key) -> MoneyTotal:
        """The frozen total of one key (no flows: a recorded zero)."""
        return _money_total(self.known.get(key, 0.0), self.unknown.get(key, 0), self.flows.get(key, 0))

    def overall(self, keys: Iterable[Key] | None = None) -> MoneyTotal:
        """The frozen total of the given keys, or of every key."""
        chosen = list(self) if keys is None else list(keys)
        return _money_total(sum(self.known.get(k, 0.0) for k in chosen),
                            sum(self.unknown.get(k, 0) for k in chosen), sum(self.flows.get(k, 0) for k in chosen))


def _money_total(known: float, unknown: int, flows: int) -> MoneyTotal:
    return MoneyTotal(amount=None if unknown else known, known=known, unknown=unknown, flows=flows)

"""The scales the generator makes and the shape of one authority at each.

:class:`Profile` says how big one authority is; :class:`ScaleSpec` names a scale,
how many authorities of which profile it holds and the sizes it aims at;
:data:`SCALES` lists them. :data:`REFERENCE_DATE` is the synthetic world's "today".

>>> SCALES["m"].authorities, SCALES["m"].profile is SCALES["n"].profile
(15, True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

__all__ = ["FULL", "REFERENCE_DATE", "SCALES", "SMALL", "Profile", "Scale", "ScaleSpec", "approx"]

Scale: TypeAlias = Literal["s", "m", "n"]

#: The synthetic world's "today": services active on this date are active.
REFERENCE_DATE = dt.date(2015, 4, 1)


@dataclass(frozen=True)
class Profile:
    """How big one authority is; faults per kind are drawn from ``1..faults``."""

    districts: int
    areas_per_district: int
    clps_per_district: int
    outcomes: int  # concrete outcomes besides the six ECM ones
    cohorts: int
    services: int
    schools_per_area: int
    voluntary: int
    private: int
    budgets: int
    needs: int
    faults: int


SMALL = Profile(districts=3, areas_per_district=4, clps_per_district=2, outcomes=18, cohorts=12, services=245,
                schools_per_area=1, voluntary=8, private=4, budgets=30, needs=10, faults=3)
FULL = Profile(districts=6, areas_per_district=5, clps_per_district=4, outcomes=30, cohorts=14, services=800,
               schools_per_area=1, voluntary=18, private=8, budgets=80, needs=18, faults=2)


def approx(count: int) -> str:
    """A count as people read a size: ``≈ 600``, ``≈ 22.5k``, ``≈ 1.34M``.

    >>> approx(596), approx(22_500), approx(228_864), approx(1_336_746)
    ('≈ 600', '≈ 22.5k', '≈ 229k', '≈ 1.34M')
    """
    if count >= 1_000_000:
        return f"≈ {count / 1_000_000:.3g}M"
    if count >= 1_000:
        return f"≈ {count / 1_000:.3g}k"
    return f"≈ {round(count, -2) if count >= 100 else count}"


@dataclass(frozen=True)
class ScaleSpec:
    """A named scale: how many authorities of which shape, and its size (seed 0 makes about this
    many nodes and edges; ``bookcase generate --help`` and the README's table both read it here)."""

    name: str
    authorities: int
    profile: Profile
    target_nodes: int
    target_edges: int
    area: str

    def size_text(self) -> str:
        """The scale in a few words: ``≈ 22.5k nodes, ≈ 131k edges (a region of 15 local authorities)``."""
        return f"{approx(self.target_nodes)} nodes, {approx(self.target_edges)} edges ({self.area})"


SCALES: dict[str, ScaleSpec] = {
    # Sizes as seed 0 makes them (605 / 2,810; 22,261 / 129,561; 227,606 / 1,320,685); other seeds
    # stay within 15% (tests/test_synthetic.py).
    "s": ScaleSpec("s", 1, SMALL, 600, 2_800, "one local authority"),
    "m": ScaleSpec("m", 15, FULL, 22_500, 131_000, "a region of 15 local authorities"),
    "n": ScaleSpec("n", 153, FULL, 229_000, 1_340_000, "England: 153 local authorities"),
}


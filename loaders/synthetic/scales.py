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

__all__ = ["FULL", "REFERENCE_DATE", "SCALES", "SMALL", "Profile", "Scale", "ScaleSpec"]

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
    duplicate_groups: int


SMALL = Profile(districts=3, areas_per_district=4, clps_per_district=2, outcomes=18, cohorts=12, services=245,
                schools_per_area=1, voluntary=8, private=4, budgets=30, needs=10, faults=3, duplicate_groups=3)
FULL = Profile(districts=6, areas_per_district=5, clps_per_district=4, outcomes=30, cohorts=14, services=800,
               schools_per_area=1, voluntary=18, private=8, budgets=80, needs=18, faults=2, duplicate_groups=3)


@dataclass(frozen=True)
class ScaleSpec:
    """A named scale: how many authorities of which shape, and the sizes it aims at."""

    name: str
    authorities: int
    profile: Profile
    target_nodes: int
    target_edges: int
    area: str


SCALES: dict[str, ScaleSpec] = {
    "s": ScaleSpec("s", 1, SMALL, 600, 3_000, "one local authority"),
    "m": ScaleSpec("m", 15, FULL, 23_000, 130_000, "a region of 15 local authorities"),
    "n": ScaleSpec("n", 153, FULL, 234_000, 1_300_000, "England: 153 local authorities"),
}


"""The manifest: exactly which faults the generator planted, and how much it generated.

:class:`Manifest` lists every planted fault by kind (:data:`FAULT_FIELDS`, in the
order the documents raise them) and the counts of what was made;
:class:`DuplicateGroup` is one planted set of duplicate services.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

__all__ = ["FAULT_FIELDS", "DuplicateGroup", "Manifest"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DuplicateGroup(_Frozen):
    """Active services of different commissioners and providers planted on one (outcome, cohort, locality)."""

    services: tuple[str, ...]
    outcome: str
    cohort: str
    locality: str
    near_identical: bool


class Manifest(_Frozen):
    """Exactly what :func:`generate` planted, and how much it generated.

    Every list holds ids, sorted. ``unfunded_*`` lists what no money reaches
    through an active service, which includes the ``unserved_*`` ones.
    ``untendered_contracts`` holds ``COMMISSIONS`` edge ids.
    """

    scale: str
    seed: int
    reference_date: dt.date
    authorities: tuple[str, ...]
    top_boards: tuple[str, ...]
    duplicate_groups: tuple[DuplicateGroup, ...]
    unserved_outcomes: tuple[str, ...]
    unserved_cohorts: tuple[str, ...]
    unserved_localities: tuple[str, ...]
    unfunded_outcomes: tuple[str, ...]
    unfunded_cohorts: tuple[str, ...]
    unfunded_localities: tuple[str, ...]
    bodies_without_chair: tuple[str, ...]
    bodies_without_terms: tuple[str, ...]
    services_without_outcome: tuple[str, ...]
    outcomes_without_indicator: tuple[str, ...]
    budgets_funding_nothing: tuple[str, ...]
    unmonitored_pooled_budgets: tuple[str, ...]
    orphan_bodies: tuple[str, ...]
    bodies_with_two_parents: tuple[str, ...]
    untendered_contracts: tuple[str, ...]
    nodes: int
    edges: int
    counts: dict[str, int]
    services_by_status: dict[str, int]

    def planted(self) -> dict[str, int]:
        """How many of each planted fault there are.

        >>> from loaders.synthetic import generate
        >>> _, m = generate("s")
        >>> m.planted()["duplicate_groups"] == len(m.duplicate_groups)
        True
        """
        return {name: len(getattr(self, name)) for name in FAULT_FIELDS}


#: The manifest fields that list planted faults, in the order the documents raise them.
FAULT_FIELDS: tuple[str, ...] = (
    "duplicate_groups",
    "unserved_outcomes",
    "unserved_cohorts",
    "unserved_localities",
    "unfunded_outcomes",
    "unfunded_cohorts",
    "unfunded_localities",
    "bodies_without_chair",
    "bodies_without_terms",
    "services_without_outcome",
    "outcomes_without_indicator",
    "budgets_funding_nothing",
    "unmonitored_pooled_budgets",
    "orphan_bodies",
    "bodies_with_two_parents",
    "untendered_contracts",
)

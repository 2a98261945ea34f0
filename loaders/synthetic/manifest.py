"""The manifest: exactly which faults the generator planted, and how much it generated.

:class:`Manifest` lists every planted fault by kind (:data:`FAULT_FIELDS`, in the
order the documents raise them) and the counts of what was made;
:class:`DuplicateGroup` is one planted case of duplication, with what the
``duplicates`` query should say about it.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["FAULT_FIELDS", "DuplicateGroup", "Manifest", "Variant"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


#: The kinds of planted duplication case (see :class:`DuplicateGroup`).
Variant = Literal["numbered", "reworded", "reordered", "abbreviated", "unrecorded-cohort", "different-purpose",
                  "partial-overlap", "crowded"]


class DuplicateGroup(_Frozen):
    """One planted case for the ``duplicates`` query, and what the query should say about it.

    Active services of different commissioners and providers that share one
    (outcome, cohort, locality) and nothing else with any other service. By
    ``variant``:

    - ``numbered``, ``reworded``, ``reordered``, ``abbreviated``: the same kind of
      service written up twice or three times, the names and descriptions told
      apart only by a number, by a word or two swapped for another, by the order
      of their clauses, or by an acronym and shortened words. The query should
      group them, score them as alike (at least ``min_score``) and pair their texts
      as near-identical;
    - ``unrecorded-cohort``: the same kind of service twice where the second (or
      both) records no cohort: still grouped and paired, but scored below
      ``max_score``, since who it serves is not known; ``cohort`` is the first's,
      or None when neither records one;
    - ``different-purpose``: services of different kinds (and kinds of provider)
      that share only the outcome, cohort and locality: grouped but scored below
      ``max_score``, no text pairs;
    - ``partial-overlap``: two services of different kinds that share one
      (outcome, cohort, locality) while each has other outcomes, cohorts or
      localities of its own: grouped, scored below ``max_score``;
    - ``crowded``: more services on one (outcome, cohort, locality) than the
      query's default ``max_block`` (50), all of different kinds but one
      near-identical pair: reported as a crowded block, not a group
      (``grouped`` is False), with only ``text_pairs`` paired.
    """

    services: tuple[str, ...]
    variant: Variant
    outcome: str
    cohort: str | None
    locality: str
    grouped: bool
    min_score: float | None
    max_score: float | None
    text_pairs: tuple[tuple[str, str], ...]
    unrecorded: tuple[Literal["cohort"], ...] = ()


class Manifest(_Frozen):
    """Exactly what :func:`generate` planted, and how much it generated.

    Every list holds ids, sorted. ``unfunded_*`` lists what no money reaches
    through an active service (no budget funds the services that reach it, and
    none of them records a cost or a contract value), which includes the
    ``unserved_*`` ones.
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

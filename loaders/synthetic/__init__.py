"""Seeded synthetic partnerships at three scales, with every fault planted on purpose.

:func:`generate` makes a partnership of one or more made-up local authorities,
each shaped like the partnerships in the seed documents: a top board with boards
and sub-groups several levels deep, partners of every sector with their posts,
plans with priorities, outcomes and indicators, budgets of every kind, and
hundreds of services with outcomes, cohorts, localities, commissioners,
providers, funding and referral pathways, some decommissioned and some planned.

Faults are planted deliberately and listed in a :class:`Manifest`; everything
else is clean, so a query that finds faults should find exactly what the manifest
lists. The data is clean in these senses:

- every body has a chair (a ``CHAIRS`` edge and a chair membership), terms of
  reference, members, and exactly one formal parent (``ACCOUNTABLE_TO``), except
  each authority's top board, which has none and reports nowhere; a planted
  orphan ``REPORTS_TO`` its would-be parent but is accountable to nothing;
- every service has a commissioner, a provider and at least one outcome, and
  every service but the planted ones records a cohort; every active service is
  funded; no two services share an (outcome, cohort, locality) triple outside the
  planted duplicates (:mod:`~loaders.synthetic.duplicates`), and no service shares
  the outcome and locality of a planted service whose cohort is unrecorded;
- every outcome serves a priority and has an indicator; every outcome, cohort
  and locality is reached by an active, funded service. Coverage counts up and
  down the locality hierarchy, so no active service serves the whole authority
  or a district holding a planted gap area: they are reached through their areas;
- every budget funds an active service; every pooled budget is monitored by a
  board; every contract over :data:`graph_model.TENDER_THRESHOLD` records a tender
  (one per authority is worth exactly the threshold, untendered: not over it);
- every decision records its rationale, evidence and risk assessment.

Scales (:data:`SCALES`): ``s`` is one authority (about 600 nodes), ``m`` a region
of 15 (about 23,000 nodes), ``n`` England's 153 (about 234,000 nodes). Each
authority depends only on the seed and its position, so the first 77 authorities
of ``n`` are the same whether 77 or 153 are generated. Ids are prefixed with the
authority id (``a001.svc-0001``), so they are unique across authorities. Every
record is marked ``generated``.

The package is a data source, so it imports :mod:`graph_model` and nothing else
of the project. Its modules:

- :mod:`~loaders.synthetic.scales`: :class:`ScaleSpec`, :data:`SCALES`, the
  authority profiles and :data:`REFERENCE_DATE`;
- :mod:`~loaders.synthetic.vocabulary`: place names, outcomes, cohorts, needs,
  plans, service kinds, partner and budget names; :func:`authority_name`;
- :mod:`~loaders.synthetic.manifest`: :class:`Manifest` and :class:`DuplicateGroup`
  (one planted case of duplication, with what the ``duplicates`` query should say);
- :mod:`~loaders.synthetic.authority`: one authority, built in stages
  (``base``, ``planning``, ``organisations``, ``governance``, ``money``,
  ``duplicates``, ``services``), each planting its own faults;
- :mod:`~loaders.synthetic.generator`: :func:`generate` and :func:`build`.

Examples
--------
>>> (info, nodes, edges), manifest = generate("s", seed=1)
>>> info.id, manifest.authorities
('synthetic-s', ('a001',))
>>> len(nodes) == manifest.nodes and len(edges) == manifest.edges
True
>>> p = build((info, nodes, edges))
>>> p.node(manifest.top_boards[0]).name
'Ashbury Health and Wellbeing Board'
"""

from .generator import Records, build, generate
from .manifest import DuplicateGroup, Manifest
from .scales import REFERENCE_DATE, SCALES, Scale, ScaleSpec
from .vocabulary import authority_name

__all__ = [
    "REFERENCE_DATE",
    "SCALES",
    "DuplicateGroup",
    "Manifest",
    "Records",
    "Scale",
    "ScaleSpec",
    "authority_name",
    "build",
    "generate",
]

"""One made-up local authority: its records, built in stages, and the faults planted in them.

Each stage is a class that extends the one before it, so it can use what the
earlier stages made; :class:`Authority` is the last and runs them in order:

=================  ===================  ==================================================
module             class                what it adds
=================  ===================  ==================================================
``base``           ``AuthorityBase``    the random stream; writing records and faults
``planning``       ``Planning``         places, cohorts, needs, plans, priorities,
                                        outcomes, indicators
``organisations``  ``Organisations``    partners, posts, the council's units
``governance``     ``Governance``       boards and sub-groups
``money``          ``Money``            budgets and decisions (called by ``services``)
``duplicates``     ``Duplicates``       the planted duplicate services, each case with
                                        what to expect (called by ``services``)
``services``       ``Services``         services, contracts, referral pathways
=================  ===================  ==================================================

An authority depends only on the seed and its index, through one random stream,
so the stages must run in this order for the same seed to give the same records.

>>> from loaders.synthetic.scales import SCALES
>>> a = Authority(0, seed=1, profile=SCALES["s"].profile).run()
>>> a.aid, a.name, a.names[a.top]
('a001', 'Ashbury', 'Ashbury Health and Wellbeing Board')
"""

from __future__ import annotations

from .services import Services

__all__ = ["Authority"]


class Authority(Services):
    """Builds one authority's records and notes the faults it plants."""

    def run(self) -> Authority:
        self.places()
        self.groups_and_needs()
        self.planning()
        self.organisations()
        self.governance()
        self.delivery()
        return self

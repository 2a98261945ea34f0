"""The core of one authority's builder: its random stream, and writing records and faults.

:class:`AuthorityBase` holds what every stage of building an authority shares:
the seeded random stream, the records written so far (with their names, by id)
and the planted faults by kind. :meth:`~AuthorityBase.node` and
:meth:`~AuthorityBase.edge` write a record, :meth:`~AuthorityBase.fault` notes a
planted fault. :class:`PlannedService` is a service being planned, before its
records are written. :func:`slug` and :func:`day` are small helpers the stages share.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph_model import EDGE_MODELS, NODE_MODELS, EdgeBase, EdgeType, NodeBase, NodeType
from graph_model.models import default_edge_id

from .manifest import FAULT_FIELDS
from .scales import Profile
from .vocabulary import Kind, authority_name

_EDGE_INFIX = {t: default_edge_id(t, "", "") for t in EdgeType}


def slug(text: str) -> str:
    """``text`` as an id part: lower case, runs of anything but letters and digits as one hyphen.

    >>> slug("Children's Centre, North")
    'children-s-centre-north'
    """
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)


def day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A day drawn from ``rng`` between ``start`` and ``end``, both included."""
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


@dataclass
class PlannedService:
    """A service being planned, before its records are written."""

    key: str
    kind: Kind
    outcomes: list[str]
    cohorts: list[str]
    localities: list[str]
    status: str = "active"
    funded: bool = True
    commissioner: str = ""
    provider: str = ""
    description: str | None = None
    name: str | None = None


class AuthorityBase:
    """What every stage of building one authority shares: its random stream, its records and its faults.

    The stages extend it in the order they run (see :mod:`loaders.synthetic.authority`).
    """

    def __init__(self, index: int, seed: int, profile: Profile) -> None:
        self.rng = random.Random(f"planning-bookcase:{seed}:{index}")
        self.aid = f"a{index + 1:03d}"
        self.name = authority_name(index)
        self.p = profile
        self.source = f"synthetic generator, seed {seed}, authority {self.aid}"
        self.nodes: list[NodeBase] = []
        self.edges: list[EdgeBase] = []
        self.faults: dict[str, list[Any]] = {name: [] for name in FAULT_FIELDS}
        self.names: dict[str, str] = {}
        self.records: dict[str, Any] = {}
        self.status: Counter[str] = Counter()
        self._edge_ids: set[str] = set()
        self._service_names: set[str] = set()

    # -- record helpers

    def node(self, ntype: NodeType, key: str, name: str, **fields: Any) -> str:
        nid = f"{self.aid}.{key}"
        record = NODE_MODELS[ntype](id=nid, name=name, source=self.source, generated=True, **fields)
        self.nodes.append(record)
        self.records[nid] = record
        self.names[nid] = name
        return nid

    def edge(self, etype: EdgeType, source: str, target: str, **fields: Any) -> str:
        eid = source + _EDGE_INFIX[etype] + target  # graph_model.models.default_edge_id, inlined for speed
        if eid in self._edge_ids:
            raise RuntimeError(f"synthetic generator made edge {eid!r} twice")
        self._edge_ids.add(eid)
        self.edges.append(EDGE_MODELS[etype](id=eid, from_=source, to=target, generated=True, **fields))
        return eid

    def fault(self, kind: str, item: Any) -> None:
        self.faults[kind].append(item)


"""The partnerships a server holds: loaded once at start, looked up by id, swapped whole on reload.

A reload builds the new partnership beside the old one and then replaces the reference in
one assignment, so a request sees the old graph or the new one, never a half-built one; a
reload that fails keeps the old graph and raises the loader's error, which says why.

Examples
--------
>>> held = Datasets.load(["york"])
>>> held.names(), held.get("york").info.id
(['york'], 'york')
"""

from __future__ import annotations

import bisect
import gc
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_model import NodeBase, NodeType, Partnership, UnknownDataset

from ..loading import load_dataset

__all__ = ["Dataset", "Datasets", "settle_memory"]


@dataclass(frozen=True)
class Dataset:
    """One partnership as served: where it came from, the partnership, and its version (1 at start,
    one more at each reload)."""

    ref: str
    partnership: Partnership
    version: int = 1
    _public: list[Partnership] = field(default_factory=list, repr=False, compare=False)
    _names: dict[bool, _NameIndex] = field(default_factory=dict, repr=False, compare=False)

    def public(self) -> Partnership:
        """The partnership as the public may see it (:meth:`Partnership.public`), worked out once per version:
        the partnership's own method looks through every node for hidden bodies each time it is asked."""
        if not self._public:
            self._public.append(self.partnership.public())
        return self._public[0]

    def shown(self, sees_all: bool) -> Partnership:
        """The whole partnership, or its public subset."""
        return self.partnership if sees_all else self.public()

    def search(self, sees_all: bool, text: str, node_type: NodeType | None = None) -> list[NodeBase]:
        """The nodes (of ``node_type``, when given) whose name or id holds ``text``, ignoring case, in input
        order, on the partnership :meth:`shown` gives."""
        index = self._names.get(sees_all)
        if index is None:
            index = self._names[sees_all] = _NameIndex(self.shown(sees_all))
        found = index.search(text)
        return [n for n in found if n.type == node_type] if node_type is not None else found


class _NameIndex:
    """Every node's name (case-folded) and id in one text, so that a search is one scan in C rather than a
    loop over a quarter of a million nodes in Python (80 ms a search at national scale).

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "board", "type": "Board", "name": "YorOK Board"},
    ...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"},
    ...     {"id": "board-2", "type": "Board", "name": "Another board, and a BOARD again"}], edges=[])
    >>> [n.id for n in _NameIndex(p).search("board")], [n.id for n in _NameIndex(p).search("ICG")]
    (['board', 'board-2'], ['icg'])
    """

    _GAP = "\n"  # between records, and between a name and its id: no search text holds it

    def __init__(self, p: Partnership) -> None:
        self._nodes = p.nodes()
        parts: list[str] = []
        self._starts: list[int] = []
        at = 0
        for n in self._nodes:
            part = f"{n.name.casefold()}{self._GAP}{n.id}{self._GAP}"
            self._starts.append(at)
            parts.append(part)
            at += len(part)
        self._text = "".join(parts)

    def search(self, text: str) -> list[NodeBase]:
        needle = text.casefold()
        if not needle or self._GAP in needle or self._GAP in text:  # the slow way, which such text needs
            return [n for n in self._nodes if needle in n.name.casefold() or needle in n.id]
        found: list[NodeBase] = []
        at = self._text.find(needle)
        while at >= 0:
            k = bisect.bisect_right(self._starts, at) - 1
            found.append(self._nodes[k])
            if k + 1 >= len(self._starts):
                break
            at = self._text.find(needle, self._starts[k + 1])
        return found


class Datasets:
    """The partnerships a server holds, by partnership id; the first is the default."""

    def __init__(self, held: Sequence[Dataset]) -> None:
        if not held:
            raise ValueError("a server needs at least one dataset")
        self._held: dict[str, Dataset] = {d.partnership.info.id: d for d in held}
        self._default = held[0].partnership.info.id
        self._lock = threading.Lock()  # one reload at a time; readers never wait

    @classmethod
    def load(cls, refs: Sequence[str]) -> Datasets:
        """Load each dataset (a bundled name or a path); any invalid one stops the start with its problems."""
        return cls([Dataset(ref, load_dataset(ref)) for ref in dict.fromkeys(refs)])

    @property
    def default(self) -> str:
        """The id of the dataset a request that names none is about."""
        return self._default

    def names(self) -> list[str]:
        return list(self._held)

    def all(self) -> list[Dataset]:
        return list(self._held.values())

    def entry(self, name: str | None) -> Dataset:
        """The dataset called ``name`` (the default when None); :class:`UnknownDataset` names the others."""
        key = name or self._default
        found = self._held.get(key)
        if found is None:
            raise UnknownDataset(f"no dataset '{key}' is served here; served: {', '.join(self.names())}")
        return found

    def get(self, name: str | None = None) -> Partnership:
        return self.entry(name).partnership

    def reload(self, name: str | None = None) -> Dataset:
        """Read the dataset again from where it came from and swap it in whole."""
        with self._lock:
            old = self.entry(name)
            fresh = Dataset(old.ref, load_dataset(old.ref), old.version + 1)
            held = dict(self._held)
            held[old.partnership.info.id] = fresh
            self._held = held  # one assignment: readers see the old mapping or the new one
            if gc.get_freeze_count():  # a server that set its graphs aside (settle_memory) does so again
                settle_memory(refreeze=True)
            return fresh


def settle_memory(*, refreeze: bool = False) -> None:
    """Set the objects alive now aside from the garbage collector (:func:`gc.freeze`), so that a collection
    under load no longer walks the graphs a server holds (over a million records at national scale, which
    would stall every request for the length of the walk). ``refreeze``: after a reload, first free what
    the old graph left behind, then set the new one aside."""
    if refreeze:
        gc.unfreeze()
    gc.collect()
    gc.freeze()

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

import gc
import re
import threading
from collections import OrderedDict
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
        found = self._index(sees_all).search(text)
        return [n for n in found if n.type == node_type] if node_type is not None else found

    @staticmethod
    def quick_search(text: str) -> bool:
        """Whether :meth:`search` finds ``text`` through its index alone (text of one word: letters and
        digits), rather than by looking through nodes."""
        return _NameIndex.WORD.fullmatch(text.casefold()) is not None

    def _index(self, sees_all: bool) -> _NameIndex:
        index = self._names.get(sees_all)
        if index is None:
            index = self._names[sees_all] = _NameIndex(self.shown(sees_all))
        return index

    def prepare(self, *, public: bool) -> Dataset:
        """Work out now what the first request would otherwise wait for: the search index, and with
        ``public`` the public subset and its index (minutes at national scale)."""
        self._index(True)
        if public:
            self._index(False)
        return self


class _NameIndex:
    """The words of every node's name (case-folded) and id, each with the nodes that hold it, so that a
    search looks through the words (thousands) rather than the nodes (a quarter of a million at national
    scale, 80 ms a search).

    Text made only of letters and digits can occur in a name only inside one of its words, so the nodes
    whose words hold it are exactly the nodes that hold it. Other text (``north ash``) is looked for in
    the nodes that hold its longest word; text with no letter or digit in it, in every node.

    >>> p = Partnership.from_records({"id": "d", "name": "D"}, nodes=[
    ...     {"id": "board", "type": "Board", "name": "YorOK Board"},
    ...     {"id": "icg", "type": "SubGroup", "name": "Integrated Commissioning Group"},
    ...     {"id": "board-2", "type": "Board", "name": "Another board, and a BOARD again"}], edges=[])
    >>> index = _NameIndex(p)
    >>> [n.id for n in index.search("oard")], [n.id for n in index.search("ICG")]
    (['board', 'board-2'], ['icg'])
    >>> [n.id for n in index.search("ok board")], [n.id for n in index.search("-")]
    (['board'], ['board-2'])
    """

    WORD = re.compile(r"[^\W_]+")  # a run of letters and digits
    #: How many searched words keep their nodes: finding the words that hold a word goes through every word of
    #: every name and id (hundreds of thousands at national scale), while people search for the same few words.
    KEPT = 4096

    def __init__(self, p: Partnership) -> None:
        self._nodes = p.nodes()
        holders: dict[str, list[int]] = {}
        words_of: dict[str, list[str]] = {}  # many nodes share a name (every authority has its "Early Help")
        find = self.WORD.findall
        for k, n in enumerate(self._nodes):
            named = words_of.get(n.name)
            if named is None:
                named = words_of[n.name] = find(n.name.casefold())
            for word in {*named, *find(n.id)}:
                holders.setdefault(word, []).append(k)
        self._holders = holders
        self._kept: OrderedDict[str, list[NodeBase]] = OrderedDict()  # the index never changes: only grows in use
        self._lock = threading.Lock()

    def _holding(self, word: str) -> list[NodeBase]:
        """The nodes with a word that holds ``word``, in input order; the last :data:`KEPT` words searched are
        kept with their nodes (the list is shared: callers do not change it)."""
        with self._lock:
            found = self._kept.get(word)
            if found is not None:
                self._kept.move_to_end(word)
                return found
        lists = [ks for w, ks in self._holders.items() if word in w]
        places = lists[0] if len(lists) == 1 else sorted({k for ks in lists for k in ks})
        found = [self._nodes[k] for k in places]
        with self._lock:
            self._kept[word] = found
            while len(self._kept) > self.KEPT:
                self._kept.popitem(last=False)
        return found

    def search(self, text: str) -> list[NodeBase]:
        needle = text.casefold()
        if self.WORD.fullmatch(needle):
            return self._holding(needle)
        words = self.WORD.findall(needle)
        candidates = self._holding(max(words, key=len)) if words else self._nodes
        return [n for n in candidates if needle in n.name.casefold() or needle in n.id]


class Datasets:
    """The partnerships a server holds, by partnership id; the first is the default."""

    def __init__(self, held: Sequence[Dataset]) -> None:
        if not held:
            raise ValueError("a server needs at least one dataset")
        #: Set by prepare(): what a reload works out before it swaps the new graph in.
        self._prepared: bool | None = None
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

    def prepare(self, *, public: bool) -> None:
        """:meth:`Dataset.prepare` for each dataset, now and after each reload (a server calls this before it
        listens, so that no request waits for an index)."""
        self._prepared = public
        for d in self._held.values():
            d.prepare(public=public)

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
            fresh = self._swap(name)
            if gc.get_freeze_count():  # a server that set its graphs aside (settle_memory) does so again
                settle_memory(refreeze=True)
            return fresh

    def _swap(self, name: str | None) -> Dataset:
        old = self.entry(name)
        fresh = Dataset(old.ref, load_dataset(old.ref), old.version + 1)
        if self._prepared is not None:
            fresh.prepare(public=self._prepared)
        held = dict(self._held)
        held[old.partnership.info.id] = fresh
        self._held = held  # one assignment: readers see the old mapping or the new one
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

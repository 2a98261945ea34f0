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

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from graph_model import Partnership, UnknownDataset

from ..loading import load_dataset

__all__ = ["Dataset", "Datasets"]


@dataclass(frozen=True)
class Dataset:
    """One partnership as served: where it came from, the partnership, and its version (1 at start,
    one more at each reload)."""

    ref: str
    partnership: Partnership
    version: int = 1


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
            return fresh

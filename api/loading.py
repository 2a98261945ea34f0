"""Loading a partnership for a long-lived caller: the command line now, the server later.

The pure core (:func:`graph_model.build_partnership`) sets no process-wide policy.
Callers that may load national-scale data decide it here: the cyclic garbage
collector is paused while millions of small records are built (it would rescan the
growing heap again and again, about a quarter of the load time at a million edges),
and a large graph is then frozen out of the collector's reach, since it lives as
long as the process (queries on a million-edge graph ran 3-4× slower without this).

Examples
--------
>>> york = load_dataset("york")
>>> york.info.id
'york'
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph_model import Partnership

__all__ = ["FREEZE_THRESHOLD", "collector_paused", "keep", "load_dataset"]

#: Graphs with at least this many nodes plus edges are frozen out of the garbage collector's reach.
FREEZE_THRESHOLD = 100_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (restored afterwards, even on error)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def keep(partnership: Partnership) -> Partnership:
    """Freeze a large partnership out of the collector's reach (a small one is left alone)."""
    if len(partnership) + partnership.edge_count >= FREEZE_THRESHOLD:
        gc.freeze()
    return partnership


def load_dataset(ref: str) -> Partnership:
    """Load a bundled partnership by name, or one from a path, with the process's memory policy.

    A large file goes through the load cache (:mod:`loaders.cache`; ``BOOKCASE_CACHE``,
    ``BOOKCASE_CACHE_DIR``): a second load of the same content skips reading and validating it.
    """
    from loaders import bundled_names, load
    from loaders.cache import LoadCache

    from .settings import get_settings

    settings = get_settings()
    with collector_paused():
        if settings.cache and ref not in bundled_names() and Path(ref).exists():
            partnership = LoadCache(settings.cache_dir, min_bytes=settings.cache_min_bytes).load(ref, load)
        else:
            partnership = load(ref)
        # Frozen before the collector comes back: otherwise its first pass scans every new record
        # (about 0.7 s at national scale) only to find nothing to free.
        return keep(partnership)

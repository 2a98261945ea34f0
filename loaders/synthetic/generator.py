"""The public functions: :func:`generate` a synthetic partnership and its manifest, :func:`build` it into a graph."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeAlias

from graph_model import (
    EdgeBase,
    EdgeType,
    Location,
    NodeBase,
    NodeType,
    Partnership,
    PartnershipInfo,
    build_partnership,
    dump_record,
)

from .authority import Authority
from .manifest import FAULT_FIELDS, Manifest
from .scales import REFERENCE_DATE, SCALES, Scale

__all__ = ["Progress", "Records", "build", "generate"]

#: What :func:`generate` returns besides the manifest: the same shape as :meth:`Partnership.records`.
Records: TypeAlias = tuple[PartnershipInfo, list[NodeBase], list[EdgeBase]]
#: Called as ``progress(done, total)`` after each authority.
Progress: TypeAlias = Callable[[int, int], None]


def generate(
    scale: Scale,
    seed: int = 0,
    *,
    authorities: int | None = None,
    progress: Progress | None = None,
) -> tuple[Records, Manifest]:
    """Generate a synthetic partnership and the manifest of what was planted in it.

    Parameters
    ----------
    scale
        ``"s"`` (one authority), ``"m"`` (15) or ``"n"`` (153); see :data:`SCALES`.
    seed
        The same seed always gives the same records.
    authorities
        How many authorities to generate instead of the scale's number (e.g. 77
        for half of ``n``); each authority is the same as at full size.
    progress
        Called as ``progress(done, total)`` after each authority.

    Returns
    -------
    ((info, nodes, edges), manifest)
        Validated record models (as :meth:`Partnership.records` gives them) and
        the :class:`Manifest`. :func:`build` turns the records into a graph.

    Examples
    --------
    >>> (info, nodes, edges), manifest = generate("s", seed=3)
    >>> manifest.nodes == len(nodes), manifest.counts["Service"] == len([n for n in nodes if n.type == "Service"])
    (True, True)
    >>> len(manifest.bodies_without_chair) >= 1
    True
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; scales: {', '.join(SCALES)}")
    spec = SCALES[scale]
    total = spec.authorities if authorities is None else authorities
    if total < 1:
        raise ValueError("authorities must be at least 1")
    nodes: list[NodeBase] = []
    edges: list[EdgeBase] = []
    faults: dict[str, list[Any]] = {name: [] for name in FAULT_FIELDS}
    status: Counter[str] = Counter()
    aids, tops = [], []
    for i in range(total):
        a = Authority(i, seed, spec.profile).run()
        nodes += a.nodes
        edges += a.edges
        for name, items in a.faults.items():
            faults[name] += items
        status.update(a.status)
        aids.append(a.aid)
        tops.append(a.top)
        if progress is not None:
            progress(i + 1, total)
    counts: Counter[str] = Counter(n.type.value for n in nodes)
    counts.update(e.type.value for e in edges)
    order = [t.value for t in (*NodeType, *EdgeType)]
    size = f"{total} authorit{'y' if total == 1 else 'ies'}"
    # The period the data describes: the five years up to the reference date its dates and statuses are set by.
    start = REFERENCE_DATE.replace(year=REFERENCE_DATE.year - 5) + dt.timedelta(days=1)
    info = PartnershipInfo(
        id=f"synthetic-{scale}",
        name=f"Synthetic partnership, scale {scale} ({size})",
        description=f"A made-up partnership of {size} for tests and benchmarks, with planted faults; seed {seed}.",
        area=spec.area if authorities is None else size,
        period_start=start, period_end=REFERENCE_DATE,
        sources=["loaders.synthetic: generated; names and figures are invented"],
        notes=[f"Every record is generated (seed {seed}); faults are planted on purpose and listed in the manifest.",
               f"Status and validity dates are relative to a reference date of {REFERENCE_DATE.isoformat()}, the "
               f"end of the period the data describes ({start.isoformat()} to {REFERENCE_DATE.isoformat()})."],
    )
    manifest = Manifest(
        scale=scale, seed=seed, reference_date=REFERENCE_DATE, authorities=tuple(aids), top_boards=tuple(tops),
        duplicate_groups=tuple(faults["duplicate_groups"]),
        **{name: tuple(sorted(faults[name])) for name in FAULT_FIELDS if name != "duplicate_groups"},
        nodes=len(nodes), edges=len(edges),
        counts={k: counts[k] for k in order if counts[k]},
        services_by_status={k: status[k] for k in ("active", "planned", "decommissioned")},
    )
    return (info, nodes, edges), manifest


def build(records: Records, *, validate: bool = False) -> Partnership:
    """Turn generated records into a :class:`Partnership`.

    With ``validate=False`` (fast) the records, already validated one by one when
    they were made, are assembled directly. With ``validate=True`` every record
    goes as plain data through :func:`build_partnership`, exactly as a file's
    records would: schema, duplicate ids, dangling ends, edge rules, loops.

    >>> records, _ = generate("s")
    >>> build(records) == build(records, validate=True)
    True
    """
    info, nodes, edges = records
    if not validate:
        return Partnership(info, nodes, edges)
    return build_partnership(
        info,
        ((dump_record(n), Location(record=f"node {n.id}")) for n in nodes),
        ((dump_record(e), Location(record=f"edge {e.id}")) for e in edges),
    )


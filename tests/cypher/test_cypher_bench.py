"""The Cypher benchmark's reading of its figures, and the guard's reading of plans it relies on for speed.

No wall-clock time is asserted: the rows below are made up to check the rule each figure is held to.
"""

from __future__ import annotations

import re

import pytest

from api.bench.cypher import PushRow, TwinRow, twin_table
from loaders import load_bundled
from queries.cypher.graph import open_graph
from queries.cypher.guard import _operators
from queries.cypher.twins import comparable_params, twins


def test_a_twin_is_held_to_three_times_its_python_query_or_twenty_milliseconds() -> None:
    slow_python = TwinRow("health", "n", python=[0.100, 0.110, 0.090], cypher=[0.290, 0.280, 0.310], rows=5)
    assert slow_python.target == pytest.approx(0.30) and slow_python.met  # 3 × the median, 100 ms
    fast_python = TwinRow("funding", "n", python=[0.001] * 3, cypher=[0.019] * 3, rows=5)
    assert fast_python.target == 0.020 and fast_python.met  # the 20 ms floor, not 3 ms
    missed = TwinRow("funding", "n", python=[0.001] * 3, cypher=[0.021] * 3, rows=5)
    assert missed.met is False
    assert "**no**" in twin_table([missed]) and "| yes |" in twin_table([fast_python])


def test_a_failed_twin_is_shown_failed_not_as_a_time() -> None:
    row = TwinRow("value", "n", python=[0.5], error="the answer has more than 100 rows")
    assert "failed: the answer has more than 100 rows" in twin_table([row])


def test_push_rates_count_records_per_second() -> None:
    assert PushRow("first push", 10_000, 2.0, 0.5, 1.5).rate == 5_000


#: How the guard read a plan's operators before (a pattern from every box side over the blanks).
_OLD = re.compile(r"│\s*([A-Z][A-Z_]*)\[\d+\]\s*│")


def test_the_guard_reads_the_same_operators_from_every_twins_plan_as_before() -> None:
    p = load_bundled("york")
    graph = open_graph(p)
    for name, twin in twins().items():
        params, _ = comparable_params(name, p)
        plan = graph.connection.execute(f"EXPLAIN {twin.text}", params).get_next()[0]  # type: ignore[union-attr]
        found = _operators(plan)
        assert found == _OLD.findall(plan), name
        assert "RESULT_COLLECTOR" in found, name  # every plan ends by collecting its result

"""The benchmark's statistics and tables on known numbers, and its probes and interleaving on real graphs.

No test here asserts on how long anything took: only on what is reported and how.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import loaders
from api.bench import LoadRow, QueryRow, load_table, markdown_table, scaling_table
from api.bench.runner import FAST, FAST_BUDGET, MAX_ROUNDS, _probe, _time_interleaved, measure_load, rounds_for
from api.bench.tables import duration, spread
from graph_model import Partnership
from loaders.synthetic import build, generate
from queries.registry import get_query

SCRIPT = Path(sys.executable).parent / "bookcase"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "api.cli"]


# -- numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "text"), [
    (12.34, "12.3 s"), (1.0, "1.00 s"), (0.999, "999 ms"), (0.0412, "41.2 ms"), (0.001, "1.00 ms"),
    (9.4e-05, "94.0 µs"), (3499.2, "3,499 s"), (None, "—"),
], ids=lambda v: repr(v))
def test_a_duration_is_written_in_the_unit_that_suits_it(seconds: float | None, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize(("median", "repeat", "rounds"), [
    (0.5, 5, 5), (0.01, 5, 5),  # not fast: as asked
    (0.005, 5, 50), (0.0125, 5, 5),  # FAST_BUDGET / median, for a fast query only
    (0.001, 5, MAX_ROUNDS), (0.00005, 5, MAX_ROUNDS), (0.0, 5, MAX_ROUNDS),  # capped
    (0.00005, 500, 500),  # never fewer than asked
], ids=["slow", "at-the-edge", "5ms", "12.5ms", "1ms", "50us", "zero", "asked-for-more"])
def test_fast_queries_get_more_rounds(median: float, repeat: int, rounds: int) -> None:
    assert FAST == 0.01 and FAST_BUDGET == 0.25
    assert rounds_for(median, repeat) == rounds


@pytest.mark.parametrize(("times", "text"), [
    ([0.47, 0.39, 0.41, 0.40, 0.44], "410 ms (390–470)"),  # odd count: the middle run
    ([1.0, 3.0, 2.0, 4.0], "2.50 s (1.00–4.00)"),  # even count: the mean of the middle two
    ([0.95, 1.2, 0.99], "990 ms (950–1,200)"),  # the range in the median's unit, whatever its size
    ([8.5e-05, 9.1e-05, 0.0014], "91.0 µs (85.0–1,400)"),
    ([2.5], "2.50 s"),
    ([], "—"),
], ids=["odd", "even", "range-past-a-second", "microseconds", "one-run", "none"])
def test_a_spread_is_the_median_with_its_range(times: list[float], text: str) -> None:
    assert spread(times) == text


# -- query rows and tables -----------------------------------------------------------------------------


def test_a_query_row_reports_the_median_of_its_warm_runs_not_the_cold_one() -> None:
    row = QueryRow("gaps", "n", [0.9, 1.2, 0.8, 0.95, 1.1], cpu=[0.7, 0.8, 0.7, 0.75, 0.72], first=3.0, target=1.0)
    assert row.seconds == 0.95
    assert row.met is True
    line = markdown_table([row]).splitlines()[-1]
    assert line == "| gaps | n | 5 | 950 ms (800–1,200) | 720 ms | 3.00 s | — | — | ≤ 1 s | yes |"


def test_duplicates_at_n_must_beat_pairwise_fifty_times() -> None:
    within = QueryRow("duplicates", "n", [1.0, 1.0, 1.0], baseline=60.0, target=5.0)
    assert within.ratio == 60.0 and within.met is True
    too_close = QueryRow("duplicates", "n", [2.0, 2.0, 2.0], baseline=60.0, target=5.0)
    assert too_close.ratio == 30.0 and too_close.met is False
    assert "≥ 50× baseline" in markdown_table([too_close])


def test_a_query_that_failed_shows_its_error_and_no_time() -> None:
    row = QueryRow("funding", "m", error="KeyError: 'x'")
    assert row.seconds is None and row.met is None
    assert markdown_table([row]).splitlines()[-1] == "| funding | m | 0 | error: KeyError: 'x' | — | — | — | — | — | no |"


def test_scaling_pairs_the_runs_of_one_round() -> None:
    rows = [QueryRow("gaps", "n/2", [0.5, 0.6, 0.4]), QueryRow("gaps", "n", [1.0, 1.3, 0.9]),
            QueryRow("diff", "n/2", [1.0, 1.0, 1.0]), QueryRow("diff", "n", [2.6, 2.4, 2.7])]
    lines = scaling_table(rows).splitlines()
    # gaps: medians 0.5 and 1.0; the rounds' ratios 2.0, 2.17 and 2.25.
    assert lines[2] == "| gaps | 500 ms (400–600) | 1.00 s (0.90–1.30) | 2.00× (2.00–2.25) | ≤ 2.5× | yes |"
    assert lines[3] == "| diff | 1.00 s (1.00–1.00) | 2.60 s (2.40–2.70) | 2.60× (2.40–2.70) | ≤ 2.5× | no |"


def test_scaling_leaves_out_a_query_missing_or_failed_at_either_scale() -> None:
    rows = [QueryRow("gaps", "n", [1.0]), QueryRow("diff", "n/2", [1.0]), QueryRow("diff", "n", error="boom"),
            QueryRow("health", "m", [0.1])]
    assert len(scaling_table(rows).splitlines()) == 2  # the header only


# -- load rows and table -------------------------------------------------------------------------------


def _n_row(**lists: list[float]) -> LoadRow:
    base: dict[str, list[float]] = {"loads": [9.8, 10.4, 9.9], "loads_cpu": [9.0, 9.1, 9.2],
                                    "peaks_mb": [990.0, 1000.0, 995.0], "cached": [1.5, 1.7, 1.6],
                                    "cache_mb": [210.0, 210.0, 210.0], "anchors": [6.1, 6.6, 6.0],
                                    "anchors_cpu": [5.5, 5.6, 5.4], "anchor_peaks_mb": [2100.0, 2110.0, 2105.0]}
    return LoadRow("n", 228_864, 1_336_746, 20.9, 0.4, file_mb=312.0, **{**base, **lists})


@pytest.mark.parametrize(("lists", "missed"), [
    ({}, []),
    ({"loads": [10.1, 10.4, 9.9]}, ["load time"]),  # the median, not the best, is held to the target
    ({"peaks_mb": [1100.0, 1000.0, 1030.0]}, ["peak memory"]),
    ({"cached": [], "cache_mb": []}, ["cached load"]),  # not measured is not met
    ({"cached": [9.7, 9.9, 9.8]}, ["cached load"]),
], ids=["all-met", "load-median", "peak-median", "cached-missing", "cached-slow"])
def test_the_load_targets_at_n_are_held_by_medians(lists: dict[str, list[float]], missed: list[str]) -> None:
    assert _n_row(**lists).missed == missed


def test_scales_without_load_targets_say_so() -> None:
    row = LoadRow("m", 22_500, 131_129, 2.3, 0.04, loads=[1.5, 1.4, 1.6])
    assert row.missed is None
    assert load_table([row]).splitlines()[2].endswith("| — | — |")


def test_the_load_table_divides_the_medians_and_gives_the_rounds_range() -> None:
    row = _n_row()
    assert row.anchor_ratio == pytest.approx(9.9 / 6.1)
    line = load_table([row]).splitlines()[2]
    # Rounds' ratios: 9.8/6.1 = 1.61, 10.4/6.6 = 1.58, 9.9/6.0 = 1.65.
    assert "| 1.62× (1.58–1.65) |" in line
    assert ("| 9.90 s (9.80–10.4) | 9.10 s | 995 (1,000) | 1.60 s (1.50–1.70) | 210 | 6.10 s (6.00–6.60) | 5.50 s "
            "| 2,105 |") in line
    assert line.endswith("| load ≤ 10 s, ≤ 1,024 MB; cached ≤ 2 s | yes |")


def test_the_load_table_says_which_scales_wrote_no_cache() -> None:
    table = load_table([LoadRow("s", 1, 1, 0.1, 0.1, loads=[0.1], cache_mb=[0.0]), _n_row(),
                        LoadRow("m", 1, 1, 0.1, 0.1)])  # m: not measured, nothing to say
    notes = [line for line in table.splitlines() if line.startswith("- ")]
    assert notes == ["- s: the first loads wrote nothing to the run's cache folder (BOOKCASE_CACHE_DIR), "
                     "so the cached loads read the file again."]


# -- probes and interleaving, for real -------------------------------------------------------------------


def test_probes_get_a_cache_folder_of_their_own(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    got = _probe("import json, os; print(json.dumps({'cache': os.environ['BOOKCASE_CACHE_DIR']}))",
                 tmp_path / "unused.json", cache)
    assert got == {"cache": str(cache)}


def test_measure_load_runs_every_round_in_fresh_processes(york: Partnership, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKCASE_CACHE", "true")
    monkeypatch.setenv("BOOKCASE_CACHE_MIN_BYTES", "0")  # York is small: cache it all the same
    path = loaders.write(york, tmp_path / "york.json")
    row = LoadRow("york", len(york), york.edge_count, 0.0, 0.0)
    measure_load(path, row, runs=2, folder=tmp_path)  # two rounds: the anchor runs last, then first
    assert row.notes == []  # every load, cached or not, and the anchor found York's nodes and edges
    assert [len(values) for values in (row.loads, row.loads_cpu, row.peaks_mb, row.cached, row.cache_mb,
                                       row.anchors, row.anchors_cpu, row.anchor_peaks_mb)] == [2] * 8
    assert all(mb > 10 for mb in row.peaks_mb + row.anchor_peaks_mb)  # a Python process, not kB taken for MB
    assert all(mb > 0 for mb in row.cache_mb)  # each round's first load filled that round's own cache folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["york.json"]  # and the folders are gone


def test_measure_load_notes_a_failed_probe(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{")
    row = LoadRow("x", 1, 0, 0.0, 0.0)
    measure_load(path, row, runs=3, folder=tmp_path)
    assert row.loads == [] and len(row.notes) == 1 and row.notes[0].startswith("load failed in round 1: ")


def test_interleaved_runs_time_each_graph_alike_and_baselines_only_the_whole() -> None:
    small = build(generate("s", 0)[0])
    other = build(generate("s", 1)[0])
    rows = _time_interleaved(get_query("reporting-line"), [("n/2", small), ("n", other)], 3,
                             name="reporting-line", extra={})
    assert [(r.scale, r.first is not None, r.error) for r in rows] == [("n/2", True, None), ("n", True, None)]
    # As many warm runs on each (more than 3 if the query was fast), each with its CPU time.
    assert len(rows[0].times) == len(rows[1].times) == len(rows[0].cpu) == len(rows[1].cpu) >= 3
    assert rows[0].baseline is None and rows[1].baseline is not None
    assert rows[0].target == rows[1].target == 0.001


def test_the_command_checks_its_counts() -> None:
    done = subprocess.run([*COMMAND, "benchmark", "--repeat", "0"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 2 and "--repeat" in done.stderr


def test_a_small_benchmark_prints_its_query_table() -> None:  # the loads are tested above, so --no-load
    done = subprocess.run([*COMMAND, "benchmark", "--scales", "s", "--query", "reporting-line", "--repeat", "2",
                           "--no-load"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200", "BOOKCASE_PROGRESS": "never"})
    assert done.returncode == 0, done.stderr
    assert "Queries at s: median (min–max) of 2 warm runs, more for a query under 10 ms, after one cold first run." \
        in done.stdout
    assert "| reporting-line | s |" in done.stdout
    assert "load (min–max)" not in done.stdout and "n/2 →" not in done.stdout

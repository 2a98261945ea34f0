"""``bookcase benchmark --scenario``: the comparison timed against the queries it runs (no time is asserted)."""

from __future__ import annotations

import os
import subprocess

from test_cli import COMMAND


def test_the_scenario_benchmark_prints_its_table() -> None:
    done = subprocess.run([*COMMAND, "benchmark", "--scenario", "s", "--repeat", "1"], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "BOOKCASE_PROGRESS": "never"})
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "a scenario of 100 changes" in out
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| what | first run s")
    assert table[1].startswith("| scenario compare, 100 changes (") and "on the whole partnership" in table[1]
    assert table[2].startswith("| baseline: gaps, funding, accountability-integrity, health, duplicates")
    assert table[3].startswith("| ratio, compare ÷ baseline |") and table[3].count("×") == 2

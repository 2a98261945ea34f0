"""The README's "What-if scenarios" commands, run as written from the checkout's root, and the command line's
exit codes and error shape for scenarios."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from api.cli import main
from loaders import load

ROOT = Path(__file__).resolve().parents[2]


def _block(name: str, lang: str = "") -> str:
    found = re.search(rf"<!-- {name}:start -->\n```{lang}\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert found, f"the README's {name} block is missing"
    return found.group(1)


def test_readme_scenario_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    commands = [line for line in _block("scenario-examples", "sh").splitlines() if line.strip()]
    assert len(commands) == 5
    for command in commands:
        args = shlex.split(command)
        assert args[0] == "bookcase"
        assert main(args[1:]) == 0, command
    out = capsys.readouterr().out
    assert "apply cleanly to york" in out
    # The shipped example, by name (seed 001: nothing else in York serves homeless 16-21 year olds).
    assert "cover,left uncovered,cohort,homeless-16-21,Homeless young people aged 16-21,covered,no other active service recorded" \
        in out
    assert "Cost savings from FIRST" in out  # the York comparison's savings at risk
    assert "prevention,changed,share,prevention-share,Prevention and early-intervention share of annual spend,20.0%,43.0%" \
        in out
    written = load(tmp_path / "york-without-first.yaml")
    assert written.node("first").status.value == "decommissioned"  # type: ignore[attr-defined]


def test_readme_shows_what_check_says_of_the_bad_scenario(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["scenario", "check", "york", "tests/fixtures/scenarios/york-bad.yaml"]) == 1
    assert capsys.readouterr().out == _block("scenario-check")


def test_check_as_json_lists_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests/fixtures/scenarios/york-bad.yaml"
    assert main(["scenario", "check", "york", str(bad), "--format", "json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["valid"] is False
    assert [(p["line"], p["rule"]) for p in answer["problems"]] == [(6, "dangling-reference"), (12, "invalid-value"),
                                                                     (16, "invalid-value")]


def test_apply_and_compare_refuse_a_bad_scenario_with_the_one_error_shape(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests/fixtures/scenarios/york-bad.yaml"
    assert main(["scenario", "apply", "york", str(bad), "-o", str(tmp_path / "out.yaml")]) == 1
    assert not (tmp_path / "out.yaml").exists()
    assert "nothing was applied" in capsys.readouterr().err
    assert main(["scenario", "compare", "york", str(bad), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["code"] == "invalid-scenario" and len(payload["details"]["problems"]) == 3


def test_a_missing_scenario_file_is_a_bad_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "check", "york", "no-such-scenario.yaml"]) == 2
    assert "no scenario file 'no-such-scenario.yaml'" in capsys.readouterr().err

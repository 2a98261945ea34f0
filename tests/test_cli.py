"""The `bookcase` command as a user runs it: a real process, real exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph_model.schema import schema_table_markdown
from queries.registry import FAMILIES

SCRIPT = Path(sys.executable).parent / "bookcase"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "api.cli"]


def bookcase(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run([*COMMAND, *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("name", ["york", "staffordshire"])
def test_bundled_partnerships_validate(name: str) -> None:
    done = bookcase("validate", name)
    assert done.returncode == 0, done.stderr
    assert f"{name}: valid" in done.stdout


def test_show_york_names_the_top_of_the_bookcase() -> None:
    done = bookcase("show", "york", "--format", "json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    # 001 Annex: the Without Walls Board heads the planning bookcase diagram.
    assert "without-walls-board" in [t["id"] for t in summary["top_boards"]]
    assert summary["node_counts"]["Board"] >= 5
    text = bookcase("show", "york").stdout
    assert "Top boards" in text and "Without Walls" in text


def test_show_and_reports_to_agree_on_what_sits_below_the_without_walls_board() -> None:
    """001 Annex and 002: 15 bodies sit below the Without Walls Board; the 11 units of the ICG's "virtual hub"
    (002 Annex 1) support it and are counted apart; show says both numbers and what they count, and
    reports-to lists the same 15 and keeps the same 11 apart."""
    text = bookcase("show", "york").stdout
    assert "Without Walls Board [without-walls-board]: 15 bodies and 0 units below (15 in all); 11 support units apart" \
        in text
    assert "units that support them serve them, not report to them, and are counted apart" in text
    tree = bookcase("query", "reports-to", "--dataset", "york", "--node", "without-walls-board").stdout
    assert "In all 15 nodes sit under it, 4 levels deep: 15 bodies." in tree and "11 units." in tree


def test_schema_prints_the_schema_table() -> None:
    done = bookcase("schema")
    assert done.returncode == 0
    assert done.stdout == schema_table_markdown()
    as_json = json.loads(bookcase("schema", "--format", "json").stdout)
    assert {e["type"] for e in as_json["edge_types"]} >= {"ACCOUNTABLE_TO", "FUNDS", "DEPENDS_ON"}


def test_convert_then_validate_the_copy(tmp_path: Path) -> None:
    target = tmp_path / "york.json"
    done = bookcase("convert", "york", str(target))
    assert done.returncode == 0, done.stderr
    assert bookcase("validate", str(target)).returncode == 0
    csv_dir = tmp_path / "york-csv"
    assert bookcase("convert", str(target), str(csv_dir), "--to", "csv").returncode == 0
    assert (csv_dir / "nodes.csv").exists()
    assert bookcase("validate", str(csv_dir)).returncode == 0


def test_invalid_file_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "partnership: {id: bad, name: Bad}\n"
        "nodes:\n"
        "  - {id: board, type: Board, name: Board}\n"
        "  - {id: svc, type: Service, name: A service, tier: five}\n"
        "  - {id: healthy, type: Outcome, name: Be healthy}\n"
        "edges:\n"
        "  - {type: ACCOUNTABLE_TO, from: healthy, to: board}\n"
        "  - {type: CONTRIBUTES_TO, from: svc, to: healthy}\n"
    )
    done = bookcase("validate", str(bad))
    assert done.returncode == 1
    # The problems are validate's output: on stdout, so `bookcase validate x | less` shows them.
    assert "bad.yaml, line 4, field 'tier'" in done.stdout
    assert "line 7, field 'from': ACCOUNTABLE_TO cannot run from Outcome 'healthy'" in done.stdout
    assert "line 8, field 'from'" in done.stdout and "could not be read" in done.stdout
    as_json = bookcase("validate", str(bad), "--format", "json")
    assert as_json.returncode == 1
    problems = json.loads(as_json.stdout)["details"]["problems"]
    assert {p["rule"] for p in problems} >= {"invalid-number", "edge-rule"}


@pytest.mark.parametrize(
    ("args", "text"),
    [
        pytest.param(("validate", "yorkk"), "york", id="unknown-dataset"),
        pytest.param(("query", "reportingline"), "reporting-line", id="unknown-query"),
        pytest.param(("query", "reporting-line", "--node", "Integrated Comissioning Group"), "closest", id="unknown-node"),
    ],
)
def test_bad_requests_exit_2_with_a_hint(args: tuple[str, ...], text: str) -> None:
    done = bookcase(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert text in done.stderr


def test_query_list_shows_all_eleven_families() -> None:
    done = bookcase("query", "--list")
    assert done.returncode == 0, done.stderr
    for family in FAMILIES:
        assert f"{family}:" in done.stdout
    listed = json.loads(bookcase("query", "--list", "--format", "json").stdout)
    assert {q["family"] for q in listed} == set(FAMILIES)


def test_query_by_name_in_three_formats() -> None:
    args = ("query", "reporting-line", "--node", "Integrated Commissioning Group")
    table = bookcase(*args)
    assert table.returncode == 0, table.stderr
    assert "YorOK Board" in table.stdout
    as_json = json.loads(bookcase(*args, "--format", "json").stdout)
    assert as_json["query"] == "reporting-line" and as_json["partnership"] == "york"
    as_csv = bookcase(*args, "--format", "csv")
    assert as_csv.returncode == 0 and as_csv.stdout.count("\n") >= 2


@pytest.mark.parametrize(
    ("args", "text"),
    [
        pytest.param(("convert", "york", "out.txt"), "cannot tell which format", id="convert-unknown-format"),
        pytest.param(("query", "reporting-line", "--node", "icg", "--node", "yorok-board"), "takes one value",
                     id="repeated-single-node"),
        pytest.param(("query", "diff", "--before", "2012-01-01", "--after", "2014-01-01", "--as-of", "2013-01-01"),
                     "No such option '--as-of'", id="diff-takes-no-as-of"),
        pytest.param(("query", "decommission-impact", "--node", "two-year-old-entitlement", "--as-of", "2012-01-01"),
                     "was not in force on 2012-01-01", id="node-not-in-force"),
        pytest.param(("query", "decommission-impact"), "Missing option '--node'", id="required-node"),
    ],
)
def test_more_bad_requests_exit_2_with_a_plain_message(tmp_path: Path, args: tuple[str, ...], text: str) -> None:
    done = bookcase(*args, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert text in done.stderr


def test_convert_to_a_folder_without_a_format_names_the_option_not_internals(tmp_path: Path) -> None:
    done = bookcase("convert", "york", str(tmp_path / "x" / "york-csv"))
    assert done.returncode == 2
    assert "--to csv" in done.stderr and "fmt" not in done.stderr
    assert not (tmp_path / "x").exists()  # nothing written


def test_convert_refuses_a_file_format_into_a_folder(tmp_path: Path) -> None:
    assert bookcase("convert", "york", str(tmp_path / "york-csv"), "--to", "csv").returncode == 0
    done = bookcase("convert", "york", str(tmp_path / "york-csv"), "--to", "json")
    assert done.returncode == 2 and "is a folder" in done.stderr and ".tmp" not in done.stderr
    assert (tmp_path / "york-csv" / "nodes.csv").exists()  # nothing lost


# --- fixes from a new user's walk through the README ---------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("query", "--format", "json", "gaps"), id="format-before-name"),
        pytest.param(("query", "gaps", "--format", "json"), id="format-after-name"),
        pytest.param(("query", "--dataset", "staffordshire", "--format", "json", "gaps"), id="dataset-before-name"),
        pytest.param(("query", "--as-of", "2015-01-01", "gaps", "--format", "json"), id="as-of-before-name"),
    ],
)
def test_shared_query_options_work_before_or_after_the_query_name(args: tuple[str, ...]) -> None:
    done = bookcase(*args)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)  # JSON, not a table silently printed instead
    assert answer["query"] == "gaps"
    assert answer["partnership"] == ("staffordshire" if "staffordshire" in args else "york")
    if "--as-of" in args:
        assert answer["as_of"] == "2015-01-01"


def test_a_shared_option_given_twice_with_different_values_is_refused() -> None:
    done = bookcase("query", "--format", "json", "gaps", "--format", "csv")
    assert done.returncode == 2 and "--format is given twice" in done.stderr


def test_query_list_refuses_an_option_it_would_ignore() -> None:
    done = bookcase("query", "--list", "--dataset", "staffordshire")
    assert done.returncode == 2 and "bookcase query NAME --dataset staffordshire" in done.stderr


def test_query_help_offers_every_format() -> None:
    for args in (("query", "--help"), ("query", "gaps", "--help")):
        assert "table|json|csv" in bookcase(*args).stdout


def test_generate_into_a_new_folder_makes_it(tmp_path: Path) -> None:
    target = tmp_path / "new" / "synthetic"
    done = bookcase("generate", "--scale", "s", "-o", str(target))
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in target.iterdir())
    assert written == ["synthetic-s-seed0.json", "synthetic-s-seed0.manifest.json"]
    assert bookcase("validate", str(target / "synthetic-s-seed0.json")).returncode == 0


def test_a_closed_pipe_exits_0_quietly() -> None:
    # `true` exits at once without reading, long before bookcase writes: every write meets a closed
    # pipe, as when `| head` has read all it wants.
    command = " ".join(f"'{c}'" for c in COMMAND)
    for args in ("query --list", "show york", "query gaps --format json"):
        piped = subprocess.run(["bash", "-o", "pipefail", "-c", f"{command} {args} | true"],
                               capture_output=True, text=True, timeout=60)
        assert piped.returncode == 0, (args, piped.stderr)
        assert piped.stderr == "", args


def test_show_says_which_records_are_generated() -> None:
    done = bookcase("show", "staffordshire")
    assert done.returncode == 0, done.stderr
    summary = json.loads(bookcase("show", "staffordshire", "--format", "json").stdout)
    nodes, edges = summary["generated_nodes"], summary["generated_edges"]
    # 003 §6 gives only the count of Community and Learning Partnerships (50): they are generated.
    assert nodes >= 50 and edges >= 50
    assert f"{nodes} nodes and {edges} edges generated" in done.stdout
    assert "records generated" not in done.stdout  # the old wording read as if every edge were generated


def test_a_long_table_shows_its_first_rows_and_says_how_to_get_them_all(york: object,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """At national scale an answer has tens of thousands of rows: the boxed table shows the first
    TABLE_ROWS and says so; CSV still gives every row."""
    from api.render import render_result
    from queries.registry import run_query

    result = run_query("service-map", york, {})  # type: ignore[arg-type]
    rows = result.table()
    assert len(rows) > 3
    monkeypatch.setattr("api.render.TABLE_ROWS", 3)
    text = render_result(result, "table")
    assert f"The table shows the first 3 of {len(rows):,} rows; --format csv or --format json gives every row." in text
    ids = [str(r["service_id"]) for r in rows]
    assert all(f"│ {i} " in text for i in ids[:3]) and not any(f"│ {i} " in text for i in ids[3:])
    assert len(render_result(result, "csv").splitlines()) == len(rows) + 1

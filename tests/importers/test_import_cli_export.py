"""The import command, and the GEXF and GraphML exports opened with networkx's readers."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from api.cli import main
from conftest import FIXTURES
from loaders import load, write

FRAMEWORK = FIXTURES / "ocds/ocds-b5fd17suppliermatch-97f911f5-7d29-4e50-aa8f-ae3dc5d15cc6.json"


def test_import_command_writes_a_valid_partnership_and_a_report(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out, rep = tmp_path / "staffs.json", tmp_path / "report.json"
    code = main(["import", "ocds", str(FRAMEWORK), "--into", "staffordshire", "-o", str(out), "--report", str(rep)])
    assert code == 0
    text = capsys.readouterr().out
    assert "merged Partner 'Staffordshire County Council'" in text
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["into"] == "staffordshire"
    assert load(out).info.id == "staffordshire"


def test_wrong_format_exits_1_without_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["import", "popolo", str(FRAMEWORK), "-o", str(tmp_path / "x.json")])
    err = capsys.readouterr().err
    assert code == 1 and "not a Popolo export" in err and "Traceback" not in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("suffix, reader", [(".gexf", nx.read_gexf), (".graphml", nx.read_graphml)],
                         ids=["gexf", "graphml"])
def test_exports_open_in_networkx_with_types_names_dates(tmp_path: Path, suffix: str, reader: object) -> None:
    p = load("staffordshire")
    path = write(p, tmp_path / f"staffs{suffix}")
    g = reader(path)  # type: ignore[operator]
    assert len(g) == len(p) and g.number_of_edges() == p.edge_count
    svc = g.nodes["short-breaks-framework"]
    assert svc["type"] == "Service" and svc["end_date"] == "2022-03-31"
    assert svc["name"] == p.node("short-breaks-framework").name
    types = {d["edge_type"] for _, _, d in g.edges(data=True)}
    assert types == {e.type.value for e in p.edges()}


@pytest.mark.parametrize("dataset", ["york", "staffordshire"])
@pytest.mark.parametrize("suffix", [".gexf", ".graphml"], ids=["gexf", "graphml"])
def test_export_then_import_gives_the_same_partnership(tmp_path: Path, dataset: str, suffix: str) -> None:
    p = load(dataset)
    back = load(write(p, tmp_path / f"{dataset}{suffix}"))
    assert back == p and back.info == p.info


def test_imported_feed_survives_a_graph_file(tmp_path: Path) -> None:
    # a Bristol description holds a stray control character (\x03), which XML cannot carry: the importer drops it
    from loaders.importers import import_files

    p, _ = import_files("oruk", [FIXTURES / "oruk/bristol-services-trimmed.json"])
    assert load(write(p, tmp_path / "bristol.gexf")) == p


def test_node_link_is_written_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(load("york"), tmp_path / "york-nodes.json", "node-link")
    assert main(["validate", str(path)]) == 1  # read as the project's JSON, which it is not
    capsys.readouterr()


def test_licence_option_is_recorded_where_the_file_states_none(tmp_path: Path) -> None:
    bristol = FIXTURES / "oruk/bristol-services-trimmed.json"  # Bristol's feed states no licence of its own
    out = tmp_path / "b.json"
    assert main(["import", "oruk", str(bristol), "--licence", "Open Government Licence v3.0", "-o", str(out)]) == 0
    p = load(out)
    assert all("Open Government Licence v3.0" in (r.source or "") for r in [*p.nodes(), *p.edges()])
    # the OCDS release states its own licence, which wins over the option
    assert main(["import", "ocds", str(FRAMEWORK), "--licence", "something else", "-o", str(out)]) == 0
    assert all("open-government-licence/version/2" in (n.source or "") for n in load(out).nodes())


def test_node_link_export_reads_back_in_networkx(tmp_path: Path) -> None:
    path = write(load("york"), tmp_path / "york-nodes.json", "node-link")
    g = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert len(g) == len(load("york")) and g.nodes["icg"]["type"] == "SubGroup"


@pytest.mark.parametrize("fmt, reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)], ids=["gexf", "graphml"])
def test_api_export_gives_the_same_file_as_the_writer(tmp_path: Path, fmt: str, reader: object) -> None:
    from fastapi.testclient import TestClient

    from api.http import Datasets, create_app
    from loaders import dump_export_text

    with TestClient(create_app(Datasets.load(["york"]))) as client:
        got = client.get(f"/v1/export/{fmt}")
    assert got.status_code == 200 and got.text == dump_export_text(load("york"), fmt)
    path = tmp_path / f"york.{fmt}"
    path.write_text(got.text, encoding="utf-8")
    assert len(reader(path)) == len(load("york"))  # type: ignore[operator]


def test_export_reaches_the_cypher_script_of_the_neo4j_work(tmp_path: Path) -> None:
    from queries.cypher.bolt import script

    out = tmp_path / "york.cypher"
    assert main(["export", "cypher", "--dataset", "york", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == script(load("york"))  # the one implementation, not a second

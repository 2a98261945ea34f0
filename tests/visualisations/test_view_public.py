"""Private bodies: Partnership.public() leaves no trace of them; a view made locally marks them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from api.cli import main
from graph_model import Partnership, record_data
from visualisations import VIEWS, build_view, render_page

ICG = re.compile(r"(?<![\w-])icg(?![\w-])|integrated commissioning group", re.IGNORECASE)


def _texts(p: Partnership) -> list[str]:
    return [json.dumps(p.info.model_dump(), default=str)] + [
        json.dumps(record_data(r), default=str) for r in (*p.nodes(), *p.edges())]


def test_york_public_leaves_out_the_icg_its_edges_and_every_mention(york: Partnership) -> None:
    assert york.node("icg").public is False  # type: ignore[attr-defined]
    shared = york.public()
    assert "icg" not in shared
    assert not [e.id for e in shared.edges() if "icg" in (e.from_, e.to)]
    assert len(shared) == len(york) - 1
    assert shared.edge_count == york.edge_count - len(york.out_edges("icg")) - len(york.in_edges("icg"))
    assert "SubGroup" in shared.counts() and shared.counts()["SubGroup"] == york.counts()["SubGroup"] - 1
    assert [t for t in _texts(shared) if ICG.search(t)] == []
    assert shared is york.public()  # made once


def test_public_keeps_what_does_not_name_a_hidden_body(york: Partnership) -> None:
    shared = york.public()
    assert shared.node("hub-contracts").source == "002 Annex 1"  # the citation's document and section stay
    clean = [n for n in york.nodes() if n.id != "icg" and not ICG.search(json.dumps(record_data(n), default=str))]
    assert clean and all(shared.node(n.id) == n for n in clean)  # records naming no hidden body are unchanged


def test_a_partnership_with_every_body_public_is_its_own_public_version(staffordshire: Partnership) -> None:
    assert staffordshire.public() is staffordshire


@pytest.mark.parametrize("name", list(VIEWS))
def test_a_public_only_view_leaves_no_trace_of_the_icg(york: Partnership, name: str) -> None:
    view = build_view(york.public(), name, focus="yorok-board")
    page = render_page(view)
    data = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', page, re.S)
    assert data is not None
    outside_scripts = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    assert ICG.search(data.group(1)) is None
    assert ICG.search(outside_scripts) is None
    assert '"np":' not in data.group(1) and "not public" not in outside_scripts


def test_a_view_made_locally_marks_the_icg_not_public_and_says_so_in_its_title(york: Partnership) -> None:
    view = build_view(york, "bookcase")
    icg = next(n for n in view.payload["nodes"] if n["id"] == "icg")
    assert icg["np"] is True and icg["label"].endswith("(not public)")
    assert any("not public" in note and "Integrated Commissioning Group" in note for note in view.payload["notes"])


def test_the_command_writes_the_public_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "bookcase.html"
    assert main(["view", "bookcase", "--dataset", "york", "--public-only", "-o", str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    page = target.read_text(encoding="utf-8")
    assert ICG.search(re.sub(r"<script(?! type=\"application/json\").*?</script>", "", page, flags=re.S)) is None

"""Round trips: a partnership written in any format and read back is the same graph.

The bundled York (seeds 000-002) and Staffordshire (seed 003) partnerships go
JSON -> one YAML file -> a YAML folder -> CSV and back, and must equal the bundled
data at every step. Awkward values (multi-line text, YAML look-alikes such as
``no``, semicolons in list items, nested observations) make the same trip.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graph_model import Partnership
from loaders import FORMATS, bundled_names, load, load_bundled, write

CHAIN = [("json", "p.json"), ("yaml", "p.yaml"), ("yaml-dir", "p-yaml"), ("csv", "p-csv")]


@pytest.mark.parametrize("name", ["york", "staffordshire"])
def test_bundled_partnership_survives_every_format_in_turn(tmp_path: Path, name: str) -> None:
    if name not in bundled_names():
        pytest.skip(f"the bundled {name} data is not in loaders/data yet")
    original = load_bundled(name)
    current = original
    for fmt, target in CHAIN:
        current = load(write(current, tmp_path / target, fmt))
        assert current == original, f"{name} changed after the {fmt} step"
    assert current.counts() == original.counts()


@pytest.mark.parametrize(("fmt", "target"), CHAIN, ids=[c[0] for c in CHAIN])
def test_writing_is_deterministic(tmp_path: Path, york: Partnership, fmt: str, target: str) -> None:
    """Writing, reading and writing again gives the same bytes, so files diff cleanly under version control."""
    first = write(york, tmp_path / "a" / target, fmt)
    second = write(load(first), tmp_path / "b" / target, fmt)

    def contents(path: Path) -> dict[str, bytes]:
        files = sorted(path.iterdir()) if path.is_dir() else [path]
        return {f.name: f.read_bytes() for f in files}

    assert contents(first) == contents(second)


AWKWARD = Partnership.from_records(
    {"id": "awkward", "name": "Awkward: values # that look like YAML", "sources": ["no", "2013", "a; b", "[x]"],
     "notes": ["x" * 200, "line one\nline two\n", "  leading and trailing  "]},
    nodes=[
        {"id": "2013", "type": "Plan", "name": "yes", "period": "2013-16", "description": "on"},
        {"id": "no", "type": "Board", "name": "Board 'quoted' \"twice\"", "statutory": False, "public": True,
         "description": "Café costs £35,000\n\nafter a blank line\n  indented line\n"},
        {"id": "hub", "type": "Unit", "name": "Hub", "functions": ["finance; HR", "legal", "null"]},
        {"id": "kpi", "type": "Indicator", "name": "KPI", "baseline": -1.5, "target": 0.1, "unit": "%",
         "observations": [{"value": 1e-7, "date": "2013-06-30"}, {"value": 123456789.125, "period": "2014/15",
                                                                   "note": "a, b; c"}]},
        {"id": "svc", "type": "Service", "name": "Service", "status": "decommissioned", "tier": 4,
         "start_date": "2012-04-01", "end_date": "2014-03-31", "annual_cost": 35000.5, "generated": True},
    ],
    edges=[
        {"type": "OWNS", "from": "no", "to": "2013"},
        {"id": "second-owns", "type": "OWNS", "from": "no", "to": "2013", "valid_from": "2014-01-01"},
        {"type": "SUPPORTS", "from": "hub", "to": "no", "role": "secretariat"},
        {"type": "MONITORS", "from": "no", "to": "svc", "description": "true"},
    ],
)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_awkward_values_survive(tmp_path: Path, fmt: str) -> None:
    target = {"json": "a.json", "yaml": "a.yaml", "gexf": "a.gexf", "graphml": "a.graphml"}.get(fmt, "a")
    back = load(write(AWKWARD, tmp_path / target, fmt))
    assert back == AWKWARD
    assert back.node("2013").name == "yes" and back.node("kpi").observations[1].value == 123456789.125
    assert back.edge("second-owns").valid_from == dt.date(2014, 1, 1)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda s: s.strip() != "")


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=TEXT, item=TEXT)
@example(description="next\x85line", item="a\u2028b\u2029")  # YAML line breaks PyYAML mangles unquoted
@example(description="tab\there\r\n", item=" - not a list")
def test_any_text_survives_every_format(tmp_path: Path, description: str, item: str) -> None:
    """Any text (lone surrogates and whitespace-only text aside: CSV reads a blank cell as empty)
    in a text field or a list item comes back unchanged."""
    p = Partnership.from_records({"id": "t", "name": "T", "notes": [item]},
                                 nodes=[{"id": "u", "type": "Unit", "name": "U", "description": description,
                                         "functions": [item, "other"]}], edges=[])
    for fmt, target in CHAIN:
        assert load(write(p, tmp_path / target, fmt)) == p, fmt

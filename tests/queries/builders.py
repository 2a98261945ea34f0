"""Small builders for hand-made partnerships in query tests, and the helpers and sample several of them share."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from graph_model import Partnership

INFO = {"id": "demo", "name": "Demo partnership"}


def node(node_id: str, node_type: str, **fields: Any) -> dict[str, Any]:
    """A node record; the name defaults to the id in title case."""
    return {"id": node_id, "type": node_type, "name": fields.pop("name", node_id.replace("-", " ").title()), **fields}


def edge(edge_type: str, source: str, target: str, **fields: Any) -> dict[str, Any]:
    """An edge record."""
    return {"type": edge_type, "from": source, "to": target, **fields}


def build(nodes: list[dict[str, Any]], edges: list[dict[str, Any]] | None = None) -> Partnership:
    """A validated partnership from node and edge records."""
    return Partnership.from_records(INFO, nodes=nodes, edges=edges or [])


def ids(refs: Any) -> list[str]:
    """The ids of the nodes a result names."""
    return [r.id for r in refs]


def covers(service: str, outcome: str, cohort: str | None = None, locality: str | None = None) -> list[dict[str, Any]]:
    """The edges that put a service on an (outcome, cohort, locality) key."""
    out = [edge("CONTRIBUTES_TO", service, outcome)]
    if cohort:
        out.append(edge("TARGETS", service, cohort))
    if locality:
        out.append(edge("SERVES", service, locality))
    return out


#: A small partnership on which funding, decommission-impact, health, network and diff each find something.
SMALL = build(
    [node("la", "Partner", sector="local-authority"), node("nhs", "Partner", sector="health"),
     node("dcs", "Post"), node("board", "Board", terms_of_reference="2013"), node("icg", "SubGroup"),
     node("pool", "Budget", kind="pooled"), node("s", "Service", tier=2, start_date="2014-01-01"),
     node("t", "Service", tier=3), node("o", "Outcome"), node("c", "Cohort")],
    [edge("EMPLOYS", "la", "dcs"), edge("CHAIRS", "dcs", "icg"), edge("MEMBER_OF", "nhs", "icg"),
     edge("ACCOUNTABLE_TO", "icg", "board"), edge("CONTRIBUTES", "la", "pool", amount=100),
     edge("FUNDS", "pool", "s", amount=60), edge("CONTRIBUTES_TO", "s", "o"), edge("TARGETS", "s", "c"),
     edge("REFERS_TO", "s", "t")])


#: The real OCDS release of Staffordshire's short-breaks framework (tests/fixtures/ocds).
SHORT_BREAKS_OCDS = (Path(__file__).resolve().parents[1] / "fixtures" / "ocds"
                     / "ocds-b5fd17suppliermatch-97f911f5-7d29-4e50-aa8f-ae3dc5d15cc6.json")


def short_breaks_award() -> dict[str, Any]:
    """The framework's award as the release gives it: value (GBP), first and last day, buyer, suppliers."""
    release = json.loads(SHORT_BREAKS_OCDS.read_text(encoding="utf-8"))["releases"][0]
    [award] = release["awards"]

    def day(stamp: str) -> dt.date:
        return dt.date.fromisoformat(stamp[:10])

    buyer = next(party["name"] for party in release["parties"] if "buyer" in party["roles"])
    return {"value": float(award["value"]["amount"]), "currency": award["value"]["currency"],
            "start": day(award["contractPeriod"]["startDate"]), "end": day(award["contractPeriod"]["endDate"]),
            "buyer": buyer, "suppliers": [s["name"] for s in award["suppliers"]]}

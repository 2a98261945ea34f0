"""A large partnership is compared on the part a scenario's changes can reach: the answer must be the one the whole
partnership gives. Checked on two synthetic authorities side by side with nothing between them, so the part is
one of the two, with the money totals still the whole's."""

from __future__ import annotations

from typing import Any

import pytest

from graph_model import Location, Partnership, build_partnership, dump_record
from loaders.synthetic import generate
from queries import run_query
from queries.scenarios import open_scenario, parse_scenario_text
from queries.scenarios.bench import scenario_of
from queries.scenarios.compare import compare_scenario, reach


def _renamed(record: Any, prefix: str) -> dict[str, Any]:
    data = dump_record(record)
    for key in ("id", "from", "to"):
        if key in data:
            data[key] = prefix + data[key]
    return data


@pytest.fixture(scope="module")
def two() -> tuple[Partnership, Partnership]:
    """Synthetic s (seed 0) alone, and beside it a second authority (seed 1, every id starting 'b.')."""
    info, nodes, edges = generate("s", 0)[0]
    _, other_nodes, other_edges = generate("s", 1)[0]
    here = Location(file="synthetic")
    alone = build_partnership(info, [(n, here) for n in nodes], [(e, here) for e in edges])
    both = build_partnership(info, [(dump_record(n), here) for n in nodes]
                             + [(_renamed(n, "b."), here) for n in other_nodes],
                             [(dump_record(e), here) for e in edges] + [(_renamed(e, "b."), here) for e in other_edges])
    return alone, both


def _with(sc_text: str, extra: list[str]) -> Any:
    return parse_scenario_text(sc_text + "".join(f"  - {line}\n" for line in extra), file="scope.yaml")


@pytest.mark.parametrize("seed", [0, 3])
def test_the_part_reached_gives_the_whole_answer(two: tuple[Partnership, Partnership], seed: int) -> None:
    alone, both = two
    sc = scenario_of(alone, size=40, seed=seed)  # every change names a node of the first authority only
    region = reach(both, sc, force=True)
    assert region is not None and not any(n.startswith("b.") for n in region)
    assert len(region) <= len(alone) < len(both)
    whole, part = compare_scenario(both, sc, scoped=False), compare_scenario(both, sc, scoped=True)
    assert part == whole
    assert part.rows  # the changes do show


def test_money_totals_stay_the_whole_partnerships(two: tuple[Partnership, Partnership]) -> None:
    """The NFER example moves £700,000 within the first authority: the spend before and after is the two
    authorities' together (the funding query on the whole), and the prevention share is over both."""
    _, both = two
    result = compare_scenario(both, open_scenario("synthetic-s-nfer-reroute"), scoped=True)
    whole = run_query("funding", both)
    assert result.spend_before == result.spend_after == whole.total_spend.text()
    assert result.prevention_before.share == pytest.approx(whole.prevention.prevention_share)
    pv = whole.prevention
    assert result.prevention_after.share == pytest.approx(
        (pv.prevention.known + 700_000) / (pv.prevention.known + pv.specialist.known))


def test_a_new_id_must_be_new_in_the_whole(two: tuple[Partnership, Partnership]) -> None:
    """Applied to the part it reaches, a scenario still may not reuse an id from elsewhere in the partnership."""
    _, both = two
    taken = next(n.id for n in both.nodes() if n.id.startswith("b."))
    sc = _with("scenario: {name: Reuse}\nchanges:\n", ["{change: decommission, services: [a001.svc-0034], "
                                                     "from: 2015-04-01}",
                                                     f"{{change: commission, id: {taken}, name: Copy}}"])
    from queries.scenarios import InvalidScenario

    with pytest.raises(InvalidScenario, match=f"node id '{taken}' is already used by"):
        compare_scenario(both, sc, scoped=True)

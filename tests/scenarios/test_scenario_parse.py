"""Reading scenario files: every problem with its file, line, field, rule and what is allowed."""

from __future__ import annotations

import pytest

from graph_model import Rule
from queries.scenarios import InvalidScenario, parse_scenario_text
from queries.scenarios.model import Assume, Decommission, Reroute

from .helpers import scenario


def test_each_kind_of_change_is_read_as_its_own_model() -> None:
    sc = scenario("  - {change: decommission, services: [first], from: 2015-04-01}\n"
                  "  - {change: reroute, amount: '£2.3m', out_of: a, into: b}\n"
                  "  - {change: assume, node: pool, amount: 600k}\n")
    assert sc.problems == []
    stop, move, assume = sc.valid().changes
    assert isinstance(stop, Decommission) and stop.from_.isoformat() == "2015-04-01"
    assert isinstance(move, Reroute) and move.amount == 2_300_000
    assert isinstance(assume, Assume) and assume.amount == 600_000


def test_problems_name_file_line_field_rule_and_what_is_allowed() -> None:
    sc = parse_scenario_text("scenario: {name: Bad}\n"           # line 1
                             "changes:\n"                          # line 2
                             "  - change: decommision\n"           # line 3
                             "    services: [first]\n"
                             "  - change: decommission\n"          # line 5
                             "    services: [first]\n"
                             "    from: 2015-13-01\n"              # line 7
                             "    colour: red\n"                   # line 8
                             "  - change: reroute\n"
                             "    amount: five\n"                  # line 10
                             "    out_of: a\n"
                             "    into: b\n", file="bad.yaml")
    found = [(p.location.file, p.location.line, p.location.field, p.rule) for p in sc.problems]
    assert found == [("bad.yaml", 3, "change", Rule.INVALID_VALUE), ("bad.yaml", 7, "from", Rule.INVALID_DATE),
                     ("bad.yaml", 8, "colour", Rule.UNKNOWN_FIELD), ("bad.yaml", 10, "amount", Rule.INVALID_NUMBER)]
    texts = [str(p) for p in sc.problems]
    assert "did you mean decommission" in texts[0] and "allowed: decommission, commission, reroute" in texts[0]
    assert "not a field of a decommission change" in texts[2] and "allowed: description, from, change, services" in texts[2]
    with pytest.raises(InvalidScenario, match="4 problems found; nothing was applied"):
        sc.valid()


def test_a_key_given_twice_and_malformed_yaml_are_the_loaders_problems() -> None:
    twice = scenario("  - change: assume\n    node: pool\n    node: fund\n    amount: 5\n")
    assert [(p.rule, p.location.line) for p in twice.problems] == [(Rule.DUPLICATE_KEY, 5)]  # line 5: the second node
    broken = parse_scenario_text("scenario: {name: x}\nchanges: [\n", file="broken.yaml")
    assert [p.rule for p in broken.problems] == [Rule.MALFORMED_FILE]


def test_missing_sections_and_fields_are_named() -> None:
    sc = parse_scenario_text("changes:\n  - {change: move, body: icg}\n", file="m.yaml")
    messages = [str(p) for p in sc.problems]
    assert any("no 'scenario' section" in m for m in messages)
    assert any("field 'to': 'to' is required" in m for m in messages)

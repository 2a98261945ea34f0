"""What the scenario tests share: the example files, and a scenario from text."""

from __future__ import annotations

from pathlib import Path

from queries.scenarios import ScenarioText, parse_scenario_text

#: The example scenarios and the small NFER county partnership (tests/fixtures/scenarios).
SCENARIOS = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"


def scenario(changes: str, *, name: str = "Test", file: str = "test.yaml") -> ScenarioText:
    """A scenario read from the text of its ``changes`` list (indented by two spaces, each starting '- ')."""
    return parse_scenario_text(f"scenario: {{name: {name}}}\nchanges:\n{changes}", file=file)

"""What-if scenarios: a small YAML file of changes, checked against a partnership, applied, and compared.

A layer over the :class:`~graph_model.Partnership` and the named queries, as
:mod:`queries.cypher` is: it reaches queries only through :func:`queries.run_query`.

=====================  ==========================================================
module                 what it holds
=====================  ==========================================================
:mod:`.model`          one pydantic model per kind of change, a discriminated union
:mod:`.parse`          reading a scenario file with the loaders' YAML reader, or a
                       shipped example by name (``examples/*.yaml``)
:mod:`.apply`          checking a scenario and applying it (the schema's checks run)
:mod:`.compare`        before and after, side by side, through the registry
=====================  ==========================================================
"""

from .apply import Applied, apply_scenario, check_scenario
from .model import CHANGE_MODELS, Change, ScenarioFile, ScenarioInfo
from .parse import (
    InvalidScenario,
    ScenarioText,
    example_names,
    example_path,
    open_scenario,
    parse_scenario_data,
    parse_scenario_text,
    read_scenario,
)

__all__ = [
    "CHANGE_MODELS",
    "Applied",
    "Change",
    "InvalidScenario",
    "ScenarioFile",
    "ScenarioInfo",
    "ScenarioText",
    "apply_scenario",
    "check_scenario",
    "example_names",
    "example_path",
    "open_scenario",
    "parse_scenario_data",
    "parse_scenario_text",
    "read_scenario",
]

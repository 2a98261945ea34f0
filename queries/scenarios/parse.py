"""Reading a scenario file: the project's YAML reader, every problem with its file, line, field and rule.

The reader is the loaders' own (:mod:`loaders.yaml_io`): a value keeps its line, a key given
twice is a ``duplicate-key`` problem, malformed YAML a ``malformed-file`` one; each change is
then validated against the model of its kind (:data:`~queries.scenarios.model.CHANGE_MODELS`)
and pydantic's errors are worded as the loaders word them
(:func:`graph_model.partnership.problems_from_validation`).

>>> text = '''
... scenario: {name: Stop FIRST}
... changes:
...   - change: reroot
...     services: [first]
... '''
>>> print(parse_scenario_text(text, file="stop.yaml").problems[0])
stop.yaml, line 4, field 'change': unknown change 'reroot'; did you mean reroute?; allowed: decommission, commission, reroute, pool, assume, move, merge, join, leave [invalid-value]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph_model import InvalidPartnership, InvalidTarget, Location, Problem, Rule
from graph_model.errors import close_matches, render_problems
from graph_model.partnership import problems_from_validation
from loaders._common import decode
from loaders.yaml_io import _NULL_TAG, _YamlReader

from .model import CHANGE_MODELS, ChangeBase, ScenarioFile, ScenarioInfo

__all__ = [
    "InvalidScenario",
    "ScenarioText",
    "example_names",
    "example_path",
    "open_scenario",
    "parse_scenario_data",
    "parse_scenario_text",
    "read_scenario",
]

SECTIONS = ("scenario", "changes")


class InvalidScenario(InvalidPartnership):
    """A scenario file that cannot be read or applied; carries every problem found, and nothing is applied."""

    def __str__(self) -> str:
        return render_problems(self.problems).replace("nothing was loaded", "nothing was applied", 1)


@dataclass
class ScenarioText:
    """A scenario as read from its file: the validated changes, where each sits, and the problems found."""

    file: str
    info: ScenarioInfo | None = None
    changes: list[ChangeBase] = field(default_factory=list)
    where: list[Location] = field(default_factory=list)
    fields: list[dict[str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def at(self, index: int, name: str | None = None) -> Location:
        """Where change ``index`` (0-based) sits, at field ``name``'s own line when it has one."""
        loc = self.where[index]
        line = self.fields[index].get(name, loc.line) if name else loc.line
        return replace(loc, line=line, field=name, record=f"change {index + 1}")

    def valid(self) -> ScenarioFile:
        """The whole file as one model, or :class:`InvalidScenario` with every problem."""
        if self.problems or self.info is None:
            raise InvalidScenario(self.problems or [Problem(Rule.MISSING_FIELD, "no 'scenario' block was found",
                                                            Location(file=self.file, line=1), "scenario: {name: ...}")])
        return ScenarioFile.model_validate({"scenario": self.info, "changes": self.changes})


class _ScenarioReader(_YamlReader):
    """The loaders' YAML reader, reading the two sections of a scenario file instead of a partnership's."""

    def __init__(self, file: str) -> None:
        super().__init__(file)
        self.out = ScenarioText(file)

    def _sections(self, root: Node) -> None:
        if not isinstance(root, MappingNode):
            self.fatal(Rule.MALFORMED_FILE, "a scenario file must be a mapping of sections, not a single value or a "
                       "list", self.at(root), ", ".join(SECTIONS))
            return
        seen: set[str] = set()
        for key_node, value in root.value:
            key = self._key(key_node)
            if key is None:
                continue
            if key in seen:
                self.fatal(Rule.DUPLICATE_KEY, f"section '{key}' appears twice in this file", self.at(key_node, key),
                           "each section once")
            elif key == "scenario":
                self._info(value)
            elif key == "changes":
                self._changes(value)
            else:
                near = close_matches(key, SECTIONS)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                self.fatal(Rule.UNKNOWN_FIELD, f"'{key}' is not a section of a scenario file{hint}",
                           self.at(key_node, key), ", ".join(SECTIONS))
            seen.add(key)
        for missing in (s for s in SECTIONS if s not in seen):
            self.fatal(Rule.MISSING_FIELD, f"no '{missing}' section", Location(file=self.file, line=1),
                       "scenario: {name: ...} and changes: [...]")

    def _info(self, value: Node) -> None:
        where = self.at(value, "scenario")
        if not isinstance(value, MappingNode):
            self.fatal(Rule.MALFORMED_FILE, "'scenario' must be a mapping of fields (name, description, as_of)", where)
            return
        fields: dict[str, int] = {}
        data = self._mapping(value, ScenarioInfo, "", fields)
        try:
            self.out.info = ScenarioInfo.model_validate(data)
        except ValidationError as err:
            self.parsed.problems += [_placed(p, fields, "scenario") for p in
                                     problems_from_validation(err, Location(file=self.file, line=where.line),
                                                              "scenario")]

    def _changes(self, value: Node) -> None:
        if not isinstance(value, SequenceNode):
            self.fatal(Rule.MALFORMED_FILE, "'changes' must be a list of changes (each line starting '- ')",
                       self.at(value, "changes"))
            return
        for index, item in enumerate(value.value):
            where = replace(self.at(item), record=f"change {index + 1}")
            if not isinstance(item, MappingNode):
                self.fatal(Rule.MALFORMED_FILE, "each change must be a mapping of fields, not "
                           f"{'a list' if isinstance(item, SequenceNode) else repr(item.value)}", where)
                continue
            kind = next((v.value for k, v in item.value if isinstance(k, ScalarNode) and k.value == "change"
                         and isinstance(v, ScalarNode) and v.tag != _NULL_TAG), None)
            model = CHANGE_MODELS.get(kind) if isinstance(kind, str) else None
            fields: dict[str, int] = {}
            data = self._mapping(item, model or ChangeBase, "", fields)
            self.out.where.append(where)
            self.out.fields.append(fields)
            if model is None:
                allowed = ", ".join(CHANGE_MODELS)
                if kind is None:
                    problem = Problem(Rule.MISSING_FIELD, "a change needs a 'change' naming its kind",
                                      where.with_field("change"), allowed)
                else:
                    near = close_matches(str(kind), CHANGE_MODELS)
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    problem = Problem(Rule.INVALID_VALUE, f"unknown change '{kind}'{hint}",
                                      replace(where, line=fields.get("change", where.line), field="change"), allowed)
                self.parsed.problems.append(problem)
                self.out.changes.append(ChangeBase())
                continue
            try:
                self.out.changes.append(model.model_validate(data))
            except ValidationError as err:
                found = problems_from_validation(err, where, "change")
                self.parsed.problems += [_placed(p, fields, kind, model) for p in found]
                self.out.changes.append(ChangeBase())


def _placed(p: Problem, fields: dict[str, int], kind: str | None, model: type[Any] | None = None) -> Problem:
    """A validation problem at its field's own line, an unknown field with the fields its change allows."""
    loc = p.location
    if loc.field:
        path = loc.field
        while path and path not in fields:
            path = path.rsplit(".", 1)[0] if "." in path else path.split("[", 1)[0] if "[" in path else ""
        if path:
            loc = replace(loc, line=fields[path])
    if p.rule is Rule.UNKNOWN_FIELD and model is not None:
        names = [f.alias or n for n, f in model.model_fields.items()]
        field_name = (loc.field or "").split(".")[0]
        near = close_matches(field_name, names)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        return replace(p, location=loc, message=f"'{field_name}' is not a field of a {kind} change{hint}",
                       allowed=", ".join(names))
    return replace(p, location=loc)


def parse_scenario_text(text: str, *, file: str = "<scenario>") -> ScenarioText:
    """Read a scenario from YAML text; problems are listed on the result, nothing is raised."""
    reader = _ScenarioReader(file)
    parsed = reader.read(text)
    out = reader.out
    out.problems = sorted([*parsed.fatal, *parsed.problems], key=lambda p: p.location.line or 0)
    return out


def read_scenario(path: str | Path) -> ScenarioText:
    """Read a scenario file (its name, as given, names it in every problem)."""
    path = Path(path)
    text, problems = decode(path.read_bytes(), path.name)
    if text is None:
        return ScenarioText(path.name, problems=problems)
    return parse_scenario_text(text, file=path.name)


def parse_scenario_data(data: Mapping[str, Any], *, file: str = "<scenario>") -> ScenarioText:
    """Read a scenario given as data (a JSON object with the YAML file's shape), with the same checks and words.

    The data is written out as YAML and read by the same reader, so a problem is found and worded exactly as in a
    file; it is placed by its change and field (``change 2, field 'amount'``), with no line, since the data has
    none of its own.

    >>> sc = parse_scenario_data({"scenario": {"name": "S"}, "changes": [{"change": "assume", "node": "x"}]})
    >>> print(sc.problems[0].location)
    <scenario>, change 1, field 'amount'
    """
    try:
        text = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True)
    except yaml.YAMLError as err:  # a value YAML cannot write (JSON can carry a lone surrogate)
        return ScenarioText(file, problems=[Problem(Rule.MALFORMED_FILE, f"the scenario cannot be read: {err}",
                                                    Location(file=file), "text, numbers, lists and mappings")])
    out = parse_scenario_text(text, file=file)
    out.problems = [replace(p, location=replace(p.location, line=None)) for p in out.problems]
    out.where = [replace(loc, line=None) for loc in out.where]
    out.fields = [{} for _ in out.fields]
    return out


def example_names() -> list[str]:
    """The example scenarios shipped with the package, by name (the file name without ``.yaml``), sorted.

    >>> "york-decommission-howe-hill" in example_names()
    True
    """
    folder = resources.files(__package__).joinpath("examples")
    return sorted(f.name.removesuffix(".yaml") for f in folder.iterdir() if f.name.endswith(".yaml"))


def example_path(name: str) -> Path | None:
    """Where the shipped example ``name`` (with or without ``.yaml``) is, or None when there is no such example."""
    stem = name.removesuffix(".yaml")
    if stem not in example_names():
        return None
    return Path(str(resources.files(__package__).joinpath("examples", f"{stem}.yaml")))


def open_scenario(ref: str | Path) -> ScenarioText:
    """Read a scenario named by a path to its file or by the name of a shipped example (a file that exists wins);
    :class:`~graph_model.InvalidTarget` names the examples when it is neither.

    >>> open_scenario("york-decommission-howe-hill").info.name
    'Decommission Howe Hill'
    """
    path = Path(ref)
    if path.is_file():
        return read_scenario(path)
    found = example_path(str(ref))
    if found is None:
        names = example_names()
        near = close_matches(str(ref), names)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise InvalidTarget(f"no scenario file '{ref}'{hint}; name a YAML file of changes or a shipped example: "
                            + ", ".join(names))
    return read_scenario(found)

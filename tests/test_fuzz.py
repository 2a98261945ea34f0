"""Seeded fuzzing of the bundled York YAML folder.

Each case copies ``loaders/data/york`` (seeds 000-002), breaks it in one way chosen
by ``random.Random(seed)`` and loads it. Whatever the damage, loading must either
give a valid :class:`Partnership` or raise :class:`InvalidPartnership` whose every
problem names a file of the folder, a line inside that file, a rule and a message;
any other exception fails the case. Targeted mutations (a date that is not a date,
an edge to a missing id, an accountability back-edge, ...) must also be reported
with their own rule at the line that was changed.

The mutations find their targets with PyYAML's own node marks, not with the
loader under test. Run one case with ``pytest tests/test_fuzz.py -k 017``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from graph_model import EDGE_MODELS, EDGE_RULES, BookcaseError, EdgeType, InvalidPartnership, Partnership, Rule
from graph_model.models import record_fields
from loaders import bundled_names, bundled_path, load
from loaders.yaml_io import yaml_files

CASES_PER_MUTATION = 6
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATE_KEYS = {"valid_from", "valid_to", "start_date", "end_date", "date"}
NUMBER_KEYS = {"value", "tier", "rank", "amount", "baseline", "target", "annual_cost", "age_min", "age_max",
               "lifetime_value"}


# --- what the mutations work on ----------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """One ``key: value`` of a record whose value is a single scalar, with its place in the text."""

    file: str
    section: str  # nodes, edges or partnership
    key: str
    key_line: int  # 1-based
    key_start: int  # character offsets in the file's text
    key_end: int
    start: int
    end: int
    record: int  # index of the record in its file's section
    nested: bool  # inside an observation rather than the record itself
    flow: bool  # inside a {...} mapping


@dataclass(frozen=True)
class Record:
    file: str
    section: str
    first_line: int  # 1-based, inclusive
    last_line: int
    fields: dict[str, str]


@dataclass
class York:
    texts: dict[str, str]
    partnership: Partnership
    scalars: list[Scalar] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)


def _walk(file: str, text: str) -> Iterator[Scalar | Record]:
    root = yaml.compose(text, Loader=_LOADER)
    assert isinstance(root, MappingNode)
    lines = text.splitlines()
    for key_node, section in root.value:
        items = [section] if key_node.value == "partnership" else getattr(section, "value", [])
        for index, item in enumerate(items):
            if not isinstance(item, MappingNode):
                continue
            end = item.end_mark
            ends_before = end.line > item.start_mark.line and not lines[end.line][: end.column].strip() \
                if end.line < len(lines) else True
            last = end.line - 1 if ends_before else end.line
            scalars = list(_scalars(file, key_node.value, index, item, nested=False))
            yield Record(file, key_node.value, item.start_mark.line + 1, last + 1,
                         {s.key: text[s.start:s.end] for s in scalars if not s.nested})
            yield from scalars


def _scalars(file: str, section: str, index: int, node: MappingNode, *, nested: bool) -> Iterator[Scalar]:
    for k, v in node.value:
        if isinstance(v, ScalarNode):
            yield Scalar(file, section, k.value, k.start_mark.line + 1, k.start_mark.index, k.end_mark.index,
                         v.start_mark.index, v.end_mark.index, index, nested, bool(node.flow_style))
        elif isinstance(v, SequenceNode):
            for item in v.value:
                if isinstance(item, MappingNode):
                    yield from _scalars(file, section, index, item, nested=True)


@pytest.fixture(scope="module")
def york_texts() -> York:
    if "york" not in bundled_names():
        pytest.skip("the bundled York data is not in loaders/data yet")
    folder = bundled_path("york")
    texts = {f.name: f.read_text(encoding="utf-8") for f in yaml_files(folder)}
    york = York(texts, load(folder))
    for name, text in texts.items():
        for thing in _walk(name, text):
            (york.records if isinstance(thing, Record) else york.scalars).append(thing)
    return york


# --- the mutations --------------------------------------------------------------------------


@dataclass
class Mutation:
    """The changed files (None: the file is deleted) and what loading must then report, if anything."""

    files: dict[str, str | bytes | None]
    what: str
    rule: Rule | None = None
    file: str | None = None
    lines: tuple[int, ...] = ()  # the expected problem is on one of these lines


Mutator = Callable[[random.Random, York], Mutation]
MUTATIONS: dict[str, Mutator] = {}


def mutation(fn: Mutator) -> Mutator:
    MUTATIONS[fn.__name__] = fn
    return fn


def splice(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def pick_line(rng: random.Random, york: York) -> tuple[str, list[str], int]:
    name = rng.choice(sorted(york.texts))
    lines = york.texts[name].splitlines(keepends=True)
    return name, lines, rng.randrange(len(lines))


def replace_value(rng: random.Random, york: York, scalars: list[Scalar], values: list[str], rule: Rule) -> Mutation:
    s = rng.choice(scalars)
    new = rng.choice(values)
    text = splice(york.texts[s.file], s.start, s.end, new)
    return Mutation({s.file: text}, f"{s.file}:{s.key_line} {s.key} -> {new!r}", rule, s.file, (s.key_line,))


@mutation
def bad_date(rng: random.Random, york: York) -> Mutation:
    dates = [s for s in york.scalars if s.key in DATE_KEYS]
    return replace_value(rng, york, dates, ["2013-02-30", "31/12/2013", "soon", "2013-13-01", "next April"],
                         Rule.INVALID_DATE)


@mutation
def bad_number(rng: random.Random, york: York) -> Mutation:
    numbers = [s for s in york.scalars if s.key in NUMBER_KEYS]
    return replace_value(rng, york, numbers, ["lots", "about £12k", "twelve", "n/a", "12 pounds"], Rule.INVALID_NUMBER)


@mutation
def edge_to_missing_id(rng: random.Random, york: York) -> Mutation:
    ends = [s for s in york.scalars if s.section == "edges" and s.key in ("from", "to")]
    return replace_value(rng, york, ends, [f"no-such-node-{rng.randrange(1000)}"], Rule.DANGLING_REFERENCE)


@mutation
def unknown_node_type(rng: random.Random, york: York) -> Mutation:
    types = [s for s in york.scalars if s.section == "nodes" and s.key == "type" and not s.nested]
    return replace_value(rng, york, types, ["Servce", "board", "Committee", "Person", "SERVICE"],
                         Rule.UNKNOWN_NODE_TYPE)


@mutation
def unknown_edge_type(rng: random.Random, york: York) -> Mutation:
    types = [s for s in york.scalars if s.section == "edges" and s.key == "type"]
    return replace_value(rng, york, types, ["REPORTS", "accountable_to", "OVERSEES", "FUNDED_BY"],
                         Rule.UNKNOWN_EDGE_TYPE)


@mutation
def forbidden_edge_type(rng: random.Random, york: York) -> Mutation:
    """Give an edge a type whose rule forbids its two ends (and that accepts all its fields)."""
    p = york.partnership
    options = []
    for rec in (r for r in york.records if r.section == "edges"):
        source, target = p.node(rec.fields["from"]).type, p.node(rec.fields["to"]).type
        for etype, model in EDGE_MODELS.items():
            if not EDGE_RULES[etype].allows(source, target) and set(rec.fields) <= set(record_fields(model)):
                options.append((rec, etype))
    rec, etype = rng.choice(options)
    s = next(s for s in york.scalars if s.file == rec.file and s.section == "edges" and s.key == "type"
             and rec.first_line <= s.key_line <= rec.last_line)
    ends = tuple(x.key_line for x in york.scalars if x.file == rec.file and x.section == "edges"
                 and x.key in ("from", "to") and rec.first_line <= x.key_line <= rec.last_line)
    text = splice(york.texts[rec.file], s.start, s.end, etype.value)
    return Mutation({rec.file: text}, f"{rec.file}:{s.key_line} type -> {etype.value}", Rule.EDGE_RULE, rec.file,
                    ends)


@mutation
def accountability_back_edge(rng: random.Random, york: York) -> Mutation:
    """Make a body formally accountable to one of the bodies it is (directly or not) accountable to."""
    p = york.partnership
    up = p.adjacency(EdgeType.ACCOUNTABLE_TO, "out")
    chains = []
    for start in up:
        seen, frontier = [], list(up[start])
        while frontier:
            nxt = frontier.pop()
            if nxt not in seen:
                seen.append(nxt)
                frontier += up.get(nxt, [])
        chains += [(start, top) for top in seen if p.node(start).type in {n.type for n in p.nodes("Board", "SubGroup")}]
    start, top = rng.choice(sorted(chains))
    text = f"edges:\n  - {{type: ACCOUNTABLE_TO, from: {top}, to: {start}}}\n"
    return Mutation({"zz-fuzz.yaml": text}, f"{top} ACCOUNTABLE_TO {start}", Rule.ACCOUNTABILITY_LOOP)


@mutation
def duplicate_record(rng: random.Random, york: York) -> Mutation:
    rec = rng.choice([r for r in york.records if r.section == "nodes"])
    lines = york.texts[rec.file].splitlines(keepends=True)
    block = lines[rec.first_line - 1: rec.last_line]
    block[-1] = block[-1] if block[-1].endswith("\n") else block[-1] + "\n"
    text = "".join(lines[: rec.last_line] + block + lines[rec.last_line:])
    id_line = next(s.key_line for s in york.scalars if s.file == rec.file and s.key == "id"
                   and rec.first_line <= s.key_line <= rec.last_line)
    return Mutation({rec.file: text}, f"{rec.file}:{rec.first_line}-{rec.last_line} copied", Rule.DUPLICATE_ID,
                    rec.file, (id_line + len(block),))


@mutation
def misspelt_key(rng: random.Random, york: York) -> Mutation:
    keys = [s for s in york.scalars if s.key not in ("id", "type", "from", "to", "name") and not s.nested]
    s = rng.choice(keys)
    new = s.key[:-2] + s.key[-1] + s.key[-2] if s.key[-1] != s.key[-2] else s.key + "x"
    text = splice(york.texts[s.file], s.key_start, s.key_end, new)
    return Mutation({s.file: text}, f"{s.file}:{s.key_line} key {s.key} -> {new}", Rule.UNKNOWN_FIELD, s.file,
                    (s.key_line,))


@mutation
def duplicate_key(rng: random.Random, york: York) -> Mutation:
    """Repeat a one-line ``key: value`` line of a block-style record."""
    candidates = []
    for s in york.scalars:
        line = york.texts[s.file].splitlines()[s.key_line - 1]
        own_line = york.texts[s.file].count("\n", 0, s.end) == s.key_line - 1
        if line.strip().startswith(f"{s.key}:") and own_line and not s.nested and not s.flow:
            candidates.append(s)
    s = rng.choice(candidates)
    lines = york.texts[s.file].splitlines(keepends=True)
    text = "".join(lines[: s.key_line] + [lines[s.key_line - 1]] + lines[s.key_line:])
    return Mutation({s.file: text}, f"{s.file}:{s.key_line} {s.key} repeated", Rule.DUPLICATE_KEY, s.file,
                    (s.key_line + 1,))


@mutation
def unknown_section(rng: random.Random, york: York) -> Mutation:
    name = rng.choice(sorted(york.texts))
    text = york.texts[name].rstrip("\n") + "\n"
    line = text.count("\n") + 1
    section = rng.choice(["nodez", "edge", "partnerships", "metadata"])
    return Mutation({name: text + f"{section}:\n  - id: x\n"}, f"{name}: section {section}", Rule.UNKNOWN_FIELD, name,
                    (line,))


@mutation
def no_partnership_file(rng: random.Random, york: York) -> Mutation:
    return Mutation({"partnership.yaml": None}, "partnership.yaml deleted", Rule.MISSING_FIELD)


@mutation
def not_utf8(rng: random.Random, york: York) -> Mutation:
    """A comment with a Latin-1 byte on one line; the rest of the file stays UTF-8."""
    name, lines, at = pick_line(rng, york)
    data = [line.encode("utf-8") for line in lines]
    data[at] = data[at].rstrip(b"\n") + b" # caf\xe9\n"
    return Mutation({name: b"".join(data)}, f"{name}:{at + 1} latin-1", Rule.MALFORMED_FILE, name, (at + 1,))


@mutation
def delete_line(rng: random.Random, york: York) -> Mutation:
    name, lines, at = pick_line(rng, york)
    return Mutation({name: "".join(lines[:at] + lines[at + 1:])}, f"{name}:{at + 1} deleted")


@mutation
def duplicate_line(rng: random.Random, york: York) -> Mutation:
    name, lines, at = pick_line(rng, york)
    return Mutation({name: "".join(lines[: at + 1] + lines[at:])}, f"{name}:{at + 1} doubled")


@mutation
def swap_lines(rng: random.Random, york: York) -> Mutation:
    name, lines, at = pick_line(rng, york)
    at = min(at, len(lines) - 2)
    lines[at], lines[at + 1] = lines[at + 1], lines[at]
    return Mutation({name: "".join(lines)}, f"{name}:{at + 1} swapped with the next line")


@mutation
def break_indentation(rng: random.Random, york: York) -> Mutation:
    name, lines, at = pick_line(rng, york)
    shift = rng.choice([-3, -2, -1, 1, 2, 3])
    lines[at] = " " * shift + lines[at] if shift > 0 else lines[at][min(-shift, len(lines[at]) - len(lines[at].lstrip(" "))):]
    return Mutation({name: "".join(lines)}, f"{name}:{at + 1} indented by {shift}")


@mutation
def insert_tab(rng: random.Random, york: York) -> Mutation:
    name, lines, at = pick_line(rng, york)
    col = rng.randrange(len(lines[at]))
    lines[at] = lines[at][:col] + "\t" + lines[at][col:]
    return Mutation({name: "".join(lines)}, f"{name}:{at + 1}:{col} tab")


@mutation
def truncate(rng: random.Random, york: York) -> Mutation:
    name = rng.choice(sorted(york.texts))
    cut = rng.randrange(len(york.texts[name]))
    return Mutation({name: york.texts[name][:cut]}, f"{name} cut at {cut}")


@mutation
def insert_character(rng: random.Random, york: York) -> Mutation:
    name = rng.choice(sorted(york.texts))
    at = rng.randrange(len(york.texts[name]))
    ch = rng.choice([":", "{", "}", "[", "]", "&", "*", "!", "'", '"', "#", "|", ">", "-", ",", "\x07", "é", "\ufeff"])
    return Mutation({name: splice(york.texts[name], at, at, ch)}, f"{name} {ch!r} at {at}")


@mutation
def yaml_lookalike_value(rng: random.Random, york: York) -> Mutation:
    s = rng.choice(york.scalars)
    new = rng.choice(["no", "~", "[]", "{}", "null", ".inf", "0x1F", "1e400", "!!binary x", "&a", "*nope", "'",
                      "? x", "|", ">", "@x", "%x", "12:30:00", "-.nan", "!!python/object:os.system x", "yes"])
    return Mutation({s.file: splice(york.texts[s.file], s.start, s.end, new)}, f"{s.file}:{s.key_line} {s.key} = {new}")


@mutation
def delete_record(rng: random.Random, york: York) -> Mutation:
    rec = rng.choice(york.records)
    lines = york.texts[rec.file].splitlines(keepends=True)
    return Mutation({rec.file: "".join(lines[: rec.first_line - 1] + lines[rec.last_line:])},
                    f"{rec.file}:{rec.first_line}-{rec.last_line} deleted")


@mutation
def empty_file(rng: random.Random, york: York) -> Mutation:
    name = rng.choice(sorted(york.texts))
    return Mutation({name: rng.choice(["", "\n", "# nothing\n", "nodes:\n", "---\n"])}, f"{name} emptied")


CASES = [(f"{i:03d}", name) for i, name in enumerate(n for _ in range(CASES_PER_MUTATION) for n in MUTATIONS)]


# --- the check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "name"), CASES, ids=[f"{seed}-{name}" for seed, name in CASES])
def test_mutated_york_loads_or_reports_located_problems(tmp_path: Path, york_texts: York, seed: str,
                                                        name: str) -> None:
    rng = random.Random(int(seed))
    change = MUTATIONS[name](rng, york_texts)
    files: dict[str, str | bytes] = {**york_texts.texts}
    for fname, content in change.files.items():
        if content is None:
            files.pop(fname)
        else:
            files[fname] = content
    for fname, content in files.items():
        (tmp_path / fname).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    context = f"seed {seed}, mutation {name}: {change.what}"

    try:
        result = load(tmp_path)
    except InvalidPartnership as err:
        problems = err.problems
    except BookcaseError as err:  # pragma: no cover - reported as a failure below
        pytest.fail(f"{context}: {type(err).__name__} instead of InvalidPartnership: {err}")
    except Exception as err:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{context}: unexpected {type(err).__name__}: {err}")
    else:
        assert isinstance(result, Partnership), context
        assert change.rule is None, f"{context}: loaded, but a {change.rule} problem was expected"
        return

    assert problems, f"{context}: InvalidPartnership with no problems"
    for problem in problems:
        loc = problem.location
        assert loc.file in files, f"{context}: problem names no file of the folder: {problem}"
        content = files[loc.file]
        n_lines = (content if isinstance(content, bytes) else content.encode()).count(b"\n") + 1
        assert isinstance(loc.line, int) and 1 <= loc.line <= n_lines, f"{context}: bad line in {problem}"
        assert isinstance(problem.rule, Rule) and problem.message, f"{context}: {problem!r}"
    if change.rule is not None:
        hits = [p for p in problems if p.rule is change.rule]
        assert hits, f"{context}: no {change.rule.value} among {[str(p) for p in problems]}"
        if change.file is not None:
            located = [p for p in hits if p.location.file == change.file
                       and (not change.lines or p.location.line in change.lines)]
            assert located, f"{context}: {change.rule.value} not at {change.file} {change.lines}: {[str(p) for p in hits]}"


def test_there_are_at_least_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len(MUTATIONS) >= 20

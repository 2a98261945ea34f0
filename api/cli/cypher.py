"""``bookcase cypher``: read-only Cypher on a partnership in the embedded engine, or a shell.

With a statement, runs it and prints the answer (``--format table|json|csv``, through
:mod:`api.render`); with none, opens a shell (prompt_toolkit: a prompt, history kept in the
cache folder, multi-line statements ended by ``;``, and ``:schema``, ``:queries``,
``:param``, ``:help``). Every statement goes through the read-only guard
(:mod:`queries.cypher.guard`), with the settings' time and row limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graph_model import BookcaseError
from loaders import bundled_names, bundled_path
from queries.cypher.guard import Answer, Limits
from queries.cypher.tables import schema_text
from queries.cypher.twins import EXCEPTIONS, twins

from ..loading import collector_paused
from ..render import csv_text, table_text, to_json
from ..settings import get_settings
from .app import cli
from .common import DATE, format_option, load, progress, terminal_width

if TYPE_CHECKING:  # the engine and Arrow load only when a Cypher command runs, not with every command
    from queries.cypher.graph import CypherGraph

__all__ = ["Shell", "cypher", "render_answer"]

HELP = """\
Type a Cypher statement and end it with ';' (Enter on an unfinished statement starts a new line;
Alt+Enter or Esc then Enter runs it as it is). Values are parameters: write $name in the statement
and set it with :param name=value. Only reading statements run.

  :schema            node labels, relationship types and their properties
  :queries [NAME]    the named queries' Cypher twins (NAME: print one to copy)
  :param NAME=VALUE  set a parameter ($NAME); a date is YYYY-MM-DD, a list is JSON: ["a","b"]
  :params            the parameters set
  :help              this help
  :quit              leave (or Ctrl+D)
"""


def render_answer(graph: CypherGraph, answer: Answer, fmt: str, *, width: int = 160) -> str:
    """An answer as a table (with the date it is for and the row count), CSV or JSON."""
    rows = answer.records()
    if fmt == "json":
        return to_json({"partnership": graph.partnership, "as_of": graph.day, "as_of_basis": graph.basis,
                        "columns": answer.columns, "rows": rows, "truncated": answer.truncated}) + "\n"
    if fmt == "csv":
        return csv_text(rows, answer.columns)
    text = table_text(rows, answer.columns, width=width) if answer.columns else ""
    count = f"{len(rows):,} row{'s' if len(rows) != 1 else ''}"
    if answer.truncated:
        count = (f"the first {len(rows):,} rows (the row limit, BOOKCASE_CYPHER_MAX_ROWS); more were left "
                 "— narrow the statement or add LIMIT")
    return f"{graph.basis}\n{text}{count}\n"


class Shell:
    """What the shell does with each complete input: a statement or a ``:command``, answered as text."""

    def __init__(self, graph: CypherGraph, *, width: int = 160) -> None:
        self.graph = graph
        self.width = width
        self.parameters: dict[str, Any] = {}
        self.done = False

    def handle(self, text: str) -> str:
        """The output for one input (errors are told, never raised: the shell goes on)."""
        text = text.strip()
        if not text:
            return ""
        if text.startswith(":"):
            return self._command(text)
        try:
            return render_answer(self.graph, self.graph.run(text, self.parameters), "table", width=self.width)
        except BookcaseError as err:
            return f"error: {err}\n"

    def _command(self, text: str) -> str:
        name, _, rest = text[1:].partition(" ")
        rest = rest.strip().rstrip(";").strip()
        commands: dict[str, Callable[[str], str]] = {
            "help": lambda _: HELP, "schema": lambda _: schema_text(), "queries": self._queries,
            "param": self._param, "params": lambda _: self._params(), "quit": self._quit, "exit": self._quit,
        }
        action = commands.get(name.lower())
        if action is None:
            return f"error: no shell command :{name}; the commands are {', '.join(':' + c for c in commands)}\n"
        try:
            return action(rest)
        except BookcaseError as err:
            return f"error: {err}\n"

    def _queries(self, name: str) -> str:
        found = twins()
        if name:
            if name in found:
                return found[name].text if found[name].text.endswith("\n") else found[name].text + "\n"
            if name in EXCEPTIONS:
                return f"{name} has no Cypher twin: {EXCEPTIONS[name]}\n"
            return f"error: no named query {name!r}; :queries lists them\n"
        lines = [f"  {t.name:<26}{t.part}" for t in found.values()]
        lines += [f"  {name:<26}(no twin) {reason}" for name, reason in EXCEPTIONS.items()]
        return "The named queries' Cypher twins (:queries NAME prints one):\n" + "\n".join(lines) + "\n"

    def _param(self, text: str) -> str:
        from queries.cypher.graph import parse_param

        name, value = parse_param(text)
        self.parameters[name] = value
        return f"${name} = {value!r}\n"

    def _params(self) -> str:
        if not self.parameters:
            return "no parameters set; :param NAME=VALUE sets one\n"
        return "".join(f"${k} = {v!r}\n" for k, v in self.parameters.items())

    def _quit(self, _: str) -> str:
        self.done = True
        return ""


def run_shell(shell: Shell, *, history: Path | None, input: Any = None, output: Any = None,
              say: Callable[[str], None] | None = None) -> None:
    """The interactive loop: prompt_toolkit reads each input (multi-line until ';'), the shell answers
    (through ``say``: by default, printed)."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory, History, InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.key_binding.key_processor import KeyPressEvent

    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        text = buffer.text.strip()
        if not text or text.startswith(":") or text.endswith(";"):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    kept: History = InMemoryHistory()
    if history is not None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            kept = FileHistory(str(history))
        except OSError:
            pass
    session: PromptSession[str] = PromptSession(history=kept, multiline=True, key_bindings=keys,
                                                input=input, output=output,
                                                prompt_continuation=lambda width, line, wrap: "... ".rjust(width))
    say = say or (lambda text: click.echo(text, nl=False))
    say(f"{shell.graph.partnership}: {shell.graph.basis}\nType :help for help, :quit to leave.\n")
    while not shell.done:
        try:
            text = session.prompt("cypher> ")
        except KeyboardInterrupt:
            continue
        except EOFError:
            break
        say(shell.handle(text))


def _source(ref: str) -> Path:
    return bundled_path(ref) if ref in bundled_names() else Path(ref)


@cli.command(short_help="Run read-only Cypher on a partnership (no statement: a shell).")
@click.argument("statement", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter ($NAME in the statement); a date is YYYY-MM-DD, a list is JSON. Repeatable.")
@click.option("--dataset", default=None, help="Bundled partnership name or path.  [default: york, or BOOKCASE_DATASET]")
@click.option("--as-of", "as_of", type=DATE, default=None,
              help="Load the partnership as it stood on this date.  [default: the date named queries answer for]")
@click.option("--whole", is_flag=True, help="Load every record whatever its dates (the whole history).")
@click.option("--db", "db", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the database in this folder, reused while the source is unchanged.  [default: in memory]")
@click.option("--write", is_flag=True, help="Allow writing statements (needs --db; the changes stay in that database).")
@format_option("table", "json", "csv", default="table")
def cypher(statement: str | None, params: tuple[str, ...], dataset: str | None, as_of: dt.date | None, whole: bool,
           db: Path | None, write: bool, fmt: str) -> None:
    """Run one Cypher STATEMENT on a partnership in the embedded engine, or, with no STATEMENT, open a shell.

    Only reading statements run (MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP,
    LIMIT, UNION), one at a time, with every value a parameter:

        bookcase cypher "MATCH (g:SubGroup {id: $id})-[:ACCOUNTABLE_TO*]->(b) RETURN b.name" --param id=icg
    """
    from queries.cypher.graph import open_graph, parse_param

    settings = get_settings()
    ref = dataset or settings.dataset
    values = dict(parse_param(p) for p in params)
    limits = Limits(timeout_ms=settings.cypher_timeout_ms, max_rows=settings.cypher_max_rows)
    p = load(ref)
    with progress("loading into the Cypher engine"), collector_paused():
        graph = open_graph(p, as_of=as_of, whole=whole, folder=db, source=_source(ref) if db else None,
                           limits=limits, write=write, max_depth=settings.cypher_max_depth)
    with graph:
        if statement is None:
            run_shell(Shell(graph, width=terminal_width()), history=settings.cache_dir / "cypher-history")
            return
        click.echo(render_answer(graph, graph.run(statement, values), fmt, width=terminal_width()), nl=False)

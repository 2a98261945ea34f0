"""``bookcase cypher``: read-only Cypher on a partnership in the embedded engine, or a shell.

With a statement, runs it and prints the answer (``--format table|json|csv``, through
:mod:`api.render`); with none, opens a shell (prompt_toolkit: a prompt, history kept in the
cache folder, multi-line statements ended by ``;``, and ``:schema``, ``:queries``,
``:param``, ``:help``). Every statement goes through the read-only guard
(:mod:`queries.cypher.guard`), with the settings' time and row limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

__all__ = ["Shell", "cypher", "neo4j", "render_answer"]

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


def _on_neo4j(statement: str | None, values: dict[str, Any], uri: str, user: str | None, database: str | None,
              limits: Limits, fmt: str) -> None:
    """``bookcase cypher --neo4j URI STATEMENT``: one statement in a read transaction there."""
    from queries.cypher.bolt import read

    if statement is None:
        raise click.UsageError("--neo4j runs one statement; the shell is for the embedded engine")
    with _bolt(uri, user) as driver:
        answer = read(driver, statement, values, database=database, limits=limits)
    rows = answer.records()
    if fmt == "json":
        click.echo(to_json({"server": uri, "columns": answer.columns, "rows": rows, "truncated": answer.truncated}))
    elif fmt == "csv":
        click.echo(csv_text(rows, answer.columns), nl=False)
    else:
        more = "; more were left (the row limit)" if answer.truncated else ""
        click.echo(table_text(rows, answer.columns, width=terminal_width()) + f"{len(rows):,} rows{more}")


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
@click.option("--neo4j", "neo4j_uri", default=None, metavar="URI",
              help="Run the statement on this Bolt server instead, in a read transaction (user: --user or "
                   "BOOKCASE_NEO4J_USER; password: BOOKCASE_NEO4J_PASSWORD or asked for).")
@click.option("--user", default=None, help="The Bolt server's user (with --neo4j).")
@click.option("--database", default=None, help="The database on the Bolt server (with --neo4j).")
@format_option("table", "json", "csv", default="table")
def cypher(statement: str | None, params: tuple[str, ...], dataset: str | None, as_of: dt.date | None, whole: bool,
           db: Path | None, write: bool, neo4j_uri: str | None, user: str | None, database: str | None,
           fmt: str) -> None:
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
    if neo4j_uri is not None:
        _on_neo4j(statement, values, neo4j_uri, user, database, limits, fmt)
        return
    p = load(ref)
    with progress("loading into the Cypher engine"), collector_paused():
        graph = open_graph(p, as_of=as_of, whole=whole, folder=db, source=_source(ref) if db else None,
                           limits=limits, write=write, max_depth=settings.cypher_max_depth)
    with graph:
        if statement is None:
            run_shell(Shell(graph, width=terminal_width()), history=settings.cache_dir / "cypher-history")
            return
        click.echo(render_answer(graph, graph.run(statement, values), fmt, width=terminal_width()), nl=False)


# -- Neo4j: push, pull, a script, and analyst Cypher there ---------------------------------------------------


def _driver(uri: str | None, user: str | None) -> Any:
    """A driver for the Bolt server: the URI and user from the options or the settings, the password from
    BOOKCASE_NEO4J_PASSWORD or asked for (never an option, never written out)."""
    from neo4j import GraphDatabase

    settings = get_settings()
    uri = uri or settings.neo4j_uri
    if not uri:
        raise click.UsageError("give --uri URI or set BOOKCASE_NEO4J_URI (e.g. neo4j://localhost:7687)")
    user = user or settings.neo4j_user
    if settings.neo4j_password is not None:
        password = settings.neo4j_password.get_secret_value()
    else:
        password = click.prompt(f"Password for {user} at {uri}", hide_input=True)
    return GraphDatabase.driver(uri, auth=(user, password))


@contextmanager
def _bolt(uri: str | None, user: str | None) -> Iterator[Any]:
    """The driver, with the server's own failures (unreachable, wrong password) told as errors, not tracebacks."""
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    from queries.cypher.guard import CypherFailed

    driver = _driver(uri, user)
    try:
        yield driver
    except ServiceUnavailable as err:
        raise CypherFailed(f"the Bolt server cannot be reached: {err}") from None
    except AuthError as err:
        raise CypherFailed(f"the Bolt server refused the user or password: {err.message or err}") from None
    except Neo4jError as err:
        raise CypherFailed(f"the Bolt server refused it: {err.message or err}") from None
    finally:
        driver.close()


_URI = click.option("--uri", default=None, help="The Bolt server, e.g. neo4j://localhost:7687.  [default: "
                                                "BOOKCASE_NEO4J_URI]")
_USER = click.option("--user", default=None, help="Its user.  [default: BOOKCASE_NEO4J_USER, or neo4j]")
_DATABASE = click.option("--database", default=None, help="The database on the server.  [default: the server's]")


@cli.group(short_help="Push a partnership to Neo4j (any Bolt server), pull one back, or write a Cypher script.")
def neo4j() -> None:
    """Push a partnership to Neo4j (or any Bolt server), pull one back, or write it as a Cypher script.

    The password comes from BOOKCASE_NEO4J_PASSWORD or a prompt, never from an option.
    """


@neo4j.command("push", short_help="Write a partnership to the server (idempotent).")
@click.option("--dataset", default=None, help="Bundled partnership name or path.  [default: york, or BOOKCASE_DATASET]")
@_URI
@_USER
@_DATABASE
@click.option("--replace", is_flag=True, help="Also delete what this partnership wrote before and no longer holds.")
def neo4j_push(dataset: str | None, uri: str | None, user: str | None, database: str | None, replace: bool) -> None:
    """Write a partnership (every record, whatever its dates) to the server: a uniqueness constraint per label,
    batched UNWIND … MERGE; a second push changes nothing. Without --replace nothing is deleted."""
    from queries.cypher.bolt import push

    p = load(dataset or get_settings().dataset)
    with _bolt(uri, user) as driver, progress(f"pushing {p.info.id}"):
        report = push(p, driver, database=database, replace=replace)
    deleted = (f"; deleted {report.deleted_nodes:,} nodes and {report.deleted_relationships:,} relationships it "
               "no longer holds" if replace else "")
    click.echo(f"{report.partnership}: {report.nodes:,} nodes and {report.relationships:,} relationships written"
               f"{deleted}.")


@neo4j.command("pull", short_help="Read a partnership back from the server into a file.")
@_URI
@_USER
@_DATABASE
@click.option("--partnership", "partnership", default=None,
              help="The partnership's id.  [default: the only one in the database]")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=True, path_type=Path), required=True,
              help="The file or folder to write (YAML, JSON or CSV by its name, as bookcase convert).")
def neo4j_pull(uri: str | None, user: str | None, database: str | None, partnership: str | None,
               output: Path) -> None:
    """Read a partnership that `bookcase neo4j push` wrote back from the server, validate it and write it."""
    from loaders import write
    from queries.cypher.bolt import PARTNERSHIP_LABEL, pull
    from queries.cypher.guard import CypherFailed

    with _bolt(uri, user) as driver:
        if partnership is None:
            with driver.session(database=database) as session:
                found = [r["id"] for r in session.run(f"MATCH (p:`{PARTNERSHIP_LABEL}`) RETURN p.uid AS id ORDER BY id")]
            if len(found) != 1:
                raise CypherFailed(f"the database holds {len(found)} partnerships ({', '.join(found) or 'none'}); "
                                   "name one with --partnership")
            partnership = found[0]
        p = pull(driver, partnership, database=database)
    target = write(p, output)
    click.echo(f"{p.info.id}: {len(p):,} nodes and {p.edge_count:,} edges written to {target}")


@neo4j.command("script", short_help="Write a partnership as a Cypher script (constraints and UNWIND batches).")
@click.option("--dataset", default=None, help="Bundled partnership name or path.  [default: york, or BOOKCASE_DATASET]")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write.  [default: standard output]")
def neo4j_script(dataset: str | None, output: Path | None) -> None:
    """The push as a Cypher script, for people who load files by hand (cypher-shell < FILE)."""
    from queries.cypher.bolt import script

    text = script(load(dataset or get_settings().dataset))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")

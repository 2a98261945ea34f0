"""What every ``bookcase`` command shares: option types, the output format, loading, progress, printing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from graph_model import Partnership

from ..loading import load_dataset
from ..progress import Progress, Tick, progress_enabled
from ..render import to_json
from ..settings import get_settings

__all__ = ["DATE", "FORMAT_KEY", "echo_json", "format_option", "load", "progress", "terminal_width"]

#: Where the running command records its output format (``ctx.meta`` is shared by nested contexts),
#: so that :func:`api.cli.main` prints an error in the same format.
FORMAT_KEY = "bookcase.format"


class _DateType(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date; write YYYY-MM-DD", param, ctx)


#: A date option's type: YYYY-MM-DD.
DATE = _DateType()

F = typing.TypeVar("F", bound=typing.Callable[..., Any])


def remember_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Option callback: record the chosen format where the error handler can see it."""
    if value is not None:
        ctx.meta[FORMAT_KEY] = value
    return value


def format_option(*choices: str, default: str) -> typing.Callable[[F], F]:
    """The ``--format`` option of a command whose output is data."""
    option: typing.Callable[[F], F] = click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        callback=remember_format, is_eager=True, help="Output format.")
    return option


def echo_json(data: Any) -> None:
    """Print data as indented JSON."""
    click.echo(to_json(data))


def terminal_width() -> int:
    """The width tables are drawn to: the terminal's, or 160 when the output is piped."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 160


@contextmanager
def progress(label: str) -> Iterator[Tick | None]:
    """One progress bar on stderr (see :mod:`api.progress`); yields its ``tick(done, total)``,
    or ``None`` when bars are not shown."""
    bar = Progress()
    with bar.running():
        yield bar.task(label) if progress_enabled() else None


def load(ref: str | None) -> Partnership:
    """Load the partnership a command names (the settings' default dataset when ``ref`` is None)."""
    ref = ref or get_settings().dataset
    with progress(f"loading {ref}"):
        return load_dataset(ref)


#: How to get what --png, --pdf and report --pdf need.
CHROMIUM_HINT = ("install Chromium (apt-get install -y --no-install-recommends chromium) and Playwright "
                 "(pip install playwright); BOOKCASE_CHROMIUM names another Chromium")


def chromium(needs: str) -> str:
    """The Chromium to drive (``BOOKCASE_CHROMIUM``, or Debian's), after checking Playwright is there; a clear
    error naming what ``needs`` it (``"--pdf"``) and how to install both otherwise."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise click.ClickException(f"{needs} needs Playwright: {CHROMIUM_HINT}") from None
    found = os.environ.get("BOOKCASE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise click.ClickException(f"{needs} needs Chromium: {CHROMIUM_HINT}")
    return found

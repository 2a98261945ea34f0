"""``bookcase serve``: the HTTP API and home page on this machine, with uvicorn (the main job).

On a loopback address with no API keys set, the server is its owner's at their own machine: it
shows everything, and says on its home page that it shows non-public bodies. With keys set, or
on an address other machines reach (which needs keys), privacy applies: a request sees the
public partnership unless its key's role allows more (:mod:`api.http.keys`).
"""

from __future__ import annotations

import ipaddress
import logging
import sys

import click

from .app import cli

__all__ = ["serve", "is_loopback"]

#: What ``bookcase serve`` holds when no --dataset is given.
DEFAULT_DATASETS = ("york", "staffordshire")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine can reach.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command(short_help="Serve the HTTP API and home page on this machine (the main job).")
@click.option("--dataset", "datasets", multiple=True, metavar="NAME|PATH",
              help="A partnership to serve (repeat for several; the first is the default). "
                   "[default: york and staffordshire]")
@click.option("--host", default="127.0.0.1", show_default=True, help="A loopback address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port.")
def serve(datasets: tuple[str, ...], host: str, port: int) -> None:
    """Serve the bundled partnerships (or those given) over HTTP: the home page at /, the API under
    /v1, its reference at /docs. Stop with Ctrl+C."""
    import uvicorn

    from ..http import create_app
    from ..http.datasets import Datasets, settle_memory
    from ..http.keys import KeyStore
    from ..settings import get_settings

    store = KeyStore(get_settings().keys_file)
    if not is_loopback(host) and not store.entries():
        raise click.UsageError(f"--host {host} lets other machines in, and no API keys are set: they would see only "
                               "what is public, and no one could see more. Make a key first (bookcase keys add NAME "
                               "--role viewer), or serve on 127.0.0.1")
    refs = list(dict.fromkeys(datasets or DEFAULT_DATASETS))
    _prepare_cypher(refs)
    held = Datasets.load(refs)
    local = is_loopback(host) and not store.entries()
    held.prepare(public=not local)  # indexes, and the public subset when privacy applies, before any request
    settle_memory()  # the graphs live as long as the server: the garbage collector need not walk them
    app = create_app(held, local=local, keys=store)
    if not local:
        click.echo("Privacy applies: a request without a key sees only the public partnership.", err=True)
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    click.echo(f"Serving {', '.join(held.names())} on this machine: open http://{shown}:{port}/ "
               f"(API reference: http://{shown}:{port}/docs). Ctrl+C stops.", err=True)
    _log_requests()
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)


def _prepare_cypher(refs: list[str]) -> None:
    """Make the Cypher database of each large dataset before the server loads it (:func:`api.http.cypher.prepare`:
    the builder's memory and the server's never add up). A failure only warns: the datasets are still served,
    and a Cypher statement says why the engine could not open them."""
    from queries.cypher.guard import CypherFailed

    from ..http.cypher import prepare

    try:
        made = prepare(refs)
    except CypherFailed as err:
        click.echo(f"warning: {err}; Cypher will try again on the first statement", err=True)
        return
    if made:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        click.echo(f"Cypher databases ready for {', '.join(made)} (made in a builder process that peaked at "
                   f"{peak:,.0f} MB and has ended).", err=True)


def _log_requests() -> None:
    """Each request on standard error, beside uvicorn's own lines: method, route, status, time (the app's
    ``bookcase.http`` log; never a key, a query string or a path that could name a person)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    requests = logging.getLogger("bookcase.http")
    requests.addHandler(handler)
    requests.setLevel(logging.INFO)
    requests.propagate = False

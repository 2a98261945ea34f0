"""``bookcase serve``: the HTTP API and home page on this machine, with uvicorn (the main job).

Privacy (API keys and roles, which keep non-public bodies from other people) is not built
yet, so the server is for its owner alone: it listens only on a loopback address and says on
its home page that it shows non-public bodies.
"""

from __future__ import annotations

import ipaddress

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
    if not is_loopback(host):
        raise click.UsageError(f"--host {host} would let other machines in, and API keys to keep non-public bodies "
                               "from them are not built yet; serve on 127.0.0.1 (or localhost)")
    import uvicorn

    from ..http import create_app
    from ..http.datasets import Datasets

    held = Datasets.load(list(datasets or DEFAULT_DATASETS))
    app = create_app(held, local=True)
    shown = "localhost" if host in ("127.0.0.1", "localhost") else host
    click.echo(f"Serving {', '.join(held.names())} on this machine: open http://{shown}:{port}/ "
               f"(API reference: http://{shown}:{port}/docs). Ctrl+C stops.", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)

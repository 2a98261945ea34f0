"""``bookcase keys add|list|revoke``: the HTTP API's keys (stored hashed; a key is shown once)."""

from __future__ import annotations

import click

from .app import cli

__all__ = ["keys"]


def _store() -> object:
    from ..http.keys import KeyStore
    from ..settings import get_settings

    return KeyStore(get_settings().keys_file)


@cli.group(short_help="Make, list and revoke the HTTP API's keys.")
def keys() -> None:
    """The HTTP API's keys. Without one a request sees only the public partnership; a viewer's key
    shows non-public bodies too, an analyst's also runs Cypher, an admin's also reloads the data.
    Keys are stored as hashes in BOOKCASE_KEYS_FILE (by default in your config folder)."""


@keys.command("add", short_help="Make a key (shown once).")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "analyst", "admin"]), default="viewer", show_default=True)
def add(name: str, role: str) -> None:
    """Make a key called NAME with ROLE; the key is printed once and stored only as a hash."""
    from ..http.keys import KeyStore

    store = _store()
    assert isinstance(store, KeyStore)
    key = store.add(name, role)  # type: ignore[arg-type]
    click.echo(key)
    click.echo(f"This is the only time the key for '{name}' ({role}) is shown: keep it safe.", err=True)


@keys.command("list", short_help="List the keys' names, roles and dates.")
def list_() -> None:
    from ..http.keys import KeyStore

    store = _store()
    assert isinstance(store, KeyStore)
    entries = store.entries()
    if not entries:
        click.echo("No keys: bookcase serve on 127.0.0.1 serves its owner everything; elsewhere nothing private.")
    for e in entries:
        click.echo(f"{e.name}\t{e.role}\t{e.created}")


@keys.command("revoke", short_help="Revoke a key by name.")
@click.argument("name")
def revoke(name: str) -> None:
    from ..http.keys import KeyStore

    store = _store()
    assert isinstance(store, KeyStore)
    store.revoke(name)
    click.echo(f"revoked {name}")

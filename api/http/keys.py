"""API keys: who may see what the partnership does not publish.

A key is made once (``bookcase keys add NAME --role ROLE``), shown once, and stored only as its
SHA-256 hash, in a file only its owner can read (``BOOKCASE_KEYS_FILE``). A request presents it
as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``, or a browser sends it once to ``POST
/v1/session`` and keeps an HttpOnly, SameSite=Strict cookie that names a session held in the
server's memory. Hashes are compared in constant time.

Roles, each allowing what the one before it does:

=========  ==================================================================
role       may
=========  ==================================================================
(none)     see the public partnership only (bodies that are not public, and
           everything that would reveal them, are left out everywhere)
viewer     see every body, non-public ones included
analyst    also run Cypher (``POST /v1/cypher``)
admin      also reload the data (``POST /v1/admin/reload``)
=========  ==================================================================

Examples
--------
>>> import tempfile, pathlib
>>> store = KeyStore(pathlib.Path(tempfile.mkdtemp()) / "keys.json")
>>> key = store.add("intranet", "viewer")
>>> store.role_of(key), store.role_of("bk_not-a-key")
('viewer', None)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph_model import InvalidParameters

__all__ = ["ROLES", "KeyStore", "Role", "allows"]

Role = Literal["viewer", "analyst", "admin"]
#: The roles, each allowing what the ones before it do.
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")


def allows(role: Role | None, needed: Role) -> bool:
    """Whether ``role`` may do what ``needed`` may.

    >>> allows("admin", "analyst"), allows("viewer", "analyst"), allows(None, "viewer")
    (True, False, False)
    """
    return role is not None and ROLES.index(role) >= ROLES.index(needed)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class KeyEntry:
    name: str
    role: Role
    created: str
    digest: str


class KeyStore:
    """The keys file: names, roles, dates and hashes, never a key itself."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self) -> list[KeyEntry]:
        if not self.path.exists():
            return []
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return [KeyEntry(e["name"], e["role"], e["created"], e["digest"]) for e in data.get("keys", [])]

    def _write(self, entries: list[KeyEntry]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = self.path.with_suffix(".tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"keys": [e.__dict__ for e in entries]}, out, indent=2)
        os.replace(temporary, self.path)

    def add(self, name: str, role: Role) -> str:
        """Make a key for ``name`` with ``role``; the key is returned once and never stored."""
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
            raise InvalidParameters("keys", [f"name: '{name}' must be letters, digits, '.', '_' or '-' (at most 64)"])
        if role not in ROLES:
            raise InvalidParameters("keys", [f"role: '{role}' is not a role (allowed: {', '.join(ROLES)})"])
        entries = self.entries()
        if any(e.name == name for e in entries):
            raise InvalidParameters("keys", [f"name: a key called '{name}' exists; revoke it first"])
        key = "bk_" + secrets.token_urlsafe(32)
        entries.append(KeyEntry(name, role, dt.date.today().isoformat(), _hash(key)))
        self._write(entries)
        return key

    def revoke(self, name: str) -> None:
        entries = self.entries()
        left = [e for e in entries if e.name != name]
        if len(left) == len(entries):
            raise InvalidParameters("keys", [f"name: no key is called '{name}'"])
        self._write(left)

    def role_of(self, key: str | None) -> Role | None:
        """The role of ``key``, or None for no key or an unknown one (every stored hash is compared)."""
        if not key:
            return None
        digest = _hash(key)
        found: Role | None = None
        for entry in self.entries():
            if hmac.compare_digest(entry.digest, digest):
                found = entry.role
        return found

"""A load cache keyed on content: a second load of an unchanged large file skips reading and validating it.

At national scale a JSON file takes seconds to read and validate; the partnership it
gives, kept as compact rows (:meth:`graph_model.Partnership.__reduce__`), comes back in
about a second. :class:`LoadCache` keeps one entry per file content in a cache folder:

* **Keyed on content.** An entry's name holds the SHA-256 of the file's bytes (of a
  folder's: each file's name and bytes, in name order), so an edited file never meets
  an old entry. Hashing a 300 MB file costs a few tenths of a second; a second look at a
  file whose size, times, inode and device are those recorded when it was last hashed
  (and that had not been modified in the two seconds before, so an edit in the same
  instant cannot hide) reuses that hash, as git does.
* **Versioned.** Entry names also hold :data:`VERSION` (the cache layout, Python's
  version and the record classes' fields), so records of another version are never read.
* **Safe with several processes.** Entries are written to a temporary file in the cache
  folder and renamed into place (atomic), so a reader sees a whole entry or none; two
  writers of the same content write the same bytes. An entry that cannot be read is
  deleted and the file is read again.
* **Private.** Entries are Python pickles, which can run code when read, so the folder
  is made readable by its owner only and is not used when someone else owns it or can
  write to it.
* **Bounded.** Only inputs of at least ``min_bytes`` are cached (small ones load fast
  anyway); the ``keep`` entries used last are kept, older ones deleted.
* **Out of the way.** The first load writes its entry from a forked background process
  where the system has ``fork`` (the caller does not wait), else before returning.

:meth:`LoadCache.entry` is the one naming rule, for any kind of derived file keyed on a
source's content (the Cypher layer keeps its database folders with it).

Examples
--------
>>> import tempfile, pathlib
>>> from loaders import load, write
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> source = write(load("york"), folder / "york.json")
>>> cache = LoadCache(folder / "cache", min_bytes=0, background=False)
>>> first = cache.load(source, load)
>>> cache.load(source, lambda path: 1 / 0) == first  # read from the cache: the reader is not called
True
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from graph_model import Partnership, PartnershipInfo
from graph_model.models import records_to_rows

__all__ = ["VERSION", "LoadCache"]

#: Changes when the cache's layout, Python's version, any record class's fields or the partnership block's change.
VERSION = hashlib.sha256(repr((1, sys.version_info[:2], records_to_rows([], [])[0],
                               PartnershipInfo.model_json_schema())).encode()).hexdigest()[:12]

_CHUNK = 1 << 20
_RACY_NS = 2_000_000_000  # a file modified this close to its hashing is hashed again next time


class LoadCache:
    """Partnerships kept by the content of the file or folder they were read from (see the module notes).

    Parameters
    ----------
    folder
        The cache folder (made, owner-only, when first written).
    min_bytes
        Inputs smaller than this are read as usual, never cached.
    keep
        How many partnership entries to keep; the ones used longest ago go first.
    background
        Write new entries from a forked background process where the system can fork.
    """

    def __init__(self, folder: str | Path, *, min_bytes: int = 8 * 2**20, keep: int = 4,
                 background: bool = True) -> None:
        self.folder = Path(folder)
        self.min_bytes = min_bytes
        self.keep = keep
        self.background = background and hasattr(os, "fork")

    # -- the one naming rule --------------------------------------------------------------------

    def entry(self, source: str | Path, kind: str, suffix: str = "") -> Path:
        """Where something of ``kind`` derived from ``source``'s current content is kept.

        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / "a.json").write_text("{}")
        2
        >>> LoadCache(folder / "cache").entry(folder / "a.json", "ladybug").name.startswith("ladybug-")
        True
        """
        return self.folder / f"{kind}-{VERSION}-{self.content_key(Path(source))}{suffix}"

    def content_key(self, source: Path) -> str:
        """The SHA-256 of ``source``'s content (a folder: its files' names and bytes, in name order)."""
        if source.is_dir():
            digest = hashlib.sha256()
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(source)).encode() + b"\0")
                _hash_file(path, digest)
                digest.update(b"\0")
            return digest.hexdigest()
        seen = self._stat_file(source)
        now = os.stat(source)
        facts = [now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino, now.st_dev]
        if self._private():
            try:
                record = json.loads(seen.read_text(encoding="utf-8"))
                if record["facts"] == facts and record["path"] == str(source.resolve()):
                    return str(record["key"])
            except (OSError, ValueError, KeyError, TypeError):
                pass
        started = time.time_ns()
        key = _hash_file(source, hashlib.sha256()).hexdigest()
        if now.st_mtime_ns < started - _RACY_NS and self._private(make=True):
            _write_atomically(seen, json.dumps({"path": str(source.resolve()), "facts": facts, "key": key}).encode())
        return key

    # -- partnerships ---------------------------------------------------------------------------

    def load(self, source: str | Path, read: Callable[[Path], Partnership]) -> Partnership:
        """The partnership in ``source``: from the cache when its content was read before, else
        ``read(source)`` (whose errors pass through: nothing is cached then), kept for next time."""
        source = Path(source)
        if _size(source) < self.min_bytes or not self._private():
            return read(source)
        target = self.entry(source, "partnership", ".pickle")
        found = self._read(target)
        if found is not None:
            return found
        partnership = read(source)
        if self._private(make=True):
            self._write(target, partnership)
        return partnership

    def _read(self, target: Path) -> Partnership | None:
        try:
            with target.open("rb") as f:
                found = pickle.load(f)  # noqa: S301 - the folder is the owner's alone (see _private)
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - any unreadable entry (cut short, another version) is dropped
            target.unlink(missing_ok=True)
            return None
        if not isinstance(found, Partnership):
            target.unlink(missing_ok=True)
            return None
        os.utime(target)  # used now: kept longest
        return found

    def _write(self, target: Path, partnership: Partnership) -> None:
        if not self.background:
            self._write_now(target, partnership)
            return
        # Twice forked: the grandchild writes while the caller goes on, and nobody waits for it.
        child = os.fork()
        if child:
            os.waitpid(child, 0)
            return
        try:  # pragma: no cover - runs in the forked processes, which coverage does not follow
            if os.fork() == 0:
                os.setsid()
                # Let go of the caller's terminal and pipes: a reader of the command's output
                # (`bookcase ... | head`, a test capturing it) must not wait for this write.
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(quiet, fd)
                self._write_now(target, partnership)
        finally:  # pragma: no cover
            os._exit(0)

    def _write_now(self, target: Path, partnership: Partnership) -> None:
        try:
            _write_atomically(target, pickle.dumps(partnership, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            return  # a full disk or a folder gone costs the next load its speed, nothing else
        self._prune()

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("partnership-*.pickle"), key=_used, reverse=True)
        for old in entries[self.keep:]:
            old.unlink(missing_ok=True)
        for stale in self.folder.glob(".writing-*"):  # left by a writer that was killed
            if time.time() - _used(stale) > 3600:
                stale.unlink(missing_ok=True)

    # -- the folder -----------------------------------------------------------------------------

    def _stat_file(self, source: Path) -> Path:
        return self.folder / f"seen-{hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:32]}.json"

    def _private(self, *, make: bool = False) -> bool:
        """Whether the folder is this user's alone (made so, when ``make`` and it does not exist)."""
        try:
            if make:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = self.folder.stat()
        except OSError:
            return not make and not self.folder.exists()
        owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        return owned and stat.S_ISDIR(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _hash_file(path: Path, digest: hashlib._Hash) -> hashlib._Hash:
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest


def _size(source: Path) -> int:
    if source.is_dir():
        return sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    return source.stat().st_size


def _used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".writing-")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

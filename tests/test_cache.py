"""The load cache (loaders/cache.py): a second load of unchanged content skips the reader; anything
changed, damaged, of another version or in a folder others can write is never used."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_model import InvalidPartnership, Partnership
from loaders import load, write
from loaders.cache import LoadCache


class CountingReader:
    """The real loader, counting its calls: a cached load must not call it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> Partnership:
        self.calls += 1
        return load(path)


@pytest.fixture
def york_file(tmp_path: Path, york: Partnership) -> Path:
    return write(york, tmp_path / "york.json")


def _cache(tmp_path: Path, **kw: object) -> LoadCache:
    return LoadCache(tmp_path / "cache", min_bytes=0, background=False, **kw)  # type: ignore[arg-type]


def test_a_second_load_of_the_same_content_skips_the_reader(york_file: Path, tmp_path: Path,
                                                            york: Partnership) -> None:
    cache, read = _cache(tmp_path), CountingReader()
    first = cache.load(york_file, read)
    again = cache.load(york_file, read)
    assert read.calls == 1
    assert again == first == york
    assert again.warnings == york.warnings and again.tops() == york.tops()
    # The restored records answer time questions as the loaded ones do (their dates survive).
    day = york.default_day()
    assert sorted(n.id for n in again.as_of(day).nodes()) == sorted(n.id for n in york.as_of(day).nodes())


def test_the_same_content_elsewhere_or_touched_is_the_same_entry(york_file: Path, tmp_path: Path) -> None:
    cache, read = _cache(tmp_path), CountingReader()
    cache.load(york_file, read)
    copy = tmp_path / "copy.json"
    copy.write_bytes(york_file.read_bytes())
    os.utime(york_file, (time.time() + 5, time.time() + 5))
    cache.load(copy, read)
    cache.load(york_file, read)
    assert read.calls == 1


def test_a_changed_file_is_read_again_even_with_its_old_size_and_times(york_file: Path, tmp_path: Path) -> None:
    """Content, not times, decides: an edit of the same length with the times put back is still seen."""
    an_hour_ago = time.time() - 3600
    os.utime(york_file, (an_hour_ago, an_hour_ago))  # old enough for its hash to be remembered by its times
    cache, read = _cache(tmp_path), CountingReader()
    before = cache.load(york_file, read)
    assert list((tmp_path / "cache").glob("seen-*.json"))
    assert cache.load(york_file, read) == before and read.calls == 1
    info = york_file.stat()
    text = york_file.read_text(encoding="utf-8")
    edited = text.replace('"name":"YorOK Board"', '"name":"YorOK Boarx"', 1)
    assert edited != text and len(edited) == len(text)
    york_file.write_text(edited, encoding="utf-8")
    os.utime(york_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    after = cache.load(york_file, read)
    assert read.calls == 2
    assert after != before and after.node("yorok-board").name.endswith("Boarx")


def test_a_damaged_entry_is_dropped_and_the_file_read_again(york_file: Path, tmp_path: Path,
                                                            york: Partnership) -> None:
    cache, read = _cache(tmp_path), CountingReader()
    cache.load(york_file, read)
    [entry] = (tmp_path / "cache").glob("partnership-*.pickle")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert cache.load(york_file, read) == york
    assert read.calls == 2
    assert pickle.loads(entry.read_bytes()) == york  # written again, whole


def test_an_invalid_file_is_never_cached(tmp_path: Path, york_file: Path) -> None:
    broken = york_file.read_text(encoding="utf-8").replace('"tier":3', '"tier":"three"', 1)
    york_file.write_text(broken, encoding="utf-8")
    cache = _cache(tmp_path)
    for _ in range(2):
        with pytest.raises(InvalidPartnership):
            cache.load(york_file, load)
    assert not list((tmp_path / "cache").glob("partnership-*"))


def test_small_files_and_folders_others_can_write_are_not_cached(york_file: Path, tmp_path: Path) -> None:
    read = CountingReader()
    small = LoadCache(tmp_path / "small", min_bytes=10 * york_file.stat().st_size, background=False)
    small.load(york_file, read)
    small.load(york_file, read)
    assert read.calls == 2 and not (tmp_path / "small").exists()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    open_cache = LoadCache(shared, min_bytes=0, background=False)
    open_cache.load(york_file, read)
    open_cache.load(york_file, read)
    assert read.calls == 4 and not list(shared.iterdir())


def test_only_the_entries_used_last_are_kept(york: Partnership, tmp_path: Path) -> None:
    cache, read = _cache(tmp_path, keep=2), CountingReader()
    files = []
    for i in range(3):
        path = write(york, tmp_path / f"york-{i}.json")
        path.write_text(path.read_text(encoding="utf-8") + " " * i, encoding="utf-8")  # three contents
        files.append(path)
        cache.load(path, read)
        time.sleep(0.02)
    assert len(list((tmp_path / "cache").glob("partnership-*.pickle"))) == 2
    cache.load(files[2], read)
    cache.load(files[0], read)  # dropped: read again
    assert read.calls == 4


def test_a_background_write_lands_while_the_caller_goes_on(york_file: Path, tmp_path: Path,
                                                           york: Partnership) -> None:
    cache = LoadCache(tmp_path / "cache", min_bytes=0, background=True)
    assert cache.load(york_file, load) == york
    deadline = time.time() + 30
    while not list((tmp_path / "cache").glob("partnership-*.pickle")) and time.time() < deadline:
        time.sleep(0.05)
    read = CountingReader()
    assert cache.load(york_file, read) == york and read.calls == 0


def test_processes_loading_the_same_file_at_once_all_get_it_whole(york_file: Path, tmp_path: Path) -> None:
    """Four processes start together on an empty cache: each gets the partnership, the entry is whole."""
    script = ("import sys; from loaders import load; from loaders.cache import LoadCache; "
              "c = LoadCache(sys.argv[1], min_bytes=0, background=False); "
              "print(len(c.load(sys.argv[2], load)))")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "cache"), str(york_file)],
                              stdout=subprocess.PIPE, text=True) for _ in range(4)]
    counts = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert counts == {str(len(load(york_file)))}
    [entry] = (tmp_path / "cache").glob("partnership-*.pickle")
    assert pickle.loads(entry.read_bytes()) == load(york_file)
    assert not list((tmp_path / "cache").glob(".writing-*"))


def test_the_cache_is_used_by_the_command_line_loader(york_file: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """load_dataset (what the CLI and the server call) goes through the cache set in the environment."""
    from api.loading import load_dataset
    from api.settings import get_settings

    monkeypatch.setenv("BOOKCASE_CACHE_DIR", str(tmp_path / "cli-cache"))
    monkeypatch.setenv("BOOKCASE_CACHE_MIN_BYTES", "0")
    get_settings.cache_clear()
    try:
        first = load_dataset(str(york_file))
        deadline = time.time() + 30  # written in the background
        while not list((tmp_path / "cli-cache").glob("partnership-*.pickle")) and time.time() < deadline:
            time.sleep(0.05)
        assert list((tmp_path / "cli-cache").glob("partnership-*.pickle"))
        monkeypatch.setenv("BOOKCASE_CACHE", "false")
        get_settings.cache_clear()
        assert load_dataset(str(york_file)) == first
    finally:
        get_settings.cache_clear()


def test_a_reader_of_the_commands_output_does_not_wait_for_the_cache_write(york_file: Path, tmp_path: Path) -> None:
    """The background writer lets go of the caller's pipes: the output ends when the command does,
    not when the entry is written (here the writer is made to take 5 s)."""
    env = {**os.environ, "BOOKCASE_CACHE_DIR": str(tmp_path / "cache"), "BOOKCASE_CACHE_MIN_BYTES": "0"}
    script = ("import sys, time; from loaders.cache import LoadCache; write = LoadCache._write_now; "
              "LoadCache._write_now = lambda self, *a: (time.sleep(5), write(self, *a)); "
              "from api.loading import load_dataset; print(len(load_dataset(sys.argv[1])))")
    started = time.monotonic()
    with subprocess.Popen([sys.executable, "-c", script, str(york_file)], stdout=subprocess.PIPE, text=True,
                          env=env) as proc:
        assert proc.stdout is not None
        out = proc.stdout.read()  # returns at end of file: when every holder of the pipe has let go of it
        waited = time.monotonic() - started
        proc.wait(timeout=60)
    assert out.strip() == str(len(load(york_file)))
    assert waited < 4.5, f"the output ended only after {waited:.1f} s, with the cache write"

"""The cache cannot lie: entries are authenticated and answer only the key they claim.

Regression tests of a hostile-input run: the validated-file cache trusted any pickle it
found, so one flipped bit changed a price while the printed digest stayed the same,
and a planted file ran code.
"""

from __future__ import annotations

import os
import pickle
import stat
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tokencost import cache
from tokencost.catalogue import load_catalogue

pytestmark = pytest.mark.usefixtures("fresh_cache")  # entries of these tests' own


def entries() -> list[Path]:
    return sorted(Path(os.environ["TOKENCOST_CACHE_DIR"]).glob("catalogue-*.pickle"))


def test_one_flipped_bit_changed_a_price_while_the_digest_stayed_the_same(tiny: Path) -> None:
    first = load_catalogue(tiny)
    (entry,) = entries()
    data = entry.read_bytes()
    assert data.count(b"0.04") == 1  # small's input price, as pickled
    entry.write_bytes(data.replace(b"0.04", b"0.05"))
    again = load_catalogue(tiny)
    assert again.model("small").prices[0].input == first.model("small").prices[0].input
    assert str(again.model("small").prices[0].input) == "0.04"
    assert again.digest == first.digest
    assert entry.read_bytes() == data  # rebuilt and written again


class Planted:
    """A pickle that, loaded, touches a file: what a planted entry could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_ran_code(tiny: Path, tmp_path: Path) -> None:
    first = load_catalogue(tiny)
    (entry,) = entries()
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Planted(marker)))
    assert load_catalogue(tiny) == first
    assert not marker.exists()
    head = cache.MAGIC
    entry.write_bytes(
        head
        + entry.name.removesuffix(".pickle").encode()
        + b"\n"
        + b"\0" * 32
        + pickle.dumps(Planted(marker))
    )  # the header right, the tag not
    assert load_catalogue(tiny) == first
    assert not marker.exists()


def test_an_entry_for_other_files_is_not_taken(tiny: Path) -> None:
    """A genuine entry, renamed to answer for other files, still answers only its own."""
    load_catalogue(tiny)
    (old,) = entries()
    genuine = old.read_bytes()
    acme = tiny / "acme.toml"
    acme.write_text(acme.read_text().replace("input = 0.04", "input = 0.06"))
    load_catalogue(tiny)
    (new,) = entries()
    new.write_bytes(genuine)
    assert str(load_catalogue(tiny).model("small").prices[0].input) == "0.06"


def test_the_secret_is_ours_alone(tiny: Path) -> None:
    load_catalogue(tiny)
    secret = Path(os.environ["TOKENCOST_CACHE_DIR"]) / cache.SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes()) == cache.TAG


@pytest.mark.parametrize("how", ["open to others", "a symlink"])
def test_a_secret_others_could_know_turns_the_cache_off(
    tiny: Path, tmp_path: Path, how: str
) -> None:
    folder = Path(os.environ["TOKENCOST_CACHE_DIR"])
    secret = folder / cache.SECRET_FILE
    if how == "open to others":
        secret.write_bytes(b"k" * cache.TAG)
        secret.chmod(0o644)
    else:
        known = tmp_path / "known"
        known.write_bytes(b"k" * cache.TAG)
        known.chmod(0o600)
        secret.symlink_to(known)
    first = load_catalogue(tiny)
    assert entries() == []  # nothing stored under a secret others may know
    assert load_catalogue(tiny) == first


def test_the_code_digest_covers_every_file_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "tokencost"
    (package / "render").mkdir(parents=True)
    (package / "cache.py").write_text("")
    (package / "render" / "page.css").write_text("a { color: red }")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    monkeypatch.setattr(cache, "_CODE", [])
    before = cache.code_digest()
    (package / "render" / "page.css").write_text("a { color: blue }")
    monkeypatch.setattr(cache, "_CODE", [])
    assert cache.code_digest() != before
    (package / "prices").mkdir()
    (package / "prices" / "acme.toml").write_text("x = 1")  # data: the entries' contents
    monkeypatch.setattr(cache, "_CODE", [])
    changed = cache.code_digest()
    (package / "prices" / "acme.toml").write_text("x = 2")
    monkeypatch.setattr(cache, "_CODE", [])
    assert cache.code_digest() == changed


def _package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package folder whose ``cache.py`` is the one the code digest walks from."""
    package = tmp_path / "tokencost"
    package.mkdir()
    (package / "cache.py").write_text("")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    return package


def _digest(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(cache, "_CODE", [])
    return cache.code_digest()


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code is keyed by each file's status, not its bytes: an edit of the same size
    whose modification time is set back (``touch -r``, ``cp -p``) still changes the
    key, through the change time no tool sets back."""
    module = _package(tmp_path, monkeypatch) / "validation.py"
    module.write_text("RATE = 1\n")
    os.utime(module, ns=(10**18, 10**18))
    monkeypatch.setattr(cache, "RECENT", 0)  # only the status counts, however new the file
    before = _digest(monkeypatch)
    assert _digest(monkeypatch) == before  # nothing changed: the same key
    time.sleep(0.05)  # past the kernel's clock tick, which time-stamps files
    module.write_text("RATE = 2\n")
    os.utime(module, ns=(10**18, 10**18))
    assert _digest(monkeypatch) != before


def test_a_second_edit_within_the_same_clock_tick_is_a_new_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Time stamps are as coarse as the kernel's clock tick: two edits of one size in one
    tick leave the same status. A file changed in the last seconds is digested by its
    bytes too (git's rule for its index), so the second edit is still a new key. The
    status is pinned here, as a file system with a coarse clock would give it."""
    module = _package(tmp_path, monkeypatch) / "validation.py"
    module.write_text("RATE = 1\n")
    real_stat, tick = os.stat, time.time_ns()

    def pinned(path: str, **options: bool) -> object:
        if os.fspath(path) != os.fspath(module):
            return real_stat(path, **options)
        return SimpleNamespace(st_size=9, st_ino=7, st_mtime_ns=tick, st_ctime_ns=tick)

    monkeypatch.setattr(os, "stat", pinned)
    before = _digest(monkeypatch)
    module.write_text("RATE = 2\n")  # same size, and the same (pinned) time stamps
    assert _digest(monkeypatch) != before

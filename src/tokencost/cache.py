"""A content-addressed cache of validated files, so most runs skip pydantic entirely.

Validating TOML with pydantic costs ~70 ms of imports and schema building, more than
the rest of a CLI call. The result of validating a set of files depends only on
their bytes, their location and the code that validates them, so it is kept under a
key made of exactly those (BLAKE2b): the files' bytes and paths, the status of every
file of the tokencost package (size, time stamps, inode: no list to keep up to date,
and any edit to any module is a new key; :func:`code_digest`), the pydantic release and
the Python version. Invalid files are never cached.

Location: ``$TOKENCOST_CACHE_DIR``, else ``$XDG_CACHE_HOME/tokencost``, else
``~/.cache/tokencost``. ``TOKENCOST_NO_CACHE=1`` turns it off. The cache is
best-effort: an unwritable folder or a damaged entry only costs the validation.
One entry is kept per kind and location (older ones are removed when a new one is
written).

An entry cannot lie. Each is a pickle behind a header naming the key it was built
for and a keyed BLAKE2b MAC (an HMAC-like tag) of that key and the pickle, under a
secret of 32 random bytes kept beside the entries in ``key`` (mode 0600, created by
the first run; a key that is not a plain file of ours is not trusted and the cache
is not used). An entry is unpickled only when its tag is right and it claims the key
asked for: a flipped bit, an entry of other files renamed, or a file planted by
someone without the secret is ignored (never unpickled, so it runs no code) and
rebuilt.
"""

from __future__ import annotations

import gc
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

try:  # what hmac.compare_digest is, without importing hmac (and OpenSSL) at start-up
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover - other interpreters
    from hmac import compare_digest  # type: ignore[no-redef]

try:  # CPython's built-in BLAKE2: the same digest as hashlib's without loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

from tokencost.atomic import read_file
from tokencost.errors import TokencostError

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("TOKENCOST_NO_CACHE"):
        return None
    explicit = os.environ.get("TOKENCOST_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tokencost"


def cached(
    kind: str,
    contents: Mapping[Path, bytes],
    build: Callable[[], T],
    *,
    expect: type[T],
) -> T:
    """``build()``, or its earlier result for exactly these file contents and this code.

    ``contents`` maps each input file to its bytes.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    secret = _secret(folder)
    if secret is None:
        return build()
    where, what = _key(kind, contents)
    claim = f"{kind}-{where}-{what}"
    entry = folder / f"{claim}.pickle"
    found = _found(claim, entry, secret, expect)
    if found is not None:
        return found
    value = build()
    try:
        sealed = _sealed(value, secret, claim)
    except pickle.PicklingError:  # pragma: no cover - every cached kind pickles
        return value
    _store(folder, entry, f"{kind}-{where}-", sealed)
    return _seen(claim, entry, value)


def lookup(kind: str, contents: Mapping[Path, bytes], *, expect: type[T]) -> T | None:
    """What :func:`cached` keeps for exactly these file contents and this code, or None
    when it keeps nothing (nothing is built or stored, no cache folder is made)."""
    folder = cache_dir()
    if folder is None or not (folder / SECRET_FILE).exists():
        return None
    secret = _secret(folder)
    if secret is None:
        return None
    where, what = _key(kind, contents)
    claim = f"{kind}-{where}-{what}"
    return _found(claim, folder / f"{claim}.pickle", secret, expect)


def _found(claim: str, entry: Path, secret: bytes, expect: type[T]) -> T | None:
    """The value of the entry of ``claim``, or None (missing, unreadable, damaged, from
    other code or not an ``expect``: then it is rebuilt)."""
    seen = _SEEN.get(claim)
    if seen is not None and isinstance(seen[1], expect) and seen[0] == _status(entry):
        found: T = seen[1]
        return found
    try:
        payload = _opened(entry.read_bytes(), secret, claim)
        if payload is not None:
            value = _unpickled(payload)
            if isinstance(value, expect):
                return _seen(claim, entry, value)
    except Exception:  # missing, unreadable, damaged or from other code: rebuild
        pass
    return None


_SEEN: dict[str, tuple[tuple[int, ...] | None, Any]] = {}
"""The values this process read or wrote last, by claim, with the status of their entry
then: a caller that loads the same files again in one process (a library user, the
tests calling :func:`tokencost.cli.main` many times) gets the same object without
reading, checking and unpickling the entry again, for as long as the entry is the same
file (its size, inode and time stamps, the change time included, which no tool sets
back). An entry changed, replaced or removed is read again as usual. As on disk, one a
kind and location; at most :data:`KEEP` in all."""
KEEP = 8


def _status(entry: Path) -> tuple[int, ...] | None:
    try:
        info = os.stat(entry)
    except OSError:
        return None
    return (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


def _seen(claim: str, entry: Path, value: T) -> T:
    status = _status(entry)
    prefix = claim[: claim.rindex("-") + 1]  # kind-where-: one a kind and location
    for old in [c for c in _SEEN if c.startswith(prefix)]:
        del _SEEN[old]
    while len(_SEEN) >= KEEP:
        del _SEEN[next(iter(_SEEN))]  # the oldest
    if status is not None:
        _SEEN[claim] = (status, value)
    return value


def _unpickled(data: bytes) -> object:
    """``pickle.loads`` with the garbage collector paused: the whole market's catalogue
    is some 100,000 new objects, none of them garbage, and the collections they set off
    cost a quarter of the load (benchmarks/README.md)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if was_on:
            gc.enable()


MAGIC = b"tokencost-cache/2\n"
TAG = 32
"""Bytes of an entry's tag (keyed BLAKE2b)."""
SECRET_FILE = "key"


def _tag(secret: bytes, claim: str, payload: bytes) -> bytes:
    mac = blake2b(key=secret, digest_size=TAG, person=b"tokencost-cache")
    mac.update(claim.encode() + b"\0" + payload)
    return mac.digest()


def _sealed(value: object, secret: bytes, claim: str) -> bytes:
    """An entry: the header, the claim (the key it answers), its tag, the pickle."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + claim.encode() + b"\n" + _tag(secret, claim, payload) + payload


def _opened(data: bytes, secret: bytes, claim: str) -> bytes | None:
    """The pickle of an entry whose tag is right and which claims ``claim``; else None."""
    head = MAGIC + claim.encode() + b"\n"
    if not data.startswith(head) or len(data) < len(head) + TAG:
        return None
    tag, payload = data[len(head) : len(head) + TAG], data[len(head) + TAG :]
    return payload if compare_digest(tag, _tag(secret, claim, payload)) else None


def _secret(folder: Path) -> bytes | None:
    """The cache's secret: read from ``folder/key``, made there by the first run. None
    (no cache this run) when it cannot be made, or is a link, not ours or open to others."""
    path = folder / SECRET_FILE
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return _new_secret(folder, path)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_mode & 0o077:
            return None
        secret = os.read(fd, TAG + 1)
    finally:
        os.close(fd)
    return secret if len(secret) == TAG else None


def _new_secret(folder: Path, path: Path) -> bytes | None:
    secret = os.urandom(TAG)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another run made it first: use theirs
        return _secret(folder)
    except OSError:
        return None
    try:
        os.write(fd, secret)
    finally:
        os.close(fd)
    return secret


def read_bytes(path: Path, error: type[TokencostError]) -> bytes:
    """The bytes of ``path`` (a regular file or a pipe, bounded:
    :func:`tokencost.atomic.read_file`); an unreadable one raises ``error`` naming it."""

    try:
        return read_file(path)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None


def _key(kind: str, contents: Mapping[Path, bytes]) -> tuple[str, str]:
    where = blake2b(kind.encode(), digest_size=8)
    what = blake2b(code_digest())
    folders: dict[Path, Path] = {}  # each folder resolved once: a catalogue has dozens of files
    for path in sorted(contents):
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        where.update(str(folder / path.name).encode() + b"\0")
        what.update(b"%d\0" % len(contents[path]) + contents[path])
    return where.hexdigest(), what.hexdigest()


_CODE: list[bytes] = []


DATA = "prices"
"""The catalogue shipped inside an installed package: data, whose files are the contents
of the entries built from them, so not part of the code's digest."""


def code_digest() -> bytes:
    """What validates a file, as a digest (computed once a process): every file of the
    installed tokencost package (its modules and anything else shipped in it, but for
    the catalogue data in ``prices/``) by its path in the package and its file status
    (size, modification and change times in nanoseconds, inode), pydantic's release (its
    version module's bytes, read without importing pydantic) and Python's version.

    Any edit to a file gives it a new change time, which ordinary tools cannot set back
    (``touch`` and ``cp -p`` set only the modification time), so it is a new key without reading
    the package's 1.5 MB on every run. Time stamps are as coarse as the kernel's clock
    tick, so, as git does for its index, a file changed in the last
    :data:`RECENT` seconds is read and its bytes digested too: a second edit within the
    same tick as the first, with the same size, still makes another key.
    """
    if not _CODE:
        package = os.path.dirname(os.path.abspath(__file__))
        digest = blake2b(f"{sys.version}\0".encode())
        recent = time.time_ns() - RECENT * 1_000_000_000
        _walk(digest, package, "", recent)
        _feed(digest, b"pydantic", _pydantic_release())
        _CODE.append(digest.digest())
    return _CODE[0]


RECENT = 3
"""Seconds within which a changed file is digested by its bytes too (see code_digest)."""


def _walk(digest: Any, folder: str, within: str, recent: int) -> None:
    """Feed ``digest`` each file under ``folder`` (sorted; ``within``: its path in the
    package), leaving out bytecode, ``__pycache__`` and the top-level ``prices/``."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        name = within + entry.name
        if entry.is_dir(follow_symlinks=True):
            if entry.name != "__pycache__" and not (not within and entry.name == DATA):
                _walk(digest, entry.path, name + "/", recent)
        elif not entry.name.endswith((".pyc", ".pyo")):
            info = os.stat(entry.path)
            changed = max(info.st_mtime_ns, info.st_ctime_ns)
            status = b"%d %d %d %d" % (
                info.st_size,
                info.st_mtime_ns,
                info.st_ctime_ns,
                info.st_ino,
            )
            _feed(digest, name.encode(), _read(entry.path) if changed >= recent else status)


def _feed(digest: Any, name: bytes, data: bytes) -> None:
    digest.update(b"%d\0%s%d\0%s" % (len(name), name, len(data), data))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _pydantic_release() -> bytes:
    """The bytes of the ``pydantic/version.py`` Python would import (it names the
    release), or empty when there is none."""
    for entry in sys.path:
        candidate = os.path.join(entry or ".", "pydantic", "version.py")
        if os.path.isfile(candidate):
            return _read(candidate)
    return b""


def _store(folder: Path, entry: Path, prefix: str, data: bytes) -> None:
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as handle:
            temp = Path(handle.name)
            try:
                handle.write(data)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        os.replace(temp, entry)
        for old in folder.glob(prefix + "*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # best-effort: the result is still returned

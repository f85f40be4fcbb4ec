"""A content-addressed cache of validated files, so most runs skip pydantic entirely.

Validating TOML with pydantic costs ~70 ms of imports and schema building, more than
the rest of a CLI call. The result of validating a set of files depends only on
their bytes, their location and the code that validates them, so it is kept under a
key made of exactly those (BLAKE2b): the files' bytes and paths, the bytes of every
source file of the tokencost package (no list to keep up to date: any edit to any
module is a new key), the pydantic release and the Python version. Invalid files are
never cached.

Location: ``$TOKENCOST_CACHE_DIR``, else ``$XDG_CACHE_HOME/tokencost``, else
``~/.cache/tokencost``. ``TOKENCOST_NO_CACHE=1`` turns it off. The cache is
best-effort: an unwritable folder or a damaged entry only costs the validation.
Entries are pickles that tokencost wrote itself in the user's own cache folder; one
entry is kept per kind and location (older ones are removed when a new one is written).
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

try:  # CPython's built-in BLAKE2: the same digest as hashlib's without loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b

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
    where, what = _key(kind, contents)
    entry = folder / f"{kind}-{where}-{what}.pickle"
    try:
        value = _unpickled(entry.read_bytes())
        if isinstance(value, expect):
            return value
    except Exception:  # missing, unreadable, damaged or from other code: rebuild
        pass
    value = build()
    _store(folder, entry, f"{kind}-{where}-", value)
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


def read_bytes(path: Path, error: type[TokencostError]) -> bytes:
    """The bytes of ``path``; an unreadable file raises ``error`` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None


def _key(kind: str, contents: Mapping[Path, bytes]) -> tuple[str, str]:
    where = blake2b(kind.encode(), digest_size=8)
    what = blake2b(code_digest())
    for path in sorted(contents):
        where.update(str(path.resolve()).encode() + b"\0")
        what.update(b"%d\0" % len(contents[path]) + contents[path])
    return where.hexdigest(), what.hexdigest()


_CODE: list[bytes] = []


def code_digest() -> bytes:
    """What validates a file, as a digest (computed once a process): the bytes of every
    source file of the tokencost package with its path in the package, pydantic's
    release (its version module's bytes, read without importing pydantic) and Python's
    version."""
    if not _CODE:
        package = os.path.dirname(os.path.abspath(__file__))
        digest = blake2b(f"{sys.version}\0".encode())
        for folder, subfolders, files in os.walk(package):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.join(folder, name)
                    _feed(digest, os.path.relpath(path, package).encode(), _read(path))
        _feed(digest, b"pydantic", _pydantic_release())
        _CODE.append(digest.digest())
    return _CODE[0]


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


def _store(folder: Path, entry: Path, prefix: str, value: object) -> None:
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tmp-", delete=False) as handle:
            temp = Path(handle.name)
            try:
                handle.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        os.replace(temp, entry)
        for old in folder.glob(prefix + "*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass  # best-effort: the result is still returned

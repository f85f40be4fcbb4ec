"""Writing files so that a crash or a kill leaves the old file or the new one, never a mix.

``write_atomic``: the new bytes go to a temporary file in the same folder (same file
system), which is flushed and fsync'ed before ``os.replace`` puts it in place in one
step; the folder is fsync'ed after, so the rename itself survives a power cut. A
kill before the rename leaves the old file and a stray ``.NAME.*.tmp`` (never
``*.toml``, so the catalogue loader ignores it). A replaced file keeps its permission
bits; a new one gets those of any new file (0666 less the umask), not the temporary
file's 0600. ``prices set`` and ``--svg FILE`` write through it.

``replace_folder``: a folder of files written whole, then swapped in for the old one
with two renames (the old folder is moved aside, the new one into its place, the old
one removed); ``tokencost prices update`` writes its overlay so. Between the renames a
kill leaves the old folder beside as ``.NAME.old-*``, never a half-written one.

``locked``: an exclusive advisory lock on a folder (``flock`` on POSIX) held while a
file in it is read, changed and replaced, so two writers cannot lose each other's
change.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (keeping its permission bits, if it exists)."""
    folder = path.parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    sync_folder(folder)


def replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Make ``folder`` hold exactly ``files`` (name -> bytes): written and fsync'ed in a
    temporary folder beside it, then swapped in (see the module docstring)."""
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp"))
    try:
        for name, data in files.items():
            with open(temp / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, 0o777 & ~_umask())
        sync_folder(temp)
        if folder.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.old-"))
            os.replace(folder, old)
            os.replace(temp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    sync_folder(parent)


def _umask() -> int:
    """The process's umask (reading it means setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """fsync a folder so that renames in it are durable (a no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (POSIX ``flock``; nothing elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock

"""Files in and out: written whole or not at all, to regular files only; read bounded.

Every file tokencost writes or reads goes through here (the SVG and HTML of
``--svg``/``--html``, ``prices set``, the catalogue cache, every TOML and JSON input).

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

``write_atomic`` writes only regular files: a device, a FIFO, a socket or a folder
at the path is refused (:class:`NotRegularFile`, naming what it is), never replaced.
A symlink is written through: its target gets the new bytes and the link stays a link
(``prices set`` on a symlinked provider file keeps the symlink).

``read_file``: the bytes of a regular file or a pipe (``diff <(cat a) <(cat b)``),
at most :data:`MAX_FILE` of them; a device (``/dev/zero``), a socket or a folder is
refused, and a file or pipe with more bytes than that is an error
(:class:`FileTooLarge`) rather than a read until memory runs out.

``locked``: an exclusive advisory lock on a folder (``flock`` on POSIX) held while a
file in it is read, changed and replaced, so two writers cannot lose each other's
change.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

MAX_FILE = 64 << 20
"""The largest file (or pipe) tokencost reads whole: 64 MiB (a catalogue file, a profile,
a budget file, a tracker's price file); usage logs are streamed instead."""


class NotRegularFile(OSError):
    """A path that is a device, FIFO, socket or folder where a regular file is needed."""

    def __init__(self, path: Path | str, what: str, doing: str) -> None:
        super().__init__(
            errno.EINVAL, f"is {what}, not a regular file; tokencost {doing}", str(path)
        )


class FileTooLarge(OSError):
    """A file or pipe with more bytes than tokencost reads whole."""

    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(
            errno.EFBIG,
            f"is larger than {limit >> 20} MiB, the most tokencost reads of a file like it",
            str(path),
        )


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words (``a character device``)."""
    for test, what in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return "not a regular file"


def writable_target(path: Path) -> Path:
    """The file a write to ``path`` replaces: ``path`` itself, or, for a symlink, the file
    it points to (written through, so the link stays). Raises NotRegularFile when that is
    anything but a regular file (or nothing yet)."""
    target = Path(os.path.realpath(path))
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path, kind_of(info.st_mode), "writes only regular files")
    return target


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (keeping its permission bits, if it
    exists); through a symlink to its target; never over a device, FIFO or folder."""
    import tempfile  # only when writing: it costs start-up time

    path = writable_target(path)
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
    import tempfile  # only when writing: it costs start-up time

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


def read_file(path: Path | str, limit: int = MAX_FILE) -> bytes:
    """The bytes of the regular file or pipe at ``path``, at most ``limit`` of them.

    Raises OSError: NotRegularFile for a device, socket or folder, FileTooLarge past
    ``limit``, and the system's errors (no such file, permission denied ...). A FIFO
    with no writer reads as empty; one that never ends stops at ``limit``.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        regular = stat.S_ISREG(info.st_mode)
        if not (regular or stat.S_ISFIFO(info.st_mode)):
            raise NotRegularFile(path, kind_of(info.st_mode), "reads regular files and pipes")
        if regular and info.st_size > limit:
            raise FileTooLarge(path, limit)
        os.set_blocking(fd, True)  # a pipe: wait for its writer
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileTooLarge(path, limit)
    finally:
        os.close(fd)


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

"""Usage logs as inputs: files, folders, globs or stdin, gzip, JSON or CSV, cut into pieces.

- ``-`` is stdin; a folder is every log file under it (``.jsonl``, ``.ndjson``,
  ``.json``, ``.jsonlines``, ``.csv``, each also ``.gz``), recursively, in name order,
  hidden ones left out; a name with ``*``, ``?`` or ``[`` that is no file is a glob
  (``**`` crosses folders), its matches in name order; any other name is a file. Inputs
  are read in the order given.
- gzip when the name ends in ``.gz`` or the data starts with gzip's magic bytes.
- CSV when the name (without ``.gz``) ends in ``.csv``; JSON Lines when it ends in
  ``.jsonl``, ``.ndjson`` or ``.json``; otherwise by the first character that is not
  white space: ``{`` is JSON Lines, anything else CSV.
- A plain JSON Lines file is cut into byte ranges that end at a line end, which
  workers read themselves; gzip and stdin are read here in chunks of whole lines. A
  file of a format whose records are counted once by key (Claude Code transcripts) is
  read whole by one worker, small files several to a worker.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from tokencost.atomic import MAX_FILE
from tokencost.errors import InputError
from tokencost.replay.formats.base import Context

PIECE = 8 << 20
"""Bytes per piece of a plain file, which a worker reads itself."""
STREAM_PIECE = 2 << 20
"""Bytes per piece read here from gzip or stdin and sent to a worker: small, because
the pieces in flight are held in this process's memory."""
GZIP_MAGIC = b"\x1f\x8b"
STDIN = "-"
LOG_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonlines", ".csv")
"""Files a folder's logs are (each also gzipped)."""
GLOB_CHARS = frozenset("*?[")

Kind = Literal["jsonl", "csv", "parquet"]
PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class LogInput:
    """One input as given on the command line."""

    name: str
    """The name used in line references: the path as given, or ``<stdin>``."""
    path: Path | None
    """None for stdin."""
    size: int | None
    """Bytes on disk (compressed for gzip); None for stdin or a pipe."""


@dataclass(frozen=True)
class Piece:
    """Work for a scanner: a byte range of a plain file, or bytes already read."""

    name: str
    path: str | None
    start: int
    end: int
    data: bytes | None
    read: int
    """Bytes of the input on disk this piece accounts for (progress)."""
    fmt: str = "records"
    """The format's name (``--log-format``)."""
    context: Context | None = None
    whole: bool = False
    """The piece is a whole input whose records are counted once by key."""

    def load(self) -> bytes:
        """The piece's bytes (whole lines)."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        with open(self.path, "rb") as handle:
            handle.seek(self.start)
            return handle.read(self.end - self.start)


def log_inputs(names: list[str]) -> list[LogInput]:
    """Check every input before reading any: each must exist and be readable; folders
    and globs are expanded."""
    if not names:
        raise InputError("give at least one usage log (a file, a folder, or - for stdin)")
    if names.count(STDIN) > 1:
        raise InputError("stdin (-) can be read only once")
    found = []
    for name in names:
        if name == STDIN:
            found.append(LogInput("<stdin>", None, None))
            continue
        for each in expand(name):
            found.append(_log_input(each))
    return found


def expand(name: str) -> list[str]:
    """The files a name stands for: itself, a folder's log files, or a glob's matches."""
    path = Path(name)
    if not path.exists() and GLOB_CHARS & set(name):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            raise InputError(f"{name}: no file matches this pattern")
        return [
            m
            for match in matches
            for m in (folder_logs(match) if os.path.isdir(match) else [match])
        ]
    if path.is_dir():
        found = folder_logs(name)
        if not found:
            raise InputError(
                f"{name}: no log files in this folder (" + ", ".join(LOG_SUFFIXES) + ", or .gz)"
            )
        return found
    return [name]


def folder_logs(folder: str) -> list[str]:
    """Log files under a folder, recursively, in name order; hidden ones left out."""
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for file in sorted(files):
            plain = file.lower().removesuffix(".gz")
            if not file.startswith(".") and plain.endswith(LOG_SUFFIXES):
                found.append(os.path.join(root, file))
    return found


def _log_input(name: str) -> LogInput:
    path = Path(name)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a folder; give the log files in it")
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    size = info.st_size if stat.S_ISREG(info.st_mode) else None
    return LogInput(name, path, size)


def open_binary(log: LogInput) -> tuple[BinaryIO, io.BufferedReader, bool]:
    """(stream of the log's bytes, the buffered file under it, whether it is gzip)."""
    raw: Any = sys.stdin.buffer if log.path is None else open(log.path, "rb")  # noqa: SIM115
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)
    compressed = log.name.endswith(".gz") or buffered.peek(2)[:2] == GZIP_MAGIC
    stream: Any = gzip.GzipFile(fileobj=buffered, mode="rb") if compressed else buffered
    return stream, buffered, compressed


def kind_of(log: LogInput, head: bytes) -> Kind:
    """Parquet, CSV or JSON Lines, by the name's extension, else by ``head`` (the first
    bytes: Parquet's magic ``PAR1``)."""
    name = log.name.lower().removesuffix(".gz")
    if name.endswith(".parquet") or head[:4] == PARQUET_MAGIC:
        return "parquet"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".json", ".jsonlines")):
        return "jsonl"
    return "jsonl" if head.lstrip()[:1] in (b"{", b"[") or not head.strip() else "csv"


def file_pieces(
    log: LogInput, size: int, fmt: str = "records", context: Context | None = None
) -> Iterator[Piece]:
    """Byte ranges of a plain file, each ending just after a newline (or at the end)."""
    assert log.path is not None
    with open(log.path, "rb") as handle:
        start = 0
        while start < size:
            end = min(start + PIECE, size)
            if end < size:
                handle.seek(end)
                while True:  # extend to the end of the line that crosses the cut
                    block = handle.read(1 << 16)
                    if not block:
                        end = size
                        break
                    newline = block.find(b"\n")
                    if newline >= 0:
                        end += newline + 1
                        break
                    end += len(block)
            yield Piece(log.name, str(log.path), start, end, None, end - start, fmt, context)
            start = end


def stream_pieces(
    log: LogInput,
    stream: BinaryIO,
    raw: BinaryIO,
    head: bytes,
    fmt: str = "records",
    context: Context | None = None,
) -> Iterator[Piece]:
    """Chunks of whole lines read from a stream (gzip or stdin); ``head`` comes first.

    Linear in the input however long its lines: a read without a line end is kept
    aside, not added to a growing string searched again on every read (a line of 1 GiB
    took minutes), and the parts are joined once, into the piece."""
    parts = [head] if head else []
    size = len(head)
    position = _tell(raw)
    while True:
        block = _read(log, stream, STREAM_PIECE)
        if not block:
            break
        end = block.rfind(b"\n") + 1
        if end == 0 or size + end < STREAM_PIECE // 2:
            parts.append(block)  # a line longer than a read, or a short read from a pipe
            size += len(block)
            continue
        parts.append(block[:end])
        data = b"".join(parts)
        now = _tell(raw)
        yield Piece(log.name, None, 0, 0, data, now - position if now else len(data), fmt, context)
        position = now
        parts = [block[end:]] if end < len(block) else []
        size = len(block) - end
    if parts:
        data = b"".join(parts)
        now = _tell(raw)
        yield Piece(log.name, None, 0, 0, data, now - position if now else len(data), fmt, context)


def read_head(log: LogInput, stream: BinaryIO, size: int = 1 << 12) -> bytes:
    """The first bytes of a stream, to tell CSV from JSON Lines."""
    return _read(log, stream, size)


def read_rest(log: LogInput, stream: BinaryIO, head: bytes, limit: int = MAX_FILE) -> bytes:
    """``head`` and everything left in a stream (a JSON document, a Claude Code
    transcript), read whole: at most ``limit`` bytes in all, like every file read whole
    (a stream that never ends is an error, not a read until memory runs out)."""
    chunks = [head]
    total = len(head)
    while total <= limit:
        chunk = _read(log, stream, min(STREAM_PIECE, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise InputError(
        f"{log.name}: more than {limit >> 20} MiB to read whole from a stream or a "
        "compressed file (a JSON document or a Claude Code transcript); save it as a plain "
        "file and pass its path"
    )


def _read(log: LogInput, stream: BinaryIO, size: int) -> bytes:
    try:
        return stream.read(size)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{log.name}: cannot read: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"not a valid gzip file ({exc})"
    if isinstance(exc, EOFError):
        return "the gzip data is truncated"
    return str(getattr(exc, "strerror", None) or exc)


def _tell(raw: BinaryIO) -> int:
    try:
        return raw.tell()
    except OSError:  # a pipe
        return 0


def is_plain_file(log: LogInput) -> bool:
    """True for a regular file (not stdin, not a pipe or device)."""
    return log.path is not None and log.size is not None and os.path.isfile(log.path)


CLAUDE_CONFIG_ENV = "CLAUDE_CONFIG_DIR"


def claude_projects() -> list[str]:
    """Claude Code's ``projects`` folders: under each folder of ``$CLAUDE_CONFIG_DIR``
    (commas between several), else under ``~/.config/claude`` and ``~/.claude`` (those
    that exist)."""
    given = [p.strip() for p in os.environ.get(CLAUDE_CONFIG_ENV, "").split(",") if p.strip()]
    homes = given or [
        os.path.join(os.path.expanduser("~"), ".config", "claude"),
        os.path.join(os.path.expanduser("~"), ".claude"),
    ]
    found = [
        os.path.join(home, "projects")
        for home in homes
        if os.path.isdir(os.path.join(home, "projects"))
    ]
    if not found:
        where = " or ".join(os.path.join(home, "projects") for home in homes)
        raise InputError(
            f"--claude-code: no Claude Code sessions: {where} does not exist "
            f"(set {CLAUDE_CONFIG_ENV} to Claude Code's folder)"
        )
    return list(dict.fromkeys(os.path.realpath(f) for f in found))

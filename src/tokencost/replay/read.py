"""Reading usage logs into one Tally: every input in the order given, pieces in order.

For each input: CSV or JSON by its name or first bytes; JSON Lines or one JSON document
by whether its first lines are JSON values each; its format by ``--log-format``, else
by its first values (:func:`tokencost.replay.formats.detect`). Plain JSON Lines files
go to the workers in pieces (files of a format counted by key whole, small ones several
to a unit); CSV and documents are read here. The tallies are merged in input order;
records counted by key (Claude Code messages) are counted once across inputs, where
first read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from tokencost.errors import InputError
from tokencost.replay.csvlog import scan_csv
from tokencost.replay.documents import head_values, scan_document
from tokencost.replay.formats import FORMATS, RECORDS, detect
from tokencost.replay.formats.base import Context, LogFormat, values
from tokencost.replay.formats.claude_code import place
from tokencost.replay.parallel import Done, Unit, Workers, format_of
from tokencost.replay.parquetlog import scan_parquet
from tokencost.replay.sources import (
    PIECE,
    LogInput,
    Piece,
    file_pieces,
    is_plain_file,
    kind_of,
    open_binary,
    read_head,
    read_rest,
    stream_pieces,
)
from tokencost.replay.tally import Resolver, Tally

Progress = Callable[[int], None]
"""Called with the bytes of input read since the last call."""
HEAD = 1 << 16
"""Bytes read to tell an input's shape and format."""
MAX_HEAD = 16 << 20
"""Bytes read at most to find the first whole line."""
BUNDLE_FILES = 64
"""Whole files scanned by one worker at most (up to PIECE bytes)."""


@dataclass
class Scan:
    """What reading the inputs found: the tally, and the format each input was read as."""

    tally: Tally
    formats: dict[str, LogFormat]


def scan_logs(
    logs: list[LogInput],
    resolver: Resolver,
    *,
    parser: str,
    jobs: int,
    renames: Mapping[str, str],
    progress: Progress | None = None,
    log_format: LogFormat | None = None,
) -> Scan:
    """Tally every log; line references are ``(log name, line number)``."""
    if renames and log_format is not None and log_format is not RECORDS:
        raise InputError(
            f"--map names the fields of records in tokencost's flat shape; drop it to read "
            f"--log-format {log_format.name}, or drop --log-format"
        )
    found = Scan(Tally(resolver), {})
    seen: set[str] = set()
    offsets: dict[str, int] = {}
    advance = progress or _ignore
    plan = _Plan(resolver, renames, log_format, found.formats)
    with Workers(jobs, resolver, parser, renames) as workers:
        for unit, tallies in workers.map(plan.units(logs)):
            for part in tallies:
                if part.messages:
                    _once(part, seen, resolver)
                found.tally.merge(part, offsets.get(part.name, 0))
                offsets[part.name] = offsets.get(part.name, 0) + part.lines
            advance(unit.read if isinstance(unit, Done) else sum(p.read for p in unit))
    return found


def _ignore(_: int) -> None:
    pass


def _once(part: Tally, seen: set[str], resolver: Resolver) -> None:
    """Records an earlier input counted already are taken out of this one."""
    again = [key for key in part.messages if key in seen]
    if again:
        part.resolver = resolver
        for key in again:
            part.remove(part.messages[key])
        part.duplicates += len(again)
    seen.update(part.messages)
    part.messages = {}


class _Plan:
    """The units of work for the inputs, in order."""

    def __init__(
        self,
        resolver: Resolver,
        renames: Mapping[str, str],
        forced: LogFormat | None,
        formats: dict[str, LogFormat],
    ) -> None:
        self.resolver, self.renames, self.forced, self.formats = resolver, renames, forced, formats
        self.bundle: list[Piece] = []

    def units(self, logs: list[LogInput]) -> Iterator[Unit | Done]:
        for log in logs:
            yield from self._input(log)
        yield from self._flush()

    def _flush(self) -> Iterator[Unit]:
        if self.bundle:
            yield tuple(self.bundle)
            self.bundle = []

    def _input(self, log: LogInput) -> Iterator[Unit | Done]:
        stream, raw, compressed = open_binary(log)
        try:
            plain = not compressed and is_plain_file(log)
            head = _file_head(log) if plain else _stream_head(log, stream)
            kind = kind_of(log, head)
            if kind == "parquet":
                yield from self._flush()
                yield self._parquet(log)
                return
            if kind == "csv":
                yield from self._flush()
                yield self._csv(log, b"" if plain else head, stream, raw)
                return
            if not _is_json_lines(head):
                yield from self._flush()
                data = _file_bytes(log) if plain else read_rest(log, stream, head)
                yield self._document(log, data)
                return
            fmt = self._format(log, head)
            context = _context(log, fmt)
            if fmt.dedupe:
                if not plain:
                    yield from self._flush()
                    data = read_rest(log, stream, head)
                    yield (Piece(log.name, None, 0, 0, data, len(data), fmt.name, context, True),)
                    return
                assert log.path is not None
                assert log.size is not None
                piece = Piece(
                    log.name, str(log.path), 0, log.size, None, log.size, fmt.name, context, True
                )
                self.bundle.append(piece)
                if sum(p.read for p in self.bundle) >= PIECE or len(self.bundle) >= BUNDLE_FILES:
                    yield from self._flush()
                return
            yield from self._flush()
            if plain:
                assert log.size is not None
                yield from ((p,) for p in file_pieces(log, log.size, fmt.name, context))
            else:
                pieces = stream_pieces(log, stream, raw, head, fmt.name, context)
                yield from ((p,) for p in pieces)
        finally:
            if log.path is not None:
                stream.close()
                raw.close()

    def _format(self, log: LogInput, head: bytes | list[object]) -> LogFormat:
        """The format ``--map`` or ``--log-format`` says, else the one the first values
        (of a JSON Lines head, or of a document) look like."""
        if self.renames:
            fmt = format_of(RECORDS.name, self.renames)
        elif self.forced is not None:
            fmt = self.forced
        else:
            sample = _line_values(head) if isinstance(head, bytes) else head
            fmt = detect(sample) or RECORDS
        self.formats[log.name] = fmt
        return fmt

    def _csv(self, log: LogInput, head: bytes, stream: BinaryIO, raw: BinaryIO) -> Done:
        tally = Tally(self.resolver, log.name)
        read = 0

        def chunks() -> Iterator[bytes]:
            nonlocal read
            for piece in stream_pieces(log, stream, raw, head):
                assert piece.data is not None
                read += piece.read
                yield piece.data

        has_default = self.resolver.default_model is not None
        fmt = scan_csv(
            log.name, chunks(), tally, self.renames, has_default, self.forced, self.resolver.label
        )
        self.formats[log.name] = fmt
        return Done([tally], read)

    def _parquet(self, log: LogInput) -> Done:
        tally = Tally(self.resolver, log.name)
        scan_parquet(log, tally, lambda rows: self._format(log, rows), self.resolver.label)
        return Done([tally], log.size or 0)

    def _document(self, log: LogInput, data: bytes) -> Done:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{log.name}: not UTF-8 text ({exc.reason})") from None
        fmt = self._format(log, [v for value in head_values(text) for v in values(value)])
        tally = Tally(self.resolver, log.name)
        scan_document(text, tally, fmt, _context(log, fmt), self.resolver.label)
        if fmt.dedupe:
            tally.flush()
        return Done([tally], len(data))


def _context(log: LogInput, fmt: LogFormat) -> Context:
    if fmt is FORMATS["claude-code"] and log.path is not None:
        return Context(log.name, *place(str(log.path)))
    return Context(log.name)


def _file_head(log: LogInput) -> bytes:
    """The first bytes of a plain file: HEAD, or more until a whole line (at most MAX_HEAD)."""
    assert log.path is not None
    try:
        with open(log.path, "rb") as handle:
            head = handle.read(HEAD)
            while b"\n" not in head and len(head) < MAX_HEAD:
                more = handle.read(len(head))
                if not more:
                    break
                head += more
            return head
    except OSError as exc:
        raise InputError(f"{log.name}: cannot read: {exc.strerror or exc}") from None


def _stream_head(log: LogInput, stream: BinaryIO) -> bytes:
    """As :func:`_file_head`, from a stream (the rest is read after it)."""
    head = read_head(log, stream, HEAD)
    while b"\n" not in head and HEAD <= len(head) < MAX_HEAD:
        more = read_head(log, stream, len(head))
        if not more:
            break
        head += more
    return head


def _file_bytes(log: LogInput) -> bytes:
    assert log.path is not None
    try:
        return log.path.read_bytes()
    except OSError as exc:
        raise InputError(f"{log.name}: cannot read: {exc.strerror or exc}") from None


def _complete_lines(head: bytes) -> list[bytes]:
    """The head's complete, non-blank lines (the last one only if the head is all)."""
    lines = head.split(b"\n")
    if len(head) >= HEAD and len(lines) > 1:
        lines.pop()  # perhaps cut
    return [line for line in lines if line.strip()]


def _is_json_lines(head: bytes) -> bool:
    """JSON Lines when one of the first two lines is a JSON value on its own (a
    pretty-printed document's first lines are not); an empty input too."""
    lines = _complete_lines(head)[:2]
    if not lines:
        return True
    for line in lines:
        try:
            json.loads(line)
        except RecursionError:  # a value, nested too deeply: the readers skip the line
            return True
        except ValueError:
            continue
        return True
    return False


def _line_values(head: bytes) -> list[object]:
    """Values of the first lines that parse, for detection."""
    found: list[object] = []
    for line in _complete_lines(head)[:50]:
        try:
            found.extend(values(json.loads(line)))
        except (ValueError, RecursionError):
            continue
    return found

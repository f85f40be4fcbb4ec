"""Reading usage logs into one Tally: every input in the order given, pieces in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from tokencost.errors import InputError
from tokencost.replay.csvlog import scan_csv
from tokencost.replay.parallel import Workers
from tokencost.replay.parquetlog import is_parquet, scan_parquet
from tokencost.replay.sources import (
    LogInput,
    Piece,
    file_pieces,
    is_plain_file,
    kind_of,
    open_binary,
    read_head,
    stream_pieces,
)
from tokencost.replay.tally import Resolver, Tally

Progress = Callable[[int], None]
"""Called with the bytes of input read since the last call."""


def scan_logs(
    logs: list[LogInput],
    resolver: Resolver,
    *,
    parser: str,
    jobs: int,
    renames: Mapping[str, str],
    progress: Progress | None = None,
) -> Tally:
    """Tally every log; line references are ``(log name, line number)``."""
    total = Tally(resolver)
    with Workers(jobs, resolver, parser) as workers:
        for log in logs:
            _scan_log(log, total, workers, renames, progress or _ignore)
    return total


def _ignore(_: int) -> None:
    pass


def _scan_log(
    log: LogInput,
    total: Tally,
    workers: Workers,
    renames: Mapping[str, str],
    progress: Progress,
) -> None:
    stream, raw, compressed = open_binary(log)
    try:
        if not compressed and is_parquet(log, raw.peek(4)[:4]):
            part = Tally(total.resolver, log.name)
            scan_parquet(log, part, renames, progress)
            total.merge(part)
            return
        if not compressed and is_plain_file(log):
            assert log.size is not None
            if kind_of(log, raw.peek(1 << 12)[: 1 << 12]) == "jsonl":
                _check_no_map(log, renames)
                _merge(workers.map(file_pieces(log, log.size)), total, progress)
                return
        head = read_head(log, stream)
        if kind_of(log, head) == "jsonl":
            _check_no_map(log, renames)
            _merge(workers.map(stream_pieces(log, stream, raw, head)), total, progress)
            return
        part = Tally(total.resolver, log.name)
        pieces = stream_pieces(log, stream, raw, head)
        default = total.resolver.default_model is not None
        scan_csv(log.name, _data(pieces, progress), part, renames, default)
        total.merge(part)
    finally:
        if log.path is not None:
            stream.close()
            raw.close()


def _check_no_map(log: LogInput, renames: Mapping[str, str]) -> None:
    if renames:
        raise InputError(
            f"--map renames CSV columns, and {log.name} is JSON Lines; drop --map or give CSV files"
        )


def _merge(results: Iterable[tuple[Piece, Tally]], total: Tally, progress: Progress) -> None:
    offset = 0
    for piece, part in results:
        total.merge(part, offset)
        offset += part.lines
        progress(piece.read)


def _data(pieces: Iterator[Piece], progress: Progress) -> Iterator[bytes]:
    for piece in pieces:
        assert piece.data is not None
        yield piece.data
        progress(piece.read)

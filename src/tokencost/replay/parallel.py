"""Scanning pieces on worker processes, results back in input order.

Parsing JSON is CPU-bound and Python runs one thread at a time, so pieces go to a
pool of processes (``--jobs``, default the number of CPUs). At most two pieces per
worker are in flight, so memory stays flat however long the input. An input of one
piece is scanned in this process: no pool, no start-up cost.

Workers start from a fork server (a fresh interpreter that imported only the scan
modules), never by forking this process, which may be running a progress thread.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from tokencost.errors import InputError
from tokencost.replay.scan import Scanner, scanner
from tokencost.replay.sources import Piece
from tokencost.replay.tally import Resolver, Tally

_resolver: Resolver | None = None
_scan: Scanner | None = None


def _start(resolver: Resolver, parser: str) -> None:
    global _resolver, _scan
    _resolver, _scan = resolver, scanner(parser)


def scan_piece(piece: Piece) -> Tally:
    """A worker's job: tally one piece (line numbers local to the piece)."""
    assert _resolver is not None
    assert _scan is not None
    tally = Tally(_resolver, piece.name)
    try:
        data = piece.load()
    except OSError as exc:
        raise InputError(f"{piece.name}: cannot read: {exc.strerror or exc}") from None
    tally.lines = _scan(data, tally, 0)
    return tally


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Workers:
    """A lazily started pool; use as a context manager so it is always shut down."""

    def __init__(self, jobs: int, resolver: Resolver, parser: str) -> None:
        self.jobs = jobs
        self.resolver = resolver
        self.parser = parser
        self._pool: Pool | None = None

    def __enter__(self) -> Workers:
        _start(self.resolver, self.parser)  # for pieces scanned in this process
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if error is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(self, pieces: Iterable[Piece]) -> Iterator[tuple[Piece, Tally]]:
        """Each piece with its tally, in order."""
        source = iter(pieces)
        first = next(source, None)
        if first is None:
            return
        second = next(source, None)
        if self.jobs <= 1 or (second is None and self._pool is None):
            yield first, scan_piece(first)
            if second is not None:
                yield second, scan_piece(second)
                for piece in source:
                    yield piece, scan_piece(piece)
            return
        pool = self._start_pool()
        pending: deque[tuple[Piece, AsyncResult[Tally]]] = deque()
        ahead = [first] if second is None else [first, second]
        for piece in _chain(ahead, source):
            pending.append((piece, pool.apply_async(scan_piece, (piece,))))
            if len(pending) >= 2 * self.jobs:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()

    def _start_pool(self) -> Pool:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if "forkserver" in methods:
                preload = ["tokencost.replay.parallel"]
                if self.parser == "msgspec":
                    preload.append("tokencost.replay.fast")
                context.set_forkserver_preload(preload)
            self._pool = context.Pool(
                self.jobs, initializer=_start, initargs=(self.resolver, self.parser)
            )
        return self._pool


def _chain(first: list[Piece], rest: Iterator[Piece]) -> Iterator[Piece]:
    yield from first
    yield from rest

"""Scanning pieces on worker processes, results back in input order.

Parsing JSON is CPU-bound and Python runs one thread at a time, so pieces go to a
pool of processes (``--jobs``, default and at most the number of CPUs: more would
only share them, at the memory of a worker each). At most two pieces per worker are
in flight, so memory stays flat however long the input. An input of one piece is
scanned in this process: no pool, no start-up cost.

Workers start from a fork server (a fresh interpreter that imported only the scan
modules), never by forking this process, which may be running a progress thread.
They ignore Ctrl-C (the terminal sends it to every process of the group: this
process alone says "interrupted" and stops them), and each watches this process
and exits when it is gone, so none outlives a killed run. A worker that dies (the
system's out-of-memory killer) fails the run (:class:`LostWorker`, exit 3) instead
of leaving it waiting for a result that will never come.
"""

from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tokencost.errors import EXIT_INTERNAL, InputError, TokencostError
from tokencost.replay.scan import Scanner, scanner
from tokencost.replay.sources import Piece
from tokencost.replay.tally import Resolver, Tally

_resolver: Resolver | None = None
_scan: Scanner | None = None


class LostWorker(TokencostError):
    """A worker process died before it gave its result (killed by the system)."""

    exit_code = EXIT_INTERNAL


def _start(resolver: Resolver, parser: str) -> None:
    global _resolver, _scan
    _resolver, _scan = resolver, scanner(parser)


def _start_worker(resolver: Resolver, parser: str, parent: int) -> None:
    """A worker's start: ignore Ctrl-C, exit when ``parent`` does, then :func:`_start`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _start(resolver, parser)


def _exit_with(parent: int) -> None:
    """Wait for process ``parent`` to end, then end this one (a daemon thread's loop):
    on a pidfd where the system has them (no polling, no reused pid), else by asking
    every second whether it is still there."""
    try:
        watch = os.pidfd_open(parent)
    except (AttributeError, OSError):
        watch = None
    if watch is not None:
        select.select([watch], [], [])
        os._exit(1)
    while True:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except OSError:
            pass
        threading.Event().wait(1)


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


def capped_jobs(jobs: int | None) -> int:
    """``--jobs`` within 1 and the CPUs (:func:`default_jobs` when None)."""
    return max(1, min(jobs or default_jobs(), default_jobs()))


class Workers:
    """A lazily started pool; use as a context manager so it is always shut down."""

    def __init__(self, jobs: int, resolver: Resolver, parser: str) -> None:
        self.jobs = capped_jobs(jobs)
        self.resolver = resolver
        self.parser = parser
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        _start(self.resolver, self.parser)  # for pieces scanned in this process
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if error is not None:  # interrupted or failed: stop the workers now
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

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
        pending: deque[tuple[Piece, Future[Tally]]] = deque()
        ahead = [first] if second is None else [first, second]
        for piece in _chain(ahead, source):
            pending.append((piece, self._submit(pool, piece)))
            if len(pending) >= 2 * self.jobs:
                done, result = pending.popleft()
                yield done, _result(result)
        while pending:
            done, result = pending.popleft()
            yield done, _result(result)

    def _submit(self, pool: ProcessPoolExecutor, piece: Piece) -> Future[Tally]:
        try:
            return pool.submit(scan_piece, piece)
        except BrokenProcessPool:
            raise _lost() from None

    def _start_pool(self) -> ProcessPoolExecutor:
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
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.resolver, self.parser, os.getpid()),
            )
        return self._pool


def _result(future: Future[Tally]) -> Tally:
    try:
        return future.result()
    except BrokenProcessPool:
        raise _lost() from None


def _lost() -> LostWorker:
    return LostWorker(
        "a worker process died before it finished (killed by the system: out of memory?); "
        "run again with fewer --jobs, and report it if it happens again"
    )


def _chain(first: list[Piece], rest: Iterator[Piece]) -> Iterator[Piece]:
    yield from first
    yield from rest

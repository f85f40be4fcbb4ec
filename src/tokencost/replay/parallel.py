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
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tokencost.errors import EXIT_INTERNAL, InputError, TokencostError
from tokencost.replay.csvlog import FIELDS
from tokencost.replay.formats import FORMATS
from tokencost.replay.formats.base import LogFormat
from tokencost.replay.formats.mapped import mapped
from tokencost.replay.scan import scanner
from tokencost.replay.sources import Piece
from tokencost.replay.tally import Resolver, Tally

Unit = tuple[Piece, ...]
"""A worker's job: pieces scanned one after the other, a tally each."""


class Done:
    """An input scanned in this process (CSV, a JSON document), passed along in order."""

    def __init__(self, tallies: list[Tally], read: int) -> None:
        self.tallies, self.read = tallies, read

    def result(self) -> list[Tally]:
        """The tallies (as a Future gives them)."""
        return self.tallies


_resolver: Resolver | None = None
_parser = "python"
_renames: Mapping[str, str] = {}


class LostWorker(TokencostError):
    """A worker process died before it gave its result (killed by the system)."""

    exit_code = EXIT_INTERNAL


def _start(resolver: Resolver, parser: str, renames: Mapping[str, str]) -> None:
    global _resolver, _parser, _renames
    _resolver, _parser, _renames = resolver, parser, renames


def _start_worker(resolver: Resolver, parser: str, renames: Mapping[str, str], parent: int) -> None:
    """A worker's start: ignore Ctrl-C, exit when ``parent`` does, then :func:`_start`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _start(resolver, parser, renames)


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


def format_of(name: str, renames: Mapping[str, str]) -> LogFormat:
    """The format a piece names; records read through ``--map`` when there are renames."""
    if renames and name == "records":
        return mapped(renames, FIELDS)
    return FORMATS[name]


def scan_piece(piece: Piece) -> Tally:
    """Tally one piece (line numbers local to the piece); a whole input of a format
    counted by key is flushed."""
    assert _resolver is not None
    tally = Tally(_resolver, piece.name)
    try:
        data = piece.load()
    except OSError as exc:
        raise InputError(f"{piece.name}: cannot read: {exc.strerror or exc}") from None
    scan = scanner(_parser, format_of(piece.fmt, _renames), piece.context, _resolver.label)
    tally.lines = scan(data, tally, 0)
    if piece.whole:
        tally.flush()
    return tally


def scan_unit(unit: Unit) -> list[Tally]:
    """A worker's job: a tally for each piece of a unit."""
    return [scan_piece(piece) for piece in unit]


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

    def __init__(
        self, jobs: int, resolver: Resolver, parser: str, renames: Mapping[str, str]
    ) -> None:
        self.jobs = capped_jobs(jobs)
        self.resolver = resolver
        self.parser = parser
        self.renames = dict(renames)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        _start(self.resolver, self.parser, self.renames)  # for pieces scanned here
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

    def map(self, units: Iterable[Unit | Done]) -> Iterator[tuple[Unit | Done, list[Tally]]]:
        """Each unit with its tallies, in order (a Done one as it is)."""
        source = iter(units)
        first = next(source, None)
        if first is None:
            return
        second = next(source, None)
        if self.jobs <= 1 or (second is None and self._pool is None):
            yield first, _now(first)
            if second is not None:
                yield second, _now(second)
                for unit in source:
                    yield unit, _now(unit)
            return
        pool = self._start_pool()
        pending: deque[tuple[Unit | Done, Future[list[Tally]] | Done]] = deque()
        ahead = [first] if second is None else [first, second]
        for unit in _chain(ahead, source):
            if isinstance(unit, Done):
                pending.append((unit, unit))
            else:
                pending.append((unit, _submit(pool, unit)))
            if len(pending) >= 2 * self.jobs:
                done, result = pending.popleft()
                yield done, _result(result)
        while pending:
            done, result = pending.popleft()
            yield done, _result(result)

    def _start_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if "forkserver" in methods:
                preload = ["tokencost.replay.parallel"]
                if self.parser == "msgspec":
                    preload += ["tokencost.replay.fast", "tokencost.replay.fast_claude"]
                context.set_forkserver_preload(preload)
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self.resolver, self.parser, self.renames, os.getpid()),
            )
        return self._pool


def _submit(pool: ProcessPoolExecutor, unit: Unit) -> Future[list[Tally]]:
    try:
        return pool.submit(scan_unit, unit)
    except BrokenProcessPool:
        raise _lost() from None


def _result(result: Future[list[Tally]] | Done) -> list[Tally]:
    try:
        return result.result()
    except BrokenProcessPool:
        raise _lost() from None


def _lost() -> LostWorker:
    return LostWorker(
        "a worker process died before it finished (killed by the system: out of memory?); "
        "run again with fewer --jobs, and report it if it happens again"
    )


def _now(unit: Unit | Done) -> list[Tally]:
    return unit.result() if isinstance(unit, Done) else scan_unit(unit)


def _chain(first: list[Unit | Done], rest: Iterator[Unit | Done]) -> Iterator[Unit | Done]:
    yield from first
    yield from rest

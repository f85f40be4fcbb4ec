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
from collections.abc import Iterable, Iterator, Mapping
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType

from tokencost.errors import InputError
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

    def get(self) -> list[Tally]:
        """The tallies (as an AsyncResult gives them)."""
        return self.tallies


_resolver: Resolver | None = None
_parser = "python"
_renames: Mapping[str, str] = {}


def _start(resolver: Resolver, parser: str, renames: Mapping[str, str]) -> None:
    global _resolver, _parser, _renames
    _resolver, _parser, _renames = resolver, parser, renames


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


class Workers:
    """A lazily started pool; use as a context manager so it is always shut down."""

    def __init__(
        self, jobs: int, resolver: Resolver, parser: str, renames: Mapping[str, str]
    ) -> None:
        self.jobs = jobs
        self.resolver = resolver
        self.parser = parser
        self.renames = dict(renames)
        self._pool: Pool | None = None

    def __enter__(self) -> Workers:
        _start(self.resolver, self.parser, self.renames)  # for pieces scanned here
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
        pending: deque[tuple[Unit | Done, AsyncResult[list[Tally]] | Done]] = deque()
        ahead = [first] if second is None else [first, second]
        for unit in _chain(ahead, source):
            if isinstance(unit, Done):
                pending.append((unit, unit))
            else:
                pending.append((unit, pool.apply_async(scan_unit, (unit,))))
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
                    preload += ["tokencost.replay.fast", "tokencost.replay.fast_claude"]
                context.set_forkserver_preload(preload)
            self._pool = context.Pool(
                self.jobs,
                initializer=_start,
                initargs=(self.resolver, self.parser, self.renames),
            )
        return self._pool


def _now(unit: Unit | Done) -> list[Tally]:
    return unit.get() if isinstance(unit, Done) else scan_unit(unit)


def _chain(first: list[Unit | Done], rest: Iterator[Unit | Done]) -> Iterator[Unit | Done]:
    yield from first
    yield from rest

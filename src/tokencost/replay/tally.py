"""Integer token sums per (model, day): what a scan of usage records produces.

A :class:`Tally` holds, for each catalogue model and day, the number of records and
the sum of each token dimension; money is computed later, once per group, from these
sums (:mod:`tokencost.replay.price`). It also counts every line that could not be
priced, by reason, with the first few line numbers, and the token totals of records
whose model is unknown or has no price on their day (listed, never priced at $0).

Scanning is parallel: each worker fills a Tally for a piece of the input with line
numbers local to that piece, and :meth:`Tally.merge` adds the pieces in input order.
The seam for more pricing dimensions or buckets (issue 5): a bucket is a list of
``SIZE`` integers indexed by the constants below; a new dimension is a new index, a
tier or time window a new part of the bucket key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from tokencost.replay.normalise import (
    BAD_TIMESTAMP,
    MISSING_MODEL,
    NO_PRICE,
    UNKNOWN_MODEL,
    DayKey,
    Skip,
    day_ordinal,
    model_candidates,
)

RECORDS, INPUT, CACHE_READ, CACHE_WRITE, OUTPUT, REASONING = range(6)
SIZE = 6
DIMENSIONS = ("input", "cache_read", "cache_write", "output", "reasoning")
"""Token dimensions, in bucket order after the record count."""
KEEP_LINES = 5
"""Line numbers kept for each skip reason."""

Bucket = list[int]
"""[records, uncached input, cache read, cache write, output, reasoning]."""
LineRef = tuple[str, int]
"""(input name, line number)."""
Verdict = tuple[str, int | None] | tuple[str, str] | tuple[None, str]
"""What a (model, day) resolves to; see :meth:`Resolver.verdict`."""
MAX_VERDICTS = 100_000
K = TypeVar("K")


@dataclass(frozen=True)
class Resolver:
    """What a worker needs to know of the catalogue: plain data, cheap to send."""

    names: dict[str, str]
    """Lower-cased model ids and aliases -> model id."""
    priced_from: dict[str, int]
    """Model id -> ordinal of the first day it has a price from the chosen source."""
    default_model: str | None
    """Model id for records that name none (``--model``)."""
    as_of: int
    """Ordinal of the day records without a timestamp are priced at."""

    verdicts: dict[tuple[str | None, DayKey], Verdict] = field(
        default_factory=dict, compare=False, repr=False
    )
    """(model as written, day key) -> what it resolved to, kept across pieces."""

    def model_id(self, raw: str) -> str | None:
        """The catalogue id of a model name as a provider writes it, or None."""
        for name in model_candidates(raw):
            found = self.names.get(name)
            if found is not None:
                return found
        return None

    def verdict(self, model: str | None, day: DayKey) -> Verdict:
        """What records of this (model, day) are: a bucket key, unpriced, or skipped.

        ``(model id, day ordinal or None)`` for a bucket; ``(label, reason)`` for
        traffic listed but not priced; ``(None, reason)`` for a skipped line.
        """
        key = (model, day)
        found = self.verdicts.get(key)
        if found is None:
            if len(self.verdicts) >= MAX_VERDICTS:  # memory stays flat on odd logs
                self.verdicts.clear()
            found = self.verdicts[key] = self._judge(model, day)
        return found

    def _judge(self, model: str | None, day: DayKey) -> Verdict:
        if model is None or not model.strip():
            if self.default_model is None:
                return (None, MISSING_MODEL)
            model_id: str | None = self.default_model
        else:
            model_id = self.model_id(model)
        try:
            ordinal = day_ordinal(day)
        except Skip:
            return (None, BAD_TIMESTAMP)
        if model_id is None:
            return ((model or "").strip(), UNKNOWN_MODEL)
        since = self.priced_from.get(model_id)
        if since is None or (self.as_of if ordinal is None else ordinal) < since:
            return (model_id, NO_PRICE)
        return (model_id, ordinal)


@dataclass
class Skips:
    """Count and first line numbers of one skip reason."""

    count: int = 0
    lines: list[LineRef] = field(default_factory=list)


class Tally:
    """Token sums per (model id, day ordinal or None) plus the accounting of skips."""

    def __init__(self, resolver: Resolver, name: str = "") -> None:
        self.resolver = resolver
        self.name = name
        """Input name for line references."""
        self.lines = 0
        self.raw: dict[tuple[str | None, DayKey], Bucket] = {}
        """Keys as read (model name, day key) -> shared bucket; not sent between processes."""
        self.buckets: dict[tuple[str, int | None], Bucket] = {}
        self.unpriced: dict[tuple[str, str], Bucket] = {}
        """(model id or name as written, reason) -> token sums of unpriced records."""
        self.skips: dict[str, Skips] = {}

    def __getstate__(self) -> dict[str, object]:
        """What a worker sends back: the sums and skips, not its caches."""
        state = self.__dict__.copy()
        state["raw"] = {}
        state["resolver"] = None
        return state

    def skip(self, reason: str, line: int) -> None:
        """Count a skipped line (``line`` is 1-based within this piece)."""
        entry = self.skips.get(reason)
        if entry is None:
            entry = self.skips[reason] = Skips()
        entry.count += 1
        if len(entry.lines) < KEEP_LINES:
            entry.lines.append((self.name, line))

    def add(self, model: str | None, day: DayKey, line: int, counts: tuple[int, ...]) -> None:
        """Add one normalised record (the slow path); ``counts`` has 5 dimensions."""
        bucket = self.raw.get((model, day))
        if bucket is None:
            self.first(model, day, line, *counts)
            return
        bucket[RECORDS] += 1
        for index, value in enumerate(counts, 1):
            bucket[index] += value

    def first(
        self, model: str | None, day: DayKey, line: int, a: int, c: int, w: int, o: int, r: int
    ) -> None:
        """A record whose (model, day) has no bucket in this tally yet: add it.

        A valid pair gets a bucket, which later records with the same pair find in
        :attr:`raw` (the fast path's dict lookup). An invalid pair gets none, so every
        record with it comes here and is counted with its line number. What a pair
        resolves to is kept by the resolver, for the next pieces this process reads.
        """
        verdict = self.resolver.verdict(model, day)
        if verdict[0] is None:
            self.skip(verdict[1], line)
            return
        if isinstance(verdict[1], str):  # (label, reason): unknown model or no price
            self._unpriced(verdict[0], verdict[1], line, (a, c, w, o, r))
            return
        key = (verdict[0], verdict[1])
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = [0] * SIZE
        self.raw[(model, day)] = bucket
        bucket[RECORDS] += 1
        bucket[INPUT] += a
        bucket[CACHE_READ] += c
        bucket[CACHE_WRITE] += w
        bucket[OUTPUT] += o
        bucket[REASONING] += r

    def _unpriced(self, label: str, reason: str, line: int, counts: tuple[int, ...]) -> None:
        self.skip(reason, line)
        bucket = self.unpriced.get((label, reason))
        if bucket is None:
            bucket = self.unpriced[(label, reason)] = [0] * SIZE
        bucket[RECORDS] += 1
        for index, value in enumerate(counts, 1):
            bucket[index] += value

    def merge(self, part: Tally, offset: int = 0) -> None:
        """Add a later piece of input whose lines start after ``offset`` lines of its input."""
        self.lines += part.lines
        add_buckets(self.buckets, part.buckets)
        add_buckets(self.unpriced, part.unpriced)
        for reason, entry in part.skips.items():
            mine_skips = self.skips.get(reason)
            if mine_skips is None:
                mine_skips = self.skips[reason] = Skips()
            mine_skips.count += entry.count
            room = KEEP_LINES - len(mine_skips.lines)
            mine_skips.lines.extend((name, offset + n) for name, n in entry.lines[:room])

    @property
    def records_priced(self) -> int:
        """Records that went into a priced bucket."""
        return sum(bucket[RECORDS] for bucket in self.buckets.values())

    @property
    def records_skipped(self) -> int:
        """Lines counted under a skip reason."""
        return sum(entry.count for entry in self.skips.values())


def add_buckets(target: dict[K, Bucket], source: dict[K, Bucket]) -> None:
    """Add each bucket of ``source`` to the bucket of the same key in ``target``."""
    for key, counts in source.items():
        add_bucket(target, key, counts)


def add_bucket(target: dict[K, Bucket], key: K, counts: Bucket) -> None:
    """Add ``counts`` to ``target[key]`` (a copy of it when the key is new)."""
    mine = target.get(key)
    if mine is None:
        target[key] = list(counts)
    else:
        for index, value in enumerate(counts):
            mine[index] += value

"""Integer token sums per bucket: what a scan of usage records produces.

A :class:`Tally` holds, for each bucket, the number of records and the sum of each
token dimension; money is computed later, once per bucket and price entry, from these
sums (:mod:`tokencost.replay.price`). A bucket is a catalogue model, a day, and what
else decides a record's price (:data:`Key`): the long-context tier its prompt falls
in, the off-peak window its time of day falls in, and whether it was sent by batch.
It also counts every line that could not be priced, by reason, with the first few
line numbers, and the token totals of records whose model is unknown or has no price
on their day (listed, never priced at $0).

Tiers and windows are decided per record while scanning, from the thresholds and
window edges of the prices that may bill the record (:attr:`Resolver.splits`: its
own model's and every candidate's). The prompt's place among the thresholds is enough
for any of those entries: a record whose prompt exceeds threshold T and no higher
one is billed by each entry as a prompt of T + 1 tokens would be. Likewise the edges
of every window cut the day into segments, each inside or outside each window.

A record that falls in no tier, no window and no batch -- nearly all of them -- is
added to its (model, day) *slot*, a list whose first ``SIZE`` items are the sums of
those records; the fast path adds to it inline while the prompt is at most the slot's
``LIMIT`` (the lowest threshold; None without thresholds; -1 when windows apply, so
that every record goes through :meth:`Tally.put`). :attr:`Tally.buckets` folds the
slots into the buckets.

Scanning is parallel: each worker fills a Tally for a piece of the input with line
numbers local to that piece, and :meth:`Tally.merge` adds the pieces in input order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tokencost.catalogue.names import resolve
from tokencost.replay.normalise import (
    BAD_TIMESTAMP,
    MISSING_MODEL,
    NO_PRICE,
    UNKNOWN_MODEL,
    DayKey,
    Skip,
    Stamp,
    day_ordinal,
    minute_of,
)

RECORDS, INPUT, CACHE_READ, CACHE_WRITE, CACHE_WRITE_LONG, OUTPUT, REASONING = range(7)
SIZE = 7
LIMIT, SPLIT = SIZE, SIZE + 1
"""Slot items after the sums: the largest prompt added inline (None: any), and the
:class:`Split`."""
DIMENSIONS = ("input", "cache_read", "cache_write", "cache_write_long", "output", "reasoning")
"""Token dimensions, in bucket order after the record count."""
KEEP_LINES = 5
"""Line numbers kept for each skip reason."""
UNTIMED = -1
"""The minute of a record without a time of day where windows apply (billed outside them)."""

Bucket = list[int]
"""[records, uncached input, cache read, cache write, 1-hour cache write, output, reasoning]."""
Slot = list[Any]
"""A bucket's ``SIZE`` sums (of records in no tier, window or batch), then LIMIT and SPLIT."""
Key = tuple[str, int | None, int, int | None, bool]
"""(model id, day ordinal or None, threshold exceeded, window segment, batch).

The threshold is the highest tier threshold the records' prompts exceed (0: none);
the segment is the first minute (UTC) of the stretch of the day between two window
edges the records were sent in, :data:`UNTIMED` for records without a time of day,
None where no window applies (no entry has one, or batch)."""
LineRef = tuple[str, int]
"""(input name, line number)."""
Resolution = tuple[str, int | None] | tuple[str, str] | tuple[None, str]
"""What a (model, day) resolves to; see :meth:`Resolver.verdict`."""
Edges = tuple[tuple[int, ...], tuple[int, ...]]
"""(tier thresholds, window edges in minutes), each sorted."""
MAX_VERDICTS = 100_000
K = TypeVar("K")


@dataclass(frozen=True)
class Split:
    """How the records of one (model, day) are split into buckets."""

    model: str
    ordinal: int | None
    thresholds: tuple[int, ...]
    edges: tuple[int, ...]

    def over(self, prompt: int) -> int:
        """The highest threshold the prompt exceeds (strictly), or 0."""
        index = bisect_left(self.thresholds, prompt)
        return self.thresholds[index - 1] if index else 0

    def segment(self, stamp: Stamp) -> int | None:
        """The first minute of the segment of the day the record was sent in (UNTIMED
        without a time of day), or None when no window applies."""
        if not self.edges:
            return None
        minute = minute_of(stamp)
        if minute is None:
            return UNTIMED
        return self.edges[bisect_right(self.edges, minute) - 1]  # before the first: the last


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
    splits: dict[str, Edges] = field(default_factory=dict)
    """Model id -> the tier thresholds and window edges of every entry that may price
    its records (its own and the candidates'); a model not here has none."""
    candidates: tuple[str, ...] | None = None
    """The candidates whose entries are in :attr:`splits` (None: every model)."""

    verdicts: dict[tuple[str | None, DayKey], Resolution] = field(
        default_factory=dict, compare=False, repr=False
    )
    """(model as written, day key) -> what it resolved to, kept across pieces."""

    def model_id(self, raw: str) -> str | None:
        """The catalogue id of a model name as a provider writes it, or None."""
        return resolve(self.names, raw)

    def verdict(self, model: str | None, day: DayKey) -> Resolution:
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

    def _judge(self, model: str | None, day: DayKey) -> Resolution:
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

    def slot(self, model_id: str, ordinal: int | None) -> Slot:
        """A new slot for the records of (model id, day): zero sums, limit, split."""
        thresholds, edges = self.splits.get(model_id, ((), ()))
        limit = -1 if edges else thresholds[0] if thresholds else None
        return [0] * SIZE + [limit, Split(model_id, ordinal, thresholds, edges)]


@dataclass
class Skips:
    """Count and first line numbers of one skip reason."""

    count: int = 0
    lines: list[LineRef] = field(default_factory=list)


class Tally:
    """Token sums per bucket plus the accounting of skips."""

    def __init__(self, resolver: Resolver, name: str = "") -> None:
        self.resolver = resolver
        self.name = name
        """Input name for line references."""
        self.lines = 0
        self.raw: dict[tuple[str | None, DayKey], Slot] = {}
        """Keys as read (model name, day key) -> shared slot; not sent between processes."""
        self.slots: dict[tuple[str, int | None], Slot] = {}
        """(model id, day ordinal or None) -> its slot (sums of plain records, limit, split)."""
        self._buckets: dict[Key, Bucket] = {}
        self.unpriced: dict[tuple[str, str], Bucket] = {}
        """(model id or name as written, reason) -> token sums of unpriced records."""
        self.skips: dict[str, Skips] = {}

    def __getstate__(self) -> dict[str, object]:
        """What a worker sends back: the sums and skips, not its caches."""
        self._fold()
        state = self.__dict__.copy()
        state["raw"] = {}
        state["slots"] = {}
        state["resolver"] = None
        return state

    @property
    def buckets(self) -> dict[Key, Bucket]:
        """Token sums per bucket key, the slots' sums included."""
        self._fold()
        return self._buckets

    def _fold(self) -> None:
        for (model_id, ordinal), slot in self.slots.items():
            if slot[RECORDS]:
                add_bucket(self._buckets, (model_id, ordinal, 0, None, False), slot[:SIZE])
                slot[:SIZE] = [0] * SIZE

    def skip(self, reason: str, line: int) -> None:
        """Count a skipped line (``line`` is 1-based within this piece)."""
        entry = self.skips.get(reason)
        if entry is None:
            entry = self.skips[reason] = Skips()
        entry.count += 1
        if len(entry.lines) < KEEP_LINES:
            entry.lines.append((self.name, line))

    def add(
        self,
        model: str | None,
        day: DayKey,
        line: int,
        counts: tuple[int, ...],
        stamp: Stamp = None,
        batch: bool = False,
    ) -> None:
        """Add one normalised record (the slow path); ``counts`` has 6 dimensions."""
        slot = self.raw.get((model, day))
        if slot is None:
            self.first(model, day, line, stamp, batch, *counts)
        else:
            self.put(slot, stamp, batch, *counts)

    def first(
        self,
        model: str | None,
        day: DayKey,
        line: int,
        stamp: Stamp,
        batch: bool | None,
        a: int,
        c: int,
        w: int,
        h: int,
        o: int,
        r: int,
    ) -> None:
        """A record whose (model, day) has no slot in this tally yet: add it.

        A valid pair gets a slot, which later records with the same pair find in
        :attr:`raw` (the fast path's dict lookup). An invalid pair gets none, so every
        record with it comes here and is counted with its line number. What a pair
        resolves to is kept by the resolver, for the next pieces this process reads.
        """
        verdict = self.resolver.verdict(model, day)
        if verdict[0] is None:
            self.skip(verdict[1], line)
            return
        if isinstance(verdict[1], str):  # (label, reason): unknown model or no price
            self._unpriced(verdict[0], verdict[1], line, (a, c, w, h, o, r))
            return
        key = (verdict[0], verdict[1])
        slot = self.slots.get(key)
        if slot is None:
            slot = self.slots[key] = self.resolver.slot(*key)
        self.raw[(model, day)] = slot
        self.put(slot, stamp, batch, a, c, w, h, o, r)

    def put(
        self,
        slot: Slot,
        stamp: Stamp,
        batch: bool | None,
        a: int,
        c: int,
        w: int,
        h: int,
        o: int,
        r: int,
    ) -> None:
        """Add a record to its slot, or to the bucket of its tier, window and batch.

        The fast path does the first branch inline; a record it cannot add there
        (batch, 1-hour writes, or a prompt over the slot's limit) comes here.
        """
        sums: Slot
        prompt = a + c + w + h
        limit = slot[LIMIT]
        if not batch and not h and (limit is None or prompt <= limit):
            sums = slot
        else:
            split: Split = slot[SPLIT]
            key = (
                split.model,
                split.ordinal,
                split.over(prompt),
                None if batch else split.segment(stamp),
                bool(batch),
            )
            found = self._buckets.get(key)
            if found is None:
                found = self._buckets[key] = [0] * SIZE
            sums = found
        sums[RECORDS] += 1
        sums[INPUT] += a
        sums[CACHE_READ] += c
        sums[CACHE_WRITE] += w
        sums[CACHE_WRITE_LONG] += h
        sums[OUTPUT] += o
        sums[REASONING] += r

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
        add_buckets(self._buckets, part.buckets)
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

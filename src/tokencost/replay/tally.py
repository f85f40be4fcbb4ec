"""Integer token sums per bucket: what a scan of usage records produces.

A :class:`Tally` holds, for each bucket, the number of records, the sum of each token
dimension and the requests they carried; money is computed later, once per bucket and
price entry, from these sums (:mod:`tokencost.replay.price`). A bucket is a catalogue
model, a day, and what else decides a record's price (:data:`Key`): the long-context
tier its prompt falls in, the off-peak window its time of day falls in, whether it was
sent by batch, whether it is an aggregated row (many requests summed, as usage APIs
report them) and, with ``--by project|session``, its project or session.

It also counts every record that was not priced, in one of four ways: skipped (with a
reason and the first few line numbers), without usage (a line of the log that is no
model call, such as a user turn of a transcript), a duplicate (a streamed line of a
message already counted) or outside ``--since`` / ``--until``; and the token totals of
records whose model is unknown or has no price on their day (listed, never priced at
$0). Records read = priced + skipped + without usage + duplicates + outside.

Tiers and windows are decided per record while scanning, from the thresholds and
windows of the prices that may bill the record (:attr:`Resolver.splits`: its own
model's and every candidate's). The prompt's place among the thresholds is enough
for any of those entries: a record whose prompt exceeds threshold T and no higher
one is billed by each entry as a prompt of T + 1 tokens would be. Likewise the
moments at which any window starts or stops applying (:func:`tokencost.zones.day_edges`:
its start and end, and with days of the week or a time zone, its local midnights and
clock changes, placed on UTC time) cut each UTC day into segments, each inside or
outside each window; a record's segment is found from its moment in UTC. An
aggregated row has no prompt of its own: it keeps the thresholds the smallest and the
largest prompt of its requests exceed (:data:`Agg`), and pricing bills it at a tier
only where both agree.

A record that falls in no tier, no window and no batch -- nearly all of them -- is
added to its (model, day) *slot*, a list whose first ``SIZE`` items are the sums of
those records; the fast path adds to it inline while the prompt is at most the slot's
``LIMIT`` (the lowest threshold; None without thresholds; -1 when windows apply, so
that every record goes through :meth:`Tally.put`). :attr:`Tally.buckets` folds the
slots into the buckets. A day outside the period has a slot too (its split is None),
whose records are counted as outside.

Scanning is parallel: each worker fills a Tally for a piece of the input with line
numbers local to that piece, and :meth:`Tally.merge` adds the pieces in input order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from tokencost.catalogue.names import Names, ProviderPatterns
from tokencost.replay.normalise import (
    BAD_TIMESTAMP,
    MISSING_MODEL,
    NO_PRICE,
    UNKNOWN_MODEL,
    DayKey,
    Skip,
    Stamp,
    day_ordinal,
    moment_of,
)
from tokencost.replay.period import LogPeriod
from tokencost.zones import MINUTES_PER_DAY, Window, covers, day_edges

RECORDS, INPUT, CACHE_READ, CACHE_WRITE, CACHE_WRITE_LONG, OUTPUT, REASONING = range(7)
SIZE = 7
"""Sums of a slot: records, then the six token dimensions."""
REQUESTS = SIZE
"""A bucket's last sum: the requests its records carried."""
BUCKET = SIZE + 1
LIMIT, SPLIT = SIZE, SIZE + 1
"""Slot items after the sums: the largest prompt added inline (None: any), and the
:class:`Split` (None: the day is outside the period)."""
DIMENSIONS = ("input", "cache_read", "cache_write", "cache_write_long", "output", "reasoning")
"""Token dimensions, in bucket order after the record count."""
KEEP_LINES = 5
"""Line numbers kept for each skip reason."""
UNTIMED = -1
"""The segment of a record without a time of day where windows apply (billed outside them)."""
SPANNED = -2
"""The segment of an aggregated row whose span crosses a window edge (billed outside)."""

Bucket = list[int]
"""[records, uncached input, cache read, cache write, 1-hour cache write, output,
reasoning, requests]."""
Slot = list[Any]
"""A bucket's ``SIZE`` sums (of records in no tier, window or batch), then LIMIT and SPLIT."""
Agg = tuple[int, bool] | None
"""None for records (each one request); for aggregated rows, (the highest threshold the
smallest prompt of their requests may have exceeds, whether the rows gave a request
count)."""
Key = tuple[str, int | None, int, int | None, bool, Agg, str | None]
"""(model id, day ordinal or None, threshold exceeded, window segment, batch, Agg, label).

The threshold is the highest tier threshold the records' prompts exceed (0: none; for
aggregated rows, the one the largest prompt may exceed); the segment is the first
moment (whole minutes UTC, :mod:`tokencost.zones`) of the stretch of a UTC day between
two window edges the records were sent in, :data:`UNTIMED` for records without a time
of day, :data:`SPANNED` for aggregated rows across an edge, None where no window
applies (no entry has one, or batch); the label is the record's project or session
with ``--by project|session``, else None."""
LineRef = tuple[str, int]
"""(input name, line number)."""
Edges = tuple[tuple[int, ...], tuple[Window, ...]]
"""(tier thresholds, sorted; the windows as plain data, :data:`tokencost.zones.Window`)."""
Entry = tuple[Any, ...]
"""A record kept to be counted once (:meth:`Tally.message`): (model, day, stamp, batch,
six counts, label, line)."""
MAX_VERDICTS = 100_000
K = TypeVar("K")

SKIP, UNPRICED, PRICED, OUTSIDE, BOUNDARY = range(5)


class Resolution(NamedTuple):
    """What the records of one (model as written, day) are."""

    kind: int
    """SKIP, UNPRICED, PRICED, OUTSIDE or BOUNDARY (priced only if its instant is in)."""
    model: str | None = None
    """The catalogue id (the name as written for an unknown model)."""
    ordinal: int | None = None
    reason: str = ""
    """Why it is skipped or not priced."""


@dataclass(frozen=True)
class Split:
    """How the records of one (model, day, label) are split into buckets."""

    model: str
    ordinal: int | None
    thresholds: tuple[int, ...]
    windows: tuple[Window, ...]
    label: str | None = None

    def over(self, prompt: int) -> int:
        """The highest threshold the prompt exceeds (strictly), or 0."""
        index = bisect_left(self.thresholds, prompt)
        return self.thresholds[index - 1] if index else 0

    def segment(self, stamp: Stamp, span: int | None = None) -> int | None:
        """The first moment of the segment of its UTC day the record was sent in
        (UNTIMED without a time of day; SPANNED for a row of ``span`` minutes across an
        edge), or None when no window applies."""
        if not self.windows:
            return None
        moment = moment_of(stamp)
        if moment is None:
            return UNTIMED
        day, minute = divmod(moment, MINUTES_PER_DAY)
        edges = day_edges(self.windows, day)  # always has 0
        if span is not None and span > 1 and self._spans_an_edge(moment, span):
            return SPANNED
        return day * MINUTES_PER_DAY + edges[bisect_right(edges, minute) - 1]

    def _spans_an_edge(self, moment: int, span: int) -> bool:
        """Whether some window applies at one minute of ``span`` minutes from ``moment``
        and not at another (a UTC midnight is an edge only where a window changes)."""
        if span >= MINUTES_PER_DAY:
            return True
        day = moment // MINUTES_PER_DAY
        ahead = [
            d * MINUTES_PER_DAY + e for d in (day, day + 1) for e in day_edges(self.windows, d)
        ]
        state = [covers(w, moment) for w in self.windows]
        return any(
            [covers(w, e) for w in self.windows] != state
            for e in ahead
            if moment < e < moment + span
        )

    def key(self, stamp: Stamp, batch: bool | None, prompt: int) -> Key:
        """The bucket of a record that is not added to its slot."""
        segment = None if batch else self.segment(stamp)
        return (self.model, self.ordinal, self.over(prompt), segment, bool(batch), None, self.label)

    def plain(self) -> Key:
        """The bucket of the slot's sums (no tier, window or batch)."""
        return (self.model, self.ordinal, 0, None, False, None, self.label)


@dataclass(frozen=True)
class Resolver:
    """What a worker needs to know of the catalogue: plain data, cheap to send."""

    names: dict[str, str]
    """Lower-cased model ids and aliases -> model id."""
    priced_from: Mapping[str, int]
    """Model id -> ordinal of the first day it has a price from the chosen source."""
    default_model: str | None
    """Model id for records that name none (``--model``)."""
    as_of: int
    """Ordinal of the day records without a timestamp are priced at."""
    splits: Mapping[str, Edges] = field(default_factory=dict)
    """Model id -> the tier thresholds and off-peak windows of every entry that may
    price its records (its own and the candidates'); a model not here has none."""
    candidates: tuple[str, ...] | None = None
    """The candidates whose entries are in :attr:`splits` (None: every model)."""
    patterns: ProviderPatterns = ()
    """The catalogue's name patterns (:class:`tokencost.catalogue.names.Names`), tried
    when no id or alias matches."""
    period: LogPeriod | None = None
    """``--since`` / ``--until``: records outside are counted, not priced."""
    label: str | None = None
    """``project`` or ``session``: keep that label of each record (``--by``)."""
    preferred: Container[str] | None = None
    """With no source asked for: the models the default source prices, preferred where a
    name may mean several (then any model its own source prices)."""

    verdicts: dict[tuple[str | None, DayKey], Resolution] = field(
        default_factory=dict, compare=False, repr=False
    )
    """(model as written, day key) -> what it resolved to, kept across pieces."""
    _lookup: dict[int, Names] = field(default_factory=dict, compare=False, repr=False)

    def model_id(self, raw: str) -> str | None:
        """The catalogue id of a model name as a provider writes it, or None (the rules
        of :mod:`tokencost.catalogue.names`: the first model they find that the chosen
        source prices (no source chosen: the default source, then each model's own),
        else the first they find)."""
        lookup = self._lookup.get(0)
        if lookup is None:
            lookup = self._lookup[0] = Names(self.names, self.patterns)
        priced = self.priced_from.__contains__
        if self.preferred is None:
            return lookup.resolve(raw, priced)
        return lookup.resolve(raw, self.preferred.__contains__, priced)

    def verdict(self, model: str | None, day: DayKey) -> Resolution:
        """What records of this (model, day) are: priced, unpriced, skipped, outside the
        period, or on a day the period's bound cuts (BOUNDARY: each record decides)."""
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
                return Resolution(SKIP, reason=MISSING_MODEL)
            model_id: str | None = self.default_model
        else:
            model_id = self.model_id(model)
        try:
            ordinal = day_ordinal(day)
        except Skip:
            return Resolution(SKIP, reason=BAD_TIMESTAMP)
        place = self.period.place(ordinal) if self.period is not None else PRICED
        if place == OUTSIDE:
            return Resolution(OUTSIDE, model_id, ordinal)
        if model_id is None:
            return Resolution(UNPRICED, (model or "").strip(), reason=UNKNOWN_MODEL)
        since = self.priced_from.get(model_id)
        if since is None or (self.as_of if ordinal is None else ordinal) < since:
            return Resolution(UNPRICED, model_id, reason=NO_PRICE)
        return Resolution(BOUNDARY if place == BOUNDARY else PRICED, model_id, ordinal)

    def slot(self, model_id: str, ordinal: int | None, label: str | None = None) -> Slot:
        """A new slot for the records of (model id, day, label): zero sums, limit, split."""
        thresholds, windows = self.splits.get(model_id, ((), ()))
        limit = -1 if windows else thresholds[0] if thresholds else None
        return [0] * SIZE + [limit, Split(model_id, ordinal, thresholds, windows, label)]


OUTSIDE_SLOT_TAIL = [None, None]
"""LIMIT and SPLIT of a slot whose day is outside the period: its records are counted."""


@dataclass
class Skips:
    """Count and first line numbers of one skip reason."""

    count: int = 0
    lines: list[LineRef] = field(default_factory=list)


@dataclass
class FileStats:
    """What was read of one input."""

    records: int = 0
    priced: int = 0
    without_usage: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    """Reason -> records."""


class Tally:
    """Token sums per bucket plus the accounting of records not priced."""

    def __init__(self, resolver: Resolver, name: str = "") -> None:
        self.resolver = resolver
        self.name = name
        """Input name for line references."""
        self.lines = 0
        """Lines scanned (line numbers of the next piece start after them)."""
        self.extra = 0
        """Records read less lines scanned (a line may hold several records, or none)."""
        self.raw: dict[tuple[Any, ...], Slot] = {}
        """Keys as read (model name, day key[, label]) -> shared slot; not sent back."""
        self.slots: dict[tuple[str, int | None, str | None], Slot] = {}
        """(model id, day ordinal or None, label) -> its slot."""
        self._buckets: dict[Key, Bucket] = {}
        self.unpriced: dict[tuple[str, str], Bucket] = {}
        """(model id or name as written, reason) -> token sums of unpriced records."""
        self.skips: dict[str, Skips] = {}
        self.without_usage = 0
        self.duplicates = 0
        self.outside = 0
        self.notes: dict[str, list[int]] = {}
        """A note on traffic priced with a caveat -> [records, amount]."""
        self.pending: dict[str, Entry] = {}
        """Records to count once, by key, until :meth:`flush` (the last line wins)."""
        self.messages: dict[str, Entry] = {}
        """What :meth:`flush` counted, by key: read by the merge across inputs."""
        self.files: dict[str, FileStats] = {}
        """Input name -> what was read of it (filled by :meth:`merge`)."""

    def __getstate__(self) -> dict[str, object]:
        """What a worker sends back: the sums and accounting, not its caches."""
        self._fold()
        state = self.__dict__.copy()
        state["raw"] = {}
        state["slots"] = {}
        state["resolver"] = None
        return state

    @property
    def records(self) -> int:
        """Records read."""
        return self.lines + self.extra

    @property
    def buckets(self) -> dict[Key, Bucket]:
        """Token sums per bucket key, the slots' sums included."""
        self._fold()
        return self._buckets

    def _fold(self) -> None:
        for slot in self.slots.values():
            if slot[RECORDS]:
                split: Split | None = slot[SPLIT]
                if split is None:
                    self.outside += slot[RECORDS]
                else:
                    add_bucket(self._buckets, split.plain(), [*slot[:SIZE], slot[RECORDS]])
                slot[:SIZE] = [0] * SIZE

    def skip(self, reason: str, line: int) -> None:
        """Count a skipped record (``line`` is 1-based within this piece)."""
        entry = self.skips.get(reason)
        if entry is None:
            entry = self.skips[reason] = Skips()
        entry.count += 1
        if len(entry.lines) < KEEP_LINES:
            entry.lines.append((self.name, line))

    def note(self, text: str, amount: int = 1) -> None:
        """Count a record priced with a caveat (``amount``: what the note counts)."""
        found = self.notes.get(text)
        if found is None:
            found = self.notes[text] = [0, 0]
        found[0] += 1
        found[1] += amount

    def add(
        self,
        model: str | None,
        day: DayKey,
        line: int,
        counts: tuple[int, ...],
        stamp: Stamp = None,
        batch: bool = False,
        label: str | None = None,
    ) -> None:
        """Add one normalised record (the slow path); ``counts`` has 6 dimensions."""
        slot = self.raw.get((model, day) if label is None else (model, day, label))
        a, c, w, h, o, r = counts
        if slot is None:
            self.first(model, day, line, stamp, batch, a, c, w, h, o, r, label)
        else:
            self.put(slot, stamp, batch, a, c, w, h, o, r)

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
        label: str | None = None,
    ) -> None:
        """A record whose (model, day) has no slot in this tally yet: add it.

        A pair priced (or outside the period) gets a slot, which later records with the
        same pair find in :attr:`raw` (the fast path's dict lookup). Any other pair gets
        none, so every record with it comes here and is counted with its line number.
        What a pair resolves to is kept by the resolver, for the next pieces.
        """
        verdict = self.resolver.verdict(model, day)
        kind = verdict.kind
        if kind == BOUNDARY:
            assert self.resolver.period is not None
            if not self.resolver.period.holds(verdict.ordinal, stamp):
                self.outside += 1
                return
        elif kind == SKIP:
            self.skip(verdict.reason, line)
            return
        elif kind == UNPRICED:
            assert verdict.model is not None
            self._unpriced(verdict.model, verdict.reason, line, (a, c, w, h, o, r))
            return
        slot = self._slot(verdict, label)
        if kind != BOUNDARY:
            self.raw[(model, day) if label is None else (model, day, label)] = slot
        self.put(slot, stamp, batch, a, c, w, h, o, r)

    def _slot(self, verdict: Resolution, label: str | None) -> Slot:
        assert verdict.model is not None
        key = (verdict.model, verdict.ordinal, label)
        slot = self.slots.get(key)
        if slot is None:
            if verdict.kind == OUTSIDE:
                slot = self.slots[key] = [0] * SIZE + OUTSIDE_SLOT_TAIL
            else:
                slot = self.slots[key] = self.resolver.slot(*key)
        return slot

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
        key = _route(slot, stamp, batch, a + c + w + h, h)
        sums: list[Any]
        if key is None:
            sums = slot
        elif key is OUT:
            self.outside += 1
            return
        else:
            found = self._buckets.get(key)
            if found is None:
                found = self._buckets[key] = [0] * BUCKET
            sums = found
            sums[REQUESTS] += 1
        sums[RECORDS] += 1
        sums[INPUT] += a
        sums[CACHE_READ] += c
        sums[CACHE_WRITE] += w
        sums[CACHE_WRITE_LONG] += h
        sums[OUTPUT] += o
        sums[REASONING] += r

    def add_row(
        self,
        model: str | None,
        day: DayKey,
        line: int,
        counts: tuple[int, ...],
        stamp: Stamp,
        *,
        batch: bool = False,
        requests: int | None = None,
        prompt: tuple[int, int] | None = None,
        span: int | None = None,
        label: str | None = None,
    ) -> None:
        """Add an aggregated row: the sums of ``requests`` requests (None: not given),
        each with a prompt within ``prompt`` (smallest, largest possible; default 0 and
        the row's whole input), sent over ``span`` minutes from ``stamp``."""
        verdict = self.resolver.verdict(model, day)
        if verdict.kind == BOUNDARY:
            assert self.resolver.period is not None
            if not self.resolver.period.holds(verdict.ordinal, stamp):
                self.outside += 1
                return
        elif verdict.kind == SKIP:
            self.skip(verdict.reason, line)
            return
        elif verdict.kind == UNPRICED:
            assert verdict.model is not None
            self._unpriced(verdict.model, verdict.reason, line, counts)
            return
        elif verdict.kind == OUTSIDE:
            self.outside += 1
            return
        split: Split = self._slot(verdict, label)[SPLIT]
        a, c, w, h, o, r = counts
        low, high = prompt if prompt is not None else (0, a + c + w + h)
        agg = (split.over(low), requests is not None)
        # a row of unknown span may cover any stretch of the day
        segment = None if batch else split.segment(stamp, 1440 if span is None else span)
        key = (split.model, split.ordinal, split.over(high), segment, batch, agg, split.label)
        add_bucket(self._buckets, key, [1, a, c, w, h, o, r, requests or 0])

    def message(self, key: str, entry: Entry) -> None:
        """A record to count once: the last line with its key wins (a streamed message
        is written a line per content block, its final usage on the last)."""
        if key in self.pending:
            self.duplicates += 1
        self.pending[key] = entry

    def flush(self) -> None:
        """Count each pending record once; keep them in :attr:`messages` for the merge."""
        for entry in self.pending.values():
            model, day, stamp, batch, *counts, label, line = entry
            self.add(model, day, line, tuple(counts), stamp, batch, label)
        self.messages = self.pending
        self.pending = {}

    def remove(self, entry: Entry) -> None:
        """Undo :meth:`flush` of one record (a duplicate of an earlier input's), in a
        tally (a part about to be merged)."""
        self._fold()
        model, day, stamp, batch, a, c, w, h, o, r, label, line = entry
        verdict = self.resolver.verdict(model, day)
        kind = verdict.kind
        if kind == BOUNDARY:
            assert self.resolver.period is not None
            kind = PRICED if self.resolver.period.holds(verdict.ordinal, stamp) else OUTSIDE
        if kind == OUTSIDE:
            self.outside -= 1
        elif kind in (SKIP, UNPRICED):
            found = self.skips[verdict.reason]
            found.count -= 1
            if (self.name, line) in found.lines:
                found.lines.remove((self.name, line))
            if not found.count:
                del self.skips[verdict.reason]
            if kind == UNPRICED:
                assert verdict.model is not None
                add_bucket(
                    self.unpriced, (verdict.model, verdict.reason), [-1, -a, -c, -w, -h, -o, -r]
                )
        else:
            slot = self.resolver.slot(verdict.model or "", verdict.ordinal, label)
            key = _route(slot, stamp, batch, a + c + w + h, h) or slot[SPLIT].plain()
            add_bucket(self._buckets, key, [-1, -a, -c, -w, -h, -o, -r, -1])
            if not self._buckets[key][RECORDS]:
                del self._buckets[key]

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
        part._fold()
        self.lines += part.lines
        self.extra += part.extra
        self.without_usage += part.without_usage
        self.duplicates += part.duplicates
        self.outside += part.outside
        add_buckets(self._buckets, part.buckets)
        add_buckets(self.unpriced, part.unpriced)
        for text, (rows, amount) in part.notes.items():
            found = self.notes.setdefault(text, [0, 0])
            found[0] += rows
            found[1] += amount
        stats = self.files.get(part.name)
        if stats is None:
            stats = self.files[part.name] = FileStats()
        stats.records += part.records
        stats.priced += part.records_priced
        stats.without_usage += part.without_usage
        for reason, entry in part.skips.items():
            stats.skipped[reason] = stats.skipped.get(reason, 0) + entry.count
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
        """Records counted under a skip reason."""
        return sum(entry.count for entry in self.skips.values())


OUT: Key = ("", None, 0, None, False, None, None)
"""The route of a record in a slot outside the period."""


def _route(slot: Slot, stamp: Stamp, batch: bool | None, prompt: int, h: int) -> Key | None:
    """Where :meth:`Tally.put` adds a record: None for the slot's own sums, OUT outside
    the period, else the key of its bucket (tier, window, batch)."""
    split: Split | None = slot[SPLIT]
    if split is None:
        return OUT
    limit = slot[LIMIT]
    if not batch and not h and (limit is None or prompt <= limit):
        return None
    return split.key(stamp, batch, prompt)


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

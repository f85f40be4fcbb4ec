"""Money for tallied tokens: each bucket's sums at one price entry, by dimension.

The billing rules are the engine's (:func:`tokencost.engine.dimensions.price_usage`),
applied to the sums of the records of one bucket at once, which is exact because a
bucket holds records that one entry bills alike: the same tier (their prompts exceed
the same thresholds), the same off-peak window or none, batch or not. For each
bucket and entry:

- the tokens are a :class:`~tokencost.engine.dimensions.Usage` (input = uncached +
  cache reads + cache writes, output = output + reasoning), its requests the records
  (each record is one request: per-request fees are per 1,000 records);
- the prompt that picks the tier is the bucket's threshold + 1 (any prompt of the
  bucket exceeds the same thresholds of this entry);
- 1-hour cache writes are priced as a second usage of the same bucket with
  ``cache_write_long`` (at ``cache_write_long``, flagged when the entry has none),
  no requests, and added: cost is linear in tokens;
- batch buckets with ``batch=True``, a bucket in one of the entry's windows with
  ``window=``; a bucket without a time of day is billed outside every window, and
  that is flagged on entries that have windows.

Buckets an entry cannot tell apart (a tier threshold it does not have, a window it
does not have) are merged before pricing, so the engine is called once per group,
entry and distinct price, not per bucket.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from tokencost.catalogue import PriceEntry
from tokencost.engine.dimensions import price_usage
from tokencost.engine.rates import Usage, tier_for, window_at
from tokencost.engine.results import PARTS, Breakdown
from tokencost.quantities import CONTEXT
from tokencost.replay.tally import (
    CACHE_READ,
    CACHE_WRITE,
    CACHE_WRITE_LONG,
    INPUT,
    OUTPUT,
    REASONING,
    RECORDS,
    SIZE,
    UNTIMED,
    Bucket,
    add_bucket,
)

ZERO = Decimal(0)
Shape = tuple[int, int | None, bool]
"""(threshold exceeded, first minute of the off-peak window or UNTIMED or None, batch)."""


def shape_for(entry: PriceEntry, over: int, segment: int | None, batch: bool) -> Shape:
    """What of a bucket key changes this entry's prices: its own tier's threshold (0:
    none), the start of its window the segment falls in (None: outside every window,
    UNTIMED: no time of day, on an entry with windows), batch."""
    tier = tier_for(entry, Decimal(over + 1)) if entry.tiers else None
    start: int | None = None
    if segment is not None and entry.off_peak:
        if segment == UNTIMED:
            start = UNTIMED
        else:
            window = window_at(entry, segment)
            start = None if window is None else window.span[0]
    return (0 if tier is None else tier.above, start, batch)


def price(entry: PriceEntry, shape: Shape, sums: Bucket) -> Breakdown:
    """The cost of a bucket's token sums at ``entry``, by dimension (engine rules)."""
    over, start, batch = shape
    window = window_at(entry, start) if start is not None and start != UNTIMED else None
    prompt = Decimal(over + 1)
    written, long_written = sums[CACHE_WRITE], sums[CACHE_WRITE_LONG]
    usage = Usage(
        input_tokens=Decimal(sums[INPUT] + sums[CACHE_READ] + written),
        output_tokens=Decimal(sums[OUTPUT] + sums[REASONING]),
        cache_read_tokens=Decimal(sums[CACHE_READ]),
        cache_write_tokens=Decimal(written),
        reasoning_tokens=Decimal(sums[REASONING]),
        requests=Decimal(sums[RECORDS]),
    )
    found = price_usage(entry, usage, prompt_tokens=prompt, batch=batch, window=window)
    if long_written:
        tokens = Decimal(long_written)
        long_usage = Usage(
            input_tokens=tokens,
            output_tokens=ZERO,
            cache_write_tokens=tokens,
            requests=ZERO,
            cache_write_long=True,
        )
        extra = price_usage(entry, long_usage, prompt_tokens=prompt, batch=batch, window=window)
        found = plus(found, extra)
    return found


def plus(first: Breakdown, second: Breakdown) -> Breakdown:
    """Two costs added part by part, their flags kept in order (the tier is dropped)."""
    with localcontext(CONTEXT):
        parts = {name: getattr(first, name) + getattr(second, name) for name in PARTS}
    flags = tuple(dict.fromkeys((*first.flags, *second.flags)))
    return replace(first, **parts, tier=None, flags=flags)


def records_phrase(count: int) -> str:
    """``1 record``, ``1,200 records``."""
    return f"{count:,} record{'' if count == 1 else 's'}"


@dataclass
class Bill:
    """One model's cost of some traffic, built up bucket by bucket, then settled."""

    sums: dict[tuple[str, PriceEntry, Shape], Bucket] = field(default_factory=dict)
    """(group, entry, shape) -> token sums, merged before pricing."""

    def add(
        self, group: str, entry: PriceEntry, key: tuple[int, int | None, bool], sums: Bucket
    ) -> None:
        """Add a bucket's sums (``key``: threshold, segment, batch) to a group."""
        add_bucket(self.sums, (group, entry, shape_for(entry, *key)), sums)

    def settle(self) -> Settled:
        """Price every (group, entry, shape) once, and add up."""
        found = Settled()
        flags: list[str] = []
        untimed = 0
        for (group, entry, shape), sums in self.sums.items():
            cost = price(entry, shape, sums)
            previous = found.groups.get(group)
            found.groups[group] = cost if previous is None else plus(previous, cost)
            found.entries.add(entry)
            for index, value in enumerate(sums):
                found.tokens[index] += value
            flags.extend(cost.flags)
            over, start, _ = shape
            if over:
                found.tiers[over] = found.tiers.get(over, 0) + sums[RECORDS]
            if start == UNTIMED:
                untimed += sums[RECORDS]
            elif start is not None:
                found.off_peak_records += sums[RECORDS]
        if untimed:
            flags.append(
                f"no time of day: {records_phrase(untimed)} billed outside the off-peak windows"
            )
        found.untimed_records = untimed
        found.flags = tuple(dict.fromkeys(flags))
        return found


@dataclass
class Settled:
    """A model's cost of some traffic: by group and in total, with what it was billed at."""

    groups: dict[str, Breakdown] = field(default_factory=dict)
    entries: set[PriceEntry] = field(default_factory=set)
    tokens: Bucket = field(default_factory=lambda: [0] * SIZE)
    """Records and token sums priced."""
    flags: tuple[str, ...] = ()
    tiers: dict[int, int] = field(default_factory=dict)
    """Tier threshold -> records billed at that tier."""
    off_peak_records: int = 0
    untimed_records: int = 0

    @property
    def total(self) -> Breakdown:
        """Every group's parts added up."""
        found = Breakdown()
        for cost in self.groups.values():
            found = plus(found, cost)
        return replace(found, flags=self.flags)

"""Money for tallied tokens: each bucket's sums at one price entry, by dimension.

The billing rules are the engine's (:func:`tokencost.engine.dimensions.price_usage`),
applied to the sums of the records of one bucket at once, which is exact because a
bucket holds records that one entry bills alike: the same tier (their prompts exceed
the same thresholds), the same off-peak window or none, batch or not. For each
bucket and entry:

- the tokens are a :class:`~tokencost.engine.dimensions.Usage` (input = uncached +
  cache reads + cache writes, output = output + reasoning), its requests the bucket's
  (each record is one request; an aggregated row carries its own count);
- the prompt that picks the tier is the bucket's threshold + 1 (any prompt of the
  bucket exceeds the same thresholds of this entry);
- 1-hour cache writes are priced as a second usage of the same bucket with
  ``cache_write_long`` (at ``cache_write_long``, flagged when the entry has none),
  no requests, and added: cost is linear in tokens;
- batch buckets with ``batch=True``, a bucket in one of the entry's windows (by the
  moment its segment starts, on the window's clock) with ``window=``; a bucket
  without a time of day is billed outside every window, and
  that is flagged on entries that have windows.

Aggregated rows (the sums of many requests) are priced only as far as they allow:
at a tier where the smallest and the largest prompt their requests may have agree on
it, else at the base price, flagged with the rows affected; with the fee per request
of their request count, flagged when they give none; outside the off-peak windows
when they span a window's edge, flagged.

Buckets an entry cannot tell apart (a tier threshold it does not have, a window it
does not have) are merged before pricing, so the engine is called once per group,
entry and distinct price, not per bucket.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from functools import cached_property

from tokencost.catalogue import PriceEntry
from tokencost.engine.dimensions import price_usage
from tokencost.engine.rates import Usage, tier_for, window_at
from tokencost.engine.results import PARTS, Breakdown
from tokencost.quantities import CONTEXT
from tokencost.replay.tally import (
    BUCKET,
    CACHE_READ,
    CACHE_WRITE,
    CACHE_WRITE_LONG,
    INPUT,
    OUTPUT,
    REASONING,
    RECORDS,
    REQUESTS,
    SPANNED,
    UNTIMED,
    Agg,
    Bucket,
    add_bucket,
)

ZERO = Decimal(0)
Shape = tuple[int, int | None, bool, bool, bool]
"""(threshold exceeded, index of the entry's off-peak window or UNTIMED, SPANNED or None,
batch, tier unknown, fee unknown): the last two only for aggregated rows."""
TierKey = tuple[int, int | None, bool, Agg]
"""The part of a bucket key that decides an entry's prices: (threshold, segment, batch,
Agg)."""


def shape_for(
    entry: PriceEntry, over: int, segment: int | None, batch: bool, agg: Agg = None
) -> Shape:
    """What of a bucket key changes this entry's prices: its own tier's threshold (0:
    none; for aggregated rows 0 too where their prompts may straddle a threshold of the
    entry: the tier is unknown), which of its windows the segment's moment falls in
    (None: outside every window; UNTIMED or SPANNED on an entry with windows), batch,
    and whether an aggregated row's fee per request cannot be billed."""
    tier = tier_for(entry, Decimal(over + 1)) if entry.tiers else None
    above = 0 if tier is None else tier.above
    unknown = False
    if agg is not None and entry.tiers:
        low = tier_for(entry, Decimal(agg[0] + 1))
        if (0 if low is None else low.above) != above:
            above, unknown = 0, True
    which: int | None = None
    if segment is not None and entry.off_peak:
        if segment in (UNTIMED, SPANNED):
            which = segment
        else:
            window = window_at(entry, segment)
            which = None if window is None else entry.off_peak.index(window)
    no_fee = agg is not None and not agg[1] and bool(entry.per_1k_requests)
    return (above, which, batch, unknown, no_fee)


def price(entry: PriceEntry, shape: Shape, sums: Bucket) -> Breakdown:
    """The cost of a bucket's token sums at ``entry``, by dimension (engine rules)."""
    over, which, batch, _, _ = shape
    window = None
    if which is not None and which >= 0 and entry.off_peak:
        window = entry.off_peak[which]
    prompt = Decimal(over + 1)
    written, long_written = sums[CACHE_WRITE], sums[CACHE_WRITE_LONG]
    usage = Usage(
        input_tokens=Decimal(sums[INPUT] + sums[CACHE_READ] + written),
        output_tokens=Decimal(sums[OUTPUT] + sums[REASONING]),
        cache_read_tokens=Decimal(sums[CACHE_READ]),
        cache_write_tokens=Decimal(written),
        reasoning_tokens=Decimal(sums[REASONING]),
        requests=Decimal(sums[REQUESTS]),
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
    """One model's cost of some traffic, built up bucket by bucket, then settled.

    Entries are keyed by identity: those of a model are the catalogue's own objects
    (``Catalogue.price_at`` returns them, never copies) and no two of them are alike,
    so identity merges what equality merged; hashing a whole entry for every bucket
    was about a tenth of the pricing."""

    sums: dict[tuple[str, int, Shape], Bucket] = field(default_factory=dict)
    """(group, id of the entry, shape) -> token sums, merged before pricing."""
    entries: dict[int, PriceEntry] = field(default_factory=dict)
    """The entries of :attr:`sums` by their id."""

    def add(self, group: str, entry: PriceEntry, key: TierKey, sums: Bucket) -> None:
        """Add a bucket's sums (``key``: threshold, segment, batch, Agg) to a group."""
        ident = id(entry)
        self.entries.setdefault(ident, entry)
        add_bucket(self.sums, (group, ident, shape_for(entry, *key)), sums)

    def settle(self) -> Settled:
        """Price every (group, entry, shape) once, and add up."""
        found = Settled(entries=set(self.entries.values()))
        flags: list[str] = []
        untimed = spanned = unknown_tier = no_fee = 0
        for (group, ident, shape), sums in self.sums.items():
            cost = price(self.entries[ident], shape, sums)
            previous = found.groups.get(group)
            found.groups[group] = cost if previous is None else plus(previous, cost)
            for index, value in enumerate(sums):
                found.tokens[index] += value
            flags.extend(cost.flags)
            over, which, _, unknown, fee = shape
            rows = sums[RECORDS]
            if over:
                found.tiers[over] = found.tiers.get(over, 0) + rows
            if which == UNTIMED:
                untimed += rows
            elif which == SPANNED:
                spanned += rows
            elif which is not None:
                found.off_peak_records += rows
            unknown_tier += rows if unknown else 0
            no_fee += rows if fee else 0
        flags.extend(_row_flags(unknown_tier, no_fee, spanned))
        if untimed:
            flags.append(
                f"no time of day: {records_phrase(untimed)} billed outside the off-peak windows"
            )
        found.untimed_records = untimed
        found.flags = tuple(dict.fromkeys(flags))
        return found


def _row_flags(unknown_tier: int, no_fee: int, spanned: int) -> list[str]:
    """What aggregated rows cannot say, with the rows affected."""
    flags = []
    if unknown_tier:
        flags.append(
            "tiers cannot be applied to aggregated rows: billed at the base price; "
            f"{rows_phrase(unknown_tier)} affected"
        )
    if no_fee:
        flags.append(
            "rows without a request count: the fee per request is not billed; "
            f"{rows_phrase(no_fee)} affected"
        )
    if spanned:
        flags.append(
            "off-peak windows cannot be applied to aggregated rows that span a window's "
            f"edge: billed at the standard price; {rows_phrase(spanned)} affected"
        )
    return flags


def rows_phrase(count: int) -> str:
    """``1 row``, ``1,200 rows``."""
    return f"{count:,} row{'' if count == 1 else 's'}"


@dataclass
class Settled:
    """A model's cost of some traffic: by group and in total, with what it was billed at."""

    groups: dict[str, Breakdown] = field(default_factory=dict)
    entries: set[PriceEntry] = field(default_factory=set)
    tokens: Bucket = field(default_factory=lambda: [0] * BUCKET)
    """Records, token sums and requests priced."""
    flags: tuple[str, ...] = ()
    tiers: dict[int, int] = field(default_factory=dict)
    """Tier threshold -> records billed at that tier."""
    off_peak_records: int = 0
    untimed_records: int = 0

    @cached_property
    def total(self) -> Breakdown:
        """Every group's parts added up (once: read after :meth:`Bill.settle` is done)."""
        found = Breakdown()
        for cost in self.groups.values():
            found = plus(found, cost)
        return replace(found, flags=self.flags)

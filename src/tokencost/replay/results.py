"""What a replay found: frozen dataclasses of exact integers and Decimals.

Every output format (table, JSON, CSV) is drawn from a :class:`Replay`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tokencost.catalogue.schema import Tier
from tokencost.engine import CatalogueInfo, PriceUsed, SourceInfo, Unpriced
from tokencost.engine.results import Breakdown


@dataclass(frozen=True)
class Tokens:
    """Records and their disjoint token counts."""

    records: int = 0
    """Records, each one request."""
    input: int = 0
    """Input tokens not read from or written to a cache."""
    cache_read: int = 0
    cache_write: int = 0
    """Every cache write, the 1-hour ones included."""
    output: int = 0
    """Output tokens other than reasoning."""
    reasoning: int = 0
    cache_write_long: int = 0
    """Cache writes with the 1-hour lifetime (part of ``cache_write``)."""
    requests: int = 0
    """Requests the records carried (aggregated rows their own count, others one each)."""

    @classmethod
    def of(cls, bucket: list[int]) -> Tokens:
        """From a tally bucket [records, input, cache read, cache write (standard), 1-hour
        cache write, output, reasoning(, requests)]; without requests, one a record."""
        records, uncached, read, written, long_written, output, reasoning = bucket[:7]
        requests = bucket[7] if len(bucket) > 7 else records
        return cls(
            records,
            uncached,
            read,
            written + long_written,
            output,
            reasoning,
            long_written,
            requests,
        )

    @property
    def total(self) -> int:
        """Every token, each counted once."""
        return self.input + self.cache_read + self.cache_write + self.output + self.reasoning


@dataclass(frozen=True)
class SkippedLines:
    """Lines of one skip reason: how many, and where the first few are."""

    reason: str
    count: int
    lines: tuple[str, ...]
    """``file:line`` of the first few."""


@dataclass(frozen=True)
class TrafficNote:
    """Records priced with a caveat their format states (a service tier billed at the
    standard price, web searches not priced, ...)."""

    note: str
    records: int
    amount: int
    """What the note counts (tokens, requests), when it counts more than records."""


@dataclass(frozen=True)
class UnpricedTraffic:
    """Records that could not be priced: an unknown model, or no price on their day."""

    model: str
    """The catalogue id, or the name as written when the model is unknown."""
    reason: str
    detail: str
    tokens: Tokens


@dataclass(frozen=True)
class Priced:
    """A model's cost for (part of) the traffic, and the entries it was priced with."""

    model: str
    name: str
    provider: str
    provider_name: str
    tokens: Tokens
    cost: Decimal
    prices: tuple[PriceUsed, ...]
    ratio: Decimal | None = None
    """Cost / actual cost (candidates only); None when undefined."""
    ratio_note: str | None = None
    breakdown: Breakdown = field(default_factory=Breakdown)
    """The cost by dimension (its total is ``cost``) and the flags."""
    flags: tuple[str, ...] = ()
    """Prices the entries lack for a dimension the traffic has, and what was billed."""
    tiers: tuple[tuple[Tier, int], ...] = ()
    """Each long-context tier some records were billed at, with how many."""
    off_peak_records: int = 0
    """Records billed in an off-peak window."""
    untimed_records: int = 0
    """Records without a time of day, billed outside windows the entries have."""


@dataclass(frozen=True)
class Group:
    """One row of ``--by day|month|model``: its traffic, actual and candidate costs."""

    key: str
    tokens: Tokens
    actual: Decimal
    candidates: tuple[Decimal, ...]
    """In the order of :attr:`Replay.candidates`."""
    ratios: tuple[Decimal | None, ...]
    """Each candidate's cost / this group's actual cost (None when that is 0)."""
    actual_breakdown: Breakdown = field(default_factory=Breakdown)
    candidate_breakdowns: tuple[Breakdown, ...] = ()
    """By dimension, in the order of :attr:`Replay.candidates`."""


@dataclass(frozen=True)
class Replay:
    """A usage log priced as recorded and re-priced on each candidate model."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    """The day records without a timestamp are priced at."""
    inputs: tuple[str, ...]
    records_read: int
    """Records read = priced + skipped + without usage + duplicates + outside the period."""
    records_priced: int
    skipped: tuple[SkippedLines, ...]
    undated_records: int
    first_day: date | None
    last_day: date | None
    traffic: Tokens
    """Everything priced, summed over models."""
    actual_cost: Decimal
    actual: tuple[Priced, ...]
    """Cost as recorded, per recorded model, dearest first."""
    candidates: tuple[Priced, ...]
    """The same traffic on each candidate, cheapest first."""
    unpriced_candidates: tuple[Unpriced, ...]
    unpriced_traffic: tuple[UnpricedTraffic, ...]
    by: str | None
    groups: tuple[Group, ...]
    notes: tuple[str, ...]
    """Every priced model's flags, ``model: flag`` (e.g. cache reads billed as input)."""
    actual_breakdown: Breakdown = field(default_factory=Breakdown)
    """The actual cost by dimension."""
    batch_records: int = 0
    """Records sent through a batch API."""
    without_usage: int = 0
    """Records that are no model call (a user turn of a transcript, a span without usage)."""
    duplicates: int = 0
    """Records counted once already (streamed lines of a message, copies in resumed sessions)."""
    outside_period: int = 0
    """Records outside ``--since`` / ``--until``."""
    traffic_notes: tuple[TrafficNote, ...] = ()
    aggregated_rows: int = 0
    """Records that are aggregated rows (the sums of many requests)."""
    formats: tuple[tuple[str, int], ...] = ()
    """(format name, inputs read as it)."""

    @property
    def records_skipped(self) -> int:
        """Records read that were skipped for a problem."""
        return sum(skip.count for skip in self.skipped)

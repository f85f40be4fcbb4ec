"""The engine's results: frozen dataclasses of exact Decimals, one family per command.

Every output format (table, JSON, CSV, markdown, charts) is drawn from these: the
engine's modules compute them and the renderers read them, so a renderer imports
this module and never one that computes. Sections: what every result names (the
catalogue, the source, the price used), ``compare`` and ``models``, the cost by
pricing dimension, mixes and the routing sweep, projections, ``gap``, ``selfhost``,
``check``, ``diff``, and the ``prices`` commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Literal

from tokencost.catalogue import Model, PriceEntry
from tokencost.catalogue.schema import PRICING_FIELDS, Tier
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT, parse_decimal, parse_quantity
from tokencost.scenarios import Growth, Selfhost
from tokencost.workload import Workload

ZERO = Decimal(0)


@dataclass(frozen=True)
class CatalogueInfo:
    """Which catalogue priced a result: enough to reproduce it exactly."""

    name: str
    version: str
    digest: str
    updated: date


@dataclass(frozen=True)
class SourceInfo:
    """The source whose prices were used."""

    id: str
    title: str
    author: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True)
class PriceUsed:
    """The catalogue entry a model was priced with."""

    source: str
    effective: date
    input: Decimal
    output: Decimal
    note: str | None
    derived: str | None
    host: str | None = None
    """Who sells this price, for a model priced through hosts (None: its developer)."""

    @classmethod
    def of(cls, entry: PriceEntry) -> PriceUsed:
        """The parts of a catalogue entry a result reports."""
        return cls(
            entry.source,
            entry.effective,
            entry.input,
            entry.output,
            entry.note,
            entry.derived,
            entry.host,
        )


@dataclass(frozen=True)
class ModelCost:
    """One model's cost for the workload."""

    model: str
    name: str
    provider: str
    provider_name: str
    price: PriceUsed
    blended_price: Decimal
    daily_cost: Decimal
    monthly_cost: Decimal
    yearly_cost: Decimal
    ratio: Decimal | None
    ratio_note: str | None = None
    breakdown: Breakdown | None = None
    """The daily cost by pricing dimension (its total is ``daily_cost``); None for a
    workload without pricing dimensions priced without ``breakdown``."""
    monthly_breakdown: Breakdown | None = None
    """The same parts for a month: each daily part x the workload's days a month."""

    @property
    def flags(self) -> tuple[str, ...]:
        """Prices the model lacks for a dimension the workload uses, and what was billed."""
        return self.breakdown.flags if self.breakdown is not None else ()

    @property
    def is_free(self) -> bool:
        """True when both prices are zero."""
        return self.price.input == 0 and self.price.output == 0


@dataclass(frozen=True)
class Unpriced:
    """A model left out because the catalogue has no price for it on the date."""

    model: str
    reason: str


@dataclass(frozen=True)
class Comparison:
    """The costs of one workload on several models, cheapest first."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    workload: Workload
    months_per_year: int
    baseline: str | None
    baseline_rule: str
    results: tuple[ModelCost, ...]
    unpriced: tuple[Unpriced, ...] = ()
    mixes: tuple[MixCost, ...] = ()
    """Traffic mixes priced beside the models (see :mod:`tokencost.engine.mix`)."""
    projection: Projection | None = None
    """Month-by-month spend, when a growth projection was asked for."""

    def result(self, model_id: str) -> ModelCost:
        """The result row of a model id (KeyError if it was not priced)."""
        for row in self.results:
            if row.model == model_id:
                return row
        raise KeyError(model_id)


@dataclass(frozen=True)
class ModelListing:
    """A catalogue model with the price in effect on a date (None if it has none)."""

    model: Model
    provider: str
    provider_name: str
    price: PriceUsed | None
    reason: str | None


@dataclass(frozen=True)
class Listing:
    """Every model of a catalogue with its current price from one source."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    models: tuple[ModelListing, ...]


# -- the cost of a workload by pricing dimension ---------------------------------------


TOKEN_PARTS = ("input", "cached_input", "cache_writes", "output", "reasoning")
PARTS = (*TOKEN_PARTS, "requests", "batch_savings", "off_peak_savings")
"""The parts of a cost, in the order they are shown; the last two are subtracted."""


@dataclass(frozen=True)
class Breakdown:
    """A cost split by dimension, in USD; ``total`` is exactly the sum of the parts."""

    input: Decimal = ZERO
    """Uncached input tokens at the standard input price."""
    cached_input: Decimal = ZERO
    cache_writes: Decimal = ZERO
    output: Decimal = ZERO
    """Output tokens other than reasoning."""
    reasoning: Decimal = ZERO
    requests: Decimal = ZERO
    batch_savings: Decimal = ZERO
    """Subtracted: the batch traffic's cost at standard prices less its batch cost."""
    off_peak_savings: Decimal = ZERO
    """Subtracted: the off-peak traffic's cost at standard prices less its off-peak cost."""
    tier: Tier | None = None
    """The long-context tier every request was billed at (None: below every threshold)."""
    flags: tuple[str, ...] = ()
    """Prices the entry lacks for a dimension used, and what was billed instead."""

    @property
    def total(self) -> Decimal:
        """The parts added up, savings subtracted."""
        with localcontext(CONTEXT):
            cost = ZERO
            for name in PARTS[:-2]:
                cost += getattr(self, name)
            return cost - self.batch_savings - self.off_peak_savings

    def parts(self) -> dict[str, Decimal]:
        """Each part by name, in :data:`PARTS` order."""
        return {name: getattr(self, name) for name in PARTS}

    def scaled(self, factor: Decimal) -> Breakdown:
        """Every part times ``factor`` (e.g. days in a month)."""
        with localcontext(CONTEXT):
            return replace(self, **{name: getattr(self, name) * factor for name in PARTS})


# -- traffic mixes (compare --mix) and the routing sweep (route) -----------------------


@dataclass(frozen=True)
class PartCost:
    """One part of a mix: its model, share, traffic and cost."""

    model: str
    name: str
    provider: str
    provider_name: str
    share: Decimal
    tokens_per_day: Decimal
    input_tokens_per_day: Decimal
    output_tokens_per_day: Decimal
    split_label: str
    price: PriceUsed
    blended_price: Decimal
    daily_cost: Decimal
    monthly_cost: Decimal
    yearly_cost: Decimal


@dataclass(frozen=True)
class MixCost:
    """A mix's cost, its parts, and the saving against all traffic on its premium model."""

    name: str
    parts: tuple[PartCost, ...]
    blended_price: Decimal
    """Cost of 1M tokens of the mix's traffic: the share-weighted parts' prices."""
    daily_cost: Decimal
    monthly_cost: Decimal
    yearly_cost: Decimal
    premium: str
    premium_rule: str
    premium_daily_cost: Decimal
    premium_monthly_cost: Decimal
    premium_yearly_cost: Decimal
    saving_daily: Decimal
    saving_monthly: Decimal
    saving_yearly: Decimal
    saving_share: Decimal | None
    ratio: Decimal | None = None
    ratio_note: str | None = None


@dataclass(frozen=True)
class RoutePoint:
    """One point of the sweep: the premium share and the priced two-part mix."""

    premium_share: Decimal
    mix: MixCost


@dataclass(frozen=True)
class Routing:
    """The sweep's result: one point per premium share, 0% first."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    workload: Workload
    months_per_year: int
    premium: str
    cheap: str
    premium_split: str
    cheap_split: str
    step: Decimal
    points: tuple[RoutePoint, ...]


# -- a growth projection (compare --months, project) -----------------------------------


@dataclass(frozen=True)
class Period:
    """One projected month: when it starts, its volume and length."""

    month: int
    start: date
    tokens_per_day: Decimal
    days: Decimal


@dataclass(frozen=True)
class RepricedMonth:
    """A model's price changed from the month before."""

    month: int
    model: str
    price: PriceUsed


@dataclass(frozen=True)
class Series:
    """One model's or mix's spend, month by month and running total."""

    name: str
    kind: str
    """``model`` or ``mix``."""
    monthly: tuple[Decimal, ...]
    cumulative: tuple[Decimal, ...]
    changes: tuple[RepricedMonth, ...]

    @property
    def total(self) -> Decimal:
        """Spend over the whole horizon."""
        return self.cumulative[-1]


@dataclass(frozen=True)
class Projection:
    """The spend of each model and mix over the projected months."""

    growth: Growth
    periods: tuple[Period, ...]
    series: tuple[Series, ...]


# -- the price ratio of two models by input share (gap) --------------------------------


@dataclass(frozen=True)
class GapPoint:
    """The ratio at one input share, with both models' prices per 1M tokens there."""

    input_share: Decimal
    label: str
    """A named point's name (``3:1``), else ``""``."""
    a_price: Decimal
    b_price: Decimal
    ratio: Decimal | None


@dataclass(frozen=True)
class Bound:
    """One end of an interval of input shares: exact, and whether it is included."""

    share: Fraction
    closed: bool

    @property
    def decimal(self) -> Decimal:
        """The share as a Decimal (rounded at the 40th digit when not terminating)."""
        with localcontext(CONTEXT):
            return Decimal(self.share.numerator) / Decimal(self.share.denominator)


@dataclass(frozen=True)
class Interval:
    """The input shares where a range of ratios holds: ``low`` to ``high``."""

    low: Bound
    high: Bound


@dataclass(frozen=True)
class SourceGap:
    """The gap on one source's prices."""

    source: SourceInfo
    a_price: PriceUsed
    b_price: PriceUsed
    points: tuple[GapPoint, ...]
    """The named points, input-only first."""
    curve: tuple[GapPoint, ...]
    """The ratio every ``step`` of input share, input-only first."""
    holds: Interval | None
    """Where the range holds (None: nowhere, or no range asked)."""

    @property
    def span(self) -> tuple[Decimal, Decimal] | None:
        """The lowest and highest defined ratio on [0, 1]: R is monotonic, so at the ends."""
        ends = [p.ratio for p in (self.points[0], self.points[-1]) if p.ratio is not None]
        return (min(ends), max(ends)) if ends else None

    def rows(self) -> tuple[GapPoint, ...]:
        """The curve and the named points together, input-only first."""
        by_share = {p.input_share: p for p in self.curve} | {p.input_share: p for p in self.points}
        return tuple(by_share[s] for s in sorted(by_share, reverse=True))


@dataclass(frozen=True)
class Gap:
    """How many times model A costs model B, across input shares, on each source."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    a: Model
    b: Model
    range: tuple[Decimal, Decimal] | None
    step: Decimal
    sources: tuple[SourceGap, ...]
    skipped: tuple[tuple[str, str], ...]
    """Sources of the catalogue left out, with the reason (no price for a model)."""


# -- self-hosting against the APIs (selfhost) ------------------------------------------


@dataclass(frozen=True)
class BreakEven:
    """One API against the self-hosted deployment."""

    api: ModelCost
    breakeven_tokens_per_day: Decimal | None
    """None when the API is free."""
    within_capacity: bool
    selfhost_monthly_cost: Decimal
    monthly_saving: Decimal
    """API monthly cost - self-hosted monthly cost (negative: the API is cheaper)."""


@dataclass(frozen=True)
class SelfhostCost:
    """The deployment's cost and capacity, the workload on it, and each API's break-even."""

    setup: Selfhost
    model: str | None
    fixed_daily_cost: Decimal
    fixed_monthly_cost: Decimal
    capacity_per_day: Decimal
    cost_per_million_at_capacity: Decimal
    deployments: int
    daily_cost: Decimal
    monthly_cost: Decimal
    cost_per_million_at_workload: Decimal | None
    """None at 0 tokens a day."""
    comparison: Comparison
    apis: tuple[BreakEven, ...]


# -- budget verdicts (check) -----------------------------------------------------------


BudgetStatus = Literal["ok", "warn", "over"]


@dataclass(frozen=True)
class Verdict:
    """One model of one budget against its limits."""

    budget: str
    model: str
    """The model's catalogue id."""
    total: bool
    """True for a budget over the sum of several workloads."""
    workloads: tuple[Workload, ...]
    monthly_cost: Decimal
    limit: Decimal | None
    """The monthly limit in the catalogue's currency, if the budget has one."""
    warn_at: Decimal | None
    warn_from: Decimal | None
    """The spend from which the limit check warns: warn_at x limit."""
    headroom: Decimal | None
    """limit - spend: negative when over (the overrun)."""
    percent_used: Decimal | None
    """spend / limit x 100."""
    limit_status: BudgetStatus | None
    max_ratio: Decimal | None
    ratio: Decimal | None
    """spend / the baseline's spend; None when undefined or not asked for."""
    ratio_warn_from: Decimal | None
    """The ratio from which the ratio check warns: warn_at x max_ratio."""
    baseline: str | None
    """The cheapest non-zero model the ratio is taken against."""
    ratio_status: BudgetStatus | None
    status: BudgetStatus
    """The worse of limit_status and ratio_status."""
    line: int | None
    """Line of the budget in its file, for annotations."""
    flags: tuple[str, ...] = ()
    """Prices the model lacks for a pricing dimension its workloads use (cache hits,
    batch ...), and what was billed instead."""


@dataclass(frozen=True)
class BudgetReport:
    """Every budget of a file judged with one catalogue, source and date."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    file: str
    budgets: int
    strict: bool
    verdicts: tuple[Verdict, ...]

    def count(self, status: BudgetStatus) -> int:
        """How many verdicts have this status."""
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing is over (and, when strict, nothing warns)."""
        return self.count("over") == 0 and not (self.strict and self.count("warn"))


# -- spend diffs of two profiles or budget files (diff) --------------------------------


ChangeStatus = Literal["added", "removed", "changed", "unchanged"]


_PERCENT = re.compile(r"^\s*([^%]+?)\s*%\s*$")


@dataclass(frozen=True)
class Threshold:
    """How much the total may rise: a percentage of the base total, or an amount."""

    amount: Decimal
    percent: bool

    @classmethod
    def parse(cls, text: str, what: str = "--fail-above") -> Threshold:
        """``10%`` (percent), ``500``, ``$500`` or ``1.5k`` (money); never negative."""
        match = _PERCENT.match(text)
        if match:
            value = parse_decimal(match.group(1), what)
            if value < 0:
                raise InputError(f"{what}: {text} is negative; give e.g. 10% or 500")
            return cls(value, True)
        try:
            return cls(parse_quantity(text.strip().removeprefix("$"), what), False)
        except InputError:
            raise InputError(
                f"{what}: {text!r} is neither a percentage nor an amount; give e.g. 10% or 500"
            ) from None

    def passed_by(self, change: Decimal, percent: Decimal | None) -> bool:
        """True when a rise of ``change`` (``percent`` of the base) is more than allowed."""
        if change <= 0:
            return False
        if self.percent:
            return percent is None or percent > self.amount
        return change > self.amount


@dataclass(frozen=True)
class Change:
    """Monthly spend of one row (or the total) before and after."""

    budget: str | None
    model: str | None
    status: ChangeStatus
    before: Decimal | None
    after: Decimal | None
    change: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class DiffSide:
    """What one side was: its file, catalogue, source and (for profiles) workload."""

    label: str
    catalogue: CatalogueInfo
    source: SourceInfo
    workload: Workload | None = None


@dataclass(frozen=True)
class SpendDiff:
    """The spend of a base and a new version, row by row and in total."""

    kind: Literal["workload", "budgets"]
    base: DiffSide
    new: DiffSide
    currency: str
    as_of: date
    rows: tuple[Change, ...]
    total: Change
    threshold: Threshold | None
    unpriced: tuple[Unpriced, ...] = ()
    """Models priced on neither side (profile diffs over all models)."""
    flags: tuple[str, ...] = ()
    """``side: model: flag; flag`` for models that lack a price for a pricing dimension
    the workloads use (see ``ModelCost.flags``)."""

    @property
    def breached(self) -> bool:
        """True when the total rises above the threshold."""
        if self.threshold is None:
            return False
        return self.threshold.passed_by(self.total.change, self.total.percent)


# -- the catalogue's prices (prices list, show, history, export) -----------------------


@dataclass(frozen=True)
class PriceRow:
    """One price entry of one model, with the period it applies and where it came from."""

    model: str
    provider: str
    source: str
    host: str | None
    effective: date
    until: date | None
    """First day of the next entry of the same source and host (None: still current)."""
    input: Decimal
    output: Decimal
    checked: date | None
    """The entry's checked date, else its via source's, else its source's (None: unknown)."""
    via: str | None
    note: str | None
    derived: str | None
    default_host: bool
    """True when ``host`` is the model's default host."""
    entry: PriceEntry | None = field(default=None, compare=False, repr=False)
    """The catalogue entry; its pricing dimensions (cache_read, tiers ...) read as
    attributes of the row (None when the entry has none)."""

    def __getattr__(self, name: str) -> object:
        if name in PRICING_FIELDS:
            return getattr(self.entry, name) if self.entry is not None else None
        raise AttributeError(name)

    def in_effect(self, as_of: date) -> bool:
        """True when this price applies on ``as_of``."""
        return self.effective <= as_of and (self.until is None or as_of < self.until)


@dataclass(frozen=True)
class Missing:
    """A model that a source does not price on the date."""

    model: str
    source: str
    reason: str


@dataclass(frozen=True)
class PriceTable:
    """Price rows of a catalogue: every entry, or those in effect on ``as_of``."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date | None
    sources: tuple[SourceInfo, ...]
    rows: tuple[PriceRow, ...]
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True)
class HistoryRow:
    """A price in a model's timeline and how it moved from the one it replaced."""

    row: PriceRow
    current: bool
    previous: PriceRow | None
    input_change: Decimal | None
    """Change in % of the input price from ``previous`` (None: no previous, or from 0)."""
    output_change: Decimal | None


@dataclass(frozen=True)
class ModelHistory:
    """Every price entry of one model, oldest first, with the changes between them."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    model: Model
    provider: str
    provider_name: str
    sources: tuple[SourceInfo, ...]
    rows: tuple[HistoryRow, ...]


# -- what changed between two price lists (prices diff) --------------------------------


PriceStatus = Literal["added", "removed", "repriced", "unchanged"]


@dataclass(frozen=True)
class PriceSide:
    """One side of a diff: which catalogue, source and date."""

    path: str
    catalogue: CatalogueInfo
    source: SourceInfo
    as_of: date


@dataclass(frozen=True)
class PriceChange:
    """How one model's price differs between the two sides."""

    model: str
    status: PriceStatus
    old: PriceUsed | None
    new: PriceUsed | None
    input_change: Decimal | None
    """Change in % of the input price (None: not on both sides, or from 0)."""
    output_change: Decimal | None
    dimensions: tuple[str, ...] = ()
    """The pricing dimensions (cache_read, tiers ...) whose price differs between the
    sides; a model with any is repriced even when its input and output prices are not."""


@dataclass(frozen=True)
class PriceDiff:
    """Every model's change from the old side to the new, added first."""

    old: PriceSide
    new: PriceSide
    currency: str
    host: str | None
    changes: tuple[PriceChange, ...]

    def count(self, status: PriceStatus) -> int:
        """How many models have this status."""
        return sum(1 for c in self.changes if c.status == status)


# -- where sources disagree (prices check) ---------------------------------------------


@dataclass(frozen=True)
class Discrepancy:
    """Two sources' prices of one model on one date that differ."""

    model: str
    reference: PriceUsed
    other: PriceUsed
    input_change: Decimal | None
    """Change in % of the other source's input price from the reference's (None: from 0)."""
    output_change: Decimal | None
    size: Decimal | None
    """The larger absolute change in %; None when a change from 0 makes it unbounded."""
    exceeds: bool


@dataclass(frozen=True)
class CheckResult:
    """Every discrepancy between sources on ``as_of``, largest first."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    sources: tuple[SourceInfo, ...]
    host: str | None
    tolerance: Decimal
    """Largest accepted size of a discrepancy, in %."""
    compared: int
    """How many (model, pair of sources) comparisons were made."""
    discrepancies: tuple[Discrepancy, ...]

    @property
    def over(self) -> int:
        """How many discrepancies exceed the tolerance."""
        return sum(1 for d in self.discrepancies if d.exceeds)

    @property
    def failed(self) -> bool:
        """True when any discrepancy exceeds the tolerance."""
        return self.over > 0

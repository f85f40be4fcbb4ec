"""What ``compare`` finds, and what every result names: frozen records of exact Decimals.

A :class:`Comparison` (one :class:`ModelCost` per model, each with its cost by pricing
dimension, a :class:`Breakdown`, and the mixes and projection asked for) and a model
:class:`Listing`; :class:`CatalogueInfo`, :class:`SourceInfo`, :class:`PriceUsed` and
:class:`Unpriced`, which every command's result names. Every output format is drawn
from these. The results of the other commands live beside the function that makes
them (``engine/check.py``, ``engine/gap.py`` ...): building a frozen dataclass costs
about a millisecond (a :func:`~tokencost.records.record` a tenth of that), so a command
loads its own result types and no one else's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from tokencost.catalogue import Layer, Model, PriceEntry
from tokencost.catalogue.schema import Tier
from tokencost.quantities import CONTEXT
from tokencost.records import record
from tokencost.workload import Workload

if TYPE_CHECKING:
    from tokencost.engine.select import Selection
    from tokencost.scenarios import Growth

ZERO = Decimal(0)


@record
class CatalogueInfo:
    """Which catalogue priced a result: enough to reproduce it exactly."""

    name: str
    version: str
    digest: str
    """Digest of the data that priced the result: of the merge when there are overlays."""
    updated: date
    layers: tuple[Layer, ...] = ()
    """Each layer (the base catalogue, then its overlays) with its own digest."""

    @property
    def overlays(self) -> tuple[Layer, ...]:
        """The layers over the base catalogue."""
        return self.layers[1:]

    @property
    def base_digest(self) -> str:
        """The digest of the base catalogue alone."""
        return self.layers[0].digest if self.layers else self.digest


@record
class SourceInfo:
    """The source whose prices were used."""

    id: str
    title: str
    author: str | None
    published: str | None
    url: str | None


@record
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


@record
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
    list_price: PriceUsed | None = None
    """The list price (``Comparison.list_source``) in effect on the date, for a model priced
    from another source (None: it has none, or the row is priced from the list itself)."""

    @property
    def flags(self) -> tuple[str, ...]:
        """Prices the model lacks for a dimension the workload uses, and what was billed."""
        return self.breakdown.flags if self.breakdown is not None else ()

    @property
    def is_free(self) -> bool:
        """True when both prices are zero."""
        return self.price.input == 0 and self.price.output == 0


@record
class Unpriced:
    """A model left out because the catalogue has no price for it on the date."""

    model: str
    reason: str


@record
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
    sources: tuple[SourceInfo, ...] = ()
    """Every source a result was priced from, the one asked for (or the default) first;
    more than one when models without the default source's price fell back to another."""
    selection: Selection | None = None
    """What chose the models, when the command line narrowed them (names, globs, filters)."""
    list_source: str | None = None
    """The catalogue's list (fallback) source, whose price each row from another source is
    shown beside (``ModelCost.list_price``); None when the catalogue names none."""

    @property
    def mixed(self) -> bool:
        """True when the results come from more than one source."""
        return len({row.price.source for row in self.results}) > 1

    def result(self, model_id: str) -> ModelCost:
        """The result row of a model id (KeyError if it was not priced)."""
        for row in self.results:
            if row.model == model_id:
                return row
        raise KeyError(model_id)


@record
class ModelListing:
    """A catalogue model with the price in effect on a date (None if it has none)."""

    model: Model
    provider: str
    provider_name: str
    price: PriceUsed | None
    reason: str | None


@record
class Listing:
    """Every model of a catalogue with its current price from one source."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    models: tuple[ModelListing, ...]
    sources: tuple[SourceInfo, ...] = ()
    """Every source a model was priced from, the one asked for (or the default) first."""


# -- the cost of a workload by pricing dimension ---------------------------------------


TOKEN_PARTS = ("input", "cache_read", "cache_write", "output", "reasoning")
PARTS = (*TOKEN_PARTS, "requests", "batch_savings", "off_peak_savings")
"""The parts of a cost, in the order they are shown; the last two are subtracted."""


@record
class Breakdown:
    """A cost split by dimension, in USD; ``total`` is exactly the sum of the parts."""

    input: Decimal = ZERO
    """Uncached input tokens at the standard input price."""
    cache_read: Decimal = ZERO
    cache_write: Decimal = ZERO
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


# -- traffic mixes (compare --mix, route) ---------------------------------------------


@record
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


@record
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


# -- a growth projection (compare --months, project) -----------------------------------


MONTH_RULE = (
    "month k starts k-1 calendar months after the as-of date (same day, or the month's "
    "last day) and is priced at the prices in effect on its first day"
)
"""The rule of a projection's months (stated in its documents and tables)."""


@record
class Period:
    """One projected month: when it starts, its volume and length."""

    month: int
    start: date
    tokens_per_day: Decimal
    days: Decimal


@record
class RepricedMonth:
    """A model's price changed from the month before."""

    month: int
    model: str
    price: PriceUsed


@record
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


@record
class Projection:
    """The spend of each model and mix over the projected months."""

    growth: Growth
    periods: tuple[Period, ...]
    series: tuple[Series, ...]

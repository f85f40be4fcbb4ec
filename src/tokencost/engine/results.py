"""The engine's result objects: frozen dataclasses of exact Decimals.

Every output format (table, JSON, CSV, markdown) is drawn from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from tokencost.catalogue import Layer, Model, PriceEntry
from tokencost.workload import Workload

if TYPE_CHECKING:
    from tokencost.engine.dimensions import Breakdown
    from tokencost.engine.growth import Projection
    from tokencost.engine.mix import MixCost
    from tokencost.engine.select import Selection


@dataclass(frozen=True)
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
    sources: tuple[SourceInfo, ...] = ()
    """Every source a model was priced from, the one asked for (or the default) first."""

"""The cost engine: pure functions over Decimal, no I/O, no clock.

``compare(catalogue, workload, as_of=...)`` prices a workload on each model and
returns a :class:`Comparison`, the one result every output format is drawn from.

Rules (also in the README):
- cost per day = input tokens x input price / 1M + output tokens x output price / 1M;
- a month is ``workload.days_per_month`` days (default 30); a year is 12 months;
- the blended price is the cost of 1M tokens at the workload's input:output split;
- ratio = blended price / the baseline's blended price, which equals the ratio of
  monthly costs for the same workload and stays defined at 0 tokens a day. The
  default baseline is the cheapest model with a non-zero price; a ratio to a free
  baseline is undefined (None, with a note), never infinite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, localcontext

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.errors import NoPriceError
from tokencost.quantities import CONTEXT
from tokencost.workload import MONTHS_PER_YEAR, Workload

MILLION = Decimal(1_000_000)


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

    @classmethod
    def of(cls, entry: PriceEntry) -> PriceUsed:
        """The parts of a catalogue entry a result reports."""
        return cls(
            entry.source, entry.effective, entry.input, entry.output, entry.note, entry.derived
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

    def result(self, model_id: str) -> ModelCost:
        """The result row of a model id (KeyError if it was not priced)."""
        for row in self.results:
            if row.model == model_id:
                return row
        raise KeyError(model_id)


def catalogue_info(catalogue: Catalogue) -> CatalogueInfo:
    """Name, version, digest and date of a catalogue."""
    manifest = catalogue.manifest
    return CatalogueInfo(manifest.name, manifest.version, catalogue.digest, manifest.updated)


def source_info(catalogue: Catalogue, source_id: str | None) -> SourceInfo:
    """The declared source ``source_id`` (default source if None)."""
    sid = source_id or catalogue.default_source
    src = catalogue.source(sid)
    return SourceInfo(sid, src.title, src.author, src.published, src.url)


def daily_cost(workload: Workload, input_price: Decimal, output_price: Decimal) -> Decimal:
    """Cost of one day of the workload at these prices (USD per 1M tokens)."""
    with localcontext(CONTEXT):
        return (
            workload.input_tokens_per_day * input_price
            + workload.output_tokens_per_day * output_price
        ) / MILLION


def blended_price(workload: Workload, input_price: Decimal, output_price: Decimal) -> Decimal:
    """Price of 1M tokens at the workload's input:output split."""
    weight_in, weight_out = workload.split
    if weight_in + weight_out == 0:
        return Decimal(0)
    with localcontext(CONTEXT):
        return (weight_in * input_price + weight_out * output_price) / (weight_in + weight_out)


def ratio(value: Decimal, baseline: Decimal) -> Decimal | None:
    """``value / baseline``, or None when the baseline is zero (undefined, not infinite)."""
    if baseline == 0:
        return None
    with localcontext(CONTEXT):
        result = value / baseline
    # 4.375 / 0.04375 is Decimal("1E+2"); give library users 100, not an exponent
    exponent = result.as_tuple().exponent
    return result.quantize(1) if isinstance(exponent, int) and exponent > 0 else result


def price_model(
    catalogue: Catalogue, model: Model, workload: Workload, as_of: date, source: str
) -> ModelCost:
    """Price one model; ratio is filled in by :func:`compare`."""
    entry = catalogue.price_at(model.id, as_of, source)
    provider = catalogue.provider_of(model.id)
    daily = daily_cost(workload, entry.input, entry.output)
    with localcontext(CONTEXT):
        monthly = daily * workload.days_per_month
        yearly = monthly * MONTHS_PER_YEAR
    return ModelCost(
        model=model.id,
        name=model.name,
        provider=provider.provider,
        provider_name=provider.name,
        price=PriceUsed.of(entry),
        blended_price=blended_price(workload, entry.input, entry.output),
        daily_cost=daily,
        monthly_cost=monthly,
        yearly_cost=yearly,
        ratio=None,
    )


def compare(
    catalogue: Catalogue,
    workload: Workload,
    *,
    as_of: date,
    models: Sequence[str] | None = None,
    baseline: str | None = None,
    source: str | None = None,
) -> Comparison:
    """Price ``workload`` on each model (all by default) with prices in effect on ``as_of``.

    ``models`` and ``baseline`` accept ids or aliases. A model named in ``models`` or
    as ``baseline`` that has no price on the date raises NoPriceError; when ``models``
    is None, such models are listed in ``Comparison.unpriced`` instead.
    """
    src = source_info(catalogue, source)
    chosen = [catalogue.model(name) for name in models] if models else list(catalogue.models())
    base_model = catalogue.model(baseline) if baseline else None
    if base_model is not None and base_model not in chosen:
        chosen.append(base_model)
    rows: list[ModelCost] = []
    unpriced: list[Unpriced] = []
    for model in dict.fromkeys(chosen):  # unique, in order
        try:
            rows.append(price_model(catalogue, model, workload, as_of, src.id))
        except NoPriceError as exc:
            if models or model is base_model:
                raise
            unpriced.append(Unpriced(model.id, str(exc)))
    if not rows:
        raise NoPriceError(
            f"no model has a price from source '{src.id}' on {as_of}: {unpriced[0].reason}"
        )
    rows.sort(key=lambda r: (r.monthly_cost, r.blended_price, r.model))
    base_row, rule = _baseline(rows, base_model)
    rows = [_with_ratio(row, base_row) for row in rows]
    return Comparison(
        catalogue=catalogue_info(catalogue),
        source=src,
        currency=catalogue.manifest.currency,
        as_of=as_of,
        workload=workload,
        months_per_year=MONTHS_PER_YEAR,
        baseline=base_row.model if base_row else None,
        baseline_rule=rule,
        results=tuple(rows),
        unpriced=tuple(unpriced),
    )


def _baseline(rows: list[ModelCost], chosen: Model | None) -> tuple[ModelCost | None, str]:
    if chosen is not None:
        return next(r for r in rows if r.model == chosen.id), "chosen"
    paying = [r for r in rows if r.blended_price > 0]
    if not paying:
        return None, "none: every model is free for this split"
    return min(paying, key=lambda r: (r.blended_price, r.model)), "cheapest non-zero"


def _with_ratio(row: ModelCost, base: ModelCost | None) -> ModelCost:
    if base is None:
        return replace(row, ratio_note="no baseline: every model is free for this split")
    value = ratio(row.blended_price, base.blended_price)
    if value is None:
        return replace(row, ratio_note=f"baseline {base.model} is free: a ratio to it is undefined")
    return replace(row, ratio=value)


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


def list_models(catalogue: Catalogue, *, as_of: date, source: str | None = None) -> Listing:
    """Each model with the price of ``source`` in effect on ``as_of``."""
    src = source_info(catalogue, source)
    rows = []
    for model in catalogue.models():
        provider = catalogue.provider_of(model.id)
        try:
            entry = catalogue.price_at(model.id, as_of, src.id)
        except NoPriceError as exc:
            rows.append(ModelListing(model, provider.provider, provider.name, None, str(exc)))
            continue
        rows.append(
            ModelListing(model, provider.provider, provider.name, PriceUsed.of(entry), None)
        )
    return Listing(catalogue_info(catalogue), src, catalogue.manifest.currency, as_of, tuple(rows))

"""Pricing a workload on each model of a catalogue (``compare``) and listing models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING, TypeVar

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.engine.cost import MILLION, blended_price, daily_cost, period_costs, ratio
from tokencost.engine.mix import price_mix
from tokencost.engine.projection import project
from tokencost.engine.results import (
    CatalogueInfo,
    Comparison,
    Listing,
    ModelCost,
    ModelListing,
    PriceUsed,
    SourceInfo,
    Unpriced,
)
from tokencost.errors import InputError, NoPriceError
from tokencost.quantities import CONTEXT
from tokencost.workload import MONTHS_PER_YEAR, Workload

R = TypeVar("R", "ModelCost", "MixCost")
"""A row with a blended price and a ratio to fill in: a model's or a mix's."""

if TYPE_CHECKING:
    from tokencost.engine.results import Breakdown, MixCost, Projection
    from tokencost.scenarios import Growth, Mix


def catalogue_info(catalogue: Catalogue) -> CatalogueInfo:
    """Name, version, digest and date of a catalogue."""
    manifest = catalogue.manifest
    return CatalogueInfo(manifest.name, manifest.version, catalogue.digest, manifest.updated)


def source_info(catalogue: Catalogue, source_id: str | None) -> SourceInfo:
    """The declared source ``source_id`` (default source if None)."""
    sid = source_id or catalogue.default_source
    src = catalogue.source(sid)
    return SourceInfo(sid, src.title, src.author, src.published, src.url)


def price_model(
    catalogue: Catalogue,
    model: Model,
    workload: Workload,
    as_of: date,
    source: str,
    host: str | None = None,
    *,
    breakdown: bool = False,
) -> ModelCost:
    """Price one model; ratio is filled in by :func:`compare`.

    A workload with pricing dimensions (or an entry with a per-request fee, or
    ``breakdown``) is priced by :func:`tokencost.engine.dimensions.price_workload`, whose
    parts are kept in ``ModelCost.breakdown``; any other is input x input price +
    output x output price, the same figure to the last digit, without loading that
    machinery (``breakdown`` is then None).
    """
    entry = catalogue.price_at(model.id, as_of, source, host)
    provider = catalogue.provider_of(model.id)
    parts = None
    if breakdown or workload.has_traffic or entry.per_1k_requests:
        from tokencost.engine.dimensions import price_workload

        parts = price_workload(entry, workload, week_of=as_of)
        daily = parts.total
    else:
        daily = daily_cost(workload, entry.input, entry.output)
    monthly, yearly = period_costs(daily, workload)
    return ModelCost(
        model=model.id,
        name=model.name,
        provider=provider.provider,
        provider_name=provider.name,
        price=PriceUsed.of(entry),
        blended_price=effective_price(entry, workload, parts, as_of),
        daily_cost=daily,
        monthly_cost=monthly,
        yearly_cost=yearly,
        ratio=None,
        breakdown=parts,
        monthly_breakdown=None if parts is None else parts.scaled(workload.days_per_month),
    )


def effective_price(
    entry: PriceEntry, workload: Workload, parts: Breakdown | None, as_of: date | None = None
) -> Decimal:
    """The price of 1M tokens of the workload, USD.

    Without pricing dimensions: the split-weighted average of the input and output
    prices. With them: the daily cost per 1M tokens a day; at 0 tokens a day, the cost
    of a day of 1M tokens with the same shares (and per-request fees only when the
    prompt size is given as prompt_tokens).
    """
    if parts is None or workload.traffic is None or not workload.traffic.used:
        return blended_price(workload, entry.input, entry.output)
    if workload.tokens_per_day > 0:
        with localcontext(CONTEXT):
            return parts.total * MILLION / workload.tokens_per_day
    from tokencost.engine.dimensions import price_workload

    per_million = replace(
        workload,
        tokens_per_day=MILLION,
        traffic=replace(workload.traffic, requests_per_day=None),
    )
    return price_workload(entry, per_million, week_of=as_of).total


def compare(
    catalogue: Catalogue,
    workload: Workload,
    *,
    as_of: date,
    models: Sequence[str] | None = None,
    baseline: str | None = None,
    source: str | None = None,
    host: str | None = None,
    mixes: Sequence[Mix] = (),
    growth: Growth | None = None,
    breakdown: bool = False,
) -> Comparison:
    """Price ``workload`` on each model with prices in effect on ``as_of``: ``models``, or
    by default every model the source prices (on any date).

    ``models`` and ``baseline`` accept ids or aliases. A model named in ``models`` or
    as ``baseline`` that has no price on the date raises NoPriceError; when ``models``
    is None, such models are listed in ``Comparison.unpriced`` instead. ``host`` picks
    the host of models the source prices through hosts (default: each model's own
    price, else its default host). ``breakdown`` keeps every model's cost by pricing
    dimension (``ModelCost.breakdown``) even for a workload without dimensions.

    ``mixes`` are priced after the workload's own ``[[mix]]`` tables; ``growth`` (else
    the workload's ``[projection]``) adds a month-by-month projection of the priced
    models and the mixes.
    """
    src = source_info(catalogue, source)
    if models:
        chosen = [catalogue.model(name) for name in models]
    else:
        chosen = [m for m in catalogue.models() if any(e.source == src.id for e in m.prices)]
    base_model = catalogue.model(baseline) if baseline else None
    if base_model is not None and base_model not in chosen:
        chosen.append(base_model)
    rows: list[ModelCost] = []
    unpriced: list[Unpriced] = []
    for model in dict.fromkeys(chosen):  # unique, in order
        try:
            rows.append(
                price_model(catalogue, model, workload, as_of, src.id, host, breakdown=breakdown)
            )
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
    all_mixes = (*workload.mixes, *mixes)
    plan = growth if growth is not None else workload.projection
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
        mixes=_price_mixes(catalogue, all_mixes, workload, as_of, src.id, base_row),
        projection=None
        if plan is None
        else _project(catalogue, workload, plan, as_of, src.id, rows, all_mixes),
    )


def _price_mixes(
    catalogue: Catalogue,
    mixes: tuple[Mix, ...],
    workload: Workload,
    as_of: date,
    source: str,
    base: ModelCost | None,
) -> tuple[MixCost, ...]:
    if not mixes:
        return ()

    names = [mix.name for mix in mixes]
    twice = next((name for name in names if names.count(name) > 1), None)
    if twice is not None:
        raise InputError(f"two mixes are named '{twice}'; name them apart (--mix NAME=...)")
    priced = (price_mix(catalogue, m, workload, as_of=as_of, source=source) for m in mixes)
    return tuple(_with_ratio(mix, base) for mix in priced)


def _project(
    catalogue: Catalogue,
    workload: Workload,
    plan: Growth,
    as_of: date,
    source: str,
    rows: list[ModelCost],
    mixes: tuple[Mix, ...],
) -> Projection:

    models = tuple(row.model for row in rows)
    return project(
        catalogue, workload, plan, as_of=as_of, source=source, models=models, mixes=mixes
    )


def _baseline(rows: list[ModelCost], chosen: Model | None) -> tuple[ModelCost | None, str]:
    if chosen is not None:
        return next(r for r in rows if r.model == chosen.id), "chosen"
    paying = [r for r in rows if r.blended_price > 0]
    if not paying:
        return None, "none: every model is free for this split"
    return min(paying, key=lambda r: (r.blended_price, r.model)), "cheapest non-zero"


def _with_ratio(row: R, base: ModelCost | None) -> R:
    if base is None:
        return replace(row, ratio_note="no baseline: every model is free for this split")
    value = ratio(row.blended_price, base.blended_price)
    if value is None:
        return replace(row, ratio_note=f"baseline {base.model} is free: a ratio to it is undefined")
    return replace(row, ratio=value)


def list_models(
    catalogue: Catalogue, *, as_of: date, source: str | None = None, host: str | None = None
) -> Listing:
    """Each model the source prices (on any date), with its price of ``source`` (and
    ``host``) in effect on ``as_of``."""
    src = source_info(catalogue, source)
    rows = []
    for model in catalogue.models():
        if not any(e.source == src.id for e in model.prices):
            continue
        provider = catalogue.provider_of(model.id)
        try:
            entry = catalogue.price_at(model.id, as_of, src.id, host)
        except NoPriceError as exc:
            rows.append(ModelListing(model, provider.provider, provider.name, None, str(exc)))
            continue
        rows.append(
            ModelListing(model, provider.provider, provider.name, PriceUsed.of(entry), None)
        )
    return Listing(catalogue_info(catalogue), src, catalogue.manifest.currency, as_of, tuple(rows))

"""Pricing a workload on each model of a catalogue (``compare``) and listing models."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from tokencost.engine.select import Selection, choose, supports
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
    return CatalogueInfo(
        manifest.name, manifest.version, catalogue.digest, manifest.updated, catalogue.layers
    )


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
    source: str | None,
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
    selection: Selection | None = None,
) -> Comparison:
    """Price ``workload`` on each chosen model with prices in effect on ``as_of``.

    Which models: ``selection`` (:mod:`tokencost.engine.select`: names and globs,
    providers, context window, pricing dimensions, the N cheapest), or ``models`` (ids,
    aliases or globs); with neither, the default models (those the default source
    prices; with ``source``, those of them it prices on any date). ``baseline`` accepts
    an id or alias. A model named exactly (or as ``baseline``) that has no price on the
    date raises NoPriceError; others without one are listed in ``Comparison.unpriced``.

    Which prices: ``source`` for every model; when None, each model's own
    (:meth:`Catalogue.source_for`: the default source where the model has it, else the
    fallback source), so one table may mix sources: each result says its own and
    ``Comparison.sources`` lists them. ``host`` picks the host of models a source prices
    through hosts (default: each model's own price, else its default host).
    ``breakdown`` keeps every model's cost by pricing dimension (``ModelCost.breakdown``)
    even for a workload without dimensions.

    ``mixes`` are priced after the workload's own ``[[mix]]`` tables; ``growth`` (else
    the workload's ``[projection]``) adds a month-by-month projection of the priced
    models and the mixes.
    """
    src = source_info(catalogue, source)
    wanted = selection or Selection(names=tuple(models or ()))
    chosen = choose(catalogue, wanted)
    base_model = catalogue.model(baseline) if baseline else None
    candidates = list(chosen.models)
    if source is not None and not (wanted.names or wanted.filters):  # the default models
        candidates = [m for m in candidates if any(e.source == source for e in m.prices)]
    if base_model is not None and base_model not in candidates:
        candidates.append(base_model)
    rows: list[ModelCost] = []
    unpriced: list[Unpriced] = []
    for model in candidates:
        must = model.id in chosen.named or model is base_model
        try:
            if wanted.supports and model is not base_model:
                entry = catalogue.price_at(model.id, as_of, source, host)
                if not supports(entry, wanted.supports):
                    continue
            rows.append(
                price_model(catalogue, model, workload, as_of, source, host, breakdown=breakdown)
            )
        except NoPriceError as exc:
            if must:
                raise
            unpriced.append(Unpriced(model.id, str(exc)))
    if not rows:
        raise NoPriceError(_nothing_priced(wanted, src.id, as_of, unpriced))
    rows.sort(key=lambda r: (r.monthly_cost, r.blended_price, r.model))
    if wanted.cheapest is not None:
        rows = _cheapest(rows, wanted.cheapest, base_model)
    base_row, rule = _baseline(rows, base_model)
    list_source = catalogue.manifest.fallback_source
    rows = [
        _with_list(catalogue, _with_ratio(row, base_row), list_source, as_of, host) for row in rows
    ]
    all_mixes = (*workload.mixes, *mixes)
    plan = growth if growth is not None else workload.projection
    sources = sources_used(catalogue, source, (row.price.source for row in rows))
    return Comparison(
        catalogue=catalogue_info(catalogue),
        source=sources[0],
        currency=catalogue.manifest.currency,
        as_of=as_of,
        workload=workload,
        months_per_year=MONTHS_PER_YEAR,
        baseline=base_row.model if base_row else None,
        baseline_rule=rule,
        results=tuple(rows),
        unpriced=tuple(unpriced),
        mixes=_price_mixes(catalogue, all_mixes, workload, as_of, source, base_row),
        projection=None
        if plan is None
        else _project(catalogue, workload, plan, as_of, source, rows, all_mixes),
        sources=sources,
        selection=wanted if (wanted.names or wanted.filters) else None,
        list_source=list_source,
    )


def _with_list(
    catalogue: Catalogue, row: ModelCost, list_source: str | None, as_of: date, host: str | None
) -> ModelCost:
    """``row`` with the list price in effect on ``as_of`` beside the price it used."""
    if list_source is None or row.price.source == list_source:
        return row
    try:
        entry = catalogue.price_at(row.model, as_of, list_source, host)
    except NoPriceError:
        return row
    return replace(row, list_price=PriceUsed.of(entry))


def sources_used(
    catalogue: Catalogue, source: str | None, used: Iterable[str]
) -> tuple[SourceInfo, ...]:
    """The sources results were priced from, the one asked for (or the default) first:
    that one alone when nothing was priced, and left out when every result comes from
    another (the fallback's models only), so that the first is the result's source."""
    first = source or catalogue.default_source
    seen = dict.fromkeys(used)
    ids = ([first] if first in seen or not seen else []) + [s for s in seen if s != first]
    return tuple(source_info(catalogue, sid) for sid in ids)


def _nothing_priced(wanted: Selection, source: str, as_of: date, unpriced: list[Unpriced]) -> str:
    which = f" matching {wanted.describe()}" if wanted.names or wanted.filters else ""
    why = f": {unpriced[0].reason}" if unpriced else ""
    return f"no model{which} has a price from source '{source}' on {as_of}{why}"


def _cheapest(rows: list[ModelCost], count: int, base: Model | None) -> list[ModelCost]:
    """The ``count`` cheapest rows that charge (and the chosen baseline's), in order."""
    paying = [r for r in rows if r.blended_price > 0][:count]
    kept = {r.model for r in paying} | ({base.id} if base is not None else set())
    return [r for r in rows if r.model in kept]


def _price_mixes(
    catalogue: Catalogue,
    mixes: tuple[Mix, ...],
    workload: Workload,
    as_of: date,
    source: str | None,
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
    source: str | None,
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
    catalogue: Catalogue,
    *,
    as_of: date,
    source: str | None = None,
    host: str | None = None,
    selection: Selection | None = None,
) -> Listing:
    """Each chosen model (all by default; :mod:`tokencost.engine.select`) with the price
    of ``source`` (each model's own source when None) and ``host`` in effect on ``as_of``;
    with ``source``, only the models it prices (on any date).
    """
    wanted = selection or Selection()
    models = (
        choose(catalogue, wanted).models
        if wanted.names or wanted.filters
        else tuple(catalogue.models())
    )
    rows = []
    for model in models:
        if source is not None and not any(e.source == source for e in model.prices):
            continue
        provider = catalogue.provider_of(model.id)
        try:
            entry = catalogue.price_at(model.id, as_of, source, host)
        except NoPriceError as exc:
            if not wanted.supports:
                rows.append(ModelListing(model, provider.provider, provider.name, None, str(exc)))
            continue
        if wanted.supports and not supports(entry, wanted.supports):
            continue
        rows.append(
            ModelListing(model, provider.provider, provider.name, PriceUsed.of(entry), None)
        )
    used = (row.price.source for row in rows if row.price is not None)
    sources = sources_used(catalogue, source, used)
    return Listing(
        catalogue_info(catalogue),
        sources[0],
        catalogue.manifest.currency,
        as_of,
        tuple(rows),
        sources,
    )

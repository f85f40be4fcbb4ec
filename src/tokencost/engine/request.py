"""One request priced: the tokens of a single API call at the price in effect on a day.

What ``tokencost.price(...)`` returns (:mod:`tokencost.api`), computed by the same
pricing dimensions a workload or a usage replay is priced with
(:func:`tokencost.engine.dimensions.price_usage`): cached and cache-written tokens
are part of the input tokens, reasoning tokens part of the output tokens, the prompt
(the input tokens) picks the long-context tier, the request pays its per-request fee,
and a moment inside an off-peak window is billed at that window's prices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tokencost.catalogue import Catalogue
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.rates import Usage, window_at
from tokencost.engine.results import Breakdown, CatalogueInfo, PriceUsed, SourceInfo
from tokencost.zones import MINUTES_PER_DAY


@dataclass(frozen=True)
class RequestCost:
    """The exact cost of one request, with its parts and everything it assumed."""

    model: str
    """The catalogue's id of the model (``gpt-5.5`` for ``openai/gpt-5.5-2026-04-23``)."""
    name: str
    """The model's name as it was asked for."""
    provider: str
    as_of: date
    """The day whose prices were used."""
    minute: int | None
    """The minute of that day (UTC) the request was sent, when known: it places the
    request in an off-peak window (None: standard prices)."""
    batch: bool
    """Priced as batch traffic."""
    source: SourceInfo
    price: PriceUsed
    """The catalogue entry that priced it (its source, effective date, prices)."""
    usage: Usage
    breakdown: Breakdown
    """The cost by pricing dimension, USD; its ``total`` is the cost."""
    catalogue: CatalogueInfo
    currency: str

    @property
    def total(self) -> Decimal:
        """The cost of the request: the parts of the breakdown added up, exact."""
        return self.breakdown.total

    @property
    def flags(self) -> tuple[str, ...]:
        """Prices the entry lacks for a dimension used, and what was billed instead."""
        return self.breakdown.flags


def price_request(
    catalogue: Catalogue,
    name: str,
    usage: Usage,
    *,
    as_of: date,
    moment: int | None = None,
    source: str | None = None,
    host: str | None = None,
    batch: bool = False,
) -> RequestCost:
    """Price ``usage`` (one request's tokens) on the model ``name`` means.

    ``name`` is resolved as a replay on the same source resolves it (ids, aliases, a
    provider prefix, a date suffix, patterns: :meth:`Catalogue.model` with the
    source); an unknown name raises UnknownModelError and a model without a price from
    the source on ``as_of`` NoPriceError, never a cost of 0.
    ``moment`` (when it was sent: whole minutes UTC, :func:`tokencost.zones.moment`)
    bills the request at the prices of the off-peak window it falls in, read on that
    window's clock (its zone and days); ``batch`` at the batch prices.
    """
    from tokencost.engine.dimensions import price_usage

    src = source_info(catalogue, source)
    model = catalogue.model(name, src.id)
    entry = catalogue.price_at(model.id, as_of, src.id, host)
    window = window_at(entry, moment) if moment is not None and not batch else None
    parts = price_usage(entry, usage, prompt_tokens=usage.input_tokens, batch=batch, window=window)
    return RequestCost(
        model=model.id,
        name=name,
        provider=catalogue.provider_of(model.id).provider,
        as_of=as_of,
        minute=None if moment is None else moment % MINUTES_PER_DAY,
        batch=batch,
        source=src,
        price=PriceUsed.of(entry),
        usage=usage,
        breakdown=parts,
        catalogue=catalogue_info(catalogue),
        currency=catalogue.manifest.currency,
    )

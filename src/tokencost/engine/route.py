"""Routing sweep: the cost of a workload as its premium share goes from 0 to 100%.

Each point is a two-part mix (premium share s, cheap share 1 - s) priced like any
mix, with the first model named as the premium one: the saving at each point is
against sending all of the traffic to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

from tokencost.catalogue import Catalogue
from tokencost.engine.mix import price_mix
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.results import CatalogueInfo, MixCost, SourceInfo
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT, format_ratio_parts, plain_percent
from tokencost.scenarios import Mix, MixPart
from tokencost.workload import MONTHS_PER_YEAR, Workload

MAX_POINTS = 1001


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


def shares(step: Decimal) -> tuple[Decimal, ...]:
    """0, step, 2 x step ... below 1, then 1 (always both ends)."""
    if not 0 < step <= 1:
        raise InputError(f"--step: {plain_percent(step)} must be more than 0% and at most 100%")
    with localcontext(CONTEXT):
        count = int(1 / step)
        if count + 1 > MAX_POINTS:
            raise InputError(
                f"--step: {plain_percent(step)} gives more than {MAX_POINTS} points; "
                "use 0.1% or more"
            )
        values = [step * k for k in range(count + 1) if step * k < 1]
    return (*values, Decimal(1))


def route(
    catalogue: Catalogue,
    workload: Workload,
    *,
    premium: str,
    cheap: str,
    as_of: date,
    source: str | None = None,
    step: Decimal = Decimal("0.1"),
    premium_ratio: tuple[Decimal, Decimal] | None = None,
    cheap_ratio: tuple[Decimal, Decimal] | None = None,
) -> Routing:
    """Price ``workload`` split between ``premium`` and ``cheap`` at every premium share.

    ``premium_ratio`` and ``cheap_ratio`` give each side its own input:output split
    (default: the workload's).
    """
    src = source_info(catalogue, source)
    top, low = catalogue.model(premium).id, catalogue.model(cheap).id
    if top == low:
        raise InputError(f"route: give two different models, not {top} twice")
    top_label = format_ratio_parts(*premium_ratio) if premium_ratio else None
    low_label = format_ratio_parts(*cheap_ratio) if cheap_ratio else None
    points = []
    for share in shares(step):
        mix = Mix(
            f"{plain_percent(share)} {top}",
            (
                MixPart(top, share, premium_ratio, top_label),
                MixPart(low, 1 - share, cheap_ratio, low_label),
            ),
        )
        priced = price_mix(catalogue, mix, workload, as_of=as_of, source=src.id, premium=top)
        points.append(RoutePoint(share, priced))
    return Routing(
        catalogue=catalogue_info(catalogue),
        source=src,
        currency=catalogue.manifest.currency,
        as_of=as_of,
        workload=workload,
        months_per_year=MONTHS_PER_YEAR,
        premium=top,
        cheap=low,
        premium_split=top_label or workload.split_label,
        cheap_split=low_label or workload.split_label,
        step=step,
        points=tuple(points),
    )

"""Growth projection: month-by-month and cumulative spend per model or mix.

Month k (1-based) starts k - 1 calendar months after the as-of date, on the same day
of the month (the month's last day when it is shorter: Jan 31 -> Feb 28). It is
priced with the prices in effect on its first day, so a price change dated within
the horizon applies from the first month that starts on or after it. Every month
lasts the workload's ``days_per_month`` days; tokens a day in month k are the
workload's x (1 + growth)^(k - 1), compounded exactly, or the profile's list.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from tokencost.catalogue import Catalogue
from tokencost.engine.cost import daily_cost
from tokencost.engine.mix import price_mix
from tokencost.engine.results import Period, PriceUsed, Projection, RepricedMonth, Series
from tokencost.quantities import CONTEXT
from tokencost.workload import Workload

if TYPE_CHECKING:
    from tokencost.scenarios import Growth, Mix


def add_months(start: date, months: int) -> date:
    """``start`` moved ``months`` calendar months on, clamped to the month's last day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)  # of that month
    return date(year, month, min(start.day, last.day))


def periods(workload: Workload, growth: Growth, as_of: date) -> tuple[Period, ...]:
    """The projected months from ``as_of``."""
    volumes = growth.tokens_per_day(workload.tokens_per_day)
    return tuple(
        Period(k + 1, add_months(as_of, k), volume, workload.days_per_month)
        for k, volume in enumerate(volumes)
    )


def project(
    catalogue: Catalogue,
    workload: Workload,
    growth: Growth,
    *,
    as_of: date,
    source: str | None,
    models: tuple[str, ...],
    mixes: tuple[Mix, ...] = (),
) -> Projection:
    """Spend of ``models`` (ids) and ``mixes`` over ``growth.months`` months from ``as_of``."""
    months = periods(workload, growth, as_of)
    series = [_model_series(catalogue, workload, model, months, source) for model in models]
    series += [_mix_series(catalogue, workload, mix, months, source) for mix in mixes]
    return Projection(growth, months, tuple(series))


def _model_series(
    catalogue: Catalogue,
    workload: Workload,
    model: str,
    months: tuple[Period, ...],
    source: str | None,
) -> Series:
    monthly: list[Decimal] = []
    changes: list[RepricedMonth] = []
    last: PriceUsed | None = None
    for period in months:
        price = PriceUsed.of(catalogue.price_at(model, period.start, source))
        if last is not None and price != last:
            changes.append(RepricedMonth(period.month, model, price))
        last = price
        traffic = replace(workload, tokens_per_day=period.tokens_per_day)
        with localcontext(CONTEXT):
            monthly.append(daily_cost(traffic, price.input, price.output) * period.days)
    return Series(model, "model", tuple(monthly), _running(monthly), tuple(changes))


def _mix_series(
    catalogue: Catalogue,
    workload: Workload,
    mix: Mix,
    months: tuple[Period, ...],
    source: str | None,
) -> Series:
    monthly: list[Decimal] = []
    changes: list[RepricedMonth] = []
    last: dict[str, PriceUsed] = {}
    for period in months:
        traffic = replace(workload, tokens_per_day=period.tokens_per_day)
        cost = price_mix(catalogue, mix, traffic, as_of=period.start, source=source)
        for part in cost.parts:
            if part.model in last and part.price != last[part.model]:
                changes.append(RepricedMonth(period.month, part.model, part.price))
            last[part.model] = part.price
        with localcontext(CONTEXT):
            monthly.append(cost.daily_cost * period.days)
    return Series(mix.name, "mix", tuple(monthly), _running(monthly), tuple(dict.fromkeys(changes)))


def _running(values: list[Decimal]) -> tuple[Decimal, ...]:
    total, out = Decimal(0), []
    with localcontext(CONTEXT):
        for value in values:
            total += value
            out.append(total)
    return tuple(out)

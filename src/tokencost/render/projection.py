"""A growth Projection as JSON, a Grid (a row per month) and a line chart."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tokencost.engine import Comparison
from tokencost.engine.results import MONTH_RULE, Projection
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.notes import (
    catalogue_line,
    compact_line,
    prices_line,
    workload_year_line,
)
from tokencost.workload import Workload

if TYPE_CHECKING:
    from tokencost.render.chart import LineChart


def document(projection: Projection) -> dict[str, object]:
    """The projection as JSON: the rule, the months, and each series month by month."""
    growth = projection.growth
    return {
        "months": growth.months,
        "growth": growth.rate,
        "tokens_per_day": None if growth.volumes is None else list(growth.volumes),
        "month_rule": MONTH_RULE,
        "periods": [
            {
                "month": p.month,
                "start": p.start,
                "tokens_per_day": p.tokens_per_day,
                "days": p.days,
            }
            for p in projection.periods
        ],
        "series": [
            {
                "name": s.name,
                "kind": s.kind,
                "monthly": list(s.monthly),
                "cumulative": list(s.cumulative),
                "total": s.total,
                "price_changes": [
                    {
                        "month": c.month,
                        "model": c.model,
                        "effective": c.price.effective,
                        "input_price": c.price.input,
                        "output_price": c.price.output,
                    }
                    for c in s.changes
                ],
            }
            for s in projection.series
        ],
    }


def describe(projection: Projection, workload: Workload) -> str:
    """``12 months, tokens/day growing 8% a month from 10M`` (or the listed volumes)."""
    growth = projection.growth
    months = fmt.plural(growth.months, "month")
    if growth.volumes is not None:
        return f"{months}, tokens/day as listed in the profile"
    if not growth.rate:
        return f"{months}, tokens/day flat at {fmt.quantity(workload.tokens_per_day)}"
    return (
        f"{months}, tokens/day growing {fmt.share(growth.rate)} a month (compound) from "
        f"{fmt.quantity(workload.tokens_per_day)}"
    )


def grid(result: Comparison, *, full: bool = False) -> Grid:
    """A row per month with each model's or mix's spend, then the totals."""
    projection, workload = projection_of(result), result.workload
    columns = (
        Column("Month", "right"),
        Column("Starts"),
        Column("Tokens/day", "right"),
        *(Column(s.name, "right") for s in projection.series),
    )
    rows = [
        (
            str(p.month),
            p.start.isoformat(),
            fmt.quantity(p.tokens_per_day),
            *(fmt.money(s.monthly[p.month - 1]) for s in projection.series),
        )
        for p in projection.periods
    ]
    rows.append(("Total", "", "", *(fmt.money(s.total) for s in projection.series)))
    title = f"Projection of workload '{workload.name}': {describe(projection, workload)}"
    return Grid(title, columns, tuple(rows), footer(result, full=full))


def footer(result: Comparison, *, full: bool = False) -> tuple[str, ...]:
    """The month rule, the price changes that fall within the horizon, the assumptions.

    ``full``: the workload, prices and catalogue lines of a standalone table, instead
    of one line under a comparison that already states them.
    """
    projection, workload = projection_of(result), result.workload
    lines = [
        f"Months: {MONTH_RULE}; each lasts {fmt.quantity(workload.days_per_month)} days.",
    ]
    seen: set[tuple[str, int]] = set()
    for series in projection.series:
        for change in series.changes:
            if (change.model, change.month) in seen:
                continue
            seen.add((change.model, change.month))
            lines.append(
                f"Price change: {change.model} from month {change.month} "
                f"({fmt.price(change.price.input)} in, {fmt.price(change.price.output)} out, "
                f"effective {change.price.effective.isoformat()})."
            )
    if full:
        lines += [
            workload_year_line(workload, result.months_per_year),
            prices_line(result.source, result.currency, result.as_of),
            catalogue_line(result.catalogue),
        ]
        lines += [f"Not priced on {result.as_of}: {u.reason}" for u in result.unpriced]
    else:
        lines.append(compact_line(workload, result.source, result.as_of, result.catalogue))
    return tuple(lines)


def chart(result: Comparison, *, full: bool = False) -> LineChart:
    """Monthly spend of each series against the month."""
    from tokencost.render.chart import Curve, LineChart

    projection, workload = projection_of(result), result.workload
    curves = tuple(
        Curve(s.name, tuple((Decimal(k + 1), v) for k, v in enumerate(s.monthly)))
        for s in projection.series
    )
    months = projection.periods
    ticks = {months[0], months[len(months) // 2], months[-1]}
    return LineChart(
        title=f"Monthly spend, workload '{workload.name}': {describe(projection, workload)}",
        x_label="month (its first day)",
        curves=curves,
        x_ticks=tuple(
            (Decimal(p.month), p.start.isoformat()) for p in sorted(ticks, key=lambda p: p.month)
        ),
        footer=footer(result, full=full),
    )


def projection_of(result: Comparison) -> Projection:
    """The comparison's projection (ValueError when it has none)."""
    if result.projection is None:
        raise ValueError("the comparison has no projection")
    return result.projection

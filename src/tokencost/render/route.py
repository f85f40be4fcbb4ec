"""A Routing sweep as a JSON document, a Grid, CSV and a line chart."""

from __future__ import annotations

from decimal import Decimal

from tokencost.engine.route import RoutePoint, Routing
from tokencost.render import formatting as fmt
from tokencost.render.chart import Curve, LineChart
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    catalogue_line,
    price_unit,
    prices_line,
    source_document,
    workload_document,
    workload_year_line,
)
from tokencost.render.view import Csv, View

SCHEMA = "tokencost.route/1"
SAVING_RULE = (
    "all of the traffic on the premium model, each side keeping its split, less the routed cost"
)


def document(result: Routing) -> dict[str, object]:
    """The JSON document (schema ``tokencost.route/1``)."""
    doc = envelope(SCHEMA, result.catalogue, result.as_of, result.currency)
    doc |= {
        "source": source_document(result.source),
        "assumptions": {
            "days_per_month": result.workload.days_per_month,
            "months_per_year": result.months_per_year,
            "price_unit": price_unit(result.currency),
            "saving": SAVING_RULE,
        },
        "workload": workload_document(result.workload),
        "premium": {"model": result.premium, "split": result.premium_split},
        "cheap": {"model": result.cheap, "split": result.cheap_split},
        "step": result.step,
        "points": [_point(p) for p in result.points],
    }
    return doc


def _parts(point: RoutePoint) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    top, low = point.mix.parts
    return top.tokens_per_day, low.tokens_per_day, top.monthly_cost, low.monthly_cost


def _point(point: RoutePoint) -> dict[str, object]:
    mix = point.mix
    top_tokens, low_tokens, top_monthly, low_monthly = _parts(point)
    return {
        "premium_share": point.premium_share,
        "premium_tokens_per_day": top_tokens,
        "cheap_tokens_per_day": low_tokens,
        "premium_monthly_cost": top_monthly,
        "cheap_monthly_cost": low_monthly,
        "daily_cost": mix.daily_cost,
        "monthly_cost": mix.monthly_cost,
        "yearly_cost": mix.yearly_cost,
        "all_premium_monthly_cost": mix.premium_monthly_cost,
        "saving_monthly": mix.saving_monthly,
        "saving_share": mix.saving_share,
    }


COLUMNS = (
    Column("Premium share", "right"),
    Column("Premium tokens/day", "right"),
    Column("Cheap tokens/day", "right"),
    Column("Premium $/month", "right"),
    Column("Cheap $/month", "right"),
    Column("Monthly", "right", strong=True),
    Column("Yearly", "right"),
    Column("Saving/month", "right"),
    Column("Saving", "right"),
)


def title(result: Routing) -> str:
    """``Routing workload 'x' (10M tokens/day): premium A (3:1), cheap B (3:1)``."""
    wl = result.workload
    return (
        f"Routing workload '{wl.name}' ({fmt.quantity(wl.tokens_per_day)} tokens/day): premium "
        f"{result.premium} ({result.premium_split}), cheap {result.cheap} ({result.cheap_split})"
    )


def grid(result: Routing) -> Grid:
    """A row per premium share, 0% first."""
    rows = []
    for point in result.points:
        mix = point.mix
        top_tokens, low_tokens, top_monthly, low_monthly = _parts(point)
        rows.append(
            (
                fmt.share(point.premium_share),
                fmt.tokens(top_tokens),
                fmt.tokens(low_tokens),
                fmt.money(top_monthly),
                fmt.money(low_monthly),
                fmt.money(mix.monthly_cost),
                fmt.money(mix.yearly_cost),
                fmt.money(mix.saving_monthly),
                "n/a" if mix.saving_share is None else fmt.share(mix.saving_share),
            )
        )
    return Grid(title(result), COLUMNS, tuple(rows), footer(result))


def footer(result: Routing) -> tuple[str, ...]:
    """The saving rule and the assumptions."""
    return (
        f"Saving: all of the traffic on {result.premium}, each side keeping its split, less "
        "the routed cost.",
        workload_year_line(result.workload, result.months_per_year),
        prices_line(result.source, result.currency, result.as_of),
        catalogue_line(result.catalogue),
    )


CSV_FIELDS = (
    "premium_share",
    "premium_tokens_per_day",
    "cheap_tokens_per_day",
    "premium_monthly_cost",
    "cheap_monthly_cost",
    "daily_cost",
    "monthly_cost",
    "yearly_cost",
    "all_premium_monthly_cost",
    "saving_monthly",
    "saving_share",
)


def csv(result: Routing) -> Csv:
    """One row per premium share, exact values."""
    return Csv(CSV_FIELDS, tuple(tuple(_point(p).values()) for p in result.points))


def chart(result: Routing) -> LineChart:
    """The monthly cost against the premium share, and the all-premium cost above it."""
    routed = Curve(
        f"routed: {result.premium} + {result.cheap}",
        tuple((p.premium_share, p.mix.monthly_cost) for p in result.points),
    )
    everything = Curve(
        f"all on {result.premium}",
        tuple((p.premium_share, p.mix.premium_monthly_cost) for p in result.points),
    )
    ticks = tuple((Decimal(k) / 4, f"{25 * k}%") for k in range(5))
    wl = result.workload
    return LineChart(
        title=f"Monthly cost of workload '{wl.name}' ({fmt.quantity(wl.tokens_per_day)} "
        f"tokens/day) by the share on {result.premium}, the rest on {result.cheap}",
        x_label=f"share of the traffic on {result.premium}",
        curves=(routed, everything),
        x_ticks=ticks,
        footer=footer(result),
        linear=True,
    )


class RouteView(View):
    """``route``'s result: the cost as the premium share goes from 0 to 100%."""

    def __init__(self, result: Routing) -> None:
        self.result = result
        self.name = f"tokencost route: {result.premium} / {result.cheap}"

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

    def csv(self) -> Csv:
        return csv(self.result)

    def charts(self) -> tuple[LineChart, ...]:
        return (chart(self.result),)

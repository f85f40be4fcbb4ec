"""A SelfhostCost as a JSON document, a Grid, CSV and a bar chart."""

from __future__ import annotations

from tokencost.engine.selfhost import HOURS_PER_DAY, SECONDS_PER_DAY, BreakEven, SelfhostCost
from tokencost.render import formatting as fmt
from tokencost.render.chart import Bar, BarChart
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    catalogue_line,
    price_unit,
    prices_line,
    source_document,
    unpriced_document,
    workload_document,
    workload_year_line,
)
from tokencost.render.view import Csv, View

SCHEMA = "tokencost.selfhost/1"
COST_MODEL = (
    "GPUs rented around the clock: fixed cost a day = GPU-hour price x GPUs x 24; capacity "
    "a day = tokens/s x utilization x 86,400; a workload above capacity needs "
    "ceil(tokens a day / capacity) deployments"
)
BREAKEVEN_RULE = (
    "tokens a day at which an API costs one deployment's fixed cost a day: fixed cost x 1M "
    "/ the API's price per 1M tokens at the workload's split; beyond capacity it is out of reach"
)


def document(result: SelfhostCost) -> dict[str, object]:
    """The JSON document (schema ``tokencost.selfhost/1``)."""
    cmp, setup = result.comparison, result.setup
    doc = envelope(SCHEMA, cmp.catalogue, cmp.as_of, cmp.currency)
    doc |= {
        "source": source_document(cmp.source),
        "assumptions": {
            "cost_model": COST_MODEL,
            "breakeven": BREAKEVEN_RULE,
            "hours_per_day": HOURS_PER_DAY,
            "seconds_per_day": SECONDS_PER_DAY,
            "days_per_month": cmp.workload.days_per_month,
            "price_unit": price_unit(cmp.currency),
        },
        "workload": workload_document(cmp.workload),
        "selfhost": {
            "gpu_hourly": setup.gpu_hourly,
            "gpus": setup.gpus,
            "tokens_per_second": setup.tokens_per_second,
            "utilization": setup.utilization,
            "model": result.model,
            "fixed_daily_cost": result.fixed_daily_cost,
            "fixed_monthly_cost": result.fixed_monthly_cost,
            "capacity_tokens_per_day": result.capacity_per_day,
            "cost_per_million_at_capacity": result.cost_per_million_at_capacity,
            "deployments": result.deployments,
            "daily_cost": result.daily_cost,
            "monthly_cost": result.monthly_cost,
            "cost_per_million_at_workload": result.cost_per_million_at_workload,
        },
        "results": [_row(api) for api in result.apis],
        "unpriced": unpriced_document(cmp.unpriced),
    }
    return doc


def _row(api: BreakEven) -> dict[str, object]:
    return {
        "model": api.api.model,
        "provider": api.api.provider,
        "blended_price": api.api.blended_price,
        "api_daily_cost": api.api.daily_cost,
        "api_monthly_cost": api.api.monthly_cost,
        "selfhost_monthly_cost": api.selfhost_monthly_cost,
        "monthly_saving": api.monthly_saving,
        "breakeven_tokens_per_day": api.breakeven_tokens_per_day,
        "breakeven_within_capacity": api.within_capacity,
    }


COLUMNS = (
    Column("API model"),
    Column("Provider"),
    Column("API $/1M", "right"),
    Column("API monthly", "right"),
    Column("Self-hosted monthly", "right"),
    Column("Saving/month", "right", strong=True),
    Column("Break-even tokens/day", "right"),
)


def grid(result: SelfhostCost) -> Grid:
    """A row per API model: its cost, the self-hosted cost, the saving, the break-even."""
    wl = result.comparison.workload
    rows = tuple(
        (
            api.api.model,
            api.api.provider_name,
            fmt.unit_price(api.api.blended_price),
            fmt.money(api.api.monthly_cost),
            fmt.money(api.selfhost_monthly_cost),
            fmt.money(api.monthly_saving),
            _breakeven_cell(api),
        )
        for api in result.apis
    )
    title = (
        f"Self-hosting vs APIs, workload '{wl.name}': {fmt.quantity(wl.tokens_per_day)} "
        f"tokens/day, {wl.split_label}"
    )
    return Grid(title, COLUMNS, rows, footer(result))


def _breakeven_cell(api: BreakEven) -> str:
    volume = api.breakeven_tokens_per_day
    if volume is None:
        return "none (free API)"
    return fmt.quantity(volume) + ("" if api.within_capacity else " (over capacity)")


def footer(result: SelfhostCost) -> tuple[str, ...]:
    """The cost model with the user's figures, the break-even rule, the assumptions."""
    setup, cmp, wl = result.setup, result.comparison, result.comparison.workload
    deployments = fmt.plural(result.deployments, "deployment")
    per_million = result.cost_per_million_at_workload
    lines = [
        f"Self-hosted: {fmt.quantity(setup.gpus)} GPUs x {fmt.price(setup.gpu_hourly)}/GPU-hour "
        f"x {HOURS_PER_DAY} h = {fmt.money(result.fixed_daily_cost)}/day, rented around the "
        f"clock ({fmt.money(result.fixed_monthly_cost)} a month)"
        + (f", running {result.model}." if result.model else "."),
        f"Capacity: {fmt.tokens(setup.tokens_per_second)} tokens/s x "
        f"{fmt.share(setup.utilization)} x {SECONDS_PER_DAY:,} s = "
        f"{fmt.tokens(result.capacity_per_day)} tokens/day; "
        f"{fmt.money(result.cost_per_million_at_capacity)} per 1M tokens at capacity.",
        f"This workload: {fmt.tokens(wl.tokens_per_day)} tokens/day on {deployments} = "
        f"{fmt.money(result.daily_cost)}/day"
        + (f", {fmt.money(per_million)} per 1M tokens." if per_million is not None else "."),
        f"Break-even: {BREAKEVEN_RULE}. Saving/month: API less self-hosted (negative: the API "
        "is cheaper).",
        workload_year_line(wl, cmp.months_per_year),
        prices_line(cmp.source, cmp.currency, cmp.as_of),
        catalogue_line(cmp.catalogue),
    ]
    lines += [f"Not priced: {u.reason}" for u in cmp.unpriced]
    return tuple(lines)


CSV_FIELDS = (
    "model",
    "provider",
    "blended_price",
    "api_daily_cost",
    "api_monthly_cost",
    "selfhost_monthly_cost",
    "monthly_saving",
    "breakeven_tokens_per_day",
    "breakeven_within_capacity",
)


def csv(result: SelfhostCost) -> Csv:
    """One row per API model, exact values."""
    return Csv(CSV_FIELDS, tuple(tuple(_row(api).values()) for api in result.apis))


def chart(result: SelfhostCost) -> BarChart:
    """Monthly cost of each API and of the self-hosted deployment."""
    wl = result.comparison.workload
    bars = [
        Bar(a.api.model, a.api.monthly_cost, fmt.money(a.api.monthly_cost)) for a in result.apis
    ]
    label = f"self-hosted ({fmt.quantity(result.setup.gpus)} GPUs)"
    bars.append(Bar(label, result.monthly_cost, fmt.money(result.monthly_cost)))
    title = (
        f"Monthly cost, self-hosted vs APIs, workload '{wl.name}': "
        f"{fmt.quantity(wl.tokens_per_day)} tokens/day, {wl.split_label}"
    )
    return BarChart(title, tuple(bars), footer(result))


class SelfhostView(View):
    """``selfhost``'s result: the self-hosted cost against each API."""

    def __init__(self, result: SelfhostCost) -> None:
        self.result = result
        self.name = f"tokencost selfhost: {result.comparison.workload.name}"

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

    def csv(self) -> Csv:
        return csv(self.result)

    def charts(self) -> tuple[BarChart, ...]:
        return (chart(self.result),)

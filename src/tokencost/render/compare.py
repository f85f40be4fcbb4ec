"""A Comparison (``tokencost compare``) as a JSON document, tables, CSV and charts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tokencost.engine import CatalogueInfo, Comparison, ModelCost, SourceInfo
from tokencost.engine.results import Breakdown, MixCost, PartCost
from tokencost.render import dimensions, projection
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    catalogue_line,
    compact_line,
    host_line,
    price_unit,
    prices_line,
    source_document,
    traffic_line,
    unpriced_document,
    workload_document,
    workload_year_line,
)
from tokencost.render.view import Csv, View
from tokencost.workload import Workload

if TYPE_CHECKING:
    from tokencost.render.chart import BarChart, LineChart

SCHEMA = "tokencost.compare/1"


def document(result: Comparison, breakdown: bool = False) -> dict[str, object]:
    """The JSON document (schema ``tokencost.compare/1``).

    Pricing dimensions add keys, never change one: ``workload.traffic`` and the
    ``assumptions`` of the breakdown when the workload has dimensions, ``flags`` on a
    result that has any (on every result with ``breakdown``), and ``breakdown`` (the
    exact daily parts) when asked.
    """
    wl = result.workload
    doc = envelope(SCHEMA, result.catalogue, result.as_of, result.currency)
    doc |= {
        "source": source_document(result.source),
        "assumptions": {
            "days_per_month": wl.days_per_month,
            "months_per_year": result.months_per_year,
            "price_unit": price_unit(result.currency),
            "ratio": "blended price / baseline's blended price (= ratio of monthly costs)",
            **_assumption_keys(result, breakdown),
        },
        "workload": workload_document(wl, description=True),
        "baseline": result.baseline,
        "baseline_rule": result.baseline_rule,
        "results": [_row_document(row, breakdown) for row in result.results],
        "unpriced": unpriced_document(result.unpriced),
    }
    return doc | decisions(result)


def decisions(result: Comparison) -> dict[str, object]:
    """``mixes`` and ``projection``, present only when asked for (the rest is unchanged)."""
    extra: dict[str, object] = {}
    if result.mixes:
        extra["mixes"] = [mix_document(m) for m in result.mixes]
    if result.projection is not None:
        extra["projection"] = projection.document(result.projection)
    return extra


def _row_document(row: ModelCost, breakdown: bool = False) -> dict[str, object]:
    return {
        "model": row.model,
        "name": row.name,
        "provider": row.provider,
        "input_price": row.price.input,
        "output_price": row.price.output,
        "blended_price": row.blended_price,
        "daily_cost": row.daily_cost,
        "monthly_cost": row.monthly_cost,
        "yearly_cost": row.yearly_cost,
        "ratio": row.ratio,
        "ratio_note": row.ratio_note,
        "price": {
            "source": row.price.source,
            "effective": row.price.effective,
            "note": row.price.note,
            "derived": row.price.derived,
            "host": row.price.host,
        },
        **_result_keys(row, breakdown),
    }


def _priced_by_parts(result: Comparison) -> bool:
    """True when some result was priced by dimension (a workload with pricing dimensions,
    a per-request fee, or --breakdown): only then are those keys and lines written, by
    render.dimensions, imported only then (startup time)."""
    return any(row.breakdown is not None for row in result.results)


def _assumption_keys(result: Comparison, breakdown: bool) -> dict[str, object]:
    if not _priced_by_parts(result):
        return {}
    return dimensions.compare_assumptions(result, breakdown)


def _result_keys(row: ModelCost, breakdown: bool) -> dict[str, object]:
    if row.breakdown is None:
        return {}
    return dimensions.compare_result_keys(row, breakdown)


def _dimension_notes(result: Comparison) -> list[str]:
    if not _priced_by_parts(result):
        return []
    return dimensions.compare_notes(result)


COLUMNS = (
    Column("Model"),
    Column("Provider"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right"),
    Column("Daily", "right"),
    Column("Monthly", "right", strong=True),
    Column("Yearly", "right"),
    Column("Ratio", "right"),
)


def grid(result: Comparison) -> Grid:
    """The table: one row per model, cheapest first, and a footer of assumptions."""
    wl = result.workload
    title = (
        f"Cost of workload '{wl.name}': {fmt.quantity(wl.tokens_per_day)} tokens/day, "
        f"{wl.split_label}"
    )
    rows = tuple(_row_cells(row) for row in result.results)
    return Grid(title, COLUMNS, rows, footer(result))


def _row_cells(row: ModelCost) -> tuple[str, ...]:
    mark = "*" if row.price.derived else ""
    return (
        row.model,
        row.provider_name,
        fmt.price(row.price.input) + mark,
        fmt.price(row.price.output) + mark,
        fmt.money(row.daily_cost),
        fmt.money(row.monthly_cost),
        fmt.money(row.yearly_cost),
        _ratio_cell(row),
    )


def _ratio_cell(row: ModelCost) -> str:
    if row.is_free:
        return "free"
    if row.ratio is None:
        return "n/a"
    return fmt.ratio(row.ratio)


def footer(result: Comparison) -> tuple[str, ...]:
    """The assumptions behind every figure, one sentence a line."""
    traffic = traffic_line(result.workload)
    lines = [
        workload_year_line(result.workload, result.months_per_year),
        *([traffic] if traffic else []),
        prices_line(result.source, result.currency, result.as_of),
        catalogue_line(result.catalogue),
    ]
    base = next((r for r in result.results if r.model == result.baseline), None)
    if base is None:
        lines.append("Ratio: n/a, every model is free for this split.")
    elif base.blended_price == 0:
        lines.append(f"Ratio: n/a, the baseline {base.model} is free (a ratio to it is undefined).")
    else:
        lines.append(f"Ratio: cost / cost on {result.baseline} (baseline: {result.baseline_rule}).")
    lines.extend(host_line(row.model, row.price.host) for row in result.results if row.price.host)
    lines.extend(
        f"* {row.model}: price derived: {row.price.derived}"
        for row in result.results
        if row.price.derived
    )
    lines.extend(_dimension_notes(result))
    lines.extend(f"Not priced: {u.reason}" for u in result.unpriced)
    return tuple(lines)


CSV_FIELDS = (
    "model",
    "provider",
    "source",
    "effective",
    "input_price",
    "output_price",
    "blended_price",
    "daily_cost",
    "monthly_cost",
    "yearly_cost",
    "ratio",
)


def csv(result: Comparison, breakdown: bool = False) -> Csv:
    """One row per model with exact values (no rounding); empty ratio when undefined.

    With ``breakdown``, the exact daily cost of each dimension and the flags follow.
    """
    return Csv(
        CSV_FIELDS + (dimensions.CSV_FIELDS if breakdown else ()),
        tuple(
            (
                row.model,
                row.provider,
                row.price.source,
                row.price.effective,
                row.price.input,
                row.price.output,
                row.blended_price,
                row.daily_cost,
                row.monthly_cost,
                row.yearly_cost,
                row.ratio,
                *(dimensions.csv_values(row.breakdown or Breakdown()) if breakdown else ()),
            )
            for row in result.results
        ),
    )


def grids(result: Comparison, breakdown: bool = False) -> tuple[Grid, ...]:
    """The table, its cost by pricing dimension (``breakdown``), then a table per mix and
    the projection, when there are any."""
    found = [grid(result)]
    if breakdown:
        found.append(dimensions.compare_grid(result))
    found += [
        mix_grid(m, result.workload, result.source, result.as_of, result.catalogue, result.baseline)
        for m in result.mixes
    ]
    if result.projection is not None:
        found.append(projection.grid(result))
    return tuple(found)


def charts(result: Comparison) -> tuple[BarChart | LineChart, ...]:
    """A bar of the monthly cost per model and mix, and the growth curve if projected."""
    from tokencost.render.chart import Bar, BarChart

    wl = result.workload
    bars = [Bar(row.model, row.monthly_cost, fmt.money(row.monthly_cost)) for row in result.results]
    bars += [Bar(m.name, m.monthly_cost, fmt.money(m.monthly_cost)) for m in result.mixes]
    title = (
        f"Monthly cost, workload '{wl.name}': {fmt.quantity(wl.tokens_per_day)} tokens/day, "
        f"{wl.split_label}"
    )
    found: list[BarChart | LineChart] = [
        BarChart(
            title, tuple(bars), (compact_line(wl, result.source, result.as_of, result.catalogue),)
        )
    ]
    if result.projection is not None:
        found.append(projection.chart(result))
    return tuple(found)


# -- traffic mixes (--mix, [[mix]]) ---------------------------------------------------


def mix_document(mix: MixCost) -> dict[str, object]:
    """A mix as JSON: totals, premium, saving and parts (exact values)."""
    return {
        "name": mix.name,
        "blended_price": mix.blended_price,
        "daily_cost": mix.daily_cost,
        "monthly_cost": mix.monthly_cost,
        "yearly_cost": mix.yearly_cost,
        "ratio": mix.ratio,
        "ratio_note": mix.ratio_note,
        "premium": {
            "model": mix.premium,
            "rule": mix.premium_rule,
            "daily_cost": mix.premium_daily_cost,
            "monthly_cost": mix.premium_monthly_cost,
            "yearly_cost": mix.premium_yearly_cost,
        },
        "saving": {
            "daily": mix.saving_daily,
            "monthly": mix.saving_monthly,
            "yearly": mix.saving_yearly,
            "share": mix.saving_share,
        },
        "parts": [_part_document(part) for part in mix.parts],
    }


def _part_document(part: PartCost) -> dict[str, object]:
    return {
        "model": part.model,
        "name": part.name,
        "provider": part.provider,
        "share": part.share,
        "tokens_per_day": part.tokens_per_day,
        "input_tokens_per_day": part.input_tokens_per_day,
        "output_tokens_per_day": part.output_tokens_per_day,
        "split": part.split_label,
        "input_price": part.price.input,
        "output_price": part.price.output,
        "blended_price": part.blended_price,
        "daily_cost": part.daily_cost,
        "monthly_cost": part.monthly_cost,
        "yearly_cost": part.yearly_cost,
        "price": {
            "source": part.price.source,
            "effective": part.price.effective,
            "note": part.price.note,
            "derived": part.price.derived,
        },
    }


MIX_COLUMNS = (
    Column("Part"),
    Column("Share", "right"),
    Column("Tokens/day", "right"),
    Column("Split", "right"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right"),
    Column("Daily", "right"),
    Column("Monthly", "right", strong=True),
    Column("Yearly", "right"),
)


def mix_grid(
    mix: MixCost,
    workload: Workload,
    source: SourceInfo,
    as_of: date,
    catalogue: CatalogueInfo,
    baseline: str | None,
) -> Grid:
    """One mix: a row per part, the mix's total, all on the premium model, the saving."""
    rows = [_part_cells(part) for part in mix.parts]
    rows.append(
        (
            "Mix",
            "100%",
            fmt.tokens(workload.tokens_per_day),
            "",
            "",
            "",
            fmt.money(mix.daily_cost),
            fmt.money(mix.monthly_cost),
            fmt.money(mix.yearly_cost),
        )
    )
    rows.append(_total_cells(f"All on {mix.premium}", mix, premium=True))
    rows.append(_total_cells("Saving", mix, premium=False))
    title = (
        f"Mix '{mix.name}' of workload '{workload.name}': "
        f"{fmt.quantity(workload.tokens_per_day)} tokens/day"
    )
    saved = "" if mix.saving_share is None else f" = {fmt.share(mix.saving_share)}"
    footer = [
        f"Premium: {mix.premium} ({mix.premium_rule}). Saving: all traffic on it, each part "
        f"keeping its split, less the mix's cost{saved}.",
        _ratio_line(mix, baseline),
        compact_line(workload, source, as_of, catalogue),
    ]
    return Grid(title, MIX_COLUMNS, tuple(rows), tuple(footer))


def _part_cells(part: PartCost) -> tuple[str, ...]:
    mark = "*" if part.price.derived else ""
    return (
        part.model,
        fmt.share(part.share),
        fmt.tokens(part.tokens_per_day),
        part.split_label,
        fmt.price(part.price.input) + mark,
        fmt.price(part.price.output) + mark,
        fmt.money(part.daily_cost),
        fmt.money(part.monthly_cost),
        fmt.money(part.yearly_cost),
    )


def _total_cells(label: str, mix: MixCost, *, premium: bool) -> tuple[str, ...]:
    daily, monthly, yearly = (
        (mix.premium_daily_cost, mix.premium_monthly_cost, mix.premium_yearly_cost)
        if premium
        else (mix.saving_daily, mix.saving_monthly, mix.saving_yearly)
    )
    return (label, "", "", "", "", "", fmt.money(daily), fmt.money(monthly), fmt.money(yearly))


def _ratio_line(mix: MixCost, baseline: str | None) -> str:
    blended = fmt.unit_price(mix.blended_price)
    if mix.ratio is None:
        return f"Ratio: n/a ({mix.ratio_note}); 1M tokens of the mix's traffic cost {blended}."
    return (
        f"Ratio: the mix costs {fmt.ratio(mix.ratio)} as much as {baseline}; 1M tokens of its "
        f"traffic cost {blended}."
    )


class CompareView(View):
    """``compare``'s result; ``breakdown`` adds the cost by pricing dimension."""

    def __init__(self, result: Comparison, breakdown: bool = False) -> None:
        self.result, self.breakdown = result, breakdown
        self.name = f"tokencost compare: {result.workload.name}"

    def document(self) -> dict[str, object]:
        return document(self.result, self.breakdown)

    def grids(self) -> tuple[Grid, ...]:
        return grids(self.result, self.breakdown)

    def csv(self) -> Csv:
        return csv(self.result, self.breakdown)

    def charts(self) -> tuple[BarChart | LineChart, ...]:
        return charts(self.result)

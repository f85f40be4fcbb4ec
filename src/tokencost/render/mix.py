"""Mixes (traffic routed by share): JSON parts of a document, and a Grid per mix."""

from __future__ import annotations

from datetime import date

from tokencost.engine import CatalogueInfo, SourceInfo
from tokencost.engine.results import MixCost, PartCost
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.notes import compact_line
from tokencost.workload import Workload


def document(mix: MixCost) -> dict[str, object]:
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


COLUMNS = (
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


def grid(
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
    return Grid(title, COLUMNS, tuple(rows), tuple(footer))


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

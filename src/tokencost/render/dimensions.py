"""The pricing dimensions of a Comparison: footer sentences, JSON keys, the breakdown table.

``compare`` shows the tier and the flags of every result in its footer (and the
workload's traffic, :func:`tokencost.render.notes.traffic_line`);
``compare --breakdown`` adds a second table, the monthly cost of each model by
dimension, and the exact daily parts in JSON and CSV. The parts come from the engine
(``ModelCost.breakdown`` a day, ``monthly_breakdown`` a month); this module only
formats them.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from tokencost.engine import Comparison, ModelCost
from tokencost.engine.results import PARTS, Breakdown
from tokencost.quantities import CONTEXT
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid

SUBTRACTED = ("batch_savings", "off_peak_savings")
HEADERS = {
    "input": "Input",
    "cached_input": "Cached",
    "cache_writes": "Writes",
    "output": "Output",
    "reasoning": "Reasoning",
    "requests": "Requests",
    "batch_savings": "Batch",
    "off_peak_savings": "Off-peak",
}
ALWAYS = ("input", "output")
RULE = (
    "total = input + cached_input + cache_writes + output + reasoning + requests "
    "- batch_savings - off_peak_savings"
)


def _parts(row: ModelCost, monthly: bool = False) -> Breakdown:
    found = row.monthly_breakdown if monthly else row.breakdown
    return found if found is not None else Breakdown()


# -- footer of the compare table ----------------------------------------------------------


def notes(result: Comparison) -> list[str]:
    """The tier each model was billed at, and each model's flags, one line a model."""
    lines: list[str] = []
    for row in result.results:
        tier = _parts(row).tier
        if tier is not None:
            lines.append(
                f"Tier: {row.model} prompts are over {tier.above:,} input tokens: whole "
                f"requests billed at {fmt.price(tier.input)} input / {fmt.price(tier.output)} "
                "output per 1M."
            )
    lines.extend(
        f"Flag: {row.model}: {'; '.join(row.flags)}." for row in result.results if row.flags
    )
    return lines


# -- JSON -------------------------------------------------------------------------------


def result_keys(row: ModelCost, breakdown: bool) -> dict[str, object]:
    """``flags`` (when there are any, or with --breakdown) and ``breakdown`` (when asked)."""
    keys: dict[str, object] = {}
    if row.flags or breakdown:
        keys["flags"] = list(row.flags)
    if breakdown:
        parts = _parts(row)
        tier = parts.tier
        keys["breakdown"] = {
            "per": "day",
            **parts.parts(),
            "total": row.daily_cost,
            "effective_price": row.blended_price,
            "tier": None
            if tier is None
            else {
                "above": tier.above,
                "input": tier.input,
                "output": tier.output,
                "cache_read": tier.cache_read,
                "cache_write": tier.cache_write,
            },
        }
    return keys


def assumption_keys(result: Comparison, breakdown: bool) -> dict[str, object]:
    """How the parts add up and the tier rule, when they matter to the document."""
    if not (breakdown or result.workload.has_traffic):
        return {}
    return {
        "breakdown": f"USD per day; {RULE}; savings > 0 lower the cost",
        "tier_rule": "a request whose prompt (input tokens, cached included) is strictly more "
        "than a tier's threshold is billed entirely at that tier's prices; every request is "
        "taken to have the average prompt (input tokens / requests)",
    }


# -- CSV --------------------------------------------------------------------------------

CSV_FIELDS = (*(f"{name}_cost" if name not in SUBTRACTED else name for name in PARTS), "flags")


def csv_values(row: ModelCost) -> tuple[object, ...]:
    """The exact daily parts and the flags (joined by ``; ``), after the usual columns."""
    return (*_parts(row).parts().values(), "; ".join(row.flags))


# -- the breakdown table ------------------------------------------------------------------


def grid(result: Comparison) -> Grid:
    """Monthly cost by dimension, one row per model; dimensions zero for every model are
    left out (the JSON has them all)."""
    days = result.workload.days_per_month
    monthly = {row.model: _parts(row, monthly=True) for row in result.results}
    shown = [
        name
        for name in PARTS
        if name in ALWAYS or any(getattr(m, name) != 0 for m in monthly.values())
    ]
    columns = (
        Column("Model"),
        *(Column(HEADERS[name], "right") for name in shown),
        Column("Monthly", "right", strong=True),
        Column("$/1M", "right"),
    )
    rows = tuple(
        (
            row.model,
            *(_cell(name, getattr(monthly[row.model], name)) for name in shown),
            fmt.money(row.monthly_cost),
            fmt.money(row.blended_price),
        )
        for row in result.results
    )
    left_out = [
        name.replace("_", " ").replace("off peak", "off-peak")
        for name in PARTS
        if name not in shown
    ]
    footer = [
        f"Monthly {result.currency} by dimension (a day's parts x "
        f"{fmt.quantity(days)} days), rounded to the cent: Input + Cached + Writes + Output "
        "+ Reasoning + Requests, less what the Batch and Off-peak traffic saves, is "
        "Monthly; --json has the exact daily parts.",
        "Input: uncached input tokens; Cached: cache reads and Writes: cache writes, both "
        "part of the input tokens; Reasoning: part of the output; $/1M: the effective "
        "price of 1M tokens.",
    ]
    if left_out:
        footer.append(f"Left out, zero for every model: {', '.join(left_out)}.")
    title = f"Monthly cost by dimension: workload '{result.workload.name}'"
    return Grid(title, columns, rows, tuple(footer))


def _cell(name: str, value: Decimal) -> str:
    """Savings are shown subtracted: ``-$12.50``."""
    if name in SUBTRACTED and value:
        with localcontext(CONTEXT):
            return fmt.money(-value)
    return fmt.money(value)

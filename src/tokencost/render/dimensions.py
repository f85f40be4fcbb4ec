"""The pricing dimensions for people and scripts: footer sentences, JSON keys, CSV
columns and the ``--breakdown`` tables.

- a workload's :class:`~tokencost.workload.traffic.Traffic`: the ``Traffic: ...``
  sentence of a table footer and the ``traffic`` object of a JSON document;
- ``compare``: the tier and the flags of every result in its footer;
  ``compare --breakdown`` adds a second table, the monthly cost of each model by
  dimension, and the exact daily parts in JSON and CSV (``ModelCost.breakdown`` a day,
  ``monthly_breakdown`` a month);
- ``replay``: the same for the actual traffic and each candidate (each record priced on
  its own, :class:`~tokencost.replay.results.Priced`).

The parts come from the engine (:class:`~tokencost.engine.results.Breakdown`); this
module only formats them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING

from tokencost import hours
from tokencost.engine.results import PARTS, Breakdown, Comparison, ModelCost
from tokencost.quantities import CONTEXT, plain_percent
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid

if TYPE_CHECKING:
    from tokencost.replay.results import Group, Priced, Replay
    from tokencost.workload.traffic import Traffic

SUBTRACTED = ("batch_savings", "off_peak_savings")
HEADERS = {
    "input": "Input",
    "cache_read": "Cached",
    "cache_write": "Writes",
    "output": "Output",
    "reasoning": "Reasoning",
    "requests": "Requests",
    "batch_savings": "Batch",
    "off_peak_savings": "Off-peak",
}
ALWAYS = ("input", "output")
RULE = (
    "total = input + cache_read + cache_write + output + reasoning + requests "
    "- batch_savings - off_peak_savings"
)


DEPRECATED_PARTS = {"cached_input": "cache_read", "cache_writes": "cache_write"}
"""The former JSON names of two parts (docs/glossary.md), still written after the
parts with the same values so that scripts reading them keep working."""


def part_keys(parts: Breakdown) -> dict[str, object]:
    """A breakdown's parts by name for JSON, then the parts' deprecated names."""
    values = parts.parts()
    return {**values, **{old: values[new] for old, new in DEPRECATED_PARTS.items()}}


# -- a workload's pricing dimensions ---------------------------------------------------


def traffic_sentence(traffic: Traffic, input_tokens: Decimal) -> str:
    """One sentence for a table footer: ``Traffic: 60% of input tokens from cache, ...``."""
    parts: list[str] = []
    if traffic.cache_read_share or traffic.cache_write_share:
        cache = [f"{plain_percent(traffic.cache_read_share)} of input tokens read from cache"]
        if traffic.cache_write_share:
            lifetime = " (long-lived)" if traffic.cache_write_long else ""
            cache.append(f"{plain_percent(traffic.cache_write_share)} written to it{lifetime}")
        parts.append(", ".join(cache))
    if traffic.reasoning_share:
        parts.append(f"{plain_percent(traffic.reasoning_share)} of output tokens are reasoning")
    if traffic.batch_share:
        parts.append(f"{plain_percent(traffic.batch_share)} of traffic by batch")
    if traffic.off_peak_share or traffic.off_peak_hours:
        where = (
            f"in {hours.span_label(traffic.off_peak_hours)} UTC"
            if traffic.off_peak_hours
            else "in each model's off-peak hours"
        )
        parts.append(f"{plain_percent(traffic.off_peak_share)} of traffic {where}")
    requests, prompt = traffic.requests(input_tokens), traffic.prompt(input_tokens)
    if requests is not None and prompt is not None:
        parts.append(f"{_count(requests)} requests/day of {_count(prompt)} input tokens each")
    return "Traffic: " + "; ".join(parts) + "." if parts else ""


def traffic_document(traffic: Traffic) -> dict[str, object]:
    """The dimensions as JSON values (exact shares, hours as ``HH:MM-HH:MM``)."""
    span = traffic.off_peak_hours
    return {
        "cache_read_share": traffic.cache_read_share,
        "cache_write_share": traffic.cache_write_share,
        "cache_write_long": traffic.cache_write_long,
        "reasoning_share": traffic.reasoning_share,
        "batch_share": traffic.batch_share,
        "off_peak_share": traffic.off_peak_share,
        "off_peak_hours": hours.span_label(span) if span else None,
        "requests_per_day": traffic.requests_per_day,
        "prompt_tokens": traffic.prompt_tokens,
        # deprecated names, kept for scripts that read them (docs/glossary.md)
        "cache_hit_share": traffic.cache_read_share,
        "long_cache_writes": traffic.cache_write_long,
    }


def _count(value: Decimal) -> str:
    """``2,000``; a count that is not whole to two decimals: ``333.33``."""
    whole = value == value.to_integral_value()
    step = Decimal(1) if whole else Decimal("0.01")
    return f"{value.quantize(step, rounding=ROUND_HALF_UP):,}"


# -- compare: footer of the table ------------------------------------------------------


def _parts(row: ModelCost, monthly: bool = False) -> Breakdown:
    found = row.monthly_breakdown if monthly else row.breakdown
    return found if found is not None else Breakdown()


def compare_notes(result: Comparison) -> list[str]:
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


# -- compare: JSON ---------------------------------------------------------------------


def compare_result_keys(row: ModelCost, breakdown: bool) -> dict[str, object]:
    """``flags`` (when there are any, or with --breakdown) and ``breakdown`` (when asked)."""
    keys: dict[str, object] = {}
    if row.flags or breakdown:
        keys["flags"] = list(row.flags)
    if breakdown:
        parts = _parts(row)
        tier = parts.tier
        keys["breakdown"] = {
            "per": "day",
            **part_keys(parts),
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


def compare_assumptions(result: Comparison, breakdown: bool) -> dict[str, object]:
    """How the parts add up and the tier rule, when they matter to the document."""
    if not (breakdown or result.workload.has_traffic):
        return {}
    return {
        "breakdown": f"USD per day; {RULE}; savings > 0 lower the cost",
        "tier_rule": "a request whose prompt (input tokens, cached included) is strictly more "
        "than a tier's threshold is billed entirely at that tier's prices; every request is "
        "taken to have the average prompt (input tokens / requests)",
    }


# -- compare: CSV ----------------------------------------------------------------------

CSV_FIELDS = (*(f"{name}_cost" if name not in SUBTRACTED else name for name in PARTS), "flags")


def csv_values(parts: Breakdown) -> tuple[object, ...]:
    """The exact parts and the flags (joined by ``; ``), after the usual columns."""
    return (*parts.parts().values(), "; ".join(parts.flags))


# -- compare: the breakdown table ------------------------------------------------------


def compare_grid(result: Comparison) -> Grid:
    """Monthly cost by dimension, one row per model; dimensions zero for every model are
    left out (the JSON has them all)."""
    days = result.workload.days_per_month
    monthly = {row.model: _parts(row, monthly=True) for row in result.results}
    shown, left_out = _shown(monthly.values())
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


def _shown(breakdowns: Iterable[Breakdown]) -> tuple[list[str], list[str]]:
    """The parts a breakdown table shows (input, output, and those not zero in every
    row), and those it leaves out, in words (``off-peak savings``)."""
    rows = list(breakdowns)
    shown = [n for n in PARTS if n in ALWAYS or any(getattr(b, n) != 0 for b in rows)]
    words = [n.replace("_", " ").replace("off peak", "off-peak") for n in PARTS if n not in shown]
    return shown, words


def _cell(name: str, value: Decimal) -> str:
    """Savings are shown subtracted: ``-$12.50``."""
    if name in SUBTRACTED and value:
        with localcontext(CONTEXT):
            return fmt.money(-value)
    return fmt.money(value)


# -- replay: JSON ----------------------------------------------------------------------


def replay_assumptions() -> dict[str, object]:
    """How each dimension is billed: added to the document's assumptions."""
    return {
        "breakdown": f"USD; {RULE}; savings > 0 lower the cost",
        "requests": "each record is one request, a row of many requests (a usage API bucket) "
        "as many as it counts (per-request fees are per 1,000 requests)",
        "tier_rule": "a record whose prompt (input tokens, cached and cache-write tokens "
        "included) is strictly more than a tier's threshold is billed entirely at that "
        "tier's prices, each record on its own prompt",
        "off_peak_rule": "a record is in an off-peak window by its moment in UTC (an "
        "ISO 8601 offset is converted; a time without one is UTC), read on the window's "
        "clock (its time zone and days of the week, if it has them); a record without a "
        "time of day is billed at the standard price",
        "batch_rule": 'records marked batch ("batch": true, a CSV batch column, or a line '
        "of a batch results file) are billed at the entry's batch prices",
    }


def replay_breakdown(parts: Breakdown) -> dict[str, object]:
    """Exact parts and their total."""
    return {**part_keys(parts), "total": parts.total}


def replay_row_keys(row: Priced) -> dict[str, object]:
    """What a priced row (an actual model or a candidate) adds to the document."""
    return {
        "breakdown": replay_breakdown(row.breakdown),
        "flags": list(row.flags),
        "tiers": [
            {"above": tier.above, "input": tier.input, "output": tier.output, "records": n}
            for tier, n in row.tiers
        ],
        "off_peak_records": row.off_peak_records,
        "untimed_records": row.untimed_records,
    }


def replay_group_keys(result: Replay, group: Group) -> dict[str, object]:
    """A group's actual cost and each candidate's by dimension (``--breakdown``)."""
    return {
        "actual_breakdown": replay_breakdown(group.actual_breakdown),
        "candidate_breakdowns": {
            c.model: replay_breakdown(parts)
            for c, parts in zip(result.candidates, group.candidate_breakdowns, strict=True)
        },
    }


# -- replay: footer of the table -------------------------------------------------------


def replay_traffic_line(result: Replay) -> str:
    """``Traffic priced: ... tokens.``, with 1-hour writes and batch records when any."""
    t = result.traffic
    long = f" ({t.cache_write_long:,} of them 1-hour)" if t.cache_write_long else ""
    batch = (
        f"; {fmt.plural(result.batch_records, 'record')} by batch" if result.batch_records else ""
    )
    return (
        f"Traffic priced: {t.input:,} input, {t.cache_read:,} cache read, "
        f"{t.cache_write:,} cache write{long}, {t.output:,} output and {t.reasoning:,} "
        f"reasoning tokens{batch}."
    )


def replay_footer_lines(result: Replay) -> list[str]:
    """Tiers, off-peak windows and flags, one line per model (models with the same flags
    share one): the candidates' rows, which price all the traffic, then the recorded
    models that are not candidates."""
    rows: dict[str, Priced] = {row.model: row for row in result.candidates}
    rows |= {row.model: row for row in result.actual if row.model not in rows}
    lines: list[str] = []
    for row in rows.values():
        for tier, count in row.tiers:
            lines.append(
                f"Tier: {row.model}: {fmt.plural(count, 'record')} over {tier.above:,} input "
                f"tokens, billed whole at {fmt.price(tier.input)} input / {fmt.price(tier.output)} "
                "output per 1M."
            )
    lines.extend(
        f"Off-peak: {row.model}: {fmt.plural(row.off_peak_records, 'record')} in its "
        "off-peak windows."
        for row in rows.values()
        if row.off_peak_records
    )
    same: dict[tuple[str, ...], list[str]] = {}  # models with the same flags share a line
    for row in rows.values():
        if row.flags:
            same.setdefault(row.flags, []).append(row.model)
    lines.extend(
        f"Flag: {', '.join(models)}: {'; '.join(flags)}." for flags, models in same.items()
    )
    return lines


# -- replay: the breakdown table -------------------------------------------------------


def replay_grid(result: Replay) -> Grid:
    """The actual cost and each candidate's by dimension; dimensions zero in every row
    are left out (the JSON has them all)."""
    priced: list[tuple[str, Breakdown]] = [("actual (as logged)", result.actual_breakdown)]
    priced.extend((c.model, c.breakdown) for c in result.candidates)
    shown, left_out = _shown(parts for _, parts in priced)
    columns = (
        Column("Priced as"),
        *(Column(HEADERS[name], "right") for name in shown),
        Column("Cost", "right", strong=True),
    )
    rows = tuple(
        (label, *(_cell(name, getattr(parts, name)) for name in shown), fmt.money(parts.total))
        for label, parts in priced
    )
    footer = [
        f"{result.currency} by dimension, rounded to the cent: Input + Cached + Writes + "
        "Output + Reasoning + Requests, less what the Batch and Off-peak traffic saves, is "
        "Cost; --json has the exact parts.",
        "Input: uncached input tokens; Cached: cache reads and Writes: cache writes, both "
        "part of the input tokens; Reasoning: part of the output; Requests: the fee per "
        "request, each record one request.",
    ]
    if left_out:
        footer.append(f"Left out, zero in every row: {', '.join(left_out)}.")
    return Grid(f"Cost by dimension: {', '.join(result.inputs)}", columns, rows, tuple(footer))

"""The pricing dimensions of a Replay: footer sentences, JSON keys, CSV columns and the
``--breakdown`` table (cost of the actual traffic and of each candidate by dimension).

The parts come from the engine's rules (:class:`~tokencost.engine.dimensions.Breakdown`
per priced row); this module only formats them.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from tokencost.engine.results import PARTS, Breakdown
from tokencost.quantities import CONTEXT, plain
from tokencost.render import formatting as fmt
from tokencost.render.dimensions import ALWAYS, CSV_FIELDS, HEADERS, RULE, SUBTRACTED
from tokencost.render.grid import Column, Grid
from tokencost.replay.bill import records_phrase as records
from tokencost.replay.results import Group, Priced, Replay

__all__ = [
    "CSV_FIELDS",
    "assumptions",
    "breakdown_doc",
    "csv_values",
    "footer_lines",
    "grid",
    "group_keys",
    "records",
    "row_keys",
    "traffic_line",
]


# -- JSON -------------------------------------------------------------------------------


def assumptions() -> dict[str, object]:
    """How each dimension is billed: added to the document's assumptions."""
    return {
        "breakdown": f"USD; {RULE}; savings > 0 lower the cost",
        "requests": "each record is one request (per-request fees are per 1,000 records)",
        "tier_rule": "a record whose prompt (input tokens, cached and cache-write tokens "
        "included) is strictly more than a tier's threshold is billed entirely at that "
        "tier's prices, each record on its own prompt",
        "off_peak_rule": "a record is in an off-peak window by its time of day in UTC (an "
        "ISO 8601 offset is converted; a time without one is UTC); a record without a "
        "time of day is billed at the standard price",
        "batch_rule": 'records marked batch ("batch": true, a CSV batch column, or a line '
        "of a batch results file) are billed at the entry's batch prices",
    }


def breakdown_doc(parts: Breakdown) -> dict[str, object]:
    """Exact parts and their total."""
    return {**parts.parts(), "total": parts.total}


def row_keys(row: Priced) -> dict[str, object]:
    """What a priced row (an actual model or a candidate) adds to the document."""
    return {
        "breakdown": breakdown_doc(row.breakdown),
        "flags": list(row.flags),
        "tiers": [
            {"above": tier.above, "input": tier.input, "output": tier.output, "records": n}
            for tier, n in row.tiers
        ],
        "off_peak_records": row.off_peak_records,
        "untimed_records": row.untimed_records,
    }


def group_keys(result: Replay, group: Group) -> dict[str, object]:
    """A group's actual cost and each candidate's by dimension (``--breakdown``)."""
    return {
        "actual_breakdown": breakdown_doc(group.actual_breakdown),
        "candidate_breakdowns": {
            c.model: breakdown_doc(parts)
            for c, parts in zip(result.candidates, group.candidate_breakdowns, strict=True)
        },
    }


def csv_values(parts: Breakdown) -> tuple[object, ...]:
    """The exact parts and the flags (joined by ``; ``)."""
    return (*(plain(value) for value in parts.parts().values()), "; ".join(parts.flags))


# -- footer of the replay table -----------------------------------------------------------


def traffic_line(result: Replay) -> str:
    """``Traffic priced: ... tokens.``, with 1-hour writes and batch records when any."""
    t = result.traffic
    long = f" ({t.cache_write_long:,} of them 1-hour)" if t.cache_write_long else ""
    batch = f"; {records(result.batch_records)} by batch" if result.batch_records else ""
    return (
        f"Traffic priced: {t.input:,} input, {t.cache_read:,} cache read, "
        f"{t.cache_write:,} cache write{long}, {t.output:,} output and {t.reasoning:,} "
        f"reasoning tokens{batch}."
    )


def footer_lines(result: Replay) -> list[str]:
    """Tiers, off-peak windows and flags, one line per model (models with the same flags
    share one): the candidates' rows, which price all the traffic, then the recorded
    models that are not candidates."""
    rows: dict[str, Priced] = {row.model: row for row in result.candidates}
    rows |= {row.model: row for row in result.actual if row.model not in rows}
    lines: list[str] = []
    for row in rows.values():
        for tier, count in row.tiers:
            lines.append(
                f"Tier: {row.model}: {records(count)} over {tier.above:,} input tokens, "
                f"billed whole at {fmt.price(tier.input)} input / {fmt.price(tier.output)} "
                "output per 1M."
            )
    lines.extend(
        f"Off-peak: {row.model}: {records(row.off_peak_records)} in its off-peak windows."
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


# -- the breakdown table ------------------------------------------------------------------


def grid(result: Replay) -> Grid:
    """The actual cost and each candidate's by dimension; dimensions zero in every row
    are left out (the JSON has them all)."""
    priced: list[tuple[str, Breakdown]] = [("actual (as logged)", result.actual_breakdown)]
    priced.extend((c.model, c.breakdown) for c in result.candidates)
    shown = [
        name
        for name in PARTS
        if name in ALWAYS or any(getattr(parts, name) != 0 for _, parts in priced)
    ]
    columns = (
        Column("Priced as"),
        *(Column(HEADERS[name], "right") for name in shown),
        Column("Cost", "right", strong=True),
    )
    rows = tuple(
        (label, *(_cell(name, getattr(parts, name)) for name in shown), fmt.money(parts.total))
        for label, parts in priced
    )
    left_out = [
        name.replace("_", " ").replace("off peak", "off-peak")
        for name in PARTS
        if name not in shown
    ]
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


def _cell(name: str, value: Decimal) -> str:
    """Savings are shown subtracted: ``-$12.50``."""
    if name in SUBTRACTED and value:
        with localcontext(CONTEXT):
            return fmt.money(-value)
    return fmt.money(value)

"""A Replay as a JSON document, a Grid (table / markdown) and CSV.

The pricing dimensions (cost by dimension, flags, tiers, windows, the breakdown
table) are drawn by :mod:`tokencost.render.dimensions`.
"""

from __future__ import annotations

from tokencost.render import dimensions
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.view import Csv, View
from tokencost.replay.formats import FORMATS
from tokencost.replay.results import Group, Priced, Replay, Tokens

SCHEMA = "tokencost.replay/1"
RECORD_DAY = (
    "a record's day is the date written in its timestamp (first 10 characters of ISO "
    "8601 text) or the UTC date of a Unix time"
)


def document(result: Replay, breakdown: bool = False) -> dict[str, object]:
    """The JSON document (schema ``tokencost.replay/1``); ``breakdown`` adds each
    group's cost by dimension."""
    doc = envelope(SCHEMA, result.catalogue, result.as_of, result.currency)
    doc |= {
        "source": {"id": result.source.id, "title": result.source.title},
        "assumptions": {
            "price_unit": f"{result.currency} per 1,000,000 tokens",
            "prices": "each record at the price in effect on its own day",
            "record_day": RECORD_DAY,
            "undated_records": f"priced at as_of ({result.as_of.isoformat()})",
            "ratio": "candidate cost / actual cost of the same traffic",
            "notes": list(result.notes),
            **dimensions.replay_assumptions(),
        },
        "inputs": list(result.inputs),
        "read_as": [{"format": name, "files": count} for name, count in result.formats],
        "accounting": {
            "records_read": result.records_read,
            "lines_read": result.records_read,
            "records_priced": result.records_priced,
            "records_skipped": result.records_skipped,
            "records_without_usage": result.without_usage,
            "duplicates": result.duplicates,
            "records_outside_period": result.outside_period,
            "skipped": [
                {"reason": s.reason, "count": s.count, "first_lines": list(s.lines)}
                for s in result.skipped
            ],
        },
        "traffic_notes": [
            {"note": n.note, "records": n.records, "amount": n.amount} for n in result.traffic_notes
        ],
        "period": {
            "first_day": result.first_day,
            "last_day": result.last_day,
            "undated_records": result.undated_records,
        },
        "traffic": _tokens(result.traffic)
        | {
            "batch_records": result.batch_records,
            "aggregated_rows": result.aggregated_rows,
            "requests": result.traffic.requests,
        },
        "actual": {
            "cost": result.actual_cost,
            "models": [_priced(p) for p in result.actual],
            "breakdown": dimensions.replay_breakdown(result.actual_breakdown),
        },
        "candidates": [_priced(p, ratio=True) for p in result.candidates],
        "unpriced_candidates": [
            {"model": u.model, "reason": u.reason} for u in result.unpriced_candidates
        ],
        "unpriced_traffic": [
            {"model": u.model, "reason": u.reason, "detail": u.detail, **_tokens(u.tokens)}
            for u in result.unpriced_traffic
        ],
        "by": result.by,
        "groups": [
            {
                "key": g.key,
                **_tokens(g.tokens),
                "actual_cost": g.actual,
                "candidates": {
                    c.model: cost for c, cost in zip(result.candidates, g.candidates, strict=True)
                },
                **(dimensions.replay_group_keys(result, g) if breakdown else {}),
            }
            for g in result.groups
        ],
    }
    return doc


def _tokens(tokens: Tokens) -> dict[str, object]:
    return {
        "records": tokens.records,
        "input_tokens": tokens.input,
        "cache_read_tokens": tokens.cache_read,
        "cache_write_tokens": tokens.cache_write,
        "output_tokens": tokens.output,
        "reasoning_tokens": tokens.reasoning,
        "cache_write_long_tokens": tokens.cache_write_long,
    }


def _priced(row: Priced, *, ratio: bool = False) -> dict[str, object]:
    doc: dict[str, object] = {"model": row.model, "name": row.name, "provider": row.provider}
    if not ratio:
        doc |= _tokens(row.tokens)
    doc["cost"] = row.cost
    if ratio:
        doc |= {"ratio": row.ratio, "ratio_note": row.ratio_note}
    doc["prices"] = [
        {
            "source": p.source,
            "effective": p.effective,
            "input": p.input,
            "output": p.output,
            "derived": p.derived,
        }
        for p in row.prices
    ]
    return doc | dimensions.replay_row_keys(row)


def grids(result: Replay, breakdown: bool = False) -> tuple[Grid, ...]:
    """The summary table (one row per group with ``--by``), then with ``breakdown`` the
    cost of each row by dimension."""
    found = grid(result)
    return (found, dimensions.replay_grid(result)) if breakdown else (found,)


def grid(result: Replay) -> Grid:
    """The summary table, or one row per group with ``--by``."""
    if result.by is not None:
        return _group_grid(result)
    rows = [
        (
            "actual (as logged)",
            "",
            fmt.money(result.actual_cost),
            "1x" if result.actual_cost else "n/a",
        )
    ]
    rows.extend((c.model, c.provider_name, fmt.money(c.cost), _ratio(c)) for c in result.candidates)
    columns = (
        Column("Priced as"),
        Column("Provider"),
        Column("Cost", "right", strong=True),
        Column("vs actual", "right"),
    )
    return Grid(_title(result), columns, tuple(rows), footer(result))


def _group_grid(result: Replay) -> Grid:
    columns = [
        Column(str(result.by).capitalize()),
        Column("Records", "right"),
        Column("Tokens", "right"),
        Column("Actual", "right", strong=True),
        *(Column(c.model, "right") for c in result.candidates),
    ]
    rows = [
        (
            g.key,
            f"{g.tokens.records:,}",
            f"{g.tokens.total:,}",
            fmt.money(g.actual),
            *(fmt.money(cost) for cost in g.candidates),
        )
        for g in result.groups
    ]
    rows.append(
        (
            "total",
            f"{result.traffic.records:,}",
            f"{result.traffic.total:,}",
            fmt.money(result.actual_cost),
            *(fmt.money(c.cost) for c in result.candidates),
        )
    )
    rows.append(
        (
            "vs actual",
            "",
            "",
            "1x" if result.actual_cost else "n/a",
            *(_ratio(c) for c in result.candidates),
        )
    )
    return Grid(_title(result), tuple(columns), tuple(rows), footer(result))


def _title(result: Replay) -> str:
    names = ", ".join(result.inputs)
    period = ""
    if result.first_day is not None and result.last_day is not None:
        period = f", {result.first_day.isoformat()} to {result.last_day.isoformat()}"
    return (
        f"Replay of {names}: {result.records_priced:,} records priced{period}; "
        f"actual cost {fmt.money(result.actual_cost)}"
    )


def _ratio(row: Priced) -> str:
    if row.ratio is None:
        return "n/a"
    return "free" if row.cost == 0 else fmt.ratio(row.ratio)


def accounting_line(result: Replay) -> str:
    """``Records read: 8 = 5 priced + 3 skipped.``, with the other kinds when any."""
    others = [
        (result.without_usage, "without usage"),
        (result.duplicates, "duplicate" if result.duplicates == 1 else "duplicates"),
        (result.outside_period, "outside --since/--until"),
    ]
    return (
        f"Records read: {result.records_read:,} = {result.records_priced:,} priced + "
        f"{result.records_skipped:,} skipped"
        + "".join(f" + {count:,} {what}" for count, what in others if count)
        + "."
    )


def read_lines(result: Replay) -> list[str]:
    """``Read as:`` the formats of inputs not in tokencost's own shapes, and the notes
    their formats state."""
    lines = []
    shown = [(name, n) for name, n in result.formats if name != "records"]
    if shown:
        lines.append(
            "Read as: "
            + "; ".join(
                f"{FORMATS[name].title if name in FORMATS else name} ({fmt.plural(n, 'file')})"
                for name, n in shown
            )
            + "."
        )
    if result.aggregated_rows:
        lines.append(
            f"Aggregated: {result.aggregated_rows:,} of the records are rows of many requests "
            "each, priced as far as a row allows (Flag lines say what it cannot)."
        )
    lines.extend(
        f"Note: {note.note}: {fmt.plural(note.records, 'record')}"
        + (f" ({note.amount:,})" if note.amount != note.records else "")
        + "."
        for note in result.traffic_notes
    )
    return lines


def footer(result: Replay) -> tuple[str, ...]:
    """Accounting, traffic, prices and catalogue, one sentence a line."""
    src, cat = result.source, result.catalogue
    lines = [
        accounting_line(result),
        *(
            f"Skipped, {s.reason}: {s.count:,} (first: {', '.join(s.lines)})."
            for s in result.skipped
        ),
        *read_lines(result),
        dimensions.replay_traffic_line(result),
        "Actual: "
        + (
            "; ".join(
                f"{a.model} {fmt.money(a.cost)} ({fmt.plural(a.tokens.records, 'record')})"
                for a in result.actual
            )
            or "nothing priced"
        )
        + ".",
        f"Prices: {result.currency} per 1M tokens from source '{src.id}' (\"{src.title}\"), "
        f"each record at the price in effect on its own day; "
        f"{fmt.plural(result.undated_records, 'record')} without a timestamp priced on "
        f"{result.as_of.isoformat()}.",
        f"Catalogue: {cat.name} {cat.version} ({cat.digest[:19]}), updated "
        f"{cat.updated.isoformat()}.",
        "Ratio: candidate cost / actual cost of the same traffic.",
    ]
    lines.extend(dimensions.replay_footer_lines(result))
    lines.extend(
        f"Not priced: {u.model}: {fmt.plural(u.tokens.records, 'record')}, "
        f"{u.tokens.total:,} tokens, {u.detail}."
        for u in result.unpriced_traffic
    )
    lines.extend(f"Candidate not priced: {u.reason}." for u in result.unpriced_candidates)
    return tuple(lines)


CSV_FIELDS = (
    "group",
    "priced_as",
    "records",
    "input_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "output_tokens",
    "reasoning_tokens",
    "cost",
    "ratio",
    "cache_write_long_tokens",
    *dimensions.CSV_FIELDS,
)


def csv(result: Replay) -> Csv:
    """Per group (or ``total``): the actual row, then one row per candidate; exact values."""
    total = Group(
        "total",
        result.traffic,
        result.actual_cost,
        tuple(c.cost for c in result.candidates),
        tuple(c.ratio for c in result.candidates),
    )
    whole = (result.actual_breakdown, tuple(c.breakdown for c in result.candidates))
    rows: list[tuple[object, ...]] = []
    for group in result.groups or (total,):
        t = group.tokens
        counts = (t.records, t.input, t.cache_read, t.cache_write, t.output, t.reasoning)
        actual_parts, candidate_parts = (
            (group.actual_breakdown, group.candidate_breakdowns) if result.groups else whole
        )
        rows.append(
            (
                group.key,
                "actual",
                *counts,
                group.actual,
                "1" if group.actual else "",
                t.cache_write_long,
                *dimensions.csv_values(actual_parts),
            )
        )
        for candidate, amount, value, cost in zip(
            result.candidates, group.candidates, group.ratios, candidate_parts, strict=True
        ):
            rows.append(
                (
                    group.key,
                    candidate.model,
                    *counts,
                    amount,
                    value,
                    t.cache_write_long,
                    *dimensions.csv_values(cost),
                )
            )
    return Csv(CSV_FIELDS, tuple(rows))


class ReplayView(View):
    """``replay``'s result; ``breakdown`` adds the cost by pricing dimension."""

    def __init__(self, result: Replay, breakdown: bool = False) -> None:
        self.result, self.breakdown = result, breakdown
        self.name = "tokencost replay"

    def document(self) -> dict[str, object]:
        return document(self.result, self.breakdown)

    def grids(self) -> tuple[Grid, ...]:
        return grids(self.result, self.breakdown)

    def csv(self) -> Csv:
        return csv(self.result)

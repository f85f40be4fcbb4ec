"""Price tables (``prices list``) and one model's entries (``prices show``, ``history``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tokencost.catalogue.schema import pricing_values
from tokencost.engine.prices.browse import HistoryRow, ModelHistory, PriceRow, PriceTable
from tokencost.engine.results import SourceInfo
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import catalogue_line, price_unit, source_document
from tokencost.render.view import View

LIST_SCHEMA = "tokencost.prices.list/1"
SHOW_SCHEMA = "tokencost.prices.show/1"
HISTORY_SCHEMA = "tokencost.prices.history/1"


def row_document(row: PriceRow) -> dict[str, object]:
    """One price row as JSON (exact numbers, ISO dates, null when unknown); the pricing
    dimensions (cache_read, tiers ...) the entry has follow, absent ones are left out."""
    return {
        "model": row.model,
        "provider": row.provider,
        "source": row.source,
        "host": row.host,
        "default_host": row.default_host,
        "effective": row.effective,
        "until": row.until,
        "input": row.input,
        "output": row.output,
        "checked": row.checked,
        "via": row.via,
        "note": row.note,
        "derived": row.derived,
        **_pricing(row),
    }


def _pricing(row: PriceRow) -> dict[str, object]:
    """The pricing dimensions the entry has (tiers and windows as lists); an entry
    without any gets no such keys, so its document reads as before."""
    if row.entry is None:
        return {}
    return {k: v for k, v in pricing_values(row.entry).items() if v is not None}


def pricing_text(row: PriceRow) -> str | None:
    """``cache read $0.50; above 272,000 input tokens: $10.00 in / $45.00 out`` (or None)."""
    values = {k: v for k, v in _pricing(row).items() if v is not None}
    if not values:
        return None
    parts: list[str] = []
    for name, value in values.items():
        if name == "tiers" and isinstance(value, list):
            parts.extend(_tier_text(tier) for tier in value)
        elif name == "off_peak" and isinstance(value, list):
            parts.extend(_window_text(window) for window in value)
        elif name.endswith("_minutes"):
            parts.append(f"{name.replace('_', ' ')} {value}")
        elif name == "batch_discount" and isinstance(value, Decimal):
            parts.append(f"batch discount {fmt.share(value)}")
        elif name == "per_1k_requests" and isinstance(value, Decimal):
            parts.append(f"{fmt.price(value)} per 1,000 requests")
        elif isinstance(value, Decimal):
            parts.append(f"{name.replace('_', ' ')} {fmt.price(value)}")
    return "; ".join(parts)


def _prices_text(spec: dict[str, object]) -> str:
    names = ("input", "output", "cache_read", "cache_write")
    return ", ".join(
        f"{name.replace('_', ' ')} {fmt.price(value)}"
        for name in names
        if isinstance(value := spec.get(name), Decimal)
    )


def _tier_text(tier: object) -> str:
    spec = tier if isinstance(tier, dict) else {}
    return f"above {spec.get('above', 0):,} input tokens: {_prices_text(spec)}"


def _window_text(window: object) -> str:
    spec = window if isinstance(window, dict) else {}
    days = spec.get("days")
    on = f"{','.join(str(d) for d in days)} " if isinstance(days, list) else ""
    zone = spec.get("zone") or "UTC"
    return f"off-peak {on}{spec.get('start')}-{spec.get('end')} {zone}: {_prices_text(spec)}"


def sources_document(sources: tuple[SourceInfo, ...]) -> list[dict[str, object]]:
    """The sources a document draws on."""
    return [source_document(s) for s in sources]


def sources_line(sources: tuple[SourceInfo, ...], currency: str, as_of: date | None) -> str:
    """The footer line naming the sources (and the date) of the prices shown."""
    named = ", ".join(f"'{s.id}' (\"{s.title}\")" for s in sources)
    when = f", in effect on {as_of.isoformat()}" if as_of else ", every dated entry"
    return f"Prices: {currency} per 1M tokens from sources {named}{when}."


def _host(row: PriceRow) -> str:
    if row.host is None:
        return "-"
    return row.host + (" (default)" if row.default_host else "")


def _date(value: date | None, missing: str = "-") -> str:
    return value.isoformat() if value else missing


# -- prices list ------------------------------------------------------------------------


def list_document(table: PriceTable) -> dict[str, object]:
    """``prices list`` as JSON."""
    assert table.as_of is not None
    doc = envelope(LIST_SCHEMA, table.catalogue, table.as_of, table.currency)
    doc["price_unit"] = price_unit(table.currency)
    doc["sources"] = sources_document(table.sources)
    doc["prices"] = [row_document(r) for r in table.rows]
    doc["missing"] = [
        {"model": m.model, "source": m.source, "reason": m.reason} for m in table.missing
    ]
    return doc


LIST_COLUMNS = (
    Column("Model"),
    Column("Source"),
    Column("Host"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right", strong=True),
    Column("Since"),
    Column("Checked"),
    Column("Via"),
)


def list_grid(table: PriceTable) -> Grid:
    """One row per model, source and host in effect on the date; sources side by side."""
    rows = tuple(
        (
            r.model,
            r.source,
            _host(r),
            fmt.price(r.input) + ("*" if r.derived else ""),
            fmt.price(r.output) + ("*" if r.derived else ""),
            r.effective.isoformat(),
            _date(r.checked, "unknown"),
            r.via or "-",
        )
        for r in table.rows
    )
    footer = (
        sources_line(table.sources, table.currency, table.as_of),
        catalogue_line(table.catalogue),
        *(f"No price: {m.reason} on {table.as_of}." for m in table.missing),
        *(
            ["* derived, not stated by the source (prices show MODEL says how)."]
            if any(r.derived for r in table.rows)
            else []
        ),
    )
    return Grid(
        f"Prices in catalogue {table.catalogue.name} {table.catalogue.version}",
        LIST_COLUMNS,
        rows,
        footer,
    )


# -- prices show / history ----------------------------------------------------------------


def _model_head(h: ModelHistory) -> dict[str, object]:
    m = h.model
    return {
        "id": m.id,
        "name": m.name,
        "provider": h.provider,
        "aliases": list(m.aliases),
        "default_host": m.default_host,
    }


def show_document(h: ModelHistory) -> dict[str, object]:
    """``prices show MODEL`` as JSON: every entry, marked when in effect on the date."""
    doc = envelope(SHOW_SCHEMA, h.catalogue, h.as_of, h.currency)
    doc["price_unit"] = price_unit(h.currency)
    doc["model"] = _model_head(h)
    doc["sources"] = sources_document(h.sources)
    doc["prices"] = [row_document(r.row) | {"in_effect": r.current} for r in h.rows]
    return doc


SHOW_COLUMNS = (
    Column(""),
    Column("Source"),
    Column("Host"),
    Column("Effective"),
    Column("Until"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right"),
    Column("Checked"),
    Column("Via"),
    Column("Note"),
)


def show_grid(h: ModelHistory) -> Grid:
    """Every entry of the model by source; notes numbered in the footer."""
    ordered = sorted(h.rows, key=lambda r: (r.row.source, r.row.host or "", r.row.effective))
    notes: list[str] = []
    rows = []
    for item in ordered:
        r = item.row
        marks = []
        for label, text in (("note", r.note), ("derived", r.derived), ("pricing", pricing_text(r))):
            if text:
                notes.append(f"[{len(notes) + 1}] {r.source} {r.effective} {label}: {text}")
                marks.append(f"[{len(notes)}]")
        rows.append(
            (
                "*" if item.current else "",
                r.source,
                _host(r),
                r.effective.isoformat(),
                _date(r.until),
                fmt.price(r.input),
                fmt.price(r.output),
                _date(r.checked, "unknown"),
                r.via or "-",
                " ".join(marks) or "-",
            )
        )
    m = h.model
    title = f"{m.id} ({m.name}, {h.provider_name}): every price entry"
    footer = (
        f"* in effect on {h.as_of.isoformat()}; Until = the next entry of the same source "
        "and host (exclusive).",
        sources_line(h.sources, h.currency, None),
        catalogue_line(h.catalogue),
        *notes,
    )
    return Grid(title, SHOW_COLUMNS, tuple(rows), footer)


def history_document(h: ModelHistory) -> dict[str, object]:
    """``prices history MODEL`` as JSON: the timeline, with changes in %."""
    doc = envelope(HISTORY_SCHEMA, h.catalogue, h.as_of, h.currency)
    doc["price_unit"] = price_unit(h.currency)
    doc["model"] = _model_head(h)
    doc["sources"] = sources_document(h.sources)
    doc["timeline"] = [_history_item(r) for r in h.rows]
    return doc


def _history_item(item: HistoryRow) -> dict[str, object]:
    previous = item.previous
    return row_document(item.row) | {
        "in_effect": item.current,
        "previous": None
        if previous is None
        else {"effective": previous.effective, "input": previous.input, "output": previous.output},
        "input_change_percent": item.input_change,
        "output_change_percent": item.output_change,
    }


HISTORY_COLUMNS = (
    Column(""),
    Column("From"),
    Column("Until"),
    Column("Source"),
    Column("Host"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right"),
    Column("Input change", "right"),
    Column("Output change", "right"),
)


def history_grid(h: ModelHistory) -> Grid:
    """The timeline, oldest first; a change is from the previous entry of that source."""
    rows = tuple(
        (
            "*" if item.current else "",
            item.row.effective.isoformat(),
            _date(item.row.until),
            item.row.source,
            _host(item.row),
            fmt.price(item.row.input),
            fmt.price(item.row.output),
            fmt.change(item.input_change) if item.previous else "first",
            fmt.change(item.output_change) if item.previous else "first",
        )
        for item in h.rows
    )
    m = h.model
    footer = (
        f"* in effect on {h.as_of.isoformat()}. A change is from the previous entry of the "
        "same source and host.",
        sources_line(h.sources, h.currency, None),
        catalogue_line(h.catalogue),
    )
    return Grid(
        f"Price history of {m.id} ({m.name}, {h.provider_name})", HISTORY_COLUMNS, rows, footer
    )


class PriceListView(View):
    """``prices list``'s result: the prices in effect on a date."""

    name = "tokencost prices list"

    def __init__(self, table: PriceTable) -> None:
        self.table = table

    def document(self) -> dict[str, object]:
        return list_document(self.table)

    def grids(self) -> tuple[Grid, ...]:
        return (list_grid(self.table),)


class PriceShowView(View):
    """``prices show``'s result: every entry of a model."""

    name = "tokencost prices show"

    def __init__(self, history: ModelHistory) -> None:
        self.history = history

    def document(self) -> dict[str, object]:
        return show_document(self.history)

    def grids(self) -> tuple[Grid, ...]:
        return (show_grid(self.history),)


class PriceHistoryView(View):
    """``prices history``'s result: a model's price timeline."""

    name = "tokencost prices history"

    def __init__(self, history: ModelHistory) -> None:
        self.history = history

    def document(self) -> dict[str, object]:
        return history_document(self.history)

    def grids(self) -> tuple[Grid, ...]:
        return (history_grid(self.history),)

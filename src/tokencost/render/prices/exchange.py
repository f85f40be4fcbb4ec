"""``tokencost prices export`` and ``import``: the catalogue as a flat price table (CSV,
JSON, SQL), and the report of an import from another project's price file.

Export: one row per model, source, host and effective date, with ``until`` (the next entry's
date, exclusive) so a warehouse can join usage by date. Numbers are exact. The pricing
dimensions follow the note (empty when the entry has none): prices and the batch
discount as numbers, cache lifetimes as whole minutes, ``tiers`` and ``off_peak`` as
JSON text in CSV and SQL (a list in JSON), e.g. ``[{"above":272000,"input":10,...}]``.

SQL: a ``CREATE TABLE`` and one ``INSERT`` per row, in the subset DuckDB, PostgreSQL
and Spark SQL share: ``DECIMAL(p,s)`` sized to hold every price exactly, ``DATE``
literals (``DATE '2026-06-01'``), ``BOOLEAN``, ``VARCHAR(n)``, no constraints (Spark
does not enforce them). Spark reads backslashes in string literals as escapes and
two adjacent quotes as two strings, so a ``'``, ``\\``, CR or LF inside a text is
written as ``chr(39)`` (etc.) joined with ``||``, which all three read alike.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal

from tokencost.catalogue.importers import ImportReport
from tokencost.catalogue.schema import PRICING_FIELDS
from tokencost.engine.prices.browse import PriceRow, PriceTable
from tokencost.errors import InputError
from tokencost.quantities import plain
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import dumps, envelope
from tokencost.render.prices.browse import row_document, sources_document
from tokencost.render.view import Csv, View

EXPORT_SCHEMA = "tokencost.prices.export/1"
FIELDS = (
    "model",
    "provider",
    "source",
    "host",
    "default_host",
    "effective",
    "until",
    "input",
    "output",
    "checked",
    "via",
    "derived",
    "note",
    *PRICING_FIELDS,
)
TEXT = ("model", "provider", "source", "host", "via", "derived", "note")
DATES = ("effective", "until", "checked")
PRICES = (
    "input",
    "output",
    "cache_read",
    "cache_write",
    "cache_write_long",
    "reasoning",
    "batch_input",
    "batch_output",
    "batch_cache_read",
    "batch_cache_write",
    "batch_discount",
    "per_1k_requests",
)
WHOLE = ("cache_write_minutes", "cache_write_long_minutes")
LISTS = ("tiers", "off_peak")
MAX_PRECISION = 38  # DuckDB's and Spark's largest DECIMAL
TEXT_WIDTH = {"derived": 2000, "note": 2000}  # at least; wider when a value needs it


def _values(row: PriceRow) -> dict[str, object]:
    doc = row_document(row)
    return {name: doc.get(name) for name in FIELDS}  # absent pricing keys: null


def _flat(values: dict[str, object]) -> dict[str, object]:
    """Tiers and off-peak windows as one line of exact JSON text (CSV and SQL cells)."""
    return {
        name: dumps(value, indent=0).replace("\n", "")
        if name in LISTS and value is not None
        else value
        for name, value in values.items()
    }


def csv(table: PriceTable) -> Csv:
    """A header row, then each row: exact decimals, ISO dates, empty when unknown."""
    return Csv(FIELDS, tuple(tuple(_flat(_values(row)).values()) for row in table.rows))


def export_document(table: PriceTable) -> dict[str, object]:
    """JSON: the envelope, the sources, then the rows (``as_of`` null for every entry)."""
    doc = envelope(EXPORT_SCHEMA, table.catalogue, table.as_of or date.min, table.currency)
    doc["as_of"] = table.as_of
    doc["price_unit"] = f"{table.currency} per 1,000,000 tokens"
    doc["columns"] = list(FIELDS)
    doc["sources"] = sources_document(table.sources)
    doc["rows"] = [_values(row) for row in table.rows]
    return doc


_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def table_name(text: str) -> str:
    """A plain SQL identifier (lower-case letters, digits, _), or InputError."""
    if not _NAME.match(text):
        raise InputError(
            f"--table: {text!r} is not a plain SQL name; use lower-case letters, digits "
            "and _, e.g. tokencost_prices"
        )
    return text


def to_sql(table: PriceTable, name: str = "tokencost_prices") -> str:
    """CREATE TABLE plus one INSERT per row (see the module docstring)."""
    rows = [_flat(_values(row)) for row in table.rows]
    cat = table.catalogue
    when = f"in effect on {table.as_of.isoformat()}" if table.as_of else "every dated entry"
    lines = [
        f"-- tokencost price table from catalogue {cat.name} {cat.version} ({cat.digest}),",
        f"-- updated {cat.updated.isoformat()}; {when}; {table.currency} per 1,000,000 tokens.",
        f"-- Sources: {', '.join(s.id for s in table.sources)}.",
        f"CREATE TABLE {name} (",
        ",\n".join(f"  {column} {kind}" for column, kind in column_types(rows).items()),
        ");",
    ]
    columns = ", ".join(FIELDS)
    for row in rows:
        values = ", ".join(sql_literal(row[column]) for column in FIELDS)
        lines.append(f"INSERT INTO {name} ({columns}) VALUES ({values});")
    return "\n".join(lines) + "\n"


def column_types(rows: list[dict[str, object]]) -> dict[str, str]:
    """Each column's SQL type; DECIMAL(p,s) and VARCHAR(n) sized to fit every value."""
    types: dict[str, str] = {}
    for column in FIELDS:
        values = [row[column] for row in rows if row[column] is not None]
        if column in PRICES:
            types[column] = _decimal_type([v for v in values if isinstance(v, Decimal)])
        elif column in DATES:
            types[column] = "DATE"
        elif column in WHOLE:
            types[column] = "INTEGER"
        elif column == "default_host":
            types[column] = "BOOLEAN"
        else:
            longest = max((len(str(v)) for v in values), default=1)
            types[column] = f"VARCHAR({max(longest, TEXT_WIDTH.get(column, 200))})"
    return types


def _decimal_type(values: list[Decimal]) -> str:
    scale = max([2, *(max(0, -int(v.as_tuple().exponent)) for v in values)])
    whole = max([1, *(len(plain(abs(v)).split(".")[0]) for v in values)])
    if whole + scale > MAX_PRECISION:
        raise InputError(
            f"a price needs {whole + scale} digits, more than DECIMAL({MAX_PRECISION}) holds"
        )
    return f"DECIMAL({max(whole + scale, 10)},{scale})"


_ESCAPED = {"'": 39, "\\": 92, "\n": 10, "\r": 13}


def sql_literal(value: object) -> str:
    """A SQL literal read alike by DuckDB, PostgreSQL and Spark SQL."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return _string(str(value))


def _string(text: str) -> str:
    parts: list[str] = []
    plain_run = ""
    for ch in text:
        if ch in _ESCAPED:
            if plain_run:
                parts.append(f"'{plain_run}'")
                plain_run = ""
            parts.append(f"chr({_ESCAPED[ch]})")
        else:
            plain_run += ch
    if plain_run or not parts:
        parts.append(f"'{plain_run}'")
    return " || ".join(parts)


class ExportView(View):
    """``prices export``'s result: the flat price table as CSV, JSON or SQL (``table``
    names the SQL table)."""

    name = "tokencost prices export"

    def __init__(self, prices: PriceTable, table: str = "tokencost_prices") -> None:
        self.prices, self.table = prices, table

    def document(self) -> dict[str, object]:
        return export_document(self.prices)

    def csv(self) -> Csv:
        return csv(self.prices)

    def text(self, fmt: str) -> str | None:
        return to_sql(self.prices, self.table) if fmt == "sql" else None


# -- prices import ------------------------------------------------------------------


IMPORT_SCHEMA = "tokencost.prices.import/1"


def import_document(report: ImportReport) -> dict[str, object]:
    """The full report: every unmodelled field of every model, every skipped model (``as_of``
    is null: the prices are dated by --effective, not priced on a date)."""
    return {
        "schema": IMPORT_SCHEMA,
        "currency": "USD",
        "catalogue": {"path": str(report.into), "version": report.version, "digest": report.digest},
        "as_of": None,
        "from": report.kind,
        "file": str(report.file),
        "counts": {
            "providers": report.providers,
            "models": report.models,
            "entries": report.entries,
            "skipped": len(report.skipped),
            "renamed": len(report.renamed),
            "dropped_aliases": len(report.dropped_aliases),
        },
        "mapped": [{"field": theirs, "to": ours} for theirs, ours in report.mapped],
        "not_modelled": [{"field": name, "count": count} for name, count in report.unmodelled],
        "not_modelled_by_model": [
            {"model": model_id, "key": key, "fields": fields}
            for model_id, key, fields in report.details
        ],
        "not_modelled_by_provider": [
            {"provider": provider, "fields": fields} for provider, fields in report.provider_details
        ],
        "skipped": [{"key": s.key, "reason": s.reason} for s in report.skipped],
        "renamed": [{"key": key, "id": model_id} for key, model_id in report.renamed],
        "dropped_aliases": [
            {"alias": alias, "model": model_id, "used_by": other}
            for alias, model_id, other in report.dropped_aliases
        ],
    }


IMPORT_COLUMNS = (Column("Field"), Column("Models", "right"), Column("What tokencost did"))


def import_grid(report: ImportReport) -> Grid:
    """How each field was handled; the footer counts what was skipped or renamed."""
    rows = [(theirs, "", f"imported as {ours}") for theirs, ours in report.mapped]
    rows += [
        (name, str(count), "not modelled (listed in --json)") for name, count in report.unmodelled
    ]
    reasons = Counter(s.reason.split(" (")[0] for s in report.skipped)
    footer = [
        f"Imported {report.models} models ({report.entries} price entries, {report.providers} "
        f"providers) from {report.kind} file {report.file} into {report.into}.",
        f"Catalogue: version {report.version} ({report.digest}); valid.",
        f"Skipped {len(report.skipped)} model(s)"
        + (": " + "; ".join(f"{why} ({n})" for why, n in reasons.most_common(5)) if reasons else "")
        + ("; ..." if len(reasons) > 5 else "")
        + ".",
        f"Ids made to follow tokencost's rules or unique: {len(report.renamed)} (the original "
        "name is kept as an alias where free).",
        f"Aliases dropped because another model uses them: {len(report.dropped_aliases)}.",
    ]
    return Grid(
        f"Import of {report.file.name} ({report.kind})", IMPORT_COLUMNS, tuple(rows), tuple(footer)
    )


class ImportView(View):
    """``prices import``'s result: what was imported and how."""

    name = "tokencost prices import"

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def document(self) -> dict[str, object]:
        return import_document(self.report)

    def grids(self) -> tuple[Grid, ...]:
        return (import_grid(self.report),)

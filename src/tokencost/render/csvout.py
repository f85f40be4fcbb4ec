"""CSV with exact values: Decimals as plain decimal text, dates ISO, booleans true or
false, None empty."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from tokencost.quantities import plain


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A header line and one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(cell(value) for value in row)
    return out.getvalue()


def cell(value: object) -> str:
    """One value as CSV text: exact, never an exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)

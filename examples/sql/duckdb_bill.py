"""Run a tokencost billing query in DuckDB on a usage table kept as CSV or Parquet.

    tokencost replay --sql duckdb > bill.sql
    python examples/sql/duckdb_bill.py bill.sql examples/logs/june-usage.csv
    python examples/sql/duckdb_bill.py bill.sql 'lake/usage/*.parquet'

Needs duckdb (pip install duckdb). Prints the result's main columns as a table; every
column is in the query's result (docs/sql.md).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import duckdb

TYPES = {
    "model": "VARCHAR",
    "day": "DATE",
    "sent_at": "TIMESTAMP",
    "input_tokens": "BIGINT",
    "cache_read_tokens": "BIGINT",
    "cache_write_tokens": "BIGINT",
    "cache_write_long_tokens": "BIGINT",
    "output_tokens": "BIGINT",
    "reasoning_tokens": "BIGINT",
    "batch": "BOOLEAN",
}
SHOWN = ("section", "model", "reason", "records", "cost", "ratio", "unpriced_records")


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def main(query: str, source: str) -> None:
    con = duckdb.connect()
    if source.endswith(".csv"):
        read = f"read_csv('{source}', header = true, columns = {TYPES!r})"
    else:
        read = f"read_parquet('{source}')"
    con.execute(f"CREATE VIEW usage AS SELECT * FROM {read}")
    cursor = con.execute(Path(query).read_text())
    names = [column[0] for column in cursor.description]
    rows = [[cell(row[names.index(name)]) for name in SHOWN] for row in cursor.fetchall()]
    widths = [max(len(name), *(len(row[i]) for row in rows)) for i, name in enumerate(SHOWN)]
    for line in [list(SHOWN), *rows]:
        print(
            "  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip()
        )


if __name__ == "__main__":
    main(*sys.argv[1:3])

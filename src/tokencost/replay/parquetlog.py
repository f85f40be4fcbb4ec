"""Usage logs in Parquet, as lakes keep them: each row is one record (needs pyarrow).

A row is read as the JSON object it would be in a JSON Lines log, by the reader of its
format (:mod:`tokencost.replay.formats`: ``--log-format``, else detected from the
first rows, as for JSON): flat columns (``model``, ``timestamp``, ``input_tokens``,
``cached_tokens`` ... as in a CSV log, ``ephemeral_1h_input_tokens`` included), or
nested ones (a ``usage`` struct of a response, a batch result's ``response``).
``--map`` reads a column (or a field of a struct column, a dotted path) as a field
tokencost reads. A TIMESTAMP column is read as ISO 8601 text (a time zone kept, none
taken as UTC), a DATE as a date alone, a DECIMAL count with no fraction as an integer.
Rows are numbered from 1 within the file, as lines are. Read by this process, a row
group at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tokencost.errors import InputError
from tokencost.replay.csvlog import LONG_WRITES
from tokencost.replay.formats.base import Context, LogFormat
from tokencost.replay.lines import take
from tokencost.replay.sources import LogInput
from tokencost.replay.tally import Tally

BATCH_ROWS = 65_536
SAMPLE = 50
"""Rows a format is detected from."""


def scan_parquet(
    log: LogInput,
    tally: Tally,
    choose: Callable[[list[object]], LogFormat],
    label: str | None,
) -> LogFormat:
    """Tally every row of a Parquet file, read as records of the format ``choose``
    picks from the first rows; returns that format."""
    if log.path is None:
        raise InputError(f"{log.name}: Parquet is read from a file, not from stdin or a pipe")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{log.name}: reading Parquet needs pyarrow: pip install 'tokencost[parquet]'"
        ) from None
    try:
        found = pq.ParquetFile(log.path)
        names = found.schema_arrow.names
        rows = _rows(found.iter_batches(batch_size=BATCH_ROWS), names)
        first = [row for _, row in zip(range(SAMPLE), rows, strict=False)]
        fmt = choose(list(first))
        context = Context(log.name)
        for number, record in enumerate(_chain(first, rows), 1):
            tally.lines += 1
            for item in fmt.read(record, context):
                take(tally, item, number, label)
        return fmt
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise InputError(f"{log.name}: cannot read as Parquet: {exc}") from None


def _chain(first: list[dict[str, Any]], rest: Iterator[dict[str, Any]]) -> Iterator[object]:
    yield from first
    yield from rest


def _rows(batches: Iterator[Any], names: list[str]) -> Iterator[dict[str, Any]]:
    """Each row as the JSON object it would be (a 1-hour write column nested as in a
    response's usage)."""
    for batch in batches:
        for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
            record = dict(zip(names, map(_plain, values), strict=True))
            long = record.get(LONG_WRITES)  # kept flat too, for --map (formats.mapped)
            if long is not None and record.get("cache_creation") is None:
                record["cache_creation"] = {LONG_WRITES: long}
            yield record


def _plain(value: Any) -> Any:
    """What JSON would hold: a time as ISO 8601 text, a whole DECIMAL as an integer."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value

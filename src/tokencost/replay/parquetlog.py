"""Usage logs in Parquet, as lakes keep them: each row is one record (needs pyarrow).

A row is read as the JSON object it would be in a JSON Lines log, by the same rules
(:mod:`tokencost.replay.normalise`): flat columns (``model``, ``timestamp``,
``input_tokens``, ``cached_tokens`` ... as in a CSV log, ``ephemeral_1h_input_tokens``
included), or nested ones (a ``usage`` struct of a response, a batch result's
``response``). ``--map old=new`` renames a top-level column. A TIMESTAMP column is
read as ISO 8601 text (a time zone kept, none taken as UTC), a DATE as a date alone,
a DECIMAL count with no fraction as an integer. Rows are numbered from 1 within the
file, as lines are. Read by this process, a row group at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tokencost.errors import InputError
from tokencost.replay.csvlog import LONG_WRITES, add_record
from tokencost.replay.sources import LogInput
from tokencost.replay.tally import Tally

MAGIC = b"PAR1"
BATCH_ROWS = 65_536


def is_parquet(log: LogInput, head: bytes) -> bool:
    """A ``.parquet`` name, or a file that starts with Parquet's magic bytes."""
    return log.name.lower().endswith(".parquet") or head[:4] == MAGIC


def scan_parquet(
    log: LogInput,
    tally: Tally,
    renames: Mapping[str, str],
    progress: Callable[[int], None],
) -> None:
    """Tally every row of a Parquet file."""
    if log.path is None or log.size is None:
        raise InputError(f"{log.name}: Parquet is read from a file, not from stdin or a pipe")
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(
            f"{log.name}: reading Parquet needs pyarrow: pip install 'tokencost[parquet]'"
        ) from None
    try:
        found = pq.ParquetFile(log.path)
        rows = found.metadata.num_rows or 1
        names = [renames.get(name, name) for name in found.schema_arrow.names]
        done = 0
        for batch in found.iter_batches(batch_size=BATCH_ROWS):
            for values in zip(*(column.to_pylist() for column in batch.columns), strict=True):
                done += 1
                tally.lines += 1
                _row(dict(zip(names, map(_plain, values), strict=True)), done, tally)
            progress(log.size * batch.num_rows // rows)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise InputError(f"{log.name}: cannot read as Parquet: {exc}") from None


def _plain(value: Any) -> Any:
    """What JSON would hold: a time as ISO 8601 text, a whole DECIMAL as an integer."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _row(record: dict[str, Any], number: int, tally: Tally) -> None:
    long = record.pop(LONG_WRITES, None)
    if long is not None and record.get("cache_creation") is None:
        record["cache_creation"] = {LONG_WRITES: long}
    add_record(record, number, tally)

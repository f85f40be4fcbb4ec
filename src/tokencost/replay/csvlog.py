"""Usage logs in CSV: a header row, then one record a row, read with Python's csv module.

A CSV export of another format (OpenAI's usage dashboard, LiteLLM's spend logs,
Helicone, Langfuse) is told by its header (:func:`tokencost.replay.formats.detect_csv`)
and each row read by that format's reader, as a dict of its cells (an empty cell is
absent). Otherwise the columns are the flat record's fields (see
:mod:`tokencost.replay.normalise`):
``model``, ``input_tokens``, ``output_tokens``, and optionally ``cached_tokens``
(part of ``input_tokens``), ``reasoning_tokens`` (part of ``output_tokens``),
``cache_read_input_tokens`` and ``cache_creation_input_tokens`` (Anthropic's, not
part of ``input_tokens``), ``ephemeral_1h_input_tokens`` (the 1-hour part of
``cache_creation_input_tokens``), ``prompt_tokens`` / ``completion_tokens``, a
``timestamp`` (or ``created_at`` / ``created``), ``batch``, ``requests`` (the requests
an aggregated row sums), ``project`` and ``session``. Other columns are ignored.
``--map old=new`` renames a column of the file to one of these names.

An empty cell is an absent value. A count is digits (``-5`` is negative, ``1.5`` not
an integer); a timestamp of digits is a Unix time, anything else ISO 8601 text;
``batch`` is ``true``/``false``, ``yes``/``no`` or ``1``/``0`` (any case).
CSV is read in this process (a quoted field may hold a newline, so the file cannot
be cut into pieces blindly); line numbers are the file's, the header being line 1.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator, Mapping

from tokencost.errors import InputError
from tokencost.replay.formats import RECORDS, detect_csv
from tokencost.replay.formats.base import Context, LogFormat
from tokencost.replay.lines import take
from tokencost.replay.normalise import BAD_FIELDS, BLANK, TIMESTAMP_FIELDS, TOKEN_FIELDS
from tokencost.replay.tally import Tally

LONG_WRITES = "ephemeral_1h_input_tokens"
BATCH = "batch"
LABELS = ("project", "session")
FIELDS = ("model", *TIMESTAMP_FIELDS, *TOKEN_FIELDS, LONG_WRITES, BATCH, "requests", *LABELS)
"""Column names tokencost reads."""
_INTEGER = re.compile(r"[+-]?[0-9]+")
_FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def parse_map(items: list[str]) -> dict[str, str]:
    """``["old=new", ...]`` -> ``{old: new}``; each new name must be a field we read."""
    renames: dict[str, str] = {}
    for item in items:
        old, sep, new = item.partition("=")
        old, new = old.strip(), new.strip()
        if not sep or not old or not new:
            raise InputError(f"--map: {item!r} is not old=new, e.g. --map tokens_in=input_tokens")
        if new not in FIELDS:
            raise InputError(
                f"--map: {new!r} is not a field tokencost reads; use one of: " + ", ".join(FIELDS)
            )
        renames[old] = new
    return renames


def scan_csv(
    name: str,
    chunks: Iterator[bytes],
    tally: Tally,
    renames: Mapping[str, str],
    has_default_model: bool,
    fmt: LogFormat | None = None,
    label: str | None = None,
) -> LogFormat:
    """Tally every data row of a CSV log given as chunks of bytes; returns the format
    read (``fmt``, else the one its header tells)."""
    reader = csv.reader(_text_lines(name, chunks))
    context = Context(name)
    try:
        header = next(reader, None)
        if header is None:
            return fmt or RECORDS
        cells = [renames.get(cell.strip(), cell.strip()) for cell in header]
        found = fmt or detect_csv(cells)
        columns: list[str | None] = []
        if found is RECORDS:
            columns = _columns(name, cells, has_default_model)
        for row in reader:
            tally.lines += 1
            if found is RECORDS:
                _row(row, reader.line_num, columns, tally, context, label)
            else:
                _export_row(row, reader.line_num, cells, tally, found, context, label)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None
    return found


def _export_row(
    row: list[str],
    number: int,
    cells: list[str],
    tally: Tally,
    fmt: LogFormat,
    context: Context,
    label: str | None,
) -> None:
    """A row of another format's CSV export, read by its reader as a dict of cells."""
    if not _whole(row, len(cells), number, tally):
        return
    record = {column: (cell.strip() or None) for column, cell in zip(cells, row, strict=True)}
    tally.extra -= 1
    for item in fmt.read(record, context):
        take(tally, item, number, label)
        tally.extra += 1


def _whole(row: list[str], width: int, number: int, tally: Tally) -> bool:
    """Whether a row has a cell for each column; else it is skipped (blank, or fields
    that do not match the header)."""
    if not any(cell.strip() for cell in row):
        tally.skip(BLANK, number)
        return False
    if len(row) != width:
        tally.skip(BAD_FIELDS, number)
        return False
    return True


def _columns(name: str, columns: list[str], has_default_model: bool) -> list[str | None]:
    if not any(column in TOKEN_FIELDS for column in columns):
        raise InputError(
            f"{name}: the CSV header has no token column (input_tokens, output_tokens, "
            "prompt_tokens, ...); rename one with --map old=new"
        )
    if "model" not in columns and not has_default_model:
        raise InputError(
            f"{name}: the CSV header has no model column; rename one with --map old=model "
            "or give --model for every row"
        )
    return [column if column in FIELDS else None for column in columns]


def _row(
    row: list[str],
    number: int,
    columns: list[str | None],
    tally: Tally,
    context: Context,
    label: str | None,
) -> None:
    if not _whole(row, len(columns), number, tally):
        return
    record: dict[str, object] = {}
    for column, cell in zip(columns, row, strict=True):
        value = cell.strip()
        if column is None or not value:
            continue
        parsed: object = value
        if column == BATCH:
            parsed = _FLAGS.get(value.lower(), value)
        elif column != "model" and column not in LABELS and _INTEGER.fullmatch(value):
            parsed = int(value)  # a count, or a Unix time
        if column == LONG_WRITES:
            record["cache_creation"] = {LONG_WRITES: parsed}
        else:
            record[column] = parsed
    for item in RECORDS.read(record, context):
        take(tally, item, number, label)


def _text_lines(name: str, chunks: Iterator[bytes]) -> Iterator[str]:
    """Lines of UTF-8 text (a byte-order mark is dropped), newlines kept for csv."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    rest = ""
    try:
        for chunk in chunks:
            text = rest + decoder.decode(chunk)
            lines = text.split("\n")
            rest = lines.pop()
            for line in lines:
                yield line + "\n"
        rest += decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason}); save the CSV as UTF-8") from None
    if rest:
        yield rest

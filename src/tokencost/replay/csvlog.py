"""Usage logs in CSV: a header row, then one record a row, read with Python's csv module.

Columns are the flat record's fields (see :mod:`tokencost.replay.normalise`):
``model``, ``input_tokens``, ``output_tokens``, and optionally ``cached_tokens``
(part of ``input_tokens``), ``reasoning_tokens`` (part of ``output_tokens``),
``cache_read_input_tokens`` and ``cache_creation_input_tokens`` (Anthropic's, not
part of ``input_tokens``), ``ephemeral_1h_input_tokens`` (the 1-hour part of
``cache_creation_input_tokens``), ``prompt_tokens`` / ``completion_tokens``, a
``timestamp`` (or ``created_at`` / ``created``), and ``batch``. Other columns are
ignored. ``--map old=new`` renames a column of the file to one of these names.

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
from tokencost.replay.normalise import (
    BAD_FIELDS,
    BLANK,
    TIMESTAMP_FIELDS,
    TOKEN_FIELDS,
    Skip,
    normalise,
)
from tokencost.replay.tally import Tally

LONG_WRITES = "ephemeral_1h_input_tokens"
BATCH = "batch"
FIELDS = ("model", *TIMESTAMP_FIELDS, *TOKEN_FIELDS, LONG_WRITES, BATCH)
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
                f"--map: {new!r} is not a column tokencost reads; use one of: " + ", ".join(FIELDS)
            )
        renames[old] = new
    return renames


def scan_csv(
    name: str,
    chunks: Iterator[bytes],
    tally: Tally,
    renames: Mapping[str, str],
    has_default_model: bool,
) -> None:
    """Tally every data row of a CSV log given as chunks of bytes."""
    reader = csv.reader(_text_lines(name, chunks))
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = _columns(name, header, renames, has_default_model)
        for row in reader:
            tally.lines += 1
            _row(row, reader.line_num, columns, tally)
    except csv.Error as exc:
        raise InputError(f"{name}: line {reader.line_num}: not valid CSV: {exc}") from None


def _columns(
    name: str, header: list[str], renames: Mapping[str, str], has_default_model: bool
) -> list[str | None]:
    columns = [renames.get(cell.strip(), cell.strip()) for cell in header]
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


def _row(row: list[str], number: int, columns: list[str | None], tally: Tally) -> None:
    if not any(cell.strip() for cell in row):
        tally.skip(BLANK, number)
        return
    if len(row) != len(columns):
        tally.skip(BAD_FIELDS, number)
        return
    record: dict[str, object] = {}
    for column, cell in zip(columns, row, strict=True):
        value = cell.strip()
        if column is None or not value:
            continue
        parsed: object = value
        if column == BATCH:
            parsed = _FLAGS.get(value.lower(), value)
        elif column != "model" and _INTEGER.fullmatch(value):
            parsed = int(value)  # a count, or a Unix time
        if column == LONG_WRITES:
            record["cache_creation"] = {LONG_WRITES: parsed}
        else:
            record[column] = parsed
    add_record(record, number, tally)


def add_record(record: object, number: int, tally: Tally) -> None:
    """Normalise one record (line or row ``number``) into the tally, or count its skip."""
    try:
        read = normalise(record)
    except Skip as skip:
        tally.skip(str(skip), number)
        return
    tally.add(read.model, read.day, number, read.counts, read.stamp, read.batch)


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

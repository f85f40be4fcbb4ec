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
be cut into pieces blindly); line numbers are the file's, the header being line 1, a
row's being its first line's. A row spans more than one line only when its quoted
fields are closed as CSV closes them: a quote left open (to the end of the file, or
closed with text after it) would swallow the rows after it as one field, so the line
where it opened is skipped (``unclosed quote``) and reading goes on at the next line.
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
from tokencost.replay.normalise import (
    BAD_FIELDS,
    BLANK,
    TIMESTAMP_FIELDS,
    TOKEN_FIELDS,
    UNCLOSED_QUOTE,
)
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
    rows = _rows(name, _text_lines(name, chunks))
    context = Context(name)
    first = next(rows, None)
    if first is None:
        return fmt or RECORDS
    _, header = first
    if header is None:
        raise InputError(f"{name}: line 1: the CSV header has an unclosed quote; close it")
    cells = [renames.get(cell.strip(), cell.strip()) for cell in header]
    found = fmt or detect_csv(cells)
    columns: list[str | None] = []
    if found is RECORDS:
        columns = _columns(name, cells, has_default_model)
    for number, row in rows:
        tally.lines += 1
        if row is None:
            tally.skip(UNCLOSED_QUOTE, number)
        elif found is RECORDS:
            _row(row, number, columns, tally, context, label)
        else:
            _export_row(row, number, cells, tally, found, context, label)
    return found


class _RowLines:
    """Numbered text lines for csv, keeping those of the row being read, and taking back
    lines to read again."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = enumerate(lines, 1)
        self.again: list[tuple[int, str]] = []
        self.taken: list[tuple[int, str]] = []
        self.ended = False

    def __iter__(self) -> _RowLines:
        return self

    def __next__(self) -> str:
        if self.again:
            line = self.again.pop()
        else:
            try:
                line = next(self.lines)
            except StopIteration:
                self.ended = True
                raise
        self.taken.append(line)
        return line[1]


def _rows(name: str, text: Iterator[str]) -> Iterator[tuple[int, list[str] | None]]:
    """(number of a row's first line, its cells), the cells None for a line whose quote
    is not closed (the lines after it are read again as rows of their own).

    csv reads strictly, so that a quote left open is an error rather than a field that
    swallows the rest of the file; a row of one line that strict CSV refuses for another
    reason (text after a closing quote) is read as csv reads it leniently.
    """
    lines = _RowLines(text)
    reader = csv.reader(lines, strict=True)
    while True:
        lines.taken = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            (number, first), *after = lines.taken  # an error comes after a line
            if not after and not lines.ended:
                yield number, _lenient(name, number, first, exc)
                continue
            lines.again.extend(reversed(after))
            lines.ended = False
            yield number, None
            continue
        yield lines.taken[0][0], row


def _lenient(name: str, number: int, line: str, error: csv.Error) -> list[str]:
    """The cells of one line as csv reads it leniently (``"a"b`` is ``ab``)."""
    try:
        return next(csv.reader([line]))
    except csv.Error:
        raise InputError(f"{name}: line {number}: not valid CSV: {error}") from None


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

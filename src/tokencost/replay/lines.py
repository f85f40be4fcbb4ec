"""The pure rules of one line: parse it, read it as its format, count what it holds.

The reference every fast path is checked against (:mod:`tokencost.replay.scan` picks
the path; :mod:`tokencost.replay.fast` and :mod:`tokencost.replay.fast_claude` fall back
here for a line they cannot decode).
"""

from __future__ import annotations

from tokencost.replay.formats import RECORDS
from tokencost.replay.formats.base import IGNORED, Context, Item, LogFormat, Row
from tokencost.replay.normalise import BLANK, Skip, day_of, parse_line
from tokencost.replay.tally import Tally


def take(tally: Tally, item: Item, line: int, label: str | None) -> None:
    """Count one item a reader yielded (``label``: the Row field kept for ``--by``)."""
    if item is IGNORED:
        tally.without_usage += 1
        return
    if not isinstance(item, Row):
        tally.skip(str(item), line)
        return
    row = item
    try:
        day = day_of(row.stamp)
    except Skip as skip:
        tally.skip(str(skip), line)
        return
    for text, amount in row.notes:
        tally.note(text, amount)
    kept = row.project if label == "project" else row.session if label == "session" else None
    if row.key is not None:
        tally.message(row.key, (row.model, day, row.stamp, row.batch, *row.counts, kept, line))
    elif row.aggregated:
        tally.add_row(
            row.model,
            day,
            line,
            row.counts,
            row.stamp,
            batch=row.batch,
            requests=row.requests,
            prompt=row.prompt,
            span=row.span,
            label=kept,
        )
    else:
        tally.add(row.model, day, line, row.counts, row.stamp, row.batch, kept)


def take_value(
    parsed: object, line: int, tally: Tally, fmt: LogFormat, context: Context, label: str | None
) -> None:
    """Count every record a parsed line (or document element) holds."""
    found = 0
    for value in fmt.values(parsed):
        for item in fmt.read(value, context):
            take(tally, item, line, label)
            found += 1
    tally.extra += found - 1


def pure_line(
    line: bytes,
    number: int,
    tally: Tally,
    fmt: LogFormat = RECORDS,
    context: Context | None = None,
    label: str | None = None,
) -> None:
    """Tally one line by the pure rules (``number`` is 1-based within the piece)."""
    if not line.strip(b" \t\r"):
        tally.skip(BLANK, number)
        return
    try:
        parsed = parse_line(line)
    except Skip as skip:
        tally.skip(str(skip), number)
        return
    take_value(parsed, number, tally, fmt, context or Context(tally.name), label)


def scan_pure(
    data: bytes,
    tally: Tally,
    before: int,
    fmt: LogFormat = RECORDS,
    context: Context | None = None,
    label: str | None = None,
) -> int:
    """Tally every line of ``data`` with the pure rules; returns the number of lines."""
    if not data:
        return 0
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    where = context or Context(tally.name)
    for number, line in enumerate(lines, before + 1):
        pure_line(line, number, tally, fmt, where, label)
    return len(lines)

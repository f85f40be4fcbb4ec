"""Scanning a piece of JSON Lines into a Tally, with msgspec where a fast path exists.

Both parsers give the same tally (tests check it on generated and malformed input):

- ``msgspec`` (the ``fast`` extra): typed decoding of a whole chunk, then one loop, for
  tokencost's own record shapes (:mod:`tokencost.replay.fast`) and Claude Code
  transcripts (:mod:`tokencost.replay.fast_claude`);
- ``python``: ``json.loads`` and the format's reader per line, the reference the fast
  paths are checked against, and the reader of every other format.

``TOKENCOST_REPLAY_PARSER=python`` forces the pure-Python parser (to compare them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial

from tokencost.replay.formats import RECORDS
from tokencost.replay.formats.base import IGNORED, Context, Format, Item, Row
from tokencost.replay.normalise import BLANK, Skip, day_of, parse_line
from tokencost.replay.tally import Tally

PARSER_ENV = "TOKENCOST_REPLAY_PARSER"

Scanner = Callable[[bytes, Tally, int], int]
"""(whole lines, tally, lines before them in the piece) -> lines scanned."""


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
    parsed: object, line: int, tally: Tally, fmt: Format, context: Context, label: str | None
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
    fmt: Format = RECORDS,
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
    fmt: Format = RECORDS,
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


def scan_fast(data: bytes, tally: Tally, before: int) -> int:
    """Tally records in tokencost's own shapes with msgspec (lines it rejects go to
    :func:`pure_line`)."""
    from tokencost.replay.fast import scan_chunk

    return scan_chunk(data, tally, before, pure_line)


def parser_name() -> str:
    """``msgspec`` when it is installed and not turned off, else ``python``."""
    if os.environ.get(PARSER_ENV, "").strip().lower() == "python":
        return "python"
    try:
        import msgspec  # noqa: F401
    except ImportError:
        return "python"
    return "msgspec"


def scanner(
    parser: str, fmt: Format = RECORDS, context: Context | None = None, label: str | None = None
) -> Scanner:
    """The scan function of a parser name for a format: the fast path where one exists
    (records without ``--by project|session``, Claude Code), else the pure one."""
    if parser == "msgspec":
        if fmt is RECORDS and label is None:
            return scan_fast
        if fmt.name == "claude-code":
            from tokencost.replay.fast_claude import scan_transcript

            return partial(scan_transcript, context=context, label=label)
    return partial(scan_pure, fmt=fmt, context=context, label=label)

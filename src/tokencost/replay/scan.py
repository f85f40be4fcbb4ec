"""Scanning a piece of JSON Lines into a Tally, with msgspec when it is there.

Both parsers give the same tally (tests check it on generated and malformed input):

- ``msgspec`` (the ``fast`` extra): typed decoding of a whole chunk, then one loop;
- ``python``: ``json.loads`` and :func:`~tokencost.replay.normalise.normalise` per
  line, the reference the fast path is checked against.

``TOKENCOST_REPLAY_PARSER=python`` forces the pure-Python parser (to compare them).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from tokencost.replay.normalise import BLANK, Skip, normalise, parse_line
from tokencost.replay.tally import Tally

PARSER_ENV = "TOKENCOST_REPLAY_PARSER"

Scanner = Callable[[bytes, Tally, int], int]
"""(whole lines, tally, lines before them in the piece) -> lines scanned."""


def pure_line(line: bytes, number: int, tally: Tally) -> None:
    """Tally one line by the pure rules (``number`` is 1-based within the piece)."""
    if not line.strip(b" \t\r"):
        tally.skip(BLANK, number)
        return
    try:
        read = normalise(parse_line(line))
    except Skip as skip:
        tally.skip(str(skip), number)
        return
    tally.add(read.model, read.day, number, read.counts, read.stamp, read.batch)


def scan_pure(data: bytes, tally: Tally, before: int) -> int:
    """Tally every line of ``data`` with the pure rules; returns the number of lines."""
    if not data:
        return 0
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for number, line in enumerate(lines, before + 1):
        pure_line(line, number, tally)
    return len(lines)


def scan_fast(data: bytes, tally: Tally, before: int) -> int:
    """Tally ``data`` with msgspec (lines it rejects go to :func:`pure_line`)."""
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


def scanner(parser: str) -> Scanner:
    """The scan function of a parser name."""
    return scan_fast if parser == "msgspec" else scan_pure

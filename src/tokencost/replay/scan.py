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
from tokencost.replay.formats.base import Context, LogFormat
from tokencost.replay.lines import pure_line, scan_pure
from tokencost.replay.tally import Tally

PARSER_ENV = "TOKENCOST_REPLAY_PARSER"

Scanner = Callable[[bytes, Tally, int], int]
"""(whole lines, tally, lines before them in the piece) -> lines scanned."""


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
    parser: str, fmt: LogFormat = RECORDS, context: Context | None = None, label: str | None = None
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

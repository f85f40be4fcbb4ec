"""``records``: usage records in tokencost's own shapes (the default).

OpenAI Chat Completions or Responses objects or their ``usage``, Anthropic messages or
their ``usage``, lines of a batch results file, and flat records (also every CSV row):
the rules are :mod:`tokencost.replay.normalise`'s, and the fast path mirrors them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tokencost.replay.formats.base import Context, Item, LogFormat, Row
from tokencost.replay.normalise import SHAPE_FIELDS, Skip, normalise


def read(value: Any, _context: Context) -> Iterator[Item]:
    """One record (or a skip reason)."""
    try:
        found = normalise(value)
    except Skip as skip:
        yield str(skip)
        return
    yield Row(
        found.model,
        found.stamp,
        found.counts,
        found.batch,
        requests=found.requests,
        aggregated=found.requests is not None,
        project=found.project,
        session=found.session,
    )


def looks_like(value: Any) -> bool:
    """A usage object, a response with one, or a line of a batch results file."""
    if not isinstance(value, dict):
        return False
    usage = value.get("usage")
    inner = usage if isinstance(usage, dict) else value
    return any(name in inner for name in SHAPE_FIELDS) or "custom_id" in value


FORMAT = LogFormat(
    name="records",
    title="usage records (OpenAI or Anthropic responses or usage, flat records)",
    read=read,
    looks_like=looks_like,
    columns=lambda _header: True,
)

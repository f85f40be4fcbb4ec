"""The log formats ``tokencost replay`` reads, detected from the content of each input.

Each format is a module of this package with a :class:`~tokencost.replay.formats.base.LogFormat`
named ``FORMAT``: its name for ``--log-format``, how its records look (detection),
whether it has a CSV form, and its reader (one JSON value or CSV row -> rows to price,
skip reasons, or records without usage). A new format joins by adding its module and
its place in :data:`ORDER`; readers that need other machinery (a columnar file, say)
add a reader of their own in :mod:`tokencost.replay.read` and a name here.

Detection reads the first values of an input (its first lines, or a document's first
elements, or a Parquet file's first rows) and takes the first format of :data:`ORDER`
that one of them looks like; ``records`` (tokencost's own shapes) when none does. CSV
is told by its header. The kind of file (JSON Lines, a JSON document, CSV, Parquet) is
told apart first (:func:`tokencost.replay.sources.kind_of`), and each is read by a
reader of :mod:`tokencost.replay.read` that hands its records to these formats.
"""

from __future__ import annotations

from collections.abc import Iterable

from tokencost.errors import InputError, did_you_mean
from tokencost.replay.formats import (
    anthropic_usage,
    claude_code,
    gemini,
    helicone,
    langfuse,
    litellm,
    openai_usage,
    openrouter,
    otel,
    records,
    vercel_ai,
)
from tokencost.replay.formats.base import LogFormat

ORDER: tuple[LogFormat, ...] = (
    claude_code.FORMAT,
    otel.FORMAT,
    openai_usage.FORMAT,
    anthropic_usage.FORMAT,
    langfuse.FORMAT,
    helicone.FORMAT,
    openrouter.FORMAT,
    litellm.FORMAT,
    gemini.FORMAT,
    vercel_ai.FORMAT,
    records.FORMAT,
)
"""Most specific first: the order detection tries them in."""
FORMATS = {fmt.name: fmt for fmt in ORDER}
NAMES = tuple(FORMATS)
RECORDS = records.FORMAT
AUTO = "auto"


def by_name(name: str) -> LogFormat:
    """The format ``--log-format`` names; InputError with the names otherwise."""
    found = FORMATS.get(name.strip().lower())
    if found is None:
        raise InputError(
            f"--log-format: unknown format {name!r}{did_you_mean(name, FORMATS)}; use one of: "
            + ", ".join((AUTO, *NAMES))
        )
    return found


def detect(values: Iterable[object]) -> LogFormat | None:
    """The first format one of ``values`` looks like (None: none, not even records)."""
    sample = list(values)
    for fmt in ORDER:
        if any(fmt.looks_like(value) for value in sample):
            return fmt
    return None


def detect_csv(header: Iterable[str]) -> LogFormat:
    """The format whose export a CSV header is (records, the flat columns, by default)."""
    names = frozenset(cell.strip() for cell in header)
    for fmt in ORDER:
        if fmt.columns is not None and fmt.columns(names):
            return fmt
    return RECORDS

"""What every log format's reader shares: the Row it yields, counts, timestamps, pages.

A reader turns one JSON value (a line of JSON Lines, an element of a document, a CSV
row as a dict) into *items*: a :class:`Row` to price, a skip reason (a fixed phrase of
:mod:`tokencost.replay.normalise`), or :data:`IGNORED` for a record that is no model
call (a user turn of a transcript, a span without usage). Rows carry the six disjoint
counts; each reader documents how its format's counts include one another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from tokencost.replay.normalise import (
    BAD_TIMESTAMP,
    NEGATIVE,
    NOT_INTEGER,
    NOT_OBJECT,
    Counts,
    Skip,
    Stamp,
)


class _Ignored:
    """The item of a record that is no model call."""

    def __repr__(self) -> str:
        return "IGNORED"


IGNORED: Final = _Ignored()

WRONG_SHAPE = "not a record of the format read"
"""Skip reason of a value that is not what the format's records look like."""


@dataclass(slots=True)
class Row:
    """One record to price, or one aggregated row (the sums of many requests)."""

    model: str | None
    stamp: Stamp
    counts: Counts
    """Uncached input, cache read, cache write, 1-hour cache write, output, reasoning."""
    batch: bool = False
    requests: int | None = None
    """Requests an aggregated row sums (None: not given)."""
    aggregated: bool = False
    prompt: tuple[int, int] | None = None
    """Smallest and largest prompt a request of an aggregated row can have, when the
    format says (Anthropic's context window); default 0 and the row's whole input."""
    span: int | None = None
    """Minutes an aggregated row covers from its timestamp (its bucket's width)."""
    project: str | None = None
    session: str | None = None
    key: str | None = None
    """Counted once per key, the last line winning (streamed messages)."""
    notes: tuple[tuple[str, int], ...] = ()
    """Caveats of the pricing: (note, amount), counted per row."""


Item = Row | str | _Ignored


@dataclass(frozen=True)
class Context:
    """Where the values come from."""

    name: str
    """The input's name as given (line references)."""
    project: str | None = None
    """A project the input's place says (a Claude Code projects folder)."""
    session: str | None = None
    """A session the input's place says (a transcript's file name)."""


@dataclass(frozen=True)
class LogFormat:
    """A log format tokencost reads."""

    name: str
    """What ``--log-format`` calls it."""
    title: str
    """What it is, for messages: ``Claude Code session transcripts``."""
    read: Callable[[Any, Context], Iterable[Item]]
    """A JSON value (or a CSV row as a dict) -> items."""
    looks_like: Callable[[Any], bool]
    """Whether a value is one of its records (content detection)."""
    columns: Callable[[frozenset[str]], bool] | None = None
    """Whether a CSV header is its export (None: it has no CSV form)."""
    without_usage: str = "records without token usage"
    """What its records without usage are, for the footer."""
    dedupe: bool = False
    """Records carry keys counted once: each file is read whole by one worker."""
    values: Callable[[Any], Iterator[Any]] = field(default=lambda parsed: values(parsed))
    """A parsed JSON value -> the values to read (pages and arrays unwrapped)."""


PAGE_KEYS = ("has_more", "next_page", "meta", "error")


def values(parsed: Any) -> Iterator[Any]:
    """The values a parsed line or document holds: an array's elements, an API page's
    ``data`` (an object with a ``data`` array and ``has_more``, ``next_page``, ``meta``
    or ``error``, or ``"object": "page"``, and no ``usage``), else the value itself."""
    if isinstance(parsed, list):
        yield from parsed
    elif (
        isinstance(parsed, dict)
        and isinstance(parsed.get("data"), list)
        and "usage" not in parsed
        and (parsed.get("object") == "page" or any(key in parsed for key in PAGE_KEYS))
    ):
        yield from parsed["data"]
    else:
        yield parsed


def one_item(
    read_one: Callable[[dict[str, Any], Context], Item],
) -> Callable[[Any, Context], Iterable[Item]]:
    """The reader of a format whose record is a JSON object read as one item by
    ``read_one``: any other value is :data:`WRONG_SHAPE`, a :class:`Skip` it raises is
    the record's skip reason."""

    def read(value: Any, context: Context) -> Iterable[Item]:
        if not isinstance(value, dict):
            return (WRONG_SHAPE,)
        try:
            return (read_one(value, context),)
        except Skip as skip:
            return (str(skip),)

    return read


def has_keys(*all_of: str, any_of: tuple[str, ...] = ()) -> Callable[[Any], bool]:
    """A detector (``looks_like``): a JSON object with every key of ``all_of`` and, when
    ``any_of`` is given, one of those too."""

    def looks_like(value: Any) -> bool:
        return (
            isinstance(value, dict)
            and all(key in value for key in all_of)
            and (not any_of or any(key in value for key in any_of))
        )

    return looks_like


def header_has(*names: str) -> Callable[[frozenset[str]], bool]:
    """A CSV export's detector (``columns``): a header with every one of ``names``."""
    wanted = frozenset(names)
    return wanted.issubset


def obj(value: Any) -> dict[str, Any]:
    """A JSON object, or Skip (not a JSON object)."""
    if not isinstance(value, dict):
        raise Skip(NOT_OBJECT)
    return value


def nested(value: Any, *path: str) -> Any:
    """``value[path[0]][path[1]]...``, None where a step is missing or not an object."""
    for step in path:
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def count(value: Any, *, text: bool = False, integral_float: bool = False) -> int:
    """A count >= 0 (None is 0): a JSON integer; with ``text``, also decimal digits in a
    string (``"123"``, as OTLP writes 64-bit integers); with ``integral_float``, also a
    float or text with a zero fraction (``59200.0``, as a spreadsheet export writes)."""
    if value is None:
        return 0
    if type(value) is int:
        found = value
    elif text and isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        found = int(value.strip())
    elif integral_float and isinstance(value, float) and value.is_integer():
        found = int(value)
    elif integral_float and isinstance(value, str) and _INTEGRAL.fullmatch(value.strip()):
        found = int(value.strip().split(".")[0])
    else:
        raise Skip(NOT_INTEGER)
    if found < 0:
        raise Skip(NEGATIVE)
    return found


_INTEGER = re.compile(r"[+-]?[0-9]+")
_INTEGRAL = re.compile(r"[+-]?[0-9]+\.0*")


def stamp(value: Any) -> Stamp:
    """A timestamp as written: ISO 8601 text or a Unix time (None when absent)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Skip(BAD_TIMESTAMP)
    return value


def text(value: Any) -> str | None:
    """Non-empty text, else None."""
    return value if isinstance(value, str) and value.strip() else None


def json_field(value: Any) -> Any:
    """A field that may hold JSON as text (a CSV cell, LiteLLM's metadata column)."""
    if isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            return None
    return value


def first_of(record: dict[str, Any], *names: str) -> Any:
    """The first of the fields that is present and not null."""
    for name in names:
        found = record.get(name)
        if found is not None:
            return found
    return None

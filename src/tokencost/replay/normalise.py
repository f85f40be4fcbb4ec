"""One usage record -> disjoint token counts, its model name and its day (pure Python).

This module is the definition of how a record is read; the fast path
(:mod:`tokencost.replay.fast`) mirrors it for the common shapes and hands every other
record back to :func:`normalise`, and tests check that both agree.

Shapes (the first that matches wins):

1. ``usage`` = the record's ``usage`` object when present and not null, else the
   record itself (a bare usage object or a flat record).
2. OpenAI Chat Completions, ``prompt_tokens`` / ``completion_tokens``: the prompt count
   INCLUDES ``prompt_tokens_details.cached_tokens`` and the completion count includes
   ``completion_tokens_details.reasoning_tokens``.
3. OpenAI Responses, ``input_tokens`` with ``input_tokens_details`` or
   ``output_tokens_details``: the same convention (cached and reasoning included).
4. Anthropic or flat, ``input_tokens`` / ``output_tokens``: ``cache_read_input_tokens``
   and ``cache_creation_input_tokens`` are NOT part of ``input_tokens`` (Anthropic);
   ``cache_creation.ephemeral_1h_input_tokens`` is the part of the cache writes made
   with the 1-hour lifetime (the rest are 5-minute writes); a flat ``cached_tokens``
   IS part of ``input_tokens`` and a flat ``reasoning_tokens`` is part of
   ``output_tokens`` (OpenAI's convention, as in its usage exports).

The result is six disjoint counts (uncached input, cache read, cache write, 1-hour
cache write, output without reasoning, reasoning), so a cached token is never counted
twice. A missing or null count is 0, but a record needs at least one count of its
shape. Counts must be JSON integers >= 0 (``12``; not ``12.0``, ``"12"``, ``true`` or
``-1``).

Batch: a record sent through a provider's batch API says so with ``"batch": true``
(``false`` or null: not batch; anything else is skipped). A line of a batch *results*
file, which has a ``custom_id`` and no usage or token counts of its own, is read as
its result, billed as batch: OpenAI's ``response.body`` (a Chat Completions or
Responses object) or Anthropic's ``result.message``; the result's own fields (model,
timestamp, usage) are the record's.

A flat record may also say how many requests it sums (``requests``, a whole number:
the record is then an *aggregated row*, see :mod:`tokencost.replay.tally`) and carry a
``project`` and a ``session`` (text, for ``--by project|session``).

Model: ``model`` (else the caller's default). Timestamp: the first of ``timestamp``,
``created_at``, ``created`` that is not null: an ISO 8601 string whose first ten
characters are its date (the day as written), or a Unix time in seconds,
milliseconds, microseconds or nanoseconds (by magnitude), whose day is the UTC date.
Its moment, read only to place a record in an off-peak window, is UTC: an ISO 8601
offset is converted (a time without an offset is taken as UTC), a date alone, no
timestamp or a time that cannot be read has none (:func:`moment_of`); a window in a
time zone reads that moment on its own clock.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

Counts = tuple[int, int, int, int, int, int]
"""uncached input, cache read, cache write (standard lifetime), 1-hour cache write,
output (without reasoning), reasoning."""

Stamp = str | int | float | None
"""A record's timestamp as written: ISO 8601 text, a Unix time, or None."""

DayKey = str | int | None
"""A record's day before it is checked: ``"YYYY-MM-DD"`` text, a Unix day number, or
None when the record has no timestamp."""

EPOCH = date(1970, 1, 1).toordinal()
_DAY_SECONDS = 86_400
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_SECOND = timedelta(seconds=1)
_MINUTES_PER_DAY = 1440

TIMESTAMP_FIELDS = ("timestamp", "created_at", "created")
SHAPE_FIELDS = (
    "prompt_tokens",
    "completion_tokens",
    "input_tokens",
    "output_tokens",
    "input_tokens_details",
    "output_tokens_details",
)
"""Fields that make a record a usage record of its own (not a batch result wrapper)."""
TOKEN_FIELDS = (
    "prompt_tokens",
    "completion_tokens",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
)
"""Token counts a flat record (or a CSV row) may carry."""


class Skip(Exception):
    """A record that cannot be priced; the message is the reason (a short fixed phrase)."""


# The reasons a line is skipped, in the order they are reported.
INVALID_JSON = "invalid JSON"
INVALID_UTF8 = "invalid UTF-8"
TOO_DEEP = "JSON nested too deeply"
NOT_OBJECT = "not a JSON object"
BLANK = "blank line"
BAD_FIELDS = "wrong number of CSV fields"
UNCLOSED_QUOTE = "unclosed quote"
MISSING_MODEL = "missing model"
NO_TOKENS = "no token counts"
NEGATIVE = "negative tokens"
NOT_INTEGER = "non-integer tokens"
CACHED_EXCEEDS = "cached tokens exceed input tokens"
REASONING_EXCEEDS = "reasoning tokens exceed output tokens"
LONG_EXCEEDS = "1-hour cache writes exceed cache writes"
BAD_TIMESTAMP = "bad timestamp"
BAD_BATCH = "batch is not true or false"
UNKNOWN_MODEL = "unknown model"
NO_PRICE = "no price on the record's date"
REASONS = (
    INVALID_JSON,
    INVALID_UTF8,
    TOO_DEEP,
    NOT_OBJECT,
    BLANK,
    BAD_FIELDS,
    UNCLOSED_QUOTE,
    MISSING_MODEL,
    NO_TOKENS,
    NEGATIVE,
    NOT_INTEGER,
    CACHED_EXCEEDS,
    REASONING_EXCEEDS,
    LONG_EXCEEDS,
    BAD_TIMESTAMP,
    BAD_BATCH,
    UNKNOWN_MODEL,
    NO_PRICE,
)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_line(line: bytes) -> object:
    """A JSON value, or Skip: NaN and Infinity are not JSON and are rejected, and so
    are bytes that are not UTF-8 (anywhere in the line, read or not) and values nested
    deeper than Python's recursion limit (about 1,000 levels)."""
    try:
        text = line.decode("utf-8-sig")  # strict: no lone surrogates either
        return json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise Skip(INVALID_UTF8) from None
    except RecursionError:
        raise Skip(TOO_DEEP) from None
    except ValueError:  # JSONDecodeError
        raise Skip(INVALID_JSON) from None


class Read(NamedTuple):
    """What a record says, before its model and day are looked up."""

    model: str | None
    day: DayKey
    stamp: Stamp
    """The timestamp as written (its time of day places the record in off-peak windows)."""
    counts: Counts
    batch: bool
    requests: int | None = None
    """The requests an aggregated row sums (None: the record is one request)."""
    project: str | None = None
    session: str | None = None


def normalise(record: object) -> Read:
    """The model name (None if absent), day, timestamp, counts and batch flag of a record."""
    if not isinstance(record, dict):
        raise Skip(NOT_OBJECT)
    if record.get("usage") is None and not _present(record, *SHAPE_FIELDS):
        body = batch_result(record)
        if body is not None:
            return _read(body, True)
    return _read(record, None)


def batch_result(record: dict[str, Any]) -> dict[str, Any] | None:
    """The result a line of a batch results file holds (OpenAI's ``response.body``,
    Anthropic's ``result.message``), or None when the record is not such a line."""
    if record.get("custom_id") is None:
        return None
    for holder, name in (("response", "body"), ("result", "message")):
        outer = record.get(holder)
        if isinstance(outer, dict):
            inner = outer.get(name)
            if isinstance(inner, dict):
                return inner
    return None


def _read(record: dict[str, Any], batch: bool | None) -> Read:
    model = record.get("model")
    if model is not None and not isinstance(model, str):
        raise Skip(MISSING_MODEL)
    usage = record.get("usage")
    if usage is None:
        usage = record
    elif not isinstance(usage, dict):
        raise Skip(NO_TOKENS)
    stamp = timestamp(record)
    day = day_of(stamp)
    found = counts(usage)
    if batch is None:
        flag = record.get("batch")
        if flag is not None and not isinstance(flag, bool):
            raise Skip(BAD_BATCH)
        batch = bool(flag)
    requests = record.get("requests")
    if requests is not None:
        requests = count_of(requests)
    return Read(
        model,
        day,
        stamp,
        found,
        batch,
        requests,
        _text(record, "project"),
        _text(record, "session"),
    )


def _text(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    return value if isinstance(value, str) and value else None


def counts(usage: dict[str, Any]) -> Counts:
    """Disjoint counts from a usage object by the rules of the module docstring."""
    if _present(usage, "prompt_tokens", "completion_tokens"):
        prompt = _tokens(usage, "prompt_tokens")
        completion = _tokens(usage, "completion_tokens")
        cached = _detail(usage, "prompt_tokens_details", "cached_tokens")
        reasoning = _detail(usage, "completion_tokens_details", "reasoning_tokens")
        return disjoint(prompt, cached, 0, 0, 0, completion, reasoning)
    if _present(usage, "input_tokens_details", "output_tokens_details"):
        if not _present(usage, "input_tokens", "output_tokens"):
            raise Skip(NO_TOKENS)
        return disjoint(
            _tokens(usage, "input_tokens"),
            _detail(usage, "input_tokens_details", "cached_tokens"),
            0,
            0,
            0,
            _tokens(usage, "output_tokens"),
            _detail(usage, "output_tokens_details", "reasoning_tokens"),
        )
    if _present(usage, "input_tokens", "output_tokens"):
        return disjoint(
            _tokens(usage, "input_tokens"),
            _tokens(usage, "cached_tokens"),
            _tokens(usage, "cache_read_input_tokens"),
            _tokens(usage, "cache_creation_input_tokens"),
            _detail(usage, "cache_creation", "ephemeral_1h_input_tokens"),
            _tokens(usage, "output_tokens"),
            _tokens(usage, "reasoning_tokens"),
        )
    raise Skip(NO_TOKENS)


def disjoint(
    inclusive_input: int,
    cached_within: int,
    cache_read: int,
    cache_write: int,
    long_write: int,
    inclusive_output: int,
    reasoning: int,
) -> Counts:
    """Six disjoint counts from counts that include their parts (cached within the
    input, reasoning within the output, 1-hour writes within the writes); Skip when a
    part exceeds its whole. ``cache_read`` and ``cache_write`` are apart from the input."""
    # Check the whole record before judging the subtractions.
    if cached_within > inclusive_input:
        raise Skip(CACHED_EXCEEDS)
    if reasoning > inclusive_output:
        raise Skip(REASONING_EXCEEDS)
    if long_write > cache_write:
        raise Skip(LONG_EXCEEDS)
    return (
        inclusive_input - cached_within,
        cached_within + cache_read,
        cache_write - long_write,
        long_write,
        inclusive_output - reasoning,
        reasoning,
    )


def _present(usage: dict[str, Any], *names: str) -> bool:
    return any(usage.get(name) is not None for name in names)


def _tokens(obj: dict[str, Any], name: str) -> int:
    value = obj.get(name)
    if value is None:
        return 0
    return count_of(value)


def count_of(value: object) -> int:
    """A count: a JSON integer >= 0 (``12``; not ``12.0``, ``"12"``, ``true`` or ``-1``)."""
    if type(value) is not int:  # bool is an int subclass, and not a count
        raise Skip(NOT_INTEGER)
    if value < 0:
        raise Skip(NEGATIVE)
    return value


def _detail(usage: dict[str, Any], holder: str, name: str) -> int:
    details = usage.get(holder)
    if details is None:
        return 0
    if not isinstance(details, dict):
        raise Skip(NOT_INTEGER)
    return _tokens(details, name)


def timestamp(record: dict[str, Any]) -> Stamp:
    """The first non-null timestamp field (text or a number), or None; Skip otherwise."""
    for name in TIMESTAMP_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise Skip(BAD_TIMESTAMP)
        return value
    return None


def day_of(stamp: Stamp) -> DayKey:
    """The day key of a timestamp: its first ten characters, or the Unix day number."""
    if stamp is None:
        return None
    if isinstance(stamp, str):
        return stamp[:10]
    return epoch_day(stamp)


def day_key(record: dict[str, Any]) -> DayKey:
    """The day key of the first non-null timestamp field, or None."""
    return day_of(timestamp(record))


def moment_of(stamp: Stamp) -> int | None:
    """The moment of a timestamp in whole minutes UTC since the start of the calendar
    (``ordinal * 1440 + minute of the day``, :mod:`tokencost.zones`), or None without a
    time of day.

    ISO 8601 text is read with :meth:`datetime.fromisoformat`: an offset is converted
    to UTC, a time without one is taken as UTC; a date alone (ten characters or fewer)
    or text it cannot read has no time of day. A Unix time is UTC (scaled as in
    :func:`epoch_day`). Seconds are dropped.
    """
    if isinstance(stamp, str):
        moment = _moment(stamp)
        if moment is None:
            return None
        minutes = moment.toordinal() * _MINUTES_PER_DAY + moment.hour * 60 + moment.minute
        offset = moment.utcoffset()
        if not offset:
            return minutes
        return (minutes * 60 + moment.second - offset // _SECOND) // 60
    if stamp is None:
        return None
    scale = _scale(stamp) // _DAY_SECONDS * 60
    if isinstance(stamp, int):
        return EPOCH * _MINUTES_PER_DAY + stamp // scale
    try:
        return EPOCH * _MINUTES_PER_DAY + int(stamp // scale)
    except (OverflowError, ValueError):  # inf, nan
        return None


def _moment(stamp: str) -> datetime | None:
    """ISO 8601 text with a time of day as a datetime, else None (a date alone, or text
    :meth:`datetime.fromisoformat` cannot read)."""
    if len(stamp) <= 10:
        return None
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def instant_of(stamp: Stamp) -> int | None:
    """Seconds since the epoch (UTC) of a timestamp, or None when it has no time of day
    or cannot be read: ISO 8601 text (an offset converted, none taken as UTC), a Unix
    time scaled as in :func:`epoch_day`."""
    if isinstance(stamp, str):
        moment = _moment(stamp)
        if moment is None:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return int(moment.timestamp())
    if stamp is None:
        return None
    scale = _scale(stamp) // _DAY_SECONDS
    try:
        return int(stamp // scale)
    except (OverflowError, ValueError):  # inf, nan
        return None


def epoch_day(value: int | float) -> int:
    """The UTC day number (days since 1970-01-01) of a Unix time.

    Seconds below 10^11 (the year 5138), then milliseconds below 10^14, microseconds
    below 10^17, else nanoseconds. Floats keep their fraction until the floor.
    """
    scale = _scale(value)
    if isinstance(value, int):
        return value // scale
    try:
        return int(value // scale)
    except (OverflowError, ValueError):  # inf, nan
        raise Skip(BAD_TIMESTAMP) from None


def _scale(value: int | float) -> int:
    """Units of a Unix time in a day: seconds, milli-, micro- or nanoseconds by size."""
    magnitude = abs(value)
    if magnitude < 10**11:
        return _DAY_SECONDS
    if magnitude < 10**14:
        return _DAY_SECONDS * 1000
    if magnitude < 10**17:
        return _DAY_SECONDS * 1_000_000
    return _DAY_SECONDS * 1_000_000_000


def day_ordinal(key: DayKey) -> int | None:
    """The proleptic ordinal of a checked day key (None stays None), or Skip."""
    if key is None:
        return None
    if isinstance(key, int):
        ordinal = EPOCH + key
        if not 1 <= ordinal <= date.max.toordinal():
            raise Skip(BAD_TIMESTAMP)
        return ordinal
    if not _ISO_DATE.fullmatch(key):
        raise Skip(BAD_TIMESTAMP)
    try:
        return date.fromisoformat(key).toordinal()
    except ValueError:
        raise Skip(BAD_TIMESTAMP) from None

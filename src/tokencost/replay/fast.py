"""The fast path: msgspec decodes a whole chunk of JSON lines into typed records.

msgspec (``pip install 'tokencost[fast]'``) decodes only the fields declared below,
skips the rest (message text, ids) without building Python objects, and checks the
types in C: token counts must be integers >= 0, so a record that reaches the loop
below is well-typed. The loop mirrors :func:`tokencost.replay.normalise.normalise`
for the common shapes and hands anything else (and every line msgspec rejects) to
it, so both paths give the same tally; tests check it.

A part of a chunk is decoded at once when every line holds exactly one object (no
blank lines, and as many values as lines); otherwise line by line. The structs are
not tracked by the garbage collector (they hold no cycles): millions of them would
otherwise set off collections that cost a tenth of the time.

A record the loop does not handle itself (no token counts of its own, or a cached
count over its input) is handed back as its line's bytes: a line of a batch results
file is decoded again as one (:class:`Wrapper`) and its body goes through the loop,
marked batch; any other line goes to the pure rules, which decide it as they would on
the pure path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Annotated, TypeVar

import msgspec

from tokencost.replay.normalise import BAD_TIMESTAMP, BLANK, Skip, Stamp, epoch_day
from tokencost.replay.tally import LIMIT, Tally

assert LIMIT == 7  # the hot loop indexes slots with the literal

PureLine = Callable[[bytes, int, Tally], None]
"""How a line msgspec rejects is handled: the pure path (``lines.pure_line``)."""
Slow = Callable[[int], None]
"""Hands the line of a record (by number) back to the pure path."""

Count = Annotated[int, msgspec.Meta(ge=0)] | None
T = TypeVar("T")


class Details(msgspec.Struct, gc=False):
    """``*_tokens_details``: the parts of a count that are cached or reasoning."""

    cached_tokens: Count = None
    reasoning_tokens: Count = None


class CacheCreation(msgspec.Struct, gc=False):
    """Anthropic's ``cache_creation``: the cache writes by lifetime."""

    ephemeral_1h_input_tokens: Count = None


class UsageObject(msgspec.Struct, gc=False):
    """A usage object of any provider (fields absent from a record stay None)."""

    prompt_tokens: Count = None
    completion_tokens: Count = None
    prompt_tokens_details: Details | None = None
    completion_tokens_details: Details | None = None
    input_tokens: Count = None
    output_tokens: Count = None
    input_tokens_details: Details | None = None
    output_tokens_details: Details | None = None
    cache_read_input_tokens: Count = None
    cache_creation_input_tokens: Count = None
    cache_creation: CacheCreation | None = None
    cached_tokens: Count = None
    reasoning_tokens: Count = None


class UsageRecord(UsageObject, gc=False):
    """A response, a usage object or a flat record: usage fields may be at the top."""

    model: str | None = None
    usage: UsageObject | None = None
    timestamp: Stamp = None
    created_at: Stamp = None
    created: Stamp = None
    batch: bool | None = None
    requests: Count = None
    """An aggregated row's request count: such a record goes to the pure rules."""


class Response(msgspec.Struct, gc=False):
    """OpenAI's batch output: the response of one request."""

    body: UsageRecord | None = None


class Result(msgspec.Struct, gc=False):
    """Anthropic's batch results: the result of one request."""

    message: UsageRecord | None = None


_RAW = msgspec.Raw()


class Wrapper(msgspec.Struct, gc=False):
    """A line of a batch results file. Fields that would make the line a usage record
    of its own are kept raw, only to see that they are absent (or null)."""

    custom_id: msgspec.Raw = _RAW
    response: Response | None = None
    result: Result | None = None
    usage: msgspec.Raw = _RAW
    prompt_tokens: msgspec.Raw = _RAW
    completion_tokens: msgspec.Raw = _RAW
    input_tokens: msgspec.Raw = _RAW
    output_tokens: msgspec.Raw = _RAW
    input_tokens_details: msgspec.Raw = _RAW
    output_tokens_details: msgspec.Raw = _RAW

    def body(self) -> UsageRecord | None:
        """The result it holds, as :func:`~tokencost.replay.normalise.batch_result`
        finds it, or None when the line is not a batch result."""
        own = (
            self.usage,
            self.prompt_tokens,
            self.completion_tokens,
            self.input_tokens,
            self.output_tokens,
            self.input_tokens_details,
            self.output_tokens_details,
        )
        if _null(self.custom_id) or not all(_null(raw) for raw in own):
            return None
        if self.response is not None and self.response.body is not None:
            return self.response.body
        return None if self.result is None else self.result.message


def _null(raw: msgspec.Raw) -> bool:
    return not len(raw) or bytes(raw) == b"null"


_DECODER = msgspec.json.Decoder(UsageRecord)
_WRAPPER = msgspec.json.Decoder(Wrapper)
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, RecursionError)
"""What msgspec raises on a line it rejects (nested too deeply included)."""
_BLANK_INSIDE = re.compile(rb"\n[ \t\r]*\n")
_BLANK_FIRST = re.compile(rb"[ \t\r]*(?:\n|$)")
_EPOCH_SECONDS_BELOW = 100_000_000_000
PART = 1 << 18


def scan_chunk(data: bytes, tally: Tally, before: int, fallback: PureLine) -> int:
    """Tally the JSON lines of ``data`` (whole lines); returns how many lines it held.

    ``before`` is the number of lines of the piece before ``data``; ``fallback``
    handles a line msgspec rejects (the pure path). The data is decoded in parts of
    about ``PART`` bytes: they stay in the CPU's cache, and a broken line sends only
    its part to the slower line-by-line decoding.
    """
    return in_parts(data, before, lambda part, ahead: _scan_part(part, tally, ahead, fallback))


def in_parts(data: bytes, before: int, scan_part: Callable[[bytes, int], int]) -> int:
    """Scan ``data`` (whole lines) in parts of about ``PART`` bytes, each ending at a
    line's end: ``scan_part(part, lines before it)`` returns the lines it held."""
    lines = 0
    start, size = 0, len(data)
    while start < size:
        end = size if size - start <= PART else data.rfind(b"\n", start, start + PART) + 1
        if end <= start:  # a line longer than a part
            end = data.find(b"\n", start + PART) + 1 or size
        lines += scan_part(data[start:end], before + lines)
        start = end
    return lines


def decode_part(decoder: msgspec.json.Decoder[T], data: bytes) -> tuple[int, list[T] | None]:
    """(lines of a part, its values decoded at once), the values None unless every line
    holds exactly one (no blank line, none msgspec rejects, all of it UTF-8)."""
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if _has_blank_line(data) or not _is_utf8(data):
        return lines, None
    try:
        decoded = decoder.decode_lines(data)
    except _ERRORS:
        return lines, None
    return lines, decoded if len(decoded) == lines else None


def line_by_line(
    data: bytes,
    tally: Tally,
    before: int,
    decoder: msgspec.json.Decoder[T],
    fallback: Callable[[bytes, int], None],
    one: Callable[[int, T, bytes], None],
) -> int:
    """Decode each line of a part on its own: a blank one is skipped, one msgspec
    rejects goes to ``fallback(line, number)``, the others to ``one(number, value,
    line)``; returns the lines."""
    lines = data.split(b"\n")
    if data.endswith(b"\n"):
        lines.pop()
    for number, line in enumerate(lines, before + 1):
        if not line.strip(b" \t\r"):
            tally.skip(BLANK, number)
            continue
        if not _is_utf8(line):  # msgspec checks only the strings it decodes
            fallback(line, number)
            continue
        try:
            value = decoder.decode(line)
        except _ERRORS:
            fallback(line, number)
            continue
        one(number, value, line)
    return len(lines)


def _scan_part(data: bytes, tally: Tally, before: int, fallback: PureLine) -> int:
    lines, records = decode_part(_DECODER, data)
    if records is None:
        return line_by_line(
            data,
            tally,
            before,
            _DECODER,
            lambda line, number: fallback(line, number, tally),
            lambda number, record, line: scan_records(
                ((number, record),), tally, _Line(line, tally, fallback)
            ),
        )
    scan_records(enumerate(records, before + 1), tally, _Lines(data, before, tally, fallback))
    return lines


def stamp_day(stamp: Stamp) -> str | int | None:
    """The day a decoded timestamp is tallied on (ISO text: its first ten characters,
    checked later; a Unix time: its UTC day number), False when it has none (a float
    that is not finite)."""
    if stamp is None:
        return None
    if isinstance(stamp, str):
        return stamp[:10]
    if isinstance(stamp, int) and 0 <= stamp < _EPOCH_SECONDS_BELOW:
        return stamp // 86400
    try:
        return epoch_day(stamp)
    except Skip:
        return False


class _Line:
    """A record the hot loop hands back, by its line: a batch result's body goes back
    to the loop (as batch); anything else to the pure path."""

    def __init__(self, line: bytes, tally: Tally, fallback: PureLine) -> None:
        self.line, self.tally, self.fallback = line, tally, fallback

    def __call__(self, number: int) -> None:
        _unwrap(self.line, number, self.tally, self.fallback)


class _Lines:
    """As :class:`_Line`, for a record of a part decoded at once (split lazily)."""

    def __init__(self, data: bytes, before: int, tally: Tally, fallback: PureLine) -> None:
        self.data, self.before, self.tally, self.fallback = data, before, tally, fallback
        self.lines: list[bytes] | None = None

    def __call__(self, number: int) -> None:
        if self.lines is None:
            self.lines = self.data.split(b"\n")
        _unwrap(self.lines[number - self.before - 1], number, self.tally, self.fallback)


def _unwrap(line: bytes, number: int, tally: Tally, fallback: PureLine) -> None:
    """A line of a batch results file: its body, marked batch, through the hot loop (which
    hands it to the pure path if it needs to); any other line to the pure path."""
    try:
        body = _WRAPPER.decode(line).body()
    except _ERRORS:
        body = None
    if body is None:
        fallback(line, number, tally)
        return
    body.batch = True
    scan_records(((number, body),), tally, _Pure(line, tally, fallback))


class _Pure:
    """The pure path for the line of a batch result's body."""

    def __init__(self, line: bytes, tally: Tally, fallback: PureLine) -> None:
        self.line, self.tally, self.fallback = line, tally, fallback

    def __call__(self, number: int) -> None:
        self.fallback(self.line, number, self.tally)


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 throughout (the pure rules skip a line that is not,
    whichever field holds the bad bytes)."""
    if data.isascii():
        return True
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


def _has_blank_line(data: bytes) -> bool:
    if _BLANK_FIRST.match(data) or _BLANK_INSIDE.search(data):
        return True
    last = data.rfind(b"\n", 0, len(data) - 1) + 1
    return not data[last:].strip(b" \t\r\n")


def scan_records(numbered: Iterable[tuple[int, UsageRecord]], tally: Tally, slow: Slow) -> None:
    """Add decoded records to the tally: the hot loop, one pass, few function calls.

    Token counts are already integers >= 0; what is left to check is which shape a
    record has and that cached (reasoning, 1-hour write) tokens do not exceed input
    (output, write) tokens. A record is added to its slot inline unless its prompt
    exceeds the slot's limit, it is batch or has 1-hour writes (:meth:`Tally.put`
    decides then, with the same result for a record it could have added inline).
    """
    raw = tally.raw
    first = tally.first
    put = tally.put
    for number, record in numbered:
        if record.requests is not None:
            slow(number)
            continue
        u = record.usage
        if u is None:
            u = record
        p = u.prompt_tokens
        if p is not None:  # OpenAI Chat Completions: prompt includes cached
            o = u.completion_tokens or 0
            d = u.prompt_tokens_details
            c = 0 if d is None else d.cached_tokens or 0
            d = u.completion_tokens_details
            z = 0 if d is None else d.reasoning_tokens or 0
            if c > p or z > o:
                slow(number)
                continue
            a = p - c
            o -= z
            w = h = 0
        elif u.completion_tokens is not None:
            slow(number)
            continue
        else:
            p = u.input_tokens
            given_out = u.output_tokens
            if p is None and given_out is None:
                slow(number)
                continue
            a = p or 0
            p = None  # the prompt is summed below, where a slot has a limit
            o = given_out or 0
            di = u.input_tokens_details
            do = u.output_tokens_details
            if di is None and do is None:  # Anthropic (cache apart) or flat (cached within)
                c = u.cached_tokens or 0
                z = u.reasoning_tokens or 0
                if c > a or z > o:
                    slow(number)
                    continue
                a -= c
                o -= z
                c += u.cache_read_input_tokens or 0
                w = u.cache_creation_input_tokens or 0
                h = 0
                if u.cache_creation is not None:
                    h = u.cache_creation.ephemeral_1h_input_tokens or 0
                    if h > w:
                        slow(number)
                        continue
                    w -= h
            else:  # OpenAI Responses: input includes cached
                c = 0 if di is None else di.cached_tokens or 0
                z = 0 if do is None else do.reasoning_tokens or 0
                if c > a or z > o:
                    slow(number)
                    continue
                a -= c
                o -= z
                w = h = 0
        t = record.timestamp
        if t is None:
            t = record.created_at
            if t is None:
                t = record.created
        day = t[:10] if type(t) is str else stamp_day(t)
        if day is False:
            tally.skip(BAD_TIMESTAMP, number)
            continue
        slot = raw.get((record.model, day))
        if slot is None:
            first(record.model, day, number, t, record.batch, a, c, w, h, o, z)
            continue
        if record.batch or h:
            put(slot, t, record.batch, a, c, w, h, o, z)
            continue
        limit = slot[7]  # LIMIT
        if limit is not None and (a + c + w if p is None else p) > limit:
            put(slot, t, None, a, c, w, h, o, z)
            continue
        slot[0] += 1
        slot[1] += a
        slot[2] += c
        slot[3] += w
        slot[5] += o
        slot[6] += z

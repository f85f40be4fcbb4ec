"""The fast path for Claude Code transcripts: msgspec decodes only what prices a line.

A transcript line is mostly text (prompts, tool results, file contents); msgspec skips
it without building Python objects and decodes the few fields
:mod:`tokencost.replay.formats.claude_code` reads (``type``, ``timestamp``,
``requestId``, ``sessionId``, ``message.id``, ``message.model``, ``message.usage``), typed,
so a line that reaches the loop is well formed. The loop mirrors the pure reader for
the lines Claude Code writes and hands any other (a usage of another shape, a usage
whose 1-hour writes exceed its writes, a line msgspec rejects) to it, so both give the
same tally; tests check it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

import msgspec

from tokencost.replay.fast import PART, Count, _has_blank_line
from tokencost.replay.formats.base import Context
from tokencost.replay.formats.claude_code import FORMAT, SYNTHETIC
from tokencost.replay.lines import pure_line
from tokencost.replay.normalise import BAD_TIMESTAMP, BLANK, Skip, Stamp, epoch_day
from tokencost.replay.tally import Tally

_RAW = msgspec.Raw()
_EPOCH_SECONDS_BELOW = 100_000_000_000


class _CacheCreation(msgspec.Struct, gc=False):
    ephemeral_1h_input_tokens: Count = None


class _Usage(msgspec.Struct, gc=False):
    """Anthropic's usage; fields of other shapes are read only to see them absent (a
    line with one goes to the pure rules)."""

    input_tokens: Count = None
    output_tokens: Count = None
    cache_read_input_tokens: Count = None
    cache_creation_input_tokens: Count = None
    cache_creation: _CacheCreation | None = None
    speed: str | None = None
    prompt_tokens: Count = None
    completion_tokens: Count = None
    input_tokens_details: msgspec.Raw = _RAW
    output_tokens_details: msgspec.Raw = _RAW
    cached_tokens: Count = None
    reasoning_tokens: Count = None


class _Message(msgspec.Struct, gc=False):
    id: str | None = None
    model: str | None = None
    usage: _Usage | None = None


class _TranscriptLine(msgspec.Struct, gc=False):
    type: str | None = None
    message: _Message | None = None
    timestamp: Stamp = None
    requestId: str | None = None  # the transcript's names
    sessionId: str | None = None


_DECODER = msgspec.json.Decoder(_TranscriptLine)
_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)


def scan_transcript(
    data: bytes,
    tally: Tally,
    before: int,
    *,
    context: Context | None = None,
    label: str | None = None,
) -> int:
    """Tally the transcript lines of ``data``; returns how many lines it held."""
    where = context or Context(tally.name)
    lines = 0
    start, size = 0, len(data)
    while start < size:
        end = size if size - start <= PART else data.rfind(b"\n", start, start + PART) + 1
        if end <= start:  # a line longer than a part
            end = data.find(b"\n", start + PART) + 1 or size
        lines += _part(data[start:end], tally, before + lines, where, label)
        start = end
    return lines


def _part(data: bytes, tally: Tally, before: int, context: Context, label: str | None) -> int:
    count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    decoded = None
    if not _has_blank_line(data):
        try:
            decoded = _DECODER.decode_lines(data)
        except _ERRORS:
            decoded = None
    if decoded is not None and len(decoded) == count:
        split: list[bytes] = []

        def slow(number: int) -> None:
            if not split:
                split.extend(data.split(b"\n"))
            pure_line(split[number - before - 1], number, tally, FORMAT, context, label)

        _loop(enumerate(decoded, before + 1), tally, context, label, slow)
        return count
    parts = data.split(b"\n")
    if data.endswith(b"\n"):
        parts.pop()
    for number, line in enumerate(parts, before + 1):
        if not line.strip(b" \t\r"):
            tally.skip(BLANK, number)
            continue
        try:
            one = _DECODER.decode(line)
        except _ERRORS:
            pure_line(line, number, tally, FORMAT, context, label)
            continue
        _loop(((number, one),), tally, context, label, partial(_pure, line, tally, context, label))
    return len(parts)


def _pure(line: bytes, tally: Tally, context: Context, label: str | None, number: int) -> None:
    pure_line(line, number, tally, FORMAT, context, label)


def _loop(
    numbered: Iterable[tuple[int, _TranscriptLine]],
    tally: Tally,
    context: Context,
    label: str | None,
    slow: Callable[[int], None],
) -> None:
    """The lines of one part: count each, as the pure reader would (``slow`` hands a
    line, by number, to the pure reader, in its turn)."""
    without = 0
    message_of = tally.message
    add = tally.add
    own_session = context.session
    project = context.project
    for number, line in numbered:
        m = line.message
        if line.type != "assistant" or m is None or m.usage is None or m.model == SYNTHETIC:
            if line.type is None:
                slow(number)  # not a transcript line: the pure reader says so
            else:
                without += 1
            continue
        u = m.usage
        if (
            (u.input_tokens is None and u.output_tokens is None)
            or u.prompt_tokens is not None
            or u.completion_tokens is not None
            or u.cached_tokens is not None
            or u.reasoning_tokens is not None
            or u.input_tokens_details
            or u.output_tokens_details
        ):
            slow(number)  # another shape: the pure rules decide
            continue
        w = u.cache_creation_input_tokens or 0
        h = 0
        if u.cache_creation is not None:
            h = u.cache_creation.ephemeral_1h_input_tokens or 0
            if h > w:
                slow(number)
                continue
        t = line.timestamp
        if t is None:
            day: str | int | None = None
        elif isinstance(t, str):
            day = t[:10]
        elif isinstance(t, int) and 0 <= t < _EPOCH_SECONDS_BELOW:
            day = t // 86400
        else:
            try:
                day = epoch_day(t)
            except Skip:
                tally.skip(BAD_TIMESTAMP, number)
                continue
        model = m.model
        if model is not None and u.speed == "fast":
            model += "-fast"
        s = line.sessionId
        session = s if s and s.strip() else own_session
        kept = project if label == "project" else session if label == "session" else None
        counts = (
            u.input_tokens or 0,
            u.cache_read_input_tokens or 0,
            w - h,
            h,
            u.output_tokens or 0,
            0,
        )
        mid, rid = m.id, line.requestId
        if not mid:
            add(model, day, number, counts, t, False, kept)
        else:
            key = f"{mid}:{rid}" if rid else f"{mid}@{session or ''}"
            message_of(key, (model, day, t, False, *counts, kept, number))
    tally.without_usage += without

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

import msgspec

from tokencost.replay.fast import Count, decode_part, in_parts, line_by_line, stamp_day
from tokencost.replay.formats.base import Context
from tokencost.replay.formats.claude_code import FORMAT, SYNTHETIC
from tokencost.replay.lines import pure_line
from tokencost.replay.normalise import BAD_TIMESTAMP, Stamp
from tokencost.replay.tally import Tally

_RAW = msgspec.Raw()


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
    return in_parts(data, before, lambda part, ahead: _part(part, tally, ahead, where, label))


def _part(data: bytes, tally: Tally, before: int, context: Context, label: str | None) -> int:
    lines, decoded = decode_part(_DECODER, data)
    if decoded is None:

        def fallback(line: bytes, number: int) -> None:
            pure_line(line, number, tally, FORMAT, context, label)

        def one(number: int, value: _TranscriptLine, line: bytes) -> None:
            _loop(((number, value),), tally, context, label, lambda n: fallback(line, n))

        return line_by_line(data, tally, before, _DECODER, fallback, one)
    split: list[bytes] = []

    def slow(number: int) -> None:
        if not split:
            split.extend(data.split(b"\n"))
        pure_line(split[number - before - 1], number, tally, FORMAT, context, label)

    _loop(enumerate(decoded, before + 1), tally, context, label, slow)
    return lines


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
        day = t[:10] if type(t) is str else stamp_day(t)
        if day is False:
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

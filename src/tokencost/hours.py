"""Hours of the day: ``"16:30"`` and spans such as ``"16:30-00:30"``.

A span runs from its start (inclusive) to its end (exclusive) and may wrap midnight:
``16:30-00:30`` is the eight hours from 16:30 to half past midnight. Minutes are
whole numbers from 0 (00:00) to 1439 (23:59); a day has 1,440 of them, and an end may
be 1440 (``24:00``, the end of the day: ``00:00-24:00`` is the whole day). Used by the
catalogue (off-peak windows, in UTC or a time zone: :mod:`tokencost.zones`) and by
workloads (the UTC hours of off-peak traffic).
"""

from __future__ import annotations

MINUTES_PER_DAY = 1440

Span = tuple[int, int]
"""(start minute, end minute); end < start wraps midnight; start == end is not a span."""


def parse_time(text: str, *, end: bool = False) -> int:
    """``"16:30"`` -> 990 (minutes after midnight); ValueError if not HH:MM.

    With ``end``, ``"24:00"`` is read too (1440: the end of the day).
    """
    hour, sep, minute = text.strip().partition(":")
    digits = len(hour) == len(minute) == 2 and (hour + minute).isascii()
    if not (sep and digits and hour.isdigit() and minute.isdigit()):
        raise ValueError(f"{text!r} is not a time of day; write HH:MM (UTC), e.g. 16:30")
    if end and text.strip() == "24:00":
        return MINUTES_PER_DAY
    if int(hour) > 23 or int(minute) > 59:
        raise ValueError(f"{text!r} is not a time of day; write HH:MM (UTC), e.g. 16:30")
    return int(hour) * 60 + int(minute)


def parse_span(text: str) -> Span:
    """``"16:30-00:30"`` -> (990, 30); ValueError if malformed or empty."""
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(
            f"{text!r} is not a span of hours; write HH:MM-HH:MM (UTC), e.g. 16:30-00:30"
        )
    span = (parse_time(start), parse_time(end))
    check_span(span)
    return span


def check_span(span: Span) -> Span:
    """A span must not start where it ends (that would be the whole day, or nothing)."""
    if span[0] == span[1]:
        raise ValueError(
            f"{span_label(span)} starts where it ends; give a span shorter than a day, "
            "e.g. 16:30-00:30"
        )
    return span


def time_label(minute: int) -> str:
    """990 -> ``"16:30"``; 1440 -> ``"24:00"``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def span_label(span: Span) -> str:
    """(990, 30) -> ``"16:30-00:30"``."""
    return f"{time_label(span[0])}-{time_label(span[1])}"


def _pieces(span: Span) -> list[tuple[int, int]]:
    """The span as one or two intervals of [0, 1440) that do not wrap."""
    start, end = span
    if end == MINUTES_PER_DAY:
        return [(start, MINUTES_PER_DAY)]
    if start < end:
        return [(start, end)]
    return [(start, MINUTES_PER_DAY), (0, end)] if end else [(start, MINUTES_PER_DAY)]


def length(span: Span) -> int:
    """Minutes in the span: (990, 30) -> 480."""
    return sum(end - start for start, end in _pieces(span))


def overlap(first: Span, second: Span) -> int:
    """Minutes two spans share, midnight wraps included: (1320, 120) and (990, 30) -> 150."""
    return sum(
        max(0, min(a_end, b_end) - max(a_start, b_start))
        for a_start, a_end in _pieces(first)
        for b_start, b_end in _pieces(second)
    )


def contains(span: Span, minute: int) -> bool:
    """True when ``minute`` (0-1439) falls in the span (start inclusive, end exclusive)."""
    return any(start <= minute < end for start, end in _pieces(span))

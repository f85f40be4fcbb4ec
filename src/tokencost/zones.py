"""Time-of-day windows with days of the week and a time zone, placed on UTC time.

A window is a span of local wall-clock time (:mod:`tokencost.hours`: start inclusive,
end exclusive, wrapping midnight when the end is earlier, ``24:00`` the end of the
day), optionally limited to some days of the week, in an IANA time zone (None: UTC).
A moment is *in* the window when, read on the clock of the window's zone, its weekday
is one of the window's days (every day when none are given) and its time of day is in
the span. The weekday is that of the minute itself: a window ``mon-fri 18:00-09:00``
covers Monday to Friday from midnight to 09:00 and from 18:00 to midnight, not
Saturday morning (write ``sat 00:00-09:00`` for that). On a day a zone's clocks change,
the local clock is what counts: a window starting in the hour skipped in spring starts
when the clocks jump, and the hour repeated in autumn is in the window both times.

Moments are whole minutes since the start of the proleptic calendar in UTC:
``date.toordinal() * 1440 + minute of the day`` (always > 0), so a moment carries its
UTC day. :func:`day_edges` gives the minutes of one UTC day at which any of some
windows may start or stop applying: between two edges, each window applies to every
minute or to none, which is what replay needs to bucket records by window.

Zone names are checked with :func:`check_zone` (the system's tz database, or the
``tzdata`` package where the system has none).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from tokencost import hours

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as written in the catalogue, in ``date.weekday()`` order (Monday = 0)."""
MINUTES_PER_DAY = hours.MINUTES_PER_DAY
_DAY = timedelta(days=1)

Window = tuple[str | None, frozenset[int] | None, int, int]
"""A window as plain data: (zone or None for UTC, weekday numbers or None for every
day, start minute, end minute)."""


def check_zone(name: str) -> str:
    """``name`` if it is an IANA time zone this machine knows; ValueError saying how to fix."""
    from zoneinfo import ZoneInfoNotFoundError

    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{name!r} is not a time zone; write an IANA name such as Asia/Shanghai or "
            "Europe/Paris (or leave zone out for UTC)"
        ) from None
    return name


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo

    if not name or name != name.strip() or name.startswith(("/", ".")) or ".." in name:
        raise ValueError(name)
    return ZoneInfo(name)


def weekday_numbers(days: Iterable[str] | None) -> frozenset[int] | None:
    """``("sat", "sun")`` -> ``{5, 6}``; None stays None (every day)."""
    if days is None:
        return None
    return frozenset(WEEKDAYS.index(day) for day in days)


def moment(when: datetime) -> int:
    """The moment (whole minutes, UTC) of an aware datetime; a naive one is taken as UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.toordinal() * MINUTES_PER_DAY + when.hour * 60 + when.minute


def local(zone: str | None, at: int) -> tuple[int, int]:
    """(weekday, minute of the day) of moment ``at`` on the clock of ``zone`` (None: UTC)."""
    day, minute = divmod(at, MINUTES_PER_DAY)
    if zone is None:
        return (day + 6) % 7, minute  # ordinal 1, 0001-01-01, is a Monday
    utc = datetime.fromordinal(day).replace(tzinfo=UTC) + timedelta(minutes=minute)
    clock = utc.astimezone(_zone(zone))
    return clock.weekday(), clock.hour * 60 + clock.minute


def covers(rule: Window, at: int) -> bool:
    """True when moment ``at`` is in the window ``rule``."""
    zone, days, start, end = rule
    weekday, minute = local(zone, at)
    return (days is None or weekday in days) and hours.contains((start, end), minute)


def overlap(first: Window, second: Window) -> str | None:
    """Where two windows of the same zone share a minute, e.g. ``'sat 08:00-09:00'``, or None.

    Both are read on one clock (the same zone), so a shared minute of the week is shared
    every week, whatever the clocks do.
    """
    days_a = first[1] if first[1] is not None else frozenset(range(7))
    days_b = second[1] if second[1] is not None else frozenset(range(7))
    common = sorted(days_a & days_b)
    spans = (first[2], first[3]), (second[2], second[3])
    if not common or not hours.overlap(*spans):
        return None
    span = _shared(*spans)
    if span is None:
        return None
    names = "every day" if len(common) == 7 else ",".join(WEEKDAYS[d] for d in common)
    return f"{names} {hours.span_label(span)}"


def _shared(first: hours.Span, second: hours.Span) -> hours.Span | None:
    """The first stretch of the day two spans share (as a span), or None."""
    for minute in range(MINUTES_PER_DAY):
        if hours.contains(first, minute) and hours.contains(second, minute):
            end = minute
            while end < MINUTES_PER_DAY and hours.contains(first, end):
                if not hours.contains(second, end):
                    break
                end += 1
            return (minute, end)
    return None


def day_edges(rules: tuple[Window, ...], day: int) -> tuple[int, ...]:
    """The minutes (0-1439) of UTC day ``day`` (an ordinal) at which any window of
    ``rules`` may start or stop applying, 0 included, sorted.

    Between two consecutive edges (and from the last to midnight) each window applies
    to every minute or to none.
    """
    return _day_edges(rules, day) if rules else (0,)


@lru_cache(maxsize=4096)
def _day_edges(rules: tuple[Window, ...], day: int) -> tuple[int, ...]:
    found = {0}
    zones: dict[str | None, set[int]] = {}
    for zone, _days, start, end in rules:
        marks = zones.setdefault(zone, {0})  # local midnight: the weekday changes
        marks.update((start % MINUTES_PER_DAY, end % MINUTES_PER_DAY))
    for zone, marks in zones.items():
        for first, stop, offset in _offset_pieces(zone, day):
            found.add(first)
            for mark in marks:
                minute = (mark - offset) % MINUTES_PER_DAY
                if first <= minute < stop:
                    found.add(minute)
    return tuple(sorted(found))


def _offset_pieces(zone: str | None, day: int) -> list[tuple[int, int, int]]:
    """Stretches of UTC day ``day`` with one UTC offset in ``zone``: (first minute,
    end minute, offset in whole minutes); one stretch unless the clocks change that day."""
    if zone is None:
        return [(0, MINUTES_PER_DAY, 0)]
    tz = _zone(zone)
    midnight = datetime.fromordinal(day).replace(tzinfo=UTC)

    def offset(minute: int) -> int:
        moment = midnight + timedelta(minutes=minute)
        delta = moment.astimezone(tz).utcoffset() or timedelta(0)
        return int(delta.total_seconds() // 60)

    hourly = [offset(hour * 60) for hour in range(25)]
    pieces: list[tuple[int, int, int]] = []
    first = 0
    for hour in range(24):
        if hourly[hour] == hourly[hour + 1]:
            continue
        low, high = hour * 60, hour * 60 + 60  # offset(low) is the old one, offset(high) new
        while high - low > 1:
            middle = (low + high) // 2
            if offset(middle) == hourly[hour]:
                low = middle
            else:
                high = middle
        pieces.append((first, high, hourly[hour]))
        first = high
    pieces.append((first, MINUTES_PER_DAY, hourly[24] if first else hourly[0]))
    return pieces


def describe(rule: Window) -> str:
    """``sat,sun 00:00-24:00 Asia/Shanghai``, ``16:30-00:30 UTC``."""
    zone, days, start, end = rule
    names = "" if days is None else ",".join(WEEKDAYS[d] for d in sorted(days)) + " "
    return f"{names}{hours.span_label((start, end))} {zone or 'UTC'}"


__all__ = [
    "MINUTES_PER_DAY",
    "WEEKDAYS",
    "Window",
    "check_zone",
    "covers",
    "day_edges",
    "describe",
    "local",
    "moment",
    "overlap",
    "weekday_numbers",
]

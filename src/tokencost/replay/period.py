"""``--since`` / ``--until``: the part of a log to price.

A bound is a date (``2026-06-01``) or a timestamp (``2026-06-01T12:00``, an offset
converted to UTC, none taken as UTC); both bounds are inclusive. A date bound compares
a record's day, the date written in its timestamp (the day it is priced and grouped
by); a timestamp bound compares the record's instant, so on the days next to it each
record is compared on its own (:data:`BOUNDARY`), and a record with a date alone is
taken at 00:00 UTC of its day. Records without a timestamp cannot be placed and are
left out when a bound is given. Records left out are counted, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from tokencost.errors import InputError
from tokencost.replay.normalise import EPOCH, Stamp, instant_of

INSIDE, OUTSIDE, BOUNDARY = 2, 3, 4
"""Where a day lies (the values are the tally's verdict kinds)."""


@dataclass(frozen=True)
class PeriodBound:
    """One end of the period."""

    day: int
    """Proleptic ordinal of the bound's day (UTC for a timestamp)."""
    instant: int | None
    """Seconds since the epoch, UTC (None: a date bound)."""

    @classmethod
    def parse(cls, text: str, flag: str) -> PeriodBound:
        """A date or an ISO 8601 timestamp; InputError naming the flag otherwise."""
        value = text.strip()
        try:
            if len(value) == 10:
                return cls(date.fromisoformat(value).toordinal(), None)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise InputError(
                f"{flag} {text!r}: give a date (2026-06-01) or a timestamp "
                "(2026-06-01T12:00, 2026-06-01T12:00:00Z)"
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = int(moment.timestamp())
        return cls(EPOCH + seconds // 86_400, seconds)


@dataclass(frozen=True)
class LogPeriod:
    """The bounds given (at least one)."""

    since: PeriodBound | None = None
    until: PeriodBound | None = None

    def place(self, ordinal: int | None) -> int:
        """INSIDE, OUTSIDE or BOUNDARY (a timestamp bound cuts the day or a neighbour:
        the record's own instant decides)."""
        if ordinal is None:
            return OUTSIDE
        place = INSIDE
        since, until = self.since, self.until
        if since is not None:
            if since.instant is None:
                if ordinal < since.day:
                    return OUTSIDE
            elif ordinal < since.day - 1:
                return OUTSIDE
            elif ordinal <= since.day + 1:
                place = BOUNDARY
        if until is not None:
            if until.instant is None:
                if ordinal > until.day:
                    return OUTSIDE
            elif ordinal > until.day + 1:
                return OUTSIDE
            elif ordinal >= until.day - 1:
                place = BOUNDARY
        return place

    def holds(self, ordinal: int | None, stamp: Stamp) -> bool:
        """Whether a record of a BOUNDARY day is inside the period."""
        if ordinal is None:
            return False
        instant = instant_of(stamp)
        if instant is None:
            instant = (ordinal - EPOCH) * 86_400
        since, until = self.since, self.until
        if since is not None and (
            ordinal < since.day if since.instant is None else instant < since.instant
        ):
            return False
        return until is None or (
            ordinal <= until.day if until.instant is None else instant <= until.instant
        )


def period_of(since: str | None, until: str | None) -> LogPeriod | None:
    """The period of ``--since`` / ``--until`` (None when neither is given)."""
    if since is None and until is None:
        return None
    found = LogPeriod(
        PeriodBound.parse(since, "--since") if since is not None else None,
        PeriodBound.parse(until, "--until") if until is not None else None,
    )
    if found.since is not None and found.until is not None:
        first = found.since.instant
        if first is None:
            first = (found.since.day - EPOCH) * 86_400
        last = found.until.instant
        if last is None:
            last = (found.until.day - EPOCH + 1) * 86_400 - 1
        if first > last:
            raise InputError(f"--since {since} is after --until {until}")
    return found

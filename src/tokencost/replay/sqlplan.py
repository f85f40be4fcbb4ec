"""What the billing query (``tokencost replay --sql``) needs of the catalogue: plain data.

The query bills a usage table as :mod:`tokencost.replay.price` bills a log, and this
module is the catalogue's side of it, computed with the engine's own rules
(:mod:`tokencost.engine.rates`):

- ``names``: every model id and alias, lower-cased, with the model id it names and
  whether the source prices that model; ``patterns`` and ``gates``: the name patterns
  of the models and of the providers (:mod:`tokencost.catalogue.names`), as regular
  expressions;
- ``entries``: for each model, the entries of the chosen source that
  :meth:`Catalogue.price_at` picks, each with the day the next one starts (``until``),
  and the fee per request;
- ``rates``: for each entry, the six token prices it charges in each case, a price the
  entry lacks already replaced by the one replay bills instead: ``standard`` for each
  range of prompts between its long-context tier thresholds, ``batch`` where the
  entry has batch prices (its discount applies above a threshold too), ``off_peak``
  for each stretch of the day one of its windows covers (on the window's clock, one
  row for each day of the week when the window names days), below its first
  threshold only;
- ``thresholds`` and ``clocks``: every tier threshold, and for each clock the windows
  are read on (UTC first, then each time zone) its window edges, whether its windows
  name days, and its UTC offsets from 1970 to 2100, by which the query splits the usage
  rows before it joins the prices, as the scan splits records.

Prices stay in USD per 1,000,000 tokens as the catalogue writes them (the fee per
1,000 requests); :attr:`Plan.scale` is the decimal places a price per token needs, so
that every cost is a whole number of 10^-scale USD until the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from tokencost import hours, zones
from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.catalogue.names import compile_pattern
from tokencost.catalogue.schema import Tier
from tokencost.engine import CatalogueInfo, SourceInfo, catalogue_info, rates, source_info
from tokencost.engine.rates import Usage
from tokencost.errors import NoPriceError

PRICES = ("input", "cache_read", "cache_write", "cache_write_long", "output", "reasoning")
"""The token prices of a rate row, in the order of the usage table's token columns."""
KINDS = ("standard", "batch", "off_peak")
_PLAIN = Usage(Decimal(1), Decimal(1))
_LONG = Usage(Decimal(1), Decimal(1), cache_write_long=True)


@dataclass(frozen=True)
class EntryRow:
    """One price entry, in effect from ``effective`` until ``until`` (exclusive; None: on)."""

    entry: int
    model: str
    effective: date
    until: date | None
    per_1k_requests: Decimal


@dataclass(frozen=True)
class RateRow:
    """The token prices of an entry for prompts over ``over_from`` (a threshold, or 0)
    and up to ``over_to`` (the next threshold; None: any), in one case (``kind``);
    ``off_peak`` rows hold for the minutes [minute_from, minute_to) of the day on the
    clock of ``zone`` (None: UTC), on ``weekday`` (0 Monday ... 6 Sunday; None: every
    day)."""

    entry: int
    kind: str
    over_from: int
    over_to: int | None
    minute_from: int | None
    minute_to: int | None
    prices: tuple[Decimal, ...]
    """USD per 1M tokens, in :data:`PRICES` order."""
    window: tuple[int, ...] = ()
    """The (start, end) minutes of the off-peak window the row is part of."""
    zone: str | None = None
    weekday: int | None = None


BASE = date(1899, 12, 25)
"""A Monday: the query counts days and minutes from it (weekday = days mod 7)."""
YEARS = (1970, 2100)
"""The years whose UTC offsets a time zone's clock is written for."""


@dataclass(frozen=True)
class Clock:
    """A clock windows are read on: UTC (``zone`` None) or a time zone."""

    zone: str | None
    edges: tuple[int, ...]
    """Minutes of the day (on this clock) where a window of it starts or ends."""
    days: bool
    """Whether a window on it names days of the week."""
    offsets: tuple[tuple[int, int], ...] = ((0, 0),)
    """(first minute since :data:`BASE` in UTC, offset from UTC in minutes) of each
    stretch with one offset, from 1970 to 2100 (the first from the start: earlier
    moments have 1970's offset, later ones 2099's)."""


@dataclass(frozen=True)
class Plan:
    """Everything the query inlines, and how precisely it must count."""

    catalogue: CatalogueInfo
    currency: str
    source: SourceInfo
    as_of: date
    default_model: str | None
    names: tuple[tuple[str, str, bool], ...]
    """(name, model id, whether the source prices the model)."""
    patterns: tuple[tuple[int, int, str, str, bool], ...]
    """(provider number, model number, regular expression, model id, priced), in
    catalogue order: a model's patterns."""
    gates: tuple[tuple[int, str], ...]
    """(provider number, regular expression): a provider's own patterns."""
    entries: tuple[EntryRow, ...]
    rates: tuple[RateRow, ...]
    candidates: tuple[str, ...]
    thresholds: tuple[int, ...]
    clocks: tuple[Clock, ...]
    """UTC first, then each zone a window is read on (in the order of ``rates``)."""
    scale: int
    """Decimal places of the largest-scale price per token (or fee per request)."""
    finest: tuple[str, Decimal] = ("", Decimal(0))
    """The model and price (per 1M tokens, or per 1,000 requests) that need ``scale``."""
    unit_digits: int = 1
    """Digits of the largest price as a whole number of 10^-scale USD per token."""


def plan_for(
    catalogue: Catalogue,
    *,
    as_of: date,
    source: str | None = None,
    models: Sequence[str] | None = None,
    default_model: str | None = None,
) -> Plan:
    """The data of the billing query: every model's entries from ``source`` (records of
    any model may be in the table), and ``models`` (all when None) as candidates."""
    src = source_info(catalogue, source)
    source_id = src.id
    chosen = [catalogue.model(name).id for name in models] if models else None
    default = catalogue.model(default_model).id if default_model else None
    entries: list[EntryRow] = []
    rows: list[RateRow] = []
    for model in catalogue.models():
        for effective, until, entry in _chosen_entries(catalogue, model, source_id):
            number = len(entries) + 1
            fee = entry.per_1k_requests or Decimal(0)
            entries.append(EntryRow(number, model.id, effective, until, fee))
            rows.extend(rate_rows(number, entry))
    priced = {e.model for e in entries}  # replay takes the first name found of these
    names = {name: (model, model in priced) for name, model in catalogue.names.exact.items()}
    patterns, gates = _patterns(catalogue, priced)
    if chosen:
        candidates = tuple(dict.fromkeys(chosen))
    else:  # every model the source prices, as replay's candidates
        candidates = tuple(
            m.id for m in catalogue.models() if any(e.source == source_id for e in m.prices)
        )
    thresholds = sorted({row.over_from for row in rows if row.over_from})
    return Plan(
        catalogue=catalogue_info(catalogue),
        currency=catalogue.manifest.currency,
        source=src,
        as_of=as_of,
        default_model=default,
        names=tuple((name, *found) for name, found in sorted(names.items())),
        patterns=patterns,
        gates=gates,
        entries=tuple(entries),
        rates=tuple(rows),
        candidates=candidates,
        thresholds=tuple(thresholds),
        clocks=_clocks(rows),
        **_precision(entries, rows),
    )


def _patterns(
    catalogue: Catalogue, priced: set[str]
) -> tuple[tuple[tuple[int, int, str, str, bool], ...], tuple[tuple[int, str], ...]]:
    """The models' and the providers' name patterns as regular expressions, numbered in
    catalogue order (:class:`tokencost.catalogue.names.Names`)."""
    patterns: list[tuple[int, int, str, str, bool]] = []
    gates: list[tuple[int, str]] = []
    for number, (own, models) in enumerate(catalogue.names.patterns, 1):
        gates.extend((number, regex(p)) for p in own)
        for index, (model_id, written) in enumerate(models, 1):
            patterns.extend(
                (number, index, regex(p), model_id, model_id in priced) for p in written
            )
    return tuple(patterns), tuple(gates)


def regex(pattern: str) -> str:
    """A name pattern as the regular expression it is searched with (a glob anchored)."""
    return compile_pattern(pattern).pattern


def _clocks(rows: list[RateRow]) -> tuple[Clock, ...]:
    """UTC, and each zone the off-peak rows are read on: its edges, days and offsets."""
    found: dict[str | None, tuple[set[int], bool]] = {None: (set(), False)}
    for row in rows:
        if row.kind != "off_peak":
            continue
        edges, _ = found.setdefault(row.zone, (set(), False))
        edges.update(m % hours.MINUTES_PER_DAY for m in row.window)
        if row.weekday is not None:
            found[row.zone] = (edges | {0}, True)  # the weekday changes at midnight
    return tuple(
        Clock(zone, tuple(sorted(edges)), days, offsets(zone) if zone else ((0, 0),))
        for zone, (edges, days) in found.items()
    )


@lru_cache(maxsize=32)
def offsets(zone: str) -> tuple[tuple[int, int], ...]:
    """(first minute since :data:`BASE`, UTC offset in whole minutes, rounded down as a
    clock's minute is) of each stretch of ``zone`` with one offset, over :data:`YEARS`
    (looked at weekly: no zone changes its clocks twice in a week)."""
    tz = ZoneInfo(zones.check_zone(zone))
    base = datetime(BASE.year, BASE.month, BASE.day, tzinfo=UTC)

    def offset(minute: int) -> int:
        delta = (base + timedelta(minutes=minute)).astimezone(tz).utcoffset()
        return (delta or timedelta(0)) // timedelta(minutes=1)

    week = 7 * 1440
    start = (date(YEARS[0], 1, 1) - BASE).days * 1440
    stop = (date(YEARS[1], 1, 1) - BASE).days * 1440
    found = [(0, offset(start))]
    for minute in range(start + week, stop + week, week):
        now = offset(minute)
        if now == found[-1][1]:
            continue
        low, high = minute - week, minute
        while high - low > 1:
            middle = (low + high) // 2
            if offset(middle) == found[-1][1]:
                low = middle
            else:
                high = middle
        found.append((high, now))
    return tuple(found)


def _chosen_entries(
    catalogue: Catalogue, model: Model, source: str
) -> list[tuple[date, date | None, PriceEntry]]:
    """(effective, until, entry) of each entry ``price_at`` picks, asked of ``price_at``
    on every effective date of the source (hosts are chosen as it chooses them)."""
    found: list[tuple[date, PriceEntry]] = []
    for day in sorted({e.effective for e in model.prices if e.source == source}):
        try:
            entry = catalogue.price_at(model.id, day, source)
        except NoPriceError:
            continue
        if not found or found[-1][1] is not entry:
            found.append((day, entry))
    return [
        (day, found[i + 1][0] if i + 1 < len(found) else None, entry)
        for i, (day, entry) in enumerate(found)
    ]


def rate_rows(number: int, entry: PriceEntry) -> list[RateRow]:
    """The rate rows of one entry (see the module docstring)."""
    tiers: list[Tier | None] = [None, *(entry.tiers or ())]
    bounds = [0, *(tier.above for tier in entry.tiers or ()), None]
    found: list[RateRow] = []
    for tier, low, high in zip(tiers, bounds, bounds[1:], strict=False):
        assert low is not None
        standard = rates.unit_prices(rates.standard_rates(entry, tier), _PLAIN, entry, [])
        standard_long = rates.unit_prices(rates.standard_rates(entry, tier), _LONG, entry, [])
        found.append(
            RateRow(number, "standard", low, high, None, None, _six(standard, standard_long))
        )
        batch = rates.batch_prices(entry, tier, standard, _PLAIN, [])
        batch_long = rates.batch_prices(entry, tier, standard_long, _LONG, [])
        if batch is not None and batch_long is not None:
            found.append(RateRow(number, "batch", low, high, None, None, _six(batch, batch_long)))
        if tier is not None:
            continue  # no off-peak price above a threshold: the tier's prices apply
        for window in entry.off_peak or ():
            plain = rates.window_prices(entry, window, None, _PLAIN, [])
            long = rates.window_prices(entry, window, None, _LONG, [])
            assert plain is not None  # only None with a tier
            assert long is not None
            days = zones.weekday_numbers(window.days)
            for start, end in hours.pieces(window.span):
                found.extend(
                    RateRow(
                        number,
                        "off_peak",
                        low,
                        high,
                        start,
                        end,
                        _six(plain, long),
                        window.span,
                        window.zone,
                        weekday,
                    )
                    for weekday in (sorted(days) if days is not None else [None])
                )
    return found


def _six(prices: dict[str, Decimal], long: dict[str, Decimal]) -> tuple[Decimal, ...]:
    """The engine's unit prices in :data:`PRICES` order (1-hour writes from ``long``)."""
    return (
        prices["input"],
        prices["cache_read"],
        prices["cache_write"],
        long["cache_write"],
        prices["output"],
        prices["reasoning"],
    )


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _precision(entries: list[EntryRow], rows: list[RateRow]) -> dict[str, Any]:
    """``scale``, ``finest`` and ``unit_digits`` of the plan: a price per 1M tokens has 6
    more decimal places per token, a fee per 1,000 requests 3 more per request."""
    models = {e.entry: e.model for e in entries}
    found = [(6, p, models[row.entry]) for row in rows for p in row.prices]
    found += [(3, e.per_1k_requests, e.model) for e in entries]
    scale, finest = 6, ("", Decimal(0))
    for shift, price, model in found:
        if shift + _places(price) > scale:
            scale, finest = shift + _places(price), (model, price)
    largest = max((p.scaleb(scale - shift) for shift, p, _ in found), default=Decimal(1))
    return {"scale": scale, "finest": finest, "unit_digits": len(str(int(largest)))}

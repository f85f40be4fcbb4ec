"""Pricing a Tally: exact Decimal money, computed once per group of token sums.

A record's cost is the sum over dimensions of tokens x price / 1M, so the cost of
many records priced with the same catalogue entry is the same sum over their token
totals: this module sums integers per (group, model, price entry) and multiplies
once, exact by construction (integers and Decimals in a 40-digit context).

Dimensions and their prices (the seam for issue 5): :func:`rate` looks for a price
field named after the dimension on the catalogue entry (``cache_read``,
``cache_write``, ``reasoning``); while the catalogue has only ``input`` and
``output``, cache reads and writes are billed at the input price and reasoning at
the output price, and the result says so in its notes. Tiers or time windows would
become part of the tally's bucket key and of the group key here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.engine import MILLION, PriceUsed, catalogue_info, ratio, source_info
from tokencost.errors import InputError, NoPriceError, did_you_mean
from tokencost.quantities import CONTEXT
from tokencost.replay.normalise import REASONS, UNKNOWN_MODEL, model_candidates
from tokencost.replay.results import (
    Group,
    Priced,
    Replay,
    Skipped,
    Tokens,
    Unpriced,
    UnpricedTraffic,
)
from tokencost.replay.tally import DIMENSIONS, SIZE, Bucket, Resolver, Tally, add_bucket

FALLBACK = {"cache_read": "input", "cache_write": "input", "reasoning": "output"}
"""A dimension without its own price in the catalogue is billed at this one's."""
LABEL = {"cache_read": "cache-read", "cache_write": "cache-write", "reasoning": "reasoning"}
GROUPINGS = ("day", "month", "model")
UNDATED = "undated"


def resolver_for(
    catalogue: Catalogue, as_of: date, source: str | None, default_model: str | None
) -> Resolver:
    """What scanning needs of the catalogue: names, first priced days, defaults."""
    source_id = source_info(catalogue, source).id
    names = {}
    priced_from = {}
    for model in catalogue.models():
        for name in (model.id, *model.aliases):
            names[name.lower()] = model.id
        first = _first_priced(catalogue, model, source_id)
        if first is not None:
            priced_from[model.id] = first.toordinal()
    default = catalogue.model(default_model).id if default_model else None
    return Resolver(names, priced_from, default, as_of.toordinal())


def _first_priced(catalogue: Catalogue, model: Model, source: str) -> date | None:
    """The first day ``Catalogue.price_at`` finds a price of the model from the source.

    Asked of ``price_at`` itself, so that whichever entries it chooses between, a record
    the scan lets through always has a price (a price then applies until the next).
    """
    for day in sorted({e.effective for e in model.prices if e.source == source}):
        try:
            catalogue.price_at(model.id, day, source)
        except NoPriceError:
            continue
        return day
    return None


def rate(entry: PriceEntry, dimension: str) -> tuple[Decimal, str | None]:
    """The price of a dimension on this entry, and a note when it is a stand-in."""
    own = getattr(entry, dimension, None)
    if isinstance(own, Decimal):
        return own, None
    fallback = FALLBACK[dimension]
    price: Decimal = getattr(entry, fallback)
    return price, f"no {LABEL[dimension]} price: billed as {fallback}"


def cost(sums: Sequence[int], entry: PriceEntry, notes: set[str]) -> Decimal:
    """Exact cost of token sums (a tally bucket) at one entry's prices."""
    with localcontext(CONTEXT):
        total = Decimal(0)
        for dimension, tokens in zip(DIMENSIONS, sums[1:], strict=True):
            if tokens:
                price, note = rate(entry, dimension)
                total += tokens * price
                if note:
                    notes.add(note)
        return total / MILLION


Traffic = dict[tuple[str, int | None], Bucket]
"""(group key, day ordinal or None) -> token sums over recorded models."""


def _group_key(by: str | None, model_id: str, ordinal: int | None) -> str:
    if by == "model":
        return model_id
    if by is None:
        return "total"
    if ordinal is None:
        return UNDATED
    day = date.fromordinal(ordinal).isoformat()
    return day if by == "day" else day[:7]


class _Prices:
    """Catalogue entries by (model, day), looked up once each."""

    def __init__(self, catalogue: Catalogue, source: str, as_of: date) -> None:
        self.catalogue, self.source, self.as_of = catalogue, source, as_of
        self._found: dict[tuple[str, int | None], PriceEntry] = {}

    def day(self, ordinal: int | None) -> date:
        return self.as_of if ordinal is None else date.fromordinal(ordinal)

    def entry(self, model_id: str, ordinal: int | None) -> PriceEntry:
        key = (model_id, ordinal)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self.catalogue.price_at(
                model_id, self.day(ordinal), self.source
            )
        return found


@dataclass
class _Bill:
    """One model's cost of some traffic: per group, with the entries and tokens used."""

    groups: dict[str, Decimal] = field(default_factory=dict)
    entries: set[PriceEntry] = field(default_factory=set)
    tokens: Bucket = field(default_factory=lambda: [0] * SIZE)

    def add(self, group: str, entry: PriceEntry, sums: Bucket, notes: set[str]) -> None:
        """Price token sums at one entry and add them to a group."""
        self.groups[group] = self.groups.get(group, Decimal(0)) + cost(sums, entry, notes)
        self.entries.add(entry)
        self.tokens = _summed(self.tokens, sums)

    @property
    def total(self) -> Decimal:
        """The cost over every group."""
        return sum(self.groups.values(), Decimal(0))


def price_tally(
    tally: Tally,
    catalogue: Catalogue,
    *,
    as_of: date,
    source: str | None = None,
    models: Sequence[str] | None = None,
    by: str | None = None,
    inputs: Sequence[str] = (),
) -> Replay:
    """The actual cost of the tallied traffic and its cost on each candidate model.

    ``models`` (ids or aliases; all when None) are the candidates. A named candidate
    without a price on some day of the traffic raises NoPriceError; with all models,
    such a candidate is listed in ``unpriced_candidates``.
    """
    _check(tally, by)
    src = source_info(catalogue, source)
    prices = _Prices(catalogue, src.id, as_of)
    notes: set[str] = set()
    actual: dict[str, _Bill] = {}
    traffic: Traffic = {}
    for (model_id, ordinal), bucket in tally.buckets.items():
        group = _group_key(by, model_id, ordinal)
        bill = actual.setdefault(model_id, _Bill())
        bill.add(group, prices.entry(model_id, ordinal), bucket, notes)
        add_bucket(traffic, (group, ordinal), bucket)
    actual_groups: dict[str, Decimal] = {}
    for bill in actual.values():
        for group, amount in bill.groups.items():
            actual_groups[group] = actual_groups.get(group, Decimal(0)) + amount
    total = sum(actual_groups.values(), Decimal(0))
    all_traffic = [0] * SIZE
    for sums in traffic.values():
        all_traffic = _summed(all_traffic, sums)
    bills, unpriced = _candidates(catalogue, models, traffic, prices, notes)
    bills.sort(key=lambda pair: (pair[1].total, pair[0]))
    return Replay(
        catalogue=catalogue_info(catalogue),
        source=src,
        currency=catalogue.manifest.currency,
        as_of=as_of,
        inputs=tuple(inputs),
        lines_read=tally.lines,
        records_priced=all_traffic[0],
        skipped=_skipped(tally),
        undated_records=sum(b[0] for (_, o), b in tally.buckets.items() if o is None),
        first_day=_day_bound(tally, min),
        last_day=_day_bound(tally, max),
        traffic=Tokens.of(all_traffic),
        actual_cost=total,
        actual=tuple(
            sorted(
                (_priced(catalogue, model_id, bill) for model_id, bill in actual.items()),
                key=lambda p: (-p.cost, p.model),
            )
        ),
        candidates=tuple(
            _priced(catalogue, model_id, bill, all_traffic, total) for model_id, bill in bills
        ),
        unpriced_candidates=tuple(unpriced),
        unpriced_traffic=_unpriced_traffic(tally, src.id),
        by=by,
        groups=_groups(by, traffic, actual_groups, [bill.groups for _, bill in bills]),
        notes=tuple(sorted(notes)),
    )


def _check(tally: Tally, by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; use one of: {', '.join(GROUPINGS)}")
    if tally.lines != tally.records_priced + tally.records_skipped:  # pragma: no cover
        raise AssertionError(
            f"accounting: {tally.lines} lines read, {tally.records_priced} priced and "
            f"{tally.records_skipped} skipped"
        )


def _summed(a: Bucket, b: Bucket) -> Bucket:
    return [x + y for x, y in zip(a, b, strict=True)]


def _candidates(
    catalogue: Catalogue,
    models: Sequence[str] | None,
    traffic: Traffic,
    prices: _Prices,
    notes: set[str],
) -> tuple[list[tuple[str, _Bill]], list[Unpriced]]:
    chosen = [catalogue.model(name) for name in models] if models else list(catalogue.models())
    bills: list[tuple[str, _Bill]] = []
    unpriced: list[Unpriced] = []
    for model in dict.fromkeys(chosen):
        try:
            bills.append((model.id, _candidate_bill(model, traffic, prices, notes)))
        except NoPriceError as exc:
            if models:
                raise NoPriceError(
                    f"{exc}; leave it out of --models or use another --source"
                ) from None
            unpriced.append(Unpriced(model.id, str(exc)))
    return bills, unpriced


def _candidate_bill(model: Model, traffic: Traffic, prices: _Prices, notes: set[str]) -> _Bill:
    by_entry: dict[tuple[str, PriceEntry], Bucket] = {}
    for (group, ordinal), sums in traffic.items():
        try:
            entry = prices.entry(model.id, ordinal)
        except NoPriceError:
            first = [e.effective for e in model.prices if e.source == prices.source]
            start = f"its prices start {min(first)}" if first else "it has none"
            raise NoPriceError(
                f"{model.id} has no price from source '{prices.source}' on "
                f"{prices.day(ordinal)}, a day of the log ({start})"
            ) from None
        add_bucket(by_entry, (group, entry), sums)
    bill = _Bill()
    for (group, entry), sums in by_entry.items():
        bill.add(group, entry, sums, notes)
    return bill


def _ratio(amount: Decimal, actual: Decimal) -> tuple[Decimal | None, str | None]:
    value = ratio(amount, actual)
    if value is None:
        return None, "the actual cost is 0: a ratio to it is undefined"
    return value, None


def _priced(
    catalogue: Catalogue,
    model_id: str,
    bill: _Bill,
    tokens: Bucket | None = None,
    actual: Decimal | None = None,
) -> Priced:
    """A result row; with ``actual``, a candidate with its ratio to the actual cost."""
    model = catalogue.model(model_id)
    provider = catalogue.provider_of(model_id)
    used = tuple(PriceUsed.of(e) for e in sorted(bill.entries, key=lambda e: e.effective))
    value, note = _ratio(bill.total, actual) if actual is not None else (None, None)
    return Priced(
        model.id,
        model.name,
        provider.provider,
        provider.name,
        Tokens.of(tokens or bill.tokens),
        bill.total,
        used,
        value,
        note,
    )


def _groups(
    by: str | None,
    traffic: Traffic,
    actual: dict[str, Decimal],
    candidates: list[dict[str, Decimal]],
) -> tuple[Group, ...]:
    if by is None:
        return ()
    tokens: dict[str, Bucket] = {}
    for (group, _), sums in traffic.items():
        add_bucket(tokens, group, sums)
    groups = []
    for key in sorted(actual, key=lambda k: (k == UNDATED, k)):
        costs = tuple(c.get(key, Decimal(0)) for c in candidates)
        ratios = tuple(ratio(cost, actual[key]) for cost in costs)
        groups.append(Group(key, Tokens.of(tokens[key]), actual[key], costs, ratios))
    return tuple(groups)


def _skipped(tally: Tally) -> tuple[Skipped, ...]:
    found = []
    for reason in REASONS:
        entry = tally.skips.get(reason)
        if entry is not None:
            lines = tuple(f"{name}:{line}" for name, line in entry.lines)
            found.append(Skipped(reason, entry.count, lines))
    return tuple(found)


def _unpriced_traffic(tally: Tally, source: str) -> tuple[UnpricedTraffic, ...]:
    found = []
    for (label, reason), bucket in tally.unpriced.items():
        if reason == UNKNOWN_MODEL:
            hint = did_you_mean(model_candidates(label)[-1], tally.resolver.names)
            detail = f"not in the catalogue{hint} (tokencost models lists them)"
        else:
            since = tally.resolver.priced_from.get(label)
            detail = (
                f"no price from source '{source}' before {date.fromordinal(since)}"
                if since is not None
                else f"no price from source '{source}'"
            )
        found.append(UnpricedTraffic(label, reason, detail, Tokens.of(bucket)))
    found.sort(key=lambda u: (-u.tokens.records, u.model))
    return tuple(found)


def _day_bound(tally: Tally, pick: Callable[[list[int]], int]) -> date | None:
    days = [ordinal for (_, ordinal) in tally.buckets if ordinal is not None]
    return date.fromordinal(pick(days)) if days else None

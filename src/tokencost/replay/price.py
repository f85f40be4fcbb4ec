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
from datetime import date
from decimal import Decimal, localcontext

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.engine import MILLION, PriceUsed, catalogue_info, ratio, source_info
from tokencost.errors import NoPriceError, did_you_mean
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
        days = [entry.effective for entry in model.prices if entry.source == source_id]
        if days:
            priced_from[model.id] = min(days).toordinal()
    default = catalogue.model(default_model).id if default_model else None
    return Resolver(names, priced_from, default, as_of.toordinal())


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
    if tally.lines != tally.records_priced + tally.records_skipped:  # pragma: no cover
        raise AssertionError(
            f"accounting: {tally.lines} lines read, {tally.records_priced} priced and "
            f"{tally.records_skipped} skipped"
        )
    src = source_info(catalogue, source)
    prices = _Prices(catalogue, src.id, as_of)
    notes: set[str] = set()
    actual: dict[tuple[str, str, PriceEntry], Bucket] = {}
    traffic: Traffic = {}
    for (model_id, ordinal), bucket in tally.buckets.items():
        group = _group_key(by, model_id, ordinal)
        add_bucket(actual, (group, model_id, prices.entry(model_id, ordinal)), bucket)
        add_bucket(traffic, (group, ordinal), bucket)
    actual_groups: dict[str, Decimal] = {}
    per_model: dict[str, tuple[Bucket, Decimal, set[PriceEntry]]] = {}
    for (group, model_id, entry), sums in actual.items():
        amount = cost(sums, entry, notes)
        actual_groups[group] = actual_groups.get(group, Decimal(0)) + amount
        tokens, spent, entries = per_model.get(model_id, ([0] * SIZE, Decimal(0), set()))
        per_model[model_id] = (_summed(tokens, sums), spent + amount, entries | {entry})
    total = sum(actual_groups.values(), Decimal(0))
    all_traffic = [0] * SIZE
    for sums in traffic.values():
        all_traffic = _summed(all_traffic, sums)
    chosen = [catalogue.model(name) for name in models] if models else list(catalogue.models())
    candidates, candidate_groups, unpriced = [], [], []
    for model in dict.fromkeys(chosen):
        try:
            groups = _candidate_groups(model, traffic, prices, notes)
        except NoPriceError as exc:
            if models:
                raise NoPriceError(
                    f"{exc}; leave it out of --models or use another --source"
                ) from None
            unpriced.append(Unpriced(model.id, str(exc)))
            continue
        amount = sum((c for c, _ in groups.values()), Decimal(0))
        entries = set().union(*(e for _, e in groups.values())) if groups else set()
        candidates.append(
            _priced(catalogue, model.id, all_traffic, amount, entries, _ratio(amount, total))
        )
        candidate_groups.append({g: c for g, (c, _) in groups.items()})
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].cost, candidates[i].model))
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
                (
                    _priced(catalogue, model_id, tokens, spent, entries)
                    for model_id, (tokens, spent, entries) in per_model.items()
                ),
                key=lambda p: (-p.cost, p.model),
            )
        ),
        candidates=tuple(candidates[i] for i in order),
        unpriced_candidates=tuple(unpriced),
        unpriced_traffic=_unpriced_traffic(tally, src.id),
        by=by,
        groups=_groups(by, traffic, actual_groups, [candidate_groups[i] for i in order]),
        notes=tuple(sorted(notes)),
    )


def _summed(a: Bucket, b: Bucket) -> Bucket:
    return [x + y for x, y in zip(a, b, strict=True)]


def _candidate_groups(
    model: Model, traffic: Traffic, prices: _Prices, notes: set[str]
) -> dict[str, tuple[Decimal, set[PriceEntry]]]:
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
    groups: dict[str, tuple[Decimal, set[PriceEntry]]] = {}
    for (group, entry), sums in by_entry.items():
        spent, entries = groups.get(group, (Decimal(0), set()))
        groups[group] = (spent + cost(sums, entry, notes), entries | {entry})
    return groups


def _ratio(amount: Decimal, actual: Decimal) -> tuple[Decimal | None, str | None]:
    value = ratio(amount, actual)
    if value is None:
        return None, "the actual cost is 0: a ratio to it is undefined"
    return value, None


def _priced(
    catalogue: Catalogue,
    model_id: str,
    sums: list[int],
    amount: Decimal,
    entries: set[PriceEntry],
    ratio_of: tuple[Decimal | None, str | None] = (None, None),
) -> Priced:
    model = catalogue.model(model_id)
    provider = catalogue.provider_of(model_id)
    used = tuple(PriceUsed.of(e) for e in sorted(entries, key=lambda e: e.effective))
    return Priced(
        model.id,
        model.name,
        provider.provider,
        provider.name,
        Tokens.of(sums),
        amount,
        used,
        *ratio_of,
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

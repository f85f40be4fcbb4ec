"""Pricing a Tally: exact Decimal money, computed once per group of token sums.

A record's cost is the sum over dimensions of tokens x price / 1M (plus its request
fee), so the cost of many records billed alike by one catalogue entry is the same sum
over their token totals: this module sums integers per (group, model, price entry,
bucket shape) and prices each sum once through the engine's pricing dimensions
(:mod:`tokencost.replay.bill`), exact by construction (integers and Decimals in a
40-digit context).

Every dimension the entry prices is used (cache reads and writes, 1-hour writes,
reasoning, per-request fees, batch prices, long-context tiers per record, off-peak
windows by each record's UTC time of day); a price the entry lacks is replaced by the
normal rate and flagged on that model, as the engine words it. The scan already split
the records by the tier thresholds and window edges of every entry that may bill them
(:func:`resolver_for`), so each candidate is billed at its own tiers and windows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.catalogue.names import model_candidates
from tokencost.catalogue.suggest import host_names, same_model
from tokencost.engine import PriceUsed, Unpriced, catalogue_info, ratio, source_info
from tokencost.engine.results import Breakdown
from tokencost.errors import InputError, NoPriceError
from tokencost.replay.bill import Bill, Settled, plus
from tokencost.replay.normalise import REASONS, UNKNOWN_MODEL
from tokencost.replay.period import LogPeriod
from tokencost.replay.results import (
    Group,
    Priced,
    Replay,
    SkippedLines,
    Tokens,
    TrafficNote,
    UnpricedTraffic,
)
from tokencost.replay.tally import (
    BUCKET,
    RECORDS,
    Bucket,
    Edges,
    Key,
    Resolver,
    Tally,
    add_bucket,
)
from tokencost.zones import Window

GROUPINGS = ("day", "week", "month", "model", "project", "session")
LABELS = ("project", "session")
"""Groupings by a label each record carries."""
UNDATED = "undated"
NO_LABEL = {"project": "(no project)", "session": "(no session)"}


def resolver_for(
    catalogue: Catalogue,
    as_of: date,
    source: str | None,
    default_model: str | None,
    models: Sequence[str] | None = None,
    *,
    period: LogPeriod | None = None,
    by: str | None = None,
) -> Resolver:
    """What scanning needs of the catalogue: names, first priced days, defaults, and for
    each model the tier thresholds and window edges of the entries that may bill its
    records (its own, and those of the candidates ``models``; when None, of the default
    models, the candidates then). ``source`` None: each model's own
    (:meth:`Catalogue.source_for`).

    A model's facts are worked out when the scan first asks for them (:class:`_Facts`):
    a log names a few of the catalogue's thousands of models, and working out every
    model's read every provider file of the catalogue."""
    source_info(catalogue, source)  # an unknown source is an error here already
    facts = _Facts(catalogue, source)
    chosen = tuple(dict.fromkeys(catalogue.model(m).id for m in models)) if models else None
    for model_id in chosen or (m.id for m in catalogue.default_models()):
        tiers, rules = facts.of(model_id)[2]
        facts.thresholds |= tiers
        facts.windows |= rules
    default = catalogue.model(default_model).id if default_model else None
    label = by if by in LABELS else None
    return Resolver(
        catalogue.names.exact,
        _Lazy(facts, facts.priced_from, dict),
        default,
        as_of.toordinal(),
        _Lazy(facts, facts.split, dict),
        chosen,
        catalogue.names.patterns,
        period,
        label,
        _Lazy(facts, facts.preferred, frozenset) if source is None else None,
    )


_Fact = tuple[int | None, bool, tuple[set[int], set[Window]]]
"""(ordinal of the first day the model's source prices it or None, whether that source
is the default one, the thresholds and windows of its entries from it)."""


class _Facts:
    """What :func:`resolver_for` knows of each model, worked out once when first asked."""

    def __init__(self, catalogue: Catalogue, source: str | None) -> None:
        self.catalogue, self.source = catalogue, source
        self.thresholds: set[int] = set()
        """The candidates' tier thresholds: every model's records are split by them too."""
        self.windows: set[Window] = set()
        """The candidates' off-peak windows, likewise."""
        self._found: dict[str, _Fact] = {}

    def ids(self) -> tuple[str, ...]:
        return self.catalogue.model_ids()

    def of(self, model_id: str) -> _Fact:
        found = self._found.get(model_id)
        if found is None:
            found = self._found[model_id] = self._work_out(model_id)
        return found

    def _work_out(self, model_id: str) -> _Fact:
        catalogue = self.catalogue
        try:
            model = catalogue.by_id(model_id)
        except KeyError:  # not a model of the catalogue: never priced
            return None, False, (set(), set())
        source_id = catalogue.source_for(model_id, self.source)
        first = _first_priced(catalogue, model, source_id)
        edges = _edges([e for e in model.prices if e.source == source_id])
        if first is None:
            return None, False, edges
        return first.toordinal(), source_id == catalogue.default_source, edges

    def priced_from(self, model_id: str) -> int | None:
        return self.of(model_id)[0]

    def preferred(self, model_id: str) -> bool | None:
        return self.of(model_id)[1] or None

    def split(self, model_id: str) -> Edges | None:
        tiers, rules = self.of(model_id)[2]
        every_tier, every_window = tiers.union(self.thresholds), rules.union(self.windows)
        if every_tier or every_window:
            return tuple(sorted(every_tier)), _ordered(every_window)
        return None


V = TypeVar("V")


class _Lazy(Mapping[str, V]):
    """A model id's fact, worked out when first asked (a model without it is not in the
    mapping). Pickled, for replay's workers, as the plain ``dict`` or ``frozenset`` of
    every model's (what the workers need is not known in advance)."""

    def __init__(self, facts: _Facts, work: Callable[[str], V | None], plain: type) -> None:
        self._facts, self._work, self._plain = facts, work, plain
        self._found: dict[str, V | None] = {}

    def __getitem__(self, model_id: str) -> V:
        try:
            value = self._found[model_id]
        except KeyError:
            value = self._found[model_id] = self._work(model_id)
        if value is None:
            raise KeyError(model_id)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def _whole(self) -> dict[str, V]:
        return {m: value for m in self._facts.ids() if (value := self.get(m)) is not None}

    def __reduce__(self) -> tuple[type, tuple[object]]:
        return self._plain, (self._whole(),)


def _edges(entries: list[PriceEntry]) -> tuple[set[int], set[Window]]:
    """The tier thresholds and the off-peak windows (as plain data) of some entries."""
    thresholds = {tier.above for e in entries for tier in e.tiers or ()}
    windows = {w.rule for e in entries for w in e.off_peak or ()}
    return thresholds, windows


def _ordered(rules: set[Window]) -> tuple[Window, ...]:
    """Windows in a fixed order (a cache key of their edges)."""
    return tuple(sorted(rules, key=lambda r: (r[0] or "", sorted(r[1] or ()), r[2], r[3])))


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


GroupSums = dict[tuple[Any, ...], Bucket]
"""(group key, day ordinal or None, threshold, segment, batch, Agg) -> token sums over
recorded models."""


def _group_key(by: str | None, key: Key) -> str:
    model_id, ordinal, label = key[0], key[1], key[6]
    if by == "model":
        return model_id
    if by is None:
        return "total"
    if by in LABELS:
        return label if label is not None else NO_LABEL[by]
    if ordinal is None:
        return UNDATED
    day = date.fromordinal(ordinal)
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat() if by == "day" else day.isoformat()[:7]


class _Prices:
    """Catalogue entries by (model, day), looked up once each."""

    def __init__(self, catalogue: Catalogue, source: str | None, as_of: date) -> None:
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

    ``models`` (ids or aliases; by default the default models) are the
    candidates, and must be among those the tally's resolver split the records for. A
    named candidate without a price on some day of the traffic raises NoPriceError;
    with all models, such a candidate is listed in ``unpriced_candidates``.
    """
    _check(tally, by, catalogue, models)
    src = source_info(catalogue, source)
    prices = _Prices(catalogue, source, as_of)
    actual: dict[str, Bill] = {}
    traffic: GroupSums = {}
    buckets = tally.buckets
    for key, bucket in buckets.items():
        model_id, ordinal, over, segment, batch, agg, _ = key
        group = _group_key(by, key)
        bill = actual.setdefault(model_id, Bill())
        bill.add(group, prices.entry(model_id, ordinal), (over, segment, batch, agg), bucket)
        add_bucket(traffic, (group, ordinal, over, segment, batch, agg), bucket)
    settled = {model_id: bill.settle() for model_id, bill in actual.items()}
    actual_groups: dict[str, Breakdown] = {}
    for model_id, done in settled.items():
        for group, cost in done.groups.items():
            cost = replace(cost, flags=tuple(f"{model_id}: {flag}" for flag in cost.flags))
            previous = actual_groups.get(group)
            actual_groups[group] = cost if previous is None else plus(previous, cost)
    actual_total = Breakdown()
    for cost in actual_groups.values():
        actual_total = plus(actual_total, cost)
    all_traffic = [0] * BUCKET
    for sums in traffic.values():
        all_traffic = _summed(all_traffic, sums)
    bills, unpriced = _candidates(catalogue, models, traffic, prices)
    bills.sort(key=lambda pair: (pair[1].total.total, pair[0]))
    total = actual_total.total
    actual_rows = sorted(
        (_priced(catalogue, model_id, done) for model_id, done in settled.items()),
        key=lambda p: (-p.cost, p.model),
    )
    candidate_rows = [
        _priced(catalogue, model_id, done, all_traffic, total) for model_id, done in bills
    ]
    return Replay(
        catalogue=catalogue_info(catalogue),
        source=src,
        currency=catalogue.manifest.currency,
        as_of=as_of,
        inputs=tuple(inputs),
        records_read=tally.records,
        records_priced=all_traffic[RECORDS],
        skipped=_skipped(tally),
        without_usage=tally.without_usage,
        duplicates=tally.duplicates,
        outside_period=tally.outside,
        traffic_notes=tuple(
            TrafficNote(text, rows, amount) for text, (rows, amount) in tally.notes.items()
        ),
        undated_records=sum(b[RECORDS] for k, b in buckets.items() if k[1] is None),
        first_day=_day_bound(buckets, min),
        last_day=_day_bound(buckets, max),
        traffic=Tokens.of(all_traffic),
        actual_cost=total,
        actual=tuple(actual_rows),
        candidates=tuple(candidate_rows),
        unpriced_candidates=tuple(unpriced),
        unpriced_traffic=_unpriced_traffic(tally, catalogue, source),
        by=by,
        groups=_groups(by, traffic, actual_groups, [done.groups for _, done in bills]),
        notes=_notes(candidate_rows, actual_rows),
        actual_breakdown=replace(actual_total, flags=_notes([], actual_rows)),
        batch_records=sum(b[RECORDS] for k, b in buckets.items() if k[4]),
        aggregated_rows=sum(b[RECORDS] for k, b in buckets.items() if k[5] is not None),
    )


def _check(
    tally: Tally, by: str | None, catalogue: Catalogue, models: Sequence[str] | None
) -> None:
    if by is not None and by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; use one of: {', '.join(GROUPINGS)}")
    split_for = tally.resolver.candidates
    if split_for is not None and (
        not models or not {catalogue.model(m).id for m in models} <= set(split_for)
    ):
        raise ValueError(
            "the tally was split for the candidates "
            f"{', '.join(split_for)}; scan it with resolver_for(..., models=...) of these"
        )
    accounted = (
        tally.records_priced
        + tally.records_skipped
        + tally.without_usage
        + tally.duplicates
        + tally.outside
    )
    if tally.records != accounted:  # pragma: no cover
        raise AssertionError(
            f"accounting: {tally.records} records read, {tally.records_priced} priced, "
            f"{tally.records_skipped} skipped, {tally.without_usage} without usage, "
            f"{tally.duplicates} duplicates and {tally.outside} outside the period"
        )


def _summed(a: Bucket, b: Bucket) -> Bucket:
    return [x + y for x, y in zip(a, b, strict=True)]


def _candidates(
    catalogue: Catalogue,
    models: Sequence[str] | None,
    traffic: GroupSums,
    prices: _Prices,
) -> tuple[list[tuple[str, Settled]], list[Unpriced]]:
    chosen = (
        [catalogue.model(name) for name in models] if models else list(catalogue.default_models())
    )
    bills: list[tuple[str, Settled]] = []
    unpriced: list[Unpriced] = []
    for model in dict.fromkeys(chosen):
        try:
            bills.append((model.id, _candidate_bill(model, traffic, prices)))
        except NoPriceError as exc:
            if models:
                raise NoPriceError(
                    f"{exc}; leave it out of --models or use another --source"
                ) from None
            unpriced.append(Unpriced(model.id, str(exc)))
    return bills, unpriced


def _candidate_bill(model: Model, traffic: GroupSums, prices: _Prices) -> Settled:
    bill = Bill()
    for (group, ordinal, over, segment, batch, agg), sums in traffic.items():
        try:
            entry = prices.entry(model.id, ordinal)
        except NoPriceError:
            source = prices.catalogue.source_for(model.id, prices.source)
            first = [e.effective for e in model.prices if e.source == source]
            start = f"its prices start {min(first)}" if first else "it has none"
            raise NoPriceError(
                f"{model.id} has no price from source '{source}' on "
                f"{prices.day(ordinal)}, a day of the log ({start})"
            ) from None
        bill.add(group, entry, (over, segment, batch, agg), sums)
    return bill.settle()


def _ratio(amount: Decimal, actual: Decimal) -> tuple[Decimal | None, str | None]:
    value = ratio(amount, actual)
    if value is None:
        return None, "the actual cost is 0: a ratio to it is undefined"
    return value, None


def _priced(
    catalogue: Catalogue,
    model_id: str,
    done: Settled,
    tokens: Bucket | None = None,
    actual: Decimal | None = None,
) -> Priced:
    """A result row; with ``actual``, a candidate with its ratio to the actual cost."""
    model = catalogue.model(model_id)
    provider = catalogue.provider_of(model_id)
    used = tuple(PriceUsed.of(e) for e in sorted(done.entries, key=lambda e: e.effective))
    parts = done.total
    cost = parts.total
    value, note = _ratio(cost, actual) if actual is not None else (None, None)
    tier_prices = {t.above: t for e in done.entries for t in e.tiers or ()}
    return Priced(
        model.id,
        model.name,
        provider.provider,
        provider.name,
        Tokens.of(tokens or done.tokens),
        cost,
        used,
        value,
        note,
        breakdown=parts,
        flags=done.flags,
        tiers=tuple((tier_prices[above], count) for above, count in sorted(done.tiers.items())),
        off_peak_records=done.off_peak_records,
        untimed_records=done.untimed_records,
    )


def _notes(candidates: Sequence[Priced], actual: Sequence[Priced]) -> tuple[str, ...]:
    """Each model's flags, ``model: flag``: a candidate's (its row prices all the
    traffic), then those of recorded models that are not candidates."""
    rows = {row.model: row for row in candidates}
    rows |= {row.model: row for row in actual if row.model not in rows}
    return tuple(f"{row.model}: {flag}" for row in rows.values() for flag in row.flags)


def _groups(
    by: str | None,
    traffic: GroupSums,
    actual: dict[str, Breakdown],
    candidates: list[dict[str, Breakdown]],
) -> tuple[Group, ...]:
    if by is None:
        return ()
    tokens: dict[str, Bucket] = {}
    for (group, *_), sums in traffic.items():
        add_bucket(tokens, group, sums)
    groups = []
    none = Breakdown()
    for key in sorted(actual, key=lambda k: (k in (UNDATED, *NO_LABEL.values()), k)):
        parts = tuple(c.get(key, none) for c in candidates)
        costs = tuple(p.total for p in parts)
        spent = actual[key].total
        ratios = tuple(ratio(cost, spent) for cost in costs)
        groups.append(Group(key, Tokens.of(tokens[key]), spent, costs, ratios, actual[key], parts))
    return tuple(groups)


def _skipped(tally: Tally) -> tuple[SkippedLines, ...]:
    found = []
    for reason in REASONS:
        entry = tally.skips.get(reason)
        if entry is not None:
            lines = tuple(f"{name}:{line}" for name, line in entry.lines)
            found.append(SkippedLines(reason, entry.count, lines))
    return tuple(found)


def _unpriced_traffic(
    tally: Tally, catalogue: Catalogue, requested: str | None
) -> tuple[UnpricedTraffic, ...]:
    found = []
    for (label, reason), bucket in tally.unpriced.items():
        if reason == UNKNOWN_MODEL:
            hint = host_names(label, tally.resolver.names)
            close = None if hint else same_model(model_candidates(label)[-1], tally.resolver.names)
            hint = hint or (f"; did you mean '{close}'?" if close else "")
            detail = f"not in the catalogue{hint} (tokencost models lists them)"
        else:
            source = catalogue.source_for(label, requested)
            since = tally.resolver.priced_from.get(label)
            detail = (
                f"no price from source '{source}' before {date.fromordinal(since)}"
                if since is not None
                else f"no price from source '{source}'"
            )
        found.append(UnpricedTraffic(label, reason, detail, Tokens.of(bucket)))
    found.sort(key=lambda u: (-u.tokens.records, u.model))
    return tuple(found)


def _day_bound(buckets: dict[Key, Bucket], pick: Callable[[list[int]], int]) -> date | None:
    days = [key[1] for key in buckets if key[1] is not None]
    return date.fromordinal(pick(days)) if days else None

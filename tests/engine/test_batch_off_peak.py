"""Batch and off-peak prices never stack: a token sent by batch is billed at the batch
price whatever the hour, and is not also counted in an off-peak window.

The catalogue has no way to say that the two discounts stack (no provider sells a
batch request at a night price too: a batch API picks its own hour), so in every
path -- a workload's shares in ``compare``, one request in the library, a replayed
log -- each token pays one price: the standard, the batch or one window's. Laws
checked with hypothesis over random prices and traffic, and on the ``night`` test
catalogue (tests/data/catalogues/night/).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import tokencost
from tests.helpers import NIGHT, entry_of
from tokencost.catalogue import Catalogue, PriceEntry, load_catalogue
from tokencost.engine.dimensions import price_usage, price_workload
from tokencost.engine.rates import Usage
from tokencost.quantities import CONTEXT
from tokencost.workload import Workload
from tokencost.workload.traffic import Traffic

prices = st.decimals(min_value=0, max_value=100, places=3)
shares = st.decimals(min_value=0, max_value=1, places=2)
minutes = st.integers(min_value=0, max_value=24 * 60 - 1)
TOLERANCE = Decimal("1e-25")
"""Of a day's cost of up to ~$10,000: the engine divides minutes of windows and hours
(40 significant digits), so two exact ways to the same figure may differ in the last
digits; a token counted twice is off by cents or more."""


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def entries(draw: st.DrawFn) -> PriceEntry:
    """An entry with batch prices (a discount or prices of their own), one or two off-peak
    windows (cheaper or dearer than the day), maybe cache prices and a long-context tier."""
    fields: dict[str, Any] = {"input": draw(prices), "output": draw(prices)}
    if draw(st.booleans()):
        fields |= {"cache_read": draw(prices), "cache_write": draw(prices)}
    if draw(st.booleans()):
        fields["batch_discount"] = draw(st.decimals(min_value="0.01", max_value=1, places=2))
    else:
        fields |= {"batch_input": draw(prices), "batch_output": draw(prices)}
    if draw(st.booleans()):
        fields["tiers"] = [{"above": 50_000, "input": draw(prices), "output": draw(prices)}]
    count = draw(st.sampled_from([2, 4]))
    quarters = st.integers(min_value=0, max_value=95).map(lambda q: q * 15)
    cuts = sorted(draw(st.sets(quarters, min_size=count, max_size=count)))
    if draw(st.booleans()):  # the last window wraps midnight
        cuts = cuts[1:] + cuts[:1]
    spans = list(zip(cuts[::2], cuts[1::2], strict=True))
    fields["off_peak"] = [
        {"start": hhmm(a), "end": hhmm(b), "input": draw(prices), "output": draw(prices)}
        for a, b in spans
    ]
    return entry_of(**fields)


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    """10M tokens a day at 3:1 with a batch share, an off-peak share of the rest, maybe
    hours for it, cache and reasoning shares, and requests (prompts over or under the
    tier)."""
    batch = draw(shares)
    start = draw(minutes)
    length = draw(st.integers(min_value=1, max_value=24 * 60 - 1))
    traffic = Traffic(
        cache_read_share=draw(shares) / 2,
        cache_write_share=draw(shares) / 2,
        reasoning_share=draw(shares),
        batch_share=batch,
        off_peak_share=draw(shares) * (1 - batch),
        off_peak_hours=draw(st.none() | st.just((start, (start + length) % (24 * 60)))),
        requests_per_day=draw(st.sampled_from([Decimal(100), Decimal(1000)])),
    )
    return Workload(
        name="w",
        tokens_per_day=Decimal(10_000_000),
        split=(Decimal(3), Decimal(1)),
        traffic=traffic,
    )


def usage_of(workload: Workload) -> tuple[Usage, Decimal | None]:
    """A day of the workload as one usage (what ``price_workload`` prices) and its prompt."""
    traffic = workload.traffic or Traffic()
    tokens_in, tokens_out = workload.input_tokens_per_day, workload.output_tokens_per_day
    with localcontext(CONTEXT):
        usage = Usage(
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cache_read_tokens=tokens_in * traffic.cache_read_share,
            cache_write_tokens=tokens_in * traffic.cache_write_share,
            reasoning_tokens=tokens_out * traffic.reasoning_share,
            requests=traffic.requests(tokens_in),
        )
    return usage, traffic.prompt(tokens_in)


def with_traffic(workload: Workload, **changes: Any) -> Workload:
    traffic = workload.traffic or Traffic()
    return Workload(
        name=workload.name,
        tokens_per_day=workload.tokens_per_day,
        split=workload.split,
        traffic=Traffic(**{**traffic.__dict__, **changes}),
    )


@given(entries(), workloads())
@settings(max_examples=100)
def test_the_batch_share_is_billed_at_batch_prices_whatever_the_hours(
    entry: PriceEntry, workload: Workload
) -> None:
    """A day's cost is its batch share at the batch prices (no window) plus the rest as
    if no batch were sent: the off-peak hours move only traffic sent directly."""
    traffic = workload.traffic or Traffic()
    batch = traffic.batch_share
    usage, prompt = usage_of(workload)
    all_batch = price_usage(entry, usage, prompt_tokens=prompt, batch=True).total
    with localcontext(CONTEXT):
        rest = traffic.off_peak_share / (1 - batch) if batch < 1 else Decimal(0)
        direct = price_workload(entry, with_traffic(workload, batch_share=0, off_peak_share=rest))
        expected = batch * all_batch + (1 - batch) * direct.total
        found = price_workload(entry, workload).total
        assert abs(found - expected) < TOLERANCE, (found, expected)


@given(entries(), workloads())
@settings(max_examples=100)
def test_no_token_is_discounted_twice(entry: PriceEntry, workload: Workload) -> None:
    """A day costs at least what it would if every token went at the one cheapest way
    (all standard, all batch, or all in one window), and at most the dearest way."""
    usage, prompt = usage_of(workload)
    windows = entry.off_peak or ()
    ways = [
        price_usage(entry, usage, prompt_tokens=prompt).total,
        price_usage(entry, usage, prompt_tokens=prompt, batch=True).total,
        *(price_usage(entry, usage, prompt_tokens=prompt, window=w).total for w in windows),
    ]
    found = price_workload(entry, workload).total
    assert min(ways) - TOLERANCE < found < max(ways) + TOLERANCE, (found, ways)


def test_all_batch_traffic_with_off_peak_hours_costs_the_batch_price() -> None:
    """The injected bug of issue 14 by hand: all traffic by batch, hours given that overlap
    the window, is billed at the batch price alone (half of $4 and $12 on 7.5M and 2.5M
    tokens: $30 a day), not less."""
    entry = entry_of(
        input=4,
        output=12,
        batch_discount=Decimal("0.5"),
        off_peak=[{"start": "16:30", "end": "00:30", "input": 1, "output": 3}],
    )
    workload = Workload(
        name="w",
        tokens_per_day=Decimal(10_000_000),
        split=(Decimal(3), Decimal(1)),
        traffic=Traffic(batch_share=Decimal(1), off_peak_hours=(22 * 60, 2 * 60)),
    )
    parts = price_workload(entry, workload)
    assert (parts.total, parts.batch_savings, parts.off_peak_savings) == (30, 30, 0)


JUNE = datetime(2026, 6, 15, tzinfo=UTC)
requests = st.fixed_dictionaries(
    {
        "model": st.sampled_from(["halves", "stated"]),
        "minute": minutes,
        "batch": st.booleans(),
        "input": st.integers(min_value=0, max_value=200_000),
        "cached": st.integers(min_value=0, max_value=100),
        "output": st.integers(min_value=0, max_value=5_000),
    }
)


@cache
def night() -> Catalogue:
    return load_catalogue(NIGHT)


def price_one(request: dict[str, Any], when: datetime | None) -> Decimal:
    cost = tokencost.price(
        request["model"],
        input_tokens=request["input"] + request["cached"],
        cache_read_tokens=request["cached"],
        output_tokens=request["output"],
        batch=request["batch"],
        when=when or JUNE.date(),
        catalogue=night(),
    )
    return cost.total


@given(requests)
@settings(max_examples=40)
def test_a_batch_request_costs_the_same_at_any_hour(request: dict[str, Any]) -> None:
    """One request through the library: sent by batch, its time of day changes nothing."""
    at = JUNE + timedelta(minutes=request["minute"])
    batch = {**request, "batch": True}
    assert price_one(batch, at) == price_one(batch, None)


@given(st.lists(requests, min_size=1, max_size=12))
@settings(max_examples=30)
def test_a_replay_costs_what_its_requests_cost_one_by_one(batch: list[dict[str, Any]]) -> None:
    """A replayed log (timestamps in and out of the windows, batch or not) costs exactly
    the sum of its records priced one at a time: each at one price, none at two."""
    records = [
        {
            "timestamp": (JUNE + timedelta(minutes=r["minute"])).isoformat(),
            "model": r["model"],
            "batch": r["batch"],
            "usage": {
                "prompt_tokens": r["input"] + r["cached"],
                "prompt_tokens_details": {"cached_tokens": r["cached"]},
                "completion_tokens": r["output"],
            },
        }
        for r in batch
    ]
    found = tokencost.replay(records, catalogue=night())
    assert found.records_priced == len(batch)
    expected = sum((price_one(r, JUNE + timedelta(minutes=r["minute"])) for r in batch), Decimal(0))
    assert found.actual_cost == expected

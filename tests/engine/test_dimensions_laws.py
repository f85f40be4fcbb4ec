"""Laws of the pricing dimensions, checked with hypothesis over random prices and workloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tokencost.catalogue import PriceEntry
from tokencost.catalogue.schema import CheckedEntry
from tokencost.engine import blended_price, daily_cost
from tokencost.engine.cost import MILLION
from tokencost.engine.dimensions import price_workload
from tokencost.engine.pricing import effective_price
from tokencost.engine.results import TOKEN_PARTS
from tokencost.quantities import CONTEXT, plain
from tokencost.validation import validate
from tokencost.workload import Workload
from tokencost.workload.schema import from_table
from tokencost.workload.traffic import Traffic

prices = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False)
shares = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)
tokens = st.integers(min_value=0, max_value=10**11).map(Decimal)
weights = st.integers(min_value=0, max_value=50).map(Decimal)


def entry_of(**fields: Any) -> PriceEntry:
    value: PriceEntry = validate(
        CheckedEntry, {"effective": date(2026, 1, 1), "source": "list", **fields}
    )
    return value


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    """A workload with any total and split, including splits such as 1:2 that round."""
    weight_in, weight_out = draw(weights), draw(weights)
    if weight_in + weight_out == 0:
        weight_in = Decimal(1)
    return Workload(
        name="w",
        tokens_per_day=draw(tokens),
        split=(weight_in, weight_out),
        days_per_month=Decimal(draw(st.integers(min_value=1, max_value=31))),
    )


@given(workloads(), prices, prices, prices, prices)
@settings(max_examples=200)
def test_new_fields_at_zero_price_exactly_as_before(
    workload: Workload, price_in: Decimal, price_out: Decimal, cache: Decimal, batch: Decimal
) -> None:
    """Zero shares of every dimension give the plain engine's Decimal figures, to the
    last digit, whatever the entry's extra prices."""
    entry = entry_of(
        input=price_in,
        output=price_out,
        cache_read=cache,
        cache_write=cache,
        batch_input=batch,
        batch_output=batch,
        tiers=[{"above": 1, "input": price_out, "output": price_in}],
        off_peak=[{"start": "16:30", "end": "00:30", "input": cache, "output": cache}],
    )
    zero = Decimal(0)
    zeros = Traffic(
        cache_read_share=zero,
        cache_write_share=zero,
        reasoning_share=zero,
        batch_share=zero,
        off_peak_share=zero,
    )
    for traffic in (Traffic(), zeros):
        with_zeros = replace(workload, traffic=traffic)
        parts = price_workload(entry, with_zeros)
        # the same value, written the same (1.0E-6 and 1E-6 are one number; outputs are
        # written with plain(), so the text is the same too)
        assert parts.total == daily_cost(workload, price_in, price_out)
        assert plain(parts.total) == plain(daily_cost(workload, price_in, price_out))
        assert effective_price(entry, with_zeros, parts) == blended_price(
            workload, price_in, price_out
        )
        assert parts.flags == ()


@given(
    st.integers(min_value=0, max_value=10**10).map(Decimal),
    st.integers(min_value=0, max_value=10**10).map(Decimal),
    prices,
    shares,
    shares,
    shares,
    shares,
)
def test_more_cache_hits_never_cost_more(
    tokens_in: Decimal,
    tokens_out: Decimal,
    price_in: Decimal,
    cut: Decimal,
    write_share: Decimal,
    first: Decimal,
    second: Decimal,
) -> None:
    """With a cache read price at or below the input price, a larger share of cache hits
    never raises the cost (for a fixed share of cache writes)."""
    with localcontext(CONTEXT):
        cache_price = price_in * (1 - cut)  # 0 to 100% below the input price
    entry = entry_of(
        input=price_in, output=Decimal(7), cache_read=cache_price, cache_write=Decimal(9)
    )
    room = 1 - write_share
    low, high = sorted((first * room, second * room))

    def cost(hits: Decimal) -> Decimal:
        workload = Workload(
            name="w",
            tokens_per_day=tokens_in + tokens_out,
            split=(tokens_in, tokens_out) if tokens_in + tokens_out else (Decimal(1), Decimal(0)),
            traffic=Traffic(cache_read_share=hits, cache_write_share=write_share),
        )
        return price_workload(entry, workload).total

    assert cost(high) <= cost(low)


@given(
    prices, prices, prices, prices, prices, shares, shares, shares, shares, shares, shares, shares
)
@settings(max_examples=200)
def test_the_parts_add_up_to_pricing_each_slice_of_traffic(
    price_in: Decimal,
    price_out: Decimal,
    cache_read: Decimal,
    cache_write: Decimal,
    night: Decimal,
    discount: Decimal,
    hits: Decimal,
    writes: Decimal,
    reasoning: Decimal,
    batch: Decimal,
    off_peak: Decimal,
    fee: Decimal,
) -> None:
    """The total is the sum of its parts, and equals pricing each slice of the traffic
    (standard, batch, off-peak) at its own prices, computed here independently."""
    discount = max(discount, Decimal("0.01"))
    entry = entry_of(
        input=price_in,
        output=price_out,
        cache_read=cache_read,
        cache_write=cache_write,
        batch_discount=discount,
        per_1k_requests=fee,
        off_peak=[
            {
                "start": "16:30",
                "end": "00:30",
                "input": night,
                "output": night,
                "cache_read": night,
                "cache_write": night,
            }
        ],
    )
    writes = writes * (1 - hits)
    off_peak = off_peak * (1 - batch)
    workload = from_table(
        {
            "name": "w", "input_tokens_per_day": 7_000_000, "output_tokens_per_day": 3_000_000,
            "cache_read_share": hits, "cache_write_share": writes, "reasoning_share": reasoning,
            "batch_share": batch, "off_peak_share": off_peak, "requests_per_day": 1234,
        },
        "test",
    )  # fmt: skip
    parts = price_workload(entry, workload)
    with localcontext(CONTEXT):
        added = sum((parts.parts()[name] for name in TOKEN_PARTS), Decimal(0))
        assert parts.total == added + parts.requests - parts.batch_savings - parts.off_peak_savings
        tokens = {
            "uncached": 7_000_000 * (1 - hits - writes),
            "cached": 7_000_000 * hits,
            "written": 7_000_000 * writes,
            "output": Decimal(3_000_000),
        }

        def day_at(p_in: Decimal, p_read: Decimal, p_write: Decimal, p_out: Decimal) -> Decimal:
            return (
                tokens["uncached"] * p_in
                + tokens["cached"] * p_read
                + tokens["written"] * p_write
                + tokens["output"] * p_out
            ) / MILLION

        standard = day_at(price_in, cache_read, cache_write, price_out)
        keep = 1 - discount
        batched = day_at(price_in * keep, cache_read * keep, cache_write * keep, price_out * keep)
        nights = day_at(night, night, night, night)
        direct = (
            (1 - batch - off_peak) * standard
            + batch * batched
            + off_peak * nights
            + 1234 * fee / 1000
        )
    assert parts.total == direct

"""Worked examples of the pricing dimensions, each computed by hand from the rule the
provider documents (and tokencost's README states).

Every case is a price entry (as written in a catalogue file) and a workload profile
(as written in a TOML profile); the comment above it works the figures out by hand,
in USD a day, prices in USD per 1M tokens. The engine must give exactly those parts,
that total and those flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tokencost.catalogue import PriceEntry
from tokencost.catalogue.schema import CheckedEntry
from tokencost.engine.dimensions import price_usage, price_workload
from tokencost.engine.rates import Usage, window_at
from tokencost.engine.results import PARTS
from tokencost.validation import validate
from tokencost.workload.schema import from_table

OPUS = {"input": 5, "output": 25, "cache_read": "0.50", "cache_write": "6.25"}
GPT = {
    "input": 5,
    "output": 30,
    "cache_read": "0.50",
    "tiers": [{"above": 272_000, "input": 10, "output": 45}],
}
DEEPSEEK_CHAT = {
    "input": "0.27",
    "output": "1.1",
    "cache_read": "0.07",
    "off_peak": [
        {
            "start": "16:30",
            "end": "00:30",
            "input": "0.135",
            "output": "0.55",
            "cache_read": "0.035",
        }
    ],
}


def entry_of(prices: dict[str, Any]) -> PriceEntry:
    """A validated price entry, as a catalogue file would give it."""
    data = {"effective": date(2026, 8, 21), "source": "list", **_decimals(prices)}
    value: PriceEntry = validate(CheckedEntry, data)
    return value


def _decimals(value: Any) -> Any:
    """Numbers written as text ("0.50") become Decimals, as TOML is read; "10M" stays."""
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return Decimal(value)
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


@dataclass(frozen=True)
class Case:
    """An entry, a workload profile, and the daily parts worked out by hand."""

    name: str
    prices: dict[str, Any]
    profile: dict[str, Any]
    parts: dict[str, str]
    total: str
    flags: tuple[str, ...] = ()
    tier: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


CASES = [
    # Anthropic bills cache hits at 0.1x and 5-minute cache writes at 1.25x the input
    # price; cached and written tokens are part of the input tokens.
    # 10M tokens a day at 3:1: 7,500,000 input, 2,500,000 output.
    # cache hits 80%: 6,000,000 x 0.50 / 1M = 3
    # cache writes 5%: 375,000 x 6.25 / 1M = 2.34375
    # uncached: 7,500,000 - 6,000,000 - 375,000 = 1,125,000 x 5 / 1M = 5.625
    # output: 2,500,000 x 25 / 1M = 62.5
    # total 73.46875 (100 without the cache: 37.5 + 62.5)
    Case(
        "claude-cache-hits",
        OPUS,
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "cache_read_share": "0.8",
            "cache_write_share": "0.05",
        },
        {"input": "5.625", "cache_read": "3", "cache_write": "2.34375", "output": "62.5"},
        "73.46875",
    ),
    # GPT-5.5 above 272k input tokens: $10 / $45 for the whole request. 1,000 requests of
    # exactly 272,000 input tokens are not *over* the threshold: standard prices.
    # input 272,000,000 x 5 / 1M = 1,360; output 2,000,000 x 30 / 1M = 60; total 1,420
    Case(
        "gpt-prompt-at-the-threshold",
        GPT,
        {
            "input_tokens_per_day": 272_000_000,
            "output_tokens_per_day": 2_000_000,
            "requests_per_day": 1000,
        },
        {"input": "1360", "output": "60"},
        "1420",
    ),
    # One token more per request (272,001 > 272,000): every token of every request at
    # the tier prices, output included.
    # input 272,001,000 x 10 / 1M = 2,720.01; output 2,000,000 x 45 / 1M = 90
    Case(
        "gpt-prompt-one-token-over",
        GPT,
        {
            "input_tokens_per_day": 272_001_000,
            "output_tokens_per_day": 2_000_000,
            "requests_per_day": 1000,
        },
        {"input": "2720.01", "output": "90"},
        "2810.01",
        tier=272_000,
    ),
    # The same threshold given as an average prompt size instead of requests a day.
    Case(
        "gpt-prompt-tokens-over",
        GPT,
        {
            "input_tokens_per_day": 300_000_000,
            "output_tokens_per_day": 3_000_000,
            "prompt_tokens": "300k",
        },
        {"input": "3000", "output": "135"},
        "3135",
        tier=272_000,
    ),
    # Over the tier with half the input from cache: the tier has no cache price (none is
    # published), so cache hits are billed at the tier's input price, and flagged.
    # cached 150,000,000 x 10 / 1M = 1,500; uncached 150,000,000 x 10 / 1M = 1,500;
    # output 3,000,000 x 45 / 1M = 135
    Case(
        "gpt-cache-hits-over-the-tier",
        GPT,
        {
            "input_tokens_per_day": 300_000_000,
            "output_tokens_per_day": 3_000_000,
            "requests_per_day": 1000,
            "cache_read_share": "0.5",
        },
        {"input": "1500", "cache_read": "1500", "output": "135"},
        "3135",
        flags=("no cache read price above 272,000 input tokens: cached input billed as input",),
        tier=272_000,
    ),
    # ... and under the tier (1,500 requests of 200,000 tokens): the standard cache price.
    # cached 150M x 0.50 / 1M = 75; uncached 150M x 5 / 1M = 750; output 3M x 30 / 1M = 90
    Case(
        "gpt-cache-hits-under-the-tier",
        GPT,
        {
            "input_tokens_per_day": 300_000_000,
            "output_tokens_per_day": 3_000_000,
            "requests_per_day": 1500,
            "cache_read_share": "0.5",
        },
        {"input": "750", "cache_read": "75", "output": "90"},
        "915",
    ),
    # A nightly batch job on Llama 4 Maverick at AWS Bedrock, whose batch API charges
    # $0.12 / $0.485 (LiteLLM) against $0.24 / $0.97.
    # 50M tokens a day, input share 0.98: 49,000,000 input, 1,000,000 output.
    # standard: 49 x 0.24 = 11.76; 1 x 0.97 = 0.97 -> 12.73
    # batch saves 49 x (0.24 - 0.12) + 1 x (0.97 - 0.485) = 5.88 + 0.485 = 6.365
    # total 12.73 - 6.365 = 6.365, half the standard price
    Case(
        "maverick-batch-job",
        {"input": "0.24", "output": "0.97", "batch_input": "0.12", "batch_output": "0.485"},
        {"tokens_per_day": "50M", "input_share": "0.98", "batch_share": 1},
        {"input": "11.76", "output": "0.97", "batch_savings": "6.365"},
        "6.365",
    ),
    # OpenAI-style: the Batch API halves every token price, cached input included.
    # 7,500,000 input (40% cached), 2,500,000 output; half the traffic by batch.
    # standard: 4,500,000 x 2.5 = 11.25; 3,000,000 x 1.25 = 3.75; 2,500,000 x 10 = 25 -> 40
    # batch saves 0.5 (of the traffic) x 40 x 0.5 (the discount) = 10
    Case(
        "batch-discount-with-cache",
        {"input": "2.5", "output": 10, "cache_read": "1.25", "batch_discount": "0.5"},
        {"tokens_per_day": "10M", "ratio": "3:1", "cache_read_share": "0.4", "batch_share": "0.5"},
        {"input": "11.25", "cache_read": "3.75", "output": "25", "batch_savings": "10"},
        "30",
    ),
    # A batch discount applies to a tier's prices too (Anthropic: 50% off long-context
    # requests in batch). 1,000 requests of 300,000 tokens, over a 200,000 tier:
    # 300M x 6 = 1,800; 2M x 22.5 = 45 -> 1,845; all by batch at half price: saves 922.5
    Case(
        "batch-discount-over-a-tier",
        {
            "input": 3,
            "output": 15,
            "batch_discount": "0.5",
            "tiers": [{"above": 200_000, "input": 6, "output": "22.5"}],
        },
        {
            "input_tokens_per_day": 300_000_000,
            "output_tokens_per_day": 2_000_000,
            "requests_per_day": 1000,
            "batch_share": 1,
        },
        {"input": "1800", "output": "45", "batch_savings": "922.5"},
        "922.5",
        tier=200_000,
    ),
    # Explicit batch prices are stated for the standard tier only: above the threshold
    # batch traffic pays the tier price, flagged.
    Case(
        "batch-prices-over-a-tier",
        {
            "input": 3,
            "output": 15,
            "batch_input": "1.5",
            "batch_output": "7.5",
            "tiers": [{"above": 200_000, "input": 6, "output": "22.5"}],
        },
        {
            "input_tokens_per_day": 300_000_000,
            "output_tokens_per_day": 2_000_000,
            "requests_per_day": 1000,
            "batch_share": 1,
        },
        {"input": "1800", "output": "45"},
        "1845",
        flags=(
            "no batch price above 200,000 input tokens: batch traffic billed at the tier price",
        ),
        tier=200_000,
    ),
    # DeepSeek's off-peak discount, 16:30-00:30 UTC (a window that wraps midnight):
    # $0.135 / $0.55 against $0.27 / $1.10. 40% of the traffic is sent between 22:00
    # and 02:00 UTC (also wrapping), the rest evenly over the other 20 hours.
    # in the window: 0.4 x 150/240 (22:00-00:30) + 0.6 x 330/1200 (16:30-22:00)
    #              = 0.25 + 0.165 = 0.415 of the traffic
    # standard: 7,500,000 x 0.27 = 2.025; 2,500,000 x 1.1 = 2.75 -> 4.775
    # saves 0.415 x (7.5 x 0.135 + 2.5 x 0.55) = 0.415 x 2.3875 = 0.9908125
    # total 4.775 - 0.9908125 = 3.7841875
    Case(
        "deepseek-off-peak-across-midnight",
        DEEPSEEK_CHAT,
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "off_peak_share": "0.4",
            "off_peak_hours": "22:00-02:00",
        },
        {"input": "2.025", "output": "2.75", "off_peak_savings": "0.9908125"},
        "3.7841875",
    ),
    # Without the hours, the off-peak share is sent in the model's own window:
    # saves 0.4 x 2.3875 = 0.955
    Case(
        "deepseek-off-peak-in-its-window",
        DEEPSEEK_CHAT,
        {"tokens_per_day": "10M", "ratio": "3:1", "off_peak_share": "0.4"},
        {"input": "2.025", "output": "2.75", "off_peak_savings": "0.955"},
        "3.82",
    ),
    # Off-peak and cache together: the window's own cache price ($0.035 for $0.07).
    # 50% cache hits: uncached 3,750,000 x 0.27 = 1.0125; cached 3,750,000 x 0.07 = 0.2625;
    # output 2.75 -> 4.025. All traffic off-peak (hours = the window): saves
    # 3.75 x 0.135 + 3.75 x 0.035 + 2.5 x 0.55 = 0.50625 + 0.13125 + 1.375 = 2.0125
    Case(
        "deepseek-off-peak-cache-hits",
        DEEPSEEK_CHAT,
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "cache_read_share": "0.5",
            "off_peak_share": 1,
            "off_peak_hours": "16:30-00:30",
        },
        {
            "input": "1.0125",
            "cache_read": "0.2625",
            "output": "2.75",
            "off_peak_savings": "2.0125",
        },
        "2.0125",
    ),
    # A model without off-peak prices: its standard price, flagged.
    Case(
        "no-off-peak-price",
        OPUS,
        {"tokens_per_day": "10M", "ratio": "3:1", "off_peak_share": "0.4"},
        {"input": "37.5", "output": "62.5"},
        "100",
        flags=("no off-peak price: off-peak traffic billed at the standard price",),
    ),
    # A model missing a cache price (Llama 4 Maverick at together): cache hits are
    # billed at the input price, as without a cache, and flagged.
    # uncached 1,500,000 x 0.27 = 0.405; cached 6,000,000 x 0.27 = 1.62;
    # output 2,500,000 x 0.85 = 2.125; total 4.15 = the price without cache hits
    Case(
        "maverick-no-cache-price",
        {"input": "0.27", "output": "0.85"},
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "cache_read_share": "0.8",
            "cache_write_share": "0.05",
        },
        {"input": "0.30375", "cache_read": "1.62", "cache_write": "0.10125", "output": "2.125"},
        "4.15",
        flags=(
            "no cache read price: cached input billed as input",
            "no cache write price: cache writes billed as input",
        ),
    ),
    # Perplexity Sonar: $1 / $1 per 1M tokens plus $12 per 1,000 requests.
    # 500,000 x 1 + 500,000 x 1 = 1; 2,000 requests x 12 / 1,000 = 24
    Case(
        "sonar-per-request-fee",
        {"input": 1, "output": 1, "per_1k_requests": 12},
        {"tokens_per_day": "1M", "ratio": "1:1", "requests_per_day": 2000},
        {"input": "0.5", "output": "0.5", "requests": "24"},
        "25",
    ),
    # Without a request count the fee cannot be priced: left out, flagged.
    Case(
        "sonar-fee-without-requests",
        {"input": 1, "output": 1, "per_1k_requests": 12},
        {"tokens_per_day": "1M", "ratio": "1:1"},
        {"input": "0.5", "output": "0.5"},
        "1",
        flags=(
            "charges $12 per 1,000 requests: not included (give requests_per_day or prompt_tokens)",
        ),
    ),
    # A reasoning price of its own (LiteLLM's gemini-2.5-flash-preview-04-17: $3.50 for
    # thinking tokens, $0.60 other output). 60% of 2,500,000 output tokens reasoning:
    # 7.5 x 0.15 = 1.125; 1.5 x 3.5 = 5.25; 1 x 0.6 = 0.6 -> 6.975
    Case(
        "reasoning-price",
        {"input": "0.15", "output": "0.6", "reasoning": "3.5"},
        {"tokens_per_day": "10M", "ratio": "3:1", "reasoning_share": "0.6"},
        {"input": "1.125", "output": "0.6", "reasoning": "5.25"},
        "6.975",
    ),
    # No reasoning price: reasoning tokens are output tokens (not flagged).
    Case(
        "reasoning-billed-as-output",
        OPUS,
        {"tokens_per_day": "10M", "ratio": "3:1", "reasoning_share": "0.5"},
        {"input": "37.5", "output": "31.25", "reasoning": "31.25"},
        "100",
    ),
    # Anthropic's 1-hour cache writes cost 2x input ($10 for $5), 5-minute ones 1.25x.
    # 10% of 7,500,000 written for an hour: 750,000 x 10 = 7.5;
    # uncached 6,750,000 x 5 = 33.75; output 62.5 -> 103.75
    Case(
        "long-cache-writes",
        {**OPUS, "cache_write_minutes": 5, "cache_write_long": 10, "cache_write_long_minutes": 60},
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "cache_write_share": "0.1",
            "cache_write_long": True,
        },
        {"input": "33.75", "cache_write": "7.5", "output": "62.5"},
        "103.75",
    ),
    # ... on a model that sells no longer-lived write: the standard write, flagged.
    # 750,000 x 6.25 = 4.6875; 33.75 + 62.5 -> 100.9375
    Case(
        "long-cache-writes-without-a-price",
        OPUS,
        {
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "cache_write_share": "0.1",
            "cache_write_long": True,
        },
        {"input": "33.75", "cache_write": "4.6875", "output": "62.5"},
        "100.9375",
        flags=("no long-lived cache write price: billed at the cache write price",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_worked_example(case: Case) -> None:
    workload = from_table({"name": case.name, **_decimals(case.profile)}, "test")
    parts = price_workload(entry_of(case.prices), workload)
    expected = {name: Decimal(case.parts.get(name, "0")) for name in PARTS}
    assert parts.parts() == expected
    assert parts.total == Decimal(case.total)
    assert parts.flags == case.flags
    assert (parts.tier.above if parts.tier else None) == case.tier


def test_cached_tokens_are_part_of_the_input_never_on_top() -> None:
    """With the cache priced like input, any share of cache hits costs the same."""
    entry = entry_of({"input": 5, "output": 25, "cache_read": 5, "cache_write": 5})
    costs = {
        price_workload(
            entry,
            from_table(
                {"name": "x", "tokens_per_day": "10M", "ratio": "3:1",
                 "cache_read_share": Decimal(share), "cache_write_share": Decimal("0.1")},
                "test",
            ),
        ).total
        for share in ("0", "0.3", "0.9")
    }  # fmt: skip
    assert costs == {Decimal(100)}


# -- price_usage: aggregated token counts, as a usage replay has them -------------------


def test_price_usage_of_counted_tokens() -> None:
    # One day of logged Claude usage: 1,000,000 input tokens of which 600,000 cache hits
    # and 100,000 cache writes, 200,000 output tokens of which 50,000 reasoning.
    # uncached 300,000 x 5 = 1.5; cached 600,000 x 0.5 = 0.3; writes 100,000 x 6.25 = 0.625
    # output 150,000 x 25 = 3.75; reasoning 50,000 x 25 = 1.25 -> 7.425
    usage = Usage(
        input_tokens=Decimal(1_000_000),
        output_tokens=Decimal(200_000),
        cache_read_tokens=Decimal(600_000),
        cache_write_tokens=Decimal(100_000),
        reasoning_tokens=Decimal(50_000),
        requests=Decimal(40),
    )
    parts = price_usage(entry_of(OPUS), usage)
    assert parts.parts() == {
        "input": Decimal("1.5"), "cache_read": Decimal("0.3"),
        "cache_write": Decimal("0.625"), "output": Decimal("3.75"),
        "reasoning": Decimal("1.25"), "requests": 0, "batch_savings": 0, "off_peak_savings": 0,
    }  # fmt: skip
    assert parts.total == Decimal("7.425")
    # the same usage sent through a batch API at a 50% discount saves half
    batch = price_usage(entry_of({**OPUS, "batch_discount": "0.5"}), usage, batch=True)
    assert (batch.batch_savings, batch.total) == (Decimal("3.7125"), Decimal("3.7125"))


def test_price_usage_in_an_off_peak_window_and_over_a_tier() -> None:
    entry = entry_of(DEEPSEEK_CHAT)
    # 23:59 and 00:00 UTC are in the 16:30-00:30 window; 00:30 and 16:29 are not
    assert [window_at(entry, m) is not None for m in (1439, 0, 29, 30, 989, 990)] == [
        True, True, True, False, False, True,
    ]  # fmt: skip
    window = window_at(entry, 0)
    usage = Usage(input_tokens=Decimal(1_000_000), output_tokens=Decimal(1_000_000))
    # standard 0.27 + 1.1 = 1.37; off-peak 0.135 + 0.55 = 0.685, a saving of 0.685
    parts = price_usage(entry, usage, window=window)
    assert (parts.off_peak_savings, parts.total) == (Decimal("0.685"), Decimal("0.685"))
    gpt = entry_of(GPT)
    assert price_usage(gpt, usage, prompt_tokens=Decimal(272_000)).total == 35
    assert price_usage(gpt, usage, prompt_tokens=Decimal(272_001)).total == 55


def test_counts_that_do_not_add_up_are_refused() -> None:
    too_many = Usage(
        input_tokens=Decimal(10), output_tokens=Decimal(0), cache_read_tokens=Decimal(11)
    )
    with pytest.raises(Exception, match=r"cached \(11\) and cache-write \(0\) tokens are more"):
        price_usage(entry_of(OPUS), too_many)
    with pytest.raises(ValueError, match="not both at once"):
        price_usage(
            entry_of(DEEPSEEK_CHAT),
            too_many,
            batch=True,
            window=window_at(entry_of(DEEPSEEK_CHAT), 0),
        )

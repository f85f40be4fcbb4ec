"""Which price applies to each part of the traffic, and the flag when one is missing.

One set of prices (:class:`Rates`) is the entry's standard prices, those of the
highest long-context tier a prompt exceeds, the batch prices or an off-peak
window's. A price the set lacks for a part the usage has falls back to its normal
rate (a cache read or write to input, a long-lived write to the standard write,
reasoning to output) and is flagged; reasoning billed as output is flagged only
where the entry does have a reasoning price. Pure Decimal functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext

from tokencost.catalogue import PriceEntry
from tokencost.catalogue.schema import OffPeakWindow, Tier
from tokencost.quantities import CONTEXT, plain
from tokencost.zones import covers

ZERO = Decimal(0)
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class Usage:
    """Tokens (and requests) to price. Cached, cache-written and reasoning tokens are
    *part of* the input and output tokens, never on top of them."""

    input_tokens: Decimal
    """Every input token, cached and cache-written ones included."""
    output_tokens: Decimal
    """Every output token, reasoning ones included."""
    cache_read_tokens: Decimal = ZERO
    """Input tokens read from the prompt cache."""
    cache_write_tokens: Decimal = ZERO
    """Input tokens written to the prompt cache."""
    reasoning_tokens: Decimal = ZERO
    """Output tokens spent on reasoning."""
    requests: Decimal | None = None
    """How many requests carried them (None: unknown; per-request fees are then flagged)."""
    cache_write_long: bool = False
    """The writes use the provider's longer cache lifetime."""


@dataclass(frozen=True)
class Rates:
    """One set of prices (standard, a tier, batch, an off-peak window), USD per 1M."""

    where: str
    input: Decimal
    output: Decimal
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    cache_write_long: Decimal | None = None
    reasoning: Decimal | None = None


def tier_for(entry: PriceEntry, prompt_tokens: Decimal | None) -> Tier | None:
    """The highest tier whose threshold the prompt exceeds (strictly), or None."""
    if prompt_tokens is None:
        return None
    over = [tier for tier in entry.tiers or () if prompt_tokens > tier.above]
    return over[-1] if over else None


def window_at(entry: PriceEntry, moment: int) -> OffPeakWindow | None:
    """The off-peak window in effect at ``moment`` (whole minutes UTC since the start of
    the calendar, :mod:`tokencost.zones`; a minute of the day 0-1439 alone for windows
    without days or zone), or None."""
    if not entry.off_peak:
        return None
    return next((w for w in entry.off_peak if covers(w.rule, moment)), None)


def standard_rates(entry: PriceEntry, tier: Tier | None) -> Rates:
    if tier is None:
        return Rates(
            "",
            entry.input,
            entry.output,
            entry.cache_read,
            entry.cache_write,
            entry.cache_write_long,
            entry.reasoning,
        )
    where = f" above {tier.above:,} input tokens"
    return Rates(
        where, tier.input, tier.output, tier.cache_read, tier.cache_write, tier.cache_write_long
    )


def unit_prices(
    rates: Rates, usage: Usage, entry: PriceEntry, flags: list[str]
) -> dict[str, Decimal]:
    """The price of each token part; a missing one falls back to its normal rate, flagged
    when the usage has such tokens."""
    where = rates.where
    cached = rates.cache_read
    if cached is None:
        cached = rates.input
        if usage.cache_read_tokens:
            flags.append(f"no cache read price{where}: cached input billed as input")
    write = rates.cache_write
    if usage.cache_write_long and rates.cache_write_long is not None:
        write = rates.cache_write_long
    elif usage.cache_write_long and usage.cache_write_tokens and write is not None:
        flags.append(f"no long-lived cache write price{where}: billed at the cache write price")
    if write is None:
        write = rates.input
        if usage.cache_write_tokens:
            flags.append(f"no cache write price{where}: cache writes billed as input")
    reasoning = rates.reasoning
    if reasoning is None:
        reasoning = rates.output
        if usage.reasoning_tokens and entry.reasoning is not None:
            flags.append(f"no reasoning price{where}: reasoning billed as output")
    return {
        "input": rates.input,
        "cache_read": cached,
        "cache_write": write,
        "output": rates.output,
        "reasoning": reasoning,
    }


def batch_prices(
    entry: PriceEntry,
    tier: Tier | None,
    standard: dict[str, Decimal],
    usage: Usage,
    flags: list[str],
) -> dict[str, Decimal] | None:
    if entry.batch_discount is not None:
        with localcontext(CONTEXT):
            keep = 1 - entry.batch_discount
            return {name: price * keep for name, price in standard.items()}
    if entry.batch_input is None or entry.batch_output is None:
        flags.append("no batch price: batch traffic billed at the standard price")
        return None
    if tier is not None:
        flags.append(
            f"no batch price above {tier.above:,} input tokens: batch traffic billed at "
            "the tier price"
        )
        return None
    rates = Rates(
        " in batch",
        entry.batch_input,
        entry.batch_output,
        entry.batch_cache_read,
        entry.batch_cache_write,
    )
    return unit_prices(rates, usage, entry, flags)


def window_prices(
    entry: PriceEntry,
    window: OffPeakWindow,
    tier: Tier | None,
    usage: Usage,
    flags: list[str],
) -> dict[str, Decimal] | None:
    if tier is not None:
        flags.append(
            f"no off-peak price above {tier.above:,} input tokens: off-peak traffic billed "
            "at the tier price"
        )
        return None
    rates = Rates(
        f" off-peak ({window.label})",
        window.input,
        window.output,
        window.cache_read,
        window.cache_write,
    )
    return unit_prices(rates, usage, entry, flags)


def request_fee(entry: PriceEntry, requests: Decimal | None, flags: list[str]) -> Decimal:
    fee = entry.per_1k_requests
    if not fee:
        return ZERO
    if requests is None:
        flags.append(
            f"charges ${plain(fee)} per 1,000 requests: not included (give requests_per_day "
            "or prompt_tokens)"
        )
        return ZERO
    with localcontext(CONTEXT):
        return requests * fee / THOUSAND

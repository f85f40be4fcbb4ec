"""Cost per pricing dimension: cached input, cache writes, reasoning, requests, batch,
long-context tiers and off-peak hours. Pure Decimal functions, no I/O.

The cost is a sum of parts (README, "Pricing dimensions")::

    total = input + cache_read + cache_write + output + reasoning + requests
            - batch_savings - off_peak_savings

- the token parts price *every* token at the standard prices: the entry's, or those
  of the highest tier the prompt exceeds; cached and cache-written tokens are part of
  the input tokens (``input`` prices the rest), reasoning tokens part of the output;
- ``batch_savings`` and ``off_peak_savings`` are what the batch and off-peak share of
  the traffic saves against those prices (positive when cheaper; a flagged fallback
  can make one negative);
- ``requests`` is the fee per 1,000 requests, never discounted.

A price the entry lacks for a dimension the usage has is replaced by its normal rate
(a cache read or write by the input price, long-lived writes by the standard write,
batch or off-peak traffic by the standard prices) and *flagged*, never silently.
Reasoning tokens without a reasoning price are billed as output, as providers bill
them (flagged only where the entry does have a reasoning price but not for a tier,
batch or off-peak window).

``price_usage`` prices aggregated token counts for one entry (what a usage replay
needs); ``price_workload`` prices a day of a workload, spreading its batch and
off-peak shares. Which price applies to each part, and the flags of a missing one,
is :mod:`tokencost.engine.rates`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal, localcontext

from tokencost import hours, zones
from tokencost.catalogue import PriceEntry
from tokencost.catalogue.schema import OffPeakWindow
from tokencost.engine import rates
from tokencost.engine.cost import MILLION
from tokencost.engine.rates import ZERO, Usage, tier_for
from tokencost.engine.results import TOKEN_PARTS, Breakdown
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT, plain
from tokencost.workload import Workload
from tokencost.workload.traffic import NO_TRAFFIC


def price_usage(
    entry: PriceEntry,
    usage: Usage,
    *,
    prompt_tokens: Decimal | None = None,
    batch: bool = False,
    window: OffPeakWindow | None = None,
) -> Breakdown:
    """The cost of ``usage`` at ``entry``'s prices, by dimension.

    ``prompt_tokens`` (input tokens per request) picks the long-context tier (None:
    none applies); ``batch`` prices it all as batch traffic, ``window`` as sent in that
    off-peak window (the saving against the standard prices is the part subtracted).
    """
    if batch and window is not None:
        raise ValueError("price batch traffic or off-peak traffic, not both at once")
    slices = [(Decimal(1), window)] if batch or window is not None else []
    return _price(entry, usage, prompt_tokens, slices, [])


def price_workload(
    entry: PriceEntry, workload: Workload, *, week_of: date | None = None
) -> Breakdown:
    """A day of ``workload`` at ``entry``'s prices, by dimension.

    Every request is taken to have the average prompt (input tokens / requests a day):
    a long-context tier applies to all of them or to none. The batch share is billed
    at batch prices whatever the hour; the off-peak share in the entry's windows (see
    :func:`window_shares`; ``week_of`` is the first day of the week their shares are
    measured over, default the entry's effective date).
    """
    traffic = workload.traffic or NO_TRAFFIC
    tokens_in, tokens_out = workload.input_tokens_per_day, workload.output_tokens_per_day
    with localcontext(CONTEXT):
        usage = Usage(
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cache_read_tokens=tokens_in * traffic.cache_read_share,
            cache_write_tokens=tokens_in * traffic.cache_write_share,
            reasoning_tokens=tokens_out * traffic.reasoning_share,
            requests=traffic.requests(tokens_in),
            cache_write_long=traffic.cache_write_long,
        )
    flags: list[str] = []
    slices: list[tuple[Decimal, OffPeakWindow | None]] = []
    if traffic.batch_share:
        slices.append((traffic.batch_share, None))
    if traffic.off_peak_share and not entry.off_peak:
        flags.append("no off-peak price: off-peak traffic billed at the standard price")
    shares = window_shares(entry, workload, week_of or entry.effective)
    slices.extend((share, window) for window, share in shares)
    return _price(entry, usage, traffic.prompt(tokens_in), slices, flags)


def window_shares(
    entry: PriceEntry, workload: Workload, week_of: date | None = None
) -> list[tuple[OffPeakWindow, Decimal]]:
    """The share of the workload's traffic sent in each off-peak window of the entry.

    Measured over the seven UTC days from ``week_of`` (default: the entry's effective
    date), minute by minute on each window's clock (days of the week and a time zone
    included). Without ``off_peak_hours`` the off-peak share is spread over the entry's
    windows in proportion to the minutes of that week each covers. With them (UTC
    hours, every day), that share is spread evenly over those hours and the rest of the
    traffic sent directly (not by batch) evenly over the other hours; a window gets
    what falls in it of each.
    """
    traffic, windows = workload.traffic or NO_TRAFFIC, entry.off_peak or ()
    share, span = traffic.off_peak_share, traffic.off_peak_hours
    if not windows or (not share and span is None):
        return []
    covered, shared = _week_minutes(windows, span, week_of or entry.effective)
    found: list[tuple[OffPeakWindow, Decimal]] = []
    with localcontext(CONTEXT):
        if span is None:
            total = sum(covered)
            if not total:
                return []
            found = [
                (w, share * minutes / total) for w, minutes in zip(windows, covered, strict=True)
            ]
        else:
            inside = hours.length(span) * 7
            outside = hours.MINUTES_PER_DAY * 7 - inside
            rest = 1 - traffic.batch_share - share
            for window, minutes, common in zip(windows, covered, shared, strict=True):
                apart = minutes - common
                found.append((window, share * common / inside + rest * apart / outside))
    return [(window, part) for window, part in found if part > 0]


def _week_minutes(
    windows: tuple[OffPeakWindow, ...], span: hours.Span | None, first: date
) -> tuple[list[int], list[int]]:
    """Minutes of the seven UTC days from ``first`` each window covers, and of those the
    minutes inside the UTC ``span`` (every day; none when it is None)."""
    rules = tuple(w.rule for w in windows)
    hours_rule = None if span is None else (None, None, span[0], span[1])
    edges_of = rules if hours_rule is None else (*rules, hours_rule)
    covered = [0] * len(rules)
    shared = [0] * len(rules)
    for day in range(first.toordinal(), first.toordinal() + 7):
        edges = (*zones.day_edges(edges_of, day), zones.MINUTES_PER_DAY)
        for start, stop in itertools.pairwise(edges):
            moment = day * zones.MINUTES_PER_DAY + start
            in_span = hours_rule is not None and zones.covers(hours_rule, moment)
            for index, rule in enumerate(rules):
                if zones.covers(rule, moment):
                    covered[index] += stop - start
                    shared[index] += (stop - start) if in_span else 0
    return covered, shared


def _price(
    entry: PriceEntry,
    usage: Usage,
    prompt_tokens: Decimal | None,
    slices: Iterable[tuple[Decimal, OffPeakWindow | None]],
    flags: list[str],
) -> Breakdown:
    """Standard token parts, the request fee, and the savings of each (share, window)
    slice of the traffic (window None: batch)."""
    tier = tier_for(entry, prompt_tokens)
    quantities = _quantities(usage)
    standard = rates.unit_prices(rates.standard_rates(entry, tier), usage, entry, flags)
    costs = _costs(standard, quantities)
    savings = {"batch_savings": ZERO, "off_peak_savings": ZERO}
    for share, window in slices:
        if window is None:
            other = rates.batch_prices(entry, tier, standard, usage, flags)
        else:
            other = rates.window_prices(entry, window, tier, usage, flags)
        if other is None:
            continue
        key = "batch_savings" if window is None else "off_peak_savings"
        with localcontext(CONTEXT):
            part = {name: quantity * share for name, quantity in quantities.items()}
            saved = _sum(_costs(standard, part).values()) - _sum(_costs(other, part).values())
            savings[key] += saved
    return Breakdown(
        **costs,
        requests=rates.request_fee(entry, usage.requests, flags),
        **savings,
        tier=tier,
        flags=tuple(dict.fromkeys(flags)),
    )


def _quantities(usage: Usage) -> dict[str, Decimal]:
    """Tokens per part: uncached input = input - cached - written, and so on."""
    cached, written = usage.cache_read_tokens, usage.cache_write_tokens
    with localcontext(CONTEXT):
        if cached + written > usage.input_tokens:
            raise InputError(
                f"cached ({plain(cached)}) and cache-write ({plain(written)}) tokens are more "
                f"than the input tokens ({plain(usage.input_tokens)}); they are part of them"
            )
        if usage.reasoning_tokens > usage.output_tokens:
            raise InputError(
                f"reasoning tokens ({plain(usage.reasoning_tokens)}) are more than the output "
                f"tokens ({plain(usage.output_tokens)}); they are part of them"
            )
        return {
            "input": usage.input_tokens - cached - written,
            "cache_read": cached,
            "cache_write": written,
            "output": usage.output_tokens - usage.reasoning_tokens,
            "reasoning": usage.reasoning_tokens,
        }


def _costs(prices: dict[str, Decimal], quantities: dict[str, Decimal]) -> dict[str, Decimal]:
    with localcontext(CONTEXT):
        return {name: quantities[name] * prices[name] / MILLION for name in TOKEN_PARTS}


def _sum(values: Iterable[Decimal]) -> Decimal:
    with localcontext(CONTEXT):
        return sum(values, ZERO)

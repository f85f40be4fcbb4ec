"""A workload's pricing dimensions (:class:`tokencost.workload.traffic.Traffic`) for people
and scripts: the ``Traffic: ...`` sentence of a table footer and the ``traffic`` object of
a JSON document.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tokencost import hours
from tokencost.quantities import plain_percent
from tokencost.workload.traffic import Traffic


def describe(traffic: Traffic, input_tokens: Decimal) -> str:
    """One sentence for a table footer: ``Traffic: 60% of input tokens from cache, ...``."""
    parts: list[str] = []
    if traffic.cache_hit_share or traffic.cache_write_share:
        cache = [f"{plain_percent(traffic.cache_hit_share)} of input tokens read from cache"]
        if traffic.cache_write_share:
            lifetime = " (long-lived)" if traffic.long_cache_writes else ""
            cache.append(f"{plain_percent(traffic.cache_write_share)} written to it{lifetime}")
        parts.append(", ".join(cache))
    if traffic.reasoning_share:
        parts.append(f"{plain_percent(traffic.reasoning_share)} of output tokens are reasoning")
    if traffic.batch_share:
        parts.append(f"{plain_percent(traffic.batch_share)} of traffic by batch")
    if traffic.off_peak_share or traffic.off_peak_hours:
        where = (
            f"in {hours.span_label(traffic.off_peak_hours)} UTC"
            if traffic.off_peak_hours
            else "in each model's off-peak hours"
        )
        parts.append(f"{plain_percent(traffic.off_peak_share)} of traffic {where}")
    requests, prompt = traffic.requests(input_tokens), traffic.prompt(input_tokens)
    if requests is not None and prompt is not None:
        parts.append(f"{_count(requests)} requests/day of {_count(prompt)} input tokens each")
    return "Traffic: " + "; ".join(parts) + "." if parts else ""


def document(traffic: Traffic) -> dict[str, object]:
    """The dimensions as JSON values (exact shares, hours as ``HH:MM-HH:MM``)."""
    span = traffic.off_peak_hours
    return {
        "cache_hit_share": traffic.cache_hit_share,
        "cache_write_share": traffic.cache_write_share,
        "long_cache_writes": traffic.long_cache_writes,
        "reasoning_share": traffic.reasoning_share,
        "batch_share": traffic.batch_share,
        "off_peak_share": traffic.off_peak_share,
        "off_peak_hours": hours.span_label(span) if span else None,
        "requests_per_day": traffic.requests_per_day,
        "prompt_tokens": traffic.prompt_tokens,
    }


def _count(value: Decimal) -> str:
    """``2,000``; a count that is not whole to two decimals: ``333.33``."""
    whole = value == value.to_integral_value()
    step = Decimal(1) if whole else Decimal("0.01")
    return f"{value.quantize(step, rounding=ROUND_HALF_UP):,}"

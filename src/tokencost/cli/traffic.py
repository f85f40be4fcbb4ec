"""``compare``'s options for the pricing dimensions of a workload (tokencost.workload.traffic)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from tokencost.workload import Workload

PANEL = "Pricing dimensions"


def _option(flag: str, metavar: str, text: str, *former: str) -> Any:
    """A typer option of the pricing-dimensions panel (``former``: deprecated names)."""
    return typer.Option(
        flag, *former, metavar=metavar, help=text, rich_help_panel=PANEL, show_default=False
    )


CacheReadsOpt = Annotated[
    str | None,
    _option(
        "--cache-reads",
        "SHARE",
        "Share of input tokens read from cache: 0.6 (--cache-hits: its former name).",
        "--cache-hits",
    ),
]
CacheWritesOpt = Annotated[
    str | None, _option("--cache-writes", "SHARE", "Share of input tokens written to cache.")
]
CacheWriteLongOpt = Annotated[
    bool,
    typer.Option(
        "--cache-write-long",
        help="Cache writes use the longer lifetime (e.g. 1 hour) where a model sells one.",
        rich_help_panel=PANEL,
    ),
]
ReasoningOpt = Annotated[
    str | None, _option("--reasoning", "SHARE", "Share of output tokens that are reasoning.")
]
BatchOpt = Annotated[
    str | None, _option("--batch", "SHARE", "Share of traffic sent through batch APIs.")
]
OffPeakOpt = Annotated[
    str | None, _option("--off-peak", "SHARE", "Share of traffic sent in off-peak hours.")
]
OffPeakHoursOpt = Annotated[
    str | None,
    _option(
        "--off-peak-hours",
        "HH:MM-HH:MM",
        "UTC hours of that traffic, e.g. 22:00-02:00. Default: each model's own.",
    ),
]
RequestsOpt = Annotated[
    str | None,
    _option("--requests-per-day", "N", "Requests a day (per-request fees, long-context tiers)."),
]
PromptOpt = Annotated[
    str | None,
    _option("--prompt-tokens", "N", "Average input tokens per request (or --requests-per-day)."),
]
BreakdownOpt = Annotated[
    bool,
    typer.Option(
        "--breakdown",
        help="Cost per dimension (input, cache, output, reasoning, requests, savings).",
        rich_help_panel=PANEL,
    ),
]


def with_traffic(
    workload: Workload,
    *,
    cache_reads: str | None,
    cache_writes: str | None,
    cache_write_long: bool,
    reasoning: str | None,
    batch: str | None,
    off_peak: str | None,
    off_peak_hours: str | None,
    requests_per_day: str | None,
    prompt_tokens: str | None,
) -> Workload:
    """The workload with the flags' pricing dimensions in place of the profile's."""
    given = (
        cache_reads,
        cache_writes,
        cache_write_long or None,
        reasoning,
        batch,
        off_peak,
        off_peak_hours,
        requests_per_day,
        prompt_tokens,
    )
    if all(value is None for value in given):
        return workload
    from tokencost.workload.traffic import NO_TRAFFIC

    traffic = (workload.traffic or NO_TRAFFIC).with_overrides(
        cache_reads=cache_reads,
        cache_writes=cache_writes,
        cache_write_long=cache_write_long or None,
        reasoning=reasoning,
        batch=batch,
        off_peak=off_peak,
        off_peak_hours=off_peak_hours,
        requests_per_day=requests_per_day,
        prompt_tokens=prompt_tokens,
    )
    return replace(workload, traffic=traffic)

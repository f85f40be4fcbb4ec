"""``anthropic-usage``: Anthropic's Usage Report API
(``GET /v1/organizations/usage_report/messages``).

A page is ``{"data": [buckets], "has_more", "next_page"}``; a bucket ``{"starting_at",
"ending_at", "results": [...]}`` (RFC 3339, UTC); a result an *aggregated row* of
disjoint counts: ``uncached_input_tokens``, ``cache_read_input_tokens``,
``cache_creation`` (``ephemeral_5m_input_tokens`` and ``ephemeral_1h_input_tokens``,
the writes by lifetime), ``output_tokens`` (thinking included), ``server_tool_use``
(``web_search_requests``), and the dimensions the report was grouped by (``model``,
``service_tier``, ``context_window``, ``workspace_id``, ``api_key_id``). Without
grouping by model a result has no model and is skipped (give ``--model``).

It gives no request count, so per-request fees cannot be billed (flagged where a model
has one). ``context_window`` (``0-200k``, ``200k-1M``) bounds every request's prompt,
so a long-context tier at 200,000 tokens is billed exactly; ``service_tier`` ``batch``
is billed at batch prices; other tiers (``priority``, ``flex``) at the standard price,
noted. Web search requests are not priced (noted with their count). Project: the
workspace.

Sources: Anthropic API reference, Get Messages Usage Report
(https://platform.claude.com/docs/en/api/admin-api/usage-cost/get-messages-usage-report);
Anthropic's Usage & Cost API cookbook, github.com/anthropics/claude-cookbooks commit
0b74646, ``observability/usage_cost_api.ipynb`` (the fields as read from real pages).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tokencost.replay.formats.base import (
    WRONG_SHAPE,
    Context,
    Item,
    LogFormat,
    Row,
    count,
    nested,
    stamp,
    text,
)
from tokencost.replay.normalise import BAD_TIMESTAMP, Skip, instant_of

CONTEXT_WINDOWS = {"0-200k": (0, 200_000), "200k-1M": (200_001, 1_000_000)}
WEB_SEARCH_NOTE = "web search requests not priced (the catalogue has no price for them)"


def read(value: Any, _context: Context) -> Iterator[Item]:
    """A bucket's results."""
    if not isinstance(value, dict) or not isinstance(value.get("results"), list):
        yield WRONG_SHAPE
        return
    try:
        start = stamp(value.get("starting_at"))
    except Skip as skip:
        yield str(skip)
        return
    begin, end = instant_of(start), instant_of(stamp(value.get("ending_at")))
    span = (end - begin) // 60 if begin is not None and end is not None else None
    for result in value["results"]:
        yield _row(result, start, span)


def _row(result: Any, start: Any, span: int | None) -> Item:
    if not isinstance(result, dict):
        return WRONG_SHAPE
    if start is None:
        return BAD_TIMESTAMP
    try:
        notes: list[tuple[str, int]] = []
        searches = count(nested(result, "server_tool_use", "web_search_requests"))
        if searches:
            notes.append((WEB_SEARCH_NOTE, searches))
        tier = result.get("service_tier")
        if tier not in (None, "standard", "batch"):
            notes.append((f"service tier '{tier}' billed at the standard price", 1))
        model = text(result.get("model"))
        if model is not None and result.get("speed") == "fast":
            model += "-fast"
        return Row(
            model,
            start,
            (
                count(result.get("uncached_input_tokens")),
                count(result.get("cache_read_input_tokens")),
                count(nested(result, "cache_creation", "ephemeral_5m_input_tokens")),
                count(nested(result, "cache_creation", "ephemeral_1h_input_tokens")),
                count(result.get("output_tokens")),
                0,
            ),
            tier == "batch",
            aggregated=True,
            prompt=CONTEXT_WINDOWS.get(result.get("context_window") or ""),
            span=span,
            project=text(result.get("workspace_id")),
            notes=tuple(notes),
        )
    except Skip as skip:
        return str(skip)


def looks_like(value: Any) -> bool:
    """A bucket with ``starting_at`` and results of uncached input tokens."""
    results = value.get("results") if isinstance(value, dict) else None
    return (
        isinstance(results, list)
        and "starting_at" in value
        and all(isinstance(r, dict) and "uncached_input_tokens" in r for r in results)
    )


FORMAT = LogFormat(
    name="anthropic-usage",
    title="Anthropic Usage Report API pages",
    read=read,
    looks_like=looks_like,
)

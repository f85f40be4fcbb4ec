"""``openai-usage``: OpenAI's Usage API (``GET /v1/organization/usage/completions``) and
the usage dashboard's export (CSV).

An API page is ``{"object": "page", "data": [buckets], "has_more", "next_page"}``; a
bucket ``{"object": "bucket", "start_time", "end_time", "results": [...]}`` (Unix
seconds, UTC); a result an *aggregated row*: ``input_tokens`` (every input token:
cached and cache-write tokens included, text, audio and image), ``input_cached_tokens``
and ``input_cache_write_tokens`` (parts of it), ``output_tokens`` (reasoning included:
the API does not split it out), ``num_model_requests``, and the dimensions the page
was grouped by (``model``, ``batch``, ``project_id``, ``service_tier``, ...). Without
``group_by=model`` a result has no model and is skipped (give ``--model`` to price it).
Embeddings results are read the same way; results of other endpoints (images, audio,
vector stores) carry no tokens and are without usage.

The dashboard's export has one row per result with the bucket's times: ``start_time``,
``end_time``, ``start_time_iso``, ``end_time_iso``, ``project_id``,
``num_model_requests``, ``model``, ``batch`` (``TRUE``/``FALSE``), ``service_tier``,
``input_tokens``, ``output_tokens``, ``input_cached_tokens``, ``input_uncached_tokens``
and the same by modality; it writes counts as ``59200.0``, which are read as whole
numbers. A row of a day without usage (times only) is without usage.

A row's requests are its ``num_model_requests``; its timestamp the bucket's start, its
span the bucket's width. Rows of the ``flex`` or ``priority`` tier are billed at the
standard price, and noted; audio input and output tokens are billed at the text prices,
and noted.

Sources: OpenAI API reference, Usage (https://platform.openai.com/docs/api-reference/usage,
OpenAPI 2.3.0: ``UsageCompletionsResult``); the export's columns as published in a
real export (github.com/xavierjflanagan/Guardian, commit 69d31e9,
``openai-usage-and-cost-report-2025-10-12.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tokencost.replay.formats.base import (
    IGNORED,
    WRONG_SHAPE,
    Context,
    Item,
    LogFormat,
    Row,
    count,
    header_has,
    text,
)
from tokencost.replay.normalise import BAD_BATCH, BAD_TIMESTAMP, CACHED_EXCEEDS, Skip

RESULT = "organization.usage.completions.result"
TOKEN_RESULTS = (RESULT, "organization.usage.embeddings.result")
STANDARD_TIERS = (None, "", "default", "standard", "auto")
AUDIO_NOTE = "audio tokens billed at the text prices (the catalogue has no audio prices)"


def read(value: Any, _context: Context) -> Iterator[Item]:
    """A bucket's results (or a result, or a row of the export)."""
    if not isinstance(value, dict):
        yield WRONG_SHAPE
        return
    if value.get("object") == "bucket" or "results" in value:
        results = value.get("results")
        if not isinstance(results, list):
            yield WRONG_SHAPE
            return
        for result in results:
            yield _row(result, value.get("start_time"), value.get("end_time"), lenient=False)
        return
    yield _row(value, value.get("start_time"), value.get("end_time"), lenient=True)


def _row(result: Any, start: Any, end: Any, *, lenient: bool) -> Item:
    if not isinstance(result, dict):
        return WRONG_SHAPE
    kind = result.get("object")
    if kind is not None and kind not in TOKEN_RESULTS:
        return IGNORED
    if lenient and not _has_usage(result):
        return IGNORED  # a day of the export without usage
    try:
        return _priced(result, start, end, lenient)
    except Skip as skip:
        return str(skip)


def _priced(result: dict[str, Any], start: Any, end: Any, lenient: bool) -> Row:
    def tokens(name: str) -> int:
        return count(result.get(name), integral_float=lenient, text=lenient)

    notes: list[tuple[str, int]] = []
    audio = tokens("input_audio_tokens") + tokens("output_audio_tokens")
    if audio:
        notes.append((AUDIO_NOTE, audio))
    tier = result.get("service_tier")
    if tier not in STANDARD_TIERS:
        notes.append((f"service tier '{tier}' billed at the standard price", 1))
    begin, finish = _seconds(start, lenient), _seconds(end, lenient)
    requests = result.get("num_model_requests")
    cached, written = tokens("input_cached_tokens"), tokens("input_cache_write_tokens")
    uncached = tokens("input_tokens") - cached - written
    if uncached < 0:
        raise Skip(CACHED_EXCEEDS)
    return Row(
        text(result.get("model")),
        begin,
        (uncached, cached, written, 0, tokens("output_tokens"), 0),
        _batch(result.get("batch")),
        requests=None
        if requests is None
        else count(requests, integral_float=lenient, text=lenient),
        aggregated=True,
        span=(finish - begin) // 60 if begin is not None and finish is not None else None,
        project=text(result.get("project_id")),
        notes=tuple(notes),
    )


def _has_usage(row: dict[str, Any]) -> bool:
    return any(
        row.get(name) not in (None, "")
        for name in ("model", "input_tokens", "output_tokens", "num_model_requests")
    )


def _seconds(value: Any, lenient: bool) -> int | None:
    if value is None or value == "":
        return None
    try:
        return count(value, integral_float=lenient, text=lenient)
    except Skip:
        raise Skip(BAD_TIMESTAMP) from None


def _batch(value: Any) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise Skip(BAD_BATCH)


def looks_like(value: Any) -> bool:
    """A bucket of completions results, or one of its results."""
    if not isinstance(value, dict):
        return False
    if value.get("object") in TOKEN_RESULTS:
        return True
    results = value.get("results")
    return (
        value.get("object") == "bucket"
        and isinstance(results, list)
        and any(isinstance(r, dict) and "num_model_requests" in r for r in results)
    ) or (isinstance(results, list) and "start_time" in value and not results)


FORMAT = LogFormat(
    name="openai-usage",
    title="OpenAI Usage API pages or usage dashboard export",
    read=read,
    looks_like=looks_like,
    # the dashboard's export: requests, tokens and the bucket's start
    columns=header_has("num_model_requests", "input_tokens", "start_time"),
    without_usage="results without tokens (images, audio, vector stores) and days without usage",
)

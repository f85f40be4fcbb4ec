"""``openrouter``: OpenRouter generation records (``GET /api/v1/generation?id=...``,
``{"data": {...}}``, collected as JSON Lines or an array).

A generation has two sets of counts: ``tokens_prompt`` / ``tokens_completion`` are
normalised with one tokenizer for every model (for comparison, not billing), and
``native_tokens_*`` are the provider's own, which it billed. tokencost reads the native
ones: ``native_tokens_prompt`` (every input token; ``native_tokens_cached``, the cache
reads, are part of it), ``native_tokens_completion`` (including
``native_tokens_reasoning``). The record has no count of cache writes: any are in the
prompt and billed as input. A record without native counts is skipped.

Model: ``model`` (``provider/name``, matched without the prefix); timestamp:
``created_at``.

Source: OpenRouter API reference, Get a generation
(https://openrouter.ai/docs/api-reference/get-a-generation; the SDK's
``GenerationResponseData``).
"""

from __future__ import annotations

from typing import Any

from tokencost.replay.formats.base import (
    Context,
    Item,
    LogFormat,
    Row,
    count,
    one_item,
    stamp,
    text,
)
from tokencost.replay.normalise import NO_TOKENS, Skip, disjoint

NATIVE = ("native_tokens_prompt", "native_tokens_completion")


def record(value: dict[str, Any], _context: Context) -> Item:
    """One generation (``{"data": ...}`` unwrapped)."""
    if isinstance(value.get("data"), dict):
        value = value["data"]
    if all(value.get(name) is None for name in NATIVE):
        raise Skip(NO_TOKENS)
    return Row(
        text(value.get("model")),
        stamp(value.get("created_at")),
        disjoint(
            count(value.get("native_tokens_prompt")),
            count(value.get("native_tokens_cached")),
            0,
            0,
            0,
            count(value.get("native_tokens_completion")),
            count(value.get("native_tokens_reasoning")),
        ),
    )


def looks_like(value: Any) -> bool:
    """A generation, or ``{"data": generation}``."""
    if isinstance(value, dict) and isinstance(value.get("data"), dict):
        value = value["data"]
    return isinstance(value, dict) and ("native_tokens_prompt" in value or "tokens_prompt" in value)


FORMAT = LogFormat(
    name="openrouter",
    title="OpenRouter generation records",
    read=one_item(record),
    looks_like=looks_like,
)

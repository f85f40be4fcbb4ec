"""``vercel-ai``: usage objects of the Vercel AI SDK, logged with their model.

A record is what an app logs from ``generateText`` / ``streamText`` (``onFinish``):
``usage`` (or ``totalUsage``, the sum over all steps, read first) with the model in
``response.modelId`` (else ``modelId``, ``model``) and the time in
``response.timestamp`` (else ``timestamp``). ``LanguageModelUsage`` has had three
shapes:

- AI SDK 6: ``inputTokens`` counts every input token and ``inputTokenDetails`` splits
  it into ``noCacheTokens``, ``cacheReadTokens`` and ``cacheWriteTokens``;
  ``outputTokens`` counts every output token, ``outputTokenDetails`` splits it into
  ``textTokens`` and ``reasoningTokens``;
- AI SDK 5: ``inputTokens`` includes ``cachedInputTokens``, ``outputTokens`` includes
  ``reasoningTokens``;
- AI SDK 4: ``promptTokens`` and ``completionTokens``, no cache or reasoning.

Sources: the AI SDK's ``LanguageModelUsage`` (ai 6.0, ``@ai-sdk/provider``
``LanguageModelV3Usage``; ``@ai-sdk/openai`` 3.0.37 ``convert-openai-chat-usage.ts``:
``inputTokens.total`` is the prompt, ``noCache`` the prompt less the cached tokens),
https://ai-sdk.dev/docs/reference/ai-sdk-core/generate-text.
"""

from __future__ import annotations

from typing import Any

from tokencost.replay.formats.base import (
    Context,
    Item,
    LogFormat,
    Row,
    count,
    first_of,
    nested,
    one_item,
    stamp,
    text,
)
from tokencost.replay.normalise import CACHED_EXCEEDS, NO_TOKENS, Counts, Skip, disjoint


def record(value: dict[str, Any], _context: Context) -> Item:
    """One logged call."""
    usage = first_of(value, "totalUsage", "usage")
    if not isinstance(usage, dict):
        raise Skip(NO_TOKENS)
    return Row(
        text(nested(value, "response", "modelId") or first_of(value, "modelId", "model")),
        stamp(nested(value, "response", "timestamp") or value.get("timestamp")),
        counts(usage),
    )


def counts(usage: dict[str, Any]) -> Counts:
    """Six disjoint counts of any of the three shapes."""
    details = usage.get("inputTokenDetails")
    if isinstance(details, dict):
        read = count(details.get("cacheReadTokens"))
        written = count(details.get("cacheWriteTokens"))
        total = count(usage.get("inputTokens"))
        if read + written > total:
            raise Skip(CACHED_EXCEEDS)
        *_, output, reasoning = disjoint(
            0,
            0,
            0,
            0,
            0,
            count(usage.get("outputTokens")),
            count(nested(usage, "outputTokenDetails", "reasoningTokens")),
        )
        return (total - read - written, read, written, 0, output, reasoning)
    if "inputTokens" in usage or "outputTokens" in usage:
        return disjoint(
            count(usage.get("inputTokens")),
            count(usage.get("cachedInputTokens")),
            0,
            0,
            0,
            count(usage.get("outputTokens")),
            count(usage.get("reasoningTokens")),
        )
    if "promptTokens" in usage or "completionTokens" in usage:
        return disjoint(
            count(usage.get("promptTokens")), 0, 0, 0, 0, count(usage.get("completionTokens")), 0
        )
    raise Skip(NO_TOKENS)


def looks_like(value: Any) -> bool:
    """A record whose usage has the AI SDK's camelCase counts."""
    usage = first_of(value, "totalUsage", "usage") if isinstance(value, dict) else None
    return isinstance(usage, dict) and any(
        name in usage for name in ("inputTokens", "promptTokens", "inputTokenDetails")
    )


FORMAT = LogFormat(
    name="vercel-ai",
    title="Vercel AI SDK usage records",
    read=one_item(record),
    looks_like=looks_like,
)

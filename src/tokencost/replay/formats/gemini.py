"""``gemini``: Gemini API and Vertex AI responses with ``usageMetadata``.

A ``GenerateContentResponse`` (``candidates``, ``usageMetadata``, ``modelVersion``,
``responseId``, on Vertex AI ``createTime``) logged one a line, or a line of a Vertex
AI batch prediction output (``{"request", "response", "status", "processed_time"}``,
billed at batch prices). In ``usageMetadata``: ``promptTokenCount`` is the whole
prompt, *including* ``cachedContentTokenCount`` (the cached part);
``toolUsePromptTokenCount`` (tool-use prompts) is apart from it and billed as input;
``candidatesTokenCount`` is the answer and ``thoughtsTokenCount`` (thinking) is apart
from it, billed as output: it is the reasoning. The total is prompt + tool-use prompt +
candidates + thoughts.

A streamed response writes ``usageMetadata`` in every chunk, each chunk with the same
``responseId``: a response is counted once, by its id, keeping its last chunk. Model:
``modelVersion`` (else ``model``); timestamp: ``createTime`` (else ``timestamp``,
``processed_time``).

Sources: Gemini API reference, ``UsageMetadata``
(https://ai.google.dev/api/generate-content#UsageMetadata); Vertex AI
``GenerateContentResponse.UsageMetadata`` (google-cloud-aiplatform v1beta1: "When
cached_content is set, this is still the total effective prompt size meaning this
includes the number of tokens in the cached content"); Vertex AI batch prediction
output (https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-gemini).
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
    one_item,
    stamp,
    text,
)
from tokencost.replay.normalise import NO_TOKENS, Skip, disjoint


def record(value: dict[str, Any], _context: Context) -> Item:
    """One response (or a batch output line's)."""
    batch = isinstance(value.get("response"), dict) and "usageMetadata" not in value
    response = value["response"] if batch else value
    usage = response.get("usageMetadata")
    if not isinstance(usage, dict):
        raise Skip(NO_TOKENS)
    uncached, cached, *_ = disjoint(
        count(usage.get("promptTokenCount")),
        count(usage.get("cachedContentTokenCount")),
        0,
        0,
        0,
        0,
        0,
    )
    thoughts = count(usage.get("thoughtsTokenCount"))
    return Row(
        text(first_of(response, "modelVersion", "model")),
        stamp(first_of(response, "createTime", "timestamp") or value.get("processed_time")),
        (
            uncached + count(usage.get("toolUsePromptTokenCount")),
            cached,
            0,
            0,
            count(usage.get("candidatesTokenCount")),
            thoughts,
        ),
        batch,
        key=text(response.get("responseId")),
    )


def looks_like(value: Any) -> bool:
    """A response with ``usageMetadata`` (or a batch output line holding one)."""
    if not isinstance(value, dict):
        return False
    response = value.get("response")
    return "usageMetadata" in value or (isinstance(response, dict) and "usageMetadata" in response)


FORMAT = LogFormat(
    name="gemini",
    title="Gemini or Vertex AI responses with usageMetadata",
    read=one_item(record),
    looks_like=looks_like,
    dedupe=True,
)

"""``litellm``: LiteLLM proxy spend logs (rows of ``LiteLLM_SpendLogs``, ``/spend/logs``).

A row is one request through the proxy: ``request_id``, ``call_type``, ``model``,
``startTime``, ``prompt_tokens``, ``completion_tokens``, ``spend``, ``cache_hit``,
``status``, ``session_id`` and ``metadata`` (JSON, as an object from the API or as
text in a database export), whose ``usage_object`` is the response's usage in
LiteLLM's OpenAI shape. LiteLLM's ``prompt_tokens`` counts every input token: cache
reads (``prompt_tokens_details.cached_tokens``, or ``cache_read_input_tokens``) and,
for Anthropic models, cache writes (``cache_creation_input_tokens``, with
``prompt_tokens_details.cache_creation_token_details.ephemeral_1h_input_tokens`` the
1-hour part) are part of it; ``completion_tokens`` includes
``completion_tokens_details.reasoning_tokens``. A row whose prompt is smaller than its
cache reads and writes (written by a LiteLLM that did not add writes to the prompt) is
skipped rather than guessed.

Host: ``custom_llm_provider`` names who served the request. Where it is a host of
open models (:data:`HOSTS`) the model is read as ``<host>/<model>``, the name the
catalogue gives that host's model (``groq/meta-llama/llama-4-maverick-17b-128e-instruct``
is Groq's Llama 4 Maverick, not the default host's), falling back to the model's own
name by the catalogue's rules (a prefix the catalogue does not know is dropped). Other
providers (``openai``, ``anthropic`` ...) name the model's developer and are not added:
``openai/gpt-4o`` is OpenRouter's name of it.

Rows answered from LiteLLM's own response cache (``cache_hit`` true: no model was
called) and failed requests (``status`` ``failure``) are without usage. Session:
``session_id``.

Sources: LiteLLM ``schema.prisma`` (model ``LiteLLM_SpendLogs``, commit 029f645) and
``litellm/proxy/spend_tracking/spend_tracking_utils.py`` (commit 00907c6, the metadata's
``usage_object``); ``litellm/llms/anthropic/chat/transformation.py`` (commit 600fadc:
``prompt_tokens`` adds the cache writes and reads), https://github.com/BerriAI/litellm.
"""

from __future__ import annotations

from typing import Any

from tokencost.replay.formats.base import (
    IGNORED,
    Context,
    Item,
    LogFormat,
    Row,
    count,
    first_of,
    has_keys,
    header_has,
    json_field,
    nested,
    one_item,
    stamp,
    text,
)
from tokencost.replay.normalise import CACHED_EXCEEDS, NO_TOKENS, Skip, disjoint

HOSTS = {
    "groq": "groq",
    "together_ai": "together",
    "fireworks_ai": "fireworks",
    "novita": "novita",
    "cerebras": "cerebras",
    "deepinfra": "deepinfra",
    "nebius": "nebius",
    "sambanova": "sambanova",
    "hyperbolic": "hyperbolic",
    "dashscope": "dashscope",
}
"""LiteLLM ``custom_llm_provider`` values of hosts -> the prefix of their names in the
catalogue (its provider id; ``dashscope`` is the name LiteLLM gives Alibaba's models)."""


def served_model(value: dict[str, Any]) -> str | None:
    """The row's model, behind its host when ``custom_llm_provider`` names one."""
    model = text(value.get("model"))
    host = HOSTS.get((text(value.get("custom_llm_provider")) or "").strip().lower())
    if model is None or host is None or model.strip().lower().startswith(f"{host}/"):
        return model
    return f"{host}/{model.strip()}"


def record(value: dict[str, Any], _context: Context) -> Item:
    """One row."""
    if str(value.get("cache_hit", "")).lower() == "true" or value.get("status") == "failure":
        return IGNORED
    return _row(value)


def _row(value: dict[str, Any]) -> Row:
    if all(value.get(name) in (None, "") for name in ("prompt_tokens", "completion_tokens")):
        raise Skip(NO_TOKENS)  # not a row of zero tokens: a row without its counts
    lenient = isinstance(value.get("prompt_tokens"), str)  # a CSV export: text cells

    def tokens(found: Any) -> int:
        return count(found, text=lenient, integral_float=lenient)

    metadata = json_field(value.get("metadata"))
    usage = nested(metadata, "usage_object")
    if not isinstance(usage, dict):
        usage = nested(metadata, "additional_usage_values")
    if not isinstance(usage, dict):
        usage = {}
    details = usage.get("prompt_tokens_details")
    if not isinstance(details, dict):
        details = {}
    read = tokens(first_of(details, "cached_tokens") or usage.get("cache_read_input_tokens"))
    written = tokens(usage.get("cache_creation_input_tokens"))
    long = tokens(nested(details, "cache_creation_token_details", "ephemeral_1h_input_tokens"))
    prompt = tokens(value.get("prompt_tokens"))
    if read + written > prompt:
        raise Skip(CACHED_EXCEEDS)
    found = disjoint(
        prompt - written,
        read,
        0,
        written,
        long,
        tokens(value.get("completion_tokens")),
        tokens(nested(usage, "completion_tokens_details", "reasoning_tokens")),
    )
    return Row(
        served_model(value),
        stamp(first_of(value, "startTime", "start_time")),
        found,
        session=text(value.get("session_id")),
    )


FORMAT = LogFormat(
    name="litellm",
    title="LiteLLM proxy spend logs",
    read=one_item(record),
    # a spend log row: a request id, a call type and the spend or start time; a
    # database export of the table
    looks_like=has_keys("request_id", "call_type", any_of=("spend", "startTime")),
    columns=header_has("request_id", "call_type", "prompt_tokens"),
    without_usage="LiteLLM response cache hits and failed requests",
)

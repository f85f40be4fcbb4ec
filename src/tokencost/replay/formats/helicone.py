"""``helicone``: Helicone request exports (``npx @helicone/export`` as JSON, JSON Lines or
CSV; the ``POST /v1/request/query-clickhouse`` API's ``{"data": [...], "error"}``).

A record is one request (``HeliconeRequest``): ``request_id``, ``request_created_at``,
``model`` (else ``response_model``, ``request_model``), ``provider`` and the counts
Helicone bills with, which are *disjoint*: ``prompt_tokens`` are the fresh (uncached)
input tokens, ``prompt_cache_read_tokens`` and ``prompt_cache_write_tokens`` the cache
reads and writes beside them, ``prompt_audio_tokens`` audio input beside them,
``completion_tokens`` the output (reasoning included) and ``completion_audio_tokens``
audio output. Audio is billed at the text prices, and noted. Session: the
``Helicone-Session-Id`` property.

Sources: Helicone ``packages/cost/index.ts`` (commit 05a819c: ``costOfPrompt``, "regular
prompt tokens (these are the fresh, uncached tokens)" beside cache writes, reads and
audio) and the ``HeliconeRequest`` type, https://github.com/Helicone/helicone; Helicone
docs, Export Data (https://docs.helicone.ai/tools/export).
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
    has_keys,
    header_has,
    json_field,
    one_item,
    stamp,
    text,
)
from tokencost.replay.formats.openai_usage import AUDIO_NOTE

SESSION = "helicone-session-id"


def record(value: dict[str, Any], _context: Context) -> Item:
    """One request."""
    lenient = isinstance(value.get("prompt_tokens"), str)  # a CSV export

    def tokens(name: str) -> int:
        return count(value.get(name), text=lenient, integral_float=lenient)

    audio_in, audio_out = tokens("prompt_audio_tokens"), tokens("completion_audio_tokens")
    return Row(
        text(first_of(value, "model", "response_model", "request_model")),
        stamp(value.get("request_created_at")),
        (
            tokens("prompt_tokens") + audio_in,
            tokens("prompt_cache_read_tokens"),
            tokens("prompt_cache_write_tokens"),
            0,
            tokens("completion_tokens") + audio_out,
            0,
        ),
        session=_session(value),
        notes=((AUDIO_NOTE, audio_in + audio_out),) if audio_in or audio_out else (),
    )


def _session(value: dict[str, Any]) -> str | None:
    for holder in ("properties", "request_properties"):
        found = json_field(value.get(holder))
        if isinstance(found, dict):
            for key, session in found.items():
                if key.lower() == SESSION:
                    return text(session)
    return None


FORMAT = LogFormat(
    name="helicone",
    title="Helicone request exports",
    read=one_item(record),
    # a request: an id, its creation time and Helicone's counts; the export tool's CSV
    looks_like=has_keys(
        "request_id", "request_created_at", any_of=("prompt_cache_read_tokens", "prompt_tokens")
    ),
    columns=header_has("request_id", "request_created_at", "prompt_tokens"),
)

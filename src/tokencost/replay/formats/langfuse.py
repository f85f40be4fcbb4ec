"""``langfuse``: Langfuse observations (the public API's ``GET /api/public/observations``
pages, ``{"data": [...], "meta": {...}}``, or an export of them as JSON, JSON Lines or CSV).

An observation is one step of a trace; a generation (``type`` ``GENERATION``) or an
embedding carries ``usageDetails``: a map from usage type to count in which, unlike a
provider's usage, the types are *disjoint* (their sum is the total). When Langfuse
ingests an OpenAI usage object it moves each ``prompt_tokens_details`` entry out of
``input`` into ``input_<name>`` and each ``completion_tokens_details`` entry out of
``output`` into ``output_<name>``; Anthropic's counts arrive as they are
(``input``, ``cache_read_input_tokens``, ``cache_creation_input_tokens``). So: ``input``
is uncached input; a type naming the input and a cache read (``input_cached_tokens``,
``cache_read_input_tokens``, ``input_cache_read``) a cache read; one naming the input and
a cache write or creation a cache write (``1h`` in its name: a 1-hour write);
``output_reasoning_tokens`` (any output type naming reasoning) reasoning; ``output``
output; any other input or output type (audio, image) is billed as input or output
and noted; ``total`` is not read. Observations without usage (spans, events) are without
usage.

Model: ``model`` (the name the call was made with); timestamp: ``startTime``.
Project: ``projectId``; session: ``sessionId`` where the export has it.

Sources: Langfuse ``packages/shared/src/server/ingestion/types.ts`` (commit 0391b9a:
``OpenAICompletionUsageSchema`` and ``OpenAIResponseUsageSchema`` turn usage into
``usageDetails``), https://github.com/langfuse/langfuse; Langfuse docs, Model Usage &
Cost Tracking (https://langfuse.com/docs/observability/features/token-and-cost-tracking).
"""

from __future__ import annotations

from typing import Any

from tokencost.replay.formats.base import (
    IGNORED,
    WRONG_SHAPE,
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
from tokencost.replay.normalise import Counts, Skip

OTHER_NOTE = "usage types other than text tokens (audio, image) billed as text tokens"


def record(value: dict[str, Any], _context: Context) -> Item:
    """One observation."""
    details = json_field(value.get("usageDetails"))
    if not details:
        return IGNORED if "type" in value or "traceId" in value else WRONG_SHAPE
    if not isinstance(details, dict):
        return WRONG_SHAPE
    lenient = isinstance(next(iter(details.values()), None), str)
    found, other = _counts(details, lenient)
    return Row(
        text(first_of(value, "model", "providedModelName")),
        stamp(value.get("startTime")),
        found,
        project=text(value.get("projectId")),
        session=text(value.get("sessionId")),
        notes=((OTHER_NOTE, other),) if other else (),
    )


def _counts(details: dict[str, Any], lenient: bool) -> tuple[Counts, int]:
    """The six counts of a ``usageDetails`` and the tokens of other types."""
    sums = [0] * 6
    other = 0
    for name, value in details.items():
        tokens = count(value, text=lenient, integral_float=lenient)
        kind = name.lower()
        if kind == "total":
            continue
        if "output" in kind or "completion" in kind:
            if "reasoning" in kind:
                sums[5] += tokens
            else:
                sums[4] += tokens
                other += tokens if kind not in ("output", "completion") else 0
        elif "cache_read" in kind or "cached" in kind:
            sums[1] += tokens
        elif "cache_creation" in kind or "cache_write" in kind:
            sums[3 if "1h" in kind else 2] += tokens
        elif kind in ("input", "prompt"):
            sums[0] += tokens
        elif "input" in kind or "prompt" in kind:
            sums[0] += tokens
            other += tokens
        else:
            raise Skip(WRONG_SHAPE)
    a, c, w, h, o, r = sums
    return (a, c, w, h, o, r), other


FORMAT = LogFormat(
    name="langfuse",
    title="Langfuse observations",
    read=one_item(record),
    # an observation: usageDetails beside startTime or a traceId; an export with a
    # usageDetails column
    looks_like=has_keys("usageDetails", any_of=("startTime", "traceId")),
    columns=header_has("usageDetails"),
    without_usage="observations without usage (spans, events)",
)

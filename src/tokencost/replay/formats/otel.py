"""``otel``: OpenTelemetry GenAI spans, as the OTLP JSON file exporter writes them.

Each line is a ``TracesData`` (``{"resourceSpans": [{"resource", "scopeSpans": [{"scope",
"spans": [...]}]}]}``) in OTLP's JSON encoding (lowerCamelCase keys; snake_case is read
too); each span is a record, with its attributes a list of ``{"key", "value":
AnyValue}``. A span of a model call has the GenAI semantic conventions' usage
attributes: ``gen_ai.usage.input_tokens`` counts *every* input token, so
``gen_ai.usage.cache_read.input_tokens`` and ``gen_ai.usage.cache_creation.input_tokens``
are parts of it (as the conventions require), and ``gen_ai.usage.output_tokens``
includes ``gen_ai.usage.reasoning.output_tokens``; the deprecated
``gen_ai.usage.prompt_tokens`` / ``completion_tokens`` are read when the new ones are
absent. A span whose cache reads and writes exceed its input tokens (an instrumentation
that wrote Anthropic's uncached count) is skipped, not guessed. Spans without usage
attributes are without usage.

Model: ``gen_ai.response.model`` (the model that answered), else
``gen_ai.request.model``. Timestamp: ``startTimeUnixNano``. A count may be an
``intValue`` (a JSON number or, as OTLP encodes 64-bit integers, a decimal string) or a
``stringValue`` holding digits (as some exporters write it); anything else is skipped.
Session: ``gen_ai.conversation.id``; project: the resource's ``service.name``.

Sources: OpenTelemetry semantic conventions v1.44.0 (commit e10a930),
``docs/registry/attributes/gen-ai.md`` notes 16-19; OpenTelemetry Protocol File
Exporter (https://opentelemetry.io/docs/specs/otel/protocol/file-exporter/).
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
    text,
)
from tokencost.replay.normalise import BAD_TIMESTAMP, NOT_INTEGER, Skip, disjoint

USAGE = "gen_ai.usage."
INPUT = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")
OUTPUT = ("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")


def read(value: Any, _context: Context) -> Iterator[Item]:
    """Every span of a ``TracesData``."""
    resources = _get(value, "resourceSpans", "resource_spans") if isinstance(value, dict) else None
    if not isinstance(resources, list):
        yield WRONG_SHAPE
        return
    for resource in resources:
        if not isinstance(resource, dict):
            yield WRONG_SHAPE
            continue
        service = _attributes(_get(resource, "resource") or {}).get("service.name")
        project = text(_scalar(service))
        for scope in _get(resource, "scopeSpans", "scope_spans") or ():
            spans = _get(scope, "spans") if isinstance(scope, dict) else None
            for span in spans if isinstance(spans, list) else (None,):
                yield _span(span, project)


def _span(span: Any, project: str | None) -> Item:
    if not isinstance(span, dict):
        return WRONG_SHAPE
    attributes = _attributes(span)
    if not any(name.startswith(USAGE) for name in attributes):
        return IGNORED
    try:
        read = _count(attributes, "gen_ai.usage.cache_read.input_tokens")
        written = _count(attributes, "gen_ai.usage.cache_creation.input_tokens")
        uncached, _, *_, output, reasoning = disjoint(
            _count(attributes, *INPUT),
            read + written,
            0,
            0,
            0,
            _count(attributes, *OUTPUT),
            _count(attributes, "gen_ai.usage.reasoning.output_tokens"),
        )
        return Row(
            text(_scalar(_first(attributes, "gen_ai.response.model", "gen_ai.request.model"))),
            _start(span),
            (uncached, read, written, 0, output, reasoning),
            session=text(_scalar(attributes.get("gen_ai.conversation.id"))),
            project=project,
        )
    except Skip as skip:
        return str(skip)


def _attributes(holder: Any) -> dict[str, Any]:
    """``[{"key", "value"}]`` -> {key: AnyValue}."""
    found: dict[str, Any] = {}
    for pair in _get(holder, "attributes") or () if isinstance(holder, dict) else ():
        if isinstance(pair, dict) and isinstance(pair.get("key"), str):
            found[pair["key"]] = pair.get("value")
    return found


def _first(attributes: dict[str, Any], *names: str) -> Any:
    for name in names:
        if attributes.get(name) is not None:
            return attributes[name]
    return None


def _scalar(value: Any) -> Any:
    """The value of an AnyValue (``{"stringValue": ...}``, ``{"intValue": ...}``, ...)."""
    if not isinstance(value, dict):
        return value
    for name in ("stringValue", "string_value", "intValue", "int_value"):
        if name in value:
            return value[name]
    return None


def _count(attributes: dict[str, Any], *names: str) -> int:
    value = _first(attributes, *names)
    if value is None:
        return 0
    if not isinstance(value, dict) or not any(
        name in value for name in ("intValue", "int_value", "stringValue", "string_value")
    ):
        raise Skip(NOT_INTEGER)
    return count(_scalar(value), text=True)


def _start(span: dict[str, Any]) -> int | None:
    value = _get(span, "startTimeUnixNano", "start_time_unix_nano")
    if value is None:
        return None
    try:
        return count(value, text=True)
    except Skip:
        raise Skip(BAD_TIMESTAMP) from None


def _get(holder: Any, *names: str) -> Any:
    if not isinstance(holder, dict):
        return None
    for name in names:
        if name in holder:
            return holder[name]
    return None


def looks_like(value: Any) -> bool:
    """A ``TracesData``."""
    return isinstance(value, dict) and ("resourceSpans" in value or "resource_spans" in value)


FORMAT = LogFormat(
    name="otel",
    title="OpenTelemetry OTLP JSON traces (GenAI spans)",
    read=read,
    looks_like=looks_like,
    without_usage="spans without gen_ai.usage attributes",
)

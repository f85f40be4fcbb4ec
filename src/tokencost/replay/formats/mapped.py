"""``--map`` for JSON: records of any shape, read through names the user gives.

``--map PATH=FIELD`` takes the value at ``PATH`` of each record (dotted: ``usage.in``;
a list index is a number: ``choices.0.usage``) as tokencost's flat ``FIELD``
(:data:`tokencost.replay.csvlog.FIELDS`); the record's own top-level fields with those
names are read too, everything else is ignored. The flat record is then read by the
flat rules (:mod:`tokencost.replay.normalise`): ``cached_tokens`` is part of
``input_tokens``, Anthropic's cache fields are not.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tokencost.replay.formats import records
from tokencost.replay.formats.base import Context, Item, LogFormat

LONG_WRITES = "ephemeral_1h_input_tokens"


def mapped(renames: Mapping[str, str], fields: tuple[str, ...]) -> LogFormat:
    """The records format, reading each record through ``renames`` (path -> field)."""

    def read(value: Any, context: Context) -> Iterator[Item]:
        if not isinstance(value, dict):
            yield from records.read(value, context)
            return
        flat: dict[str, Any] = {k: v for k, v in value.items() if k in fields}
        if flat.get(LONG_WRITES) is not None:  # a flat column, as in CSV or Parquet
            flat["cache_creation"] = {LONG_WRITES: flat.pop(LONG_WRITES)}
        for path, name in renames.items():
            found = lookup(value, path)
            if name == LONG_WRITES:
                flat["cache_creation"] = {LONG_WRITES: found}
            else:
                flat[name] = found
        yield from records.read(flat, context)

    return LogFormat(
        name="records",
        title="usage records read through --map",
        read=read,
        looks_like=records.looks_like,
    )


def lookup(value: Any, path: str) -> Any:
    """The value at a dotted path (None where a step is missing)."""
    if path in value if isinstance(value, dict) else False:
        return value[path]
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    return value

"""Nothing priced is not success: the one line that says what an input looks like.

After the scan, an input whose every record was skipped for a problem of reading it
(not for an unknown model or a missing price, which are listed as traffic not priced),
or a run that priced no record at all, stops with exit code 2 and one line: what the
input was read as, why its records were skipped, what its first record looks like, and
the ``--log-format`` or ``--map`` that would read it.
"""

from __future__ import annotations

import contextlib
import gzip
import json
from collections.abc import Iterator
from typing import Any

from tokencost.errors import InputError
from tokencost.replay.formats import ORDER, RECORDS, detect
from tokencost.replay.formats.base import LogFormat, values
from tokencost.replay.normalise import INVALID_JSON, MISSING_MODEL, NO_PRICE, UNKNOWN_MODEL
from tokencost.replay.tally import FileStats, Tally

PRICING = (UNKNOWN_MODEL, NO_PRICE)
"""Skip reasons that are not problems of reading: such traffic is listed, not priced."""
HEAD = 1 << 16
MAX_DOCUMENT = 16 << 20
"""How much of a JSON document the hint reads to show its first record (bytes)."""


class NothingPriced(InputError):
    """An input none of whose records could be read, or a run that priced nothing."""


def check_priced(tally: Tally, formats: dict[str, LogFormat], paths: dict[str, str]) -> None:
    """Raise NothingPriced when an input's records were all skipped for a reading
    problem, or when no record at all was priced."""
    for name, stats in tally.files.items():
        reading = {r: n for r, n in stats.skipped.items() if r not in PRICING}
        if (
            reading
            and not stats.priced
            and sum(reading.values()) + stats.without_usage == stats.records
        ):
            raise NothingPriced(_unread(name, stats, reading, formats.get(name), paths.get(name)))
    if tally.records_priced:
        return
    if not tally.records:
        raise NothingPriced("no usage records in the input: nothing to price")
    parts = []
    unpriced: dict[str, int] = {}
    for (label, reason), bucket in tally.unpriced.items():
        unpriced[f"{reason} '{label}'"] = unpriced.get(f"{reason} '{label}'", 0) + bucket[0]
    parts += [f"{n:,} record{_s(n)} of {what}" for what, n in unpriced.items()]
    if tally.outside:
        parts.append(f"{tally.outside:,} record{_s(tally.outside)} outside --since/--until")
    if tally.without_usage:
        kinds = sorted({fmt.without_usage for fmt in formats.values()})
        parts.append(
            f"{tally.without_usage:,} record{_s(tally.without_usage)} without usage "
            f"({'; '.join(kinds) or 'records without token usage'})"
        )
    others = [
        f"{entry.count:,} {reason}"
        for reason, entry in tally.skips.items()
        if reason not in PRICING
    ]
    parts += others
    raise NothingPriced(
        f"no record priced: {'; '.join(parts)}"
        + ("; tokencost models lists the models it prices" if unpriced else "")
    )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _unread(
    name: str, stats: FileStats, reading: dict[str, int], fmt: LogFormat | None, path: str | None
) -> str:
    reason, count = max(reading.items(), key=lambda item: item[1])
    read_as = fmt.title if fmt is not None else "usage records"
    sample = _sample(path) if path is not None else []
    message = (
        f"{name}: none of its {stats.records:,} records could be read as {read_as} "
        f"({reason}: {count:,})"
    )
    return message + _suggestion(fmt, sample, reason)


def _suggestion(fmt: LogFormat | None, sample: list[Any], reason: str) -> str:
    if reason == MISSING_MODEL:
        return "; give the model of records that name none with --model ID"
    if not sample:
        if reason == INVALID_JSON:
            return "; it is not JSON Lines, a JSON document or CSV"
        return ""
    tracker = _price_file(sample[0])
    if tracker is not None:
        return (
            f"; it is a price file ({tracker}), not a usage log: `tokencost prices update "
            "FILE` reads its prices into your catalogue"
        )
    other = detect(sample)
    if other is not None and other is not fmt and other is not RECORDS:
        return f"; it looks like {other.title}: read it with --log-format {other.name}"
    first = next((v for v in sample if isinstance(v, dict)), None)
    if first is None:
        return "; its records are not JSON objects"
    fields = ", ".join(list(first)[:8])
    guess = _guess(first)
    example = ",".join(f"{path}={field}" for field, path in guess.items()) or (
        "PATH=input_tokens,PATH=output_tokens,PATH=model"
    )
    names = ", ".join(f.name for f in ORDER)
    return (
        f"; its first record has the fields {fields}: name them with --map {example}, "
        f"or choose a format with --log-format ({names})"
    )


def _price_file(first: Any) -> str | None:
    """Which tracker's price file a document is, by its documented shape, or None:
    LiteLLM's model_prices_and_context_window.json (one object: model name -> costs per
    token, with a ``sample_spec``) or genai-prices' data.json (a list of providers, each
    with ``api_pattern`` and ``models``)."""
    if not isinstance(first, dict):
        return None
    if {"api_pattern", "models"} <= first.keys():
        return "genai-prices' data.json"
    entries = [v for v in list(first.values())[:20] if isinstance(v, dict)]
    if "sample_spec" in first or any("input_cost_per_token" in v for v in entries):
        return "LiteLLM's model price map"
    return None


def _guess(record: dict[str, Any]) -> dict[str, str]:
    """Paths of the first record that look like a model and token counts."""
    found: dict[str, str] = {}
    for path, value in _paths(record):
        leaf = path.rsplit(".", 1)[-1].lower()
        if isinstance(value, str) and "model" in leaf and "model" not in found:
            found["model"] = path
        elif type(value) is int and "token" in leaf:
            if ("input" in leaf or "prompt" in leaf) and "input_tokens" not in found:
                if "cache" not in leaf:
                    found["input_tokens"] = path
            elif ("output" in leaf or "completion" in leaf) and "output_tokens" not in found:
                found["output_tokens"] = path
    return found


def _paths(value: Any, prefix: str = "", depth: int = 0) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and depth < 4:
        for key, inner in value.items():
            yield from _paths(inner, f"{prefix}{key}.", depth + 1)
    elif prefix:
        yield prefix[:-1], value


def _sample(path: str) -> list[Any]:
    """The first values of a file that parse, line by line or as a document."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(2)
        opener: Any = gzip.open if head == b"\x1f\x8b" else open
        with opener(path, "rb") as handle:
            data = handle.read(HEAD)
    except OSError:
        return []
    found: list[Any] = []
    for line in data.split(b"\n")[:50]:
        try:
            parsed = json.loads(line)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            continue
        if isinstance(parsed, dict | list):  # not a scalar line of a document's inside
            found.extend(values(parsed))
    if not found:
        if len(data) == HEAD:  # a document longer than the head: the whole of it, bounded
            with contextlib.suppress(OSError), opener(path, "rb") as handle:
                data = handle.read(MAX_DOCUMENT)
        with contextlib.suppress(ValueError, RecursionError):
            found.extend(values(json.loads(data)))
    return found


def read_as(formats: dict[str, LogFormat]) -> tuple[tuple[str, int], ...]:
    """(format name, inputs read as it), in the order first met."""
    counts: dict[str, int] = {}
    for fmt in formats.values():
        counts[fmt.name] = counts.get(fmt.name, 0) + 1
    return tuple(counts.items())

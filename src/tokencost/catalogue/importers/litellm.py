"""LiteLLM's ``model_prices_and_context_window.json``: USD per token, one key per model.

Mapped: the key (id and alias), ``litellm_provider`` (provider),
``input_cost_per_token`` and ``output_cost_per_token`` (input and output, times
1,000,000, exactly: the JSON is read with ``parse_float=Decimal`` so each number is
the decimal text the file holds, never a binary float) and ``max_input_tokens``
(context window), and the pricing dimensions tokencost models: cache read and
creation costs, 1-hour cache writes (``cache_creation_input_token_cost_above_1hr``: a
60-minute ``cache_write_long``), the reasoning cost, batch costs (input and output both,
and the batch cache read and creation costs), the cost per request (x 1,000:
tokencost's fee is per 1,000 requests), the ``*_above_<N>k_tokens`` costs as a tier
above N x 1,000 input tokens (LiteLLM and tokencost both bill a whole request above
it; a tier needs its input and output costs), ``tiered_pricing`` (ranges of input
tokens per request, each ``[start, end]`` with its own prices, as Alibaba's DashScope
models give them: the range from 0 gives the entry's prices, each later one a tier above
its start; LiteLLM, like tokencost, bills a whole request at the range its prompt falls
in, ``start < prompt <= end``) and ``off_peak_pricing`` (its prices in each of its
windows: ``hours_utc`` spans on ISO ``weekdays``, 1 = Monday, as off-peak windows in
UTC). Everything else (priority and flex tiers among it) is listed as not
modelled. Models without both per-token prices (images, audio, per-second or
per-character pricing) are skipped with the reason. LiteLLM dates nothing: every
price takes the ``--effective`` date.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fnmatch import fnmatchcase
from typing import Any

from tokencost.catalogue.importers.common import Record, Skipped, per_million, per_unit
from tokencost.errors import InputError

SOURCE_ID = "litellm"
FIRST_NAME_WINS = True
"""LiteLLM names no owner of a name several keys give (they differ by case only): the
first key keeps it as an alias."""
TITLE = "LiteLLM model prices (model_prices_and_context_window.json)"
URL = "https://github.com/BerriAI/litellm"
MAPPED = (
    ("<key>", "id (made an identifier) and alias"),
    ("litellm_provider", "provider"),
    ("input_cost_per_token", "input (x 1,000,000)"),
    ("output_cost_per_token", "output (x 1,000,000)"),
    ("max_input_tokens", "context_window"),
    ("cache_read_input_token_cost", "cache_read (x 1,000,000)"),
    ("input_cost_per_token_cache_hit", "cache_read (x 1,000,000) when there is no other"),
    ("cache_creation_input_token_cost", "cache_write (x 1,000,000)"),
    ("cache_creation_input_token_cost_above_1hr", "cache_write_long (x 1,000,000), 60 minutes"),
    ("output_cost_per_reasoning_token", "reasoning (x 1,000,000)"),
    ("input/output_cost_per_token_batches", "batch_input, batch_output (x 1,000,000)"),
    ("cache_read/creation_input_token_cost_batches", "batch_cache_read, batch_cache_write"),
    ("input_cost_per_request", "per_1k_requests (x 1,000)"),
    ("*_above_<N>k_tokens", "tiers: above N x 1,000 input tokens"),
    ("tiered_pricing", "first range's prices; tiers at later starts"),
    ("off_peak_pricing", "off_peak windows (UTC, by weekday)"),
)
_USED = {"litellm_provider", "input_cost_per_token", "output_cost_per_token", "max_input_tokens"}
_SCALARS = (  # (their field, tokencost field, power of ten to USD per 1M, or per 1,000)
    ("cache_read_input_token_cost", "cache_read", 6),
    ("cache_creation_input_token_cost", "cache_write", 6),
    ("cache_creation_input_token_cost_above_1hr", "cache_write_long", 6),
    ("output_cost_per_reasoning_token", "reasoning", 6),
    ("input_cost_per_request", "per_1k_requests", 3),
)
_TIER_FIELDS = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cache_read",
    "cache_creation_input_token_cost_above_1hr": "cache_write_long",
    "cache_creation_input_token_cost": "cache_write",
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_BATCH_CACHE = (
    ("cache_read_input_token_cost_batches", "batch_cache_read"),
    ("cache_creation_input_token_cost_batches", "batch_cache_write"),
)
_WINDOW = (
    ("input_cost_per_token", "input"),
    ("output_cost_per_token", "output"),
    ("cache_read_input_token_cost", "cache_read"),
)
_BASE = ("input_cost_per_token", "output_cost_per_token")
_TIER_KEY = re.compile(rf"^({'|'.join(_TIER_FIELDS)})_above_(\d+)k_tokens$")


def read(
    data: object, *, effective: date, provider: str | None, models: list[str] | None
) -> tuple[list[Record], list[Skipped]]:
    """Records and skipped models of a parsed LiteLLM file."""
    if not isinstance(data, dict):
        raise InputError("not a LiteLLM price file: expected a JSON object of models")
    records: list[Record] = []
    skipped: list[Skipped] = []
    for key, spec in data.items():
        if key == "sample_spec":
            skipped.append(Skipped(key, "LiteLLM's description of the format, not a model"))
            continue
        if not isinstance(spec, dict):
            skipped.append(Skipped(key, "not an object"))
            continue
        owner = str(spec.get("litellm_provider") or "")
        if provider and owner.lower() != provider.lower():
            continue
        if models and not any(fnmatchcase(key.lower(), glob.lower()) for glob in models):
            continue
        if not owner:
            skipped.append(Skipped(key, "no litellm_provider"))
            continue
        record, reason = _record(key, owner, spec, effective)
        if record is None:
            skipped.append(Skipped(key, reason))
        else:
            records.append(record)
    return records, skipped


def _record(
    key: str, owner: str, spec: dict[str, Any], effective: date
) -> tuple[Record | None, str]:
    ranges = _ranges(spec.get("tiered_pricing"))
    if ranges is not None and not any(k in spec for k in _BASE):
        spec = {k: v for k, v in spec.items() if k != "tiered_pricing"} | ranges[0]
    else:
        ranges = None
    have = [name for name in _BASE if name in spec]
    if len(have) < 2:
        other = sorted(k for k in spec if "cost" in k and k not in have)
        missing = " and ".join(n for n in _BASE if n not in have)
        priced_by = f" (priced by: {', '.join(other)})" if other else ""
        return None, f"no {missing}{priced_by}"
    try:
        entry = {
            "effective": effective,
            "source": SOURCE_ID,
            "input": per_million(spec["input_cost_per_token"], "input_cost_per_token"),
            "output": per_million(spec["output_cost_per_token"], "output_cost_per_token"),
        }
    except ValueError as exc:
        return None, str(exc)
    window = spec.get("max_input_tokens")
    unmodelled = {k: v for k, v in spec.items() if k not in _USED}
    entry |= dimensions(unmodelled)
    if ranges is not None and ranges[1] and "tiers" not in entry:
        entry["tiers"] = ranges[1]
        entry.pop("off_peak", None)
        unmodelled |= ranges[2]
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, int) or window <= 0
    ):
        unmodelled["max_input_tokens"] = window
        window = None
    return (
        Record(
            provider=owner,
            provider_name=owner,
            key=key,
            name=key,
            prices=[entry],
            context_window=window,
            unmodelled=unmodelled,
        ),
        "",
    )


def dimensions(fields: dict[str, Any]) -> dict[str, Any]:
    """The pricing dimensions found in ``fields`` (a model's unmapped fields), as entry
    keys; the fields used are removed from ``fields``, those that cannot be used stay."""
    found: dict[str, Any] = {}

    def take(key: str, exponent: int) -> Decimal | None:
        try:
            value = per_unit(fields[key], key, exponent)
        except (KeyError, ValueError):
            return None
        del fields[key]
        return value

    for key, name, exponent in _SCALARS:
        if (value := take(key, exponent)) is not None:
            found[name] = value
    hit = "input_cost_per_token_cache_hit"
    if hit in fields and "cache_read" not in found:
        if (value := take(hit, 6)) is not None:
            found["cache_read"] = value
    elif hit in fields:
        try:
            same = per_million(fields[hit], hit) == found["cache_read"]
        except ValueError:
            same = False
        if same:  # the same price, said twice
            del fields[hit]
    if "cache_write_long" in found:
        found["cache_write_long_minutes"] = 60
    pair = ("input_cost_per_token_batches", "output_cost_per_token_batches")
    if all(key in fields for key in pair):
        batch_in, batch_out = take(pair[0], 6), take(pair[1], 6)
        if batch_in is not None and batch_out is not None:
            found |= {"batch_input": batch_in, "batch_output": batch_out}
            for key, name in _BATCH_CACHE:
                if key in fields and (value := take(key, 6)) is not None:
                    found[name] = value
    tiers = _tiers(fields)
    if tiers:
        found["tiers"] = tiers
    windows = _windows(fields.get("off_peak_pricing"))
    if windows and not tiers:
        found["off_peak"] = windows
        del fields["off_peak_pricing"]
    return found


def _windows(spec: object) -> list[dict[str, Any]]:
    """``off_peak_pricing`` as off-peak windows (UTC), or none when it cannot be read."""
    if not isinstance(spec, dict) or not isinstance(spec.get("windows"), list):
        return []
    try:
        prices = {name: per_million(spec[key], key) for key, name in _WINDOW if key in spec}
    except ValueError:
        return []
    if "input" not in prices or "output" not in prices:
        return []
    windows = []
    for window in spec["windows"]:
        hours = window.get("hours_utc") if isinstance(window, dict) else None
        days = window.get("weekdays") if isinstance(window, dict) else None
        spans = [hours] if isinstance(hours, str) else hours
        if not isinstance(spans, list) or not isinstance(days, list):
            return []
        if not all(isinstance(d, int) and 1 <= d <= 7 for d in days):
            return []
        for span in spans:
            start, _, end = str(span).partition("-")
            end = "24:00" if end == start == "00:00" else end
            window_days = [WEEKDAYS[d - 1] for d in sorted(set(days))]
            entry: dict[str, Any] = {"start": start, "end": end}
            if len(window_days) < 7:
                entry["days"] = window_days
            windows.append({**entry, **prices})
    return windows


def _ranges(
    spec: object,
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, object]] | None:
    """``tiered_pricing`` as (the first range's fields, to price the entry; a tier above
    each later range's start; the fields of later ranges no tier can hold), or None when
    it cannot be read: a list of ranges from 0 up, each with an input and output cost."""
    if not isinstance(spec, list) or not spec:
        return None
    ranges = []
    for item in spec:
        bounds = item.get("range") if isinstance(item, dict) else None
        if not isinstance(bounds, list) or len(bounds) != 2:
            return None
        start = bounds[0]
        if isinstance(start, bool) or not isinstance(start, int | Decimal) or start < 0:
            return None
        if start != int(start) or not all(k in item for k in _BASE):
            return None
        ranges.append((int(start), item))
    ranges.sort(key=lambda pair: pair[0])
    if ranges[0][0] != 0 or len({start for start, _ in ranges}) != len(ranges):
        return None
    first = {k: v for k, v in ranges[0][1].items() if k != "range"}
    tiers: list[dict[str, Any]] = []
    left: dict[str, object] = {}
    for start, item in ranges[1:]:
        try:
            tier = {"above": start} | {
                name: per_million(item[key], key) for key, name in _TIER_FIELDS.items()
                if key in item
            }  # fmt: skip
        except ValueError:
            return None
        tiers.append(tier)
        for key, value in item.items():
            if key != "range" and key not in _TIER_FIELDS:
                left[f"tiered_pricing above {start}: {key}"] = value
    return first, tiers, left


def _tiers(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """``*_above_<N>k_tokens`` costs grouped by N into tiers; a tier without both its
    input and output cost is left in ``fields`` (not modelled)."""
    groups: dict[int, dict[str, tuple[str, Decimal]]] = {}
    for key, value in fields.items():
        match = _TIER_KEY.match(key)
        if not match:
            continue
        try:
            price = per_million(value, key)
        except ValueError:
            continue
        groups.setdefault(int(match.group(2)) * 1000, {})[_TIER_FIELDS[match.group(1)]] = (
            key,
            price,
        )
    tiers = []
    for above, prices in sorted(groups.items()):
        if above <= 0 or "input" not in prices or "output" not in prices:
            continue
        tiers.append({"above": above, **{name: price for name, (_, price) in prices.items()}})
        for key, _ in prices.values():
            del fields[key]
    return tiers

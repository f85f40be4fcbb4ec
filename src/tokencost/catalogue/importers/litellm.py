"""LiteLLM's ``model_prices_and_context_window.json``: USD per token, one key per model.

Mapped: the key (id and alias), ``litellm_provider`` (provider),
``input_cost_per_token`` and ``output_cost_per_token`` (input and output, times
1,000,000, exactly: the JSON is read with ``parse_float=Decimal`` so each number is
the decimal text the file holds, never a binary float) and ``max_input_tokens``
(context window). Everything else is listed as not modelled. Models without both
per-token prices (images, audio, per-second or per-character pricing) are skipped
with the reason. LiteLLM dates nothing: every price takes the ``--effective`` date.
"""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase
from typing import Any

from tokencost.catalogue.importers.common import Record, Skipped, per_million
from tokencost.errors import InputError

SOURCE_ID = "litellm"
TITLE = "LiteLLM model prices (model_prices_and_context_window.json)"
URL = "https://github.com/BerriAI/litellm"
MAPPED = (
    ("<key>", "id (made an identifier) and alias"),
    ("litellm_provider", "provider"),
    ("input_cost_per_token", "input (x 1,000,000)"),
    ("output_cost_per_token", "output (x 1,000,000)"),
    ("max_input_tokens", "context_window"),
)
_USED = {"litellm_provider", "input_cost_per_token", "output_cost_per_token", "max_input_tokens"}


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
    have = [name for name in ("input_cost_per_token", "output_cost_per_token") if name in spec]
    if len(have) < 2:
        other = sorted(k for k in spec if "cost" in k and k not in have)
        missing = " and ".join(
            n for n in ("input_cost_per_token", "output_cost_per_token") if n not in have
        )
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

"""pydantic/genai-prices ``prices/data.json``: providers, models, dated prices.

Mapped: provider ``id``, ``name`` and first ``pricing_urls`` entry; model ``id`` (id),
``name``, ``context_window``, ``match`` rules of the form ``equals`` (aliases),
``price_comments`` (the model's note), and prices ``input_mtok`` / ``output_mtok``
(already USD per 1M tokens, read exactly). A price list's entries with a
``start_date`` constraint become entries on that date; the undated first price takes
the ``--effective`` date, unless a dated one starts on or before it (then the undated
one is left out: its own start is unknown). Tiered prices import their ``base``;
time-of-day prices, tiers, cache, audio and per-request prices, other match rules
and the remaining fields are listed as not modelled. A missing input or output price
means "not charged" in genai-prices and imports as 0 with a note saying so; a model
with neither but other prices (e.g. per request) is skipped.
"""

from __future__ import annotations

from datetime import date
from fnmatch import fnmatchcase
from typing import Any

from tokencost.catalogue.importers.common import Record, Skipped, per_unit
from tokencost.errors import InputError

SOURCE_ID = "genai-prices"
TITLE = "genai-prices price data (prices/data.json)"
URL = "https://github.com/pydantic/genai-prices"
MAPPED = (
    ("providers[].id", "provider"),
    ("providers[].name", "provider name"),
    ("providers[].pricing_urls[0]", "provider url"),
    ("models[].id", "id (made an identifier) and alias"),
    ("models[].name", "name"),
    ("models[].match (equals)", "aliases"),
    ("models[].context_window", "context_window"),
    ("models[].price_comments", "note"),
    ("prices.input_mtok", "input"),
    ("prices.output_mtok", "output"),
    ("prices[].constraint.start_date", "effective"),
)
_PROVIDER_USED = {"id", "name", "pricing_urls", "models"}
_MODEL_USED = {"id", "name", "match", "context_window", "prices", "price_comments"}


def read(
    data: object, *, effective: date, provider: str | None, models: list[str] | None
) -> tuple[list[Record], list[Skipped]]:
    """Records and skipped models of a parsed genai-prices data file."""
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise InputError("not a genai-prices data file: expected a JSON list of providers")
    records: list[Record] = []
    skipped: list[Skipped] = []
    for prov in data:
        pid = str(prov.get("id") or "")
        if provider and pid.lower() != provider.lower():
            continue
        extra = {k: v for k, v in prov.items() if k not in _PROVIDER_USED}
        urls = prov.get("pricing_urls") or []
        for model in prov.get("models") or []:
            key = str(model.get("id") or "")
            if models and not any(fnmatchcase(key.lower(), g.lower()) for g in models):
                continue
            record, reason = _record(prov, model, effective)
            if record is None:
                skipped.append(Skipped(f"{pid}/{key}", reason))
                continue
            record.provider_url = urls[0] if urls and isinstance(urls[0], str) else None
            record.provider_unmodelled = extra
            records.append(record)
    return records, skipped


def _record(
    prov: dict[str, Any], model: dict[str, Any], effective: date
) -> tuple[Record | None, str]:
    unmodelled = {k: v for k, v in model.items() if k not in _MODEL_USED}
    equals, rules = _match_names(model.get("match"))
    if rules:
        unmodelled["match"] = rules
    try:
        prices = _prices(model.get("prices"), effective, unmodelled)
    except ValueError as exc:
        return None, str(exc)
    if not prices:
        return None, "every price starts after another dated one, before --effective"
    window = model.get("context_window")
    return (
        Record(
            provider=str(prov.get("id")),
            provider_name=str(prov.get("name") or prov.get("id")),
            key=str(model.get("id")),
            name=str(model.get("name") or model.get("id")),
            prices=prices,
            names=equals,
            context_window=window if isinstance(window, int) and window > 0 else None,
            note=model.get("price_comments")
            if isinstance(model.get("price_comments"), str)
            else None,
            unmodelled=unmodelled,
        ),
        "",
    )


def _match_names(rule: object) -> tuple[list[str], list[object]]:
    """``equals`` names found in the rule (at the top or in an ``or``), and other rules."""
    if not isinstance(rule, dict):
        return [], [] if rule is None else [rule]
    if "equals" in rule and isinstance(rule["equals"], str):
        return [rule["equals"]], []
    if isinstance(rule.get("or"), list):
        names: list[str] = []
        others: list[object] = []
        for part in rule["or"]:
            found, rest = _match_names(part)
            names += found
            others += rest
        return names, others
    return [], [rule]


def _prices(spec: object, effective: date, unmodelled: dict[str, object]) -> list[dict[str, Any]]:
    items = spec if isinstance(spec, list) else [{"prices": spec}]
    undated: dict[str, Any] | None = None
    dated: list[tuple[date, dict[str, Any]]] = []
    for number, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("prices"), dict):
            raise ValueError(f"prices[{number}] is not a price object")
        constraint = item.get("constraint")
        if constraint is None:
            undated = item["prices"]
        elif isinstance(constraint, dict) and set(constraint) == {"start_date"}:
            try:
                start = date.fromisoformat(str(constraint["start_date"]))
            except ValueError:
                raise ValueError(f"prices[{number}].constraint.start_date is not a date") from None
            dated.append((start, item["prices"]))
        else:
            kind = (
                "time-of-day"
                if isinstance(constraint, dict) and "start_time" in constraint
                else "other"
            )
            unmodelled[f"prices ({kind} constraint)"] = item
    dated.sort(key=lambda pair: pair[0])
    entries: list[dict[str, Any]] = []
    if undated is not None and (not dated or effective < dated[0][0]):
        entries.append(_entry(effective, undated, unmodelled, ""))
    elif undated is not None:
        unmodelled["prices (undated, superseded before --effective)"] = undated
    for start, prices in dated:
        entries.append(_entry(start, prices, unmodelled, f" (from {start})"))
    return entries


def _entry(
    when: date, prices: dict[str, Any], unmodelled: dict[str, object], dated: str
) -> dict[str, Any]:
    extra = {k: v for k, v in prices.items() if k not in ("input_mtok", "output_mtok")}
    if "input_mtok" not in prices and "output_mtok" not in prices and extra:
        raise ValueError(f"no per-token price (priced by: {', '.join(sorted(extra))})")
    entry: dict[str, Any] = {"effective": when, "source": SOURCE_ID}
    notes = []
    for field, key in (("input", "input_mtok"), ("output", "output_mtok")):
        value = prices.get(key)
        if isinstance(value, dict):
            if "tiers" in value:
                unmodelled[f"prices.{key}.tiers{dated}"] = value["tiers"]
            value = value.get("base")
        if value is None:
            notes.append(f"genai-prices gives no {field} price (not charged there): 0")
            value = 0
        entry[field] = per_unit(value, f"prices.{key}{dated}")
    for key, value in extra.items():
        unmodelled[f"prices.{key}{dated}"] = value
    if notes:
        entry["note"] = "; ".join(notes) + "."
    return entry

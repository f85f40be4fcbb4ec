"""pydantic/genai-prices ``prices/data.json``: providers, models, dated prices.

Mapped: provider ``id``, ``name`` and first ``pricing_urls`` entry; model ``id`` (id),
``name``, ``context_window``, ``match`` rules of the form ``equals`` (aliases),
``price_comments`` (the model's note), and prices ``input_mtok`` / ``output_mtok``
(already USD per 1M tokens, read exactly), ``cache_read_mtok``, ``cache_write_mtok``
and ``requests_kcount`` (per_1k_requests). A price list's entries with a
``start_date`` constraint become entries on that date; the undated first price takes
the ``--effective`` date, unless a dated one starts on or before it (then the undated
one is left out: its own start is unknown). Tiered prices (``base`` and ``tiers``
with a ``start``) become the entry's prices and its ``tiers``, one per start, ``above``
= start (tokencost bills a whole request above it, as the providers do). One
time-of-day price beside an undated one (DeepSeek's) becomes an ``off_peak`` window:
as it is when cheaper; when dearer, it is the standard price and the undated one the
off-peak price of the other hours (the entry's note says so). Audio prices, other
constraints, other match rules and the remaining fields are listed as not modelled.
A missing input or output price means "not charged" in genai-prices and imports as
0 with a note saying so; a model with neither but other prices (e.g. per request) is
skipped.
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
    ("prices.cache_read_mtok", "cache_read"),
    ("prices.cache_write_mtok", "cache_write"),
    ("prices.requests_kcount", "per_1k_requests"),
    ("prices.*_mtok.tiers", "tiers (above = start)"),
    ("prices[].constraint.start_date", "effective"),
    ("prices[].constraint.start_time/end_time", "off_peak window (one, beside an undated price)"),
)
_TOKEN_PRICES = {
    "input_mtok": "input",
    "output_mtok": "output",
    "cache_read_mtok": "cache_read",
    "cache_write_mtok": "cache_write",
}
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
    timed: list[dict[str, Any]] = []
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
        elif isinstance(constraint, dict) and "start_time" in constraint:
            timed.append(item)
        else:
            unmodelled["prices (other constraint)"] = item
    dated.sort(key=lambda pair: pair[0])
    entries: list[dict[str, Any]] = []
    if undated is not None and (not dated or effective < dated[0][0]):
        entries.append(_entry(effective, undated, unmodelled, ""))
        if len(timed) == 1 and not dated and _with_window(entries[0], timed[0]):
            timed = []
    elif undated is not None:
        unmodelled["prices (undated, superseded before --effective)"] = undated
    for start, prices in dated:
        entries.append(_entry(start, prices, unmodelled, f" (from {start})"))
    for item in timed:
        unmodelled["prices (time-of-day constraint)"] = item
    return entries


def _with_window(entry: dict[str, Any], item: dict[str, Any]) -> bool:
    """Give ``entry`` the time-of-day price ``item`` as an off-peak window, if it can be
    one: flat prices, a window in whole minutes UTC, cheaper or dearer on every price."""
    constraint, prices = item["constraint"], item["prices"]
    span = (_minute(constraint.get("start_time")), _minute(constraint.get("end_time")))
    if None in span or span[0] == span[1] or "tiers" in entry:
        return False
    keys = [k for k in _TOKEN_PRICES if k in prices]
    if set(prices) - set(keys) or {"input_mtok", "output_mtok"} - set(keys):
        return False
    try:
        timed = {_TOKEN_PRICES[k]: per_unit(prices[k], f"prices.{k}") for k in keys}
    except ValueError:
        return False
    standard = {name: entry[name] for name in _TOKEN_PRICES.values() if name in entry}
    if set(timed) != set(standard):
        return False
    start, end = (f"{m // 60:02d}:{m % 60:02d}" for m in span if m is not None)
    if all(timed[name] <= standard[name] for name in timed):
        entry["off_peak"] = [{"start": start, "end": end, **timed}]
        return True
    if all(timed[name] >= standard[name] for name in timed):
        entry |= timed
        entry["off_peak"] = [{"start": end, "end": start, **standard}]
        entry["note"] = (
            f"genai-prices gives this price from {start} to {end} UTC and a lower one the "
            "rest of the day: imported as the standard price, with the lower one as an "
            f"off-peak window from {end} to {start} UTC."
        )
        return True
    return False


def _minute(text: object) -> int | None:
    """``"16:30:00Z"`` -> 990; None unless whole minutes in UTC."""
    if not isinstance(text, str) or not text.endswith(("Z", "+00:00")):
        return None
    clock = text.removesuffix("Z").removesuffix("+00:00")
    parts = clock.split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    hour, minute, second = (*map(int, parts), 0)[:3]
    if hour > 23 or minute > 59 or second:
        return None
    return hour * 60 + minute


def _entry(
    when: date, prices: dict[str, Any], unmodelled: dict[str, object], dated: str
) -> dict[str, Any]:
    extra = {k: v for k, v in prices.items() if k not in ("input_mtok", "output_mtok")}
    if "input_mtok" not in prices and "output_mtok" not in prices and extra:
        raise ValueError(f"no per-token price (priced by: {', '.join(sorted(extra))})")
    entry: dict[str, Any] = {"effective": when, "source": SOURCE_ID}
    notes = []
    tiered: dict[str, dict[str, Any]] = {}
    for key, field in _TOKEN_PRICES.items():
        value = prices.get(key)
        if isinstance(value, dict) and _valid_tiers(value.get("tiers")):
            tiered[field] = value
        elif isinstance(value, dict):
            unmodelled[f"prices.{key}.tiers{dated}"] = value.get("tiers")
        if isinstance(value, dict):
            value = value.get("base")
        if value is None and field in ("input", "output"):
            notes.append(f"genai-prices gives no {field} price (not charged there): 0")
            value = 0
        if value is not None:
            entry[field] = per_unit(value, f"prices.{key}{dated}")
    if "requests_kcount" in prices:
        entry["per_1k_requests"] = per_unit(
            prices["requests_kcount"], f"prices.requests_kcount{dated}"
        )
    if tiered:
        entry["tiers"] = _tiers(entry, tiered, dated)
    for key, value in extra.items():
        if key not in _TOKEN_PRICES and key != "requests_kcount":
            unmodelled[f"prices.{key}{dated}"] = value
    if notes:
        entry["note"] = "; ".join(notes) + "."
    return entry


def _valid_tiers(tiers: object) -> bool:
    """A list of tiers with whole, increasing starts > 0 and a price each."""
    if not isinstance(tiers, list) or not tiers:
        return False
    starts = [t.get("start") if isinstance(t, dict) else None for t in tiers]
    return (
        all(isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in starts)
        and starts == sorted(set(starts))  # type: ignore[type-var]
        and all("price" in t for t in tiers)
    )


def _tiers(
    entry: dict[str, Any], tiered: dict[str, dict[str, Any]], dated: str
) -> list[dict[str, Any]]:
    """One tokencost tier per tier start: each price at that start (a price without
    tiers keeps its base, the flat price)."""
    starts = sorted({t["start"] for value in tiered.values() for t in value["tiers"]})
    tiers = []
    for start in starts:
        tier: dict[str, Any] = {"above": start}
        for field in _TOKEN_PRICES.values():
            if field not in entry:
                continue
            price = entry[field]
            for step in tiered.get(field, {}).get("tiers", []):
                if step["start"] <= start:
                    price = per_unit(step["price"], f"prices.{field}.tiers{dated}")
            tier[field] = price
        tiers.append(tier)
    return tiers

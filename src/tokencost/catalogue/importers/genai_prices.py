"""pydantic/genai-prices ``prices/data.json``: providers, models, dated prices.

Mapped (every dimension tokencost models; the rest is listed as not modelled):

- provider ``id``, ``name``, first ``pricing_urls`` entry (its url) and ``model_match``
  (its name patterns); model ``id`` (id), ``name``, ``context_window``,
  ``price_comments`` (the model's note) and ``match``: ``equals`` rules become aliases,
  ``starts_with`` / ``ends_with`` / ``contains`` globs (``x*``, ``*x``, ``*x*``),
  ``regex`` a ``re:`` pattern, ``and`` one ``re:`` pattern of look-aheads;
- prices (already USD per 1M tokens, read exactly): ``input_mtok``, ``output_mtok``,
  ``cache_read_mtok``, ``cache_write_mtok``, ``cache_write_1h_mtok`` (a 60-minute
  ``cache_write_long``), ``output_reasoning_mtok`` (``reasoning``), ``requests_kcount``
  (``per_1k_requests``), tiered prices (``base`` and ``tiers``: one tokencost tier per
  start, ``above`` = start, each price at that start);
- the price list: genai-prices takes, at a moment, the *last* item whose constraint
  holds (an item without one always holds). Every day a ``start_date`` item (or a batch
  price) starts is an entry; the undated price takes the date given for it
  (``undated``, default ``--effective``), and is left out when a dated item starts on
  or before that date (its own start is unknown). ``start_time`` / ``end_time`` items
  after the entry's price become its off-peak windows (UTC), minute by minute as
  genai-prices picks them; when they are all dearer than the rest of the day, they
  are the standard price and the cheaper hours the windows;
- ``price_variants`` for ``processing: batch`` (from their ``start_date``, if any): a
  ``batch_discount`` when every token price is the same share of the standard one
  (tiers included), else ``batch_input`` / ``batch_output`` with ``batch_cache_read``
  and ``batch_cache_write`` (a price the variant does not give stays the standard
  one, as in genai-prices); other variants (service tiers, speed, routes) are
  request options tokencost does not model.

A missing input or output price means "not charged" in genai-prices and imports as 0
with a note saying so; a model with neither but other prices (e.g. per request) is
skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, localcontext
from fnmatch import fnmatchcase
from typing import Any

from tokencost import hours
from tokencost.catalogue.importers.common import Record, Skipped, per_unit
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT

SOURCE_ID = "genai-prices"
FIRST_NAME_WINS = False
"""A name several sellers write is the alias of the one whose provider's ``model_match``
claims it, else of none."""
TITLE = "genai-prices price data (prices/data.json)"
URL = "https://github.com/pydantic/genai-prices"
MAPPED = (
    ("providers[].id", "provider"),
    ("providers[].name", "provider name"),
    ("providers[].pricing_urls[0]", "provider url"),
    ("providers[].model_match", "provider patterns"),
    ("models[].id", "id (made an identifier) and alias"),
    ("models[].name", "name"),
    ("models[].match (equals)", "aliases"),
    ("models[].match (starts_with, ends_with, contains, regex, and)", "patterns"),
    ("models[].context_window", "context_window"),
    ("models[].price_comments", "note"),
    ("prices.input_mtok", "input"),
    ("prices.output_mtok", "output"),
    ("prices.cache_read_mtok", "cache_read"),
    ("prices.cache_write_mtok", "cache_write"),
    ("prices.cache_write_1h_mtok", "cache_write_long (60 minutes)"),
    ("prices.output_reasoning_mtok", "reasoning"),
    ("prices.requests_kcount", "per_1k_requests"),
    ("prices.*_mtok.tiers", "tiers (above = start)"),
    ("prices[].constraint.start_date", "effective"),
    ("prices[].constraint.start_time/end_time", "off_peak windows (UTC)"),
    ("price_variants (processing: batch)", "batch_discount or batch_input/_output/_cache_*"),
)
TOKEN_PRICES = {
    "input_mtok": "input",
    "output_mtok": "output",
    "cache_read_mtok": "cache_read",
    "cache_write_mtok": "cache_write",
    "cache_write_1h_mtok": "cache_write_long",
    "output_reasoning_mtok": "reasoning",
}
"""genai-prices' token prices and the tokencost fields they become."""
_TIER_FIELDS = ("input", "output", "cache_read", "cache_write", "cache_write_long")
_WINDOW_FIELDS = ("input", "output", "cache_read", "cache_write")
_PROVIDER_USED = {"id", "name", "pricing_urls", "models", "model_match"}
_MODEL_USED = {
    "id", "name", "match", "context_window", "prices", "price_comments", "price_variants",
}  # fmt: skip
BATCH = {"processing": "batch"}
Undated = Callable[[str, str], date | None]
"""(provider id, model id) -> the date of the model's undated price, or None for the
default."""


def read(
    data: object,
    *,
    effective: date,
    provider: str | None,
    models: list[str] | None,
    undated: Undated | None = None,
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
        own, left = match_rules(prov.get("model_match"), exact_as_pattern=True)
        if left:
            extra["model_match"] = prov.get("model_match")
        for model in prov.get("models") or []:
            key = str(model.get("id") or "")
            if models and not any(fnmatchcase(key.lower(), g.lower()) for g in models):
                continue
            day = (undated(pid, key) if undated else None) or effective
            record, reason = _record(prov, model, day)
            if record is None:
                skipped.append(Skipped(f"{pid}/{key}", reason))
                continue
            record.provider_url = urls[0] if urls and isinstance(urls[0], str) else None
            record.provider_patterns = own[1]
            record.provider_unmodelled = extra
            records.append(record)
    return records, skipped


def _record(prov: dict[str, Any], model: dict[str, Any], day: date) -> tuple[Record | None, str]:
    unmodelled = {k: v for k, v in model.items() if k not in _MODEL_USED}
    (names, patterns), left = match_rules(model.get("match"))
    if left:
        unmodelled["match"] = left
    try:
        prices = timeline(model.get("prices"), model.get("price_variants"), day, unmodelled)
    except ValueError as exc:
        return None, str(exc)
    if not prices:
        return None, "every price starts after another dated one, before its undated date"
    window = model.get("context_window")
    comments = model.get("price_comments")
    return (
        Record(
            provider=str(prov.get("id")),
            provider_name=str(prov.get("name") or prov.get("id")),
            key=str(model.get("id")),
            name=str(model.get("name") or model.get("id")),
            prices=prices,
            names=names,
            patterns=patterns,
            context_window=window if isinstance(window, int) and window > 0 else None,
            note=comments if isinstance(comments, str) else None,
            unmodelled=unmodelled,
        ),
        "",
    )


# -- names ----------------------------------------------------------------------------------


def match_rules(
    rule: object, *, exact_as_pattern: bool = False
) -> tuple[tuple[list[str], list[str]], list[object]]:
    """((exact names, patterns), rules that could not be read) of a ``match`` rule.

    ``equals`` gives an exact name (with ``exact_as_pattern``, a ``re:^...$`` pattern:
    a provider's rules are patterns only); the other rules patterns.
    """
    names: list[str] = []
    patterns: list[str] = []
    left: list[object] = []
    for clause in _alternatives(rule):
        if isinstance(clause, dict) and set(clause) == {"equals"} and not exact_as_pattern:
            names.append(str(clause["equals"]))
            continue
        try:
            patterns.append(_pattern(clause))
        except ValueError:
            left.append(clause)
    return (names, patterns), left


def _alternatives(rule: object) -> list[object]:
    """The clauses of a rule, ``or`` flattened; nothing for None."""
    if rule is None:
        return []
    if isinstance(rule, dict) and set(rule) == {"or"} and isinstance(rule["or"], list):
        return [clause for part in rule["or"] for clause in _alternatives(part)]
    return [rule]


def _pattern(clause: object) -> str:
    """One clause as a tokencost pattern (a glob where it can be one), or ValueError."""
    if not isinstance(clause, dict) or len(clause) != 1:
        raise ValueError(clause)
    ((kind, value),) = clause.items()
    globs = {"starts_with": "{}*", "ends_with": "*{}", "contains": "*{}*"}
    if kind in globs and isinstance(value, str) and value and "*" not in value:
        return globs[kind].format(value.lower())
    if kind == "regex" and isinstance(value, str):
        re.compile(value)
        return f"re:{value}"
    if kind == "equals" and isinstance(value, str):
        return f"re:^{_escape(value.lower())}$"
    return "re:^" + _assertion(clause)


def _escape(text: str) -> str:
    """``text`` as a regular expression matching itself (only special characters escaped)."""
    return "".join(f"\\{ch}" if ch in ".^$*+?{}[]\\|()" else ch for ch in text)


def _assertion(clause: object) -> str:
    """A clause as a zero-width regular expression tried at the start of the name."""
    if not isinstance(clause, dict) or len(clause) != 1:
        raise ValueError(clause)
    ((kind, value),) = clause.items()
    if kind in ("or", "and") and isinstance(value, list) and value:
        parts = [_assertion(part) for part in value]
        return "(?:" + ("|" if kind == "or" else "").join(parts) + ")"
    if not isinstance(value, str):
        raise ValueError(clause)
    text = _escape(value.lower())
    forms = {
        "equals": f"(?={text}$)",
        "starts_with": f"(?={text})",
        "ends_with": f"(?=.*{text}$)",
        "contains": f"(?=.*{text})",
        "regex": f"(?=.*?(?:{value}))",
    }
    if kind not in forms:
        raise ValueError(clause)
    return forms[kind]


# -- prices ---------------------------------------------------------------------------------


def timeline(
    spec: object, variants: object, undated: date, unmodelled: dict[str, object]
) -> list[dict[str, Any]]:
    """The dated entries of a model's price list and batch variants."""
    items = _items(spec, unmodelled)
    batches = _batches(variants, unmodelled)
    always = [i for i, (kind, _, _) in enumerate(items) if kind == "always"]
    dated = sorted({arg for kind, arg, _ in items if kind == "date"})
    if always and dated and dated[0] <= undated:
        unmodelled["prices (undated, superseded before its date)"] = items[always[0]][2]
        always = []
    first = undated if always else (dated[0] if dated else None)
    if first is None:
        raise ValueError("no price without a time-of-day constraint")
    days = sorted({first, *dated, *(d for d, _ in batches if d is not None)})
    entries: list[dict[str, Any]] = []
    for day in (d for d in days if d >= first):
        base = _base_index(items, day, set(always))
        if base is None:
            continue
        timed = [item for item in items[base + 1 :] if item[0] == "time"]
        batch = next((p for start, p in batches if start is None or start <= day), None)
        where = "" if day == first and items[base][0] == "always" else f" (from {day})"
        entry = _entry(day, items[base][2], timed, batch, unmodelled, where)
        if entries and _same_prices(entries[-1], entry):
            continue
        entries.append(entry)
    return entries


TrackerItem = tuple[str, Any, dict[str, Any]]
"""(kind: always, date or time; its date or (start, end) minutes; its prices)."""


def _items(spec: object, unmodelled: dict[str, object]) -> list[TrackerItem]:
    raw = spec if isinstance(spec, list) else [{"prices": spec}]
    items: list[TrackerItem] = []
    for number, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("prices"), dict):
            raise ValueError(f"prices[{number}] is not a price object")
        constraint = item.get("constraint")
        prices = item["prices"]
        if constraint is None:
            items.append(("always", None, prices))
        elif isinstance(constraint, dict) and set(constraint) == {"start_date"}:
            try:
                start = date.fromisoformat(str(constraint["start_date"]))
            except ValueError:
                raise ValueError(f"prices[{number}].constraint.start_date is not a date") from None
            items.append(("date", start, prices))
        elif isinstance(constraint, dict) and set(constraint) == {"start_time", "end_time"}:
            span = (_minute(constraint["start_time"]), _minute(constraint["end_time"]))
            if span[0] is None or span[1] is None or span[0] == span[1]:
                unmodelled[f"prices[{number}] (time-of-day constraint)"] = item
            else:
                items.append(("time", span, prices))
        else:
            unmodelled[f"prices[{number}] (other constraint)"] = item
    return items


def _batches(variants: object, unmodelled: dict[str, object]) -> list[tuple[date | None, Any]]:
    """(start date or None, prices) of the batch variants, in order; others not modelled."""
    found: list[tuple[date | None, Any]] = []
    for number, variant in enumerate(variants if isinstance(variants, list) else []):
        when = variant.get("when") if isinstance(variant, dict) else None
        constraint = variant.get("constraint") if isinstance(variant, dict) else None
        start: date | None = None
        if isinstance(constraint, dict) and set(constraint) == {"start_date"}:
            start = date.fromisoformat(str(constraint["start_date"]))
        elif constraint is not None:
            unmodelled[f"price_variants[{number}]"] = variant
            continue
        if when == BATCH and isinstance(variant.get("prices"), dict):
            found.append((start, variant["prices"]))
        else:
            unmodelled[f"price_variants[{number}] ({_when(when)})"] = variant.get("prices")
    return found


def _when(when: object) -> str:
    if isinstance(when, dict):
        return ", ".join(f"{k}: {v}" for k, v in when.items())
    return str(when)


def _base_index(items: list[TrackerItem], day: date, always: set[int]) -> int | None:
    """The last item that holds all day on ``day`` (as genai-prices picks it)."""
    found = None
    for index, (kind, arg, _) in enumerate(items):
        if (kind == "always" and index in always) or (kind == "date" and arg <= day):
            found = index
    return found


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
    day: date,
    prices: dict[str, Any],
    timed: list[TrackerItem],
    batch: dict[str, Any] | None,
    unmodelled: dict[str, object],
    where: str,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"effective": day, "source": SOURCE_ID}
    notes: list[str] = []
    entry |= price_fields(prices, unmodelled, where, notes)
    if timed:
        _windows(entry, timed, unmodelled, where, notes)
    if batch is not None:
        entry |= _batch(prices, batch, unmodelled, where)
    if notes:
        entry["note"] = " ".join(notes)
    return entry


def price_fields(
    prices: dict[str, Any], unmodelled: dict[str, object], where: str, notes: list[str]
) -> dict[str, Any]:
    """The tokencost fields of one genai-prices price set (tiers included)."""
    extra = {k: v for k, v in prices.items() if k not in TOKEN_PRICES}
    if "input_mtok" not in prices and "output_mtok" not in prices and extra:
        raise ValueError(f"no per-token price (priced by: {', '.join(sorted(extra))})")
    fields: dict[str, Any] = {}
    tiered: dict[str, Any] = {}
    for key, name in TOKEN_PRICES.items():
        value = prices.get(key)
        if isinstance(value, dict):
            if not _valid_tiers(value.get("tiers")) or name not in _TIER_FIELDS:
                raise ValueError(f"prices.{key}{where}: tiers tokencost cannot read")
            tiered[name] = value["tiers"]
            value = value.get("base")
        if value is None and name in ("input", "output"):
            notes.append(f"genai-prices gives no {name} price (not charged there): 0.")
            value = 0
        if value is not None:
            fields[name] = per_unit(value, f"prices.{key}{where}")
    if "cache_write_long" in fields:
        fields["cache_write_long_minutes"] = 60
    if "requests_kcount" in prices:
        fields["per_1k_requests"] = per_unit(prices["requests_kcount"], f"requests_kcount{where}")
        del extra["requests_kcount"]
    if tiered:
        fields["tiers"] = _tiers(fields, tiered, where)
    for key, value in extra.items():
        unmodelled[f"prices.{key}{where}"] = value
    return fields


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


def _tiers(fields: dict[str, Any], tiered: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """One tokencost tier per tier start: each price at that start (a price without
    tiers keeps its flat price)."""
    starts = sorted({t["start"] for steps in tiered.values() for t in steps})
    tiers = []
    for start in starts:
        tier: dict[str, Any] = {"above": start}
        for name in _TIER_FIELDS:
            if name not in fields:
                continue
            price = fields[name]
            for step in tiered.get(name, []):
                if step["start"] <= start:
                    price = per_unit(step["price"], f"prices.{name}.tiers{where}")
            tier[name] = price
        tiers.append(tier)
    return tiers


def _windows(
    entry: dict[str, Any],
    timed: list[TrackerItem],
    unmodelled: dict[str, object],
    where: str,
    notes: list[str],
) -> None:
    """Give ``entry`` the time-of-day prices as off-peak windows, where they can be:
    flat prices tokencost windows hold, on an entry without tiers."""
    priced: list[dict[str, Any]] = []
    for _, span, prices in timed:
        if "tiers" in entry or set(prices) - {"input_mtok", "output_mtok", "cache_read_mtok",
                                             "cache_write_mtok"}:  # fmt: skip
            unmodelled[f"prices (time of day {span}){where}"] = prices
            return
        fields = price_fields(prices, unmodelled, where, [])
        priced.append({k: v for k, v in fields.items() if k in _WINDOW_FIELDS})
    winner: list[int | None] = [None] * hours.MINUTES_PER_DAY
    for number, (_, span, _) in enumerate(timed):  # the last item that holds wins
        for minute in range(hours.MINUTES_PER_DAY):
            if hours.contains(span, minute):
                winner[minute] = number
    standard = {k: v for k, v in entry.items() if k in _WINDOW_FIELDS}
    runs = _runs(winner)
    kinds = {json_key(priced[n]) for _, _, n in runs if n is not None}
    dearer = len(kinds) == 1 and all(
        all(priced[n].get(k, standard.get(k)) >= v for k, v in standard.items())
        and set(priced[n]) == set(standard)
        for _, _, n in runs
        if n is not None
    )
    if dearer:
        peak = next(priced[n] for _, _, n in runs if n is not None)
        entry |= peak
        windows = [{"start": _label(a), "end": _label(b), **standard}
                   for a, b, n in runs if n is None]  # fmt: skip
        peak_hours = ", ".join(f"{_label(a)}-{_label(b)}" for a, b, n in runs if n is not None)
        notes.append(
            f"genai-prices gives this price in {peak_hours} UTC and a lower one the rest of the "
            "day: imported as the standard price, with the lower one as off-peak windows."
        )
    else:
        windows = [{"start": _label(a), "end": _label(b), **priced[n]}
                   for a, b, n in runs if n is not None]  # fmt: skip
    entry["off_peak"] = sorted(windows, key=lambda w: w["start"])


def json_key(fields: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """A hashable form of some prices."""
    return tuple(sorted((k, str(v)) for k, v in fields.items()))


def _runs(winner: list[int | None]) -> list[tuple[int, int, int | None]]:
    """(start, end, value) of each run of equal values over the day, a run across
    midnight as one (its end earlier than its start)."""
    runs: list[tuple[int, int, int | None]] = []
    start = 0
    for minute in range(1, 1441):
        if minute == 1440 or winner[minute] != winner[start]:
            runs.append((start, minute, winner[start]))
            start = minute
    if len(runs) > 1 and runs[0][2] == runs[-1][2]:
        last = runs.pop()
        first = runs.pop(0)
        runs.append((last[0], first[1], first[2]))
    return [(a, b % 1440, n) for a, b, n in runs]


def _label(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _batch(
    prices: dict[str, Any], variant: dict[str, Any], unmodelled: dict[str, object], where: str
) -> dict[str, Any]:
    """The batch fields of an entry from a batch variant (partial prices over the
    standard ones), or none (listed as not modelled) when tokencost cannot hold them."""
    merged = {**prices, **{k: v for k, v in variant.items() if v is not None}}
    keys = [k for k in TOKEN_PRICES if k in merged]
    extra = sorted(set(variant) - set(TOKEN_PRICES))
    for key in extra:
        unmodelled[f"price_variants (processing: batch).{key}{where}"] = variant[key]
    share = _share([prices.get(k) for k in keys], [merged[k] for k in keys])
    if share == 1:
        return {}
    if share is not None and 0 <= share < 1:
        return {"batch_discount": Decimal(1) - share}
    flat = not any(isinstance(merged[k], dict) for k in keys)
    plain = not {"cache_write_1h_mtok", "output_reasoning_mtok"} & set(merged)
    if flat and plain and "input_mtok" in merged and "output_mtok" in merged:
        found = {
            "batch_input": per_unit(merged["input_mtok"], f"batch input{where}"),
            "batch_output": per_unit(merged["output_mtok"], f"batch output{where}"),
        }
        for key, name in (("cache_read_mtok", "batch_cache_read"),
                          ("cache_write_mtok", "batch_cache_write")):  # fmt: skip
            if key in merged:
                found[name] = per_unit(merged[key], f"batch {key}{where}")
        return found
    unmodelled[f"price_variants (processing: batch){where}"] = variant
    return {}


def _share(standard: list[Any], batch: list[Any]) -> Decimal | None:
    """The one exact share every batch price is of its standard price (tiers included),
    or None when there is none."""
    pairs: list[tuple[Decimal, Decimal]] = []
    for old, new in zip(standard, batch, strict=True):
        if isinstance(old, dict) != isinstance(new, dict) or old is None:
            return None
        if isinstance(old, dict):
            steps_old, steps_new = old.get("tiers") or [], new.get("tiers") or []
            if [t.get("start") for t in steps_old] != [t.get("start") for t in steps_new]:
                return None
            pairs.append((Decimal(old["base"]), Decimal(new["base"])))
            pairs.extend(
                (Decimal(a["price"]), Decimal(b["price"]))
                for a, b in zip(steps_old, steps_new, strict=True)
            )
        else:
            pairs.append((Decimal(old), Decimal(new)))
    shares = set()
    with localcontext(CONTEXT):
        for old, new in pairs:
            if old == 0:
                if new != 0:
                    return None
                continue
            share = new / old
            if share * old != new:
                return None
            shares.add(share.normalize())
    return shares.pop() if len(shares) == 1 else (Decimal(1) if not shares else None)


def _same_prices(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two entries with the same prices (their dates and notes aside)."""
    skip = ("effective", "note")
    return {k: v for k, v in first.items() if k not in skip} == {
        k: v for k, v in second.items() if k not in skip
    }

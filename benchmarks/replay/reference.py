"""A slow, plainly correct reference: price a usage log record by record in Decimal.

Written apart from tokencost's replay code (its own reading of the shapes, model
names, timestamps, catalogue entries and billing rules) so that agreeing with it
means something: every record's cost is computed exactly on its own and the costs
are added up. It knows the shapes the generator writes, not every edge case
tokencost handles. The billing rules, from README "Pricing dimensions":

- cache reads at ``cache_read``, cache writes at ``cache_write`` (1-hour writes at
  ``cache_write_long``), reasoning at ``reasoning``; each falls back to ``input``
  (the long write to ``cache_write``, then ``input``) or ``output``;
- a record whose prompt (every input token) is strictly more than a tier's ``above``
  is billed wholly at the highest such tier (its cache prices, else its input price;
  reasoning and 1-hour writes have no tier price of their own);
- batch records at ``batch_discount`` off every token price (a tier's too), else at
  ``batch_input`` / ``batch_output`` below every tier (cache at ``batch_input``,
  reasoning at ``batch_output``), else the standard prices;
- other records whose UTC time of day falls in an off-peak window, below every tier,
  at the window's prices (cache at its cache prices, else its input price);
- ``per_1k_requests`` / 1,000 per record, never discounted.

    python -m benchmarks.replay.reference /tmp/usage-1m.jsonl --as-of 2026-06-15
"""

from __future__ import annotations

import argparse
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Context, Decimal, localcontext
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EXACT = Context(prec=80)
SUFFIX = re.compile(r"[-@](\d{4}-\d{2}-\d{2}|\d{8})$")
Entry = dict[str, Any]
Tokens = tuple[int, int, int, int, int, int]
"""uncached input, cache read, 5-minute cache write, 1-hour cache write, output, reasoning."""


@dataclass
class Catalogue:
    """Names and dated entries (TOML tables, numbers as Decimal) of one source."""

    names: dict[str, str]
    prices: dict[str, list[Entry]]

    @classmethod
    def read(cls, folder: Path, source: str | None = None) -> Catalogue:
        manifest = tomllib.loads((folder / "manifest.toml").read_text())
        source = source or manifest["default_source"]
        names: dict[str, str] = {}
        prices: dict[str, list[Entry]] = {}
        for path in sorted(folder.glob("*.toml")):
            if path.name == "manifest.toml":
                continue
            data = tomllib.loads(path.read_text(), parse_float=Decimal)
            for model in data["models"]:
                for name in [model["id"], *model.get("aliases", [])]:
                    names[name.lower()] = model["id"]
                entries = [p for p in model["prices"] if p["source"] == source]
                own = [p for p in entries if "host" not in p]
                if not own and entries:  # priced through hosts only: the default host's
                    own = [p for p in entries if p.get("host") == model.get("default_host")]
                prices[model["id"]] = sorted(own, key=lambda p: p["effective"])
        return cls(names, prices)

    def model_id(self, written: str) -> str | None:
        name = written.strip().lower()
        for guess in (name, name.split("/")[-1]):
            for candidate in (guess, SUFFIX.sub("", guess)):
                if candidate in self.names:
                    return self.names[candidate]
        return None

    def price(self, model_id: str, day: date) -> Entry | None:
        found = None
        for entry in self.prices[model_id]:
            if entry["effective"] <= day:
                found = entry
        return found


@dataclass
class Totals:
    """What the reference found."""

    lines: int = 0
    priced: int = 0
    skipped: int = 0
    actual: Decimal = Decimal(0)
    candidates: dict[str, Decimal] = field(default_factory=dict)
    unpriceable: set[str] = field(default_factory=set)


def stamp_of(record: dict[str, Any]) -> str | int | None:
    for name in ("timestamp", "created_at", "created"):
        value = record.get(name)
        if value is not None:
            return value  # type: ignore[no-any-return]
    return None


def record_day(record: dict[str, Any], as_of: date) -> date:
    value = stamp_of(record)
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, int):
        seconds = value / 1000 if value >= 10**11 else value
        return datetime.fromtimestamp(int(seconds), UTC).date()
    return as_of


def record_minute(record: dict[str, Any]) -> int | None:
    """Minutes after midnight UTC, or None for a date alone or no timestamp."""
    value = stamp_of(record)
    if isinstance(value, str):
        if len(value) <= 10:
            return None
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
        return moment.hour * 60 + moment.minute
    if isinstance(value, int):
        seconds = value // 1000 if value >= 10**11 else value
        moment = datetime.fromtimestamp(seconds, UTC)
        return moment.hour * 60 + moment.minute
    return None


def unwrap(record: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """(the record, whether it was sent by batch): a batch results line is its body."""
    if "custom_id" in record and "usage" not in record:
        body = (record.get("response") or {}).get("body")
        if isinstance(body, dict):
            return body, True
    return record, record.get("batch") is True


def parts(record: dict[str, Any]) -> Tokens | None:
    """(uncached input, cache read, 5-min write, 1-hour write, output, reasoning), or None."""
    usage = record["usage"] if isinstance(record.get("usage"), dict) else record
    if "prompt_tokens" in usage:  # OpenAI chat: prompt includes cached
        cached = usage.get("prompt_tokens_details", {}).get("cached_tokens", 0)
        thinking = usage.get("completion_tokens_details", {}).get("reasoning_tokens", 0)
        found = (
            usage["prompt_tokens"] - cached,
            cached,
            0,
            0,
            usage["completion_tokens"] - thinking,
            thinking,
        )
    elif "input_tokens_details" in usage:  # OpenAI Responses: input includes cached
        cached = usage["input_tokens_details"].get("cached_tokens", 0)
        thinking = usage.get("output_tokens_details", {}).get("reasoning_tokens", 0)
        found = (
            usage["input_tokens"] - cached,
            cached,
            0,
            0,
            usage["output_tokens"] - thinking,
            thinking,
        )
    else:  # Anthropic: cache apart from input; flat: cached_tokens within input
        cached = usage.get("cached_tokens", 0)
        thinking = usage.get("reasoning_tokens", 0)
        written = usage.get("cache_creation_input_tokens", 0)
        hour = (usage.get("cache_creation") or {}).get("ephemeral_1h_input_tokens", 0)
        found = (
            usage.get("input_tokens", 0) - cached,
            cached + usage.get("cache_read_input_tokens", 0),
            written - hour,
            hour,
            usage.get("output_tokens", 0) - thinking,
            thinking,
        )
    return None if min(found) < 0 else found


def in_window(minute: int, window: Entry) -> bool:
    start = int(window["start"][:2]) * 60 + int(window["start"][3:])
    end = int(window["end"][:2]) * 60 + int(window["end"][3:])
    return start <= minute < end if start < end else minute >= start or minute < end


def unit_prices(entry: Entry, prompt: int, minute: int | None, batch: bool) -> list[Decimal]:
    """Prices per 1M tokens of the six token parts of one record."""
    tiers = [t for t in entry.get("tiers", []) if prompt > t["above"]]
    if tiers:
        tier = max(tiers, key=lambda t: t["above"])
        read = tier.get("cache_read", tier["input"])
        write = tier.get("cache_write", tier["input"])
        prices = [tier["input"], read, write, write, tier["output"], tier["output"]]
    else:
        write = entry.get("cache_write", entry["input"])
        prices = [
            entry["input"],
            entry.get("cache_read", entry["input"]),
            write,
            entry.get("cache_write_long", write),
            entry["output"],
            entry.get("reasoning", entry["output"]),
        ]
    if batch:
        if "batch_discount" in entry:
            keep = 1 - Decimal(entry["batch_discount"])
            return [price * keep for price in prices]
        if "batch_input" in entry and not tiers:
            low, high = entry["batch_input"], entry["batch_output"]
            return [low, low, low, low, high, high]
        return prices
    if minute is not None and not tiers:
        for window in entry.get("off_peak", []):
            if in_window(minute, window):
                read = window.get("cache_read", window["input"])
                write = window.get("cache_write", window["input"])
                return [window["input"], read, write, write, window["output"], window["output"]]
    return prices


def cost(tokens: Tokens, entry: Entry, minute: int | None = None, batch: bool = False) -> Decimal:
    """One record's cost at one entry, every dimension."""
    with localcontext(EXACT):
        prices = unit_prices(entry, sum(tokens[:4]), minute, batch)
        tokens_cost = sum(
            (count * Decimal(price) for count, price in zip(tokens, prices, strict=True)),
            Decimal(0),
        )
        fee = Decimal(entry.get("per_1k_requests", 0)) / 1000
        return tokens_cost / (10**6) + fee


def price_log(path: Path, catalogue: Catalogue, as_of: date, candidates: list[str]) -> Totals:
    """Price every line of ``path`` on its own, and on each candidate."""
    totals = Totals(candidates={c: Decimal(0) for c in candidates})
    with open(path, "rb") as handle:
        for line in handle:
            totals.lines += 1
            try:
                record, batch = unwrap(json.loads(line))
            except ValueError:
                totals.skipped += 1
                continue
            model = record.get("model")
            tokens = parts(record)
            model_id = catalogue.model_id(model) if isinstance(model, str) else None
            day = record_day(record, as_of)
            minute = record_minute(record)
            entry = catalogue.price(model_id, day) if model_id else None
            if tokens is None or entry is None:
                totals.skipped += 1
                continue
            totals.priced += 1
            with localcontext(EXACT):
                totals.actual += cost(tokens, entry, minute, batch)
                for candidate in candidates:
                    found = catalogue.price(candidate, day)
                    if found is None:
                        totals.unpriceable.add(candidate)
                    else:
                        totals.candidates[candidate] += cost(tokens, found, minute, batch)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--catalogue", type=Path, default=REPO / "prices")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    parser.add_argument("--source", default=None)
    args = parser.parse_args()
    catalogue = Catalogue.read(args.catalogue, args.source)
    totals = price_log(args.path, catalogue, args.as_of, sorted(catalogue.prices))
    print(f"lines {totals.lines} priced {totals.priced} skipped {totals.skipped}")
    print(f"actual {totals.actual}")
    for model, amount in totals.candidates.items():
        print(f"{model} {amount}")


if __name__ == "__main__":
    main()

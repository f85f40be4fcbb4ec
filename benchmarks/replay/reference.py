"""A slow, plainly correct reference: price a usage log record by record in Decimal.

Written apart from tokencost's replay code (its own reading of the shapes, model
names, timestamps and catalogue entries) so that agreeing with it means something:
every record's cost is computed exactly on its own and the costs are added up.
It knows the shapes the generator writes, not every edge case tokencost handles.

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


@dataclass
class Catalogue:
    """Names and dated (input, output) prices of one source, read straight from TOML."""

    names: dict[str, str]
    prices: dict[str, list[tuple[date, Decimal, Decimal]]]

    @classmethod
    def read(cls, folder: Path, source: str | None = None) -> Catalogue:
        manifest = tomllib.loads((folder / "manifest.toml").read_text())
        source = source or manifest["default_source"]
        names: dict[str, str] = {}
        prices: dict[str, list[tuple[date, Decimal, Decimal]]] = {}
        for path in sorted(folder.glob("*.toml")):
            if path.name == "manifest.toml":
                continue
            data = tomllib.loads(path.read_text(), parse_float=Decimal)
            for model in data["models"]:
                for name in [model["id"], *model.get("aliases", [])]:
                    names[name.lower()] = model["id"]
                prices[model["id"]] = sorted(
                    (p["effective"], Decimal(p["input"]), Decimal(p["output"]))
                    for p in model["prices"]
                    if p["source"] == source
                )
        return cls(names, prices)

    def model_id(self, written: str) -> str | None:
        name = written.strip().lower()
        for guess in (name, name.split("/")[-1]):
            for candidate in (guess, SUFFIX.sub("", guess)):
                if candidate in self.names:
                    return self.names[candidate]
        return None

    def price(self, model_id: str, day: date) -> tuple[Decimal, Decimal] | None:
        found = None
        for effective, price_in, price_out in self.prices[model_id]:
            if effective <= day:
                found = (price_in, price_out)
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


def record_day(record: dict[str, Any], as_of: date) -> date:
    for name in ("timestamp", "created_at", "created"):
        value = record.get(name)
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
        if isinstance(value, int):
            seconds = value / 1000 if value >= 10**11 else value
            return datetime.fromtimestamp(int(seconds), UTC).date()
    return as_of


def parts(record: dict[str, Any]) -> tuple[int, int, int, int, int] | None:
    """(uncached input, cache read, cache write, output, reasoning), or None to skip."""
    usage = record["usage"] if isinstance(record.get("usage"), dict) else record
    if "prompt_tokens" in usage:  # OpenAI chat: prompt includes cached
        cached = usage.get("prompt_tokens_details", {}).get("cached_tokens", 0)
        thinking = usage.get("completion_tokens_details", {}).get("reasoning_tokens", 0)
        found = (
            usage["prompt_tokens"] - cached,
            cached,
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
            usage["output_tokens"] - thinking,
            thinking,
        )
    else:  # Anthropic: cache apart from input; flat: cached_tokens within input
        cached = usage.get("cached_tokens", 0)
        thinking = usage.get("reasoning_tokens", 0)
        found = (
            usage.get("input_tokens", 0) - cached,
            cached + usage.get("cache_read_input_tokens", 0),
            usage.get("cache_creation_input_tokens", 0),
            usage.get("output_tokens", 0) - thinking,
            thinking,
        )
    return None if min(found) < 0 else found


def cost(tokens: tuple[int, int, int, int, int], prices: tuple[Decimal, Decimal]) -> Decimal:
    """Cache reads and writes at the input price, reasoning at the output price."""
    uncached, read, written, output, thinking = tokens
    price_in, price_out = prices
    with localcontext(EXACT):
        return ((uncached + read + written) * price_in + (output + thinking) * price_out) / (10**6)


def price_log(path: Path, catalogue: Catalogue, as_of: date, candidates: list[str]) -> Totals:
    """Price every line of ``path`` on its own, and on each candidate."""
    totals = Totals(candidates={c: Decimal(0) for c in candidates})
    with open(path, "rb") as handle:
        for line in handle:
            totals.lines += 1
            try:
                record = json.loads(line)
            except ValueError:
                totals.skipped += 1
                continue
            model = record.get("model")
            tokens = parts(record)
            model_id = catalogue.model_id(model) if isinstance(model, str) else None
            day = record_day(record, as_of)
            prices = catalogue.price(model_id, day) if model_id else None
            if tokens is None or prices is None:
                totals.skipped += 1
                continue
            totals.priced += 1
            with localcontext(EXACT):
                totals.actual += cost(tokens, prices)
                for candidate in candidates:
                    found = catalogue.price(candidate, day)
                    if found is None:
                        totals.unpriceable.add(candidate)
                    else:
                        totals.candidates[candidate] += cost(tokens, found)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--catalogue", type=Path, default=REPO / "prices")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    catalogue = Catalogue.read(args.catalogue)
    totals = price_log(args.path, catalogue, args.as_of, sorted(catalogue.prices))
    print(f"lines {totals.lines} priced {totals.priced} skipped {totals.skipped}")
    print(f"actual {totals.actual}")
    for model, amount in totals.candidates.items():
        print(f"{model} {amount}")


if __name__ == "__main__":
    main()

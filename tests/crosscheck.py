"""tokencost's replay against genai-prices' ``calc_price``, record by record.

    python -m tests.crosscheck          # every difference, with its cause

Records are generated from the shipped catalogue: for each model read from genai-prices
(its id maps back to the tracker's provider and model), one record per scenario the
model's prices make worth trying (plain tokens for all; cache reads and writes, 1-hour
writes, reasoning, a prompt under its tiers, batch, peak and off-peak hours, a weekend,
dates before and after price changes where it has them). Each scenario is one log
with one record per model, replayed by ``tokencost replay --source list --json``, so a
model's cost in the replay is its record's cost; genai-prices prices the same record
with ``calc_price`` (the bundled data of the same release), ``processing: batch`` for
batch records. The name genai-prices is given is one its match rules resolve to that
model (its models whose rules reach no name of their own are left out).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.catalogue.importers.common import identifier
from tokencost.catalogue.importers.market import LINKS, PROVIDER_IDS
from tokencost.errors import NoPriceError


@dataclass(frozen=True)
class Scenario:
    """One kind of record: its time, tokens and whether it was sent by batch."""

    name: str
    at: datetime
    prompt: int
    output: int
    cached: int = 0
    written: int = 0
    written_1h: int = 0
    reasoning: int = 0
    batch: bool = False

    def applies(self, entry: PriceEntry, model: Model) -> bool:
        """Whether the scenario tries something this entry (of this model) prices."""
        days = [e.effective for e in model.prices if e.source == "list"]
        checks = {
            "cache": entry.cache_read is not None or entry.cache_write is not None,
            "1h-writes": entry.cache_write_long is not None,
            "reasoning": entry.reasoning is not None,
            "under-tier": bool(entry.tiers),
            "batch": entry.batch_discount is not None or entry.batch_input is not None,
            "peak": bool(entry.off_peak),
            "off-peak": bool(entry.off_peak),
            "weekend": bool(entry.off_peak),
            "september": len(days) > 1,  # a price before a later change
            "next-year": max(days) > FRIDAY_PEAK.date(),  # a change still to come
        }
        return checks.get(self.name, True)


FRIDAY_PEAK = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)  # 10:30 Beijing, Friday
SCENARIOS = (
    Scenario("plain", FRIDAY_PEAK, 1_234_567, 345_678),
    Scenario("cache", FRIDAY_PEAK, 1_234_567, 345_678, cached=400_000, written=200_000),
    Scenario("1h-writes", FRIDAY_PEAK, 1_234_567, 345_678, written=300_000, written_1h=120_000),
    Scenario("reasoning", FRIDAY_PEAK, 1_234_567, 345_678, reasoning=100_003),
    Scenario("under-tier", FRIDAY_PEAK, 100_001, 54_321, cached=20_000),
    Scenario("batch", FRIDAY_PEAK, 1_234_567, 345_678, cached=400_000, batch=True),
    Scenario("peak", datetime(2026, 11, 26, 7, 0, tzinfo=UTC), 1_234_567, 345_678),
    Scenario("off-peak", datetime(2026, 11, 26, 20, 0, tzinfo=UTC), 1_234_567, 345_678),
    Scenario("weekend", datetime(2026, 11, 28, 2, 30, tzinfo=UTC), 1_234_567, 345_678),
    Scenario("september", datetime(2026, 9, 1, 12, 0, tzinfo=UTC), 1_234_567, 345_678),
    Scenario("next-year", datetime(2027, 1, 15, 12, 0, tzinfo=UTC), 1_234_567, 345_678),
)


@dataclass(frozen=True)
class Pair:
    """A tokencost model and the genai-prices model it was read from."""

    model: str
    provider: str
    tracker_model: str
    ref: str
    """A name genai-prices resolves to that model at that provider."""


@cache
def pairs(catalogue: Catalogue) -> tuple[Pair, ...]:
    """Every catalogue model read from a genai-prices model the package can name (worked
    out once a catalogue: both comparisons ask)."""
    from genai_prices.data import providers

    tracker_ids = {v: k for k, v in PROVIDER_IDS.items()}
    linked = {(k.provider, k.model): mid for mid, ks in LINKS.items() for k in ks if not k.host}
    found = []
    firsts: dict[str, dict[tuple[str, str], int]] = {}
    for model in catalogue.models():
        if not any(e.source == "list" for e in model.prices) or model.default_host:
            continue
        pid = catalogue.provider_of(model.id).provider
        provider = next((p for p in providers if p.id == tracker_ids.get(pid, pid)), None)
        if provider is None:  # a seller genai-prices does not know (read from LiteLLM)
            continue
        # The provider's first model that is this one: by its identifier, with or
        # without the provider's prefix, or by a link.
        if provider.id not in firsts:
            firsts[provider.id] = _first_models(provider, linked)
        first = firsts[provider.id]
        own = model.id.removeprefix(f"{pid}--")
        places = [first.get(("id", model.id)), first.get(("link", model.id))]
        if own != model.id:
            places.append(first.get(("id", own)))
        found_at = min((place for place in places if place is not None), default=None)
        if found_at is None:
            continue
        info = provider.models[found_at]
        ref = _reference(provider, info)
        if ref is not None:
            found.append(Pair(model.id, provider.id, info.id, ref))
    return tuple(found)


def _first_models(provider: Any, links: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Where in ``provider.models`` each identifier and each linked model id is first met."""
    first: dict[tuple[str, str], int] = {}
    for place, info in enumerate(provider.models):
        first.setdefault(("id", identifier(info.id)), place)
        if (provider.id, info.id) in links:
            first.setdefault(("link", links[provider.id, info.id]), place)
    return first


def _reference(provider: Any, info: Any) -> str | None:
    """The model's id, else a name of its match rules, that genai-prices resolves to it."""
    from genai_prices.data_snapshot import get_snapshot

    snapshot = get_snapshot()  # calc_price's: it keeps what it found, and finds it again
    for name in [info.id, *_equals(info.match)]:
        try:
            _, found = snapshot.find_provider_model(name, None, provider.id, None)
        except LookupError:
            continue
        if found is info:
            return str(name)
    return None


def _equals(rule: Any) -> Iterator[str]:
    if hasattr(rule, "equals"):
        yield rule.equals
    for part in getattr(rule, "or_", ()):
        yield from _equals(part)
    if hasattr(rule, "starts_with"):
        yield rule.starts_with


@dataclass
class Result:
    """Both prices of every record, and what could not be compared."""

    compared: int = 0
    differences: list[tuple[str, str, Decimal, Decimal]] = field(default_factory=list)
    """(model, scenario, tokencost, genai-prices) where they differ."""
    no_price: list[tuple[str, str]] = field(default_factory=list)
    """(model, scenario) where tokencost has no price on the record's day."""


def record(pair: Pair, scenario: Scenario) -> dict[str, Any]:
    """The usage record of a scenario, in Anthropic's shape (cache tokens apart)."""
    uncached = scenario.prompt - scenario.cached - scenario.written
    usage: dict[str, Any] = {
        "input_tokens": uncached,
        "cache_read_input_tokens": scenario.cached,
        "cache_creation_input_tokens": scenario.written,
        "output_tokens": scenario.output,
    }
    if scenario.written_1h:
        usage["cache_creation"] = {"ephemeral_1h_input_tokens": scenario.written_1h}
    if scenario.reasoning:
        usage["reasoning_tokens"] = scenario.reasoning
    return {
        "model": pair.model,
        "timestamp": scenario.at.isoformat(),
        "usage": usage,
        "batch": scenario.batch,
    }


def genai_cost(pair: Pair, scenario: Scenario) -> Decimal:
    from genai_prices import Usage, calc_price

    usage = Usage(
        input_tokens=scenario.prompt,
        cache_read_tokens=scenario.cached,
        cache_write_tokens=scenario.written,
        cache_write_1h_tokens=scenario.written_1h,
        output_tokens=scenario.output,
        output_reasoning_tokens=scenario.reasoning,
    )
    context = {"processing": "batch"} if scenario.batch else None
    found = calc_price(
        usage,
        pair.ref,
        provider_id=pair.provider,
        genai_request_timestamp=scenario.at,
        price_context=context,
    )
    return Decimal(found.total_price)


def compare(catalogue: Catalogue, folder: Path, work: Path) -> Result:
    """Replay each scenario's log and price its records with genai-prices."""
    result = Result()
    chosen = pairs(catalogue)
    models = [catalogue.by_id(pair.model) for pair in chosen]  # each pair's own model
    latest = [catalogue.price_at(model.id, date.max, "list") for model in models]
    for scenario in SCENARIOS:
        day = scenario.at.date()
        records = []
        for pair, model, last in zip(chosen, models, latest, strict=True):
            entry = _entry(model, catalogue, day)
            if entry is None and scenario.applies(last, model):
                result.no_price.append((pair.model, scenario.name))
            elif entry is not None and scenario.applies(entry, model):
                records.append(pair)
        if not records:
            continue
        costs = _replay(records, scenario, folder, work)
        for pair in records:
            ours, theirs = costs[pair.model], genai_cost(pair, scenario)
            result.compared += 1
            if ours != theirs:
                result.differences.append((pair.model, scenario.name, ours, theirs))
    return result


def _entry(model: Model, catalogue: Catalogue, day: date) -> PriceEntry | None:
    try:
        return catalogue.price_at(model.id, day, "list")
    except NoPriceError:
        return None


def _replay(pairs_: list[Pair], scenario: Scenario, folder: Path, work: Path) -> dict[str, Decimal]:
    """``tokencost replay LOG --source list --json`` (in this process): each model's cost."""
    from tokencost.cli import main

    log = work / f"{scenario.name}.jsonl"
    log.write_text("".join(json.dumps(record(p, scenario)) + "\n" for p in pairs_))
    out = io.StringIO()
    args = ["replay", str(log), "--source", "list", "--catalogue", str(folder),
            "--models", pairs_[0].model, "--json"]  # fmt: skip
    with contextlib.redirect_stdout(out):
        code = main(args)
    if code:
        raise RuntimeError(f"tokencost {' '.join(args)} exited {code}")
    document = json.loads(out.getvalue(), parse_float=Decimal)
    return {row["model"]: row["cost"] for row in document["actual"]["models"]}


@dataclass(frozen=True)
class Written:
    """A request of the market log: who served it, the model as logged, its tokens."""

    provider: str
    """LiteLLM's ``custom_llm_provider``."""
    model: str
    scenario: Scenario


FRIDAY = datetime(2026, 11, 27, 14, 5, tzinfo=UTC)  # 22:05 Beijing: DeepSeek off-peak
MARKET = (
    Written("openai", "gpt-5.5", Scenario("chat", FRIDAY, 48_210, 1_920, cached=40_960)),
    Written("openai", "gpt-5-mini", Scenario("chat", FRIDAY, 12_034, 3_411, reasoning=2_304)),
    Written("openai", "gpt-4o-mini", Scenario("chat", FRIDAY, 3_802, 412)),
    Written(
        "anthropic",
        "claude-opus-4-8",
        Scenario("chat", FRIDAY, 61_775, 2_544, cached=52_100, written=8_900),
    ),
    Written(
        "anthropic",
        "claude-sonnet-4-5-20250929",
        Scenario("chat", FRIDAY, 23_118, 1_207, cached=18_432, written=3_100),
    ),
    Written("anthropic", "claude-haiku-4-5", Scenario("chat", FRIDAY, 5_230, 388)),
    Written("gemini", "gemini-2.5-pro", Scenario("chat", FRIDAY, 150_220, 4_080)),
    Written("gemini", "gemini-2.5-flash", Scenario("chat", FRIDAY, 9_870, 1_530, cached=4_096)),
    Written(
        "groq",
        "meta-llama/llama-4-maverick-17b-128e-instruct",
        Scenario("chat", FRIDAY, 8_431, 902),
    ),
    Written(
        "together_ai",
        "meta-llama/Llama-4-Scout-17B-16E-Instruct",
        Scenario("chat", FRIDAY, 7_200, 640),
    ),
    Written("groq", "llama-3.3-70b-versatile", Scenario("chat", FRIDAY, 2_950, 310)),
    Written("deepseek", "deepseek-v4-pro", Scenario("chat", FRIDAY, 33_300, 2_875, cached=30_720)),
    Written("deepseek", "deepseek-chat", Scenario("chat", FRIDAY, 6_120, 733)),
    Written("mistral", "mistral-large-latest", Scenario("chat", FRIDAY, 11_402, 960)),
    Written("mistral", "mistral-small-latest", Scenario("chat", FRIDAY, 4_380, 522)),
    Written("mistral", "codestral-latest", Scenario("chat", FRIDAY, 2_210, 1_104)),
    Written("xai", "grok-4", Scenario("chat", FRIDAY, 14_877, 1_602, cached=10_240)),
    Written("xai", "grok-4-fast-reasoning", Scenario("chat", FRIDAY, 9_310, 2_407)),
    Written("dashscope", "qwen-max", Scenario("chat", FRIDAY, 6_540, 812)),
    Written("dashscope", "qwen-plus", Scenario("chat", FRIDAY, 18_305, 1_288)),
    Written("dashscope", "qwen3-max", Scenario("chat", FRIDAY, 40_112, 2_050)),
    Written(
        "dashscope", "qwen3-coder-plus", Scenario("chat", FRIDAY, 24_871, 3_390, cached=16_384)
    ),
    Written("dashscope", "qwen-flash", Scenario("chat", FRIDAY, 3_075, 276)),
    Written("groq", "qwen/qwen3-32b", Scenario("chat", FRIDAY, 5_600, 780)),
)


def spend_row(number: int, written: Written) -> dict[str, Any]:
    """The request as a LiteLLM ``LiteLLM_SpendLogs`` row (prompt tokens include cache
    reads and writes, completion tokens include reasoning)."""
    scenario = written.scenario
    usage: dict[str, Any] = {
        "prompt_tokens": scenario.prompt,
        "completion_tokens": scenario.output,
        "prompt_tokens_details": {"cached_tokens": scenario.cached},
        "completion_tokens_details": {"reasoning_tokens": scenario.reasoning},
    }
    if scenario.written:
        usage["cache_creation_input_tokens"] = scenario.written
    return {
        "request_id": f"req-{number:04d}",
        "call_type": "acompletion",
        "startTime": scenario.at.isoformat(),
        "model": written.model,
        "custom_llm_provider": written.provider,
        "prompt_tokens": scenario.prompt,
        "completion_tokens": scenario.output,
        "metadata": {"usage_object": usage},
        "status": "success",
    }


@dataclass
class MarketResult:
    """The market log replayed: each request's model and both prices."""

    models: dict[str, str] = field(default_factory=dict)
    """Model as written -> the catalogue model it was priced as."""
    unknown: list[str] = field(default_factory=list)
    both: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    """Model as written -> (tokencost, genai-prices)."""
    tokencost_only: dict[str, Decimal] = field(default_factory=dict)
    """Model as written -> tokencost's price, where genai-prices has no such model."""


def compare_market(catalogue: Catalogue, folder: Path, work: Path) -> MarketResult:
    """Replay :data:`MARKET` as one LiteLLM spend log; price each request with
    genai-prices where it knows the model tokencost priced it as."""
    from tokencost.cli import main

    log = work / "market-spend-logs.jsonl"
    log.write_text("".join(json.dumps(spend_row(n, w)) + "\n" for n, w in enumerate(MARKET)))
    out = io.StringIO()
    args = ["replay", str(log), "--source", "list", "--catalogue", str(folder),
            "--models", "gpt-5.5", "--by", "model", "--json"]  # fmt: skip
    with contextlib.redirect_stdout(out):
        code = main(args)
    if code:
        raise RuntimeError(f"tokencost {' '.join(args)} exited {code}")
    document = json.loads(out.getvalue(), parse_float=Decimal)
    result = MarketResult(unknown=[u["model"] for u in document["unpriced_traffic"]])
    costs = {row["model"]: row["cost"] for row in document["actual"]["models"]}
    by_model = {pair.model: pair for pair in pairs(catalogue)}
    for written in MARKET:
        model_id = catalogue.names.resolve(
            _as_litellm_reads(written), lambda m: m in costs
        )  # the model the replay priced it as: one request each
        if model_id is None or model_id not in costs:
            continue
        result.models[written.model] = model_id
        pair = by_model.get(model_id)
        if pair is None:
            result.tokencost_only[written.model] = costs[model_id]
        else:
            result.both[written.model] = (costs[model_id], genai_cost(pair, written.scenario))
    return result


def _as_litellm_reads(written: Written) -> str:
    from tokencost.replay.formats.litellm import served_model

    return served_model({"model": written.model, "custom_llm_provider": written.provider}) or ""


def main() -> int:
    import tempfile

    from tokencost.catalogue import load_catalogue

    folder = Path(__file__).resolve().parent.parent / "prices"
    with tempfile.TemporaryDirectory() as work:
        result = compare(load_catalogue(folder), folder, Path(work))
    print(f"{result.compared} records compared, {len(result.differences)} differ; "
          f"{len(result.no_price)} records on days tokencost has no price for")  # fmt: skip
    for model, scenario, ours, theirs in result.differences:
        print(f"{model}  {scenario}  tokencost {ours}  genai-prices {theirs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

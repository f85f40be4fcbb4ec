"""tokencost and genai-prices price the same records alike, record by record.

Every record of the generated logs (:mod:`tests.crosscheck`: each model read from
genai-prices, in every scenario its prices make worth trying) is replayed by
``tokencost replay --source list`` and priced by genai-prices' own ``calc_price``; they
agree to the last digit except where tokencost knows more than genai-prices can say, or
bills a case by another rule. Each such difference is listed here with its reason.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.crosscheck import MARKET, MarketResult, Result, compare, compare_market
from tests.helpers import REPO
from tokencost.catalogue import Catalogue, load_catalogue

genai_prices = pytest.importorskip(
    "genai_prices", reason="genai-prices is not installed: pip install -e '.[test]'"
)
if genai_prices.__version__ != "0.2.3":  # pragma: no cover - another tracker release
    pytest.skip(
        f"genai-prices {genai_prices.__version__} is installed; the shipped catalogue is "
        "0.2.3's (pip install genai-prices==0.2.3)",
        allow_module_level=True,
    )

WEEKEND = (
    "a Saturday (2026-11-28 02:30 UTC, 10:30 Beijing time): DeepSeek bills off-peak all "
    "day at weekends (Beijing time) from 2026-08-23, as genai-prices' own note says; its "
    "data cannot say a day of the week, so it bills the peak price (an upper bound, its "
    "note says), twice tokencost's off-peak price"
)
DIFFERENCES = {
    ("deepseek-v4-pro", "weekend"): WEEKEND,
    ("deepseek-v4-flash", "weekend"): WEEKEND,
    ("deepseek-flash", "weekend"): WEEKEND,
    ("gpt-5.5-pro", "batch"): (
        "a batch record of 1,234,567 input tokens, over the 272,000 tier: genai-prices "
        "bills its flat batch price ($15 / $90; its note: the Batch table publishes only "
        "base rates, no long-context batch surcharge is modelled), tokencost the tier's "
        "price ($60 / $270), as its rule says for a batch price with no tier of its own "
        "(flagged in the replay)"
    ),
}


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    """The shipped catalogue, one object for both comparisons (they share its pairs)."""
    return load_catalogue(REPO / "prices")


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory, shipped: Catalogue) -> Result:
    return compare(shipped, REPO / "prices", tmp_path_factory.mktemp("logs"))


def test_every_record_agrees_but_the_explained_differences(result: Result) -> None:
    assert result.compared > 3000
    assert {(model, scenario) for model, scenario, _, _ in result.differences} == set(DIFFERENCES)


def test_the_differences_worked_by_hand(result: Result) -> None:
    found = {(m, s): (ours, theirs) for m, s, ours, theirs in result.differences}
    # 1,234,567 input and 345,678 output tokens: peak 1.32 / 3.96, off-peak 0.66 / 1.98
    peak = Decimal("1.234567") * Decimal("1.32") + Decimal("0.345678") * Decimal("3.96")
    assert found[("deepseek-v4-pro", "weekend")] == (peak / 2, peak)
    # 834,567 uncached + 400,000 cached input tokens, 345,678 output: batch $15 / $90 (no
    # cache price: cached tokens at the input price) against the tier's $60 / $270
    tier = Decimal("1.234567") * 60 + Decimal("0.345678") * 270
    batch = Decimal("1.234567") * 15 + Decimal("0.345678") * 90
    assert found[("gpt-5.5-pro", "batch")] == (tier, batch)


def test_records_tokencost_cannot_price(result: Result) -> None:
    """A price genai-prices gives no start date applies to any day there; tokencost dates
    it (the manifest's genai-prices note), so a record before that day has no price."""
    assert {scenario for _, scenario in result.no_price} <= {"september"}


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory, shipped: Catalogue) -> MarketResult:
    return compare_market(shipped, REPO / "prices", tmp_path_factory.mktemp("market"))


ALIBABA = {"qwen-max", "qwen-plus", "qwen3-max", "qwen3-coder-plus", "qwen-flash"}
"""Qwen as DashScope (Alibaba Cloud Model Studio) names it: genai-prices 0.2.3 has no
Alibaba provider, so it cannot price these; their prices are LiteLLM 1.110.2's."""


def test_a_log_of_the_eight_families_prices_every_record(market: MarketResult) -> None:
    assert market.unknown == []
    assert len(market.models) == len(MARKET)
    assert len(set(market.models.values())) == len(MARKET)  # one request per model priced
    assert set(market.tokencost_only) == ALIBABA
    assert {market.models[name] for name in ALIBABA} == ALIBABA  # Alibaba's own models


def test_the_eight_families_agree_with_genai_prices_record_by_record(
    market: MarketResult,
) -> None:
    differ = {name: both for name, both in market.both.items() if both[0] != both[1]}
    assert differ == {}
    assert len(market.both) == len(MARKET) - len(ALIBABA)


def test_the_host_the_log_names_prices_it(market: MarketResult) -> None:
    name = "meta-llama/llama-4-maverick-17b-128e-instruct"
    assert market.models[name] == "meta-llama-llama-4-maverick-17b-128e-instruct"  # Groq's
    # 8,431 input and 902 output tokens at Groq's $0.20 / $0.60 (together: $0.27 / $0.85)
    assert market.both[name] == (Decimal("0.0022274"), Decimal("0.0022274"))
    # the host LiteLLM names (custom_llm_provider) decides a name several hosts write
    assert market.models["qwen/qwen3-32b"] == "groq--qwen-qwen3-32b"
    scout = "meta-llama/Llama-4-Scout-17B-16E-Instruct"
    assert market.models[scout] == "together--meta-llama-llama-4-scout-17b-16e-instruct"


def test_qwen_as_dashscope_names_it_worked_by_hand(market: MarketResult) -> None:
    # qwen3-max: a prompt of 40,112 tokens is in LiteLLM's range 32,000-128,000, billed
    # whole at $2.40 / $12: 40,112 x 2.4 + 2,050 x 12 per 1M
    assert market.tokencost_only["qwen3-max"] == Decimal("0.1208688")
    # qwen-max: flat $1.60 / $6.40: 6,540 x 1.6 + 812 x 6.4 per 1M
    assert market.tokencost_only["qwen-max"] == Decimal("0.0156608")

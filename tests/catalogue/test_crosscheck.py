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

from tests.crosscheck import Result, compare
from tests.helpers import REPO
from tokencost.catalogue import load_catalogue

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
def result(tmp_path_factory: pytest.TempPathFactory) -> Result:
    folder = REPO / "prices"
    return compare(load_catalogue(folder), folder, tmp_path_factory.mktemp("logs"))


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

"""The engine's known figures, exactly, and its laws (hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import load_under
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.engine import blended_price, compare, daily_cost, ratio
from tokencost.errors import NoPriceError, UnknownModelError
from tokencost.workload import Workload

JUNE = date(2026, 6, 15)


@pytest.fixture(scope="module")
def article(article_prices: Path, session_cache: Path) -> Catalogue:
    """The article's five models with every entry of theirs (conftest.py): the engine's
    figures need no other model of the market (the README's first example holds the
    whole market's table to the article's). Loaded once for the module, in the run's
    cache."""
    return load_under(session_cache, article_prices)


def gap(catalogue: Catalogue, split: str) -> Decimal | None:
    wl = Workload.build(ratio=split)
    result = compare(catalogue, wl, as_of=JUNE, models=["gpt-5.5"], baseline="deepseek-v4-pro")
    return result.result("gpt-5.5").ratio


def test_gpt55_vs_deepseek_is_71_43x_on_input_alone(article: Catalogue) -> None:
    value = gap(article, "1:0")
    assert str(value) == "71.42857142857142857142857142857142857143"  # 2.50 / 0.035, 40 digits


def test_gpt55_vs_deepseek_is_exactly_100x_at_3_to_1(article: Catalogue) -> None:
    assert gap(article, "3:1") == 100


def test_gpt55_vs_deepseek_at_1_to_1_and_output_only(article: Catalogue) -> None:
    assert str(gap(article, "1:1")).startswith("119.047619047619")
    assert str(gap(article, "0:1")).startswith("142.857142857142")


def test_a_10m_3_to_1_month_on_gpt55_costs_1312_50(article: Catalogue) -> None:
    result = compare(article, Workload.build(), as_of=JUNE)
    row = result.result("gpt-5.5")
    assert row.daily_cost == Decimal("43.75")
    assert row.monthly_cost == Decimal("1312.50")
    assert row.yearly_cost == Decimal("15750")
    assert row.blended_price == Decimal("4.375")


def test_default_comparison_of_the_article(article: Catalogue) -> None:
    result = compare(article, Workload.build(), as_of=JUNE)
    assert [r.model for r in result.results] == [
        "glm-5-flash",
        "deepseek-v4-pro",
        "llama-4-maverick",
        "gpt-5.5",
        "claude-opus-4.8",
    ]
    assert [r.monthly_cost for r in result.results] == [
        0,
        Decimal("13.125"),
        900,
        Decimal("1312.5"),
        1800,
    ]
    assert result.baseline == "deepseek-v4-pro"
    assert result.baseline_rule == "cheapest non-zero"
    assert result.result("glm-5-flash").ratio == 0
    assert result.result("deepseek-v4-pro").ratio == 1
    assert result.unpriced == ()
    assert result.source.id == "article"


def test_before_the_cut_deepseek_costs_four_times_as_much(article: Catalogue) -> None:
    before = compare(article, Workload.build(), as_of=date(2026, 4, 30))
    assert before.result("deepseek-v4-pro").monthly_cost == Decimal("52.5")
    assert before.result("deepseek-v4-pro").price.derived is not None
    assert {u.model for u in before.unpriced} == {
        "gpt-5.5",
        "claude-opus-4.8",
        "llama-4-maverick",
        "glm-5-flash",
    }


def test_a_named_model_without_a_price_on_the_date_is_an_error(article: Catalogue) -> None:
    with pytest.raises(NoPriceError, match=r"gpt-5\.5 has no price from source 'article' on"):
        compare(article, Workload.build(), as_of=date(2026, 4, 30), models=["gpt-5.5"])


def test_no_price_for_any_model(article: Catalogue) -> None:
    with pytest.raises(NoPriceError, match="no model has a price from source 'article' on 2025"):
        compare(article, Workload.build(), as_of=date(2025, 1, 1))


def test_a_free_baseline_leaves_ratios_undefined(tiny: Path) -> None:
    result = compare(load_catalogue(tiny), Workload.build(), as_of=JUNE, baseline="free")
    assert result.baseline == "free"
    assert [r.ratio for r in result.results] == [None, None, None]
    assert result.result("big").ratio_note == "baseline free is free: a ratio to it is undefined"


def test_zero_tokens_cost_zero_but_ratios_stay_defined(tiny: Path) -> None:
    result = compare(load_catalogue(tiny), Workload.build(tokens_per_day=0), as_of=JUNE)
    assert {r.monthly_cost for r in result.results} == {0}
    assert result.baseline == "small"
    assert result.result("big").ratio == 50


def test_baseline_outside_the_chosen_models_is_added(tiny: Path) -> None:
    result = compare(
        load_catalogue(tiny), Workload.build(), as_of=JUNE, models=["big"], baseline="acme/big"
    )
    assert [r.model for r in result.results] == ["big"]
    result = compare(
        load_catalogue(tiny), Workload.build(), as_of=JUNE, models=["big"], baseline="small"
    )
    assert [r.model for r in result.results] == ["small", "big"]


def test_models_by_alias_once_each(tiny: Path) -> None:
    result = compare(
        load_catalogue(tiny), Workload.build(), as_of=JUNE, models=["big", "ACME/BIG", "small"]
    )
    assert [r.model for r in result.results] == ["small", "big"]


def test_unknown_model(tiny: Path) -> None:
    with pytest.raises(UnknownModelError, match="did you mean 'small'"):
        compare(load_catalogue(tiny), Workload.build(), as_of=JUNE, models=["smal"])


def test_another_source(tiny: Path) -> None:
    """By default a source's comparison is of the models it prices (small and free have
    no list price at all); a model it prices from a later day is listed as not priced."""
    result = compare(load_catalogue(tiny), Workload.build(), as_of=JUNE, source="list")
    assert [r.model for r in result.results] == ["big"]
    assert result.result("big").price.input == 5
    assert result.unpriced == ()
    early = compare(load_catalogue(tiny), Workload.build(), as_of=date(2026, 1, 1))
    assert {r.model for r in early.results} == {"big", "small"}
    assert {u.model for u in early.unpriced} == {"free"}


def test_a_chosen_free_model_is_its_own_ratio_undefined(tiny: Path) -> None:
    result = compare(load_catalogue(tiny), Workload.build(ratio="1:0"), as_of=JUNE)
    assert result.result("free").ratio == 0
    assert result.result("free").is_free


# -- laws --------------------------------------------------------------------------------

prices = st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False)
tokens = st.integers(min_value=0, max_value=10**13)
weights = st.integers(min_value=0, max_value=1000)


def workload(total: int, weight_in: int, weight_out: int) -> Workload:
    split = f"{weight_in}:{weight_out}" if weight_in + weight_out else "1:1"
    return Workload.build(tokens_per_day=total, ratio=split)


@given(prices, prices, weights, weights)
def test_zero_tokens_cost_zero(p_in: Decimal, p_out: Decimal, a: int, b: int) -> None:
    assert daily_cost(workload(0, a, b), p_in, p_out) == 0


@given(prices, prices, tokens, tokens, weights, weights)
def test_cost_never_falls_as_tokens_rise(
    p_in: Decimal, p_out: Decimal, t1: int, t2: int, a: int, b: int
) -> None:
    low, high = sorted((t1, t2))
    assert daily_cost(workload(low, a, b), p_in, p_out) <= daily_cost(
        workload(high, a, b), p_in, p_out
    )


@given(prices, prices, tokens)
def test_parts_add_up_to_the_total(p_in: Decimal, p_out: Decimal, total: int) -> None:
    wl = workload(total, 3, 1)
    parts = (
        wl.input_tokens_per_day * p_in / 1_000_000 + wl.output_tokens_per_day * p_out / 1_000_000
    )
    assert daily_cost(wl, p_in, p_out) == parts
    assert daily_cost(wl, p_in, p_out) == blended_price(wl, p_in, p_out) * total / 1_000_000


@given(
    st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3),
    st.decimals(min_value=Decimal("0.001"), max_value=1000, places=3),
)
def test_a_ratio_and_its_inverse_multiply_to_one(a: Decimal, b: Decimal) -> None:
    forward, backward = ratio(a, b), ratio(b, a)
    assert forward is not None and backward is not None
    assert abs(forward * backward - 1) < Decimal("1e-35")


def test_month_and_year_in_a_comparison(tiny: Path) -> None:
    wl = Workload.build(tokens_per_day="3M", ratio="2:1", days_per_month=22)
    row = compare(load_catalogue(tiny), wl, as_of=JUNE).result("big")
    assert row.daily_cost == Decimal("2") * 2 + Decimal("6") * 1
    assert row.monthly_cost == row.daily_cost * 22
    assert row.yearly_cost == row.monthly_cost * 12

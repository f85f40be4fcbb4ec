"""The decision engine: mixes, the routing sweep, the gap, growth and self-hosting."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import SMALL_LIST_PRICE, load_under
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.engine import compare
from tokencost.engine.gap import Bound, Interval, gap, point, split_of, where_range_holds
from tokencost.engine.mix import price_mix
from tokencost.engine.projection import add_months, project
from tokencost.engine.results import PriceUsed
from tokencost.engine.route import route, shares
from tokencost.engine.selfhost import breakeven, selfhost
from tokencost.errors import InputError, NoPriceError, UnknownModelError
from tokencost.quantities import CONTEXT
from tokencost.scenarios import Growth, Mix, MixPart, Selfhost, parse_mix
from tokencost.workload import Workload

JUNE = date(2026, 6, 15)
EXACT_SPLITS = [(Decimal(3), Decimal(1)), (Decimal(1), Decimal(1)), (Decimal(19), Decimal(1))]


@pytest.fixture(scope="module")
def article(article_prices: Path, session_cache: Path) -> Catalogue:
    """The article's five models with every entry of theirs (conftest.py): the engine's
    figures of mixes, routes, gaps and self-hosting need no other model of the market.
    Loaded once for the module (in the run's cache), not while pytest collects it."""
    return load_under(session_cache, article_prices)


def workload(tokens: str = "10M", ratio: str = "3:1") -> Workload:
    return Workload.build(tokens_per_day=tokens, ratio=ratio)


# ---------------------------------------------------------------- mixes


def test_a_10_90_mix_is_the_weighted_sum_of_its_parts(article: Catalogue) -> None:
    wl = workload()
    mix = parse_mix("claude-opus-4.8:10%,deepseek-v4-pro:90%")
    cost = price_mix(article, mix, wl, as_of=JUNE, source="article")
    single = compare(article, wl, as_of=JUNE)
    opus, deepseek = single.result("claude-opus-4.8"), single.result("deepseek-v4-pro")
    assert (
        cost.monthly_cost
        == Decimal("0.1") * opus.monthly_cost + Decimal("0.9") * deepseek.monthly_cost
    )
    assert cost.monthly_cost == Decimal("191.8125")
    assert [p.monthly_cost for p in cost.parts] == [Decimal(180), Decimal("11.8125")]
    assert [p.tokens_per_day for p in cost.parts] == [Decimal(1_000_000), Decimal(9_000_000)]
    assert cost.premium == "claude-opus-4.8"
    assert cost.premium_monthly_cost == opus.monthly_cost == 1800
    assert cost.saving_monthly == Decimal("1608.1875")
    assert cost.saving_share == Decimal("1608.1875") / 1800
    assert cost.yearly_cost == cost.monthly_cost * 12


@given(
    percent=st.integers(min_value=0, max_value=100),
    tokens=st.integers(min_value=0, max_value=10**12),
    split=st.sampled_from(EXACT_SPLITS),
    days=st.integers(min_value=1, max_value=31),
)
def test_a_mix_is_always_the_weighted_sum_of_its_parts(
    article: Catalogue, percent: int, tokens: int, split: tuple[Decimal, Decimal], days: int
) -> None:
    share = Decimal(percent) / 100
    wl = Workload("w", Decimal(tokens), split, Decimal(days))
    mix = Mix.of((MixPart("gpt-5.5", share), MixPart("deepseek-v4-pro", 1 - share)))
    cost = price_mix(article, mix, wl, as_of=JUNE, source="article")
    single = compare(article, wl, as_of=JUNE, models=["gpt-5.5", "deepseek-v4-pro"])
    gpt, deepseek = single.result("gpt-5.5"), single.result("deepseek-v4-pro")
    assert cost.daily_cost == share * gpt.daily_cost + (1 - share) * deepseek.daily_cost
    assert cost.monthly_cost == sum(p.monthly_cost for p in cost.parts)
    assert cost.blended_price == share * gpt.blended_price + (1 - share) * deepseek.blended_price
    assert cost.premium == "gpt-5.5"
    assert cost.saving_monthly == gpt.monthly_cost - cost.monthly_cost >= 0


def test_parts_with_their_own_split_and_the_premium_rule(article: Catalogue) -> None:
    wl = workload()
    mix = parse_mix("opus-4.8:10%@1:1,deepseek-v4-pro:90%")
    cost = price_mix(article, mix, wl, as_of=JUNE, source="article")
    opus = cost.parts[0]
    assert (opus.input_tokens_per_day, opus.output_tokens_per_day, opus.split_label) == (
        500_000,
        500_000,
        "1:1",
    )
    assert opus.blended_price == 9
    assert cost.parts[1].split_label == "3:1"
    # all on opus: its 10% at 1:1 ($9/1M) and the other 90% at 3:1 ($6/1M)
    assert cost.premium_daily_cost == Decimal("0.1") * 10 * 9 + Decimal("0.9") * 10 * 6
    assert cost.blended_price == Decimal("0.1") * 9 + Decimal("0.9") * Decimal("0.04375")


def test_the_premium_is_the_dearest_for_the_mix_traffic_and_ties_go_first(
    article: Catalogue,
) -> None:
    wl = workload()
    cost = price_mix(
        article, parse_mix("deepseek-v4-pro:50%,gpt-5.5:50%"), wl, as_of=JUNE, source="article"
    )
    assert cost.premium == "gpt-5.5"
    tie = price_mix(
        article,
        parse_mix("glm-5-flash:50%,glm-5-flash:50%@1:0"),
        wl,
        as_of=JUNE,
        source="article",
    )
    assert (tie.premium, tie.saving_monthly, tie.saving_share) == ("glm-5-flash", 0, None)


def test_mix_errors_name_the_mix(article: Catalogue) -> None:
    with pytest.raises(UnknownModelError, match=r"^mix 'x': unknown model 'gpt5.5'; did you"):
        price_mix(article, parse_mix("x=gpt5.5:100%"), workload(), as_of=JUNE, source="article")
    with pytest.raises(NoPriceError, match=r"^mix '100% gpt-5.5': gpt-5.5 has no price"):
        price_mix(
            article,
            parse_mix("gpt-5.5:100%"),
            workload(),
            as_of=date(2026, 5, 1),
            source="article",
        )


def test_compare_prices_profile_and_extra_mixes_with_a_ratio(article: Catalogue) -> None:
    wl = Workload("w", Decimal(10_000_000), (Decimal(3), Decimal(1)))
    wl = Workload(**{**wl.__dict__, "mixes": (parse_mix("a=gpt-5.5:50%,deepseek-v4-pro:50%"),)})
    result = compare(article, wl, as_of=JUNE, mixes=[parse_mix("b=gpt-5.5:100%")])
    assert [m.name for m in result.mixes] == ["a", "b"]
    assert result.mixes[1].ratio == 100
    assert result.mixes[0].ratio == (Decimal("4.375") + Decimal("0.04375")) / 2 / Decimal("0.04375")
    with pytest.raises(InputError, match="two mixes are named 'a'"):
        compare(article, wl, as_of=JUNE, mixes=[parse_mix("a=gpt-5.5:100%")])
    plain = compare(article, workload(), as_of=JUNE)
    assert (plain.mixes, plain.projection) == ((), None)


# ---------------------------------------------------------------- routing


def test_route_sweeps_from_all_cheap_to_all_premium(article: Catalogue) -> None:
    result = route(
        article, workload(), premium="claude-opus-4.8", cheap="deepseek-v4-pro", as_of=JUNE
    )
    assert [p.premium_share for p in result.points] == [Decimal(k) / 10 for k in range(11)]
    single = compare(article, workload(), as_of=JUNE)
    first, last = result.points[0].mix, result.points[-1].mix
    assert first.monthly_cost == single.result("deepseek-v4-pro").monthly_cost
    assert last.monthly_cost == single.result("claude-opus-4.8").monthly_cost
    assert last.saving_monthly == 0
    costs = [p.mix.monthly_cost for p in result.points]
    steps = {b - a for a, b in itertools.pairwise(costs)}
    assert steps == {Decimal("178.6875")}  # linear in the share


def test_route_with_a_step_and_own_ratios(article: Catalogue) -> None:
    assert shares(Decimal("0.3")) == (Decimal(0), Decimal("0.3"), Decimal("0.6"), Decimal("0.9"), 1)
    result = route(
        article,
        workload(),
        premium="gpt-5.5",
        cheap="deepseek-v4-pro",
        as_of=JUNE,
        step=Decimal("0.5"),
        premium_ratio=(Decimal(1), Decimal(1)),
    )
    assert (result.premium_split, result.cheap_split) == ("1:1", "3:1")
    half = result.points[1].mix
    assert half.parts[0].blended_price == Decimal("6.25")
    assert half.premium == "gpt-5.5"
    with pytest.raises(InputError, match="give two different models"):
        route(article, workload(), premium="gpt-5.5", cheap="gpt-5-5", as_of=JUNE)
    with pytest.raises(InputError, match="more than 1001 points"):
        shares(Decimal("0.0001"))


# ---------------------------------------------------------------- the gap


def test_the_article_gap_named_points_exactly(article: Catalogue) -> None:
    result = gap(article, "gpt-5.5", "deepseek-v4-pro", as_of=JUNE, sources=("article",))
    (source,) = result.sources
    assert [(p.label, p.input_share, p.ratio) for p in source.points] == [
        ("input-only", 1, Decimal("71.42857142857142857142857142857142857143")),
        ("3:1", Decimal("0.75"), Decimal(100)),
        ("1:1", Decimal("0.5"), Decimal("119.0476190476190476190476190476190476190")),
        ("output-only", 0, Decimal("142.8571428571428571428571428571428571429")),
    ]
    assert str(source.points[1].ratio) == "100"
    assert source.span == (source.points[0].ratio, source.points[-1].ratio)
    assert result.skipped == ()


def test_the_article_range_holds_from_3_to_1_to_input_only(article: Catalogue) -> None:
    result = gap(
        article, "gpt-5.5", "deepseek-v4-pro", as_of=JUNE, range_=(Decimal(70), Decimal(100))
    )
    assert result.sources[0].source.id == "article"  # the default source comes first
    holds = result.sources[0].holds
    assert holds == Interval(Bound(Fraction(3, 4), True), Bound(Fraction(1), True))
    assert holds.low.decimal == Decimal("0.75")


def test_range_bounds_are_exact_rationals() -> None:
    a = PriceUsed("s", JUNE, Decimal(1), Decimal(2), None, None)
    b = PriceUsed("s", JUNE, Decimal(1), Decimal(1), None, None)
    # R(s) = 2 - s: 1.5 <= R <= 1.9 holds for 0.1 <= s <= 0.5
    holds = where_range_holds(a, b, (Decimal("1.5"), Decimal("1.9")))
    assert holds == Interval(Bound(Fraction(1, 10), True), Bound(Fraction(1, 2), True))
    # R(s) = (3 - 2s) / (1 + 2s): 1 <= R <= 1.4 for 1/3 <= s <= 1/2 (a third: no Decimal)
    c = PriceUsed("s", JUNE, Decimal(1), Decimal(3), None, None)
    d = PriceUsed("s", JUNE, Decimal(3), Decimal(1), None, None)
    holds = where_range_holds(c, d, (Decimal(1), Decimal("1.4")))
    assert holds == Interval(Bound(Fraction(1, 3), True), Bound(Fraction(1, 2), True))
    assert holds.low.decimal == Decimal("0.3333333333333333333333333333333333333333")
    assert where_range_holds(a, b, (Decimal(3), Decimal(4))) is None


def test_a_ratio_to_a_free_input_price_is_open_at_input_only() -> None:
    a = PriceUsed("s", JUNE, Decimal(1), Decimal(1), None, None)
    b = PriceUsed("s", JUNE, Decimal(0), Decimal(1), None, None)
    assert point(Decimal(1), a, b).ratio is None  # undefined, never infinite
    # R(s) = 1 / (1 - s) >= 2 from s = 1/2, up to but not at s = 1
    holds = where_range_holds(a, b, (Decimal(2), Decimal(1000)))
    assert holds == Interval(Bound(Fraction(1, 2), True), Bound(Fraction(999, 1000), True))
    holds = where_range_holds(a, b, (Decimal(2), Decimal(10) ** 30))
    assert holds is not None and holds.high.share < 1
    free = PriceUsed("s", JUNE, Decimal(0), Decimal(0), None, None)
    assert where_range_holds(a, free, (Decimal(0), Decimal(10))) is None


prices = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)


@given(a_in=prices, a_out=prices, b_in=prices, b_out=prices, low=prices, width=prices)
def test_the_range_interval_is_exactly_where_the_ratio_is_in_range(
    a_in: Decimal, a_out: Decimal, b_in: Decimal, b_out: Decimal, low: Decimal, width: Decimal
) -> None:
    a = PriceUsed("s", JUNE, a_in, a_out, None, None)
    b = PriceUsed("s", JUNE, b_in, b_out, None, None)
    high = low + width
    holds = where_range_holds(a, b, (low, high))

    def inside(s: Fraction) -> bool:
        price_b = s * Fraction(b_in) + (1 - s) * Fraction(b_out)
        if price_b == 0:
            return False
        ratio = (s * Fraction(a_in) + (1 - s) * Fraction(a_out)) / price_b
        return Fraction(low) <= ratio <= Fraction(high)

    for k in range(41):
        s = Fraction(k, 40)
        within = holds is not None and (
            (holds.low.share < s or (holds.low.closed and holds.low.share == s))
            and (s < holds.high.share or (holds.high.closed and holds.high.share == s))
        )
        assert within == inside(s), s
    if holds is not None:
        for bound in (holds.low, holds.high):
            assert inside(bound.share) == bound.closed


def test_split_of_an_input_share() -> None:
    assert [split_of(Decimal(x)) for x in ("1", "0.75", "0.6", "0.35", "0")] == [
        "1:0",
        "3:1",
        "3:2",
        "7:13",
        "0:1",
    ]


def test_the_gap_on_each_source_that_prices_both(two_sources: Catalogue) -> None:
    result = gap(two_sources, "big", "small", as_of=date(2026, 2, 1))
    assert [s.source.id for s in result.sources] == ["book", "list"]
    book, listed = result.sources
    assert book.points[0].ratio == 100  # 4 / 0.04
    assert listed.points[0].ratio == 50  # 5 / 0.1
    assert listed.points[-1].ratio == Decimal(15) / Decimal("0.2")
    only = gap(two_sources, "big", "small", as_of=date(2026, 2, 1), sources=("list",))
    assert [s.source.id for s in only.sources] == ["list"]
    skipping = gap(two_sources, "big", "free", as_of=date(2026, 2, 1))
    assert [s.source.id for s in skipping.sources] == ["book"]
    assert skipping.skipped == (("list", "free has no price from source 'list' (it has: book)"),)
    with pytest.raises(NoPriceError, match="free has no price from source 'list'"):
        gap(two_sources, "big", "free", as_of=date(2026, 2, 1), sources=("list",))
    with pytest.raises(NoPriceError, match="no source prices both big and free on 2026-01-15"):
        gap(two_sources, "big", "free", as_of=date(2026, 1, 15))


@pytest.fixture
def two_sources(tiny: Path) -> Catalogue:
    """The tiny catalogue with a list price for small too (free stays book-only)."""
    acme = tiny / "acme.toml"
    marker = '\n[[models]]\nid = "free"'
    acme.write_text(acme.read_text().replace(marker, SMALL_LIST_PRICE + marker))
    return load_catalogue(tiny)


# ---------------------------------------------------------------- growth


def test_add_months_clamps_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


@given(
    months=st.integers(min_value=1, max_value=36),
    tokens=st.integers(min_value=0, max_value=10**12),
    split=st.sampled_from(EXACT_SPLITS),
    days=st.integers(min_value=1, max_value=31),
)
def test_zero_growth_is_the_flat_monthly_figure_times_n(
    article: Catalogue, months: int, tokens: int, split: tuple[Decimal, Decimal], days: int
) -> None:
    wl = Workload("w", Decimal(tokens), split, Decimal(days))
    result = compare(article, wl, as_of=JUNE, growth=Growth(months, Decimal(0)))
    assert result.projection is not None
    for series in result.projection.series:
        flat = result.result(series.name).monthly_cost
        assert series.monthly == (flat,) * months
        assert series.total == flat * months
        assert series.changes == ()


def test_growth_compounds_and_price_changes_apply_from_their_month(tiny: Path) -> None:
    catalogue = load_catalogue(tiny)
    wl = Workload("w", Decimal(1_000_000), (Decimal(1), Decimal(1)))
    result = project(
        catalogue,
        wl,
        Growth(3, Decimal("0.1")),
        as_of=date(2026, 1, 15),
        source="book",
        models=("big",),
        mixes=(parse_mix("big:50%,small:50%"),),
    )
    assert [p.start for p in result.periods] == [
        date(2026, 1, 15),
        date(2026, 2, 15),
        date(2026, 3, 15),
    ]
    assert [p.tokens_per_day for p in result.periods] == [
        1_000_000,
        1_100_000,
        Decimal("1210000.0"),
    ]
    big, mixed = result.series
    # 1:1 -> $8 per 1M before March, $4 after; 30 days a month
    assert big.monthly == (Decimal(240), Decimal(264), Decimal("145.2"))
    assert big.cumulative == (Decimal(240), Decimal(504), Decimal("649.2"))
    assert [(c.month, c.price.effective) for c in big.changes] == [(3, date(2026, 3, 1))]
    # the mix: half at $8 (then $4), half at small's $0.08
    assert mixed.monthly[0] == Decimal("0.5") * 240 + Decimal("0.5") * Decimal("2.4")
    assert [(c.month, c.model) for c in mixed.changes] == [(3, "big")]


def test_listed_volumes(tiny: Path) -> None:
    catalogue = load_catalogue(tiny)
    wl = Workload("w", Decimal(1), (Decimal(1), Decimal(1)), Decimal(10))
    volumes = (Decimal(1_000_000), Decimal(0), Decimal(2_000_000))
    result = project(
        catalogue,
        wl,
        Growth.of(None, None, volumes),
        as_of=date(2026, 6, 1),
        source="book",
        models=("small",),
    )
    assert result.series[0].monthly == (Decimal("0.8"), Decimal(0), Decimal("1.6"))


# ---------------------------------------------------------------- self-hosting

SETUP = Selfhost(Decimal("3.50"), Decimal(8), Decimal(2500), Decimal("0.6"), "deepseek-v4-pro")


def test_selfhost_cost_model_with_the_issue_figures(article: Catalogue) -> None:
    result = selfhost(article, workload(), SETUP, as_of=JUNE)
    assert result.fixed_daily_cost == 672
    assert result.capacity_per_day == 129_600_000
    assert result.cost_per_million_at_capacity == Decimal(
        "5.185185185185185185185185185185185185185"
    )  # 672 / 129.6, to 40 digits
    assert (result.deployments, result.daily_cost, result.monthly_cost) == (1, 672, 20160)
    assert result.cost_per_million_at_workload == Decimal("67.2")
    by_model = {api.api.model: api for api in result.apis}
    opus = by_model["claude-opus-4.8"]
    assert (opus.breakeven_tokens_per_day, opus.within_capacity) == (112_000_000, True)
    gpt = by_model["gpt-5.5"]
    assert (gpt.breakeven_tokens_per_day, gpt.within_capacity) == (153_600_000, False)
    assert by_model["deepseek-v4-pro"].breakeven_tokens_per_day == 15_360_000_000
    free = by_model["glm-5-flash"]
    assert (free.breakeven_tokens_per_day, free.within_capacity) == (None, False)
    assert opus.monthly_saving == 1800 - 20160


def test_breakeven_solves_the_equation_exactly() -> None:
    volume = breakeven(Decimal(672), Decimal(6))
    assert volume is not None
    assert volume * Decimal(6) / 1_000_000 == 672


@given(
    fixed=st.decimals(min_value="0.01", max_value=100_000, places=2),
    price=st.decimals(min_value="0.001", max_value=100, places=3),
)
def test_breakeven_is_the_volume_whose_api_cost_is_the_fixed_cost(
    fixed: Decimal, price: Decimal
) -> None:
    volume = breakeven(fixed, price)
    assert volume is not None
    exact = Fraction(fixed) * 1_000_000 / Fraction(price)
    with localcontext(CONTEXT):
        assert volume == Decimal(exact.numerator) / Decimal(exact.denominator)
        if exact.denominator in (1, 2, 4, 5, 8, 10) or Fraction(volume) == exact:
            assert volume * price / 1_000_000 == fixed
        else:  # not a terminating decimal: correct to the 40th digit
            assert abs(Fraction(volume) - exact) / exact < Fraction(1, 10**39)


def test_more_deployments_above_capacity_and_closed_weights(article: Catalogue) -> None:
    result = selfhost(article, workload("300M"), SETUP, as_of=JUNE)
    assert result.deployments == 3  # 300M / 129.6M a deployment
    assert result.daily_cost == 3 * 672
    zero = selfhost(article, workload("0"), SETUP, as_of=JUNE)
    assert (zero.deployments, zero.cost_per_million_at_workload) == (1, None)
    closed = Selfhost(Decimal(1), Decimal(1), Decimal(1), Decimal(1), "gpt-5.5")
    with pytest.raises(InputError, match=r"gpt-5\.5 has closed weights"):
        selfhost(article, workload(), closed, as_of=JUNE)

"""Budget verdicts and spend diffs: exact figures on the tiny catalogue, and their laws.

Tiny catalogue on 2026-06-15 (source 'book'): big 2 / 6 $ per 1M tokens (in / out),
small 0.04 / 0.12, free 0 / 0. A 1M tokens/day 3:1 month of 30 days is 750k in and
250k out a day: big 1.50 + 1.50 = $3/day = $90/month, small $0.06/day = $1.80/month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokencost.budgets import Budget, BudgetSet
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.engine.check import Verdict, check_budgets, judge
from tokencost.engine.diff import RowKey, Threshold, change_of, changes, diff_workloads
from tokencost.errors import BudgetError, InputError, UnknownModelError
from tokencost.quantities import CONTEXT
from tokencost.workload import Workload

JUNE = date(2026, 6, 15)
W1 = Workload.build(tokens_per_day="1M", ratio="3:1", name="w1")
BATCH = Workload.build(tokens_per_day="2M", ratio="1:0", days_per_month=10, name="batch")


def budget(
    models: tuple[str, ...] = ("big",),
    workloads: tuple[Workload, ...] = (W1,),
    limit: str | None = "100",
    warn_at: str | None = None,
    max_ratio: str | None = None,
) -> Budget:
    return Budget(
        name="b",
        workloads=workloads,
        models=models,
        monthly_limit=Decimal(limit) if limit else None,
        warn_at=Decimal(warn_at) if warn_at else None,
        max_ratio=Decimal(max_ratio) if max_ratio else None,
        total=len(workloads) > 1,
        where="f.toml: budget 'b'",
        model_key="model" if len(models) == 1 else "models",
        line=3,
    )


@pytest.fixture
def cat(tiny: Path) -> Catalogue:
    return load_catalogue(tiny)


def verdicts(cat: Catalogue, *budgets: Budget, strict: bool = False) -> list[Verdict]:
    report = check_budgets(cat, BudgetSet(Path("f.toml"), budgets), as_of=JUNE, strict=strict)
    return list(report.verdicts)


def test_spend_limit_headroom_and_percent_exactly(cat: Catalogue) -> None:
    report = check_budgets(
        cat, BudgetSet(Path("f.toml"), (budget(("big", "small"), warn_at="0.8"),)), as_of=JUNE
    )
    big, small = report.verdicts
    assert (big.model, big.monthly_cost, big.headroom, big.percent_used) == ("big", 90, 10, 90)
    assert (big.warn_from, big.limit_status, big.status) == (80, "warn", "warn")
    assert (small.monthly_cost, small.headroom) == (Decimal("1.8"), Decimal("98.2"))
    assert (small.percent_used, small.status) == (Decimal("1.8"), "ok")
    assert (big.ratio, big.ratio_status, big.baseline) == (None, None, None)
    assert report.ok and not report.strict
    assert report.count("warn") == 1


def test_over_by_how_much(cat: Catalogue) -> None:
    (v,) = check_budgets(cat, BudgetSet(Path("f.toml"), (budget(limit="80"),)), as_of=JUNE).verdicts
    assert (v.status, v.headroom, v.percent_used) == ("over", -10, Decimal("112.5"))


def test_a_total_adds_its_workloads_and_the_ratio_uses_the_cheapest(cat: Catalogue) -> None:
    # big: w1 90 + batch 2M x $2 x 10 days = 40 -> 130; small: 1.80 + 0.80 = 2.60; 130 / 2.6 = 50
    team = budget(workloads=(W1, BATCH), limit=None, max_ratio="60", warn_at="0.8")
    (v,) = verdicts(cat, team)
    assert (v.monthly_cost, v.ratio, v.baseline, v.ratio_warn_from) == (130, 50, "small", 48)
    assert (v.ratio_status, v.status, v.limit_status, v.total) == ("warn", "warn", None, True)


def test_the_worse_check_decides(cat: Catalogue) -> None:
    (v,) = verdicts(cat, budget(limit="1000", max_ratio="40"))
    assert (v.limit_status, v.ratio_status, v.status) == ("ok", "over", "over")


def test_a_free_model_has_ratio_zero_and_nothing_paid_has_no_ratio(cat: Catalogue) -> None:
    (free,) = verdicts(cat, budget(("free",), max_ratio="2"))
    assert (free.monthly_cost, free.ratio, free.baseline, free.status) == (0, 0, "small", "ok")
    idle = Workload.build(tokens_per_day=0, name="idle")
    (v,) = verdicts(cat, budget(workloads=(idle,), limit=None, max_ratio="2"))
    assert (v.ratio, v.baseline, v.ratio_status, v.status) == (None, None, "ok", "ok")


def test_strict_fails_on_a_warning(cat: Catalogue) -> None:
    budgets = BudgetSet(Path("f.toml"), (budget(warn_at="0.5"),))
    assert check_budgets(cat, budgets, as_of=JUNE).ok
    assert not check_budgets(cat, budgets, as_of=JUNE, strict=True).ok


def test_aliases_of_one_model_give_one_verdict(cat: Catalogue) -> None:
    assert [v.model for v in verdicts(cat, budget(("big", "acme/big")))] == ["big"]


def test_unknown_and_unpriced_models_name_the_budget_and_key(cat: Catalogue) -> None:
    with pytest.raises(BudgetError) as info:
        verdicts(cat, budget(("big", "bgi")))
    assert str(info.value) == (
        "f.toml: budget 'b': models[1]: unknown model 'bgi'; did you mean 'big'? "
        "(tokencost models lists them)"
    )
    early = BudgetSet(Path("f.toml"), (budget(("free",)),))
    with pytest.raises(BudgetError) as info:
        check_budgets(cat, early, as_of=date(2026, 1, 15))
    assert str(info.value).startswith(
        "f.toml: budget 'b': model: free has no price from source 'book' on 2026-01-15"
    )


@pytest.mark.parametrize(
    ("value", "status"),
    [("79.99", "ok"), ("80", "warn"), ("100", "warn"), ("100.0001", "over")],
)
def test_limit_boundaries(value: str, status: str) -> None:
    assert judge(Decimal(value), Decimal(100), Decimal("0.8")) == status
    assert judge(Decimal(value), Decimal(100), None) == ("over" if status == "over" else "ok")


money = st.decimals(min_value=0, max_value=10**9, places=4)
positive = st.decimals(min_value=Decimal("0.0001"), max_value=10**9, places=4)
fraction = st.decimals(min_value=Decimal("0.01"), max_value=1, places=2)


@given(money, positive, positive, fraction)
def test_a_higher_limit_never_makes_a_verdict_worse(
    spend: Decimal, limit: Decimal, more: Decimal, warn_at: Decimal
) -> None:
    order = {"ok": 0, "warn": 1, "over": 2}
    assert order[judge(spend, limit + more, warn_at)] <= order[judge(spend, limit, warn_at)]


# --- diffs -------------------------------------------------------------------------------


def test_rows_on_one_side_are_added_or_removed_never_zero() -> None:
    before: dict[RowKey, Decimal] = {("a", "big"): Decimal(90), ("a", "small"): Decimal("1.8")}
    before[("old", "x")] = Decimal(5)
    after: dict[RowKey, Decimal] = {("a", "big"): Decimal(180), ("new", "x"): Decimal(2)}
    rows, total = changes(before, after)
    assert [(r.budget, r.model, r.status, r.before, r.after, r.change) for r in rows] == [
        ("a", "big", "changed", 90, 180, 90),
        ("a", "small", "removed", Decimal("1.8"), None, Decimal("-1.8")),
        ("new", "x", "added", None, 2, 2),
        ("old", "x", "removed", 5, None, -5),
    ]
    assert [r.percent for r in rows] == [100, None, None, None]
    assert (total.before, total.after, total.change) == (Decimal("96.8"), 182, Decimal("85.2"))
    assert str(total.percent) == "88.01652892561983471074380165289256198347"


def test_percent_from_zero_is_undefined() -> None:
    assert change_of(None, "m", Decimal(0), Decimal(5)).percent is None
    assert change_of(None, "m", Decimal(0), Decimal(0)).percent == 0
    assert change_of(None, "m", Decimal(0), Decimal(0)).status == "unchanged"


@pytest.mark.parametrize(
    ("text", "amount", "percent"),
    [
        ("10%", 10, True),
        (" 2.5 % ", Decimal("2.5"), True),
        ("500", 500, False),
        ("$500", 500, False),
        ("1.5k", 1500, False),
        ("0%", 0, True),
    ],
)
def test_thresholds(text: str, amount: Decimal, percent: bool) -> None:
    assert Threshold.parse(text) == Threshold(Decimal(amount), percent)


@pytest.mark.parametrize("text", ["-5%", "-5", "lots", "%", "10%%", "1e3k"])
def test_bad_thresholds(text: str) -> None:
    with pytest.raises(InputError, match=r"^--fail-above: "):
        Threshold.parse(text)


def test_a_threshold_is_passed_only_by_more_than_it() -> None:
    ten = Threshold(Decimal(10), True)
    assert not ten.passed_by(Decimal(10), Decimal(10))
    assert ten.passed_by(Decimal(1), Decimal("10.01"))
    assert ten.passed_by(Decimal(1), None)  # from a total of 0: any rise passes a percentage
    assert not ten.passed_by(Decimal(-50), Decimal(-50))
    dollars = Threshold(Decimal(500), False)
    assert (dollars.passed_by(Decimal(500), None), dollars.passed_by(Decimal("500.01"), None)) == (
        False,
        True,
    )


side = st.dictionaries(
    st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(["x", "y"])), money, max_size=6
)


@given(side, side)
def test_the_total_change_is_the_sum_of_the_row_changes(
    before: dict[RowKey, Decimal], after: dict[RowKey, Decimal]
) -> None:
    rows, total = changes(before, after)
    assert sum((r.change for r in rows), Decimal(0)) == total.change
    assert len(rows) == len(set(before) | set(after))
    assert total.after == sum(after.values(), Decimal(0))


def test_a_workload_diff_across_catalogues(cat: Catalogue, tiny: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "manifest.toml").write_text((tiny / "manifest.toml").read_text())
    acme = (tiny / "acme.toml").read_text()
    (other / "acme.toml").write_text(acme.replace('id = "free"', 'id = "gratis"'))
    result = diff_workloads(
        (cat, W1, "base.toml"), (load_catalogue(other), W1, "new.toml"), as_of=JUNE
    )
    statuses = {row.model: (row.status, row.before, row.after) for row in result.rows}
    assert statuses == {
        "gratis": ("added", None, 0),
        "small": ("unchanged", Decimal("1.8"), Decimal("1.8")),
        "big": ("unchanged", 90, 90),
        "free": ("removed", 0, None),
    }
    assert [row.model for row in result.rows] == ["gratis", "small", "big", "free"]


def test_a_workload_diff_names_a_model_neither_side_knows(cat: Catalogue) -> None:
    with pytest.raises(UnknownModelError):
        diff_workloads((cat, W1, "a"), (cat, W1, "b"), as_of=JUNE, models=["huge"])


def tiny_catalogue() -> Catalogue:
    """The tiny catalogue built in memory (no files, no cache), for property tests."""
    from tests.helpers import TINY_ACME, TINY_MANIFEST
    from tokencost.catalogue.load import build_catalogue

    folder = Path("/tiny")
    contents = {folder / "manifest.toml": TINY_MANIFEST.encode()}
    contents[folder / "acme.toml"] = TINY_ACME.encode()
    return build_catalogue(folder, contents)


TINY = tiny_catalogue()
tokens = st.integers(min_value=0, max_value=10**12)
split = st.sampled_from(["3:1", "1:0", "0:1", "1:2", "19:1"])
days = st.integers(min_value=1, max_value=31)


@given(st.lists(st.tuples(tokens, split, days), min_size=1, max_size=4))
def test_a_total_is_the_sum_of_its_workloads(parts: list[tuple[int, str, int]]) -> None:
    workloads = tuple(
        Workload.build(tokens_per_day=t, ratio=r, days_per_month=d, name=f"w{i}")
        for i, (t, r, d) in enumerate(parts)
    )
    (total,) = verdicts(TINY, budget(workloads=workloads, limit="1"))
    singles = [verdicts(TINY, budget(workloads=(wl,)))[0].monthly_cost for wl in workloads]
    with localcontext(CONTEXT):
        assert total.monthly_cost == sum(singles, Decimal(0))
    assert (total.status == "over") == (total.monthly_cost > 1)

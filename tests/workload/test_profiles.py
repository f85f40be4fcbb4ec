from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, write
from tokencost.errors import InputError, WorkloadError
from tokencost.workload import DEFAULT_WORKLOAD, Workload, load_workload

EXAMPLES = REPO / "examples" / "workloads"


def test_default_workload_is_10m_a_day_at_3_to_1_over_30_days() -> None:
    wl = DEFAULT_WORKLOAD
    assert (wl.tokens_per_day, wl.input_tokens_per_day, wl.output_tokens_per_day) == (
        10_000_000,
        7_500_000,
        2_500_000,
    )
    assert wl.days_per_month == 30
    assert wl.split_label == "3:1"


@pytest.mark.parametrize(
    ("body", "tokens_in", "tokens_out", "label"),
    [
        ('tokens_per_day = "10M"\nratio = "3:1"', 7_500_000, 2_500_000, "3:1"),
        (
            "tokens_per_day = 10_000_000\ninput_share = 0.75",
            7_500_000,
            2_500_000,
            "input share 0.75",
        ),
        (
            "input_tokens_per_day = 190_000_000\noutput_tokens_per_day = 10_000_000",
            190_000_000,
            10_000_000,
            "19:1",
        ),
        (
            'tokens_per_day = "200M"\ninput_tokens_per_day = "190M"\noutput_tokens_per_day = "10M"',
            190_000_000,
            10_000_000,
            "19:1",
        ),
        ('tokens_per_day = "1M"\nratio = "1:0"', 1_000_000, 0, "1:0"),
        ('tokens_per_day = 0\nratio = "3:1"', 0, 0, "3:1"),
    ],
)
def test_three_ways_to_give_the_split(
    tmp_path: Path, body: str, tokens_in: int, tokens_out: int, label: str
) -> None:
    path = write(tmp_path / "w.toml", f'name = "w"\n{body}\n')
    wl = load_workload(path)
    assert (wl.input_tokens_per_day, wl.output_tokens_per_day) == (tokens_in, tokens_out)
    assert wl.split_label == label
    assert wl.days_per_month == 30


def test_a_one_to_two_split_adds_up_exactly() -> None:
    wl = Workload.build(tokens_per_day="10M", ratio="1:2")
    assert wl.input_tokens_per_day + wl.output_tokens_per_day == 10_000_000
    assert str(wl.input_tokens_per_day) == "3333333.333333333333333333333333333333333"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('ratio = "3:1"', "missing tokens_per_day"),
        ('tokens_per_day = "1M"', "missing the split"),
        ('tokens_per_day = "1M"\nratio = "3:1"\ninput_share = 0.5', "give the split one way"),
        ('tokens_per_day = "1M"\ninput_tokens_per_day = 5', "give both input_tokens_per_day"),
        ("input_tokens_per_day = 5", "give both input_tokens_per_day and output_tokens_per_day"),
        (
            "tokens_per_day = 10\ninput_tokens_per_day = 5\noutput_tokens_per_day = 6",
            "tokens_per_day (10) is not input + output (11)",
        ),
        ('tokens_per_day = "1M"\nratio = "0:0"', "ratio: 0:0 has no input or output"),
        ('tokens_per_day = "-1M"\nratio = "3:1"', "tokens_per_day: -1000000 is negative"),
        ('tokens_per_day = "lots"\nratio = "3:1"', "tokens_per_day: 'lots' is not a number"),
        ('tokens_per_day = nan\nratio = "3:1"', "tokens_per_day: NaN is not a finite number"),
        (
            'tokens_per_day = "1M"\ninput_share = 1.5',
            "input_share: 1.5 is more than 1; did you mean 1.5%?",
        ),
        ('tokens_per_day = "1M"\nratio = "3:1"\ndays_per_month = 0', "days_per_month"),
        (
            'tokens_per_day = "1M"\nratio = "3:1"\ntokens_per_dya = 3',
            "did you mean 'tokens_per_day'?",
        ),
    ],
)
def test_contradictions_and_bad_values_are_errors(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path / "w.toml", f'name = "w"\n{body}\n')
    with pytest.raises(WorkloadError) as info:
        load_workload(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_unreadable_and_invalid_toml(tmp_path: Path) -> None:
    with pytest.raises(WorkloadError, match="cannot read: No such file or directory"):
        load_workload(tmp_path / "missing.toml")
    path = write(tmp_path / "bad.toml", "name = \n")
    with pytest.raises(WorkloadError, match="invalid TOML"):
        load_workload(path)


def test_overrides_keep_what_they_do_not_change() -> None:
    wl = Workload.build(tokens_per_day="1M", ratio="4:1", name="w")
    more = wl.with_overrides(tokens_per_day="2M")
    assert (more.input_tokens_per_day, more.split_label) == (1_600_000, "4:1")
    even = wl.with_overrides(ratio="1:1", days_per_month="31")
    assert (even.tokens_per_day, even.input_tokens_per_day, even.days_per_month) == (
        1_000_000,
        500_000,
        31,
    )
    share = wl.with_overrides(input_share="90%")
    assert (share.input_tokens_per_day, share.split_label) == (900_000, "input share 0.9")


def test_ratio_and_share_together_is_an_error() -> None:
    with pytest.raises(InputError, match="give --ratio or --input-share, not both"):
        DEFAULT_WORKLOAD.with_overrides(ratio="1:1", input_share="0.5")


@pytest.mark.parametrize("days", ["0", "32", "-1"])
def test_days_per_month_must_be_a_month(days: str) -> None:
    with pytest.raises(InputError, match="--days-per-month"):
        DEFAULT_WORKLOAD.with_overrides(days_per_month=days)


def test_every_example_workload_loads() -> None:
    paths = sorted(EXAMPLES.glob("*.toml"))
    assert len(paths) >= 3
    loaded = {p.stem: load_workload(p) for p in paths}
    assert loaded["agentic-coding"].input_tokens_per_day == 190_000_000
    assert loaded["batch-classification"].days_per_month == 22
    assert loaded["chat-assistant"].tokens_per_day == Decimal("20000000")
    for path in paths:
        assert path.read_text().startswith("#"), f"{path.name} needs a comment on what it models"


def test_a_typo_does_not_hide_a_bad_value_of_the_key_it_resembles(tmp_path: Path) -> None:
    path = write(
        tmp_path / "w.toml",
        'name = "w"\ntokens_per_day = "1M"\nratio = "3:1"\ndays_per_month = 0\ndays_per_mont = 3\n',
    )
    with pytest.raises(WorkloadError) as info:
        load_workload(path)
    assert "days_per_mont: unknown key; did you mean 'days_per_month'?" in str(info.value)
    assert "(and 1 more)" in str(info.value)

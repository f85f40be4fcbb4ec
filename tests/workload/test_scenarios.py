"""Profile what-ifs: mixes, projections and self-hosting, from TOML and from flags."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, write
from tokencost.errors import InputError, WorkloadError
from tokencost.scenarios import (
    Growth,
    Mix,
    MixPart,
    Selfhost,
    growth_from_options,
    parse_mix,
    parse_rate,
    selfhost_from_options,
)
from tokencost.workload import DEFAULT_WORKLOAD, load_workload

EXAMPLES = REPO / "examples" / "workloads"
HEAD = 'name = "w"\ntokens_per_day = "10M"\nratio = "3:1"\n'

FULL = (
    HEAD
    + """
[[mix]]
name = "tiered"
parts = [
  { model = "claude-opus-4.8", share = "10%", ratio = "1:1" },
  { model = "deepseek-v4-pro", share = 0.9 },
]

[[mix]]
parts = [{ model = "gpt-5.5", share = "100%" }]

[projection]
months = 12
growth = "8%"

[selfhost]
gpu_hourly = 3.50
gpus = 8
tokens_per_second = "2.5k"
utilization = "60%"
model = "deepseek-v4-pro"
"""
)


def test_a_profile_with_every_table(tmp_path: Path) -> None:
    wl = load_workload(write(tmp_path / "w.toml", FULL))
    assert wl.mixes == (
        Mix(
            "tiered",
            (
                MixPart("claude-opus-4.8", Decimal("0.1"), (Decimal(1), Decimal(1)), "1:1"),
                MixPart("deepseek-v4-pro", Decimal("0.9")),
            ),
        ),
        Mix("100% gpt-5.5", (MixPart("gpt-5.5", Decimal(1)),)),
    )
    assert wl.projection == Growth(12, Decimal("0.08"), None)
    assert wl.selfhost == Selfhost(
        Decimal("3.50"), Decimal(8), Decimal(2500), Decimal("0.6"), "deepseek-v4-pro"
    )


def test_a_profile_from_the_cache_is_the_same(tmp_path: Path) -> None:
    path = write(tmp_path / "w.toml", FULL)
    assert load_workload(path) == load_workload(path)


@pytest.mark.parametrize("name", ["agentic-coding", "batch-classification", "chat-assistant"])
def test_existing_profiles_carry_no_what_ifs(name: str) -> None:
    wl = load_workload(EXAMPLES / f"{name}.toml")
    assert (wl.mixes, wl.projection, wl.selfhost) == ((), None, None)


def test_the_tiered_example_profile() -> None:
    wl = load_workload(EXAMPLES / "tiered-support.toml")
    assert [m.name for m in wl.mixes] == ["tiered"]
    assert wl.mixes[0].parts[0].split_label == "1:1"
    assert wl.projection == Growth(12, Decimal("0.08"), None)
    assert wl.selfhost is not None and wl.selfhost.model == "deepseek-v4-pro"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[mix]]\nparts = [{ model = "a", share = "10%" }, { model = "b", share = "80%" }]',
            "mix[0].parts: shares add up to 90%, not 100%",
        ),
        (
            '[[mix]]\nparts = [{ model = "a", share = "10%", ration = "1:1" }]',
            "mix[0].parts[0].ration: unknown key; did you mean 'ratio'?",
        ),
        ('[[mix]]\nparts = [{ model = "a", share = "150%" }]', "mix[0].parts[0].share: --"),
        ('[[mix]]\nparts = [{ model = "a", share = 1, ratio = "0:0" }]', "0:0 has no input"),
        ("[[mix]]\nparts = []", "mix[0].parts: "),
        ('[projection]\ngrowth = "8%"', "projection: missing months, e.g. months = 12"),
        (
            '[projection]\nmonths = 3\ntokens_per_day = ["1M", "2M"]',
            "projection: 3 months but tokens_per_day lists 2",
        ),
        (
            '[projection]\nmonths = 2\ngrowth = "1%"\ntokens_per_day = ["1M", "2M"]',
            "projection: give growth or tokens_per_day, not both",
        ),
        ('[projection]\nmonths = 2\ngrowth = "-100%"', "projection.growth: "),
        ("[projection]\nmonths = 0", "projection.months: "),
        (
            "[selfhost]\ngpu_hourly = 3\ngpus = 8\ntokens_per_second = 1",
            "selfhost.utilization: missing required key 'utilization'",
        ),
        (
            '[selfhost]\ngpu_hourly = 3\ngpus = 0\ntokens_per_second = 1\nutilization = "0%"',
            "selfhost.gpus: ",
        ),
    ],
)
def test_bad_tables_name_the_key(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path / "w.toml", f"{HEAD}{body}\n")
    with pytest.raises(WorkloadError) as caught:
        load_workload(path)
    assert f"{path}: " in str(caught.value)
    assert message.removesuffix("--") in str(caught.value)


def test_parse_mix_with_a_name_and_own_ratios() -> None:
    mix = parse_mix("tiered = claude-opus-4.8:10%@1:1, deepseek-v4-pro:0.9")
    assert mix == Mix(
        "tiered",
        (
            MixPart("claude-opus-4.8", Decimal("0.1"), (Decimal(1), Decimal(1)), "1:1"),
            MixPart("deepseek-v4-pro", Decimal("0.9")),
        ),
    )
    assert parse_mix("a:12.5%,b:87.5%").name == "12.5% a + 87.5% b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a:10%,b:80%", "--mix: the shares of 'a:10%,b:80%' add up to 90%, not 100%"),
        ("a:10%,b:90.0001%", "--mix: the shares of 'a:10%,b:90.0001%' add up to 100.0001%"),
        ("a10%,b:90%", "--mix: 'a10%' is not MODEL:SHARE"),
        ("a:,b:100%", "--mix: 'a:' is not MODEL:SHARE"),
        ("a:10,b:90%", "--mix share of a: 10 is more than 1; did you mean 10%?"),
        ("a:10%@3,b:90%", "--mix ratio: '3' is not a ratio"),
    ],
)
def test_parse_mix_errors(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_mix(text)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "value"),
    [("8%", Decimal("0.08")), ("-5%", Decimal("-0.05")), ("0.08", Decimal("0.08"))],
)
def test_parse_rate(text: str, value: Decimal) -> None:
    assert parse_rate(text) == value


@pytest.mark.parametrize("text", ["-100%", "-1.5", "x%", "NaN"])
def test_parse_rate_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_rate(text, "--growth")


def test_growth_compounds_exactly_without_floats() -> None:
    volumes = Growth(4, Decimal("0.08")).tokens_per_day(Decimal(10_000_000))
    assert volumes == (
        Decimal(10_000_000),
        Decimal(10_800_000),
        Decimal(11_664_000),
        Decimal("12597120.000"),
    )
    assert volumes[3] == Decimal(10_000_000) * Decimal("1.08") ** 3


def test_growth_from_flags_over_a_profile() -> None:
    listed = Growth.of(None, None, (Decimal(1), Decimal(2), Decimal(3)))
    assert listed == Growth(3, None, (Decimal(1), Decimal(2), Decimal(3)))
    assert growth_from_options(listed, 2, None) == Growth(2, None, (Decimal(1), Decimal(2)))
    assert growth_from_options(listed, None, "5%") == Growth(3, Decimal("0.05"), None)
    assert growth_from_options(None, None, None) is None
    assert growth_from_options(None, None, "5%") == Growth(12, Decimal("0.05"), None)
    assert growth_from_options(None, 6, None) == Growth(6, Decimal(0), None)
    with pytest.raises(InputError, match="--months: 4 months but tokens_per_day lists 3"):
        growth_from_options(listed, 4, None)
    with pytest.raises(InputError, match="--months: 0 must be between 1 and 240"):
        growth_from_options(None, 0, None)


def test_selfhost_from_flags_over_a_profile() -> None:
    base = Selfhost(Decimal(2), Decimal(4), Decimal(1000), Decimal("0.5"), "m")
    setup = selfhost_from_options(
        base, gpu_hourly="$3.50", gpus=None, tokens_per_second="2.5k", utilization=None, model=None
    )
    assert setup == Selfhost(Decimal("3.50"), Decimal(4), Decimal(2500), Decimal("0.5"), "m")
    with pytest.raises(InputError) as caught:
        selfhost_from_options(
            None, gpu_hourly="3.5", gpus=None, tokens_per_second=None, utilization="60%", model=None
        )
    assert str(caught.value).startswith(
        "selfhost needs --gpus, --tokens-per-second (or a [selfhost] table in the profile); "
        "tokencost has no GPU prices"
    )
    with pytest.raises(InputError, match="--utilization: must be more than 0"):
        selfhost_from_options(
            None, gpu_hourly="1", gpus="1", tokens_per_second="1", utilization="0%", model=None
        )


def test_the_default_workload_is_untouched() -> None:
    assert (DEFAULT_WORKLOAD.mixes, DEFAULT_WORKLOAD.projection, DEFAULT_WORKLOAD.selfhost) == (
        (),
        None,
        None,
    )

"""The decision commands: compare --mix/--months, route, gap, project, selfhost."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SMALL_LIST_PRICE, Run, write

JUNE = "2026-06-15"
ISSUE_SETUP = ("--gpu-hourly", "3.50", "--gpus", "8", "--tokens-per-second", "2500")


def doc_of(run: Run, *args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert (result.code, result.err) == (0, ""), result.err
    doc: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return doc


ENVELOPE = {"schema", "currency", "catalogue", "as_of"}


# ---------------------------------------------------------------- compare


def test_compare_json_gets_mixes_additively(run: Run) -> None:
    plain = doc_of(run, "compare", "--as-of", JUNE)
    doc = doc_of(
        run, "compare", "--as-of", JUNE, "--mix", "claude-opus-4.8:10%,deepseek-v4-pro:90%"
    )
    assert set(doc) == {*plain, "mixes"}
    assert {k: v for k, v in doc.items() if k != "mixes"} == plain
    (mix,) = doc["mixes"]
    assert set(mix) == {
        "name",
        "blended_price",
        "daily_cost",
        "monthly_cost",
        "yearly_cost",
        "ratio",
        "ratio_note",
        "premium",
        "saving",
        "parts",
    }
    assert mix["name"] == "10% claude-opus-4.8 + 90% deepseek-v4-pro"
    assert (mix["monthly_cost"], mix["yearly_cost"]) == (Decimal("191.8125"), Decimal("2301.75"))
    assert mix["premium"] == {
        "model": "claude-opus-4.8",
        "rule": "the mix's most expensive model for all of its traffic",
        "daily_cost": 60,
        "monthly_cost": 1800,
        "yearly_cost": 21600,
    }
    assert mix["saving"]["monthly"] == Decimal("1608.1875")
    assert mix["saving"]["share"] == Decimal("0.8934375")
    assert mix["ratio"] == Decimal("14.61428571428571428571428571428571428571")
    assert [p["model"] for p in mix["parts"]] == ["claude-opus-4.8", "deepseek-v4-pro"]
    assert [p["share"] for p in mix["parts"]] == [Decimal("0.1"), Decimal("0.9")]
    assert mix["parts"][1]["price"]["effective"] == "2026-05-01"


def test_compare_table_shows_a_table_per_mix(run: Run) -> None:
    result = run(
        "compare",
        "--as-of",
        JUNE,
        "-m",
        "gpt-5.5,deepseek-v4-pro",
        "--mix",
        "t=gpt-5.5:20%@1:1,deepseek-v4-pro:80%",
    )
    assert (result.code, result.err) == (0, "")
    tables = result.out.split("\n\n")
    assert tables[0] == "Cost of workload 'default': 10M tokens/day, 3:1"
    mix_at = result.out.index("Mix 't' of workload 'default': 10M tokens/day\n")
    mix = result.out[mix_at:].splitlines()
    assert mix[4].split() == [
        "gpt-5.5",
        "20%",
        "2,000,000",
        "1:1",
        "$2.50",
        "$10.00",
        "$12.50",
        "$375.00",
        "$4,500.00",
    ]
    assert mix[6].split() == ["Mix", "100%", "10,000,000", "$12.85", "$385.50", "$4,626.00"]
    assert mix[7].split() == ["All", "on", "gpt-5.5", "$47.50", "$1,425.00", "$17,100.00"]
    assert mix[8].split() == ["Saving", "$34.65", "$1,039.50", "$12,474.00"]
    assert mix[10] == (
        "Premium: gpt-5.5 (the mix's most expensive model for all of its traffic). Saving: all "
        "traffic on it, each part keeping its split, less the mix's cost = 72.95%."
    )
    assert mix[11] == (
        "Ratio: the mix costs 29.37x as much as deepseek-v4-pro; 1M tokens of its traffic cost "
        "$1.285."
    )
    assert mix[12].startswith(
        "Month = 30 days; prices from source 'article' in effect on 2026-06-15;"
    )


def test_compare_mixes_from_a_profile(run: Run, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.toml",
        """\
        name = "p"
        tokens_per_day = "1M"
        ratio = "1:1"

        [[mix]]
        name = "tiered"
        parts = [{ model = "gpt-5.5", share = "50%" }, { model = "deepseek-v4-pro", share = "50%" }]
        """,
    )
    doc = doc_of(run, "compare", str(profile), "--as-of", JUNE, "--mix", "x=gpt-5.5:100%")
    assert [m["name"] for m in doc["mixes"]] == ["tiered", "x"]
    assert doc["mixes"][0]["daily_cost"] == (Decimal("6.25") + Decimal("0.0525")) / 2


def test_compare_projection(run: Run) -> None:
    doc = doc_of(run, "compare", "--as-of", "2026-04-15", "--months", "3", "--growth", "10%")
    projection = doc["projection"]
    assert set(projection) == {
        "months",
        "growth",
        "tokens_per_day",
        "month_rule",
        "periods",
        "series",
    }
    assert (projection["months"], projection["growth"], projection["tokens_per_day"]) == (
        3,
        Decimal("0.1"),
        None,
    )
    assert [p["start"] for p in projection["periods"]] == ["2026-04-15", "2026-05-15", "2026-06-15"]
    (deepseek,) = projection["series"]  # the only model priced in April
    assert deepseek["monthly"] == [Decimal("52.5"), Decimal("14.4375"), Decimal("15.88125")]
    assert deepseek["total"] == Decimal("82.81875")
    assert deepseek["price_changes"] == [
        {
            "month": 2,
            "model": "deepseek-v4-pro",
            "effective": "2026-05-01",
            "input_price": Decimal("0.035"),
            "output_price": Decimal("0.07"),
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "--mix", "gpt-5.5:10%,deepseek-v4-pro:80%"], "error: --mix: the shares of"),
        (["compare", "--mix", "gpt5.5:100%"], "error: mix '100% gpt5.5': unknown model 'gpt5.5'"),
        (["compare", "--mix", "a=gpt-5.5:100%", "--mix", "a=glm-5-flash:100%"], "error: two mixes"),
        (["compare", "--months", "0"], "error: --months: 0 must be between 1 and 240"),
        (["compare", "--growth", "-100%"], "error: --growth: -100% must be more than -100%"),
        (["compare", "--json", "--chart"], "error: --chart draws beside the table;"),
        (["compare", "-f", "csv", "--chart"], "error: --chart draws beside the table;"),
    ],
)
def test_compare_decision_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args, "--as-of", JUNE)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message), result.err
    assert result.err.count("\n") == 1


def test_compare_csv_is_unchanged_by_mixes(run: Run) -> None:
    args = ("compare", "--as-of", JUNE, "-f", "csv")
    assert run(*args, "--mix", "gpt-5.5:100%").out == run(*args).out


# ---------------------------------------------------------------- route


def test_route_table_and_json(run: Run) -> None:
    result = run("route", "claude-opus-4.8", "deepseek-v4-pro", "--step", "25%", "--as-of", JUNE)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == (
        "Routing workload 'default' (10M tokens/day): premium claude-opus-4.8 (3:1), cheap "
        "deepseek-v4-pro (3:1)"
    )
    assert lines[4].split() == [
        "0%",
        "0",
        "10,000,000",
        "$0.00",
        "$13.13",
        "$13.13",
        "$157.50",
        "$1,786.88",
        "99.27%",
    ]
    assert lines[8].split()[0] == "100%"
    assert lines[8].split()[-2:] == ["$0.00", "0%"]
    doc = doc_of(
        run, "route", "claude-opus-4.8", "deepseek-v4-pro", "--step", "50%", "--as-of", JUNE
    )
    assert set(doc) == ENVELOPE | {
        "source",
        "assumptions",
        "workload",
        "premium",
        "cheap",
        "step",
        "points",
    }
    assert doc["schema"] == "tokencost.route/1"
    assert doc["premium"] == {"model": "claude-opus-4.8", "split": "3:1"}
    assert [p["premium_share"] for p in doc["points"]] == [0, Decimal("0.5"), 1]
    half = doc["points"][1]
    assert half["monthly_cost"] == Decimal("906.5625")
    assert half["premium_monthly_cost"] + half["cheap_monthly_cost"] == half["monthly_cost"]
    assert half["saving_monthly"] == 1800 - Decimal("906.5625")


def test_route_csv_and_own_ratios(run: Run) -> None:
    result = run(
        "route",
        "gpt-5.5",
        "deepseek-v4-pro",
        "-t",
        "1M",
        "--premium-ratio",
        "1:1",
        "--step",
        "100%",
        "--as-of",
        JUNE,
        "-f",
        "csv",
    )
    assert result.out == (
        "premium_share,premium_tokens_per_day,cheap_tokens_per_day,premium_monthly_cost,"
        "cheap_monthly_cost,daily_cost,monthly_cost,yearly_cost,all_premium_monthly_cost,"
        "saving_monthly,saving_share\n"
        "0,0,1000000,0,1.3125,0.04375,1.3125,15.75,131.25,129.9375,0.99\n"
        "1,1000000,0,187.5,0,6.25,187.5,2250,187.5,0,0\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["route", "gpt-5.5", "gpt-5.5"], "error: route: give two different models"),
        (["route", "gpt-5.5", "nope"], "error: unknown model 'nope'"),
        (
            ["route", "gpt-5.5", "deepseek-v4-pro", "--step", "0"],
            "error: --step: 0 would sweep too many rows; the finest step is 0.1%",
        ),
        (
            ["route", "gpt-5.5", "deepseek-v4-pro", "--step", "2"],
            "error: --step: 2 is more than 1; did you mean 2%?",
        ),
        (["route", "gpt-5.5"], "error: Missing argument 'CHEAP'."),
        (["route", "gpt-5.5", "deepseek-v4-pro", "--cheap-ratio", "x"], "error: --cheap-ratio:"),
    ],
)
def test_route_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args, "--as-of", JUNE)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message), result.err


# ---------------------------------------------------------------- gap


def test_gap_table(run: Run) -> None:
    args = ("gap", "gpt-5.5", "deepseek-v4-pro", "--range", "70:100", "--source", "article")
    result = run(*args, "--as-of", JUNE)
    assert (result.code, result.err) == (0, "")
    rows = {line.split()[0]: line.split()[-1] for line in result.out.splitlines()[4:16]}
    assert (rows["100%"], rows["75%"], rows["50%"], rows["0%"]) == (
        "71.43x",
        "100x",
        "119.05x",
        "142.86x",
    )
    assert (
        "Range 70x to 100x on 'article': holds for input shares from 75% (3:1) to 100% "
        "(input-only); the ratio runs from 71.43x to 142.86x."
    ) in result.out.splitlines()


def test_gap_json(run: Run) -> None:
    doc = doc_of(
        run,
        "gap",
        "gpt-5.5",
        "deepseek-v4-pro",
        "--range",
        "70x:100x",
        "--as-of",
        JUNE,
        "--source",
        "article",
    )
    assert set(doc) == ENVELOPE | {"assumptions", "models", "range", "step", "sources", "skipped"}
    assert doc["schema"] == "tokencost.gap/1"
    assert doc["range"] == {"low": 70, "high": 100}
    (article,) = doc["sources"]
    assert [(p["label"], p["ratio"]) for p in article["points"]] == [
        ("input-only", Decimal("71.42857142857142857142857142857142857143")),
        ("3:1", 100),
        ("1:1", Decimal("119.047619047619047619047619047619047619")),
        ("output-only", Decimal("142.8571428571428571428571428571428571429")),
    ]
    assert article["range_holds"] == {
        "from": {"input_share": Decimal("0.75"), "exact": "3/4", "split": "3:1", "included": True},
        "to": {"input_share": 1, "exact": "1/1", "split": "1:0", "included": True},
    }
    assert len(article["curve"]) == 11
    assert (article["min_ratio"], article["max_ratio"]) == (
        article["points"][0]["ratio"],
        article["points"][-1]["ratio"],
    )


def test_gap_on_both_sources_of_the_tiny_catalogue(run: Run, tiny: Path) -> None:
    acme = tiny / "acme.toml"
    marker = '\n[[models]]\nid = "free"'
    acme.write_text(acme.read_text().replace(marker, SMALL_LIST_PRICE + marker))
    args = ("gap", "big", "small", "--catalogue", str(tiny), "--as-of", "2026-02-01")
    doc = doc_of(run, *args)
    assert [s["source"]["id"] for s in doc["sources"]] == ["book", "list"]
    assert [s["points"][0]["ratio"] for s in doc["sources"]] == [100, 50]
    table = run(*args, "--step", "50%")
    assert table.out.splitlines()[2].split("  ")[-2:] == ["Ratio on 'book'", "Ratio on 'list'"]
    assert table.out.splitlines()[4].split() == ["100%", "1:0", "input-only", "100x", "50x"]
    one = doc_of(run, *args, "--source", "list")
    assert [s["source"]["id"] for s in one["sources"]] == ["list"]
    skipped = doc_of(run, "gap", "big", "free", "--catalogue", str(tiny), "--as-of", "2026-02-01")
    assert skipped["skipped"] == [
        {"source": "list", "reason": "free has no price from source 'list' (it has: book)"}
    ]
    assert (
        "Not shown: source 'list': free has no price"
        in run("gap", "big", "free", "--catalogue", str(tiny), "--as-of", "2026-02-01").out
    )


def test_gap_csv(run: Run) -> None:
    result = run(
        "gap",
        "gpt-5.5",
        "deepseek-v4-pro",
        "--step",
        "100%",
        "--as-of",
        JUNE,
        "-f",
        "csv",
        "--source",
        "article",
    )
    assert result.out == (
        "source,input_share,split,point,a_price,b_price,ratio\n"
        "article,1,1:0,input-only,2.5,0.035,71.42857142857142857142857142857142857143\n"
        "article,0.75,3:1,3:1,4.375,0.04375,100\n"
        "article,0.5,1:1,1:1,6.25,0.0525,119.047619047619047619047619047619047619\n"
        "article,0,0:1,output-only,10,0.07,142.8571428571428571428571428571428571429\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gap", "gpt-5.5", "deepseek-v4-pro", "--range", "100:70"], "error: --range: 100:70 must"),
        (
            ["gap", "gpt-5.5", "deepseek-v4-pro", "--range", "70"],
            "error: --range: '70' is not LO:HI",
        ),
        (["gap", "gpt-5.5", "deepseek-v4-pro", "--source", "nope"], "error: unknown source 'nope'"),
        (["gap", "gpt-5.5", "dsv4"], "error: unknown model 'dsv4'"),
        (["gap", "gpt-5.5", "deepseek-v4-pro", "--json", "--chart"], "error: --chart draws"),
    ],
)
def test_gap_errors(run: Run, args: list[str], message: str) -> None:
    result = run(*args, "--as-of", JUNE)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message), result.err


def test_gap_before_a_model_is_priced(run: Run) -> None:
    result = run(
        "gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", "2026-05-15", "--source", "article"
    )
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        "error: gpt-5.5 has no price from source 'article' on 2026-05-15; its first is effective "
        "2026-06-01"
    )


# ---------------------------------------------------------------- project


def test_project_table_json_and_csv(run: Run) -> None:
    args = ("project", "--as-of", JUNE, "--months", "2", "-m", "gpt-5.5", "--growth", "50%")
    table = run(*args)
    assert (table.code, table.err) == (0, "")
    lines = table.out.splitlines()
    assert lines[0] == (
        "Projection of workload 'default': 2 months, tokens/day growing 50% a month (compound) "
        "from 10M"
    )
    assert lines[4].split() == ["1", "2026-06-15", "10M", "$1,312.50"]
    assert lines[5].split() == ["2", "2026-07-15", "15M", "$1,968.75"]
    assert lines[6].split() == ["Total", "$3,281.25"]
    assert any(line.startswith("Prices: USD per 1M tokens from source 'article'") for line in lines)
    doc = doc_of(run, *args)
    assert set(doc) == ENVELOPE | {"source", "assumptions", "workload", "projection", "unpriced"}
    assert doc["schema"] == "tokencost.project/1"
    assert doc["projection"]["series"][0]["cumulative"] == [Decimal("1312.5"), Decimal("3281.25")]
    csv = run(*args, "-f", "csv").out
    assert csv.splitlines()[2] == "2,2026-07-15,15000000,30,gpt-5.5,model,1968.75,3281.25"


def test_project_defaults_to_12_flat_months(run: Run) -> None:
    doc = doc_of(run, "project", "--as-of", JUNE, "-m", "deepseek-v4-pro")
    series = doc["projection"]["series"][0]
    assert series["monthly"] == [Decimal("13.125")] * 12
    assert series["total"] == Decimal("157.5")  # the yearly figure of compare


def test_project_from_a_profile_with_volumes(run: Run, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.toml",
        """\
        name = "launch"
        tokens_per_day = "1M"
        ratio = "1:0"

        [projection]
        tokens_per_day = ["1M", "2M", "4M"]
        """,
    )
    doc = doc_of(run, "project", str(profile), "--as-of", JUNE, "-m", "gpt-5.5")
    assert doc["projection"]["tokens_per_day"] == [1_000_000, 2_000_000, 4_000_000]
    assert doc["projection"]["series"][0]["monthly"] == [75, 150, 300]
    flat = doc_of(run, "project", str(profile), "--as-of", JUNE, "-m", "gpt-5.5", "--growth", "0%")
    assert flat["projection"]["series"][0]["monthly"] == [75, 75, 75]


# ---------------------------------------------------------------- selfhost


def test_selfhost_json(run: Run) -> None:
    doc = doc_of(run, "selfhost", *ISSUE_SETUP, "--utilization", "60%", "--as-of", JUNE)
    assert set(doc) == ENVELOPE | {
        "source",
        "assumptions",
        "workload",
        "selfhost",
        "results",
        "unpriced",
    }
    assert doc["schema"] == "tokencost.selfhost/1"
    setup = doc["selfhost"]
    assert (setup["fixed_daily_cost"], setup["capacity_tokens_per_day"]) == (672, 129_600_000)
    assert setup["cost_per_million_at_workload"] == Decimal("67.2")
    by_model = {row["model"]: row for row in doc["results"]}
    assert by_model["claude-opus-4.8"]["breakeven_tokens_per_day"] == 112_000_000
    assert by_model["claude-opus-4.8"]["breakeven_within_capacity"] is True
    assert by_model["glm-5-flash"]["breakeven_tokens_per_day"] is None
    assert by_model["gpt-5.5"]["monthly_saving"] == Decimal("1312.5") - 20160


def test_selfhost_table_and_a_profile(run: Run, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.toml",
        """\
        name = "gpu"
        tokens_per_day = "100M"
        ratio = "3:1"

        [selfhost]
        gpu_hourly = 2
        gpus = 8
        tokens_per_second = 2500
        utilization = 0.6
        model = "deepseek-v4"
        """,
    )
    result = run("selfhost", str(profile), "--as-of", JUNE, "-m", "gpt-5.5")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[4].split() == [
        "gpt-5.5",
        "OpenAI",
        "$4.375",
        "$13,125.00",
        "$11,520.00",
        "$1,605.00",
        "87.77M",
    ]
    assert (
        "Self-hosted: 8 GPUs x $2.00/GPU-hour x 24 h = $384.00/day, rented around the clock "
        "($11,520.00 a month), running deepseek-v4-pro."
    ) in lines
    flags = run("selfhost", str(profile), "--as-of", JUNE, "-m", "gpt-5.5", "--gpu-hourly", "4")
    assert "$768.00/day" in flags.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["selfhost"], "error: selfhost needs --gpu-hourly, --gpus, --tokens-per-second, "),
        ([*ISSUE_SETUP, "--utilization", "0"], "error: --utilization: must be more than 0"),
        ([*ISSUE_SETUP, "--utilization", "150%"], "error: --utilization: 150% must be"),
        ([*ISSUE_SETUP, "--utilization", "1", "--model", "claude-opus-4.8"], "error: claude-opus"),
        (
            ["--gpu-hourly", "-1", "--gpus", "1", "--tokens-per-second", "1", "--utilization", "1"],
            "error: --gpu-hourly: -1 is negative",
        ),
        (
            ["--gpu-hourly", "1", "--gpus", "0", "--tokens-per-second", "1", "--utilization", "1"],
            "error: --gpus: must be more than 0",
        ),
    ],
)
def test_selfhost_errors(run: Run, args: list[str], message: str) -> None:
    cmd = args if args[:1] == ["selfhost"] else ["selfhost", *args]
    result = run(*cmd, "--as-of", JUNE)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message), result.err


# ---------------------------------------------------------------- all of them


def test_the_root_help_lists_the_new_commands(run: Run) -> None:
    out = run("--help").out
    for command in ("gap", "route", "project", "selfhost"):
        assert command in out

"""Pricing dimensions through the CLI: compare's flags, --breakdown in every format,
flags in footers and JSON, errors, and budgets and diffs priced by the same engine."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Run, write
from tokencost.quantities import CONTEXT

TRAFFIC = (
    "--cache-reads",
    "0.5",
    "--batch",
    "0.2",
    "--off-peak",
    "30%",
    "--requests-per-day",
    "100",
)
NO_OFF_PEAK = "no off-peak price: off-peak traffic billed at the standard price"
NO_BATCH = "no batch price: batch traffic billed at the standard price"
NO_CACHE = "no cache read price: cached input billed as input"


def compare(run: Run, catalogue: Path, *args: str) -> Any:
    result = run(
        "compare", "--catalogue", str(catalogue), "--as-of", "2026-03-15",
        "--models", "cachey,nightly,fee", *args,
    )  # fmt: skip
    assert (result.code, result.err) == (0, ""), result.err
    return result


def test_breakdown_json(run: Run, dims: Path) -> None:
    # 10M tokens a day at 3:1: 7.5M input (half from cache), 2.5M output; 100 requests
    # of 75,000 tokens (under cachey's 100,000 tier).
    # fee:     3.75 + 3.75 (no cache price) + 2.5 = 10; 100 requests x 10 / 1,000 = 1 -> 11
    # nightly: 3.75 x 2 + 3.75 x 2 + 2.5 x 6 = 30; 30% off-peak saves 0.3 x 15 = 4.5 -> 25.5
    # cachey:  3.75 x 4 + 3.75 x 0.4 + 2.5 x 12 = 46.5; 20% batch at half price saves
    #          0.2 x 46.5 x 0.5 = 4.65 -> 41.85
    doc = json.loads(compare(run, dims, *TRAFFIC, "--breakdown", "--json").out, parse_float=Decimal)
    assert doc["schema"] == "tokencost.compare/1"
    assert doc["workload"]["traffic"] == {
        "cache_read_share": Decimal("0.5"), "cache_write_share": 0, "cache_write_long": False,
        "reasoning_share": 0, "batch_share": Decimal("0.2"), "off_peak_share": Decimal("0.3"),
        "off_peak_hours": None, "requests_per_day": 100, "prompt_tokens": None,
        "cache_hit_share": Decimal("0.5"), "long_cache_writes": False,  # deprecated names
    }  # fmt: skip
    assert set(doc["assumptions"]) >= {"breakdown", "tier_rule"}
    rows = {row["model"]: row for row in doc["results"]}
    assert [row["model"] for row in doc["results"]] == ["fee", "nightly", "cachey"]
    assert rows["fee"]["breakdown"] == {
        "per": "day", "input": Decimal("3.75"), "cache_read": Decimal("3.75"),
        "cache_write": 0, "output": Decimal("2.5"), "reasoning": 0, "requests": 1,
        "batch_savings": 0, "off_peak_savings": 0,
        "cached_input": Decimal("3.75"), "cache_writes": 0,  # deprecated names
        "total": 11, "effective_price": Decimal("1.1"), "tier": None,
    }  # fmt: skip
    assert rows["fee"]["flags"] == [NO_OFF_PEAK, NO_CACHE, NO_BATCH]
    assert rows["nightly"]["breakdown"]["off_peak_savings"] == Decimal("4.5")
    assert rows["nightly"]["daily_cost"] == Decimal("25.5")
    assert rows["nightly"]["flags"] == [
        NO_CACHE,
        NO_BATCH,
        "no cache read price off-peak (16:30-00:30 UTC): cached input billed as input",
    ]
    assert rows["cachey"]["breakdown"]["batch_savings"] == Decimal("4.65")
    assert (rows["cachey"]["daily_cost"], rows["cachey"]["monthly_cost"]) == (
        Decimal("41.85"),
        Decimal("1255.5"),
    )
    assert rows["cachey"]["flags"] == [NO_OFF_PEAK]
    # the ratio is of effective prices: 2.55 / 1.1, to 40 digits
    with localcontext(CONTEXT):
        assert rows["nightly"]["ratio"] == Decimal("2.55") / Decimal("1.1")
    for row in doc["results"]:
        b = row["breakdown"]
        parts = sum(
            b[k] for k in ("input", "cache_read", "cache_write", "output", "reasoning", "requests")
        )
        assert parts - b["batch_savings"] - b["off_peak_savings"] == b["total"] == row["daily_cost"]


def test_flags_without_breakdown_only_where_there_are_some(run: Run, dims: Path) -> None:
    doc = json.loads(compare(run, dims, "--cache-reads", "0.5", "--json").out)
    rows = {row["model"]: row for row in doc["results"]}
    assert "breakdown" not in rows["cachey"]
    assert "flags" not in rows["cachey"]  # it has a cache price
    assert rows["nightly"]["flags"] == [NO_CACHE]


def test_a_plain_workload_adds_no_key(run: Run, dims: Path) -> None:
    """... except the flag of a fee it cannot price: a fee is never left out silently."""
    doc = json.loads(compare(run, dims, "--json").out)
    assert "traffic" not in doc["workload"]
    assert set(doc["assumptions"]) == {"days_per_month", "months_per_year", "price_unit", "ratio"}
    rows = {row["model"]: row for row in doc["results"]}
    assert all("flags" not in rows[m] and "breakdown" not in rows[m] for m in ("cachey", "nightly"))
    assert rows["fee"]["flags"] == [
        "charges $10 per 1,000 requests: not included (give requests_per_day or prompt_tokens)"
    ]
    assert rows["fee"]["daily_cost"] == 10


def test_breakdown_table_and_footer(run: Run, dims: Path) -> None:
    out = compare(run, dims, *TRAFFIC, "--breakdown").out
    main, _, second = out.partition("\n\nMonthly cost by dimension: workload 'default'\n\n")
    assert (
        "Traffic: 50% of input tokens read from cache; 20% of traffic by batch; 30% of "
        "traffic in each model's off-peak hours; 100 requests/day of 75,000 input tokens each."
    ) in main.splitlines()
    assert f"Flag: cachey: {NO_OFF_PEAK}." in main.splitlines()
    lines = second.splitlines()
    assert lines[0].split() == [
        "Model", "Input", "Cached", "Output", "Requests", "Batch", "Off-peak", "Monthly",
        "$/1M",
    ]  # fmt: skip
    assert lines[2].split() == [
        "fee", "$112.50", "$112.50", "$75.00", "$30.00", "$0.00", "$0.00", "$330.00", "$1.10",
    ]  # fmt: skip
    assert lines[3].split()[-4:] == ["$0.00", "-$135.00", "$765.00", "$2.55"]
    assert lines[4].split()[-4:] == ["-$139.50", "$0.00", "$1,255.50", "$4.19"]
    assert "Left out, zero for every model: cache write, reasoning." in lines
    assert max(len(line) for line in lines[:5]) <= 120


def test_breakdown_markdown_has_both_tables(run: Run, dims: Path) -> None:
    out = compare(run, dims, *TRAFFIC, "--breakdown", "--format", "markdown").out
    assert out.count("### ") == 2
    assert "### Monthly cost by dimension: workload 'default'" in out
    assert (
        "| cachey | $450.00 | $45.00 | $900.00 | $0.00 | -$139.50 | $0.00 | $1,255.50 | $4.19 |"
        in out
    )
    assert f"- Flag: cachey: {NO_OFF_PEAK}." in out


def test_breakdown_csv(run: Run, dims: Path) -> None:
    out = compare(run, dims, *TRAFFIC, "--breakdown", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[-9:] == [
        "input_cost", "cache_read_cost", "cache_write_cost", "output_cost", "reasoning_cost",
        "requests_cost", "batch_savings", "off_peak_savings", "flags",
    ]  # fmt: skip
    cachey = next(r for r in rows if r["model"] == "cachey")
    assert (cachey["batch_savings"], cachey["daily_cost"], cachey["flags"]) == (
        "4.65",
        "41.85",
        NO_OFF_PEAK,
    )
    plain = compare(run, dims, *TRAFFIC, "--format", "csv").out
    assert plain.splitlines()[0].endswith(",yearly_cost,ratio")


def test_a_tier_is_named_in_the_footer(run: Run, dims: Path) -> None:
    # 200 requests of 125,000 input tokens each: over cachey's 100,000 tier
    out = compare(run, dims, "--requests-per-day", "60", "--breakdown", "--json").out
    rows = {row["model"]: row for row in json.loads(out, parse_float=Decimal)["results"]}
    assert rows["cachey"]["breakdown"]["tier"] == {
        "above": 100000, "input": 8, "output": 24, "cache_read": None, "cache_write": None,
    }  # fmt: skip
    # 7.5M x 8 + 2.5M x 24 = 60 + 60 = 120 a day
    assert rows["cachey"]["daily_cost"] == 120
    table = compare(run, dims, "--requests-per-day", "60").out
    assert (
        "Tier: cachey prompts are over 100,000 input tokens: whole requests billed at $8.00 "
        "input / $24.00 output per 1M."
    ) in table.splitlines()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--off-peak-hours", "22:00-02:00"), "--off-peak-hours: give the share of traffic"),
        (("--cache-reads", "1.5"), "--cache-reads: 1.5 is more than 1; did you mean 1.5%?"),
        (
            ("--cache-reads", "0.7", "--cache-writes", "0.5"),
            "cache_read_share (0.7) + cache_write_share (0.5) is more than all of the input tokens",
        ),
        (("--batch", "0.8", "--off-peak", "0.3"), "batch_share (0.8) + off_peak_share (0.3)"),
        (("--requests-per-day", "0"), "requests_per_day is 0 but the workload has 7500000 input"),
        (
            ("--off-peak", "0.2", "--off-peak-hours", "25:00-01:00"),
            "--off-peak-hours: '25:00' is not a time of day",
        ),
        (
            ("--requests-per-day", "10", "--prompt-tokens", "5k"),
            "give --requests-per-day or --prompt-tokens, not both",
        ),
        (("--prompt-tokens", "0"), "--prompt-tokens: must be more than 0"),
    ],
)
def test_bad_traffic_flags(run: Run, dims: Path, args: tuple[str, ...], message: str) -> None:
    result = run("compare", "--catalogue", str(dims), "--as-of", "2026-03-15", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {message}"), result.err
    assert len(result.err.splitlines()) == 1


def test_flags_override_the_profile(run: Run, dims: Path, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.toml",
        """
        name = "p"
        tokens_per_day = "10M"
        ratio = "3:1"
        cache_read_share = 0.5
        prompt_tokens = "75k"
        """,
    )
    doc = json.loads(compare(run, dims, str(profile), "--cache-reads", "0", "--json").out)
    assert doc["workload"]["traffic"]["cache_read_share"] == 0
    assert doc["workload"]["traffic"]["prompt_tokens"] == 75000
    # prompt_tokens gives the requests: 7,500,000 / 75,000 = 100, so the fee is $1
    assert {r["model"]: r["daily_cost"] for r in doc["results"]}["fee"] == 11
    doc = json.loads(compare(run, dims, str(profile), "--requests-per-day", "50", "--json").out)
    assert (
        doc["workload"]["traffic"]["requests_per_day"],
        doc["workload"]["traffic"]["prompt_tokens"],
    ) == (50, None)


def test_a_bad_profile_key_names_the_file_and_key(run: Run, dims: Path, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "bad.toml",
        """
        name = "bad"
        tokens_per_day = "10M"
        ratio = "3:1"
        cache_hits = 0.5
        """,
    )
    result = run("compare", str(profile), "--catalogue", str(dims), "--as-of", "2026-03-15")
    assert result.code == 2
    assert result.err == (
        f"error: {profile}: cache_hits: unknown key; did you mean 'cache_read_share'?\n"
    )


def test_the_former_names_still_work(run: Run, dims: Path, tmp_path: Path) -> None:
    """--cache-hits, cache_hit_share and long_cache_writes (docs/glossary.md: deprecated)
    price as --cache-reads, cache_read_share and cache_write_long do."""
    new = compare(run, dims, "--cache-reads", "0.5", "--cache-write-long", "--json").out
    old = compare(run, dims, "--cache-hits", "0.5", "--cache-write-long", "--json").out
    assert old == new
    profiles = {
        name: write(
            tmp_path / f"{name}.toml",
            f"""
            name = "p"
            tokens_per_day = "10M"
            ratio = "3:1"
            {keys}
            """,
        )
        for name, keys in (
            ("new", "cache_read_share = 0.5\ncache_write_share = 0.1\ncache_write_long = true"),
            ("old", "cache_hit_share = 0.5\ncache_write_share = 0.1\nlong_cache_writes = true"),
        )
    }
    priced = {name: compare(run, dims, str(path), "--json").out for name, path in profiles.items()}
    assert priced["old"] == priced["new"]
    assert json.loads(priced["new"])["workload"]["traffic"]["cache_write_long"] is True


def test_a_name_and_its_former_name_together_are_refused(run: Run, tmp_path: Path) -> None:
    profile = write(
        tmp_path / "both.toml",
        """
        name = "both"
        tokens_per_day = "10M"
        ratio = "3:1"
        cache_read_share = 0.5
        cache_hit_share = 0.5
        """,
    )
    result = run("compare", str(profile))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {profile}: give cache_read_share (cache_hit_share is its former name), not both\n"
    )


def test_a_bad_price_entry_names_the_file_and_key(run: Run, dims: Path) -> None:
    text = (dims / "dims.toml").read_text()
    (dims / "dims.toml").write_text(
        text.replace("batch_discount = 0.5", "batch_discount = 0.5\nbatch_input = 1")
    )
    result = run("prices", "validate", str(dims))
    assert result.code == 2
    row = next(line for line in result.out.splitlines() if line.startswith("dims.toml"))
    assert row.split(None, 2) == [
        "dims.toml",
        "models[0].prices[0]",
        "give batch_input and batch_output, or batch_discount, not both",
    ]
    result = run("compare", "--catalogue", str(dims))
    assert result.code == 2
    assert result.err.startswith(f"error: invalid catalogue: {dims / 'dims.toml'}: models[0]")


# -- budgets and diffs ------------------------------------------------------------------


def test_check_prices_a_profile_with_traffic(run: Run, dims: Path, tmp_path: Path) -> None:
    budgets = write(
        tmp_path / "tokencost.toml",
        """
        [[budgets]]
        name = "agents"
        models = ["cachey", "nightly"]
        monthly_limit = 1300
        [budgets.workload]
        tokens_per_day = "10M"
        ratio = "3:1"
        cache_read_share = 0.5
        """,
    )
    result = run("check", str(budgets), "--catalogue", str(dims), "--as-of", "2026-03-15", "--json")
    assert result.code == 1, result.err  # cachey is over
    doc = json.loads(result.out, parse_float=Decimal)
    spend = {r["model"]: (r["monthly_cost"], r.get("flags")) for r in doc["results"]}
    # cachey: 3.75M x 4 + 3.75M x 0.4 + 2.5M x 12 = 46.5 a day, 1,395 a month (over 1,300);
    # nightly has no cache price: 7.5M x 2 + 2.5M x 6 = 30 a day, 900 a month, flagged
    assert spend == {
        "cachey": (Decimal("1395"), None),
        "nightly": (Decimal("900"), [NO_CACHE]),
    }
    assert doc["results"][0]["workloads"][0]["traffic"]["cache_read_share"] == Decimal("0.5")
    table = run("check", str(budgets), "--catalogue", str(dims), "--as-of", "2026-03-15")
    assert table.code == 1  # cachey is over its limit
    assert f"Flag: agents on nightly: {NO_CACHE}." in table.out.splitlines()
    assert "Traffic: 50% of input tokens read from cache." in table.out


def test_diff_prices_profiles_with_traffic(run: Run, dims: Path, tmp_path: Path) -> None:
    head = 'name = "p"\ntokens_per_day = "10M"\nratio = "3:1"\n'
    base = write(tmp_path / "base.toml", head)
    new = write(tmp_path / "new.toml", head + "cache_read_share = 0.5\n")
    result = run(
        "diff", str(base), str(new), "--catalogue", str(dims), "--base-catalogue", str(dims),
        "--models", "cachey,nightly", "--as-of", "2026-03-15", "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    doc = json.loads(result.out, parse_float=Decimal)
    rows = {r["model"]: r for r in doc["results"]}
    # cachey: 7.5M x 4 + 2.5M x 12 = 60 a day -> 46.5 with half the input from cache
    assert (rows["cachey"]["before"], rows["cachey"]["after"]) == (1800, 1395)
    assert (rows["nightly"]["before"], rows["nightly"]["after"]) == (900, 900)
    assert doc["flags"] == [f"{new}: nightly: {NO_CACHE}"]


# -- prices set -------------------------------------------------------------------------


def test_set_takes_pricing_flags_and_a_replace_keeps_the_rest(run: Run, dims: Path) -> None:
    common = ("--catalogue", str(dims), "--effective", "2026-01-01", "--source", "book")
    result = run(
        "prices", "set", "cachey", "--input", "3", "--output", "9", "--cache-read", "0.3",
        "--replace", *common, "--json",
    )  # fmt: skip
    assert result.code == 0, result.err
    doc = json.loads(result.out, parse_float=Decimal)
    assert doc["kept"] == ["cache_write", "batch_discount", "tiers"]
    assert doc["entry"] == {
        "effective": "2026-01-01", "source": "book", "input": 3, "output": 9,
        "cache_read": Decimal("0.3"), "cache_write": 5, "batch_discount": Decimal("0.5"),
        "tiers": [{"above": 100000, "input": 8, "output": 24}],
    }  # fmt: skip
    text = (dims / "dims.toml").read_text()
    assert "cache_read = 0.3\ncache_write = 5\nbatch_discount = 0.5\n" in text
    bad = run(
        "prices", "set", "fee", "--input", "1", "--output", "1", "--batch-input", "1",
        "--effective", "2026-05-01", "--source", "book", "--catalogue", str(dims),
    )  # fmt: skip
    assert (bad.code, bad.err) == (
        2,
        "error: give both batch_input and batch_output (or batch_discount instead)\n",
    )


def test_breakdown_tables_on_stdout_and_an_error_alone_on_stderr(run: Run, dims: Path) -> None:
    """stdout carries the tables only; an error is one line on stderr with exit code 2
    (that these reach a shell as a process's streams and exit code: tests/house/
    test_process.py)."""
    base = ["compare", "--catalogue", str(dims)]
    done = run(*base, "--as-of", "2026-03-15", *TRAFFIC, "--breakdown")
    assert (done.code, done.err) == (0, "")
    assert done.out.count("Model ") == 2
    failed = run(*base, "--batch", "2")
    assert (failed.code, failed.out) == (2, "")
    assert (
        failed.err
        == "error: --batch: 2 is more than 1; did you mean 2%? (a fraction is written 0.75 "
        "or 75%)\n"
    )


# -- the real process --------------------------------------------------------------------


def test_a_plain_compare_does_not_load_the_dimension_machinery(run: Run) -> None:
    """Startup: a workload without pricing dimensions never imports the modules that
    price them (their rate and usage classes cost a few milliseconds to build), nor
    pydantic once the catalogue is cached; one with them does."""
    probe = (
        "import sys, io\n"
        "from tokencost.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        "code = main(sys.argv[1:])\n"
        "sys.stdout = sys.__stdout__\n"
        "names = ('tokencost.engine.dimensions', 'tokencost.engine.rates', 'pydantic')\n"
        "print(code, [name for name in names if name in sys.modules])\n"
    )

    def loaded(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, "compare", "--json", "--as-of", "2026-08-21", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert run("compare", "--json", "--as-of", "2026-08-21").code == 0  # fills the cache
    assert loaded() == "0 []"
    assert loaded("--cache-reads", "0.5") == (
        "0 ['tokencost.engine.dimensions', 'tokencost.engine.rates']"
    )


def test_prices_diff_sees_a_change_of_cache_price_alone(
    run: Run, dims: Path, tmp_path: Path
) -> None:
    import shutil

    new = tmp_path / "new"
    shutil.copytree(dims, new)
    text = (dims / "dims.toml").read_text()
    (new / "dims.toml").write_text(text.replace("cache_read = 0.4", "cache_read = 0.3"))
    args = ("prices", "diff", str(dims), str(new), "--as-of", "2026-03-15")
    table = run(*args)
    assert table.code == 0, table.err
    rows = [line.split() for line in table.out.splitlines() if line.startswith("cachey")]
    assert rows == [["cachey", "repriced", "-", "$4.00", "$12.00", "$4.00", "$12.00", "0%", "0%"]]
    assert "Other prices: cachey: cache_read changed (prices show cachey lists them)." in (
        table.out.splitlines()
    )
    doc = json.loads(run(*args, "--json").out)
    change = next(c for c in doc["changes"] if c["model"] == "cachey")
    assert (change["status"], change["dimensions_changed"]) == ("repriced", ["cache_read"])
    assert all("dimensions_changed" not in c for c in doc["changes"] if c["model"] != "cachey")


def test_the_effective_price_at_zero_tokens_is_that_of_any_other_day(run: Run, dims: Path) -> None:
    """The ratio stays defined at 0 tokens a day: the effective price is that of a day of
    1M tokens with the same shares (here 0.5 of input from cache, 20% by batch)."""
    args = ("--cache-reads", "0.5", "--batch", "0.2", "--json")
    zero = json.loads(compare(run, dims, "--tokens-per-day", "0", *args).out)
    ten = json.loads(compare(run, dims, "--tokens-per-day", "10M", *args).out)
    assert [r["daily_cost"] for r in zero["results"]] == [0, 0, 0]
    prices = {r["model"]: (r["blended_price"], r["ratio"]) for r in zero["results"]}
    assert prices == {r["model"]: (r["blended_price"], r["ratio"]) for r in ten["results"]}

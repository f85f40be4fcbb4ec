"""The command line: exit codes, stdout and stderr apart, the JSON contract."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, Run, catalogue_doc, write
from tokencost import __version__
from tokencost.catalogue import load_catalogue

PRICES = str(REPO / "prices")
JUNE = "2026-06-15"


def test_compare_the_article_table(run: Run) -> None:
    result = run("compare", "--as-of", JUNE)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == "Cost of workload 'default': 10M tokens/day, 3:1"
    rows = [line.split() for line in lines[4:9]]
    assert [r[0] for r in rows] == [
        "glm-5-flash",
        "deepseek-v4-pro",
        "llama-4-maverick",
        "gpt-5.5",
        "claude-opus-4.8",
    ]
    gpt = lines[7]
    # the article's figures, then today's list price beside them
    assert gpt.split()[-5:] == ["$43.75", "$1,312.50", "$15,750.00", "100x", "$5.00/$30.00"]
    assert lines[4].split()[-2:] == ["free", "none"]
    assert "\x1b[" not in result.out  # not a terminal: plain text


def test_the_footer_states_the_assumptions(run: Run) -> None:
    out = run("compare", "--as-of", JUNE).out
    digest = load_catalogue(PRICES).digest
    assert (
        "Workload: default, 10,000,000 tokens/day = 7,500,000 input + 2,500,000 output (3:1); "
        "month = 30 days, year = 12 months."
    ) in out
    assert "from source 'article'" in out
    assert f"in effect on {JUNE}." in out
    assert f"Catalogue: tokencost 2026.11.6 ({digest[:19]}), updated 2026-11-30." in out
    assert "Ratio: cost / cost on deepseek-v4-pro (baseline: cheapest non-zero)." in out


def test_table_snapshot(run: Run, tiny: Path) -> None:
    result = run("compare", "--catalogue", str(tiny), "--as-of", JUNE, "-t", "3M", "-r", "2:1")
    digest = load_catalogue(tiny).digest[:19]
    assert result.out == (
        "Cost of workload 'default': 3M tokens/day, 2:1\n"
        "\n"
        "Model  Provider  Input $/1M  Output $/1M   Daily  Monthly     Yearly  Ratio\n"
        "-----  --------  ----------  -----------  ------  -------  ---------  -----\n"
        "free   Acme           $0.00        $0.00   $0.00    $0.00      $0.00   free\n"
        "small  Acme           $0.04        $0.12   $0.20    $6.00     $72.00     1x\n"
        "big    Acme           $2.00        $6.00  $10.00  $300.00  $3,600.00    50x\n"
        "\n"
        "Workload: default, 3,000,000 tokens/day = 2,000,000 input + 1,000,000 output (2:1); "
        "month = 30 days, year = 12 months.\n"
        "Prices: USD per 1M tokens from source 'book' (\"A price book\"), in effect on "
        "2026-06-15.\n"
        f"Catalogue: tiny 2026.01.0 ({digest}), updated 2026-01-15.\n"
        "Ratio: cost / cost on small (baseline: cheapest non-zero).\n"
    )


RESULT_KEYS = {
    "model",
    "name",
    "provider",
    "input_price",
    "output_price",
    "blended_price",
    "daily_cost",
    "monthly_cost",
    "yearly_cost",
    "ratio",
    "ratio_note",
    "price",
    "list_price",
}


def test_json_contract(run: Run) -> None:
    result = run("compare", "--json", "--as-of", JUNE)
    assert (result.code, result.err) == (0, "")
    doc = json.loads(result.out, parse_float=Decimal)
    assert set(doc) == {
        "schema",
        "currency",
        "catalogue",
        "as_of",
        "source",
        "sources",
        "assumptions",
        "workload",
        "baseline",
        "baseline_rule",
        "results",
        "unpriced",
    }
    assert doc["schema"] == "tokencost.compare/1"
    assert doc["currency"] == "USD"
    catalogue = load_catalogue(PRICES)
    assert doc["catalogue"] == catalogue_doc(
        PRICES, "tokencost", catalogue.version, catalogue.digest, "2026-11-30", "shipped"
    )
    assert doc["as_of"] == JUNE
    assert doc["workload"] == {
        "name": "default",
        "description": "",
        "tokens_per_day": 10_000_000,
        "input_tokens_per_day": 7_500_000,
        "output_tokens_per_day": 2_500_000,
        "days_per_month": 30,
        "split": "3:1",
    }
    assert doc["assumptions"]["days_per_month"] == 30
    assert doc["assumptions"]["months_per_year"] == 12
    assert doc["baseline"] == "deepseek-v4-pro"
    assert doc["source"]["id"] == "article"
    assert all(set(row) == RESULT_KEYS for row in doc["results"])
    gpt = next(row for row in doc["results"] if row["model"] == "gpt-5.5")
    assert gpt["provider"] == "openai"
    assert (gpt["input_price"], gpt["output_price"]) == (Decimal("2.5"), 10)
    assert (gpt["daily_cost"], gpt["monthly_cost"], gpt["yearly_cost"]) == (
        Decimal("43.75"),
        Decimal("1312.5"),
        15750,
    )
    assert gpt["ratio"] == 100
    assert gpt["price"]["effective"] == "2026-06-01"
    deepseek = next(row for row in doc["results"] if row["model"] == "deepseek-v4-pro")
    assert deepseek["monthly_cost"] == Decimal("13.125")
    assert doc["unpriced"] == []


def test_json_ratio_is_null_with_a_reason_against_a_free_baseline(run: Run) -> None:
    result = run("compare", "--json", "--as-of", JUNE, "--baseline", "glm-5-flash")
    doc = json.loads(result.out)
    assert {row["ratio"] for row in doc["results"]} == {None}
    assert doc["results"][1]["ratio_note"] == (
        "baseline glm-5-flash is free: a ratio to it is undefined"
    )
    assert "Infinity" not in result.out


def test_json_numbers_are_exact_text(run: Run) -> None:
    out = run("compare", "--json", "--as-of", JUNE, "--ratio", "1:0").out
    assert '"ratio": 71.42857142857142857142857142857142857143' in out
    digest = load_catalogue(PRICES).digest  # hex digits may read like 2e0
    assert re.search(r"\d[eE][+-]?\d", out.replace(digest, "")) is None


def test_format_flag_and_json_shorthand(run: Run) -> None:
    assert (
        run("compare", "-f", "json", "--as-of", JUNE).out
        == run("compare", "--json", "--as-of", JUNE).out
    )
    csv = run("compare", "--format", "csv", "--as-of", JUNE, "-m", "gpt-5.5")
    assert csv.out == (
        "model,provider,source,effective,input_price,output_price,blended_price,daily_cost,"
        "monthly_cost,yearly_cost,ratio\n"
        "gpt-5.5,openai,article,2026-06-01,2.5,10,4.375,43.75,1312.5,15750,1\n"
    )
    md = run("compare", "--format", "markdown", "--as-of", JUNE).out
    assert md.startswith("### Cost of workload 'default': 10M tokens/day, 3:1\n\n| Model |")
    assert "| gpt-5.5 | OpenAI | $2.50 | $10.00 | $43.75 | $1,312.50 | $15,750.00 | 100x |" in md


def test_a_profile_and_flags_over_it(run: Run, tmp_path: Path) -> None:
    profile = write(tmp_path / "p.toml", 'name = "p"\ntokens_per_day = "1M"\nratio = "1:1"\n')
    doc = json.loads(run("compare", str(profile), "--json", "--as-of", JUNE).out)
    assert doc["workload"]["name"] == "p"
    assert doc["workload"]["input_tokens_per_day"] == 500_000
    doc = json.loads(
        run(
            "compare", str(profile), "--json", "--as-of", JUNE, "-t", "2M", "--days-per-month", "20"
        ).out
    )
    assert (doc["workload"]["tokens_per_day"], doc["workload"]["days_per_month"]) == (
        2_000_000,
        20,
    )
    assert doc["workload"]["split"] == "1:1"


def test_models_and_baseline_flags(run: Run) -> None:
    doc = json.loads(
        run("compare", "--json", "--as-of", JUNE, "-m", "GPT-5.5,opus-4.8", "-b", "gpt-5.5").out,
        parse_float=Decimal,
    )
    assert [r["model"] for r in doc["results"]] == ["gpt-5.5", "claude-opus-4.8"]
    assert doc["baseline"] == "gpt-5.5"
    assert doc["results"][1]["ratio"] == Decimal("1.371428571428571428571428571428571428571")


def test_zero_tokens_a_day_is_allowed_and_costs_zero(run: Run) -> None:
    result = run("compare", "--json", "--as-of", JUNE, "--tokens-per-day", "0")
    assert result.code == 0
    assert {row["monthly_cost"] for row in json.loads(result.out)["results"]} == {0}


def test_dates_before_some_first_prices_list_the_unpriced(run: Run) -> None:
    result = run("compare", "--as-of", "2026-05-15")
    assert result.code == 0
    assert "deepseek-v4-pro" in result.out
    assert (
        "Not priced: gpt-5.5 has no price from source 'article' on 2026-05-15; its first is "
        "effective 2026-06-01"
    ) in result.out


def test_tokencost_today_is_the_default_date(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-05-15")
    pinned = run("compare", "--json")
    assert (pinned.code, pinned.err) == (0, "")
    assert json.loads(pinned.out)["as_of"] == "2026-05-15"
    given = json.loads(run("compare", "--json", "--as-of", JUNE).out)
    assert given["as_of"] == JUNE  # --as-of wins
    monkeypatch.setenv("TOKENCOST_TODAY", "15/05/2026")
    bad = run("compare")
    assert (bad.code, bad.out) == (2, "")
    assert bad.err == (
        "error: TOKENCOST_TODAY: '15/05/2026' is not a date; use YYYY-MM-DD, e.g. 2026-06-01\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "-m", "gpt5.5"], "error: unknown model 'gpt5.5'; did you mean 'gpt-5.5'?"),
        (["compare", "-t", "-5"], "error: --tokens-per-day: -5 is negative"),
        (["compare", "-t", "NaN"], "error: --tokens-per-day: 'NaN' is not a number"),
        (["compare", "-r", "0:0"], "error: --ratio: 0:0 has no input or output"),
        (
            ["compare", "--input-share", "2"],
            "error: --input-share: 2 is more than 1; did you mean 2%?",
        ),
        (["compare", "--as-of", "2026-02-30"], "error: --as-of: '2026-02-30' is not a date"),
        (["compare", "--as-of", "2025-01-01"], "error: no model has a price from source"),
        (["compare", "-m", "gpt-5.5", "--as-of", "2026-05-01"], "error: gpt-5.5 has no price"),
        (["compare", "--source", "lsit"], "error: unknown source 'lsit'"),
        (["compare", "--json", "-f", "csv"], "error: --json and --format csv disagree"),
        (["compare", "--zzz"], "error: No such option: --zzz (see 'tokencost compare --help')"),
        (["compare", "-f", "xml"], "error: Invalid value for '--format' / '-f'"),
        (["comapre"], "error: No such command 'comapre'. Did you mean 'compare'?"),
        (["compare", "missing.toml"], "error: missing.toml: cannot read: No such file"),
        (["compare", "--catalogue", "/nonexistent"], "error: catalogue not found"),
        (["models", "--source", "x"], "error: unknown source 'x'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    run: Run, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_invalid_profile_and_catalogue_files(run: Run, tmp_path: Path, tiny: Path) -> None:
    bad = write(tmp_path / "bad.toml", 'name = "x"\ntokens_per_day = "1M"\nratio = [\n')
    result = run("compare", str(bad))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {bad}: invalid TOML: ")
    (tiny / "acme.toml").write_text((tiny / "acme.toml").read_text().replace("input = 4", "in = 4"))
    result = run("compare", "--catalogue", str(tiny))
    assert result.code == 2
    assert result.err.startswith(
        f"error: invalid catalogue: {tiny / 'acme.toml'}: models[0].prices[0].in: unknown key"
    )


def test_catalogue_from_the_environment(
    run: Run, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    doc = json.loads(run("compare", "--json", "--as-of", JUNE).out)
    assert doc["catalogue"]["name"] == "tiny"
    doc = json.loads(run("compare", "--json", "--as-of", JUNE, "--catalogue", PRICES).out)
    assert doc["catalogue"]["name"] == "tokencost"


def test_an_internal_error_exits_3_and_debug_shows_the_traceback(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tokencost.engine

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(tokencost.engine, "compare", boom)
    result = run("compare")
    assert (result.code, result.out) == (3, "")
    assert result.err == (
        "error: internal error: RuntimeError: boom (a bug; re-run with --debug for the "
        "traceback and please report it)\n"
    )
    result = run("compare", "--debug")
    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err
    assert result.err.endswith("please report it)\n")


def test_debug_shows_the_traceback_of_an_input_error(run: Run) -> None:
    result = run("--debug", "compare", "-t", "-1")
    assert result.code == 2
    assert "Traceback" in result.err
    assert (
        result.err.splitlines()[-1]
        == "error: --tokens-per-day: -1 is negative; it must be 0 or more"
    )


def test_models_table_and_json(run: Run) -> None:
    table = run("models", "--as-of", JUNE)
    assert table.code == 0
    [row] = [line for line in table.out.splitlines() if line.startswith("deepseek-v4-pro ")]
    assert row.split()[1:8] == ["DeepSeek", "V4", "Pro", "DeepSeek", "MoE", "671B/37B", "open"]
    doc = json.loads(run("models", "--json", "--as-of", JUNE).out, parse_float=Decimal)
    assert doc["schema"] == "tokencost.models/1"
    by_id = {m["id"]: m for m in doc["models"]}
    assert {"gpt-5.5", "claude-opus-4.8", "llama-4-maverick", "deepseek-v4-pro",
            "glm-5-flash"} <= set(by_id)  # fmt: skip
    assert by_id["deepseek-v4-pro"]["price"]["input"] == Decimal("0.035")
    assert by_id["deepseek-v4-pro"]["price"]["source"] == "article"
    early = json.loads(run("models", "--json", "--as-of", "2026-04-15").out)
    gpt = next(m for m in early["models"] if m["id"] == "gpt-5.5")
    assert gpt["price"] is None
    assert gpt["price_missing"].startswith("gpt-5.5 has no price from source 'article'")


def test_version_names_the_distribution_to_install(run: Run) -> None:
    """``tokencost-cli`` on PyPI (``tokencost`` there is another project); installed so."""
    import tomllib
    from importlib import metadata

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert project["name"] == "tokencost-cli"
    assert metadata.version("tokencost-cli") == __version__
    assert (
        metadata.distribution("tokencost-cli")
        .entry_points.select(group="console_scripts")["tokencost"]
        .value
        == "tokencost.cli:main"
    )
    assert run("--version").out == f"tokencost-cli {__version__}\n"


def test_models_states_its_source_and_catalogue_as_compare_does(run: Run) -> None:
    """One footer for one source: the listing names the author and date like compare."""

    def footer(*args: str) -> list[str]:
        lines = run(*args, "--as-of", JUNE).out.splitlines()
        return [line for line in lines if line.startswith(("Prices:", "Catalogue:"))]

    expected = [
        "Prices: USD per 1M tokens from source 'article' (\"The US vs. China AI Rivalry: Heavy "
        'Infrastructure vs. Hyper-Cost-Efficiency", Shyank Akshar, 2026-06), in effect on '
        "2026-06-15.",
        "Catalogue: tokencost 2026.11.6 (sha256:5e648a7ed09f), updated 2026-11-30.",
    ]
    # the listing of the whole market mixes sources; of the article's models it has one
    assert footer("models", "--source", "article") == footer("compare") == expected
    listing = json.loads(run("models", "--json", "--as-of", JUNE, "--source", "article").out)
    comparison = json.loads(run("compare", "--json", "--as-of", JUNE).out)
    assert listing["source"] == comparison["source"]


def test_no_arguments_shows_help(run: Run) -> None:
    result = run()
    assert (result.code, result.err) == (0, "")
    assert "compare" in result.out
    assert "Exit codes: 0 ok, 1 budget breach, 2 invalid input, 3 internal error." in result.out

"""Choosing among many models: globs, providers, context, dimensions, cheapest, search;
the did-you-mean that never crosses to another model; each model from its own source."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.helpers import Run, write
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.suggest import same_model, same_model_spelling, unknown_model

MANIFEST = """\
name = "market"
version = "2026.06.0"
updated = 2026-06-01
currency = "USD"
default_source = "article"
fallback_source = "list"

[sources.article]
title = "An article"

[sources.list]
title = "List prices"
"""

OPENAI = """\
provider = "openai"
name = "OpenAI"

[[models]]
id = "gpt-5.5"
name = "GPT-5.5"
context_window = 400000

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 5
output = 30
cache_read = 0.5

[[models.prices]]
effective = 2026-01-01
source = "article"
input = 2.5
output = 10

[[models]]
id = "gpt-5-mini"
name = "GPT-5 mini"
context_window = 400000

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 0.25
output = 2
cache_read = 0.025

[[models]]
id = "gpt-4o-mini"
name = "GPT-4o mini"
aliases = ["gpt-4o-mini-2024-07-18"]
context_window = 128000

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 0.15
output = 0.6
"""

ANTHROPIC = """\
provider = "anthropic"
name = "Anthropic"

[[models]]
id = "claude-opus-4-8"
name = "Claude Opus 4.8"
context_window = 1000000

[[models.prices]]
effective = 2026-01-01
source = "article"
input = 3
output = 15

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 5
output = 25
cache_read = 0.5

[[models]]
id = "claude-sonnet-4-5"
name = "Claude Sonnet 4.5"
context_window = 200000

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 3
output = 15
batch_discount = 0.5

[[models]]
id = "claude-haiku-4-5"
name = "Claude Haiku 4.5"

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 1
output = 5

[[models]]
id = "claude-free"
name = "Claude Free"

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 0
output = 0

[[models]]
id = "claude-later"
name = "Claude Later"

[[models.prices]]
effective = 2027-01-01
source = "list"
input = 9
output = 9
"""

JUNE = "2026-06-15"
KNOWN = (
    "claude-opus-4-8, claude-sonnet-4-5, claude-haiku-4-5, claude-free, claude-later, gpt-5.5, "
    "gpt-5-mini, gpt-4o-mini"
)


@pytest.fixture
def market(tmp_path: Path) -> Path:
    folder = tmp_path / "market"
    write(folder / "manifest.toml", MANIFEST)
    write(folder / "openai.toml", OPENAI)
    write(folder / "anthropic.toml", ANTHROPIC)
    return folder


def rows(run: Run, market: Path, *args: str) -> list[tuple[str, str, Decimal]]:
    """(model, source, monthly cost) of each result of ``compare --json``."""
    result = run("compare", "--json", "--as-of", JUNE, "--catalogue", str(market), *args)
    assert (result.code, result.err) == (0, ""), result.err
    doc = json.loads(result.out, parse_float=Decimal)
    return [(r["model"], r["price"]["source"], r["monthly_cost"]) for r in doc["results"]]


def models_of(run: Run, market: Path, *args: str) -> list[str]:
    result = run("models", "--json", "--as-of", JUNE, "--catalogue", str(market), *args)
    assert (result.code, result.err) == (0, ""), result.err
    return [m["id"] for m in json.loads(result.out)["models"]]


def error(run: Run, market: Path, *args: str) -> str:
    result = run("compare", "--as-of", JUNE, "--catalogue", str(market), *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1
    return result.err.removeprefix("error: ").rstrip("\n")


# -- what compare shows -----------------------------------------------------------------------


def test_by_default_the_models_of_the_default_source(run: Run, market: Path) -> None:
    # 7.5M input + 2.5M output a day, 30 days
    assert rows(run, market) == [
        ("gpt-5.5", "article", Decimal("1312.5")),
        ("claude-opus-4-8", "article", Decimal(1800)),
    ]


def test_a_model_the_default_source_lacks_is_priced_from_the_fallback(
    run: Run, market: Path
) -> None:
    assert rows(run, market, "--models", "gpt-5.5,claude-sonnet-4-5") == [
        ("gpt-5.5", "article", Decimal("1312.5")),
        ("claude-sonnet-4-5", "list", Decimal(1800)),
    ]
    result = run(
        "compare", "--json", "--as-of", JUNE, "--catalogue", str(market), "-m", "gpt-5.5,gpt-5-mini"
    )
    doc = json.loads(result.out)
    assert [s["id"] for s in doc["sources"]] == ["article", "list"]
    assert doc["source"]["id"] == "article"


def test_models_all_from_the_fallback_are_said_to_be(run: Run, market: Path) -> None:
    args = ("--as-of", JUNE, "--catalogue", str(market), "--models", "claude-s*,claude-h*")
    result = run("compare", *args)
    assert (result.code, result.err) == (0, "")
    prices = next(line for line in result.out.splitlines() if line.startswith("Prices: "))
    assert prices == (
        "Prices: USD per 1M tokens from source 'list' (\"List prices\"), in effect on 2026-06-15."
    )
    assert "Source" not in result.out.splitlines()[2]
    doc = json.loads(run("compare", "--json", *args).out)
    assert (doc["source"]["id"], [s["id"] for s in doc["sources"]]) == ("list", ["list"])
    listing = json.loads(run("models", "--json", *args).out)
    assert (listing["source"]["id"], [s["id"] for s in listing["sources"]]) == ("list", ["list"])


def test_a_replay_names_the_models_priced_from_the_fallback(
    run: Run, market: Path, tmp_path: Path
) -> None:
    log = write(
        tmp_path / "usage.jsonl",
        '{"model": "claude-sonnet-4-5", "usage": {"input_tokens": 1000, "output_tokens": 100}}\n'
        '{"model": "gpt-5.5", "usage": {"prompt_tokens": 1000, "completion_tokens": 100}}\n',
    )
    result = run("replay", str(log), "--as-of", JUNE, "--catalogue", str(market))
    assert (result.code, result.err) == (0, "")
    prices = next(line for line in result.out.splitlines() if line.startswith("Prices: "))
    assert prices == (
        "Prices: USD per 1M tokens from source 'article' (\"An article\"), each record at the "
        "price in effect on its own day; 2 records without a timestamp priced on 2026-06-15; "
        "where it has no price, from source 'list': claude-sonnet-4-5."
    )


def test_a_table_of_several_sources_says_so_on_every_row(run: Run, market: Path) -> None:
    result = run(
        "compare",
        "--catalogue",
        str(market),
        "--as-of",
        JUNE,
        "--models",
        "gpt-5.5,claude-sonnet-4-5,gpt-4o-mini",
    )
    digest = load_catalogue(market).digest[:19]
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "Cost of workload 'default': 10M tokens/day, 3:1\n"
        "\n"
        "Model              Provider   Source   Input $/1M  Output $/1M   Daily    Monthly      "
        "Yearly    Ratio   List in/out\n"
        "-----------------  ---------  -------  ----------  -----------  ------  ---------  "
        "----------  -------  ------------\n"
        "gpt-4o-mini        OpenAI     list          $0.15        $0.60   $2.63     $78.75     "
        "$945.00       1x\n"
        "gpt-5.5            OpenAI     article       $2.50       $10.00  $43.75  $1,312.50  "
        "$15,750.00  16.67x~  $5.00/$30.00\n"
        "claude-sonnet-4-5  Anthropic  list          $3.00       $15.00  $60.00  $1,800.00  "
        "$21,600.00   22.86x\n"
        "\n"
        "Workload: default, 10,000,000 tokens/day = 7,500,000 input + 2,500,000 output (3:1); "
        "month = 30 days, year = 12 months.\n"
        "Prices: USD per 1M tokens from source 'article' (\"An article\"), in effect on "
        "2026-06-15: gpt-5.5.\n"
        "Prices: USD per 1M tokens from source 'list' (\"List prices\"), in effect on "
        "2026-06-15: gpt-4o-mini, claude-sonnet-4-5.\n"
        f"Catalogue: market 2026.06.0 ({digest}), updated 2026-06-01.\n"
        "Ratio: cost / cost on gpt-4o-mini (baseline: cheapest non-zero).\n"
        "Ratio~: across sources: the model's price and the baseline's come from different "
        "sources (see Source), not like for like.\n"
        "List in/out: the price from source 'list' in effect on 2026-06-15, where it differs "
        "from the price used (same: equal; none: it has none).\n"
    )


def test_one_source_has_no_source_column(run: Run, market: Path) -> None:
    result = run("compare", "--catalogue", str(market), "--as-of", JUNE, "--source", "list")
    header = result.out.splitlines()[2]
    assert header.split() == [
        "Model",
        "Provider",
        "Input",
        "$/1M",
        "Output",
        "$/1M",
        "Daily",
        "Monthly",
        "Yearly",
        "Ratio",
    ]
    assert "~" not in result.out


def test_source_list_is_the_pure_list_view(run: Run, market: Path) -> None:
    assert rows(run, market, "--source", "list") == [
        ("claude-opus-4-8", "list", Decimal(3000)),
        ("gpt-5.5", "list", Decimal(3375)),
    ]


# -- globs and filters ------------------------------------------------------------------------


def test_globs(run: Run, market: Path) -> None:
    found = rows(run, market, "--models", "claude-*,GPT-5*")
    assert [model for model, _, _ in found] == [
        "claude-free",
        "gpt-5-mini",
        "claude-haiku-4-5",
        "gpt-5.5",
        "claude-opus-4-8",
        "claude-sonnet-4-5",
    ]
    # claude-later has no price in June: left out, listed as not priced
    result = run("compare", "--json", "--as-of", JUNE, "--catalogue", str(market), "-m", "claude-*")
    assert [u["model"] for u in json.loads(result.out)["unpriced"]] == ["claude-later"]


def test_a_glob_matches_aliases_too(run: Run, market: Path) -> None:
    assert [m for m, _, _ in rows(run, market, "--models", "*-2024-07-18")] == ["gpt-4o-mini"]


def test_a_glob_that_matches_nothing(run: Run, market: Path) -> None:
    assert error(run, market, "--models", "gemini-*") == (
        "--models: 'gemini-*' matches no model's id or alias (tokencost models gemini "
        "searches them by name)"
    )


def test_provider(run: Run, market: Path) -> None:
    assert [m for m, _, _ in rows(run, market, "--provider", "openai")] == [
        "gpt-4o-mini",
        "gpt-5-mini",
        "gpt-5.5",
    ]
    assert error(run, market, "--provider", "opnai") == (
        "--provider: unknown provider 'opnai'; did you mean 'openai'? (providers: anthropic, "
        "openai)"
    )


def test_cheapest_leaves_free_models_out(run: Run, market: Path) -> None:
    assert rows(run, market, "--cheapest", "2") == [
        ("gpt-4o-mini", "list", Decimal("78.75")),
        ("gpt-5-mini", "list", Decimal("206.25")),
    ]
    assert [m for m, _, _ in rows(run, market, "--provider", "anthropic", "--cheapest", "1")] == [
        "claude-haiku-4-5"
    ]
    assert error(run, market, "--cheapest", "0") == (
        "--cheapest: give a number of models, 1 or more (got 0)"
    )


def test_min_context(run: Run, market: Path) -> None:
    assert [m for m, _, _ in rows(run, market, "--min-context", "200k")] == [
        "gpt-5-mini",
        "gpt-5.5",
        "claude-opus-4-8",
        "claude-sonnet-4-5",
    ]
    assert [m for m, _, _ in rows(run, market, "--min-context", "1M")] == ["claude-opus-4-8"]
    assert error(run, market, "--min-context", "2M", "--provider", "openai") == (
        "no model matches --provider openai, --min-context 2,000,000 (tokencost models lists them)"
    )


def test_supports(run: Run, market: Path) -> None:
    # the price in effect must have it: the article prices of gpt-5.5 and Opus have none
    assert [m for m, _, _ in rows(run, market, "--supports", "cache")] == ["gpt-5-mini"]
    assert [m for m, _, _ in rows(run, market, "--supports", "cache", "--source", "list")] == [
        "gpt-5-mini",
        "claude-opus-4-8",
        "gpt-5.5",
    ]
    assert [m for m, _, _ in rows(run, market, "--supports", "batch")] == ["claude-sonnet-4-5"]
    assert error(run, market, "--supports", "caching") == (
        "--supports: 'caching' is not a pricing dimension; use one of: cache, cache-write, "
        "batch, tiers, off-peak, reasoning, requests"
    )


def test_models_searches_and_filters_the_same_way(run: Run, market: Path) -> None:
    assert models_of(run, market, "claude", "4-5") == ["claude-sonnet-4-5", "claude-haiku-4-5"]
    assert models_of(run, market, "openai", "mini") == ["gpt-5-mini", "gpt-4o-mini"]
    assert models_of(run, market, "--models", "gpt-*", "--min-context", "200k") == [
        "gpt-5.5",
        "gpt-5-mini",
    ]
    assert models_of(run, market, "--supports", "batch") == ["claude-sonnet-4-5"]
    assert len(models_of(run, market)) == 8
    result = run("models", "--catalogue", str(market), "gemini")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "error: no model matches search 'gemini' (tokencost models lists them)\n",
    )


def test_models_prices_each_model_from_its_own_source(run: Run, market: Path) -> None:
    result = run("models", "--json", "--as-of", JUNE, "--catalogue", str(market), "gpt")
    doc = json.loads(result.out)
    assert [(m["id"], m["price"]["source"]) for m in doc["models"]] == [
        ("gpt-5.5", "article"),
        ("gpt-5-mini", "list"),
        ("gpt-4o-mini", "list"),
    ]


# -- a source pinned by a profile or a budget file ----------------------------------------------


def test_a_profile_pins_its_source_and_the_flag_wins(
    run: Run, market: Path, tmp_path: Path
) -> None:
    profile = write(
        tmp_path / "p.toml", 'name = "p"\ntokens_per_day = "10M"\nratio = "3:1"\nsource = "list"\n'
    )
    assert rows(run, market, str(profile)) == [
        ("claude-opus-4-8", "list", Decimal(3000)),
        ("gpt-5.5", "list", Decimal(3375)),
    ]
    assert rows(run, market, str(profile), "--source", "article")[0] == (
        "gpt-5.5",
        "article",
        Decimal("1312.5"),
    )
    write(profile, 'name = "p"\nsource = "List"\n')
    result = run("compare", str(profile), "--catalogue", str(market))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {profile}: source: String should match pattern")


def test_a_budget_file_pins_its_source(run: Run, market: Path, tmp_path: Path) -> None:
    budgets = write(
        tmp_path / "tokencost.toml",
        """\
        source = "list"

        [[budgets]]
        name = "chat"
        workload = { tokens_per_day = "10M", ratio = "3:1" }
        model = "gpt-5.5"
        monthly_limit = 3000
        """,
    )
    result = run("check", str(budgets), "--catalogue", str(market), "--as-of", JUNE, "--json")
    doc = json.loads(result.out, parse_float=Decimal)
    assert (result.code, doc["source"]["id"], doc["results"][0]["monthly_cost"]) == (
        1,
        "list",
        3375,
    )
    result = run(
        "check", str(budgets), "--catalogue", str(market), "--as-of", JUNE, "--source", "article"
    )
    assert result.code == 0


def test_a_budgets_own_source_wins_over_the_files(run: Run, market: Path, tmp_path: Path) -> None:
    budgets = write(
        tmp_path / "tokencost.toml",
        """\
        source = "list"

        [[budgets]]
        name = "article"
        workload = { tokens_per_day = "10M", ratio = "3:1" }
        model = "gpt-5.5"
        monthly_limit = 5000
        source = "article"

        [[budgets]]
        name = "list"
        workload = { tokens_per_day = "10M", ratio = "3:1" }
        model = "gpt-5.5"
        monthly_limit = 5000
        """,
    )

    def judged(*flags: str) -> list[tuple[str, str, Decimal]]:
        result = run("check", str(budgets), "--catalogue", str(market), "--as-of", JUNE, *flags)
        assert (result.code, result.err) == (0, "")
        doc = json.loads(result.out, parse_float=Decimal)
        return [(r["name"], r["source"], r["monthly_cost"]) for r in doc["results"]]

    assert judged("--json") == [
        ("article", "article", Decimal("1312.5")),
        ("list", "list", Decimal(3375)),
    ]
    # a flag wins over every pin
    assert judged("--json", "--source", "list") == [
        ("article", "list", Decimal(3375)),
        ("list", "list", Decimal(3375)),
    ]


# -- did you mean: the same model written differently, never a neighbour ---------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("claude-sonet-4-5", "unknown model 'claude-sonet-4-5'; did you mean 'claude-sonnet-4-5'?"),
        ("claude-opus-48", "unknown model 'claude-opus-48'; did you mean 'claude-opus-4-8'?"),
        ("gpt5.5", "unknown model 'gpt5.5'; did you mean 'gpt-5.5'?"),
        ("cluade-haiku-4-5", "unknown model 'cluade-haiku-4-5'; did you mean 'claude-haiku-4-5'?"),
        # a neighbour at another price is never suggested (this small catalogue lists its own)
        ("claude-sonnet-4-8", f"unknown model 'claude-sonnet-4-8'; known models: {KNOWN}"),
        ("claude-opus-4-5", f"unknown model 'claude-opus-4-5'; known models: {KNOWN}"),
        ("gpt-4o", "unknown model 'gpt-4o'; models whose names contain 'gpt-4o': gpt-4o-mini"),
        ("gpt-5", "unknown model 'gpt-5'; models whose names contain 'gpt-5': gpt-5.5, gpt-5-mini"),
        (
            "claude",
            "unknown model 'claude'; models whose names contain 'claude': claude-opus-4-8, "
            "claude-sonnet-4-5, claude-haiku-4-5, claude-free, claude-later",
        ),
        (
            "gp",
            "unknown model 'gp'; models whose names contain 'gp': gpt-5.5, gpt-5-mini, gpt-4o-mini",
        ),
    ],
)
def test_did_you_mean(run: Run, market: Path, name: str, message: str) -> None:
    assert error(run, market, "--models", name) == f"{message} (tokencost models lists them)"


def test_many_models_containing_the_name_are_counted() -> None:
    names = {f"claude-{n}": f"claude-{n}" for n in range(20)}
    assert unknown_model("claude", names, list(names)) == (
        "unknown model 'claude'; 20 models have 'claude' in their names (tokencost models "
        "claude lists them)"
    )
    assert unknown_model("gemini", names, list(names)) == (
        "unknown model 'gemini' (tokencost models lists them)"
    )


def test_a_small_catalogue_lists_its_models(run: Run, tiny: Path) -> None:
    result = run("compare", "--catalogue", str(tiny), "--models", "medium")
    assert result.err == (
        "error: unknown model 'medium'; known models: big, small, free (tokencost models lists "
        "them)\n"
    )


names = st.builds(
    lambda head, tail: "-".join([head, *tail]),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8),
    st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=4), max_size=3),
)
"""Names as ``[a-z]{2,8}(-[a-z0-9]{1,4}){0,3}`` (st.from_regex drew them ~4x slower)."""


@settings(deadline=None)  # timing varies on a shared machine; the property does not
@given(names, st.lists(names, min_size=1, max_size=20))
@example("gpt-4", ["gpt-5"])  # close as strings, another model: random names rarely are
def test_a_suggestion_has_the_same_digits_and_as_many_words(
    name: str, catalogue: list[str]
) -> None:
    found = same_model(name, {n: n for n in catalogue})
    if found is not None:
        assert same_model_spelling(name, found)
        digits = [c for c in name if c.isdigit()]
        assert [c for c in found if c.isdigit()] == digits


@settings(deadline=None)
@given(names, names)
@example("aaabac", "aaacbc")  # difflib's ratio is 0.83 one way, 0.67 the other (found by CI)
def test_the_spelling_rule_is_symmetric(a: str, b: str) -> None:
    assert same_model_spelling(a, b) == same_model_spelling(b, a)


def test_other_tables_name_the_models_priced_from_the_fallback(run: Run, market: Path) -> None:
    args = ["--catalogue", str(market), "--as-of", JUNE]
    route = run("route", "gpt-5.5", "gpt-5-mini", *args, "--step", "50%").out
    assert "in effect on 2026-06-15; where it has no price, from source 'list': gpt-5-mini." in (
        route
    )
    mix = run("compare", *args, "-m", "gpt-5.5", "--mix", "gpt-5.5:10%,gpt-5-mini:90%").out
    assert mix.splitlines()[-1].startswith(
        "Month = 30 days; prices from source 'article' in effect on 2026-06-15; where it has "
        "no price, from source 'list': gpt-5-mini; catalogue market 2026.06.0"
    )
    models = run("models", *args).out.splitlines()
    assert models[2].split() == [
        "Model",
        "Name",
        "Provider",
        "Type",
        "Weights",
        "Source",
        "Input",
        "$/1M",
        "Output",
        "$/1M",
        "Since",
    ]
    assert [line.split()[0] for line in models[4:11]] == [
        "claude-opus-4-8",
        "claude-sonnet-4-5",
        "claude-haiku-4-5",
        "claude-free",
        "claude-later",
        "gpt-5.5",
        "gpt-5-mini",
    ]
    assert "No price: claude-later has no price from source 'list' on 2026-06-15" in (
        run("models", *args).out
    )
    assert (
        "where it has no price, from source 'list': claude-sonnet-4-5, claude-haiku-4-5, "
        "claude-free, gpt-5-mini, gpt-4o-mini." in run("models", *args).out
    )

"""``tokencost prices list | show | history | diff | check | validate | schema``."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run, catalogue_doc
from tokencost.catalogue import load_catalogue

PRICES = REPO / "prices"
TODAY = "2026-11-29"


def as_json(result_out: str) -> Any:
    return json.loads(result_out, parse_float=Decimal)


# -- list -------------------------------------------------------------------------------


def test_list_puts_sources_side_by_side(run: Run) -> None:
    result = run("prices", "list", "--as-of", TODAY, "--models", "gpt-5.5,glm-5-flash")
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == "Prices in catalogue tokencost 2026.11.6"
    assert lines[4].split() == [
        "gpt-5.5",
        "article",
        "-",
        "$2.50",
        "$10.00",
        "2026-06-01",
        "unknown",
        "-",
    ]
    assert lines[5].split() == [
        "gpt-5.5", "list", "-", "$5.00", "$30.00", "2026-10-14", "unknown", "genai-prices",
    ]  # fmt: skip
    assert lines[6].split() == [
        "glm-5-flash",
        "article",
        "-",
        "$0.00",
        "$0.00",
        "2026-06-01",
        "unknown",
        "-",
    ]
    assert "No price: glm-5-flash has no price from source 'list' on 2026-11-29." in lines


def test_list_json_shows_every_host(run: Run) -> None:
    doc = as_json(run("prices", "list", "--json", "--as-of", TODAY, "-m", "llama-4-maverick").out)
    assert doc["schema"] == "tokencost.prices.list/1"
    catalogue = load_catalogue(PRICES)
    assert doc["catalogue"] == catalogue_doc(
        PRICES, "tokencost", catalogue.version, catalogue.digest, "2026-11-30", "shipped"
    )
    hosts = [
        (p["source"], p["host"], p["input"], p["output"], p["default_host"]) for p in doc["prices"]
    ]
    assert hosts == [
        ("article", None, 2, 6, False),
        ("list", "aws-bedrock", Decimal("0.24"), Decimal("0.97"), False),
        ("list", "fireworks", Decimal("0.22"), Decimal("0.88"), False),
        ("list", "groq", Decimal("0.20"), Decimal("0.60"), False),
        ("list", "together", Decimal("0.27"), Decimal("0.85"), True),
    ]


def test_list_before_any_list_price(run: Run) -> None:
    models = "gpt-5.5,claude-opus-4.8,deepseek-v4-pro,llama-4-maverick,glm-5-flash"
    args = ("--json", "--as-of", "2026-04-15", "--sources", "list", "--models", models)
    doc = as_json(run("prices", "list", *args).out)
    assert [p["model"] for p in doc["prices"]] == ["llama-4-maverick"] * 4
    assert {m["model"] for m in doc["missing"]} == {
        "claude-opus-4.8", "gpt-5.5", "deepseek-v4-pro", "glm-5-flash",
    }  # fmt: skip


# -- show and history -----------------------------------------------------------------------


def test_show_every_entry_of_every_source(run: Run) -> None:
    result = run("prices", "show", "deepseek-v4", "--as-of", TODAY)  # an alias
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "deepseek-v4-pro (DeepSeek V4 Pro, DeepSeek): every price entry"
    rows = [line.split() for line in lines[4:9]]
    assert rows == [
        ["article", "-", "2026-04-01", "2026-05-01", "$0.14", "$0.28", "unknown", "-", "[1]",
         "[2]"],
        ["*", "article", "-", "2026-05-01", "-", "$0.035", "$0.07", "unknown", "-", "[3]"],
        ["list", "-", "2026-05-01", "2026-08-17", "$0.435", "$0.87", "unknown", "genai-prices",
         "[4]", "[5]"],
        ["list", "-", "2026-08-17", "2026-08-23", "$1.32", "$3.96", "unknown", "genai-prices",
         "[6]", "[7]"],
        ["*", "list", "-", "2026-08-23", "-", "$1.32", "$3.96", "unknown", "genai-prices", "[8]",
         "[9]"],
    ]  # fmt: skip
    assert any(
        line.startswith("[2] article 2026-04-01 derived: 4x the article's") for line in lines
    )
    assert "[5] list 2026-05-01 pricing: cache read $0.003625" in lines
    assert (
        "[9] list 2026-08-23 pricing: cache read $0.044; off-peak mon,tue,wed,thu,fri "
        "12:00-14:00 Asia/Shanghai: input $0.66, output $1.98, cache read $0.022; off-peak "
        "mon,tue,wed,thu,fri 18:00-09:00 Asia/Shanghai: input $0.66, output $1.98, cache read "
        "$0.022; off-peak sat,sun 00:00-24:00 Asia/Shanghai: input $0.66, output $1.98, cache "
        "read $0.022"
    ) in lines


def test_show_json(run: Run) -> None:
    doc = as_json(run("prices", "show", "gpt-5.5", "--json", "--as-of", "2026-05-01").out)
    assert doc["schema"] == "tokencost.prices.show/1"
    assert doc["model"] == {
        "id": "gpt-5.5",
        "name": "GPT-5.5",
        "provider": "openai",
        "aliases": [
            "gpt-5-5", "gpt-5.5-2026-04-23", "gpt-5.5-2026-04-24", "gpt-5-5-2026-04-23",
            "gpt-5-5-2026-04-24", "gpt-5.5-chat", "gpt-5.5-chat-latest", "gpt-5-5-chat",
            "gpt-5-5-chat-latest", "gpt-5.5-codex", "gpt-5-5-codex",
        ],
        "default_host": None,
    }  # fmt: skip
    prices = doc["prices"]
    assert [(p["source"], p["effective"], p["in_effect"]) for p in prices] == [
        ("list", "2026-04-23", True),
        ("article", "2026-06-01", False),
        ("list", "2026-10-14", False),
    ]


def test_history_is_a_timeline_with_changes(run: Run) -> None:
    result = run("prices", "history", "deepseek-v4-pro", "--as-of", "2026-04-15")
    lines = result.out.splitlines()
    assert lines[0] == "Price history of deepseek-v4-pro (DeepSeek V4 Pro, DeepSeek)"
    assert [line.split() for line in lines[4:9]] == [
        ["*", "2026-04-01", "2026-05-01", "article", "-", "$0.14", "$0.28", "first", "first"],
        ["2026-05-01", "-", "article", "-", "$0.035", "$0.07", "-75%", "-75%"],
        ["2026-05-01", "2026-08-17", "list", "-", "$0.435", "$0.87", "first", "first"],
        ["2026-08-17", "2026-08-23", "list", "-", "$1.32", "$3.96", "+203.45%", "+355.17%"],
        ["2026-08-23", "-", "list", "-", "$1.32", "$3.96", "0%", "0%"],
    ]
    doc = as_json(run("prices", "history", "deepseek-v4-pro", "--json", "--sources", "list").out)
    assert doc["schema"] == "tokencost.prices.history/1"
    change = doc["timeline"][1]
    assert (change["input_change_percent"], change["previous"]["input"]) == (
        Decimal("203.4482758620689655172413793103448275862"), Decimal("0.435"),
    )  # fmt: skip


def test_unknown_model_and_source(run: Run) -> None:
    result = run("prices", "show", "gpt5.5")
    assert (result.code, result.out) == (2, "")
    assert (
        result.err
        == "error: unknown model 'gpt5.5'; did you mean 'gpt-5.5'? (tokencost models lists them)\n"
    )
    result = run("prices", "history", "gpt-5.5", "--sources", "lst")
    assert result.code == 2
    assert result.err.startswith("error: unknown source 'lst'; did you mean 'list'?")


# -- compare with the list source ---------------------------------------------------------


def test_compare_with_list_prices_names_the_source_and_host(run: Run) -> None:
    models = "gpt-5.5,claude-opus-4.8,deepseek-v4-pro,llama-4-maverick"
    result = run("compare", "--source", "list", "--as-of", TODAY, "--models", models)
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines[4:8]] == [
        "llama-4-maverick", "deepseek-v4-pro", "claude-opus-4.8", "gpt-5.5",
    ]  # fmt: skip
    # DeepSeek V4 Pro at its peak price (the workload sends nothing off-peak)
    assert lines[5].split()[-6:] == ["$1.32", "$3.96", "$19.80", "$594.00", "$7,128.00", "4.77x"]
    assert lines[7].split()[-4:] == ["$112.50", "$3,375.00", "$40,500.00", "27.11x"]
    prices = "Prices: USD per 1M tokens from source 'list' (\"Provider list prices\")"
    assert f"{prices}, in effect on 2026-11-29." in lines
    assert "Host: llama-4-maverick priced at together (--host picks another)." in lines


def test_host_option(run: Run) -> None:
    doc = as_json(
        run(
            "compare",
            "--json",
            "--source",
            "list",
            "--host",
            "groq",
            "-m",
            "llama-4-maverick",
            "--as-of",
            TODAY,
        ).out
    )
    row = doc["results"][0]
    assert (row["input_price"], row["output_price"], row["price"]["host"]) == (
        Decimal("0.20"),
        Decimal("0.60"),
        "groq",
    )
    assert row["monthly_cost"] == 90
    bad = run(
        "compare", "--source", "list", "--host", "grok", "-m", "llama-4-maverick", "--as-of", TODAY
    )
    assert bad.code == 2
    assert bad.err == (
        "error: --host: unknown host 'grok'; did you mean 'groq'? (hosts in this catalogue: "
        "aws-bedrock, fireworks, groq, together)\n"
    )


def test_the_article_source_ignores_host(run: Run) -> None:
    def prices(*args: str) -> list[tuple[str, Any, Any]]:
        doc = json.loads(run("compare", "--json", "--as-of", "2026-06-15", *args).out)
        return [(r["model"], r["price"], r["list_price"]) for r in doc["results"]]

    with_host, without = prices("--host", "groq"), prices()
    # the article's prices are the same; the list price beside Maverick's is groq's
    assert [(m, p) for m, p, _ in with_host] == [(m, p) for m, p, _ in without]
    listed = {m: (lp["host"], lp["input"]) for m, _, lp in with_host if lp}
    assert listed["llama-4-maverick"] == ("groq", 0.2)
    assert {m: (lp["host"], lp["input"]) for m, _, lp in without if lp}["llama-4-maverick"] == (
        "together",
        0.27,
    )


# -- diff -------------------------------------------------------------------------------


def test_diff_two_dates(run: Run) -> None:
    doc = as_json(run("prices", "diff", "--from", "2026-04-15", "--to", "2026-06-15", "--json").out)
    assert doc["schema"] == "tokencost.prices.diff/1"
    assert doc["counts"] == {"added": 4, "removed": 0, "repriced": 1, "unchanged": 0}
    deepseek = next(c for c in doc["changes"] if c["model"] == "deepseek-v4-pro")
    assert deepseek["status"] == "repriced"
    assert (deepseek["old"]["input"], deepseek["new"]["input"]) == (
        Decimal("0.14"),
        Decimal("0.035"),
    )
    assert deepseek["input_change_percent"] == -75


def test_diff_two_sources(run: Run) -> None:
    args = ("prices", "diff", "--source", "article", "--to-source", "list", "--as-of", TODAY)
    result = run(*args)
    assert result.code == 0
    assert (
        "Models: 2343 added, 1 removed, 4 repriced, 0 unchanged (--all shows unchanged ones)."
        in result.out.splitlines()
    )
    doc = as_json(run(*args, "--json").out)
    found = {
        c["model"]: (c["status"], c["old"] and c["old"]["input"], c["new"] and c["new"]["input"])
        for c in doc["changes"]
        if c["status"] != "added"
    }
    assert found == {
        "glm-5-flash": ("removed", 0, None),
        "deepseek-v4-pro": ("repriced", Decimal("0.035"), Decimal("1.32")),
        "gpt-5.5": ("repriced", Decimal("2.50"), 5),
        "llama-4-maverick": ("repriced", Decimal("2.00"), Decimal("0.27")),
        "claude-opus-4.8": ("repriced", Decimal("3.00"), 5),
    }


def test_diff_two_folders(run: Run, tmp_path: Path, article_prices: Path) -> None:
    """Between two copies of the article's models (the article source compares only
    them: the rest of the market would be two more catalogues to validate)."""
    old = tmp_path / "old"
    shutil.copytree(article_prices, old)
    new = tmp_path / "new"
    shutil.copytree(article_prices, new)
    openai = new / "openai.toml"
    openai.write_text(openai.read_text().replace("input = 2.50", "input = 2.00"))
    (new / "zhipu.toml").unlink()
    doc = as_json(
        run("prices", "diff", str(old), str(new), "--as-of", "2026-06-15", "--json", "--all").out
    )
    assert doc["counts"] == {"added": 0, "removed": 1, "repriced": 1, "unchanged": 3}
    gpt = next(c for c in doc["changes"] if c["model"] == "gpt-5.5")
    assert (gpt["input_change_percent"], gpt["output_change_percent"]) == (-20, 0)
    assert doc["old"]["catalogue"]["digest"] != doc["new"]["catalogue"]["digest"]
    one = run("prices", "diff", str(old))
    assert (one.code, one.err) == (
        2,
        "error: prices diff: give two catalogue folders (OLD NEW) or none\n",
    )


# -- check ------------------------------------------------------------------------------


def test_check_finds_the_article_vs_list_gap_largest_first(run: Run) -> None:
    result = run("prices", "check", "--as-of", TODAY)
    assert result.code == 1  # for CI: a discrepancy above the tolerance
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines[4:8]] == [
        "deepseek-v4-pro", "gpt-5.5", "llama-4-maverick", "claude-opus-4.8",
    ]  # fmt: skip
    assert "FAIL: 4 of 4 comparisons differ by more than 0%." in lines
    doc = as_json(run("prices", "check", "--as-of", TODAY, "--json").out)
    assert doc["schema"] == "tokencost.prices.check/1"
    assert doc["ok"] is False
    first = doc["discrepancies"][0]
    assert first["model"] == "deepseek-v4-pro"
    assert (first["reference"]["input"], first["other"]["input"]) == (
        Decimal("0.035"),
        Decimal("1.32"),
    )
    # (3.96 - 0.07) / 0.07 = 55.571428...: its larger change, exact to 40 digits
    assert first["size_percent"] == Decimal("5557.142857142857142857142857142857142857")


def test_check_tolerance(run: Run) -> None:
    assert run("prices", "check", "--as-of", TODAY, "--tolerance", "5600%").code == 0
    result = run("prices", "check", "--as-of", TODAY, "--tolerance", "150%")
    assert result.code == 1
    assert "FAIL: 2 of 4 comparisons differ by more than 150%." in result.out
    bad = run("prices", "check", "--tolerance", "-1")
    assert (bad.code, bad.err) == (
        2,
        "error: --tolerance: -1 is negative; give 0 or more (e.g. 5% or 0.05)\n",
    )
    bare = run("prices", "check", "--tolerance", "5")
    assert (bare.code, bare.err) == (
        2,
        "error: --tolerance: 5 is more than 1; did you mean 5%? (a fraction is written 5% "
        "or 0.05)\n",
    )


def test_check_of_sources_that_agree(run: Run, tiny: Path) -> None:
    result = run("prices", "check", "--catalogue", str(tiny), "--as-of", "2026-01-15", "--json")
    doc = as_json(result.out)
    assert result.code == 1
    assert [d["model"] for d in doc["discrepancies"]] == ["big"]
    assert doc["discrepancies"][0]["size_percent"] == 25
    assert run("prices", "check", "--catalogue", str(tiny), "--as-of", "2025-01-15").code == 0
    one = run("prices", "check", "--sources", "book")
    assert one.code == 2


# -- validate ---------------------------------------------------------------------------


def test_validate_the_shipped_catalogue(run: Run) -> None:
    result = run("prices", "validate", str(PRICES))
    assert (result.code, result.err) == (0, "")
    digest = load_catalogue(PRICES).digest
    assert (
        result.out.splitlines()[-1]
        == f"Catalogue: tokencost 2026.11.6 ({digest}), updated 2026-11-30."
    )
    doc = as_json(run("prices", "validate", str(PRICES), "--json").out)
    assert (doc["schema"], doc["valid"], doc["counts"]) == (
        "tokencost.prices.validate/1",
        True,
        {"files": 49, "models": 2348, "entries": 2621},
    )


def test_validate_reports_a_catalogue_loaded_before_from_the_cache(
    run: Run, dims: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalogue a command has loaded (validated, and kept in the cache by its bytes and
    this code) is reported from the cache, as validating it reports it (each provider
    file's counts, in order); a file changed since is validated again, its problems
    listed."""
    import tokencost.catalogue.validate as validating

    cold = [run("prices", "validate", str(dims), *flag) for flag in ([], ["--json"])]
    load_catalogue(dims)  # nothing was kept for it before this
    with monkeypatch.context() as patch:

        def unparsed(*_: object) -> None:
            raise AssertionError("parsed: not read from the cache")

        patch.setattr(validating, "parse_files", unparsed)
        warm = [run("prices", "validate", str(dims), *flag) for flag in ([], ["--json"])]
    assert warm == cold
    assert [(r.code, r.err) for r in warm] == [(0, ""), (0, "")]
    assert "acme.toml       3              5\ndims.toml       3              3\n" in warm[0].out
    acme = dims / "acme.toml"
    acme.write_text(acme.read_text().replace("input = 4\n", "input = -4\n", 1))
    changed = run("prices", "validate", str(dims), "--json")
    assert (changed.code, changed.err) == (2, f"error: invalid catalogue {dims}: 1 problem(s)\n")
    [problem] = as_json(changed.out)["problems"]
    assert (Path(str(problem["file"])).name, problem["key"]) == (
        "acme.toml",
        "models[0].prices[0].input",
    )


def test_validate_lists_every_problem_with_file_and_key(run: Run, tiny: Path) -> None:
    acme = tiny / "acme.toml"
    acme.write_text(
        acme.read_text()
        .replace("input = 4\n", "inptu = 4\n", 1)
        .replace("output = 0.12", "output = -0.12", 1)
    )
    manifest = tiny / "manifest.toml"
    manifest.write_text(
        manifest.read_text().replace('default_source = "book"', 'default_source = "web"')
    )
    (tiny / "other.toml").write_text('provider = "other"\nname = = "x"\n')
    result = run("prices", "validate", str(tiny), "--json")
    assert result.code == 2
    assert result.err == f"error: invalid catalogue {tiny}: 4 problem(s)\n"
    doc = as_json(result.out)
    assert (doc["valid"], doc["catalogue"]["digest"]) == (False, None)
    problems = [(Path(str(p["file"])).name, p["key"]) for p in doc["problems"]]
    assert problems == [
        ("other.toml", None),
        ("acme.toml", "models[0].prices[0].inptu"),
        ("acme.toml", "models[1].prices[0].output"),
        ("manifest.toml", "default_source"),
    ]
    _, typo, negative, source = doc["problems"]
    assert (typo["message"], typo["fix"]) == (
        "unknown key; did you mean 'input'?",
        "did you mean 'input'?",
    )
    assert (negative["fix"], source["fix"]) == (None, "add [sources.web] or use one of: book, list")
    assert source["message"] == (
        "'web' is not declared; add [sources.web] or use one of: book, list"
    )
    table = run("prices", "validate", str(tiny))
    assert re.search(
        r"\nacme\.toml +models\[0\]\.prices\[0\]\.inptu +unknown key; did you mean 'input'\?\n",
        table.out,
    )


# -- schema -----------------------------------------------------------------------------


def test_the_committed_schema_is_current(run: Run) -> None:
    result = run("prices", "schema")
    assert result.code == 0
    assert (PRICES / "schema.json").read_text() == result.out, (
        "prices/schema.json is stale: run `tokencost prices schema > prices/schema.json`"
    )


def test_the_schema_describes_every_kind_of_file(run: Run) -> None:
    schema = json.loads(run("prices", "schema").out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["anyOf"] == [
        {"$ref": "#/$defs/Manifest"},
        {"$ref": "#/$defs/OverlayManifest"},
        {"$ref": "#/$defs/ProviderFile"},
    ]
    assert schema["$defs"]["OverlayManifest"]["required"] == ["name"]
    entry = schema["$defs"]["PriceEntry"]
    assert entry["additionalProperties"] is False
    assert set(entry["required"]) == {"effective", "source", "input", "output"}
    assert entry["properties"]["host"]["anyOf"][0]["pattern"] == "^[a-z0-9][a-z0-9._-]*$"
    assert "USD per 1M tokens" in entry["properties"]["input"]["description"]


def test_the_schema_accepts_the_catalogue_files() -> None:
    jsonschema_rs = pytest.importorskip("jsonschema_rs")
    import tomllib

    schema = json.loads((PRICES / "schema.json").read_text())
    jsonschema_rs.meta.validate(schema)
    validator = jsonschema_rs.validator_for(schema)  # compiled once for every file
    for path in sorted(PRICES.glob("*.toml")):
        data = tomllib.loads(path.read_text())
        plain = json.loads(json.dumps(data, default=str))  # dates as ISO text
        validator.validate(plain)


# -- every prices command: its JSON names the catalogue (help: tests/house/test_contract.py) ---


def test_prices_without_a_command_shows_help(run: Run) -> None:
    result = run("prices")
    assert result.code == 0
    assert "validate" in result.out


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "gpt-5.5"],
        ["history", "gpt-5.5"],
        ["diff"],
        ["check"],
        ["validate"],
        ["export", "--format", "json"],
    ],
)
def test_every_json_document_names_its_schema_and_catalogue(
    run: Run, args: list[str], article_prices: Path
) -> None:
    """On the article's models (the shipped catalogue's manifest): what every document
    says of its catalogue does not depend on how many models it holds."""
    extra = [] if args[0] == "export" else ["--json"]
    result = run("prices", *args, *extra, "--catalogue", str(article_prices))
    doc = as_json(result.out)
    assert str(doc["schema"]).startswith("tokencost.prices.")
    assert doc["catalogue"]["digest"] == load_catalogue(article_prices).digest
    assert doc["catalogue"]["version"] == "2026.11.6"

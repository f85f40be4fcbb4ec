"""Budget files that say everything: ``as_of`` and ``source`` pinned in the file and per
budget; the file found upwards to the repository's root, or in ``[tool.tokencost]`` of
pyproject.toml; the report names the file it used."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Run, write

W1 = 'name = "w1"\ntokens_per_day = "1M"\nratio = "3:1"\n'
"""On the tiny catalogue's big: $90 a month on book prices from March ($2/$6), $180 before
($4/$12), $225 on list prices ($5/$15)."""

BUDGET = """\
[[budgets]]
name = "chat"
workload = "w1.toml"
model = "big"
monthly_limit = 200
"""


@pytest.fixture
def repo(tmp_path: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (``.git``) with the tiny catalogue in TOKENCOST_CATALOGUE."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-06-15")
    return tmp_path / "repo"


def check_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("check", *args, "--json")
    assert result.err == "", result.err
    doc: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return doc


def test_the_budget_file_is_found_upwards_and_named(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "w1.toml", W1)
    write(repo / "tokencost.toml", BUDGET)
    deep = repo / "services" / "chat"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = run("check")
    assert result.code == 0, result.err
    assert result.out.startswith("Budget check of ../../tokencost.toml\n")
    doc = check_json(run)
    assert doc["file"] == "../../tokencost.toml"
    # the nearest wins
    write(deep / "tokencost.toml", BUDGET.replace('"w1.toml"', '"../../w1.toml"'))
    assert check_json(run)["file"] == "tokencost.toml"


def test_the_search_stops_at_the_repository_root(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo.parent / "tokencost.toml", BUDGET)  # above the repository: not its budgets
    monkeypatch.chdir(repo)
    result = run("check")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: no budget file: no tokencost.toml (nor a pyproject.toml with "
        f"[tool.tokencost]) from {repo.resolve()} up to the repository's root "
        f"{repo.resolve()}; give the budget file's path, or create one (see "
        "examples/ci/tokencost.toml)\n"
    )


PYPROJECT = """\
[project]
name = "shop"

[tool.ruff]
line-length = 100

[tool.tokencost]
as_of = 2026-02-15

[[tool.tokencost.budgets]]
name = "chat"
workload = "w1.toml"
model = "big"
monthly_limit = 150

[[tool.tokencost.budgets]]
name = "inline"
model = "big"
monthly_limit = 100
[tool.tokencost.budgets.workload]
tokens_per_day = "1M"
ratio = "3:1"
"""


def test_budgets_in_pyproject_tool_tokencost(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "w1.toml", W1)
    write(repo / "pyproject.toml", PYPROJECT)
    monkeypatch.chdir(repo)
    result = run("check", "--format", "github")
    assert result.code == 1
    assert result.out == (
        "::error file=w1.toml,line=2,title=Over budget%3A chat on big::$180.00 a month is $30.00 "
        "over the $150.00 limit (120%25 of it) (budget 'chat' in pyproject.toml [tool.tokencost]"
        ":10)\n"
        "::error file=pyproject.toml,line=16,title=Over budget%3A inline on big::$180.00 a month "
        "is $80.00 over the $100.00 limit (180%25 of it)\n"
        "FAIL: 2 over, 0 warn, 0 ok (2 checks in 2 budgets).\n"
    )
    table = run("check").out
    assert table.startswith("Budget check of pyproject.toml [tool.tokencost]\n")
    assert "in effect on 2026-02-15." in table  # the table's as_of: February's prices
    # a tokencost.toml in the same folder comes first; a pyproject without the table is skipped
    write(repo / "tokencost.toml", BUDGET)
    assert check_json(run)["file"] == "tokencost.toml"
    (repo / "tokencost.toml").unlink()
    write(repo / "pyproject.toml", '[project]\nname = "shop"\n')
    assert run("check").err.startswith("error: no budget file: no tokencost.toml")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            "[tool]\ntokencost = 3\n",
            "pyproject.toml: [tool.tokencost] must be a table with [[tool.tokencost.budgets]], "
            "not int",
        ),
        (
            "[tool.tokencost]\nbudget = []\n",
            "pyproject.toml [tool.tokencost]: budget: unknown key; did you mean 'budgets'?",
        ),
        (
            PYPROJECT.replace("monthly_limit = 150", "monthly_limit = 150\ncolour = 3"),
            "pyproject.toml [tool.tokencost]: budget 'chat': colour: unknown key",
        ),
        (
            PYPROJECT.replace("as_of = 2026-02-15", 'as_of = "February"'),
            "pyproject.toml [tool.tokencost]: as_of: 'February' is not a date; write "
            "YYYY-MM-DD, e.g. 2026-06-15",
        ),
    ],
    ids=["not-a-table", "no-budgets", "unknown-key", "bad-date"],
)
def test_a_malformed_tool_tokencost_is_one_error_line(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, error: str
) -> None:
    write(repo / "w1.toml", W1)
    write(repo / "pyproject.toml", text)
    monkeypatch.chdir(repo)
    result = run("check", "pyproject.toml")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {error}")
    assert result.err.count("\n") == 1


PINNED = """\
as_of = 2026-02-15             # every budget's prices: February's ($4/$12 on book)

[[budgets]]
name = "chat"
workload = "w1.toml"
model = "big"
monthly_limit = 200

[[budgets]]
name = "chat on list"
workload = "w1.toml"
model = "big"
monthly_limit = 200
source = "list"                # list prices: $5/$15
as_of = "2026-06-15"

[[budgets]]
name = "chat in June"
workload = "w1.toml"
model = "big"
monthly_limit = 200
as_of = 2026-06-15             # June's book prices: $2/$6
"""


def test_as_of_and_source_pinned_in_the_file_and_per_budget(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "w1.toml", W1)
    write(repo / "tokencost.toml", PINNED)
    monkeypatch.chdir(repo)
    doc = check_json(run)
    results = doc["results"]
    assert isinstance(results, list)
    assert [
        (r["name"], r["as_of"], r["source"], r["monthly_cost"], r["status"]) for r in results
    ] == [
        ("chat", "2026-02-15", "book", Decimal(180), "ok"),
        ("chat on list", "2026-06-15", "list", Decimal(225), "over"),
        ("chat in June", "2026-06-15", "book", Decimal(90), "ok"),
    ]
    table = run("check").out
    assert (
        "Prices of chat: USD per 1M tokens from source 'book' (\"A price book\"), in effect on "
        "2026-02-15.\n"
        "Prices of chat on list: USD per 1M tokens from source 'list' (\"List prices\"), in "
        "effect on 2026-06-15.\n"
        "Prices of chat in June: USD per 1M tokens from source 'book' (\"A price book\"), in "
        "effect on 2026-06-15.\n"
    ) in table
    # the flags win over every pin
    flagged = check_json(run, "--as-of", "2026-06-15", "--source", "book")["results"]
    assert isinstance(flagged, list)
    assert [(r["as_of"], r["source"], r["monthly_cost"]) for r in flagged] == [
        ("2026-06-15", "book", Decimal(90))
    ] * 3
    flagged_doc = check_json(run, "--as-of", "2026-06-15")
    assert flagged_doc["as_of"] == "2026-06-15"  # the list pin stays: only --as-of given
    assert [r["source"] for r in flagged_doc["results"]] == ["book", "list", "book"]
    assert (
        "Prices: USD per 1M tokens from source 'book'"
        in run("check", "--as-of", "2026-06-15", "--source", "book").out
    )


def test_a_pinned_source_the_catalogue_lacks_names_the_budget(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo / "w1.toml", W1)
    write(repo / "tokencost.toml", BUDGET + 'source = "lst"\n')
    monkeypatch.chdir(repo)
    result = run("check")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: tokencost.toml: budget 'chat': source: unknown source 'lst'; did you mean "
        "'list'?; this catalogue has: book, list\n"
    )

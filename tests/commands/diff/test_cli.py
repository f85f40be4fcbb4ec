"""``tokencost diff`` as CI runs it: two budget files or profiles, exit codes, formats.

Figures (tiny catalogue, 2026-06-15): w1 (1M tokens/day at 3:1) costs $90 a month on
big and $1.80 on small; w2 (2M) twice that. base.toml budgets chat (w1 on big and
small) and old (w1 on small); new.toml budgets chat (w2 on big) and fresh (w1 on
small). Totals: 90 + 1.80 + 1.80 = $93.60 before, 180 + 1.80 = $181.80 after: +$88.20,
+94.2307...%.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import JUNE, W1, catalogue_doc, digest, invoke, tokencost, write

BASE = """\
[[budgets]]
name = "chat"
workload = "w1.toml"
models = ["big", "small"]
monthly_limit = 100

[[budgets]]
name = "old"
workload = "w1.toml"
model = "small"
monthly_limit = 10
"""

NEW = """\
[[budgets]]
name = "chat"
workload = "w2.toml"
model = "big"
monthly_limit = 100

[[budgets]]
name = "fresh"
workload = "w1.toml"
model = "small"
monthly_limit = 10
"""


@pytest.fixture
def project(tmp_path: Path, tiny: Path) -> Path:
    assert tiny == tmp_path / "tiny"  # what --catalogue tiny finds
    write(tmp_path / "w1.toml", W1)
    write(tmp_path / "w2.toml", W1.replace('"w1"', '"w2"').replace("1M", "2M"))
    write(tmp_path / "base.toml", BASE)
    write(tmp_path / "new.toml", NEW)
    return tmp_path


def test_a_budget_diff_table(project: Path) -> None:
    result = tokencost(project, "diff", "base.toml", "new.toml", "--fail-above", "90%")
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "Monthly spend: base.toml -> new.toml\n"
        "\n"
        "Budget  Model  Before    After   Change  Change %\n"
        "------  -----  ------  -------  -------  --------\n"
        "chat    big    $90.00  $180.00  +$90.00     +100%\n"
        "chat    small   $1.80        -   -$1.80   removed\n"
        "fresh   small       -    $1.80   +$1.80     added\n"
        "old     small   $1.80        -   -$1.80   removed\n"
        "Total          $93.60  $181.80  +$88.20   +94.23%\n"
        "\n"
        "Added or removed: on one side only; the other side is '-' and the whole spend is the "
        "change.\n"
        "Total: the sum of each side's rows.\n"
        "Fail above: the total rising by more than 90%.\n"
        "Prices: USD per 1M tokens from source 'book' (\"A price book\"), in effect on "
        "2026-06-15.\n"
        f"Catalogue: tiny 2026.01.0 ({digest(project)[:19]}), updated 2026-01-15.\n"
        "\n"
        "FAIL: total monthly spend $93.60 -> $181.80, +$88.20 (+94.23%), above --fail-above "
        "90%.\n"
    )


@pytest.mark.parametrize(
    ("limit", "code"),
    [
        ("95%", 0),
        ("94.23%", 1),
        ("94.24%", 0),
        ("88.2", 0),  # a rise of exactly the limit passes
        ("88.19", 1),
        ("$100", 0),
        ("0", 1),
    ],
)
def test_fail_above_a_percentage_or_an_amount(project: Path, limit: str, code: int) -> None:
    result = tokencost(project, "diff", "base.toml", "new.toml", "--fail-above", limit)
    assert (result.returncode, result.stderr) == (code, "")
    assert result.stdout.splitlines()[-1].startswith("PASS: " if code == 0 else "FAIL: ")


def test_a_fall_never_fails(project: Path) -> None:
    result = tokencost(project, "diff", "new.toml", "base.toml", "--fail-above", "0%")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == (
        "PASS: total monthly spend $181.80 -> $93.60, -$88.20 (-48.51%), within --fail-above 0%."
    )


RESULTS = [
    {"budget": "chat", "model": "big", "status": "changed", "before": 90, "after": 180}
    | {"change": 90, "percent": 100},
    {"budget": "chat", "model": "small", "status": "removed", "before": Decimal("1.8")}
    | {"after": None, "change": Decimal("-1.8"), "percent": None},
    {"budget": "fresh", "model": "small", "status": "added", "before": None}
    | {"after": Decimal("1.8"), "change": Decimal("1.8"), "percent": None},
    {"budget": "old", "model": "small", "status": "removed", "before": Decimal("1.8")}
    | {"after": None, "change": Decimal("-1.8"), "percent": None},
]


def test_the_json_contract(project: Path) -> None:
    result = tokencost(project, "diff", "base.toml", "new.toml", "--json", "--fail-above", "10%")
    assert (result.returncode, result.stderr) == (1, "")
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert set(doc) == {
        "schema",
        "ok",
        "currency",
        "catalogue",
        "as_of",
        "kind",
        "base",
        "new",
        "fail_above",
        "breached",
        "assumptions",
        "total",
        "results",
        "unpriced",
    }
    assert (doc["schema"], doc["ok"], doc["breached"], doc["kind"]) == (
        "tokencost.diff/1",
        False,
        True,
        "budgets",
    )
    catalogue = catalogue_doc(
        "tiny", "tiny", "2026.01.0", digest(project), "2026-01-15", "--catalogue"
    )
    assert doc["catalogue"] == catalogue
    assert set(doc["base"]) == {"file", "catalogue", "source", "workload"}
    assert (doc["base"]["file"], doc["new"]["file"]) == ("base.toml", "new.toml")
    assert doc["base"]["catalogue"] == doc["new"]["catalogue"] == catalogue
    assert (doc["base"]["source"]["id"], doc["new"]["workload"]) == ("book", None)
    assert doc["fail_above"] == {"amount": 10, "unit": "percent"}
    assert doc["total"] == {
        "status": "changed",
        "before": Decimal("93.6"),
        "after": Decimal("181.8"),
        "change": Decimal("88.2"),
        "percent": Decimal("94.23076923076923076923076923076923076923"),
    }
    assert doc["results"] == RESULTS
    assert doc["unpriced"] == []
    dollars = json.loads(
        tokencost(project, "diff", "base.toml", "new.toml", "--json", "--fail-above", "$100").stdout
    )
    assert (dollars["fail_above"], dollars["ok"]) == ({"amount": 100, "unit": "USD"}, True)


def test_markdown_and_github(project: Path) -> None:
    md = tokencost(
        project, "diff", "base.toml", "new.toml", "-f", "markdown", "--fail-above", "90%"
    )
    assert md.returncode == 1
    assert md.stdout.startswith(
        "## ❌ Monthly LLM spend +$88.20 (+94.23%), above the 90% limit\n"
        "\n"
        "**FAIL: total monthly spend $93.60 -> $181.80, +$88.20 (+94.23%), above --fail-above "
        "90%.**\n"
        "\n"
        "### Monthly spend: base.toml -> new.toml\n"
        "\n"
        "| Budget | Model | Before | After | Change | Change % |\n"
        "|---|---|---:|---:|---:|---:|\n"
        "| chat | big | $90.00 | $180.00 | +$90.00 | +100% |\n"
        "| chat | small | $1.80 | - | -$1.80 | removed |\n"
        "| fresh | small | - | $1.80 | +$1.80 | added |\n"
        "| old | small | $1.80 | - | -$1.80 | removed |\n"
        "| Total |  | $93.60 | $181.80 | +$88.20 | +94.23% |\n"
    )
    summary = write(project / "summary.md", "")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    gh = tokencost(
        project, "diff", "base.toml", "new.toml", "-f", "github", "--fail-above", "90%", env=env
    )
    assert (gh.returncode, gh.stderr) == (1, "")
    assert gh.stdout == (
        "::error file=new.toml,title=Monthly LLM spend rises above --fail-above 90%25::FAIL: "
        "total monthly spend $93.60 -> $181.80, +$88.20 (+94.23%25), above --fail-above 90%25.\n"
        "FAIL: total monthly spend $93.60 -> $181.80, +$88.20 (+94.23%), above --fail-above 90%.\n"
    )
    assert summary.read_text() == md.stdout
    within = tokencost(project, "diff", "new.toml", "base.toml", "-f", "github")
    assert within.stdout.splitlines()[0] == (
        "::notice file=base.toml,title=Monthly LLM spend::Total: monthly spend $181.80 -> "
        "$93.60, -$88.20 (-48.51%25)."
    )
    same = tokencost(project, "diff", "new.toml", "new.toml", "-f", "markdown")
    assert same.stdout.startswith("## ✅ Monthly LLM spend unchanged\n")


def test_two_profiles_per_model(project: Path) -> None:
    result = tokencost(project, "diff", "w1.toml", "w2.toml", "--models", "big,small")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:7] == [
        "Monthly spend: w1.toml -> w2.toml",
        "",
        "Model  Before    After   Change  Change %",
        "-----  ------  -------  -------  --------",
        "small   $1.80    $3.60   +$1.80     +100%",
        "big    $90.00  $180.00  +$90.00     +100%",
        "Total  $91.80  $183.60  +$91.80     +100%",
    ]
    assert (
        "Base workload w1: 1,000,000 tokens/day = 750,000 input + 250,000 output (3:1); "
        "month = 30 days."
    ) in result.stdout
    assert "New workload w2: 2,000,000 tokens/day" in result.stdout
    doc = json.loads(tokencost(project, "diff", "w1.toml", "w2.toml", "--json").stdout)
    assert doc["kind"] == "workload"
    assert [(r["budget"], r["model"]) for r in doc["results"]] == [
        (None, "free"),
        (None, "small"),
        (None, "big"),
    ]
    assert doc["base"]["workload"]["tokens_per_day"] == 1_000_000


def test_a_catalogue_change_on_the_new_side(project: Path, tiny: Path) -> None:
    newer = project / "newer"
    newer.mkdir()
    (newer / "manifest.toml").write_text((tiny / "manifest.toml").read_text())
    acme = (tiny / "acme.toml").read_text()
    cut = acme.replace("input = 2\noutput = 6", "input = 1\noutput = 3")  # big's price halves
    assert cut != acme
    (newer / "acme.toml").write_text(cut.replace('id = "free"', 'id = "gratis"'))
    doc = diff_with_catalogues(project, "w1.toml", base="tiny", new="newer")
    rows = {r["model"]: (r["status"], r["before"], r["after"]) for r in doc["results"]}
    assert rows == {
        "free": ("removed", 0, None),
        "gratis": ("added", None, 0),
        "small": ("unchanged", Decimal("1.8"), Decimal("1.8")),
        "big": ("changed", 90, 45),
    }
    assert doc["total"]["change"] == -45
    assert doc["base"]["catalogue"]["digest"] == digest(project)
    assert doc["new"]["catalogue"]["digest"] != digest(project)
    same = diff_with_catalogues(project, "base.toml", base="tiny", new="tiny")
    assert (same["total"]["change"], same["total"]["status"]) == (0, "unchanged")


def diff_with_catalogues(project: Path, file: str, *, base: str, new: str) -> Any:
    """``tokencost diff FILE FILE`` with a catalogue for each side."""
    sides = ["--base-catalogue", base, "--catalogue", new]
    completed = invoke("diff", file, file, "--json", "--as-of", JUNE, *sides, cwd=project)
    assert (completed.returncode, completed.stderr) == (0, "")
    return json.loads(completed.stdout, parse_float=Decimal)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["base.toml", "w1.toml"],
            "BASE is a budget file and NEW a workload profile; give two of the same kind",
        ),
        (
            ["w1.toml", "base.toml"],
            "NEW is a budget file and BASE a workload profile; give two of the same kind",
        ),
        (
            ["base.toml", "new.toml", "--fail-above", "ten"],
            "--fail-above: 'ten' is neither a percentage nor an amount; give e.g. 10% or 500",
        ),
        (
            ["base.toml", "new.toml", "--models", "big"],
            "--models applies to workload profiles; budget files name theirs",
        ),
        (
            ["w1.toml", "w2.toml", "--models", "huge"],
            "unknown model 'huge'; known models: big, small, free (tokencost models lists them)",
        ),
        (["w1.toml", "w3.toml"], "w3.toml: cannot read: No such file or directory"),
        (["base.toml", "gone.toml"], "gone.toml: no such budget file"),
    ],
)
def test_invalid_input_exits_2(project: Path, args: list[str], message: str) -> None:
    if args[1] == "gone.toml":
        write(project / "gone.toml", BASE.replace("w1.toml", "w9.toml"))
        message = "gone.toml: budget 'chat': workload: w9.toml: cannot read: No such file"
    result = tokencost(project, "diff", *args)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"error: {message}")
    assert result.stderr.count("\n") == 1

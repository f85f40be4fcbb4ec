"""``tokencost check`` as CI runs it: its exit code, stdout and stderr apart (in-process;
the real process's exit codes are tests/house/test_process.py's).

Figures (tiny catalogue, 2026-06-15; see tests/engine/test_budgets.py): w1 (1M tokens/day
at 3:1, 30 days) costs $90 a month on big and $1.80 on small; batch (2M input tokens a
day, 10 days) costs $40 on big and $0.80 on small.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import JUNE, MIX, W1, catalogue_doc, digest, tokencost, write

WARN_ONLY = """\
[[budgets]]
name = "chat"
workload = "w1.toml"
model = "big"
monthly_limit = 100
warn_at = 0.9
"""

ALL_OK = WARN_ONLY.replace("monthly_limit = 100", "monthly_limit = 120")


@pytest.fixture
def project(tmp_path: Path, tiny: Path) -> Path:
    """A folder with the tiny catalogue (``tiny/``), a profile and three budget files."""
    assert tiny == tmp_path / "tiny"  # what --catalogue tiny finds
    write(tmp_path / "w1.toml", W1)
    write(tmp_path / "mix.toml", MIX)
    write(tmp_path / "warn.toml", WARN_ONLY)
    write(tmp_path / "ok.toml", ALL_OK)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "code", "last_line"),
    [
        (["ok.toml"], 0, "PASS: 0 over, 0 warn, 1 ok (1 check in 1 budget)."),
        (["warn.toml"], 0, "PASS with warnings: 0 over, 1 warn, 0 ok (1 check in 1 budget)."),
        (
            ["warn.toml", "--strict"],
            1,
            "FAIL (--strict: warnings fail): 0 over, 1 warn, 0 ok (1 check in 1 budget).",
        ),
        (["ok.toml", "--strict"], 0, "PASS: 0 over, 0 warn, 1 ok (1 check in 1 budget)."),
        (["mix.toml"], 1, "FAIL: 1 over, 2 warn, 1 ok (4 checks in 3 budgets)."),
    ],
)
def test_exit_codes_0_and_1(project: Path, args: list[str], code: int, last_line: str) -> None:
    result = tokencost(project, "check", *args)
    assert (result.returncode, result.stderr) == (code, "")
    assert result.stdout.splitlines()[-1] == last_line


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            MIX.replace("monthly_limit = 80", "monthly_limit = 0"),
            "bad.toml: budget 'agents': monthly_limit: must be more than 0 (got 0)",
        ),
        (
            MIX.replace("warn_at = 0.8\n", "warn_at = 0.8\nwarn_a = 1\n", 1),
            "bad.toml: budget 'chat': warn_a: unknown key; did you mean 'warn_at'?",
        ),
        (
            MIX.replace('models = ["big", "small"]', 'models = ["big", "smal"]'),
            "bad.toml: budget 'chat': models[1]: unknown model 'smal'; did you mean 'small'? "
            "(tokencost models lists them)",
        ),
        (
            MIX.replace('  "w1.toml",', '  "w9.toml",'),
            "bad.toml: budget 'team': workloads[0]: w9.toml: cannot read: No such file or "
            "directory",
        ),
        (
            MIX.replace("max_ratio = 60", "max_ratio = -1"),
            "bad.toml: budget 'team': max_ratio: -1 is negative; it must be 0 or more (got -1)",
        ),
    ],
)
def test_invalid_budget_files_exit_2_with_one_line(project: Path, body: str, message: str) -> None:
    write(project / "bad.toml", body)
    result = tokencost(project, "check", "bad.toml")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"error: {message}\n")


def test_a_missing_file_and_bad_flags_exit_2(project: Path) -> None:
    result = tokencost(project, "check")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "error: no budget file: no tokencost.toml (nor a pyproject.toml with [tool.tokencost]) "
        f"in {project.resolve()}; give the budget file's path, or create one (see "
        "examples/ci/tokencost.toml)\n"
    )
    result = tokencost(project, "check", "nowhere.toml")
    assert result.stderr == "error: nowhere.toml: no such budget file\n"
    result = tokencost(project, "check", "mix.toml", "--format", "csv")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("error: Invalid value for '--format' / '-f': 'csv'")
    result = tokencost(project, "check", "mix.toml", "--source", "lsit")
    assert result.stderr.startswith("error: unknown source 'lsit'; did you mean 'list'?")


def test_the_default_file_is_tokencost_toml_here(project: Path) -> None:
    write(project / "tokencost.toml", ALL_OK)
    result = tokencost(project, "check", "--json")
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["file"] == "tokencost.toml"


def test_the_table(project: Path) -> None:
    result = tokencost(project, "check", "mix.toml")
    assert result.stdout == (
        "Budget check of mix.toml\n"
        "\n"
        "Status  Budget  Model  Monthly    Limit    Used  Headroom  Ratio  Max ratio\n"
        "------  ------  -----  -------  -------  ------  --------  -----  ---------\n"
        "WARN    chat    big     $90.00  $100.00     90%    $10.00      -          -\n"
        "ok      chat    small    $1.80  $100.00    1.8%    $98.20      -          -\n"
        "OVER    agents  big     $90.00   $80.00  112.5%   -$10.00      -          -\n"
        "WARN    team    big    $130.00        -       -         -    50x        60x\n"
        "\n" + FOOTER.format(digest=digest(project)[:19]) + "\n"
        "OVER agents on big: $90.00 a month is $10.00 over the $80.00 limit (112.5% of it).\n"
        "WARN chat on big: $90.00 a month is 90% of the $100.00 limit, past its warning line "
        "at $80.00; $10.00 left.\n"
        "WARN team on big: it costs 50x as much as small, the cheapest model, past the warning "
        "line at 48x (max_ratio 60x).\n"
        "FAIL: 1 over, 2 warn, 1 ok (4 checks in 3 budgets).\n"
    )


FOOTER = """\
Workload w1: 1,000,000 tokens/day = 750,000 input + 250,000 output (3:1); month = 30 days.
Workload agents: 1,000,000 tokens/day = 750,000 input + 250,000 output (3:1); month = 30 days.
Workload batch: 2,000,000 tokens/day = 2,000,000 input + 0 output (1:0); month = 10 days.
Budget team: the total of w1 + batch.
Limits: over = the monthly spend is above monthly_limit (spending it exactly is within); \
warn = it has reached warn_at x the limit.
Ratio: monthly cost / that on the cheapest model with a non-zero cost for the same \
workload(s): small; judged against max_ratio the same way.
Prices: USD per 1M tokens from source 'book' ("A price book"), in effect on 2026-06-15.
Catalogue: tiny 2026.01.0 ({digest}), updated 2026-01-15.
"""

TOP_KEYS = {
    "schema",
    "ok",
    "currency",
    "catalogue",
    "as_of",
    "strict",
    "file",
    "source",
    "assumptions",
    "summary",
    "results",
}
RESULT_KEYS = {
    "name",
    "model",
    "monthly_cost",
    "as_of",
    "source",
    "limit",
    "status",
    "kind",
    "workloads",
    "warn_at",
    "warn_from",
    "headroom",
    "percent_used",
    "limit_status",
    "max_ratio",
    "ratio",
    "ratio_warn_from",
    "baseline",
    "ratio_status",
    "line",
}


def test_the_json_contract(project: Path) -> None:
    result = tokencost(project, "check", "mix.toml", "--format", "json")
    assert (result.returncode, result.stderr) == (1, "")
    doc = json.loads(result.stdout, parse_float=Decimal)
    assert set(doc) == TOP_KEYS
    assert list(doc)[:2] == ["schema", "ok"]
    assert (doc["schema"], doc["ok"], doc["strict"], doc["file"]) == (
        "tokencost.check/1",
        False,
        False,
        "mix.toml",
    )
    assert doc["catalogue"] == catalogue_doc(
        "tiny", "tiny", "2026.01.0", digest(project), "2026-01-15", "--catalogue"
    )
    assert (doc["as_of"], doc["currency"], doc["source"]["id"]) == (JUNE, "USD", "book")
    assert doc["summary"] == {"budgets": 3, "checks": 4, "over": 1, "warn": 2, "ok": 1}
    assert all(set(row) == RESULT_KEYS for row in doc["results"])
    brief = [
        (r["name"], r["model"], r["monthly_cost"], r["limit"], r["status"]) for r in doc["results"]
    ]
    assert brief == [
        ("chat", "big", 90, 100, "warn"),
        ("chat", "small", Decimal("1.8"), 100, "ok"),
        ("agents", "big", 90, 80, "over"),
        ("team", "big", 130, None, "warn"),
    ]
    chat_big, chat_small, agents, team = doc["results"]
    assert {k: chat_big[k] for k in ("warn_at", "warn_from", "headroom", "percent_used")} == {
        "warn_at": Decimal("0.8"),
        "warn_from": 80,
        "headroom": 10,
        "percent_used": 90,
    }
    assert (chat_big["limit_status"], chat_big["ratio_status"], chat_big["line"]) == (
        "warn",
        None,
        1,
    )
    assert (chat_small["headroom"], chat_small["percent_used"]) == (
        Decimal("98.2"),
        Decimal("1.8"),
    )
    assert (agents["headroom"], agents["percent_used"], agents["line"]) == (
        -10,
        Decimal("112.5"),
        8,
    )
    assert agents["workloads"] == [
        {
            "name": "agents",
            "tokens_per_day": 1_000_000,
            "input_tokens_per_day": 750_000,
            "output_tokens_per_day": 250_000,
            "days_per_month": 30,
            "split": "3:1",
        }
    ]
    assert (team["kind"], [w["name"] for w in team["workloads"]]) == ("total", ["w1", "batch"])
    assert {k: team[k] for k in ("max_ratio", "ratio", "ratio_warn_from", "baseline")} == {
        "max_ratio": 60,
        "ratio": 50,
        "ratio_warn_from": 48,
        "baseline": "small",
    }
    assert (team["limit_status"], team["ratio_status"], team["headroom"]) == (None, "warn", None)
    assert chat_big["kind"] == "workload"


def test_json_ok_follows_strict(project: Path) -> None:
    relaxed = json.loads(tokencost(project, "check", "warn.toml", "--json").stdout)
    strict = tokencost(project, "check", "warn.toml", "--json", "--strict")
    assert (relaxed["ok"], relaxed["strict"]) == (True, False)
    assert strict.returncode == 1
    assert (json.loads(strict.stdout)["ok"], json.loads(strict.stdout)["strict"]) == (False, True)


MARKDOWN = """\
## ❌ Over budget: 1 of 4 checks

**FAIL: 1 over, 2 warn, 1 ok (4 checks in 3 budgets).**

- ❌ **agents** on `big`: $90.00 a month is $10.00 over the $80.00 limit (112.5% of it).
- ⚠️ **chat** on `big`: $90.00 a month is 90% of the $100.00 limit, past its warning line \
at $80.00; $10.00 left.
- ⚠️ **team** on `big`: it costs 50x as much as small, the cheapest model, past the \
warning line at 48x (max_ratio 60x).

### Budget check of mix.toml

| Status | Budget | Model | Monthly | Limit | Used | Headroom | Ratio | Max ratio |
|---|---|---|---:|---:|---:|---:|---:|---:|
| ⚠️ warn | chat | big | $90.00 | $100.00 | 90% | $10.00 | - | - |
| ✅ ok | chat | small | $1.80 | $100.00 | 1.8% | $98.20 | - | - |
| ❌ over | agents | big | $90.00 | $80.00 | 112.5% | -$10.00 | - | - |
| ⚠️ warn | team | big | $130.00 | - | - | - | 50x | 60x |

"""


def test_the_markdown_report_puts_the_verdict_first(project: Path) -> None:
    result = tokencost(project, "check", "mix.toml", "--format", "markdown")
    assert (result.returncode, result.stderr) == (1, "")
    notes = "".join(
        f"- {line}\n" for line in FOOTER.format(digest=digest(project)[:19]).splitlines()
    )
    assert result.stdout == MARKDOWN + notes


def test_markdown_headings_for_warnings_and_success(project: Path) -> None:
    warn = tokencost(project, "check", "warn.toml", "-f", "markdown").stdout.splitlines()
    assert warn[0] == "## ⚠️ Within budget, with 1 warning"
    strict = tokencost(project, "check", "warn.toml", "-f", "markdown", "--strict").stdout
    assert strict.startswith("## ❌ Budget warnings fail (--strict): 1 of 1 check\n")
    ok = tokencost(project, "check", "ok.toml", "-f", "markdown").stdout.splitlines()
    assert ok[:3] == [
        "## ✅ Within budget: all 1 check",
        "",
        "**PASS: 0 over, 0 warn, 1 ok (1 check in 1 budget).**",
    ]
    assert ok[4] == "### Budget check of ok.toml"  # no findings list when all is well


ANNOTATIONS = """\
::warning file=w1.toml,line=2,title=Budget warning%3A chat on big::$90.00 a month is 90%25 \
of the $100.00 limit, past its warning line at $80.00; $10.00 left (budget 'chat' in mix.toml:1)
::error file=mix.toml,line=8,title=Over budget%3A agents on big::$90.00 a month is $10.00 \
over the $80.00 limit (112.5%25 of it)
::warning file=w1.toml,line=2,title=Budget warning%3A team on big::it costs 50x as much as \
small, the cheapest model, past the warning line at 48x (max_ratio 60x) (budget 'team' in \
mix.toml:17)
FAIL: 1 over, 2 warn, 1 ok (4 checks in 3 budgets).
"""


def test_github_annotations_and_the_step_summary(project: Path) -> None:
    summary = write(project / "summary.md", "Earlier step\n")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    result = tokencost(project, "check", "mix.toml", "--format", "github", env=env)
    assert (result.returncode, result.stderr, result.stdout) == (1, "", ANNOTATIONS)
    report = tokencost(project, "check", "mix.toml", "--format", "markdown").stdout
    assert summary.read_text() == "Earlier step\n\n" + report
    tokencost(project, "check", "ok.toml", "--format", "github", env=env)
    ok_report = tokencost(project, "check", "ok.toml", "--format", "markdown").stdout
    assert summary.read_text() == "Earlier step\n\n" + report + "\n" + ok_report  # appended


def test_strict_warnings_are_errors_and_no_summary_without_the_variable(project: Path) -> None:
    result = tokencost(project, "check", "warn.toml", "-f", "github", "--strict")
    assert result.stdout == (
        "::error file=w1.toml,line=2,title=Budget warning%3A chat on big::$90.00 a month is "
        "90%25 of the $100.00 limit, past its warning line at $90.00; $10.00 left (budget "
        "'chat' in warn.toml:1)\n"
        "FAIL (--strict: warnings fail): 0 over, 1 warn, 0 ok (1 check in 1 budget).\n"
    )
    assert sorted(p.name for p in project.glob("*.md")) == []
    clean = tokencost(project, "check", "ok.toml", "-f", "github")
    assert (clean.returncode, clean.stdout) == (
        0,
        "PASS: 0 over, 0 warn, 1 ok (1 check in 1 budget).\n",
    )


def test_an_unwritable_step_summary_does_not_hide_the_verdict(project: Path) -> None:
    env = {"GITHUB_STEP_SUMMARY": str(project / "no" / "such" / "folder.md")}
    result = tokencost(project, "check", "mix.toml", "-f", "github", env=env)
    assert (result.returncode, result.stdout) == (1, ANNOTATIONS)
    assert result.stderr.startswith("warning: GITHUB_STEP_SUMMARY: cannot append to ")
    assert result.stderr.count("\n") == 1


def test_an_annotation_points_at_the_workload_that_drives_the_spend(project: Path) -> None:
    """A total's annotation is on the workload that costs the most on the model: here the
    inline batch (20M input tokens, 10 days: $400 > w1's $90), so the budget's own line;
    a profile's, on the line of its daily volume, whatever the line."""
    team = MIX[MIX.index('name = "team"') :].replace('"2M"', '"20M"')
    write(project / "team.toml", "[[budgets]]\n" + team)
    result = tokencost(project, "check", "team.toml", "--format", "github")
    assert result.stdout.splitlines()[0].startswith("::warning file=team.toml,line=1,title=")
    write(project / "w1.toml", '# a comment\n\nname = "w1"\nratio = "3:1"\ntokens_per_day = "1M"\n')
    result = tokencost(project, "check", "mix.toml", "--format", "github")
    assert result.stdout.splitlines()[0].startswith("::warning file=w1.toml,line=5,title=")

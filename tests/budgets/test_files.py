"""Budget files: what they may say, how workloads are found, and every error's message."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, write
from tokencost.budgets import is_budget_file, load_budgets
from tokencost.errors import BudgetError

EXAMPLE = REPO / "examples" / "ci" / "tokencost.toml"

PROFILE = 'name = "w1"\ntokens_per_day = "1M"\nratio = "3:1"\n'


def test_the_example_budget_file_loads() -> None:
    budgets = load_budgets(EXAMPLE).budgets
    assert [b.name for b in budgets] == ["support chat", "coding agents", "data team"]
    chat, agents, team = budgets
    assert chat.models == ("gpt-5.5", "claude-opus-4.8")
    assert (chat.monthly_limit, chat.warn_at, chat.max_ratio) == (3500, Decimal("0.9"), 150)
    assert [wl.name for wl in chat.workloads] == ["chat-assistant"]
    assert (agents.models, agents.model_key, agents.total) == (("deepseek-v4-pro",), "model", False)
    assert team.total
    assert [wl.name for wl in team.workloads] == ["batch-classification", "weekly-reindex"]
    reindex = team.workloads[1]
    assert (reindex.tokens_per_day, reindex.output_tokens_per_day) == (400_000_000, 0)
    assert reindex.days_per_month == 4
    assert [b.line for b in budgets] == [7, 16, 25]
    lines = EXAMPLE.read_text().splitlines()
    assert all(lines[b.line - 1] == "[[budgets]]" for b in budgets if b.line)


def test_paths_are_relative_to_the_budget_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a repository: the budget file names its profiles
    write(tmp_path / "profiles" / "w1.toml", PROFILE)
    path = write(
        tmp_path / "ci" / "budgets.toml",
        """\
        [[budgets]]
        name = "chat"
        workload = "../profiles/w1.toml"
        model = "big"
        monthly_limit = 10
        """,
    )
    (budget,) = load_budgets(path).budgets
    assert budget.workloads[0].input_tokens_per_day == 750_000
    assert budget.where == f"{path}: budget 'chat'"


def test_an_inline_workload_table_takes_the_budget_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.toml",
        """\
        [[budgets]]
        name = "chat"
        model = "big"
        max_ratio = 20

        [budgets.workload]
        tokens_per_day = "2M"
        input_share = 0.5
        """,
    )
    (budget,) = load_budgets(path).budgets
    (workload,) = budget.workloads
    assert (workload.name, workload.input_tokens_per_day, workload.split_label) == (
        "chat",
        1_000_000,
        "input share 0.5",
    )
    assert (budget.monthly_limit, budget.max_ratio, budget.warn_at) == (None, 20, None)


def test_a_list_of_workload_tables_is_a_total(tmp_path: Path) -> None:
    write(tmp_path / "w1.toml", PROFILE)
    path = write(
        tmp_path / "b.toml",
        """\
        [[budgets]]
        name = "team"
        model = "big"
        monthly_limit = 10

        [[budgets.workloads]]
        name = "a"
        tokens_per_day = 5
        ratio = "1:0"

        [[budgets.workloads]]
        tokens_per_day = 7
        ratio = "0:1"
        """,
    )
    (budget,) = load_budgets(path).budgets
    assert budget.total
    assert [
        (w.name, w.input_tokens_per_day, w.output_tokens_per_day) for w in budget.workloads
    ] == [
        ("a", 5, 0),
        ("team #2", 0, 7),  # an inline table without a name is named after the budget
    ]
    assert budget.line == 1


HEAD = '[[budgets]]\nname = "chat"\n'
GOOD = 'workload = "w1.toml"\nmodel = "big"\nmonthly_limit = 10\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            HEAD + GOOD + "monthy_limit = 3\n",
            "budget 'chat': monthy_limit: unknown key; did you mean 'monthly_limit'?",
        ),
        (
            HEAD + GOOD + "colour = 3\n",
            "budget 'chat': colour: unknown key (allowed: name, workload, workloads, model, "
            "models, monthly_limit, warn_at, max_ratio, source, as_of)",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodel = "big"\nmonthly_limit = 0\n',
            "budget 'chat': monthly_limit: must be more than 0 (got 0)",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodel = "big"\nmonthly_limit = -2.5\n',
            "budget 'chat': monthly_limit: -2.5 is negative; it must be 0 or more (got -2.5)",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodel = "big"\nmax_ratio = 0\n',
            "budget 'chat': max_ratio: must be more than 0 (got 0)",
        ),
        (
            HEAD + GOOD + "warn_at = 1.2\n",
            "budget 'chat': warn_at: 1.2 is more than 1; did you mean 1.2%? (a fraction is written "
            "0.75 or 75%) (got 1.2)",
        ),
        (
            HEAD + GOOD + "warn_at = 0\n",
            "budget 'chat': warn_at: Input should be greater than 0 (got 0)",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodel = "big"\nwarn_at = 0.5\n',
            "budget 'chat': missing a limit: add monthly_limit (USD a month), max_ratio, or both",
        ),
        (
            HEAD + 'model = "big"\nmonthly_limit = 10\n',
            "budget 'chat': missing the workload: add workload = \"path/to/profile.toml\" "
            "or an inline table",
        ),
        (
            HEAD + GOOD + 'workloads = ["w1.toml"]\n',
            "budget 'chat': give workload (one profile) or workloads (a list to add up), not both",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmonthly_limit = 10\n',
            'budget \'chat\': missing the model: add model = "gpt-5.5" or models = ["a", "b"]',
        ),
        (
            HEAD + GOOD + 'models = ["small"]\n',
            "budget 'chat': give model or models, not both",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodels = ["big", "BIG"]\nmonthly_limit = 10\n',
            "budget 'chat': models: 'BIG' is listed twice; list each model once",
        ),
        (
            HEAD + 'workload = "w1.toml"\nmodels = []\nmonthly_limit = 10\n',
            "budget 'chat': models: Tuple should have at least 1 item after validation, not 0",
        ),
        (
            HEAD + 'workload = 3\nmodel = "big"\nmonthly_limit = 10\n',
            "budget 'chat': workload: give a workload profile's path or an inline table of "
            "its keys (got 3)",
        ),
        (
            '[[budgets]]\nworkload = "w1.toml"\nmodel = "big"\nmonthly_limit = 10\n',
            "budgets[0].name: missing required key 'name'",
        ),
        (
            HEAD + GOOD + HEAD + GOOD,
            "budgets: two budgets are named 'chat'; give each its own name",
        ),
        ("budgets = []\n", "budgets: Tuple should have at least 1 item after validation, not 0"),
        ("budget = 1\n", "budget: unknown key; did you mean 'budgets'?"),
        (
            PROFILE,
            "this is a workload profile, not a budget file; a budget file lists [[budgets]] "
            "that name profiles like it (see examples/ci/tokencost.toml)",
        ),
        (
            HEAD + 'model = "big"\nmonthly_limit = 10\n[budgets.workload]\ntokens_per_dya = 4\n',
            "budget 'chat': workload: tokens_per_dya: unknown key; did you mean 'tokens_per_day'?",
        ),
        (
            HEAD + 'model = "big"\nmonthly_limit = 10\nworkloads = ["w1.toml", {ratio = "3:1"}]\n',
            "budget 'chat': workloads[1]: missing tokens_per_day",
        ),
        (
            HEAD + 'workload = "nowhere.toml"\nmodel = "big"\nmonthly_limit = 10\n',
            "budget 'chat': workload: {dir}/nowhere.toml: cannot read: No such file or directory",
        ),
        (
            HEAD + 'workloads = ["w1.toml", "bad.toml"]\nmodel = "big"\nmonthly_limit = 10\n',
            "budget 'chat': workloads[1]: {dir}/bad.toml: missing the split: add ratio",
        ),
        ("[[budgets]\n", "invalid TOML"),
    ],
)
def test_errors_name_the_file_the_budget_and_the_key(
    tmp_path: Path, body: str, message: str
) -> None:
    write(tmp_path / "w1.toml", PROFILE)
    write(tmp_path / "bad.toml", 'name = "bad"\ntokens_per_day = 5\n')
    path = write(tmp_path / "b.toml", body)
    with pytest.raises(BudgetError) as info:
        load_budgets(path)
    assert str(info.value).startswith(f"{path}: {message.format(dir=tmp_path)}")
    assert "\n" not in str(info.value)


def test_several_problems_are_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "b.toml", HEAD + "monthly_limit = 0\nwarn_at = 2\n")
    with pytest.raises(BudgetError) as info:
        load_budgets(path)
    assert str(info.value).endswith("monthly_limit: must be more than 0 (got 0) (and 1 more)")


def test_a_missing_file_and_the_default_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(BudgetError) as info:
        load_budgets(tmp_path / "none.toml")
    assert str(info.value) == f"{tmp_path}/none.toml: no such budget file"
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BudgetError) as info:
        load_budgets()
    assert str(info.value) == (
        "no budget file: no tokencost.toml (nor a pyproject.toml with [tool.tokencost]) in "
        f"{tmp_path.resolve()}; give the budget file's path, or create one (see "
        "examples/ci/tokencost.toml)"
    )
    write(tmp_path / "w1.toml", PROFILE)
    write(tmp_path / "tokencost.toml", HEAD + GOOD)
    assert load_budgets().budgets[0].name == "chat"


def test_the_cache_sees_a_changed_workload_file(tmp_path: Path) -> None:
    profile = write(tmp_path / "w1.toml", PROFILE)
    path = write(tmp_path / "b.toml", HEAD + GOOD)
    first = load_budgets(path)
    assert load_budgets(path) == first  # the budget file again, from the cache
    profile.write_text(PROFILE.replace("1M", "3M"))
    assert load_budgets(path).budgets[0].workloads[0].tokens_per_day == 3_000_000


def test_budget_files_and_profiles_are_told_apart() -> None:
    assert is_budget_file(EXAMPLE.read_bytes())
    assert not is_budget_file(
        (REPO / "examples" / "workloads" / "chat-assistant.toml").read_bytes()
    )
    assert is_budget_file(b"[[budgets]\n")  # its loader says why
    assert is_budget_file(b"budgets = [{name = 'x'}]\n")
    assert not is_budget_file(b'# [[budgets]]\nname = "w"\n')
    assert not is_budget_file(b'budgets_note = "x"\n')


def test_the_manual_budget_file_is_valid_and_checks(tmp_path: Path) -> None:
    from datetime import date

    from tokencost.catalogue import load_catalogue
    from tokencost.engine.check import check_budgets

    page = (REPO / "docs" / "budgets.md").read_text()
    section = page[page.index("## The budget file") :]
    block = section[section.index("```toml\n") + 8 : section.index("```\n", 8)]
    shutil.copytree(REPO / "examples" / "workloads", tmp_path / "workloads")
    (tmp_path / ".git").mkdir()
    path = write(tmp_path / "ci" / "tokencost.toml", block)
    budgets = load_budgets(path)
    assert [b.name for b in budgets.budgets] == ["support chat", "data team", "search"]
    report = check_budgets(load_catalogue(REPO / "prices"), budgets, as_of=date(2026, 6, 15))
    search = report.verdicts[-1]
    # 4.5M input x $0.035 + 0.5M output x $0.07 = $0.1925 a day, x 30 days
    assert (search.monthly_cost, search.ratio, search.status) == (Decimal("5.775"), 1, "ok")


def test_the_manual_shows_the_workflow_and_budget_file_as_they_are() -> None:
    page = (REPO / "docs" / "budgets.md").read_text()  # included whole when the site is built
    assert (
        '```yaml title="examples/ci/llm-budgets.yml"\n--8<-- "examples/ci/llm-budgets.yml"\n```'
        in page
    )
    assert (
        '```toml title="examples/ci/tokencost.toml"\n--8<-- "examples/ci/tokencost.toml"\n```'
        in page
    )


def test_the_example_pull_request_profile_loads() -> None:
    from tokencost.workload import load_workload

    pr = load_workload(REPO / "examples" / "ci" / "chat-assistant-pr.toml")
    assert (pr.input_tokens_per_day, pr.output_tokens_per_day) == (32_000_000, 4_000_000)


def test_the_cache_does_not_remember_the_folder_it_was_named_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "profiles" / "w1.toml", PROFILE)
    write(tmp_path / "ci" / "b.toml", HEAD + GOOD.replace("w1.toml", "../profiles/w1.toml"))
    monkeypatch.chdir(tmp_path)
    first = load_budgets("ci/b.toml").budgets[0]
    monkeypatch.chdir(tmp_path / "ci")
    again = load_budgets("b.toml").budgets[0]  # the same file, from the cache
    assert again.workloads == first.workloads
    assert (first.where, again.where) == ("ci/b.toml: budget 'chat'", "b.toml: budget 'chat'")

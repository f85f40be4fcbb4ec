"""The GitHub Action (action.yml): its steps run in bash as a runner runs them
(tests/actionrunner.py), on a real git repository with a base branch and a pull request
that doubles a workload, with a recording stand-in for ``gh`` (GitHub's API cannot run
here). Each exit code (0, 1, 2) reaches the runner from a run in bash; the other runs
call the check step's command in-process (its ``main``, with the step's environment)."""

from __future__ import annotations

import json
import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from tests.actionrunner import ACTION, PULL, REPOSITORY, Runner, commit, copied, git, workspace
from tests.helpers import BUDGETS, CHAT

HUMAN = [
    {"id": 1, "body": "Looks good to me", "html_url": "https://github.com/acme/shop#c1"},
    {"id": 2, "body": "<!-- other-bot -->\nSomething else", "html_url": "x"},
    {"id": 3, "body": "Please also update the README", "html_url": "y"},
]


def base(folder: Path) -> None:
    """``main``: the budgets and a 10M a day workload."""
    (folder / "tokencost.toml").write_text(BUDGETS)
    (folder / "workloads").mkdir()
    (folder / "workloads" / "chat.toml").write_text(CHAT.format(tokens="10M"))


def doubled(folder: Path) -> None:
    """The pull request: the workload doubled."""
    (folder / "workloads" / "chat.toml").write_text(CHAT.format(tokens="20M"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, action_venv: Path) -> Path:
    """The repositories of :func:`runner`, made once for the module."""
    folder = tmp_path_factory.mktemp("workspace")
    workspace(folder, action_venv, base, doubled, HUMAN)
    return folder


@pytest.fixture
def runner(template: Path, tmp_path: Path, action_venv: Path) -> Runner:
    """The budgets and a 10M a day workload on ``main``; the pull request doubles it (a
    copy of :func:`template` of the test's own)."""
    return copied(template, tmp_path, action_venv)


JUNE = {"as-of": "2026-06-15"}
OVER = (
    "::error file=workloads/chat.toml,line=2,title=Over budget%3A support chat on gpt-5.5::"
    "$2,400.00 a month is $400.00 over the $2,000.00 limit (120%25 of it) (budget 'support "
    "chat' in tokencost.toml:2)"
)


def test_two_runs_on_a_pull_request_leave_one_comment_updated_in_place(runner: Runner) -> None:
    first, outputs = runner.run(JUNE)
    assert first.code == 1, first.err  # over budget: the check's exit code
    assert first.err == ""
    lines = first.out.splitlines()
    assert lines[0] == OVER
    assert "FAIL: 1 over, 0 warn, 0 ok (1 check in 1 budget)." in lines
    assert outputs["over"] == "1" and outputs["warn"] == "0"
    assert outputs["total-monthly"] == "2400"  # exact, as in the JSON report
    assert outputs["delta"] == "1200"
    report = json.loads(Path(outputs["report"]).read_text(), parse_float=Decimal)
    assert report["schema"] == "tokencost.check/1" and report["ok"] is False
    assert report["results"][0]["monthly_cost"] == Decimal("2400.00")
    diff = json.loads(Path(outputs["diff-report"]).read_text(), parse_float=Decimal)
    assert diff["schema"] == "tokencost.diff/1"
    assert diff["total"]["change"] == Decimal("1200.00")
    state = runner.state()
    posted = [c for c in state["comments"] if c["id"] >= 1000]
    assert len(posted) == 1 and len(state["comments"]) == 4  # the humans' three are untouched
    body = posted[0]["body"]
    assert body.startswith("<!-- tokencost: tokencost.toml -->\n## ❌ Over budget: 1 of 1 check\n")
    assert "| ❌ over | support chat | gpt-5.5 | $2,400.00 | $2,000.00 |" in body
    assert "### Monthly spend: main:tokencost.toml -> tokencost.toml\n" in body
    assert "| support chat | gpt-5.5 | $1,200.00 | $2,400.00 | +$1,200.00 | +100% |" in body
    assert outputs["comment-url"] == f"https://github.com/{REPOSITORY}/issues/{PULL}/comments#c1003"
    assert [call["args"][:4] for call in state["calls"]] == [
        ["api", "--paginate", f"repos/{REPOSITORY}/issues/{PULL}/comments"],
        ["api", "--method", "POST", f"repos/{REPOSITORY}/issues/{PULL}/comments"],
    ]
    assert {call["token"] for call in state["calls"]} == {"ghs_test_token"}
    summary = Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text()
    assert summary.startswith("## ❌ Over budget: 1 of 1 check\n")
    assert summary == body.split("\n", 1)[1]

    # The pull request grows again: the second run edits the same comment.
    (runner.workspace / "workloads" / "chat.toml").write_text(CHAT.format(tokens="30M"))
    commit(runner.workspace, "Triple it")
    second, outputs = runner.run(JUNE, in_process=True)
    assert second.code == 1 and second.err == ""
    assert outputs["total-monthly"] == "3600" and outputs["delta"] == "2400"
    state = runner.state()
    assert [c["id"] for c in state["comments"]] == [1, 2, 3, 1003]
    assert (
        "| ❌ over | support chat | gpt-5.5 | $3,600.00 | $2,000.00 |"
        in state["comments"][3]["body"]
    )
    assert [call["args"][:4] for call in state["calls"][2:]] == [
        ["api", "--paginate", f"repos/{REPOSITORY}/issues/{PULL}/comments"],
        ["api", "--method", "PATCH", f"repos/{REPOSITORY}/issues/comments/1003"],
    ]
    assert f"Updated the comment https://github.com/{REPOSITORY}/issues/{PULL}/comments#c1003" in (
        second.out
    )


def test_an_outage_of_the_comment_api_fails_soft(
    runner: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # In-process the step sees its environment only, as its process would: not this one.
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tmp_path / "no-such-catalogue"))
    step, outputs = runner.run(JUNE, in_process=True, GH_STANDIN_OUTAGE="1")
    assert step.code == 1  # the verdict stands: over budget
    assert step.err == ""
    warning = [line for line in step.out.splitlines() if line.startswith("::warning")]
    assert warning == [
        "::warning title=tokencost%3A no comment::the pull-request comment was not posted: "
        "gh api failed: HTTP 503: Service Unavailable (https://api.github.com/graphql). The "
        "verdict stands; the report is in the job summary."
    ]
    assert step.out.splitlines()[0] == OVER
    assert outputs["over"] == "1" and outputs["comment-url"] == ""
    assert [c["id"] for c in runner.state()["comments"]] == [1, 2, 3]
    assert Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text().startswith("## ❌ Over budget")


def test_within_budget_passes_and_fail_on_warn_fails_on_a_warning(runner: Runner) -> None:
    git(runner.workspace, "checkout", "--quiet", "main")
    (runner.workspace / "workloads" / "chat.toml").write_text(CHAT.format(tokens="15M"))
    commit(runner.workspace, "A little more")  # $1,800: past the warning line at $1,600
    step, outputs = runner.run({**JUNE, "comment": "false"})  # in bash: exit 0
    assert (step.code, outputs["over"], outputs["warn"]) == (0, "0", "1")
    assert outputs["delta"] == "600"
    assert runner.state()["calls"] == []  # comment: false posts nothing
    strict, outputs = runner.run({**JUNE, "comment": "false", "fail-on": "warn"}, in_process=True)
    assert strict.code == 1
    assert strict.out.startswith("::error file=workloads/chat.toml,line=2,title=Budget warning")


def test_without_a_base_comparison_there_is_no_delta(runner: Runner) -> None:
    step, outputs = runner.run(
        {**JUNE, "compare-base": "false", "comment": "false"}, in_process=True
    )
    assert step.code == 1
    assert (outputs["delta"], outputs["diff-report"]) == ("", "")
    assert "Spend" not in Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text()
    raised, outputs = runner.run(
        {**JUNE, "fail-above": "10%", "comment": "false", "budget-file": "tokencost.toml"},
        in_process=True,
    )
    assert raised.code == 1 and outputs["delta"] == "1200"


@pytest.mark.parametrize(
    ("inputs", "error"),
    [
        (
            {"fail-on": "sometimes"},
            "input fail-on: 'sometimes' is not one of over, warn",
        ),
        ({"comment": "yes"}, "input comment: 'yes' is not one of true, false"),
        (
            {"as-of": "June"},
            "input as-of: 'June' is not a date; use YYYY-MM-DD, e.g. 2026-06-01",
        ),
        (
            {"budget-file": "budgets.toml"},
            "budgets.toml: no such budget file",
        ),
        (
            {"base-ref": "mian"},
            "input base-ref: cannot fetch branch 'mian' from origin: fatal: couldn't find "
            "remote ref mian",
        ),
        ({"fail-above": "lots"}, None),
        ({"source": "lsit"}, "unknown source 'lsit'; did you mean 'list'?"),
    ],
    ids=["fail-on", "comment", "as-of", "budget-file", "base-ref", "fail-above", "source"],
)
def test_bad_input_is_one_error_line_exit_2_and_no_comment(
    runner: Runner, inputs: dict[str, str], error: str | None
) -> None:
    # One case in bash: exit 2 as the runner sees it.
    step, outputs = runner.run({**JUNE, **inputs}, in_process="fail-on" not in inputs)
    assert step.code == 2
    lines = step.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    if error is not None:
        assert lines[0].startswith(f"error: {error}")
    assert step.out.startswith("::error title=tokencost%3A invalid input::")
    assert runner.state()["calls"] == []  # nothing posted, nothing half-written
    assert outputs["over"] == ""
    assert Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text() == ""


def test_the_action_declares_its_inputs_outputs_and_steps() -> None:
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {
        "budget-file",
        "source",
        "as-of",
        "fail-on",
        "compare-base",
        "base-ref",
        "fail-above",
        "comment",
        "catalogue",
        "python",
        "github-token",
    }
    assert set(action["outputs"]) == {
        "over",
        "warn",
        "total-monthly",
        "delta",
        "report",
        "diff-report",
        "comment-url",
    }
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.check.outputs.{name} }}}}"
    check = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
    passed = {k.removeprefix("INPUT_") for k in check["env"] if k.startswith("INPUT_")}
    wanted = {name.upper().replace("-", "_") for name in action["inputs"]}
    assert passed == wanted - {"PYTHON", "GITHUB_TOKEN"}
    assert check["env"]["GH_TOKEN"] == "${{ inputs.github-token }}"
    for name, spec in action["inputs"].items():
        assert spec["description"], name
    assert textwrap.dedent(check["run"]).strip() == (
        '"$RUNNER_TEMP/tokencost-venv/bin/python" -m tokencost.cli.action'
    )
    # The environment the check runs in is the one the install step makes (that step runs
    # in test_the_install_step_installs_the_tokencost_the_other_steps_run, marked slow).
    install = action["runs"]["steps"][0]
    assert (install["name"], install["env"]) == (
        "Install tokencost",
        {"PYTHON": "${{ inputs.python }}"},
    )
    assert textwrap.dedent(install["run"]).strip().splitlines() == [
        '"$PYTHON" -m venv "$RUNNER_TEMP/tokencost-venv"',
        '"$RUNNER_TEMP/tokencost-venv/bin/python" -m pip install --quiet '
        '--disable-pip-version-check "$GITHUB_ACTION_PATH"',
    ]


@pytest.mark.slow
def test_the_install_step_installs_the_tokencost_the_other_steps_run(
    tmp_path: Path, installed_action_venv: Path
) -> None:
    """The install step itself (a fresh environment, ``pip install`` of the action's
    checkout from PyPI): the other tests run the steps after it on this test environment's
    tokencost; here they run on the one it installed, not an editable checkout."""
    python = installed_action_venv / "tokencost-venv" / "bin" / "python"
    where = subprocess.run(
        [python, "-c", "import tokencost; print(tokencost.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(installed_action_venv / "tokencost-venv" / "lib")), where
    runner = workspace(tmp_path, installed_action_venv, base, doubled, HUMAN)
    step, outputs = runner.run(JUNE)
    assert (step.code, step.err) == (1, "")
    assert step.out.splitlines()[0] == OVER
    assert (outputs["over"], outputs["delta"]) == ("1", "1200")
    assert outputs["comment-url"] == f"https://github.com/{REPOSITORY}/issues/{PULL}/comments#c1003"

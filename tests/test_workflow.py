"""The example GitHub Actions workflow is valid YAML and its shell steps really work.

The steps that run tokencost are executed in bash as the runner would (``-eo pipefail``),
in a copy of the repository's examples and catalogue with the base branch checked out
beside it (``../base``), minus the ``git`` lines that fetch it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOW = REPO / "examples" / "ci" / "llm-budgets.yml"


def load() -> dict[Any, Any]:
    doc = yaml.safe_load(WORKFLOW.read_text())
    assert isinstance(doc, dict)
    return doc


def steps() -> list[dict[str, Any]]:
    (job,) = load()["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    found: list[dict[str, Any]] = job["steps"]
    return found


def step(name: str) -> dict[str, Any]:
    return next(s for s in steps() if s.get("name") == name)


def test_the_workflow_structure() -> None:
    doc = load()
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert on == {"pull_request": None}
    assert doc["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert doc["env"] == {"BUDGETS": "examples/ci/tokencost.toml"}
    uses = [s["uses"] for s in steps() if "uses" in s]
    assert uses == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "marocchino/sticky-pull-request-comment@v2",
    ]
    comment = step("Post the comment")
    assert comment["with"] == {"header": "tokencost", "path": "${{ runner.temp }}/comment.md"}
    assert (
        'cat "$RUNNER_TEMP/check.md" "$RUNNER_TEMP/diff.md" > "$RUNNER_TEMP/comment.md"'
        in (step("Write the comment")["run"])
    )
    assert step("Install tokencost")["run"] == "python -m pip install ."
    fail = step("Fail on a breach")
    assert fail["if"] == "steps.check.outputs.status != '0' || steps.diff.outputs.status != '0'"


def commands() -> list[list[str]]:
    """Every tokencost command line of the workflow, split as the shell would."""
    import shlex

    found = []
    for s in steps():
        for line in s.get("run", "").splitlines():
            line = line.strip()
            if line.startswith("tokencost "):
                found.append(shlex.split(line.split(" || ")[0].split(" > ")[0]))
    return found


def test_it_runs_check_and_diff_in_each_format_it_needs() -> None:
    used = {(c[1], c[c.index("--format") + 1]) for c in commands()}
    assert used == {
        ("check", "github"),
        ("check", "markdown"),
        ("diff", "github"),
        ("diff", "markdown"),
    }
    for command in commands():
        if command[1] == "diff":
            assert command[2:4] == ["../base/$BUDGETS", "$BUDGETS"]
            assert command[command.index("--fail-above") + 1] == "10%"


def checkout(folder: Path) -> Path:
    """What the workflow needs of a checkout: the examples and the catalogue."""
    for part in ("examples/ci", "examples/workloads", "prices"):
        shutil.copytree(REPO / part, folder / part)
    return folder


def run_step(name: str, cwd: Path, runner: Path) -> str:
    """Run a step's script (without its git lines) as the runner would; return its outputs."""
    script = "\n".join(
        line for line in step(name)["run"].splitlines() if not line.strip().startswith("git ")
    )
    output = runner / "output"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **load()["env"],
        "BASE_REF": "main",
        "RUNNER_TEMP": str(runner),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
    }
    output.write_text("")
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return output.read_text()


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """``work/repo`` (the pull request), ``work/base`` (the base branch) and a runner temp."""
    repo = checkout(tmp_path / "work" / "repo")
    checkout(tmp_path / "work" / "base")
    runner = tmp_path / "runner"
    runner.mkdir()
    return repo, runner


def test_the_steps_pass_on_this_repository(workspace: tuple[Path, Path]) -> None:
    repo, runner = workspace
    assert run_step("Check the budgets", repo, runner) == "status=0\n"
    assert run_step("Diff the spend against the base branch", repo, runner) == "status=0\n"
    run_step("Write the comment", repo, runner)
    comment = (runner / "comment.md").read_text()
    assert comment.startswith("## ⚠️ Within budget, with 1 warning\n")
    assert "## ✅ Monthly LLM spend unchanged\n" in comment
    summary = (runner / "summary.md").read_text()
    assert summary.startswith("## ⚠️ Within budget, with 1 warning\n")
    assert "\n## ✅ Monthly LLM spend unchanged\n" in summary


def test_the_steps_catch_a_pull_request_that_raises_the_spend(
    workspace: tuple[Path, Path],
) -> None:
    repo, runner = workspace
    profile = repo / "examples" / "workloads" / "chat-assistant.toml"
    profile.write_text(profile.read_text().replace('"20M"', '"30M"'))
    assert run_step("Check the budgets", repo, runner) == "status=1\n"
    assert run_step("Diff the spend against the base branch", repo, runner) == "status=1\n"
    run_step("Write the comment", repo, runner)
    comment = (runner / "comment.md").read_text()
    assert comment.startswith("## ❌ Over budget: 2 of 4 checks\n")
    # 2,400 + 3,240 (chat) -> 3,600 + 4,860: +2,820 on a total of 11,348.50 = +24.85%
    assert "## ❌ Monthly LLM spend +$2,820.00 (+24.85%), above the 10% limit\n" in comment


def test_a_base_branch_without_the_budget_file_gets_a_note(workspace: tuple[Path, Path]) -> None:
    repo, runner = workspace
    (repo.parent / "base" / "examples" / "ci" / "tokencost.toml").unlink()
    assert run_step("Diff the spend against the base branch", repo, runner) == "status=0\n"
    assert (runner / "diff.md").read_text() == (
        "No examples/ci/tokencost.toml on main yet: no spend diff.\n"
    )

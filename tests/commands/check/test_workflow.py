"""The example GitHub Actions workflow (examples/ci/llm-budgets.yml) is valid and works.

Its action step runs as a runner runs it (tests/actionrunner.py), with the workflow's
own ``with:`` inputs, on a repository holding this one's examples and catalogue (its
entries of the five models the example's budgets name: the article's), for a pull
request that raises a workload; then its last step reads the action's outputs. ``gh``
is a recording stand-in (GitHub's API cannot run here).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.actionrunner import ACTION, Runner, expand, workspace
from tests.helpers import REPO

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


def test_the_workflow_uses_the_action_with_inputs_it_declares() -> None:
    doc = load()
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert on == {"pull_request": None}
    assert doc["permissions"] == {"contents": "read", "pull-requests": "write"}
    uses = [s["uses"] for s in steps() if "uses" in s]
    assert uses == ["actions/checkout@v4", "tokencost-cli/tokencost@v1"]
    action = yaml.safe_load(ACTION.read_text())
    budgets = next(s for s in steps() if s.get("id") == "budgets")
    assert set(budgets["with"]) <= set(action["inputs"])
    assert budgets["with"] == {
        "budget-file": "examples/ci/tokencost.toml",
        "catalogue": "prices",
        "fail-above": "10%",
    }
    said = steps()[-1]
    used = {value.split(".")[-1].strip(" }") for value in said["env"].values()}
    assert used <= set(action["outputs"])


def copy_repository(catalogue: Path) -> Callable[[Path], None]:
    """What the workflow needs of this repository: the examples, and ``catalogue`` as
    its catalogue folder ``prices`` (the article's five models of it: each copy of the
    whole market is validated afresh, ~1.5 s, and its other models price nothing here)."""

    def copy(folder: Path) -> None:
        for part in ("examples/ci", "examples/workloads"):
            shutil.copytree(REPO / part, folder / part)
        shutil.copytree(catalogue, folder / "prices")

    return copy


def raise_chat(folder: Path) -> None:
    profile = folder / "examples" / "workloads" / "chat-assistant.toml"
    profile.write_text(profile.read_text().replace('"20M"', '"30M"'))


@pytest.fixture
def runner(tmp_path: Path, action_venv: Path, article_prices: Path) -> Runner:
    run = workspace(tmp_path, action_venv, copy_repository(article_prices), raise_chat)
    run.env["TOKENCOST_TODAY"] = "2026-06-15"  # the day the article's prices are in effect
    return run


def test_the_workflow_catches_a_pull_request_that_raises_the_spend(runner: Runner) -> None:
    inputs = next(s for s in steps() if s.get("id") == "budgets")["with"]
    step, outputs = runner.run(inputs)
    assert step.code == 1, step.err
    assert step.out.splitlines()[:2] == [
        "::error file=examples/workloads/chat-assistant.toml,line=7,title=Over budget%3A "
        "support chat on gpt-5.5::$3,600.00 a month is $100.00 over the $3,500.00 limit "
        "(102.86%25 of it) (budget 'support chat' in examples/ci/tokencost.toml:7)",
        "::error file=examples/workloads/chat-assistant.toml,line=7,title=Over budget%3A "
        "support chat on claude-opus-4.8::$4,860.00 a month is $1,360.00 over the $3,500.00 "
        "limit (138.86%25 of it) (budget 'support chat' in examples/ci/tokencost.toml:7)",
    ]
    comment = runner.state()["comments"][0]["body"]
    assert comment.startswith(
        "<!-- tokencost: examples/ci/tokencost.toml -->\n## ❌ Over budget: 2 of 4 checks\n"
    )
    # 2,400 + 3,240 (chat) -> 3,600 + 4,860: +2,820 on a total of 11,348.50 = +24.85%
    assert "## ❌ Monthly LLM spend +$2,820.00 (+24.85%), above the 10% limit\n" in comment
    assert (outputs["over"], outputs["total-monthly"], outputs["delta"]) == ("2", "14168.5", "2820")

    said = steps()[-1]
    context = {"steps": {"budgets": {"outputs": outputs}}}
    env = {name: expand(str(value), context) for name, value in said["env"].items()}
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", said["run"]],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == (
        "over budget: 2; monthly spend 14168.5 USD, 2820 against the base branch\n"
    )


def test_the_workflow_passes_an_unchanged_pull_request(runner: Runner) -> None:
    subprocess.run(["git", "checkout", "--quiet", "main"], cwd=runner.workspace, check=True)
    inputs = next(s for s in steps() if s.get("id") == "budgets")["with"]
    step, outputs = runner.run(inputs, in_process=True)  # the step itself: the test above
    assert step.code == 0, step.err
    comment = runner.state()["comments"][0]["body"]
    assert "## ⚠️ Within budget, with 1 warning\n" in comment
    assert "## ✅ Monthly LLM spend unchanged\n" in comment
    assert (outputs["over"], outputs["warn"], outputs["delta"]) == ("0", "1", "0")

"""The GitHub Action (action.yml): its steps run in bash as a runner runs them.

A runner runs a composite action's ``run`` steps as ``bash --noprofile --norc -eo
pipefail FILE`` with ``${{ ... }}`` expressions already replaced, a fresh
``GITHUB_OUTPUT`` file per step, ``GITHUB_STEP_SUMMARY``, ``GITHUB_EVENT_PATH`` (the
event's JSON), ``GITHUB_ACTION_PATH`` (the action's checkout), ``RUNNER_TEMP`` and the
workspace as the current folder. :class:`Runner` does that here, on a real git
repository with a base branch (pushed to a bare ``origin``) and a pull request that
doubles a workload. The install step really installs tokencost from this checkout
into its own environment (once for the module).

The one stand-in: ``gh``. GitHub's API cannot run here, so a recording stand-in for
the GitHub CLI is first on PATH: it answers ``gh api`` for the pull request's comments
from a JSON file (listing them a page at a time, as ``--paginate`` prints them,
creating and editing them) and records every call, or fails like an outage.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

ACTION = REPO / "action.yml"
REPOSITORY = "acme/shop"
PULL = 7

GH_STANDIN = '''\
#!{python}
"""A recording stand-in for the GitHub CLI's `gh api` (GitHub's API cannot run here)."""
import json, os, sys
from pathlib import Path

state_file = Path(os.environ["GH_STANDIN_STATE"])
state = json.loads(state_file.read_text())
args = sys.argv[1:]
body = None
if "--input" in args:
    body = json.loads(Path(args[args.index("--input") + 1]).read_text())["body"]
state["calls"].append({{"args": args, "token": os.environ.get("GH_TOKEN"), "body": body}})
state_file.write_text(json.dumps(state))
if os.environ.get("GH_STANDIN_OUTAGE"):
    print("HTTP 503: Service Unavailable (https://api.github.com/graphql)", file=sys.stderr)
    sys.exit(1)
method = args[args.index("--method") + 1] if "--method" in args else "GET"
path = next(a for a in args[1:] if a.startswith("repos/"))
comments = state["comments"]
if method == "GET" and path.endswith("/comments"):
    for start in range(0, max(len(comments), 1), 2):  # two a page, one array a page
        print(json.dumps(comments[start : start + 2]))
elif method == "POST" and path.endswith("/comments"):
    new = {{"id": 1000 + len(comments), "body": body,
           "html_url": f"https://github.com/{{path[6:]}}#c{{1000 + len(comments)}}"}}
    comments.append(new)
    print(json.dumps(new))
elif method == "PATCH":
    ident = int(path.rsplit("/", 1)[1])
    found = [c for c in comments if c["id"] == ident]
    if not found:
        print("HTTP 404: Not Found", file=sys.stderr)
        sys.exit(1)
    found[0]["body"] = body
    print(json.dumps(found[0]))
else:
    print(f"stand-in: no answer for {{method}} {{path}}", file=sys.stderr)
    sys.exit(1)
state_file.write_text(json.dumps(state))
'''

BUDGETS = """\
# The shop's LLM budgets.
[[budgets]]
name = "support chat"
workload = "workloads/chat.toml"
model = "gpt-5.5"
monthly_limit = 2000
warn_at = 0.8
"""

CHAT = 'name = "chat"\ntokens_per_day = "{tokens}"\nratio = "4:1"\n'
"""10M a day at 4:1 on gpt-5.5 (article prices): $1,200.00 a month; 20M: $2,400.00."""

HUMAN = [
    {"id": 1, "body": "Looks good to me", "html_url": "https://github.com/acme/shop#c1"},
    {"id": 2, "body": "<!-- other-bot -->\nSomething else", "html_url": "x"},
    {"id": 3, "body": "Please also update the README", "html_url": "y"},
]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@dataclass
class Step:
    """What a step did: exit code, stdout, stderr and its outputs."""

    code: int
    out: str
    err: str
    outputs: dict[str, str]


@dataclass
class Runner:
    """A runner for action.yml in a workspace: expressions, files and bash as GitHub's."""

    workspace: Path
    temp: Path
    stand_in: Path
    env: dict[str, str] = field(default_factory=dict)

    def run(self, inputs: dict[str, str] | None = None, **env: str) -> tuple[Step, dict[str, str]]:
        """Run the action's steps in order (stopping at a failing one, as a runner does);
        the last step's result and the action's outputs."""
        action = yaml.safe_load(ACTION.read_text())
        given = inputs or {}
        github = {"base_ref": "main", "token": "ghs_test_token", "repository": REPOSITORY}
        steps: dict[str, dict[str, str]] = {}
        result = Step(0, "", "", {})
        for step in action["runs"]["steps"]:
            if step["name"] == "Install tokencost":  # done once for the module: see venv
                continue
            context = {"inputs": self._inputs(action, given, github), "github": github}
            result = self._step(step, context, env)
            if "id" in step:
                steps[step["id"]] = result.outputs
            if result.code != 0:
                break
        done: dict[str, Any] = {"steps": {k: {"outputs": v} for k, v in steps.items()}}
        outputs = {name: expand(spec["value"], done) for name, spec in action["outputs"].items()}
        return result, outputs

    def _inputs(
        self, action: dict[str, Any], given: dict[str, str], github: dict[str, str]
    ) -> dict[str, str]:
        declared = action["inputs"]
        assert set(given) <= set(declared), f"unknown inputs {set(given) - set(declared)}"
        return {
            name: given.get(name, expand(str(spec.get("default", "")), {"github": github}))
            for name, spec in declared.items()
        }

    def _step(self, step: dict[str, Any], context: dict[str, Any], extra: dict[str, str]) -> Step:
        assert step["shell"] == "bash"
        output = self.temp / "github_output"
        output.write_text("")  # a fresh file for each step
        script = self.temp / "step.sh"
        script.write_text(expand(step["run"], context))
        env = {
            **self.env,
            **{name: expand(str(value), context) for name, value in step.get("env", {}).items()},
            "GITHUB_OUTPUT": str(output),
            **extra,
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return Step(done.returncode, done.stdout, done.stderr, parse_outputs(output.read_text()))

    def state(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.stand_in.read_text())
        return found


def expand(text: str, context: dict[str, Any]) -> str:
    """``${{ a.b.c }}`` replaced by its value in ``context`` ("" when absent), as the
    runner does before a step runs."""

    def value(match: re.Match[str]) -> str:
        found: Any = context
        for part in match.group(1).split("."):
            found = found.get(part, "") if isinstance(found, dict) else ""
        return str(found)

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", value, text)


def parse_outputs(text: str) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as the runner reads them."""
    found: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            found[name] = "\n".join(iter(lambda: next(lines), delimiter))
        elif "=" in line:
            name, value = line.split("=", 1)
            found[name] = value
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The action's install step, run once: tokencost from this checkout into its own
    environment under RUNNER_TEMP (the step's code, as the runner runs it)."""
    temp = tmp_path_factory.mktemp("runner-temp")
    action = yaml.safe_load(ACTION.read_text())
    step = action["runs"]["steps"][0]
    assert step["name"] == "Install tokencost"
    script = temp / "install.sh"
    script.write_text(expand(step["run"], {}))
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "RUNNER_TEMP": str(temp),
            "GITHUB_ACTION_PATH": str(REPO),
        },
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0 and "Could not find a version" in done.stderr + done.stdout:
        pytest.skip("the install step needs PyPI (hatchling, typer ...), which is unreachable")
    assert done.returncode == 0, done.stderr
    return temp


@pytest.fixture
def runner(tmp_path: Path, venv: Path) -> Runner:
    """A workspace: a clone of a repository whose ``main`` has the budgets and a 10M a
    day workload, checked out at a pull request that doubles it (20M)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "--quiet", "-b", "main")
    (seed / "tokencost.toml").write_text(BUDGETS)
    (seed / "workloads").mkdir()
    (seed / "workloads" / "chat.toml").write_text(CHAT.format(tokens="10M"))
    commit(seed, "Budgets")
    git(seed, "push", "--quiet", str(origin), "main")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "--quiet", str(origin), str(workspace))
    git(workspace, "checkout", "--quiet", "-b", "double-chat")
    (workspace / "workloads" / "chat.toml").write_text(CHAT.format(tokens="20M"))
    commit(workspace, "Double the chat traffic")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(GH_STANDIN.format(python=sys.executable))
    gh.chmod(0o755)
    stand_in = tmp_path / "gh-state.json"
    stand_in.write_text(json.dumps({"comments": HUMAN, "calls": []}))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": PULL}}))
    summary = tmp_path / "summary.md"
    summary.write_text("")
    temp = tmp_path / "runner-temp"  # the job's, with the module's installed tokencost
    temp.mkdir()
    (temp / "tokencost-venv").symlink_to(venv / "tokencost-venv")
    keep = ("HOME", "LANG", "TOKENCOST_CACHE_DIR", "SYSTEMROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        RUNNER_TEMP=str(temp),
        GITHUB_ACTION_PATH=str(REPO),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(event),
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_BASE_REF="main",
        GH_STANDIN_STATE=str(stand_in),
        GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
    )
    return Runner(workspace, temp, stand_in, env)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(
        repo,
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "commit",
        "--quiet",
        "-m",
        message,
    )


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
    second, outputs = runner.run(JUNE)
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


def test_an_outage_of_the_comment_api_fails_soft(runner: Runner) -> None:
    step, outputs = runner.run(JUNE, GH_STANDIN_OUTAGE="1")
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
    step, outputs = runner.run({**JUNE, "comment": "false"})
    assert (step.code, outputs["over"], outputs["warn"]) == (0, "0", "1")
    assert outputs["delta"] == "600"
    assert runner.state()["calls"] == []  # comment: false posts nothing
    strict, outputs = runner.run({**JUNE, "comment": "false", "fail-on": "warn"})
    assert strict.code == 1
    assert strict.out.startswith("::error file=workloads/chat.toml,line=2,title=Budget warning")


def test_without_a_base_comparison_there_is_no_delta(runner: Runner) -> None:
    step, outputs = runner.run({**JUNE, "compare-base": "false", "comment": "false"})
    assert step.code == 1
    assert (outputs["delta"], outputs["diff-report"]) == ("", "")
    assert "Spend" not in Path(runner.env["GITHUB_STEP_SUMMARY"]).read_text()
    raised, outputs = runner.run(
        {**JUNE, "fail-above": "10%", "comment": "false", "budget-file": "tokencost.toml"}
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
    step, outputs = runner.run({**JUNE, **inputs})
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

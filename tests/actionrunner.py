"""Running the GitHub Action (action.yml) as a runner runs it, for the tests.

A runner runs a composite action's ``run`` steps as ``bash --noprofile --norc -eo
pipefail FILE`` with ``${{ ... }}`` expressions already replaced, a fresh
``GITHUB_OUTPUT`` file per step, ``GITHUB_STEP_SUMMARY``, ``GITHUB_EVENT_PATH`` (the
event's JSON), ``GITHUB_ACTION_PATH`` (the action's checkout), ``RUNNER_TEMP`` and the
workspace as the current folder. :class:`Runner` does that, in a real git repository
whose base branch is pushed to a bare ``origin`` (:func:`workspace`). The install step
really installs tokencost from this checkout into its own environment
(:func:`install`, once a test session: the ``installed_action_venv`` fixture). A test
may run the check step in-process instead (``in_process=True``): its one command,
``python -m tokencost.cli.action``, is then the real ``main`` of that module called
with the step's environment (exactly, nothing of the test's) in the workspace, its
streams and exit code kept as the process's; a test that runs it in bash proves the
step itself.

The one stand-in: ``gh``. GitHub's API cannot run here, so a recording stand-in for
the GitHub CLI is first on PATH: it answers ``gh api`` for the pull request's comments
from a JSON file (listing them a page at a time, as ``--paginate`` prints them,
creating and editing them), records every call, or fails like an outage when
``GH_STANDIN_OUTAGE`` is set.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import REPO

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

    def run(
        self, inputs: dict[str, str] | None = None, *, in_process: bool = False, **env: str
    ) -> tuple[Step, dict[str, str]]:
        """Run the action's steps in order (stopping at a failing one, as a runner does);
        the last step's result and the action's outputs. ``in_process``: the check step's
        command in-process (the module's doc)."""
        action = yaml.safe_load(ACTION.read_text())
        given = inputs or {}
        github = {"base_ref": "main", "token": "ghs_test_token", "repository": REPOSITORY}
        steps: dict[str, dict[str, str]] = {}
        result = Step(0, "", "", {})
        for step in action["runs"]["steps"]:
            if step["name"] == "Install tokencost":  # done once for the module: see venv
                continue
            context = {"inputs": self._inputs(action, given, github), "github": github}
            result = self._step(step, context, env, in_process)
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

    def _step(
        self,
        step: dict[str, Any],
        context: dict[str, Any],
        extra: dict[str, str],
        in_process: bool = False,
    ) -> Step:
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
        if in_process:
            assert textwrap.dedent(step["run"]).strip() == CHECK_STEP
            done = _check_in_process(self.workspace, env)
        else:
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


CHECK_STEP = '"$RUNNER_TEMP/tokencost-venv/bin/python" -m tokencost.cli.action'
"""The check step's one command, which ``in_process`` runs in-process."""


def _check_in_process(cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """:data:`CHECK_STEP` as that process would run it: the real ``main`` of
    ``tokencost.cli.action`` in ``cwd`` with exactly ``env`` as its environment (the git
    and gh it starts inherit it), its streams and exit code kept apart."""
    from tokencost.cli import action

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = action.main()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(CHECK_STEP, code, out.getvalue(), err.getvalue())


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


def install(temp: Path) -> Path:
    """The action's install step: tokencost from this checkout into its own environment
    under ``temp`` (the job's RUNNER_TEMP), as the runner runs it; skipped, saying why,
    when PyPI (hatchling, typer ...) cannot be reached."""
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


def workspace(
    tmp_path: Path,
    venv: Path,
    base: Callable[[Path], None],
    pull_request: Callable[[Path], None],
    comments: list[dict[str, Any]] | None = None,
) -> Runner:
    """A clone of a repository whose ``main`` (pushed to a bare ``origin``) has the files
    ``base`` writes, checked out at a branch with ``pull_request``'s changes committed;
    and a runner for it, with the installed tokencost of ``venv``, the gh stand-in
    (holding ``comments``) and the event of pull request number :data:`PULL`."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "--quiet", "-b", "main")
    base(seed)
    commit(seed, "The base")
    git(seed, "push", "--quiet", str(origin), "main")
    work = tmp_path / "workspace"
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    git(work, "checkout", "--quiet", "-b", "pull-request")
    pull_request(work)
    commit(work, "The pull request")
    return _runner(tmp_path, venv, comments)


def copied(template: Path, tmp_path: Path, venv: Path) -> Runner:
    """The :func:`workspace` made in ``template`` (its repositories, their history, the
    stand-in's comments), copied to ``tmp_path`` as it was made, with a runner of its
    own: the git commands that made it run once, not once a test. The clone's
    ``origin`` is the copy's own bare repository."""
    shutil.copytree(template, tmp_path, symlinks=True, dirs_exist_ok=True)
    config = tmp_path / "workspace" / ".git" / "config"
    origin = str(template / "origin.git")
    assert origin in config.read_text()
    config.write_text(config.read_text().replace(origin, str(tmp_path / "origin.git")))
    state = json.loads((tmp_path / "gh-state.json").read_text())
    return _runner(tmp_path, venv, state["comments"])


def _runner(tmp_path: Path, venv: Path, comments: list[dict[str, Any]] | None) -> Runner:
    """The runner of the workspace in ``tmp_path``: the gh stand-in (holding
    ``comments``), the event, the step summary, the job's temporary folder."""
    work = tmp_path / "workspace"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(GH_STANDIN.format(python=sys.executable))
    gh.chmod(0o755)
    stand_in = tmp_path / "gh-state.json"
    stand_in.write_text(json.dumps({"comments": comments or [], "calls": []}))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": PULL}}))
    summary = tmp_path / "summary.md"
    summary.write_text("")
    temp = tmp_path / "runner-temp"  # the job's, with the session's installed tokencost
    temp.mkdir(exist_ok=True)
    if not (temp / "tokencost-venv").is_symlink():
        (temp / "tokencost-venv").symlink_to(venv / "tokencost-venv")
    keep = ("HOME", "LANG", "TOKENCOST_CACHE_DIR", "SYSTEMROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        RUNNER_TEMP=str(temp),
        GITHUB_ACTION_PATH=str(REPO),
        GITHUB_WORKSPACE=str(work),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_EVENT_PATH=str(event),
        GITHUB_REPOSITORY=REPOSITORY,
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_BASE_REF="main",
        GH_STANDIN_STATE=str(stand_in),
        GIT_CONFIG_GLOBAL=str(tmp_path / "gitconfig"),
    )
    return Runner(work, temp, stand_in, env)


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

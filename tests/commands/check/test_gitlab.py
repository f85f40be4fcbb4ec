"""The GitLab CI example (examples/ci/.gitlab-ci.yml) is valid and its script works.

Its ``script`` runs in bash with errexit, as a GitLab runner runs a job's lines, in a
clone of a repository holding this one's examples, for a merge request that raises a
workload, with the variables GitLab sets; then both JUnit reports are read back with
junitparser. The ``before_script`` (the image's git and ``pip install tokencost-cli``)
is left out: tokencost is installed here already, the version under test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from junitparser import Failure, JUnitXml, TestCase, TestSuite

from tests.actionrunner import commit, git
from tests.helpers import REPO

EXAMPLE = REPO / "examples" / "ci" / ".gitlab-ci.yml"


def job() -> dict[str, Any]:
    doc = yaml.safe_load(EXAMPLE.read_text())
    found: dict[str, Any] = doc["llm-budgets"]
    return found


def test_the_job_reports_junit_on_merge_requests() -> None:
    spec = job()
    assert spec["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert spec["artifacts"] == {
        "when": "always",
        "reports": {"junit": ["tokencost-check.xml", "tokencost-diff.xml"]},
    }
    assert spec["before_script"][-1] == "pip install --quiet tokencost-cli"
    assert spec["variables"]["BUDGETS"] == "examples/ci/tokencost.toml"


def merge_request(tmp_path: Path) -> Path:
    """A clone at a merge request that raises the chat assistant from 20M to 30M a day;
    its target branch ``main`` is on ``origin``."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "-b", "main", str(origin))
    seed = tmp_path / "seed"
    for part in ("examples/ci", "examples/workloads"):
        shutil.copytree(REPO / part, seed / part)
    git(seed, "init", "--quiet", "-b", "main")
    commit(seed, "Budgets")
    git(seed, "push", "--quiet", str(origin), "main")
    work = tmp_path / "builds" / "shop"
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    git(work, "checkout", "--quiet", "-b", "more-chat")
    profile = work / "examples" / "workloads" / "chat-assistant.toml"
    profile.write_text(profile.read_text().replace('"20M"', '"30M"'))
    commit(work, "More chat")
    return work


def suite(path: Path) -> TestSuite:
    (found,) = list(JUnitXml.fromfile(str(path)))
    assert isinstance(found, TestSuite)
    return found


def failed(found: TestSuite) -> list[tuple[str, str, str | None]]:
    out = []
    for case in found:
        assert isinstance(case, TestCase)
        for result in case.result:
            if isinstance(result, Failure):
                out.append((case.classname, case.name, result.type))
    return out


def test_the_script_fails_the_merge_request_and_reports_both(tmp_path: Path) -> None:
    work = merge_request(tmp_path)
    spec = job()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TOKENCOST_CATALOGUE")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        **spec["variables"],
        "CI_PIPELINE_SOURCE": "merge_request_event",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "TOKENCOST_TODAY": "2026-06-15",  # the article's prices are in effect
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-c", "\n".join(spec["script"])],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # over budget, and +24.85% > 10%
    check = suite(work / "tokencost-check.xml")
    assert (check.name, check.tests, check.failures) == (
        "Budget check of examples/ci/tokencost.toml",
        4,
        2,
    )
    assert failed(check) == [
        ("support chat", "gpt-5.5", "over"),
        ("support chat", "claude-opus-4.8", "over"),
    ]
    diff = suite(work / "tokencost-diff.xml")
    assert diff.tests == 5 and failed(diff) == [("Total", "monthly spend", "rise")]
    assert "+$2,820.00 (+24.85%)" in done.stdout  # the diff's table in the job's log

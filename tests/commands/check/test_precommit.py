"""The pre-commit hooks (.pre-commit-hooks.yaml), run by pre-commit itself.

A temporary repository uses this one's hooks as a user's would: its
.pre-commit-config.yaml names a git repository and a commit. That repository is a
snapshot of this working tree (its tracked and new files, committed in a temporary
folder), so the hooks under test are the ones here, and pre-commit reaches no network
but PyPI (to install tokencost and its dependencies in the hooks' environment, as for
any user). pre-commit's own cache goes to a temporary PRE_COMMIT_HOME.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.actionrunner import commit, git
from tests.helpers import BUDGETS, CHAT, REPO, Result, Run


def snapshot(folder: Path) -> str:
    """This working tree's files, committed in ``folder``; the commit's id."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git(folder, "init", "--quiet", "-b", "main")
    commit(folder, "snapshot")
    return git(folder, "rev-parse", "HEAD").strip()


def test_the_hooks_are_declared() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"tokencost-check", "tokencost-prices-validate"}
    assert hooks["tokencost-check"]["entry"] == "tokencost check"
    assert hooks["tokencost-prices-validate"]["entry"] == "tokencost prices validate"
    assert {h["language"] for h in hooks.values()} == {"python"}
    assert {h["pass_filenames"] for h in hooks.values()} == {False}


def project(user: Path, catalogue: Path) -> None:
    """A user's project: budgets over a 10M a day workload, and a copy of ``catalogue``
    (the article's models of the shipped one: a copy of the whole market costs ~1.5 s to
    validate, and the hook runs the same on any catalogue)."""
    (user / "workloads").mkdir(parents=True)
    (user / "tokencost.toml").write_text(BUDGETS)
    (user / "workloads" / "chat.toml").write_text(CHAT.format(tokens="10M"))
    shutil.copytree(catalogue, user / "prices")


def break_project(user: Path) -> None:
    """The workload doubled (over its budget) and a negative price in the catalogue."""
    (user / "workloads" / "chat.toml").write_text(CHAT.format(tokens="20M"))
    openai = user / "prices" / "openai.toml"
    openai.write_text(openai.read_text().replace("input = 2.50", "input = -2.50", 1))


NEGATIVE = (
    "openai.toml  models[0].prices[1].input  Input should be greater than or equal to 0 (got -2.5)"
)


def test_each_hook_runs_its_entry_and_args_in_the_project(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch, article_prices: Path
) -> None:
    """What pre-commit runs for each hook (its entry and args, in the repository's root, no
    file names), run in this process: it passes on the project, and fails on the broken one
    with the exit codes and messages pre-commit shows (the real pre-commit run is below,
    marked slow)."""
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    user = tmp_path / "user"
    project(user, article_prices)
    monkeypatch.chdir(user)
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-06-15")

    def each_hook() -> list[Result]:
        return [run(*h["entry"].split()[1:], *h.get("args", [])) for h in hooks]

    check, validate = each_hook()
    assert (check.code, check.err) == (0, "")
    assert "PASS: 0 over, 0 warn, 1 ok (1 check in 1 budget)." in check.out
    assert (validate.code, validate.err) == (0, "")
    break_project(user)
    check, validate = each_hook()
    assert (check.code, check.err) == (1, "")
    assert "FAIL: 1 over, 0 warn, 0 ok (1 check in 1 budget)." in check.out
    assert validate.code == 2
    assert NEGATIVE in validate.out + validate.err


@pytest.mark.slow
def test_pre_commit_runs_both_hooks(tmp_path: Path, article_prices: Path) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = snapshot(hooks)
    user = tmp_path / "user"
    project(user, article_prices)
    config = {
        "repos": [
            {
                "repo": hooks.as_uri(),
                "rev": rev,
                "hooks": [{"id": "tokencost-check"}, {"id": "tokencost-prices-validate"}],
            }
        ]
    }
    (user / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(user, "init", "--quiet", "-b", "main")
    commit(user, "A project with budgets")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("TOKENCOST_CATALOGUE")},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "TOKENCOST_TODAY": "2026-06-15",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
    }

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=user,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    first = pre_commit()
    if first.returncode != 0 and "Could not find a version" in first.stdout + first.stderr:
        pytest.skip("pre-commit installs the hooks' environment from PyPI, unreachable here")
    assert first.returncode == 0, first.stdout + first.stderr
    lines = [line for line in first.stdout.splitlines() if line.startswith("tokencost ")]
    assert [line.split(".")[0] for line in lines] == [
        "tokencost check (LLM budgets)",
        "tokencost prices validate (price catalogue)",
    ]
    assert all(line.endswith("Passed") for line in lines)

    # Doubling the workload breaks the budget: the check hook fails with the verdict.
    break_project(user)
    git(user, "add", "-A")
    second = pre_commit()
    assert second.returncode == 1
    out = second.stdout
    assert "tokencost check (LLM budgets)" in out and "- exit code: 1" in out
    assert "FAIL: 1 over, 0 warn, 0 ok (1 check in 1 budget)." in out
    assert "tokencost prices validate (price catalogue)" in out and "- exit code: 2" in out
    assert NEGATIVE in out

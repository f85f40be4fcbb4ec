"""A budget reads only what it should: its workload files are inside its repository.

Regression tests of a hostile-input run: a budget's ``workload`` could name any TOML
file on the machine, and the error message echoed its values (a token from an
unrelated config file was printed in full).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Run, write

SECRET = "ghp_0123456789abcdefSECRET"
BUDGET = '[[budgets]]\nname = "chat"\nworkload = "{ref}"\nmodel = "big"\nmonthly_limit = 100000\n'
PROFILE = 'name = "w1"\ntokens_per_day = "1M"\nratio = "3:1"\n'


@pytest.fixture
def repo(tmp_path: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with a budget file; beside it (outside), a config file with a secret."""
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    write(tmp_path / "config.toml", f'name = "x"\ntokens_per_day = "{SECRET}"\n')
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    write(folder / "profiles" / "w1.toml", PROFILE)
    monkeypatch.chdir(folder)
    return folder


def expect_refused(run: Run, ref: str) -> None:
    result = run("check", "--as-of", "2026-06-15")
    assert result.code == 2
    assert SECRET not in result.err
    assert result.err == (
        f"error: tokencost.toml: budget 'chat': workload: {ref} is outside the budget "
        f"file's repository ({Path.cwd().resolve()}); move the profile inside it, or allow "
        "its folder with TOKENCOST_WORKLOAD_ROOTS=FOLDER\n"
    )
    assert result.out == ""


def test_a_workload_could_name_any_toml_file_and_the_error_echoed_its_values(
    run: Run, repo: Path
) -> None:
    write(repo / "tokencost.toml", BUDGET.format(ref="../config.toml"))
    expect_refused(run, "../config.toml")


def test_an_absolute_workload_path_outside_the_repository_is_refused(run: Run, repo: Path) -> None:
    outside = str(repo.parent / "config.toml")
    write(repo / "tokencost.toml", BUDGET.format(ref=outside))
    expect_refused(run, outside)


def test_a_symlink_inside_the_repository_to_a_file_outside_is_refused(run: Run, repo: Path) -> None:
    (repo / "profiles" / "link.toml").symlink_to(repo.parent / "config.toml")
    write(repo / "tokencost.toml", BUDGET.format(ref="profiles/link.toml"))
    expect_refused(run, "profiles/link.toml")


def test_a_workload_inside_the_repository_is_read(run: Run, repo: Path) -> None:
    write(repo / "ci" / "tokencost.toml", BUDGET.format(ref="../profiles/w1.toml"))
    result = run("check", "ci/tokencost.toml", "--as-of", "2026-06-15", "--json")
    assert (result.code, result.err) == (0, "")


def test_an_allowed_root_lets_a_budget_reach_beyond_its_repository(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = repo.parent / "shared"
    write(shared / "w1.toml", PROFILE)
    write(repo / "tokencost.toml", BUDGET.format(ref="../shared/w1.toml"))
    expect_refused(run, "../shared/w1.toml")
    monkeypatch.setenv("TOKENCOST_WORKLOAD_ROOTS", str(shared))
    result = run("check", "--as-of", "2026-06-15", "--json")
    assert (result.code, result.err) == (0, "")


def test_outside_a_repository_the_budget_file_s_folder_is_the_root(
    run: Run, tmp_path: Path, tiny: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    write(tmp_path / "w1.toml", PROFILE)
    write(tmp_path / "ci" / "tokencost.toml", BUDGET.format(ref="../w1.toml"))
    result = run("check", str(tmp_path / "ci" / "tokencost.toml"), "--as-of", "2026-06-15")
    assert result.code == 2
    assert f"outside the budget file's repository ({tmp_path / 'ci'})" in result.err

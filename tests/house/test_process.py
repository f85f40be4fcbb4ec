"""The real process: pipes, terminals, colour, stdout vs stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import COLOUR, JUNE, REPO, TINY, W1, on_a_terminal


def tokencost(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tokencost", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


def test_json_from_any_folder(tmp_path: Path) -> None:
    result = tokencost("compare", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["schema"] == "tokencost.compare/1"


def test_errors_go_to_stderr_with_exit_2() -> None:
    result = tokencost("compare", "--ratio", "0:0")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: --ratio: 0:0 has no input or output; use e.g. 3:1, 1:0 or 0:1\n"


def test_a_closed_pipe_ends_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written, like `| head -0`
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tokencost", "compare", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (0, "")


def test_head_reads_the_first_line() -> None:
    shell = f"{sys.executable} -m tokencost compare --json | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, timeout=60
    )
    # piped, the document is one line (indented only on a terminal)
    assert (result.returncode, result.stderr, result.stdout.count("\n")) == (0, "", 1)
    assert result.stdout.startswith('{"schema": "tokencost.compare/1", "currency": "USD"')


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_terminal_gets_a_coloured_rich_table() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    drawn = on_a_terminal("compare", "--as-of", "2026-06-15", env={**env, "TERM": "xterm"})
    assert COLOUR.search(drawn) is not None
    assert "┃" in drawn or "│" in drawn
    assert "gpt-5.5" in drawn


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("how", ["env", "flag"])
def test_no_color_is_honoured(how: str) -> None:
    args = ["compare", "--as-of", "2026-06-15"] + (["--no-color"] if how == "flag" else [])
    env = {"TERM": "xterm", **({"NO_COLOR": "1"} if how == "env" else {})}
    drawn = on_a_terminal(*args, env=env)
    assert COLOUR.search(drawn) is None  # bold and dim may stay, colours go
    assert "┃" in drawn or "│" in drawn
    assert "gpt-5.5" in drawn


def test_repository_root_is_where_the_tests_think() -> None:
    assert (REPO / "pyproject.toml").is_file()


def test_a_budget_breach_reaches_the_shell_as_exit_1(tmp_path: Path) -> None:
    """CI reads the real process's exit code: 1 over budget (0 and 2 reach the shell as
    the tests above show; the budget verdicts themselves, 0 within, 1 over, 2 bad input,
    are tested in-process, tests/commands/check/test_cli.py)."""
    shutil.copytree(TINY, tmp_path / "tiny")
    (tmp_path / "w1.toml").write_text(W1)
    budgets = '[[budgets]]\nname = "chat"\nworkload = "w1.toml"\nmodel = "big"\n'
    (tmp_path / "over.toml").write_text(budgets + "monthly_limit = 89\n")  # costs $90
    over = tokencost("check", "over.toml", "--catalogue", "tiny", "--as-of", JUNE, cwd=tmp_path)
    assert (over.returncode, over.stderr) == (1, "")

"""The real process: pipes, terminals, colour, stdout vs stderr."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


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


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")
"""An SGR sequence that sets a foreground colour (not bold, dim or italic)."""


def on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run tokencost with stdout on a pseudo-terminal and return what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tokencost", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "160", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode()


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

"""The README's ``console`` examples are real: each ``$`` command runs and prints that.

A command runs in bash from the repository root with this interpreter's scripts first
on PATH; ``> `` lines continue it. What follows, up to the next ``$`` or the block's
end, is its expected output. A trailing ``# exit N`` says which exit code to expect
(default 0). Commands that need a tool this machine lacks (jq) are skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

README = REPO / "README.md"


@dataclass(frozen=True)
class Example:
    command: str
    output: str
    exit_code: int
    line: int


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    blocks = re.finditer(r"^```console\n(.*?)^```$", text, re.M | re.S)
    for block in blocks:
        first_line = text[: block.start()].count("\n") + 2
        command: list[str] = []
        output: list[str] = []
        start = 0
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                if command:
                    found.append(example(command, output, start))
                command, output, start = [line[2:]], [], first_line + offset
            elif line.startswith("> ") and command and not output:
                command.append(line[2:])
            else:
                output.append(line)
        if command:
            found.append(example(command, output, start))
    return found


def example(command: list[str], output: list[str], line: int) -> Example:
    text = "\n".join(command)
    match = re.search(r"#\s*exit (\d+)\s*$", text)
    code = int(match.group(1)) if match else 0
    return Example(text, "".join(f"{o}\n" for o in output), code, line)


ALL = examples(README.read_text())


def test_the_readme_has_the_two_setup_commands() -> None:
    text = README.read_text()
    assert "pip install . && tokencost compare" in text
    assert "pip install -e '.[test]' && pytest" in text
    assert len(ALL) >= 6


@pytest.mark.parametrize("case", ALL, ids=[f"README.md:{e.line}" for e in ALL])
def test_readme_example(case: Example) -> None:
    if "| jq" in case.command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "200",
    }
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", case.command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout == case.output, f"README.md:{case.line}: {case.command}"
    assert result.returncode == case.exit_code, result.stderr

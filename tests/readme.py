"""The README's ``console`` examples: parse them, run them, and rewrite their output.

``tests/test_readme.py`` checks every example. After a change that moves outputs on
purpose (a new catalogue version, a new column), regenerate them and review the diff:

    python -m tests.readme --update && git diff README.md
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


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


def run_example(case: Example) -> subprocess.CompletedProcess[str]:
    """Run an example's command in bash from the repository root, scripts first on PATH."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "200",
    }
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", case.command],
        cwd=README.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def update(path: Path = README) -> list[int]:
    """Rewrite each example's expected output with what it prints now, in order."""
    text = path.read_text()
    lines = text.splitlines(keepends=True)
    shift = 0
    changed = []
    for case in examples(text):  # in order: an earlier command may set up a later one
        printed = run_example(case).stdout
        if printed == case.output:
            continue
        start = case.line - 1 + shift + case.command.count("\n") + 1
        new = printed.splitlines(keepends=True)
        lines[start : start + case.output.count("\n")] = new
        shift += len(new) - case.output.count("\n")
        changed.append(case.line)
    path.write_text("".join(lines))
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.readme --update")
    for line in update():
        print(f"updated the example at README.md:{line}")

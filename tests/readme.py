"""The ``console`` examples of README.md and of every page under docs/: parse, run, rewrite.

tests/test_readme.py runs every example; tests/test_docs.py checks the options
reference generated from the CLI (tests/cliref.py). After a change that moves outputs
on purpose (a new catalogue version, a new column, a new option), regenerate both and
review the diff:

    python -m tests.readme --update && git diff README.md docs/

An example is ``$ command`` (``> `` lines continue it), then its expected stdout up to
the next ``$`` or the block's end; a trailing ``# exit N`` gives the exit code expected
(default 0). It runs in bash from the repository root, with this interpreter's scripts
first on PATH and ``TOKENCOST_TODAY`` set to :data:`TODAY`, so that an example without
``--as-of`` prints the same prices and dates on any day.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests import cliref

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
TODAY = "2026-06-15"
"""The day the examples take for today: the article's prices are in effect."""


def pages() -> list[Path]:
    """README.md, then every Markdown page under docs/ in path order."""
    return [README, *sorted(DOCS.rglob("*.md"))]


@dataclass(frozen=True)
class Example:
    page: Path
    command: str
    output: str
    exit_code: int
    line: int

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def examples(page: Path, text: str | None = None) -> list[Example]:
    """The examples of ``page`` (or of ``text`` read from it), in order."""
    text = page.read_text() if text is None else text
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
                    found.append(example(page, command, output, start))
                command, output, start = [line[2:]], [], first_line + offset
            elif line.startswith("> ") and command and not output:
                command.append(line[2:])
            else:
                output.append(line)
        if command:
            found.append(example(page, command, output, start))
    return found


def example(page: Path, command: list[str], output: list[str], line: int) -> Example:
    text = "\n".join(command)
    match = re.search(r"#\s*exit (\d+)\s*$", text)
    code = int(match.group(1)) if match else 0
    return Example(page, text, "".join(f"{o}\n" for o in output), code, line)


def run_example(case: Example) -> subprocess.CompletedProcess[str]:
    """Run an example's command in bash from the repository root (see the module's doc)."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "200",
        "TOKENCOST_TODAY": TODAY,
    }
    for name in ("TOKENCOST_CATALOGUE", "TOKENCOST_NO_CACHE", "TOKENCOST_DEBUG", "NO_COLOR"):
        env.pop(name, None)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", case.command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def update(page: Path) -> list[int]:
    """Rewrite each example's expected output with what it prints now, in order."""
    text = page.read_text()
    lines = text.splitlines(keepends=True)
    shift = 0
    changed = []
    for case in examples(page, text):  # in order: an earlier command may set up a later one
        printed = run_example(case).stdout
        if printed == case.output:
            continue
        start = case.line - 1 + shift + case.command.count("\n") + 1
        new = printed.splitlines(keepends=True)
        lines[start : start + case.output.count("\n")] = new
        shift += len(new) - case.output.count("\n")
        changed.append(case.line)
    page.write_text("".join(lines))
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.readme --update")
    for page in pages():
        name = page.relative_to(REPO)
        if cliref.update(page):
            print(f"updated the options reference in {name}")
        for line in update(page):
            print(f"updated the example at {name}:{line}")

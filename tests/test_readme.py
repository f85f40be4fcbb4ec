"""The README's ``console`` examples are real: each ``$`` command runs and prints that.

A command runs in bash from the repository root with this interpreter's scripts first
on PATH; ``> `` lines continue it. What follows, up to the next ``$`` or the block's
end, is its expected output. A trailing ``# exit N`` says which exit code to expect
(default 0). Commands that need a tool this machine lacks (jq) are skipped.
"""

from __future__ import annotations

import shutil

import pytest

from tests.readme import README, Example, examples, run_example

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
    result = run_example(case)
    assert result.stdout == case.output, f"README.md:{case.line}: {case.command}"
    assert result.returncode == case.exit_code, result.stderr

"""The ``console`` examples of README.md and docs/ are real: each ``$`` command prints that.

How an example is written and run: tests/readme.py. Commands that need a tool this
machine lacks (jq) are skipped.
"""

from __future__ import annotations

import shutil

import pytest

from tests.readme import README, REPO, Example, examples, pages, run_example

ALL = [case for page in pages() for case in examples(page)]

INSTALL_AND_RUN = "pip install . && tokencost compare"
INSTALL_AND_TEST = "pip install -e '.[test]' && pytest -n auto"


def test_the_readme_has_the_two_setup_commands_and_ci_runs_the_second() -> None:
    text = README.read_text()
    assert f"```sh\n{INSTALL_AND_RUN}\n```" in text
    assert f"```sh\n{INSTALL_AND_TEST}\n```" in text
    assert INSTALL_AND_TEST in (REPO / ".ci" / "run").read_text()


def test_the_readme_opens_with_compare_and_no_arguments() -> None:
    first = examples(README)[0]
    assert first.command == "tokencost compare"
    assert "gpt-5.5           OpenAI          $2.50       $10.00  $43.75  $1,312.50" in first.output


def test_the_examples_are_many_and_every_page_with_commands_has_some() -> None:
    assert len(ALL) >= 46
    assert len(examples(README)) == 3


@pytest.mark.parametrize("case", ALL, ids=[case.where for case in ALL])
def test_example(case: Example) -> None:
    if "| jq" in case.command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    result = run_example(case)
    assert result.stdout == case.output, f"{case.where}: {case.command}"
    assert result.returncode == case.exit_code, result.stderr

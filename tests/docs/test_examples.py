"""The ``console`` examples of README.md and docs/ are real: each ``$`` command prints that.

How an example is written and run: tests/readme.py. Commands that need a tool this
machine lacks (jq) are skipped.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from tests import readme
from tests.helpers import invoke
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


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The arguments of each in-process ``tokencost`` call the runner makes from now on."""
    calls: list[tuple[str, ...]] = []

    def spy(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        return invoke(*args, **kwargs)

    monkeypatch.setattr(readme, "invoke", spy)
    return calls


SHELL = (
    "rm -rf /tmp/runner && mkdir /tmp/runner && cd examples/ci"
    " && TOKENCOST_TODAY=2026-07-04 tokencost check > /tmp/runner/out"
    " && grep -o 'in effect on [0-9-]*' /tmp/runner/out && tokencost --version \\\n| tr a-z A-Z"
    " && tokencost --version 2>/dev/null && tokencost --version > /dev/null"
    " && tokencost compare --models gpt5.5 2>&1 && tokencost --version  # exit 2"
)
"""A list of what the examples write: cd, a setting, each redirection, a pipe after a
line's end; its last command never runs."""


def test_the_runner_runs_each_tokencost_in_process_as_bash_runs_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = Example(README, SHELL, "", 2, 1)
    calls = _spy(monkeypatch)
    in_process = run_example(case)
    assert [call[:2] for call in calls] == [
        ("check",),
        ("--version",),
        ("--version",),
        ("--version",),
        ("compare", "--models"),
    ]
    assert in_process.stdout == (
        "in effect on 2026-07-04\n"
        "TOKENCOST-CLI 0.1.0\n"
        "tokencost-cli 0.1.0\n"
        "error: unknown model 'gpt5.5'; did you mean 'gpt-5.5'? (tokencost models lists them)\n"
    )
    assert in_process.returncode == 2
    monkeypatch.setattr(readme, "_run_list", lambda *_: None)  # the whole command in bash
    in_bash = run_example(case)
    assert (in_bash.stdout, in_bash.returncode) == (in_process.stdout, 2)
    assert len(calls) == 5


@pytest.mark.parametrize(
    "command",
    [
        "export TOKENCOST_TODAY=2026-01-01 && tokencost --version",
        "X=1 && tokencost --version",
        "tokencost --note 'a && b' --version",
    ],
)
def test_a_list_that_changes_the_shell_or_quotes_an_and_runs_whole_in_bash(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Handed to bash whole, once, and no part of it run in-process (what bash then does
    with a list is bash's: test_the_runner_runs_each_tokencost_in_process_as_bash_runs_
    the_whole runs one there)."""
    calls = _spy(monkeypatch)
    bashed: list[str] = []

    def bash(command: str, *_: Any, **__: Any) -> subprocess.CompletedProcess[str]:
        bashed.append(command)
        return subprocess.CompletedProcess(["bash"], 0, "", "")

    monkeypatch.setattr(readme, "_bash", bash)
    run_example(Example(README, command, "", 0, 1))
    assert (calls, bashed) == ([], [command])


def test_under_2_and_1_a_run_that_printed_on_both_streams_runs_in_bash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In-process, the order in which a process's buffers would have let out its two
    streams is unknown: bash runs it."""

    def both(*_: str, **__: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(["tokencost"], 0, "out\n", "err\n")

    monkeypatch.setattr(readme, "invoke", both)
    done = run_example(Example(README, "tokencost --version 2>&1", "", 0, 1))
    assert done.stdout == "tokencost-cli 0.1.0\n"


@pytest.mark.parametrize(
    "command",
    [
        'python -c \'import os, pathlib, sys\nprint(sys.argv, sys.path[0] == "", '
        'os.environ["TOKENCOST_TODAY"], pathlib.Path("examples/library.py").is_file())'
        "\nsys.exit(3)'  # exit 3",
        'python -c \'print("partial")\nraise SystemExit("a message")\'  # exit 1',
        "python -c 'print(1)\n1 / 0'  # exit 1",
        "echo 'import sys\nprint(sys.argv[1:], sys.path[0] == sys.argv[0].rsplit(\"/\", 1)[0])'"
        " > /tmp/script.py && python /tmp/script.py a 'b c'",
        "tokencost --version | python -c 'import sys\nprint(sys.stdin.buffer.read().upper())"
        "\nsys.exit(3)'  # exit 3",
    ],
    ids=["argv-path-env-cwd-exit", "system-exit-message", "exception", "script", "pipe"],
)
def test_python_runs_in_process_as_its_process_would(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    case = Example(README, command, "", 0, 1)
    ran: list[list[str]] = []
    real = readme._python

    def python(argv: list[str], *rest: Any, **options: Any) -> subprocess.CompletedProcess[str]:
        ran.append(argv)
        return real(argv, *rest, **options)

    monkeypatch.setattr(readme, "_python", python)
    in_process = run_example(case)
    assert len(ran) == 1
    monkeypatch.setattr(readme, "_run_list", lambda *_: None)  # the whole command in bash
    in_bash = run_example(case)
    assert (in_process.stdout, in_process.returncode) == (in_bash.stdout, in_bash.returncode)
    assert in_process.stdout
    assert in_process.stderr.splitlines()[-1:] == in_bash.stderr.splitlines()[-1:]


@pytest.mark.parametrize(
    ("command", "args"),
    [
        (
            "tokencost compare --models 'gpt-5*' -f json",
            ["compare", "--models", "gpt-5*", "-f", "json"],
        ),
        ("tokencost compare --models gpt-5*", None),
        ('tokencost compare --models "gpt-5*,$MORE"', None),
        ("tokencost compare --note '$HOME `x`'", ["compare", "--note", "$HOME `x`"]),
        ("tokencost compare --models gpt-5\\*", ["compare", "--models", "gpt-5*"]),
        ("tokencost compare --models ~/x", None),
        ("tokencost compare > out", None),
        ("tokencost compare; tokencost models", None),
    ],
)
def test_a_plain_tokencost_is_one_bash_would_not_expand(
    command: str, args: list[str] | None
) -> None:
    assert readme.plain_tokencost(command) == args

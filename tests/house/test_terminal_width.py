"""Never cut a number: every table on a real terminal 40, 60, 80 and 120 columns wide.

Each command draws on a pseudo-terminal whose window size is set by ioctl
(tests/terminal.py): in this process, with its standard input and output on the
terminal, and as the real process for the first command a user runs (compare, one
process a width, read by each test of that width). A figure is printed whole or not at
all: every figure drawn is one the full (piped) table holds, nothing ends in an
ellipsis, and the figures a reader came for are all there.
"""

from __future__ import annotations

import functools
import re
import sys

import pytest

from tests.helpers import REPO, invoke
from tests.terminal import Drawn, here_on_terminal, on_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

WIDTHS = (40, 60, 80, 120)
FIGURE = re.compile(r"[-+]?\$?\d[\d,]*(?:\.\d+)?(?:%|x)?")
ENV = {"TOKENCOST_TODAY": "2026-06-15", "NO_COLOR": "1"}

COMMANDS = {
    "compare": ["compare"],
    "compare 1T": ["compare", "--tokens-per-day", "1T"],
    "check": ["check", "examples/ci/tokencost.toml"],
    "models": ["models"],
    "prices list": ["prices", "list"],
    "prices show": ["prices", "show", "llama-4-maverick"],
    "prices history": ["prices", "history", "deepseek-v4-pro"],
    "project": ["project", "examples/workloads/tiered-support.toml"],
    "selfhost": ["selfhost", "examples/workloads/tiered-support.toml"],
    "gap": ["gap", "gpt-5.5", "deepseek-v4-pro", "--source", "article,list"],
    "route": ["route", "claude-opus-4.8", "deepseek-v4-pro"],
    "replay": ["replay", "examples/logs/june.jsonl", "--jobs", "1"],
}


@functools.cache
def piped(args: tuple[str, ...]) -> str:
    """The full table, as written to a pipe (no width): in-process, once per command
    (the same for every width)."""
    result = invoke(*args, cwd=REPO, env=ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("columns", WIDTHS)
def test_narrow_terminal_cuts_no_figure(name: str, columns: int) -> None:
    args = COMMANDS[name]
    drawn = here_on_terminal(*args, columns=columns, env=ENV, cwd=REPO)
    assert (drawn.code, drawn.err) == (0, "")
    assert "…" not in drawn.text
    whole = set(FIGURE.findall(piped(tuple(args))))
    cut = [figure for figure in FIGURE.findall(drawn.text) if figure not in whole]
    assert cut == []
    table = [line for line in drawn.text.splitlines() if set(line) & set("┃│┏┗└┡")]
    assert max(map(len, table), default=0) <= columns


@functools.cache
def compare_on(columns: int) -> Drawn:
    """``tokencost compare`` drawn by the real process on a terminal ``columns`` wide:
    one process a width, which the tests below only read."""
    return on_terminal("compare", columns=columns, env=ENV, cwd=REPO)


ARTICLE = ("$1,312.50", "$1,800.00", "$900.00", "$13.13", "$0.00", "100x", "137.14x", "68.57x")


@pytest.mark.parametrize("columns", WIDTHS)
def test_compare_on_80_columns_cut_the_money(columns: int) -> None:
    """The first command a user runs showed ``$1,31…`` and ``137…`` at 80 columns."""
    drawn = compare_on(columns)
    assert drawn.code == 0
    for figure in ARTICLE:
        assert re.search(rf"(?<![\d,.$]){re.escape(figure)}(?![\d,.])", drawn.text), figure


def test_compare_at_1t_tokens_a_day_on_120_columns_shows_every_figure() -> None:
    drawn = on_terminal("compare", "--tokens-per-day", "1T", columns=120, env=ENV, cwd=REPO)
    assert "$2,160,000,000.00" in drawn.text  # claude-opus-4.8's yearly cost
    assert "$131,250,000.00" in drawn.text
    assert "$5.00/$30.00" in drawn.text  # the list price beside: every figure shown
    assert "Not shown at this width: Provider (" in drawn.text  # only the words column


def test_a_table_too_wide_says_which_columns_it_left_out() -> None:
    drawn = compare_on(80)
    assert "Not shown at this width: Provider, Input $/1M, Output $/1M" in drawn.text
    assert "$1,312.50" in drawn.text and "$15,750.00" in drawn.text


def test_a_terminal_too_narrow_for_any_table_gets_each_row_stacked() -> None:
    drawn = compare_on(40)
    block = drawn.text.split("gpt-5.5\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines() == [
        "  Provider     OpenAI",
        "  Input $/1M          $2.50",
        "  Output $/1M        $10.00",
        "  Daily              $43.75",
        "  Monthly         $1,312.50",
        "  Yearly         $15,750.00",
        "  Ratio                100x",
        "  List in/out  $5.00/$30.00",
    ]


def test_the_columns_variable_sets_the_width_too() -> None:
    drawn = on_terminal("compare", columns=200, env={**ENV, "COLUMNS": "60"}, cwd=REPO)
    assert max(len(line) for line in drawn.text.splitlines()) <= 60
    assert "$1,312.50" in drawn.text

"""Charts as text: layout in character cells, plain text, markdown and terminal colour."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from tests.helpers import COLOUR, REPO, Run, bars
from tests.terminal import here_on_terminal
from tokencost.render.chart import (
    BAR_WIDTH,
    PLOT_HEIGHT,
    Curve,
    LineChart,
    draw,
    to_markdown,
    to_text,
)

JUNE = "2026-06-15"
MODELS = ("glm-5-flash", "deepseek-v4-pro", "llama-4-maverick", "gpt-5.5", "claude-opus-4.8")


def test_a_linear_bar_chart_snapshot() -> None:
    text = to_text([draw(bars("40", "20", "5", "0"))], footer=True)
    full, half, eighth = "█" * BAR_WIDTH, "█" * (BAR_WIDTH // 2), "█" * (BAR_WIDTH // 8)
    assert text == (
        "Costs\n"
        "\n"
        f"m0 │{full} $40\n"
        f"m1 │{half.ljust(BAR_WIDTH)} $20\n"
        f"m2 │{eighth.ljust(BAR_WIDTH)} $5\n"
        f"m3 │{' ' * BAR_WIDTH} $0\n"
        "\n"
        "a footnote\n"
    )


def test_bars_go_logarithmic_at_a_100x_spread_and_say_so() -> None:
    below = to_text([draw(bars("99", "1"))])
    assert "log scale" not in below
    text = to_text([draw(bars("1000", "10", "0"))])
    lines = text.splitlines()
    assert lines[0] == "Costs (log scale: the values span 100x)"
    # decades 10 .. 1000: 10 sits at the start, 1000 at the end
    assert lines[2] == f"m0 │{'█' * BAR_WIDTH} $1000"
    assert lines[3].startswith("m1 │▏ ")
    assert lines[4].endswith("$0 (zero: not on a log scale)")
    assert lines[5].strip().startswith("└")
    assert lines[6].split() == ["$10", "$100", "$1k"]


def test_a_partial_cell_is_drawn_in_eighths() -> None:
    text = to_text([draw(bars("80", "1"))])  # 1/80 of 40 cells = half a cell
    assert text.splitlines()[3].startswith("m1 │▌ ")


def curve_chart(**extra: object) -> LineChart:
    return LineChart(
        title="Ratio",
        x_label="share",
        curves=(
            Curve("up", ((Decimal(0), Decimal(1)), (Decimal(1), Decimal(2)))),
            Curve("down", ((Decimal(0), Decimal(2)), (Decimal(1), Decimal(1)))),
        ),
        x_ticks=((Decimal(0), "0%"), (Decimal(1), "100%")),
        y_kind="ratio",
        **extra,  # type: ignore[arg-type]
    )


def test_a_line_chart_draws_each_curve_across_the_plot() -> None:
    lines = to_text([draw(curve_chart())]).splitlines()
    plot = lines[2 : 2 + PLOT_HEIGHT]
    assert plot[0].lstrip().startswith("2x ┤") and plot[0].endswith("*")  # up ends top right
    assert plot[0][plot[0].index("┤") + 1] == "o"  # down starts top left
    assert plot[-1].lstrip().startswith("1x ┤")
    assert "* up" in lines[-2] and "o down" in lines[-1]
    assert lines[2 + PLOT_HEIGHT + 1].split() == ["0%", "100%"]


def test_guides_and_a_descending_axis() -> None:
    chart = curve_chart(guides=((Decimal("1.5"), "1.5x"),), x_descending=True)
    lines = to_text([draw(chart)]).splitlines()
    guide = next(line for line in lines if line.endswith(" 1.5x"))
    assert "·" in guide
    assert lines[2 + PLOT_HEIGHT + 1].split() == ["100%", "0%"]


def test_markdown_fences_each_chart() -> None:
    text = to_markdown([draw(bars("1", "2"))])
    assert text.startswith("\n```text\nCosts\n")
    assert text.endswith("m1 │" + "█" * BAR_WIDTH + " $2\n```\n")  # the table has the footnote


def test_chart_after_the_piped_table(run: Run) -> None:
    args = ("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--source", "article")
    table = run(*args).out
    result = run(*args, "--chart")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith(table + "\n")
    chart = result.out[len(table) + 1 :]
    assert chart.startswith("Price ratio gpt-5.5 / deepseek-v4-pro by input share")
    assert chart.endswith("* gpt-5.5 / deepseek-v4-pro on 'article'\n")  # footer: the table's
    assert "\x1b[" not in chart


def test_chart_in_markdown(run: Run) -> None:
    result = run("compare", "--as-of", JUNE, "-f", "markdown", "--chart")
    assert result.out.startswith("### Cost of workload 'default'")
    assert (
        "\n```text\nMonthly cost, workload 'default': 10M tokens/day, 3:1 (log scale" in result.out
    )
    assert result.out.endswith("```\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_terminal_gets_a_coloured_chart() -> None:
    """On a real pseudo-terminal, in this process (tests/terminal.py): whether to colour
    is decided when drawing, from the terminal and NO_COLOR/--no-color, not at start-up."""
    args = ("route", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--chart")
    drawn = here_on_terminal(*args, columns=160, env={"TERM": "xterm"})
    assert (drawn.code, drawn.err) == (0, "")
    assert COLOUR.search(drawn.styled) is not None
    assert "o all on gpt-5.5" in drawn.styled
    plain = here_on_terminal(*args, "--no-color", columns=160)
    assert (plain.code, plain.err) == (0, "")
    assert COLOUR.search(plain.styled) is None


def test_a_chart_command_does_not_import_rich_when_piped() -> None:
    code = (
        "import sys; from tokencost.cli import main; "
        "main(['gap', 'gpt-5.5', 'deepseek-v4-pro', '--as-of', '2026-06-15', '--chart']); "
        "print('rich' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.stderr == "False\n"

"""Charts: layout in character cells, plain text, terminal colour and SVG files."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import COLOUR, REPO, Run, on_a_terminal
from tokencost.catalogue import load_catalogue
from tokencost.render.chart import (
    BAR_WIDTH,
    PLOT_HEIGHT,
    Bar,
    BarChart,
    Curve,
    LineChart,
    draw,
    to_markdown,
    to_text,
)
from tokencost.render.chartout import to_svg

JUNE = "2026-06-15"
MODELS = ("glm-5-flash", "deepseek-v4-pro", "llama-4-maverick", "gpt-5.5", "claude-opus-4.8")


def bars(*values: str) -> BarChart:
    return BarChart(
        "Costs",
        tuple(Bar(f"m{i}", Decimal(v), f"${v}") for i, v in enumerate(values)),
        ("a footnote",),
    )


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


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # well-formed XML, or this raises
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "".join(root.itertext()).replace("\xa0", " ")


def test_svg_export_is_well_formed_and_has_the_labels() -> None:
    svg = to_svg([draw(bars("1", "2")), draw(curve_chart())], "two charts <&>")
    root = ET.fromstring(svg)
    text = "".join(root.itertext()).replace("\xa0", " ")
    assert "two charts <&>" in text
    assert all(label in text for label in ("m0", "m1", "* up", "o down"))


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["compare", "--mix", "t=gpt-5.5:50%,deepseek-v4-pro:50%"], (*MODELS, "t")),
        (["compare", "--months", "3", "--growth", "5%"], MODELS),
        (
            ["gap", "gpt-5.5", "deepseek-v4-pro", "--range", "70:100"],
            ("gpt-5.5", "deepseek-v4-pro"),
        ),
        (["route", "claude-opus-4.8", "deepseek-v4-pro"], ("claude-opus-4.8", "deepseek-v4-pro")),
        (["project", "--months", "6", "--growth", "8%"], MODELS[1:]),
        (
            [
                "selfhost",
                "--gpu-hourly",
                "3.50",
                "--gpus",
                "8",
                "--tokens-per-second",
                "2500",
                "--utilization",
                "60%",
            ],
            (*MODELS, "self-hosted (8 GPUs)"),
        ),
    ],
)
def test_every_command_writes_an_svg_with_every_model(
    run: Run, tmp_path: Path, args: list[str], names: tuple[str, ...]
) -> None:
    path = tmp_path / "chart.svg"
    plain = run(*args, "--as-of", JUNE, "--json")
    result = run(*args, "--as-of", JUNE, "--json", "--svg", str(path))
    assert (result.code, result.err) == (0, "")
    assert result.out == plain.out  # the JSON is the same data
    text = svg_text(path)
    for name in names:
        assert name in text, name
    version = load_catalogue(REPO / "prices").version
    words = " ".join(text.split())  # the footer wraps at the SVG's width
    assert f"tokencost {version} (sha256:" in words  # the assumptions come along, whole
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]  # no temporary file left


def test_the_projection_svg_is_on_a_log_scale_and_says_so(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "growth.svg"
    run("project", "--months", "3", "--as-of", JUNE, "--svg", str(path))
    assert "(log scale: the values span 137.14x)" in svg_text(path)


def test_svg_into_a_missing_folder_is_an_error_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "chart.svg"
    result = run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--svg", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: --svg: cannot write {path}: No such file or directory")
    assert not path.parent.exists()


def test_a_failed_svg_write_keeps_the_old_file_whole(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chart.svg"
    path.write_text("old")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--svg", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: --svg: cannot write {path}: No space left on device\n"
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]


def test_the_svg_file_has_ordinary_permissions(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chart.svg"
    run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--svg", str(path))
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


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
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    drawn = on_a_terminal(
        "route",
        "gpt-5.5",
        "deepseek-v4-pro",
        "--as-of",
        JUNE,
        "--chart",
        env={**env, "TERM": "xterm"},
    )
    assert COLOUR.search(drawn) is not None
    assert "o all on gpt-5.5" in drawn
    plain = on_a_terminal(
        "route", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, "--chart", "--no-color", env=env
    )
    assert COLOUR.search(plain) is None


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

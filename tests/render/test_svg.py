"""The files of ``--svg`` and ``--html``: what they hold, that they stand alone, that a
name is only ever text, and how a bad path fails.

How they look is checked elsewhere: rasterised (tests/render/test_pictures.py) and in a
browser (tests/render/test_report.py).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import (
    EVIL,
    EVIL_SHOWN,
    REPO,
    Run,
    bars,
    evil_catalogue,
    evil_compare,
)
from tokencost.catalogue import load_catalogue
from tokencost.render import axes, markup, svg
from tokencost.render.chart import Bar, BarChart, Curve, LineChart
from tokencost.render.grid import Column, Grid
from tokencost.render.html import page
from tokencost.render.view import View

JUNE = "2026-06-15"
MODELS = ("glm-5-flash", "deepseek-v4-pro", "llama-4-maverick", "gpt-5.5", "claude-opus-4.8")
LOG = str(REPO / "examples" / "logs" / "june.jsonl")
SELFHOST = (
    *("selfhost", "--gpu-hourly", "3.50", "--gpus", "8"),
    *("--tokens-per-second", "2500", "--utilization", "60%"),
)
COMMANDS = [
    (["compare", "--mix", "t=gpt-5.5:50%,deepseek-v4-pro:50%"], (*MODELS, "t")),
    (["compare", "--months", "3", "--growth", "5%"], MODELS),
    (["gap", "gpt-5.5", "deepseek-v4-pro", "--range", "70:100"], ("gpt-5.5", "deepseek-v4-pro")),
    (["route", "claude-opus-4.8", "deepseek-v4-pro"], ("claude-opus-4.8", "deepseek-v4-pro")),
    (["project", "--months", "6", "--growth", "8%"], MODELS[1:]),
    ([*SELFHOST], (*MODELS, "self-hosted (8 GPUs)")),
    (["replay", LOG], ("actual (as logged)", *MODELS)),
    (["replay", LOG, "--by", "day"], ("actual (as logged)", *MODELS[1:])),
    (["replay", LOG, "--by", "week"], ("actual (as logged)", *MODELS[1:])),
    (["replay", LOG, "--by", "month"], ("actual (as logged)", *MODELS[1:])),
]
IDS = [" ".join(args[:3]) for args, _ in COMMANDS]
NETWORK = re.compile(
    r"://|href|src=|url\(|@import|@font-face|<script|<link|<img|<image|<iframe|<object|"
    r"<embed|<foreignObject|<use\b",
    re.IGNORECASE,
)
SVG_NAMESPACE = ' xmlns="http://www.w3.org/2000/svg"'
"""The one URL an SVG file holds: its namespace, a name that is never fetched."""


def svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # well-formed XML, or this raises
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return " ".join(root.itertext())  # each wrapped line is a text element of its own


def files(run: Run, folder: Path, args: list[str]) -> tuple[Path, Path]:
    """Run a command with --svg and --html; both files."""
    chart, page = folder / "chart.svg", folder / "report.html"
    result = run(*args, "--as-of", JUNE, "--svg", str(chart), "--html", str(page))
    assert (result.code, result.err) == (0, ""), result.err
    return chart, page


# ---------------------------------------------------------------- SVG


def curves() -> LineChart:
    return LineChart(
        title="Ratio",
        x_label="share",
        curves=(
            Curve("up", ((Decimal(0), Decimal(1)), (Decimal(1), Decimal(2)))),
            Curve("down", ((Decimal(0), Decimal(2)), (Decimal(1), None))),
        ),
        x_ticks=((Decimal(0), "0%"), (Decimal(1), "100%")),
        y_kind="ratio",
    )


def test_an_svg_document_is_well_formed_and_has_every_label() -> None:
    text = svg.to_svg([bars("1", "2"), curves()], "two charts <&>")
    root = ET.fromstring(text)
    words = "".join(root.itertext())
    assert "two charts <&>" in words
    for label in ("Costs", "m0", "m1", "$1", "$2", "a footnote", "Ratio", "up", "down", "share"):
        assert label in words, label
    assert int(root.get("height", "0")) > 0 and root.get("width") == str(svg.WIDTH)
    assert root.get("font-family", "").endswith(", sans-serif")
    # no other font anywhere: every text takes the generic stack
    assert text.count("font-family") == 1 and "@font-face" not in text


def test_bars_are_drawn_to_scale_on_a_linear_axis() -> None:
    text = svg.to_svg([bars("40", "20", "0")], "t")
    widths = [Decimal(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', text)]
    assert len(widths) == 2 and widths[0] == 2 * widths[1]  # no rect for $0
    labels = re.findall(r'text-anchor="middle" font-size="12">([^<]*)<', text)
    assert labels == ["$0", "$10", "$20", "$30", "$40"]


def test_a_curve_breaks_where_it_is_undefined() -> None:
    text = svg.to_svg([curves()], "t")
    assert text.count("<polyline") == 1  # "down" has a single point: a dot, no line
    assert text.count("<circle") == 3


def test_a_log_axis_is_labelled_so() -> None:
    text = svg.to_svg([bars("1000", "10", "0")], "t")
    words = "".join(ET.fromstring(text).itertext())
    assert "Costs (log scale: the values span 100x)" in words
    assert svg.LOG_NOTE in words
    assert "$0 (zero: not on a log scale)" in words
    labels = re.findall(r'text-anchor="middle" font-size="12">([^<]*)<', text)
    assert labels == ["$10", "$100", "$1k"]


def test_linear_ticks_are_round_and_cover_the_values() -> None:
    wide, values = axes.ticks(axes.scale([Decimal("71.43"), Decimal("142.86")], from_zero=False))
    assert (wide.low, wide.high) == (60, 160)
    assert values == [60, 80, 100, 120, 140, 160]
    _, small = axes.ticks(axes.scale([Decimal("0.13")], from_zero=True))
    assert small == [0, Decimal("0.025") * 2, Decimal("0.1"), Decimal("0.15")]
    log, decades = axes.ticks(axes.scale([Decimal(13), Decimal(1800)], from_zero=True))
    assert log.log and decades == [10, 100, 1000, 10000]


def test_an_axis_of_nothing_but_zeros_starts_at_zero() -> None:
    for values, from_zero in (([Decimal(0)] * 3, True), ([Decimal(0)], False), ([], False)):
        axis, found = axes.ticks(axes.scale(values, from_zero=from_zero))
        assert (axis.low, axis.high, axis.log) == (0, 1, False)
        assert found == [0, Decimal("0.2"), Decimal("0.4"), Decimal("0.6"), Decimal("0.8"), 1]
    empty = svg.to_svg([bars("0")], "t")
    labels = re.findall(r'text-anchor="middle" font-size="12">([^<]*)<', empty)
    assert labels == ["$0", "$0.2", "$0.4", "$0.6", "$0.8", "$1"]  # no negative money


def test_a_curve_with_no_value_is_named_not_drawn(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "free.svg"
    args = ("gap", "gpt-5.5", "glm-5-flash", "--as-of", JUNE)  # a ratio to a free model
    result = run(*args, "--chart", "--svg", str(path))
    assert (result.code, result.err) == (0, "")
    note = "Not drawn (no value at any point): gpt-5.5 / glm-5-flash on 'article'"
    assert note in result.out.splitlines()  # the text chart
    text = path.read_text()
    assert note in svg_text(path) and "<polyline" not in text and "<circle" not in text
    ticks = re.findall(r'text-anchor="end" font-size="12">([^<]*)<', text)
    assert ticks == ["0x", "0.2x", "0.4x", "0.6x", "0.8x", "1x"]  # no negative ratio


def test_a_model_keeps_its_colour_from_chart_to_chart() -> None:
    first = BarChart("a", (Bar("x", Decimal(1), "$1"), Bar("y", Decimal(2), "$2")))
    second = LineChart("b", "t", (Curve("y", ((Decimal(0), Decimal(1)),)),), ())
    colours = svg.palette([first, second])
    assert colours == {"x": svg.COLOURS[0], "y": svg.COLOURS[1]}
    text = svg.to_svg([first, second], "t")
    assert f'fill="{svg.COLOURS[1]}"><title>y: $2</title>' in text
    assert '<circle cx="' in text and f'r="3" fill="{svg.COLOURS[1]}"' in text


@pytest.mark.parametrize(("args", "names"), COMMANDS, ids=IDS)
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
    assert f"tokencost {version} (sha256:" in " ".join(text.split())  # the assumptions
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]  # no temporary file left


def test_the_projection_svg_is_on_a_log_scale_and_says_so(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "growth.svg"
    run("project", "--months", "3", "--as-of", JUNE, "--svg", str(path))
    words = " ".join(svg_text(path).split())
    assert "(log scale: the values span 137.14x)" in words  # wrapped over two lines
    assert svg.LOG_NOTE in words


@pytest.mark.parametrize("args", [args for args, _ in COMMANDS], ids=IDS)
def test_no_file_refers_to_the_network(run: Run, tmp_path: Path, args: list[str]) -> None:
    chart, page = files(run, tmp_path, args)
    text = chart.read_text()
    assert text.count(SVG_NAMESPACE) == 1
    assert NETWORK.findall(text.replace(SVG_NAMESPACE, "")) == []
    assert NETWORK.findall(page.read_text()) == []


# ---------------------------------------------------------------- names are text


def test_markup_shows_controls_and_escapes_markup() -> None:
    assert markup.visible(EVIL) == EVIL_SHOWN
    assert markup.text("<a href='x'>&amp;</a>") == ("&lt;a href=&#39;x&#39;&gt;&amp;amp;&lt;/a&gt;")
    assert markup.visible("tab\there\x00\x7f\x85\u2067\udcff") == (
        "tab\\x09here\\x00\\x7f\\x85\\u2067\\udcff"
    )
    assert markup.visible("نموذج עברית") == "نموذج עברית"  # right-to-left letters are text


def test_names_are_text_in_the_svg(run: Run, tmp_path: Path) -> None:
    chart, _ = files(run, tmp_path, evil_compare(tmp_path))
    raw = chart.read_bytes()
    assert b"\x1b" not in raw and "\u202e".encode() not in raw
    root = ET.parse(chart).getroot()
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert tags <= {"svg", "title", "rect", "g", "line", "text"}  # no script, no b
    words = " ".join(" ".join(root.itertext()).split())  # wrapped lines joined again
    assert f"Monthly cost, workload '{EVIL_SHOWN}'" in words
    assert f"{EVIL_SHOWN}: $459.00" in words  # the mix bar's tooltip, whole
    assert f"catalogue {EVIL_SHOWN} 2026.01.0 (sha256:" in words  # from the price file


class Tags(HTMLParser):
    """The elements and the text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, _: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


PAGE_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "dl", "dt", "dd"),
    *("code", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"),
    *("figure", "figcaption", "svg", "rect", "line", "text", "polyline", "circle", "g", "footer"),
}


def test_names_are_text_in_the_page(run: Run, tmp_path: Path) -> None:
    _, page = files(run, tmp_path, evil_compare(tmp_path))
    raw = page.read_bytes()
    assert b"\x1b" not in raw and "\u202e".encode() not in raw
    parsed = Tags()
    parsed.feed(page.read_text())
    assert parsed.tags <= PAGE_TAGS  # no script, no b: the markup in the names is text
    words = "".join(parsed.text)
    assert f"tokencost compare: {EVIL_SHOWN}" in words
    assert f"Mix '{EVIL_SHOWN}' of workload '{EVIL_SHOWN}'" in words
    # from the price files: the provider's name in each model's row, the catalogue's name
    # above the tables and in their notes, the source's title in the notes
    for model in ("free", "small", "big"):
        assert f"{model}{EVIL_SHOWN}$" in words
    assert f"Catalogue{EVIL_SHOWN} 2026.01.0Digest" in words
    assert f"Catalogue: {EVIL_SHOWN} 2026.01.0 (sha256:" in words
    assert f"from source 'book' (\"{EVIL_SHOWN}\")" in words


def test_model_names_from_a_log_are_text(run: Run, tmp_path: Path) -> None:
    log = tmp_path / "<b>&'\u202e\x1b[31m.jsonl"  # a file's name is the replay's title
    records = [  # one under the alias the price file gives big, one under no known name
        {"timestamp": "2026-06-10T09:30:00Z", "model": name, "input_tokens": 5, "output_tokens": 1}
        for name in (EVIL, f"{EVIL} (unknown)")
    ]
    log.write_text("".join(json.dumps(record) + "\n" for record in records))
    catalogue = str(evil_catalogue(tmp_path))
    args = ["replay", str(log), "--catalogue", catalogue, "--by", "model"]
    chart, page = files(run, tmp_path, args)
    for path in (chart, page):
        raw = path.read_bytes()
        assert b"\x1b" not in raw and "\u202e".encode() not in raw
    parsed = Tags()
    parsed.feed(page.read_text())
    assert parsed.tags <= PAGE_TAGS
    words = "".join(parsed.text)
    assert f"Not priced: {EVIL_SHOWN} (unknown): 1 record, 6 tokens" in words
    assert f"Replay of {tmp_path}/<b>&'\\u202e\\x1b[31m.jsonl: 1 records priced" in words
    assert "<script>" in words and "alert(1)" in words  # as text


class EvilView(View):
    """A result whose every string is :data:`EVIL`."""

    name = EVIL

    def document(self) -> dict[str, object]:
        return {"catalogue": {"name": EVIL, "version": EVIL, "digest": EVIL}, "as_of": EVIL}

    def grids(self) -> tuple[Grid, ...]:
        columns = (Column(EVIL), Column(EVIL, "right", strong=True))
        return (Grid(EVIL, columns, ((EVIL, EVIL),), (EVIL,)),)

    def charts(self) -> tuple[BarChart | LineChart, ...]:
        bar = BarChart(EVIL, (Bar(EVIL, Decimal(1), EVIL),), (EVIL,))
        line = LineChart(
            EVIL,
            EVIL,
            (Curve(EVIL, ((Decimal(0), Decimal(1)),)),),
            ((Decimal(0), EVIL),),
            guides=((Decimal(1), EVIL),),
        )
        return (bar, line)


def test_every_string_of_a_view_is_text_on_the_page() -> None:
    text = page(EvilView())
    parsed = Tags()
    parsed.feed(text)
    assert parsed.tags <= PAGE_TAGS
    words = "".join(parsed.text)
    # every place a string is shown, each time whole: the page's title and heading, the
    # catalogue's name, version and digest, the price date, the table's title, headers,
    # cells and note, the charts' captions and titles, the bar's tooltip and value, the
    # curve chart's axis name, tick, guide and legend
    assert words.count(EVIL_SHOWN) == 24
    assert "\x1b" not in text and "\u202e" not in text


# ---------------------------------------------------------------- the page


def test_the_page_has_every_table_row_chart_and_the_catalogue(run: Run, tmp_path: Path) -> None:
    args = ["compare", "--months", "3", "--growth", "5%"]
    _, page = files(run, tmp_path, args)
    text = page.read_text()
    catalogue = load_catalogue(REPO / "prices")
    assert f"<dd>tokencost {catalogue.version}</dd>" in text
    assert f"<dd><code>{catalogue.digest}</code></dd>" in text  # the full digest
    assert f"<dd>{JUNE}</dd>" in text
    for model in MODELS:
        assert f"<tr><td>{model}</td>" in text
    assert text.count("<figure>") == 2 and text.count("<svg ") == 2  # the bars and the curves
    assert text.count("<table>") == 2  # the costs and the projection
    assert "Content-Security-Policy" in text and "default-src &#39;none&#39;" not in text
    assert "default-src 'none'" in text
    again = tmp_path / "again.html"
    run(*args, "--as-of", JUNE, "--html", str(again))
    assert again.read_bytes() == page.read_bytes()  # the same page for the same result


# ---------------------------------------------------------------- writing the files


@pytest.mark.parametrize("flag", ["--svg", "--html"])
def test_a_file_in_a_missing_folder_is_an_error_and_writes_nothing(
    run: Run, tmp_path: Path, flag: str
) -> None:
    path = tmp_path / "nowhere" / "out"
    result = run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, flag, str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {flag}: cannot write: {path}: No such file or directory")
    assert not path.parent.exists()


@pytest.mark.parametrize("flag", ["--svg", "--html"])
def test_a_failed_write_keeps_the_old_file_whole(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str
) -> None:
    path = tmp_path / "chart"
    path.write_text("old")

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, flag, str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {flag}: cannot write: {path}: No space left on device (the disk is full: "
        "free some space, or write somewhere else)\n"
    )
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["chart"]


@pytest.mark.parametrize("flag", ["--svg", "--html"])
def test_the_file_has_ordinary_permissions(run: Run, tmp_path: Path, flag: str) -> None:
    path = tmp_path / "chart"
    run("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, flag, str(path))
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_replay_draws_a_chart_after_its_table(run: Run) -> None:
    table = run("replay", LOG, "--by", "day", "--as-of", JUNE).out
    result = run("replay", LOG, "--by", "day", "--as-of", JUNE, "--chart")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith(table + "\n")
    chart = result.out[len(table) + 1 :]
    assert chart.startswith("Cost by day, as logged and on each candidate: ")
    assert "Not drawn (zero on a log scale): glm-5-flash" in chart
    bars = run("replay", LOG, "--as-of", JUNE, "--chart").out
    assert "actual (as logged) │" in bars

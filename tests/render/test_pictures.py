"""The SVG charts as a viewer draws them: rasterised by librsvg, measured in pixels.

Each test runs a command with ``--json --svg FILE``, has rsvg-convert draw the file
(:mod:`tests.pixels`), finds the bars, tick marks, tick labels and curves in the
pixels, and checks them against the figures of the JSON output: bars end where the
axis puts their value, in order and in ratio; each label is centred on its tick;
each curve passes through its values. The files (SVG and PNG) are kept in the test's
output folder (``$TOKENCOST_TEST_OUTPUT``, see ``artefacts`` in conftest.py).
"""

from __future__ import annotations

import itertools
import json
import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run
from tests.pixels import RGB, ZOOM, Band, Raster, centres, needs_rsvg, rasterise

pytestmark = needs_rsvg

JUNE = "2026-06-15"
SVG = "{http://www.w3.org/2000/svg}"
DOT = 6
"""How far (in pixels of the SVG) to look for a curve's dot around where it belongs."""
NEAR = 2 * ZOOM
"""How far (in rasterised pixels) a mark may sit from where its value puts it: 2 px of
the SVG (coordinates are written to 0.01 px; anti-aliasing blurs a pixel or so)."""


def chart(run: Run, folder: Path, name: str, *args: str) -> tuple[dict[str, Any], Path]:
    """Run a command with --json and --svg; its JSON document and the SVG's path."""
    path = folder / f"{name}.svg"
    result = run(*args, "--as-of", JUNE, "--json", "--svg", str(path))
    assert (result.code, result.err) == (0, ""), result.err
    return json.loads(result.out, parse_float=Decimal), path


def texts(path: Path, anchor: str) -> list[str]:
    """The SVG's text elements of one anchoring (``middle``: tick labels under an axis;
    ``end``: a value axis's labels), in document order."""
    root = ET.parse(path).getroot()
    return [
        "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if t.get("text-anchor") == anchor and t.get("font-size") == "12"
    ]


def value_of(label: str) -> float:
    """A tick label's value: ``$1.5k`` -> 1500, ``150x`` -> 150."""
    text = label.strip("$x")
    scale = {"k": 1e3, "M": 1e6, "B": 1e9}.get(text[-1], 1)
    return float(text.rstrip("kMB")) * scale


def axis_row(image: Raster) -> int:
    """The row of the longest horizontal run of ink: a horizontal axis."""
    return max(range(image.height), key=image.longest_row_run)


def spaced_evenly(ticks: list[float]) -> float:
    """The distance between neighbouring ticks, asserted the same throughout."""
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) - min(gaps) <= 2, ticks
    return statistics.mean(gaps)


# ---------------------------------------------------------------- bars


@dataclass(frozen=True)
class BarReading:
    """What the pixels of a bar chart show: the bars and the value axis's ticks."""

    bars: list[Band]
    ticks: list[float]
    labels: list[str]


def read_bars(path: Path) -> BarReading:
    """Bars (top to bottom), tick marks under the axis (left to right), their labels;
    each label's ink is asserted centred on its tick."""
    image = rasterise(path)
    axis = axis_row(image)
    ticks = centres(image.ink_in_row(axis + 3 * ZOOM, range(image.width)))
    inked = image.ink_columns(range(axis + 8 * ZOOM, axis + 22 * ZOOM), range(image.width))
    label_centres = centres(inked, gap=5 * ZOOM)
    assert len(label_centres) == len(ticks)
    for tick, label in zip(ticks, label_centres, strict=True):
        assert abs(tick - label) <= NEAR, (tick, label)  # each label centred on its tick
    return BarReading(image.bands(range(axis)), ticks, texts(path, "middle"))


def check_log_bars(reading: BarReading, values: list[Decimal]) -> float:
    """Each bar ends where a log axis puts its value; returns the width of a decade."""
    decade = spaced_evenly(reading.ticks)
    low = math.log10(value_of(reading.labels[0]))
    assert [value_of(t) for t in reading.labels] == [
        10 ** (low + k) for k in range(len(reading.ticks))
    ]
    positive = [v for v in values if v > 0]
    assert len(reading.bars) == len(positive)
    for bar, value in zip(reading.bars, positive, strict=True):
        expected = reading.ticks[0] + decade * (math.log10(value) - low)
        assert abs(bar.right + 1 - expected) <= NEAR, (value, bar, expected)
    return decade


def test_compare_bars_end_between_the_ticks_of_their_cost(run: Run, artefacts: Path) -> None:
    doc, path = chart(run, artefacts, "compare", "compare")
    costs = [row["monthly_cost"] for row in doc["results"]]
    assert costs == [0, Decimal("13.125"), 900, Decimal("1312.5"), 1800]  # the article's
    reading = read_bars(path)
    assert reading.labels == ["$10", "$100", "$1k", "$10k"]  # a log axis, decade by decade
    decade = check_log_bars(reading, costs)
    deepseek, llama, gpt, opus = reading.bars
    # the $900 bar ends between the $100 and the $1k tick, 95.4% of the way
    assert reading.ticks[1] < llama.right < reading.ticks[2]
    assert abs(llama.right + 1 - (reading.ticks[1] + decade * math.log10(9))) <= NEAR
    # bars keep their order (top to bottom as in the table) and their ratios
    assert [b.top for b in reading.bars] == sorted(b.top for b in reading.bars)
    assert deepseek.right < llama.right < gpt.right < opus.right
    for a, b, ratio in (
        (deepseek, gpt, 100),
        (llama, opus, 2),
        (gpt, opus, Decimal("1800") / Decimal("1312.5")),
    ):
        drawn = 10 ** ((b.right - a.right) / decade)
        assert drawn == pytest.approx(float(ratio), rel=0.03)
    assert len({b.colour for b in reading.bars}) == 4  # a colour each


def test_selfhost_bars_on_the_same_log_axis(run: Run, artefacts: Path) -> None:
    doc, path = chart(
        run,
        artefacts,
        "selfhost",
        "selfhost",
        *("--gpu-hourly", "3.50", "--gpus", "8", "--tokens-per-second", "2500"),
        *("--utilization", "60%"),
    )
    values = [row["api_monthly_cost"] for row in doc["results"]]
    values.append(doc["selfhost"]["monthly_cost"])
    check_log_bars(read_bars(path), values)


# ---------------------------------------------------------------- curves


@dataclass(frozen=True)
class PlotReading:
    """What the pixels of a line chart show."""

    image: Raster
    top: int
    bottom: int
    x_ticks: list[float]
    y_ticks: list[float]
    y_values: list[float]
    colours: list[RGB]
    log: bool

    def y_of(self, value: float) -> float:
        """Where the value axis's ticks put ``value``."""
        scale = math.log10 if self.log else (lambda v: v)
        first, last = scale(self.y_values[0]), scale(self.y_values[-1])
        share = (scale(value) - first) / (last - first)
        return self.y_ticks[0] + (self.y_ticks[-1] - self.y_ticks[0]) * share

    def curve_at(self, index: int, x: float) -> float:
        """The middle of curve ``index``'s pixels in the columns either side of ``x``, where
        the dot marking its point is (an axis may cover the column at ``x`` itself)."""
        columns = [round(x) + d for d in (-2 * ZOOM, -ZOOM, ZOOM, 2 * ZOOM)]
        rows = [
            y
            for column in columns
            if 0 <= column < self.image.width
            for y in self.image.colour_rows(
                column, self.colours[index], range(self.top, self.bottom + 1)
            )
        ]
        assert rows, f"curve {index} not drawn at x={x}"
        return statistics.median(rows)

    def dot_at(self, index: int, x: float, y: float) -> float:
        """The x of the middle of curve ``index``'s dot near (``x``, ``y``): the columns
        where its colour runs tallest (the dot is 6 px across, the line 2 px thick)."""
        rows = range(round(y) - DOT * ZOOM, round(y) + DOT * ZOOM + 1)
        tall = {
            column: len(self.image.colour_rows(column, self.colours[index], rows))
            for column in range(round(x) - DOT * ZOOM, round(x) + DOT * ZOOM + 1)
        }
        tallest = max(tall.values())
        return statistics.mean(c for c, n in tall.items() if n >= tallest - 1)


def read_plot(path: Path, log: bool) -> PlotReading:
    """The plot's axes, ticks (each label centred on its tick), legend colours."""
    image = rasterise(path)
    bottom = axis_row(image)
    left = max(range(image.width // 2), key=image.longest_column_run)
    top = bottom - image.longest_column_run(left) + 1
    x_ticks = centres(image.ink_in_row(bottom + 3 * ZOOM, range(left, image.width)))
    x_labels = centres(
        image.ink_columns(range(bottom + 8 * ZOOM, bottom + 22 * ZOOM), range(image.width)),
        gap=5 * ZOOM,
    )
    assert len(x_labels) == len(x_ticks)
    for tick, label in zip(x_ticks, x_labels, strict=True):
        assert abs(tick - label) <= NEAR, (tick, label)
    y_ticks = centres(
        image.ink_in_column(left - 3 * ZOOM, range(top - 4 * ZOOM, bottom + 2 * ZOOM))
    )
    y_labels = centres(
        image.ink_rows(range(top - 10 * ZOOM, bottom + 6 * ZOOM), range(left - 12 * ZOOM)),
        gap=3 * ZOOM,
    )
    assert len(y_labels) == len(y_ticks)
    for tick, label in zip(y_ticks, y_labels, strict=True):
        assert abs(tick - label) <= NEAR, (tick, label)
    values = [value_of(t) for t in texts(path, "end")]
    assert len(values) == len(y_ticks)
    legend = image.bands(range(bottom + 30 * ZOOM, image.height))
    return PlotReading(
        image, top, bottom, x_ticks, y_ticks[::-1], values, [b.colour for b in legend], log
    )


def check_curve(plot: PlotReading, index: int, points: list[tuple[float, Decimal]]) -> None:
    """Curve ``index`` passes through each (x in pixels, value), its dot there on the
    x tick."""
    for x, value in points:
        y = plot.y_of(float(value))
        assert abs(plot.curve_at(index, x) - y) <= NEAR, (index, x, value)
        assert abs(plot.dot_at(index, x, y) - x) <= NEAR, (index, x, value)


def test_gap_curves_pass_through_their_ratios(run: Run, artefacts: Path) -> None:
    doc, path = chart(
        run, artefacts, "gap", "gap", "gpt-5.5", "deepseek-v4-pro", "--range", "70:100"
    )
    plot = read_plot(path, log=False)
    # x ticks left to right: input-only, 3:1, 1:1, output-only (input share 1 -> 0)
    assert texts(path, "middle") == ["input-only", "3:1", "1:1", "output-only"]
    assert len(plot.x_ticks) == 4
    assert len(plot.colours) == len(doc["sources"]) == 2
    for index, source in enumerate(doc["sources"]):
        ratios = {p["label"]: p["ratio"] for p in source["points"]}
        named = ["input-only", "3:1", "1:1", "output-only"]
        check_curve(plot, index, [(x, ratios[n]) for x, n in zip(plot.x_ticks, named, strict=True)])
    # the article's 70x-100x range: its guide lines at 70x and 100x, labelled at the right
    article = doc["sources"][0]["points"]
    assert article[0]["ratio"] == pytest.approx(Decimal("71.43"), abs=Decimal("0.01"))
    right = max(plot.x_ticks)
    for guide in (70, 100):
        y = plot.y_of(guide)
        inked = plot.image.ink_rows(
            range(round(y) - 8 * ZOOM, round(y) + 8 * ZOOM),
            range(round(right) + 6 * ZOOM, round(right) + 30 * ZOOM),
        )
        assert inked and abs(statistics.mean(inked) - y) <= NEAR, guide


def test_project_curves_on_a_log_axis(run: Run, artefacts: Path) -> None:
    doc, path = chart(run, artefacts, "project", "project", "--months", "6", "--growth", "8%")
    plot = read_plot(path, log=True)
    assert texts(path, "end") == ["$10", "$100", "$1k", "$10k"]  # bottom to top
    spaced_evenly(plot.y_ticks)
    assert texts(path, "middle") == ["2026-06-15", "2026-09-15", "2026-11-15"]
    drawn = [s for s in doc["projection"]["series"] if all(v > 0 for v in s["monthly"])]
    assert [s["name"] for s in drawn] == [
        "deepseek-v4-pro",
        "llama-4-maverick",
        "gpt-5.5",
        "claude-opus-4.8",
    ]
    assert len(plot.colours) == len(drawn)
    for index, series in enumerate(drawn):
        months = series["monthly"]
        check_curve(
            plot, index, list(zip(plot.x_ticks, [months[0], months[3], months[5]], strict=True))
        )


def test_route_curves_on_a_linear_axis(run: Run, artefacts: Path) -> None:
    doc, path = chart(run, artefacts, "route", "route", "claude-opus-4.8", "deepseek-v4-pro")
    plot = read_plot(path, log=False)
    spaced_evenly(plot.y_ticks)
    assert texts(path, "middle") == ["0%", "25%", "50%", "75%", "100%"]
    points = {p["premium_share"]: p for p in doc["points"]}  # every 10%
    at = {Decimal(0): plot.x_ticks[0], Decimal("0.5"): plot.x_ticks[2], 1: plot.x_ticks[4]}
    routed, everything = 0, 1  # at 100% both are the same cost, the later drawn on top
    check_curve(plot, routed, [(at[s], points[s]["monthly_cost"]) for s in (0, Decimal("0.5"))])
    check_curve(
        plot, everything, [(x, points[s]["all_premium_monthly_cost"]) for s, x in at.items()]
    )


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_replay_by_period_draws_each_candidate(run: Run, artefacts: Path, by: str) -> None:
    log = str(REPO / "examples" / "logs" / "june.jsonl")
    doc, path = chart(run, artefacts, f"replay-{by}", "replay", log, "--by", by)
    plot = read_plot(path, log=True)
    groups = doc["groups"]
    drawn = ["actual"] + [
        c["model"]
        for c in doc["candidates"]
        if all(g["candidates"][c["model"]] > 0 for g in groups)  # a log scale has no zero
    ]
    assert len(plot.colours) == len(drawn) == 5
    if by == "day":  # deepseek-v4-pro's costs: apart from the others on 06-03 and 06-20
        assert texts(path, "middle") == ["2026-06-03", "2026-06-20", "2026-06-26"]
        days = {g["key"]: g["candidates"]["deepseek-v4-pro"] for g in groups}
        index = drawn.index("deepseek-v4-pro")
        first, middle = plot.x_ticks[:2]
        check_curve(plot, index, [(first, days["2026-06-03"]), (middle, days["2026-06-20"])])
    if by == "week":  # each week at its Monday: 06-01, 06-15, 06-22, two weeks then one
        assert texts(path, "middle") == ["2026-W23", "2026-W25", "2026-W26"]
        first, middle, last = plot.x_ticks
        assert (middle - first) / (last - middle) == pytest.approx(2, abs=0.02)

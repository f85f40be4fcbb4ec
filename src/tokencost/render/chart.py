"""Charts as text: horizontal bars and line curves laid out in character cells.

A chart is described by the figures the engine computed (:class:`BarChart`,
:class:`LineChart`); :func:`draw` lays it out as lines of styled segments, which
:func:`to_text` writes plain and :mod:`tokencost.render.chartout` draws with rich on a
terminal (:mod:`tokencost.render.svg` draws the same descriptions as vector graphics).
No rich here, no money arithmetic: scaling values to cells is the only computing, in
Decimal.

The value axis comes from :mod:`tokencost.render.axes` (logarithmic when the values
span 100x or more, and the title says so; zero values cannot sit on a log scale and
say so), the same as the vector chart's (:mod:`tokencost.render.svg`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

from tokencost.quantities import CONTEXT
from tokencost.render import formatting as fmt
from tokencost.render.axes import Scale, log_note, scale, tick_label

Segment = tuple[str, str | None]
"""Text and a rich style name (None: plain)."""
Line = tuple[Segment, ...]

BAR_WIDTH = 40
PLOT_WIDTH = 56
PLOT_HEIGHT = 14
LABEL_WIDTH = 36
MARKERS = "*o+x#@%&"
COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta")
EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, exact value and the value as people read it."""

    label: str
    value: Decimal
    text: str


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, with the assumptions below."""

    title: str
    bars: tuple[Bar, ...]
    footer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curve:
    """A named series of (x, y) points in x order; y None where undefined."""

    name: str
    points: tuple[tuple[Decimal, Decimal | None], ...]


@dataclass(frozen=True)
class LineChart:
    """Curves over a shared x axis, with labelled ticks and optional guide lines."""

    title: str
    x_label: str
    curves: tuple[Curve, ...]
    x_ticks: tuple[tuple[Decimal, str], ...]
    y_kind: Literal["money", "ratio"] = "money"
    footer: tuple[str, ...] = ()
    guides: tuple[tuple[Decimal, str], ...] = ()
    """Horizontal lines at these y values, labelled (e.g. a 70x-100x range)."""
    x_descending: bool = False
    """Largest x on the left (the gap goes from input-only to output-only)."""
    linear: bool = False
    """Always a linear value axis (a straight-line cost reads best as one)."""


@dataclass(frozen=True)
class Drawing:
    """A laid-out chart: its title (for an SVG window), its lines and its footer.

    Drawn after a table that states the same assumptions, the footer is left out;
    plain text keeps it when asked (:func:`to_text`).
    """

    title: str
    lines: tuple[Line, ...]
    footer: tuple[Line, ...] = ()

    def all_lines(self, *, footer: bool) -> tuple[Line, ...]:
        """The lines, with the footer (after a blank line) when asked."""
        return (*self.lines, (), *self.footer) if footer and self.footer else self.lines


def draw(chart: BarChart | LineChart) -> Drawing:
    """Lay a chart out in character cells."""
    if isinstance(chart, BarChart):
        return _draw_bars(chart)
    return _draw_lines(chart)


def to_text(drawings: Sequence[Drawing], *, footer: bool = False) -> str:
    """Plain text, charts separated by a blank line (footers left out unless asked)."""
    blocks = [
        "\n".join("".join(text for text, _ in line).rstrip() for line in d.all_lines(footer=footer))
        for d in drawings
    ]
    return "\n\n".join(blocks) + "\n"


def to_markdown(drawings: Sequence[Drawing]) -> str:
    """Each chart in a fenced text block (for PR comments, under the table)."""
    return "".join(f"\n```text\n{to_text([d])}```\n" for d in drawings)


# ---------------------------------------------------------------- cells


def _cells(fraction: Decimal, width: int) -> int:
    with localcontext(CONTEXT):
        return int((fraction * width).to_integral_value(rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- bars


def _draw_bars(chart: BarChart) -> Drawing:
    values = [bar.value for bar in chart.bars]
    axis = scale(values, from_zero=True)
    width = min(LABEL_WIDTH, max((len(b.label) for b in chart.bars), default=0))
    lines: list[Line] = [((chart.title + log_note(axis, values), "bold"),), ()]
    for index, bar in enumerate(chart.bars):
        label = _fit(bar.label, width)
        if bar.value <= 0 and axis.log:
            body: Line = (
                (" " * BAR_WIDTH, None),
                (f" {bar.text} (zero: not on a log scale)", None),
            )
        else:
            eighths = _cells(axis.fraction(bar.value), BAR_WIDTH * 8) if bar.value > 0 else 0
            if bar.value > 0:
                eighths = max(eighths, 1)
            drawn = "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")
            body = (
                (drawn.ljust(BAR_WIDTH), COLOURS[index % len(COLOURS)]),
                (f" {bar.text}", None),
            )
        lines.append(((label.ljust(width) + " │", None), *body))
    if axis.log:
        lines.extend(_log_axis(axis, width))
    return Drawing(chart.title, tuple(lines), _footer(chart.footer))


def _log_axis(axis: Scale, indent: int) -> list[Line]:
    rule = ["─"] * (BAR_WIDTH + 1)
    labels = [" "] * (BAR_WIDTH + 12)
    for value in axis.decades():
        at = _cells(axis.fraction(value), BAR_WIDTH)
        rule[at] = "┴"
        text = tick_label(value, "money")
        start = max(0, at - len(text) // 2)
        if all(c == " " for c in labels[max(0, start - 1) : start + len(text)]):
            labels[start : start + len(text)] = list(text)
    return [
        ((" " * indent + " └" + "".join(rule[1:]), "dim"),),
        ((" " * (indent + 2) + "".join(labels).rstrip(), "dim"),),
    ]


# ---------------------------------------------------------------- curves


def _draw_lines(chart: LineChart) -> Drawing:
    ys = [y for c in chart.curves for _, y in c.points if y is not None]
    guides = [y for y, _ in chart.guides]
    axis = scale([*ys, *guides], from_zero=False, linear=chart.linear)
    skipped = not_drawn(chart, axis)
    drawn = [c for c in chart.curves if c.name not in skipped]
    xs = [x for c in chart.curves for x, _ in c.points]
    x_low, x_high = min(xs), max(xs)
    grid: list[list[Segment]] = [[(" ", None)] * PLOT_WIDTH for _ in range(PLOT_HEIGHT)]
    for guide, _ in chart.guides:
        grid[_row(axis, guide)] = [("·", "dim")] * PLOT_WIDTH
    for index, curve in enumerate(drawn):
        style = COLOURS[index % len(COLOURS)]
        for col in range(PLOT_WIDTH):
            value = _interpolate(curve, _x_at(col, x_low, x_high, chart.x_descending))
            if value is not None:
                grid[_row(axis, value)][col] = (MARKERS[index % len(MARKERS)], style)
    guide_rows = {_row(axis, y): label for y, label in chart.guides}
    texts = {  # a guide's own label (at the right) names its row better
        row: text
        for row, text in _y_labels(axis, chart.y_kind).items()
        if row in (0, PLOT_HEIGHT - 1) or row not in guide_rows
    }
    pad = max(len(t) for t in texts.values())
    lines: list[Line] = [((chart.title + log_note(axis, [*ys, *guides]), "bold"),), ()]
    for row in range(PLOT_HEIGHT):
        tick = "┤" if row in texts else "│"
        right = ((f" {guide_rows[row]}", "dim"),) if row in guide_rows else ()
        lines.append(((texts.get(row, "").rjust(pad) + " " + tick, None), *grid[row], *right))
    lines.extend(_x_axis(chart, pad, x_low, x_high))
    for index, curve in enumerate(drawn):
        marker = MARKERS[index % len(MARKERS)]
        lines.append(
            ((" " * (pad + 2), None), (f"{marker} {curve.name}", COLOURS[index % len(COLOURS)]))
        )
    lines.extend(((f"Not drawn ({why}): {name}", "dim"),) for name, why in skipped.items())
    return Drawing(chart.title, tuple(lines), _footer(chart.footer))


def not_drawn(chart: LineChart, axis: Scale) -> dict[str, str]:
    """The curves of ``chart`` that cannot be drawn on ``axis``, each with why: no value
    at any point (a ratio to a free price), or a zero on a log scale."""
    skipped = {}
    for curve in chart.curves:
        ys = [y for _, y in curve.points if y is not None]
        if not ys:
            skipped[curve.name] = "no value at any point"
        elif axis.log and min(ys) <= 0:
            skipped[curve.name] = "zero on a log scale"
    return skipped


def _x_at(col: int, low: Decimal, high: Decimal, descending: bool) -> Decimal:
    with localcontext(CONTEXT):
        step = (high - low) * col / (PLOT_WIDTH - 1)
        return high - step if descending else low + step


def _interpolate(curve: Curve, x: Decimal) -> Decimal | None:
    points = curve.points
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= x <= x1 or x1 <= x <= x0:
            if y0 is None or y1 is None:
                return None
            if x1 == x0:
                return y0
            with localcontext(CONTEXT):
                return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    if len(points) == 1 and points[0][0] == x:
        return points[0][1]
    return None


def _row(axis: Scale, y: Decimal) -> int:
    fraction = min(max(axis.fraction(y), Decimal(0)), Decimal(1))
    return PLOT_HEIGHT - 1 - _cells(fraction, PLOT_HEIGHT - 1)


def _y_labels(axis: Scale, kind: str) -> dict[int, str]:
    """Row -> label: each power of ten on a log scale; top, middle and bottom otherwise."""
    if axis.log:
        return {_row(axis, value): tick_label(value, kind) for value in axis.decades()}
    middle = Decimal(PLOT_HEIGHT - 1 - PLOT_HEIGHT // 2) / (PLOT_HEIGHT - 1)
    rows = {0: Decimal(1), PLOT_HEIGHT // 2: middle, PLOT_HEIGHT - 1: Decimal(0)}
    show = fmt.ratio if kind == "ratio" else fmt.money
    return {row: show(axis.value_at(fraction)) for row, fraction in rows.items()}


def _x_axis(chart: LineChart, pad: int, low: Decimal, high: Decimal) -> list[Line]:
    axis = ["─"] * PLOT_WIDTH
    labels = [" "] * (PLOT_WIDTH + 16)
    for x, text in chart.x_ticks:
        with localcontext(CONTEXT):
            fraction = (x - low) / (high - low) if high != low else Decimal(0)
            if chart.x_descending:
                fraction = 1 - fraction
        at = _cells(fraction, PLOT_WIDTH - 1)
        axis[at] = "┬"
        start = max(0, min(at - len(text) // 2, len(labels) - len(text)))
        if all(c == " " for c in labels[max(0, start - 1) : start + len(text) + 1]):
            labels[start : start + len(text)] = list(text)
    return [
        ((" " * pad + " └" + "".join(axis), None),),
        ((" " * (pad + 2) + "".join(labels).rstrip(), None),),
        ((" " * (pad + 2) + chart.x_label, "dim"),),
    ]


def _footer(lines: tuple[str, ...]) -> tuple[Line, ...]:
    return tuple(((note, "dim"),) for note in lines)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

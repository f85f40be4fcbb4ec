"""Charts as vector graphics: axes, ticks, labels, bars and curves at explicit coordinates.

The charts of ``--svg FILE`` and of the HTML report (:mod:`tokencost.render.html`).
Every bar, curve, tick and grid line is placed from the chart's values alone, on the
same axis as the terminal chart (:mod:`tokencost.render.axes`), so the geometry holds
in any viewer with any font: a tick's label is centred on its tick and a bar's value
starts after its bar, whatever width the glyphs take. Text is set in a generic font
stack (no font file, no network reference of any kind); long titles and footers are
wrapped at a conservative estimate of the glyph width. Every string is escaped
(:mod:`tokencost.render.markup`). Coordinates are computed in Decimal and written to
the hundredth of a pixel; nothing here computes money.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext

from tokencost.quantities import CONTEXT
from tokencost.render.axes import Scale, log_note, scale, tick_label, ticks
from tokencost.render.chart import Bar, BarChart, LineChart, not_drawn
from tokencost.render.markup import text, visible

WIDTH = 860
"""The width of an SVG file's charts; a page's are narrower (:data:`PAGE_WIDTH`), so their
text stays larger when they shrink to a phone's screen."""
PAGE_WIDTH = 640
MARGIN = 16
FONT = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
SIZE, TITLE_SIZE, NOTE_SIZE = 13, 15, 11
GLYPH = Decimal("0.58")
"""A glyph's width as a share of the font size: on the wide side of common sans-serif
fonts, so text estimated to fit does fit."""
BAR_HEIGHT, BAR_PITCH = 18, 28
PLOT_HEIGHT = 260
LABEL_CHARS = 36
VALUE_ROOM = 130
"""Room right of the longest bar for its value."""
MARKED_POINTS = 60
"""Curves with at most this many points mark each point with a dot."""
INK, MUTED, GRID, AXIS = "#1a1a1a", "#555555", "#dddddd", "#666666"
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c6d31", "#7f3c8d")
"""Okabe and Ito's colour-blind-safe palette (less its yellow and black), then two more."""
LOG_NOTE = "log scale: each tick is 10 times the one before"


@dataclass
class Picture:
    """One chart laid out: SVG elements and the height they take at their width."""

    title: str
    """The chart's title, with its log-scale note."""
    show_title: bool = True
    show_footer: bool = True
    width: int = WIDTH
    parts: list[str] = field(default_factory=list)
    height: int = 0

    def add(self, element: str) -> None:
        """Append an SVG element."""
        self.parts.append(element)


def palette(charts: Sequence[BarChart | LineChart]) -> dict[str, str]:
    """A colour for each bar and curve name, in the order they first appear: the same
    model keeps its colour from one chart to the next."""
    names = [
        name
        for chart in charts
        for name in (
            [bar.label for bar in chart.bars]
            if isinstance(chart, BarChart)
            else [curve.name for curve in chart.curves]
        )
    ]
    unique = list(dict.fromkeys(names))
    return {name: COLOURS[index % len(COLOURS)] for index, name in enumerate(unique)}


def picture(
    chart: BarChart | LineChart,
    colours: Mapping[str, str],
    *,
    title: bool = True,
    footer: bool = True,
    width: int = WIDTH,
) -> Picture:
    """Lay a chart out as vector graphics, each bar or curve in its colour; without its
    ``title`` or ``footer`` where the page around it shows them (the HTML report)."""
    pic = Picture(chart.title, show_title=title, show_footer=footer, width=width)
    if isinstance(chart, BarChart):
        _bars(pic, chart, colours)
    else:
        _lines(pic, chart, colours)
    return pic


def to_svg(charts: Sequence[BarChart | LineChart], title: str) -> str:
    """A standalone SVG document: the charts one under the other, footers included."""
    colours = palette(charts)
    pictures = [picture(chart, colours) for chart in charts]
    body, height = [], 0
    for pic in pictures:
        body.append(f'<g transform="translate(0,{height})">{"".join(pic.parts)}</g>')
        height += pic.height
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + _open(WIDTH, height, title, standalone=True)
        + f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>\n"
    )


def inline(pic: Picture) -> str:
    """One chart as an ``<svg>`` element to place in an HTML page."""
    return _open(pic.width, pic.height, pic.title, standalone=False) + "".join(pic.parts) + "</svg>"


def _open(width: int, height: int, title: str, *, standalone: bool) -> str:
    space = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return (
        f'<svg{space} width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{FONT}" font-size="{SIZE}" fill="{INK}" role="img">'
        f"<title>{text(title)}</title>"
    )


# ---------------------------------------------------------------- bars


def _bars(pic: Picture, chart: BarChart, colours: Mapping[str, str]) -> None:
    values = [bar.value for bar in chart.bars]
    axis, tick_values = ticks(scale(values, from_zero=True))
    top = _heading(pic, log_note(axis, values)) + 8
    labels = [visible(bar.label) for bar in chart.bars]
    x0 = MARGIN + _width(max((len(_fit(label)) for label in labels), default=0), SIZE) + 10
    x1 = pic.width - MARGIN - VALUE_ROOM
    bottom = top + BAR_PITCH * len(chart.bars) - (BAR_PITCH - BAR_HEIGHT) + 8
    for value in tick_values:
        x = _at(axis, value, x0, x1)
        pic.add(_line(x, top - 4, x, bottom, GRID))
    for index, (bar, label) in enumerate(zip(chart.bars, labels, strict=True)):
        _bar(pic, axis, bar, label, colours[bar.label], x0, x1, top + BAR_PITCH * index)
    pic.add(_line(x0, top - 4, x0, bottom, AXIS))
    pic.add(_line(x0, bottom, x1, bottom, AXIS))
    for value in tick_values:
        x = _at(axis, value, x0, x1)
        pic.add(_line(x, bottom, x, bottom + 5, AXIS))
        pic.add(_text(x, bottom + 18, tick_label(value, "money"), anchor="middle", size=12))
    y = bottom + 18
    if axis.log:
        y += 18
        pic.add(_note(x1, y, LOG_NOTE, anchor="end"))
    _footer(pic, chart.footer, y + 10)


def _bar(
    pic: Picture, axis: Scale, bar: Bar, label: str, colour: str, x0: int, x1: int, y: int
) -> None:
    """One bar's label, rectangle and value (a zero says why it has no bar on a log scale)."""
    middle = y + BAR_HEIGHT // 2 + SIZE * 35 // 100
    pic.add(_text(x0 - 8, middle, _fit(label), anchor="end", tip=label))
    shown = text(bar.text)
    if bar.value <= 0:
        note = " (zero: not on a log scale)" if axis.log else ""
        pic.add(_text(x0 + 6, middle, shown + note, raw=True))
        return
    length = max(_at(axis, bar.value, x0, x1) - x0, Decimal(1))
    pic.add(
        f'<rect x="{x0}" y="{y}" width="{_px(length)}" height="{BAR_HEIGHT}" '
        f'fill="{colour}"><title>{text(label)}: {shown}</title></rect>'
    )
    pic.add(_text(x0 + length + 6, middle, shown, raw=True))


# ---------------------------------------------------------------- curves


def _lines(pic: Picture, chart: LineChart, colours: Mapping[str, str]) -> None:
    ys = [y for c in chart.curves for _, y in c.points if y is not None]
    guides = [y for y, _ in chart.guides]
    axis, tick_values = ticks(scale([*ys, *guides], from_zero=False, linear=chart.linear))
    skipped = not_drawn(chart, axis)
    drawn = [c for c in chart.curves if c.name not in skipped]
    top = _heading(pic, log_note(axis, [*ys, *guides])) + 20
    bottom = top + PLOT_HEIGHT
    y_labels = [tick_label(v, chart.y_kind) for v in tick_values]
    x0 = MARGIN + _width(max(len(label) for label in y_labels), 12) + 10
    guide_room = max((len(visible(label)) for _, label in chart.guides), default=0)
    x1 = pic.width - MARGIN - max(_width(guide_room, 12) + 8, 40)
    xs = [x for c in chart.curves for x, _ in c.points]
    place = _XPlace(min(xs), max(xs), x0, x1, chart.x_descending)

    def at_y(value: Decimal) -> Decimal:
        return bottom - _at(axis, value, Decimal(0), Decimal(PLOT_HEIGHT))

    for value, label in zip(tick_values, y_labels, strict=True):
        y = at_y(value)
        pic.add(_line(x0, y, x1, y, GRID))
        pic.add(_line(x0 - 5, y, x0, y, AXIS))
        pic.add(_text(x0 - 8, y + 4, label, anchor="end", size=12))
    for x_value, label in chart.x_ticks:
        x = place(x_value)
        pic.add(_line(x, top, x, bottom, GRID))
        pic.add(_line(x, bottom, x, bottom + 5, AXIS))
        pic.add(_text(x, bottom + 18, label, anchor="middle", size=12))
    for value, label in chart.guides:
        y = at_y(value)
        pic.add(_line(x0, y, x1, y, MUTED, dash=True))
        pic.add(_text(x1 + 4, y + 4, label, size=12, fill=MUTED))
    for curve in drawn:
        _curve(pic, curve.points, colours[curve.name], place, at_y)
    pic.add(_line(x0, top, x0, bottom, AXIS))
    pic.add(_line(x0, bottom, x1, bottom, AXIS))
    row = bottom + 38
    pic.add(_note((x0 + x1) // 2, row, chart.x_label, anchor="middle"))
    if axis.log:
        pic.add(_note(x0, top - 7, LOG_NOTE))
    for curve in drawn:
        row += 20
        pic.add(_line(x0, row - 4, x0 + 22, row - 4, colours[curve.name], width=3))
        pic.add(_text(x0 + 30, row, curve.name))
    for name, why in skipped.items():
        row += 20
        pic.add(_note(x0, row, f"Not drawn ({why}): {name}"))
    _footer(pic, chart.footer, row + 10)


@dataclass(frozen=True)
class _XPlace:
    """x values to pixels between ``left`` and ``right`` (largest on the left if
    ``descending``)."""

    low: Decimal
    high: Decimal
    left: int
    right: int
    descending: bool

    def __call__(self, value: Decimal) -> Decimal:
        with localcontext(CONTEXT):
            share = (value - self.low) / (self.high - self.low) if self.high != self.low else 0
            if self.descending:
                share = 1 - share
            return self.left + (self.right - self.left) * Decimal(share)


def _curve(
    pic: Picture,
    points: Sequence[tuple[Decimal, Decimal | None]],
    colour: str,
    place: _XPlace,
    at_y: Callable[[Decimal], Decimal],
) -> None:
    """A curve as polylines (broken where a y is undefined), with a dot at each point
    when there are few."""
    runs = [
        [(place(x), at_y(y)) for x, y in run if y is not None]
        for defined, run in itertools.groupby(points, key=lambda p: p[1] is not None)
        if defined
    ]
    for run in (run for run in runs if len(run) > 1):  # a lone point is a dot alone
        coords = " ".join(f"{_px(x)},{_px(y)}" for x, y in run)
        pic.add(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2" '
            'stroke-linejoin="round"/>'
        )
    if len(points) <= MARKED_POINTS:
        for x, y in itertools.chain.from_iterable(runs):
            pic.add(f'<circle cx="{_px(x)}" cy="{_px(y)}" r="3" fill="{colour}"/>')


# ---------------------------------------------------------------- pieces


def _heading(pic: Picture, note: str) -> int:
    """The title and its log-scale ``note`` (wrapped, when the picture shows its title);
    returns the y below it."""
    pic.title += note
    y = 8
    for line in _wrap(pic.title, TITLE_SIZE, pic.width) if pic.show_title else ():
        y += TITLE_SIZE + 6
        pic.add(_text(MARGIN, y, line, size=TITLE_SIZE, bold=True, raw=True))
    return y + 6


def _footer(pic: Picture, lines: Sequence[str], y: int) -> None:
    """The footer's sentences, wrapped, from ``y`` (when the picture shows its footer);
    sets the picture's height."""
    for note in lines if pic.show_footer else ():
        for line in _wrap(note, NOTE_SIZE, pic.width):
            y += NOTE_SIZE + 5
            pic.add(_text(MARGIN, y, line, size=NOTE_SIZE, fill=MUTED, raw=True))
    pic.height = y + MARGIN


def _wrap(value: str, size: int, width: int) -> list[str]:
    """Lines of escaped text that fit the width at font ``size``."""
    chars = (width - 2 * MARGIN) * 100 // (size * int(GLYPH * 100))
    lines = textwrap.wrap(visible(value), chars, break_on_hyphens=False) or [""]
    return [text(line) for line in lines]


def _text(
    x: int | Decimal,
    y: int | Decimal,
    value: str,
    *,
    anchor: str = "start",
    size: int = SIZE,
    fill: str = INK,
    bold: bool = False,
    raw: bool = False,
    tip: str | None = None,
) -> str:
    """A text element; ``value`` is escaped unless ``raw`` (already escaped)."""
    attrs = f'x="{_px(x)}" y="{_px(y)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if size != SIZE:
        attrs += f' font-size="{size}"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    if bold:
        attrs += ' font-weight="bold"'
    hint = f"<title>{text(tip)}</title>" if tip is not None and _fit(tip) != tip else ""
    return f"<text {attrs}>{hint}{value if raw else text(value)}</text>"


def _note(x: int | Decimal, y: int | Decimal, value: str, *, anchor: str = "start") -> str:
    """A note in small grey text."""
    return _text(x, y, value, anchor=anchor, size=NOTE_SIZE, fill=MUTED)


def _line(
    x1: int | Decimal,
    y1: int | Decimal,
    x2: int | Decimal,
    y2: int | Decimal,
    colour: str,
    *,
    width: int = 1,
    dash: bool = False,
) -> str:
    extra = ' stroke-dasharray="5 4"' if dash else ""
    return (
        f'<line x1="{_px(x1)}" y1="{_px(y1)}" x2="{_px(x2)}" y2="{_px(y2)}" '
        f'stroke="{colour}" stroke-width="{width}"{extra}/>'
    )


def _at(axis: Scale, value: Decimal, start: int | Decimal, end: int | Decimal) -> Decimal:
    """The pixel of ``value`` on an axis drawn from ``start`` to ``end``."""
    with localcontext(CONTEXT):
        return start + (end - start) * axis.fraction(value)


def _width(chars: int, size: int) -> int:
    """The estimated width of ``chars`` glyphs at font ``size`` (see :data:`GLYPH`)."""
    return int(chars * size * GLYPH) + 1


def _fit(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _px(value: int | Decimal) -> str:
    """A coordinate to the hundredth of a pixel, without trailing zeros."""
    rounded = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    written = f"{rounded:f}"
    return written.rstrip("0").rstrip(".") if "." in written else written

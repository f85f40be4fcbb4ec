"""A Grid drawn with rich on a terminal: borders, colour unless NO_COLOR/--no-color.

A figure is printed whole or not at all, whatever the terminal's width: a table too
wide for it first takes its columns' short headers, then drops the columns a reader
needs least (each Column's ``drop`` rank, highest first) and says which below the
table; when even the columns that are never dropped do not fit, every row is drawn
as a block of ``header  value`` lines instead (stacked). rich never shrinks a figure:
the widths are measured here, so the table it is handed always fits.

Every cell reaches rich as text, never parsed as markup, already made safe by
:mod:`tokencost.render.safe` at the output boundary (no control character, no tab).
A table whose columns never wrap, a stacked grid and the lines above and below are
laid out here as the segments rich would make of them, byte for byte (rich measured
and laid out each cell again: ~0.4 ms a row, over a second for the whole market);
a table with a prose column is rich's own Table, which wraps it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TextIO

from rich.box import HEAVY_HEAD
from rich.cells import cell_len
from rich.console import Console
from rich.control import strip_control_codes
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tokencost.render.grid import Grid

HEADER = "bold"
STRONG = "bold cyan"
"""The style of a column a reader looks at first (``Column.strong``)."""
WRAP_MIN = 12
"""The narrowest a prose column (``Column.wrap``) is made before a table counts as too
wide: its longest word, or this many cells if that is more."""


def print_grid(grid: Grid, file: TextIO, *, color: bool) -> None:
    """Print ``grid`` to ``file`` (a terminal) at the terminal's width."""
    console = Console(file=file, no_color=not color, highlight=False, soft_wrap=False)
    fitted = fit(grid, console.width)
    if fitted is None:
        _stacked(grid, console)
    else:
        _table(fitted, console)


def fit(grid: Grid, width: int) -> Grid | None:
    """``grid`` as a table at most ``width`` cells wide: as it is, else with short
    headers, else without its most droppable columns (a footer line names them); None
    when even the columns never dropped are too wide (draw it stacked)."""
    if table_width(grid) <= width:
        return grid
    shortened = _short_headers(grid)
    if table_width(shortened) <= width:
        return shortened
    ranks = sorted({c.drop for c in grid.columns if c.drop > 0}, reverse=True)
    for rank in ranks:
        kept = [i for i, c in enumerate(shortened.columns) if c.drop == 0 or c.drop < rank]
        narrower = _only(shortened, kept, grid)
        if table_width(narrower) <= width:
            return narrower
    return None


def table_width(grid: Grid) -> int:
    """Cells rich's table of ``grid`` takes: the columns, a space either side of each,
    and a border between and around them (prose columns at their narrowest)."""
    columns = len(grid.columns)
    return sum(_column_width(grid, i) for i in range(columns)) + 3 * columns + 1


def _column_width(grid: Grid, index: int) -> int:
    column = grid.columns[index]
    cells = [row[index] for row in grid.rows]
    natural = max([cell_len(column.header), *map(cell_len, cells)])
    if not column.wrap:
        return natural
    words = [cell_len(word) for text in (column.header, *cells) for word in text.split()]
    return min(natural, max([WRAP_MIN, *words]))


def _short_headers(grid: Grid) -> Grid:
    columns = tuple(replace(c, header=c.short) if c.short else c for c in grid.columns)
    return replace(grid, columns=columns)


def _only(grid: Grid, kept: list[int], original: Grid) -> Grid:
    """``grid`` with only the columns at ``kept``; a footer line names those left out."""
    left_out = [c.header for i, c in enumerate(original.columns) if i not in kept]
    note = (
        f"Not shown at this width: {', '.join(left_out)} "
        "(a wider window shows them, as do --json and the other formats)."
    )
    return Grid(
        grid.title,
        tuple(grid.columns[i] for i in kept),
        tuple(tuple(row[i] for i in kept) for row in grid.rows),
        (*grid.footer, note),
    )


def _table(grid: Grid, console: Console) -> None:
    _words(console, grid.title, "italic")  # as rich would title it, but never cut
    if grid.rows and not any(column.wrap for column in grid.columns):
        console.print(Segments(_ruled(grid, console)), soft_wrap=True)
        _footer(grid, console)
        return
    table = Table(header_style=HEADER)
    for index, column in enumerate(grid.columns):
        # a column that never wraps is as wide as its widest cell, measured by fit
        # already: given to rich, it is not measured again cell by cell
        width = None if column.wrap else _column_width(grid, index)
        table.add_column(
            Text(column.header),
            justify=column.align,
            no_wrap=not column.wrap,
            style=STRONG if column.strong else None,
            width=width,
        )
    for row in grid.rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    _footer(grid, console)


def _ruled(grid: Grid, console: Console) -> Iterator[Segment]:
    """The segments of rich's ``Table`` (box ``HEAVY_HEAD``, a space either side of each
    cell) of ``grid`` whose columns never wrap, each as wide as its widest cell, and fit
    the console: each cell justified and padded in its column's style, the borders
    unstyled. tests/render/test_render.py holds them to rich's own."""
    box = HEAVY_HEAD
    widths = [_column_width(grid, index) for index in range(len(grid.columns))]
    spans = [width + 2 for width in widths]
    plain = Style()
    header = console.get_style(HEADER)
    styles = [console.get_style(STRONG) if c.strong else plain for c in grid.columns]
    rights = [column.align == "right" for column in grid.columns]
    line = Segment.line()

    def cells(row: Iterable[str], row_styles: list[Style], edge: tuple[str, str, str]) -> None:
        left, between, right = edge
        out.append(Segment(left, plain))
        for index, (cell, width, style, flush) in enumerate(
            zip(row, widths, row_styles, rights, strict=True)
        ):
            if index:
                out.append(Segment(between, plain))
            pad = " " * (width - cell_len(cell))
            out.append(Segment(" ", style))
            out.append(Segment(pad + cell if flush else cell + pad, style or None))
            out.append(Segment(" ", style))
        out.append(Segment(right, plain))
        out.append(line)

    out: list[Segment] = [Segment(box.get_top(spans), plain), line]
    headers = (column.header for column in grid.columns)
    cells(headers, [header] * len(widths), (box.head_left, box.head_vertical, box.head_right))
    out += [Segment(box.get_row(spans, "head", edge=True), plain), line]
    body = (box.mid_left, box.mid_vertical, box.mid_right)
    for row in grid.rows:
        cells(row, styles, body)
    out += [Segment(box.get_bottom(spans), plain), line]
    return iter(out)


def _stacked(grid: Grid, console: Console) -> None:
    """Each row as a block: its first cell, then a ``header  value`` line per column.

    A line too long for the terminal is printed whole (the terminal wraps it), never cut.
    """
    _words(console, grid.title, "italic")
    labels = [c.header for c in grid.columns[1:]]
    label_width = max(map(cell_len, labels), default=0)
    heads = [
        "  " + c.header + " " * (label_width - cell_len(c.header)) + "  " for c in grid.columns[1:]
    ]
    strong = console.get_style(STRONG)
    styles = [strong if c.strong else None for c in grid.columns[1:]]
    rights = [c.align == "right" for c in grid.columns[1:]]
    bold = console.get_style("bold")
    line = Segment.line()
    segments: list[Segment] = []
    for row in grid.rows:
        first = strip_control_codes(row[0])
        segments += [line, Segment(first, bold if first else None), line]
        values = [strip_control_codes(cell) for cell in row[1:]]
        shifted = [cell_len(v) for v, right in zip(values, rights, strict=True) if right]
        value_width = max(shifted, default=0)
        for head, value, style, right in zip(heads, values, styles, rights, strict=True):
            shown = " " * (value_width - cell_len(value)) + value if right else value
            segments += [Segment(head), Segment(shown, style if shown else None), line]
    segments.append(line)
    # one print for the whole figure, its segments made here: a Text appended to piece
    # by piece, then split by rich into its lines to find nothing to wrap (soft wrap)
    # and joined again, was most of the time the whole market took
    console.print(Segments(segments), soft_wrap=True)
    _footer(grid, console)


def _footer(grid: Grid, console: Console) -> None:
    width = console.width
    lines = [line for note in grid.footer for line in _wrapped(note, width)]
    if lines:
        _lines(console, lines, "dim")


def _words(console: Console, text: str, style: str = "") -> None:
    """``text`` wrapped between words at the console's width."""
    _lines(console, _wrapped(text, console.width), style)


def _wrapped(text: str, width: int) -> list[str]:
    """The lines of ``text`` wrapped between words at ``width``; a word longer than a
    line (an identifier, a path) is kept whole for the terminal to wrap, never cut."""
    return [
        line
        for paragraph in text.split("\n")
        for line in textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        or [""]
    ]


def _lines(console: Console, lines: list[str], style: str) -> None:
    """``lines`` in ``style``, each whole (the terminal wraps one too long): the segments
    rich makes of ``Text("\\n").join(Text(line, style=style) for line in lines)``, made
    here: rich split such a text into its lines to find nothing to wrap (soft wrap) and
    joined them again (~0.1 ms a line; a whole market's notes are thousands)."""
    plain = [strip_control_codes(line) for line in lines]
    shown = console.get_style(style) if style else None
    segments: list[Segment] = []
    for line in plain:
        segments += [Segment(line, shown if line else None), Segment.line()]
    console.print(Segments(segments), soft_wrap=True)


def print_words(text: str, file: TextIO) -> None:
    """Sentences to ``file`` (a terminal), wrapped between words at its width."""
    console = Console(file=file, no_color=True, highlight=False, soft_wrap=False)
    _words(console, text.rstrip("\n"))

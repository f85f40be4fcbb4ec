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

import re
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TextIO

from rich.box import HEAVY_HEAD
from rich.cells import cell_len
from rich.console import Console
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.segment import Segment, Segments
from rich.style import Style
from rich.table import Table
from rich.text import Text

from tokencost.render.grid import Column, Grid

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
    cells = [_cells_width(grid, index) for index in range(len(grid.columns))]
    every = range(len(grid.columns))
    if _width_of(grid.columns, cells, every) <= width:
        return grid
    shortened = _short_headers(grid)
    if _width_of(shortened.columns, cells, every) <= width:
        return shortened
    ranks = sorted({c.drop for c in grid.columns if c.drop > 0}, reverse=True)
    for rank in ranks:
        kept = [i for i, c in enumerate(shortened.columns) if c.drop == 0 or c.drop < rank]
        if _width_of(shortened.columns, cells, kept) <= width:
            return _only(shortened, kept, grid)
    return None


def _width_of(columns: Sequence[Column], cells: list[tuple[int, int]], kept: Iterable[int]) -> int:
    """Cells rich's table of the columns at ``kept`` takes: the columns, a space either
    side of each, and a border between and around them (prose columns at their
    narrowest). Their cells are measured already (:func:`_cells_width`): the cells are
    the same whichever headers or columns a try of :func:`fit` has, so each is measured
    once, not once a try."""
    shown = list(kept)
    return sum(_column_width_of(columns[i], cells[i]) for i in shown) + 3 * len(shown) + 1


def _column_width(grid: Grid, index: int) -> int:
    return _column_width_of(grid.columns[index], _cells_width(grid, index))


def _cells_width(grid: Grid, index: int) -> tuple[int, int]:
    """The widest cell of column ``index`` (its header aside), and for a prose column
    its longest word (else 0)."""
    cells = [row[index] for row in grid.rows]
    widest = max(map(cell_len, cells), default=0)
    if not grid.columns[index].wrap:
        return widest, 0
    return widest, max((cell_len(word) for text in cells for word in text.split()), default=0)


def _column_width_of(column: Column, cells: tuple[int, int]) -> int:
    natural = max(cell_len(column.header), cells[0])
    if not column.wrap:
        return natural
    words = [cell_len(word) for word in column.header.split()]
    return min(natural, max([WRAP_MIN, cells[1], *words]))


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
    strip = _stripper("".join(cell for row in grid.rows for cell in row))
    for row in grid.rows:
        first = strip(row[0])
        segments += [line, Segment(first, bold if first else None), line]
        values = [strip(cell) for cell in row[1:]]
        shifted = [cell_len(v) for v, right in zip(values, rights, strict=True) if right]
        value_width = max(shifted, default=0)
        for head, value, style, right in zip(heads, values, styles, rights, strict=True):
            shown = " " * (value_width - cell_len(value)) + value if right else value
            if style is None or not shown:  # no style: one segment, the same bytes
                segments.append(Segment(f"{head}{shown}\n"))
            else:
                segments += [Segment(head), Segment(shown, style), line]
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
    return [line for paragraph in text.split("\n") for line in _wrap(paragraph, width) or [""]]


def _wrap(paragraph: str, width: int) -> list[str]:
    """``textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)``,
    the same lines, found by searching for spaces where the words are single-spaced
    (textwrap split each of a whole market's thousands of notes into words and measured
    them one by one): a line ends at the last space that leaves it at most ``width``
    long, or at the first space after a word longer than that."""
    uneven = "  " in paragraph or paragraph.startswith(" ") or paragraph.endswith(" ")
    if uneven or not paragraph.isprintable():
        # every space but " " is unprintable: textwrap's rules for those (it splits at
        # tabs, drops a no-break space at a line's end) are textwrap's to apply
        return textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
    lines = []
    while len(paragraph) > width:
        end = paragraph.rfind(" ", 0, width + 1)
        if end < 0:  # a word longer than a line: whole, on a line of its own
            end = paragraph.find(" ")
            if end < 0:
                break
        lines.append(paragraph[:end])
        paragraph = paragraph[end + 1 :]
    if paragraph:
        lines.append(paragraph)
    return lines


def _lines(console: Console, lines: list[str], style: str) -> None:
    """``lines`` in ``style``, each whole (the terminal wraps one too long): the segments
    rich makes of ``Text("\\n").join(Text(line, style=style) for line in lines)``, made
    here: rich split such a text into its lines to find nothing to wrap (soft wrap) and
    joined them again (~0.1 ms a line; a whole market's notes are thousands)."""
    strip = _stripper("".join(lines))
    plain = [strip(line) for line in lines]
    shown = console.get_style(style) if style else None
    segments: list[Segment] = []
    for line in plain:
        segments += [Segment(line, shown if line else None), Segment.line()]
    console.print(Segments(segments), soft_wrap=True)


_RICH_CONTROL = re.compile(f"[{''.join(map(chr, STRIP_CONTROL_CODES))}]")
"""The control codes rich's ``strip_control_codes`` removes (BEL, BS, VT, FF, CR)."""


def _stripper(text: str) -> Callable[[str], str]:
    """``strip_control_codes``, or nothing to do when ``text`` (every string it will be
    given, joined) has none of them: one search, not one translation a cell (thousands
    in a whole market, and the output boundary has escaped them already)."""
    return strip_control_codes if _RICH_CONTROL.search(text) else str


def print_words(text: str, file: TextIO) -> None:
    """Sentences to ``file`` (a terminal), wrapped between words at its width."""
    console = Console(file=file, no_color=True, highlight=False, soft_wrap=False)
    _words(console, text.rstrip("\n"))

"""A Grid drawn with rich on a terminal: borders, colour unless NO_COLOR/--no-color.

A figure is printed whole or not at all, whatever the terminal's width: a table too
wide for it first takes its columns' short headers, then drops the columns a reader
needs least (each Column's ``drop`` rank, highest first) and says which below the
table; when even the columns that are never dropped do not fit, every row is drawn
as a block of ``header  value`` lines instead (stacked). rich never shrinks a figure:
the widths are measured here, so the table it is handed always fits.

Every cell is handed to rich as a Text (never parsed as markup), already made safe
by :mod:`tokencost.render.safe` at the output boundary.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tokencost.render.grid import Grid

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
    table = Table(header_style="bold")
    for index, column in enumerate(grid.columns):
        style = "bold cyan" if column.strong else None
        # a column that never wraps is as wide as its widest cell, measured by fit
        # already: given to rich, it is not measured again cell by cell
        width = None if column.wrap else _column_width(grid, index)
        table.add_column(
            Text(column.header),
            justify=column.align,
            no_wrap=not column.wrap,
            style=style,
            width=width,
        )
    for row in grid.rows:
        table.add_row(*(Text(cell) for cell in row))
    console.print(table)
    _footer(grid, console)


def _stacked(grid: Grid, console: Console) -> None:
    """Each row as a block: its first cell, then a ``header  value`` line per column.

    A line too long for the terminal is printed whole (the terminal wraps it), never cut.
    """
    _words(console, grid.title, "italic")
    labels = [c.header for c in grid.columns[1:]]
    label_width = max(map(cell_len, labels), default=0)
    lines: list[Text] = []
    for row in grid.rows:
        lines.append(Text())
        lines.append(Text(row[0], style="bold"))
        columns = zip(grid.columns[1:], row[1:], strict=True)
        value_width = max((cell_len(v) for c, v in columns if c.align == "right"), default=0)
        for column, cell in zip(grid.columns[1:], row[1:], strict=True):
            pad = value_width - cell_len(cell) if column.align == "right" else 0
            line = Text("  ")
            line.append(column.header + " " * (label_width - cell_len(column.header)))
            line.append("  ")
            line.append(" " * pad + cell, style="bold cyan" if column.strong else "")
            lines.append(line)
    lines.append(Text())
    # one print for the whole figure: rich's per-call cost (~0.3 ms) times a line per
    # cell was most of the time the whole market took
    console.print(Text("\n").join(lines), soft_wrap=True)
    _footer(grid, console)


def _footer(grid: Grid, console: Console) -> None:
    lines = [line for note in grid.footer for line in _wrapped(note, console.width, "dim")]
    if lines:
        console.print(Text("\n").join(lines), soft_wrap=True)


def _words(console: Console, text: str, style: str = "") -> None:
    """``text`` wrapped between words at the console's width."""
    console.print(Text("\n").join(_wrapped(text, console.width, style)), soft_wrap=True)


def _wrapped(text: str, width: int, style: str) -> list[Text]:
    """The lines of ``text`` wrapped between words at ``width``; a word longer than a
    line (an identifier, a path) is kept whole for the terminal to wrap, never cut."""
    return [
        Text(line, style=style)
        for paragraph in text.split("\n")
        for line in textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        or [""]
    ]


def print_words(text: str, file: TextIO) -> None:
    """Sentences to ``file`` (a terminal), wrapped between words at its width."""
    console = Console(file=file, no_color=True, highlight=False, soft_wrap=False)
    _words(console, text.rstrip("\n"))

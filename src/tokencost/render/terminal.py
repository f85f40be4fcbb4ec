"""A Grid drawn with rich on a terminal: borders, colour unless NO_COLOR/--no-color."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from tokencost.render.grid import Grid


def print_grid(grid: Grid, file: TextIO, *, color: bool) -> None:
    """Print ``grid`` as a rich table to ``file`` (a terminal)."""
    console = Console(file=file, no_color=not color, highlight=False, soft_wrap=False)
    table = Table(title=grid.title, title_justify="left", header_style="bold")
    for column in grid.columns:
        style = "bold cyan" if column.strong else None
        table.add_column(column.header, justify=column.align, no_wrap=True, style=style)
    for row in grid.rows:
        table.add_row(*row)
    console.print(table)
    for note in grid.footer:
        console.print(note, style="dim", markup=False, highlight=False)

"""A table as strings (title, columns, rows, footer), written as plain text or markdown.

Result-specific modules build a Grid from a result; this module only lays it out, so
the terminal table, the piped table and the markdown report show the same cells.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from tokencost.records import record

Align = Literal["left", "right"]


@record
class Column:
    """A column header and how its cells align."""

    header: str
    align: Align = "left"
    strong: bool = False
    """The column a reader looks at first; a terminal highlights it."""
    marks: tuple[tuple[str, str], ...] = ()
    """Cells shown otherwise in markdown, as (cell, markdown), e.g. ``("OVER", "❌ over")``."""
    short: str | None = None
    """A shorter header for a narrow terminal (``In $/1M`` for ``Input $/1M``)."""
    drop: int = 0
    """On a terminal too narrow for the table, the columns with the highest ``drop`` go
    first (then the next highest ...); 0: never dropped (the table is stacked instead)."""
    wrap: bool = False
    """Prose (a note, a problem): its words may wrap onto more lines. Figures never wrap."""


@record
class Grid:
    """Everything a table shows, already formatted."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...] = field(default=())


def to_text(grid: Grid) -> str:
    """Plain text: columns padded and separated by two spaces, a dashed rule, footer."""
    widths = [
        max([len(col.header), *(len(row[i]) for row in grid.rows)])
        for i, col in enumerate(grid.columns)
    ]

    def line(cells: tuple[str, ...]) -> str:
        padded = (
            cell.rjust(width) if col.align == "right" else cell.ljust(width)
            for cell, width, col in zip(cells, widths, grid.columns, strict=True)
        )
        return "  ".join(padded).rstrip()

    lines = [grid.title, "", line(tuple(c.header for c in grid.columns))]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(row) for row in grid.rows)
    if grid.footer:
        lines.append("")
        lines.extend(grid.footer)
    return "\n".join(lines) + "\n"


def to_markdown(grid: Grid) -> str:
    """A GitHub-flavoured markdown table with the title as a heading and footer as notes."""

    def cells(values: tuple[str, ...]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    def marked(row: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict(c.marks).get(v, v) for c, v in zip(grid.columns, row, strict=True))

    rule = tuple("---:" if c.align == "right" else "---" for c in grid.columns)
    lines = [f"### {grid.title}", "", cells(tuple(c.header for c in grid.columns))]
    lines.append("|" + "|".join(rule) + "|")
    lines.extend(cells(marked(row)) for row in grid.rows)
    if grid.footer:
        lines.append("")
        lines.extend(f"- {note}" for note in grid.footer)
    return "\n".join(lines) + "\n"

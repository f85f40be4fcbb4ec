"""Charts drawn with rich on a terminal (``--chart``); ``--svg`` is :mod:`tokencost.render.svg`.

rich is imported inside the functions, only when a chart is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from tokencost.render.chart import Drawing

if TYPE_CHECKING:
    from rich.text import Text


def _text(drawing: Drawing) -> list[Text]:
    """The chart's cells, unwrapped."""
    from rich.text import Text

    lines = []
    for line in drawing.lines:
        text = Text(no_wrap=True, overflow="ignore")
        for chunk, style in line:
            text.append(chunk, style=style or "")
        lines.append(text)
    return lines


def print_drawings(drawings: Sequence[Drawing], file: TextIO, *, color: bool) -> None:
    """Print charts to ``file`` (a terminal, under the table), in colour unless ``color``
    is False; the footers are the table's and are left out."""
    from rich.console import Console

    console = Console(file=file, no_color=not color, highlight=False, soft_wrap=True)
    for index, drawing in enumerate(drawings):
        if index:
            console.print()
        for text in _text(drawing):
            console.print(text)

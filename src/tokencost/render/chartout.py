"""Charts drawn with rich: on a terminal, and exported as SVG.

rich is imported inside the functions, only when a chart is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from tokencost.render.chart import Drawing

if TYPE_CHECKING:
    from rich.text import Text

SVG_WIDTH = 110
"""Character columns of an exported chart."""


def _text(drawing: Drawing, *, footer: bool) -> list[Text]:
    """The chart's cells unwrapped; the footer's sentences wrapped at the width."""
    from rich.text import Text

    lines = []
    for line in drawing.lines:
        text = Text(no_wrap=True, overflow="ignore")
        for chunk, style in line:
            text.append(chunk, style=style or "")
        lines.append(text)
    if footer and drawing.footer:
        lines.append(Text())
        lines.extend(Text("".join(c for c, _ in line), style="dim") for line in drawing.footer)
    return lines


def print_drawings(drawings: Sequence[Drawing], file: TextIO, *, color: bool) -> None:
    """Print charts to ``file`` (a terminal, under the table), in colour unless ``color``
    is False; the footers are the table's and are left out."""
    from rich.console import Console

    console = Console(file=file, no_color=not color, highlight=False, soft_wrap=True)
    for index, drawing in enumerate(drawings):
        if index:
            console.print()
        for text in _text(drawing, footer=False):
            console.print(text)


def to_svg(drawings: Sequence[Drawing], title: str) -> str:
    """The charts as one SVG document (rich's terminal-window look), footers included."""
    from rich.console import Console

    console = Console(
        record=True,
        width=SVG_WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        soft_wrap=False,  # the footer wraps at the width; chart lines never reach it
    )
    for index, drawing in enumerate(drawings):
        if index:
            console.print()
        for text in _text(drawing, footer=True):
            console.print(text)
    return console.export_svg(title=title)

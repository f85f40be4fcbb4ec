"""A View whose faces have passed the sanitiser (:mod:`tokencost.render.safe`).

:func:`tokencost.cli.output.show` wraps every view in one before drawing it, so no
face reaches stdout without being made safe for the format it is drawn in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tokencost.render import safe
from tokencost.render.view import Case, Conclusion, Csv, View

if TYPE_CHECKING:
    from tokencost.render.chart import BarChart, LineChart
    from tokencost.render.grid import Grid


class SafeView(View):
    """``view`` with its text escaped for ``fmt``, the same whether stdout is a terminal,
    a file or a pipe."""

    def __init__(self, view: View, fmt: str) -> None:
        self.view, self.fmt = view, fmt
        self.name = safe.visible(view.name)

    def document(self) -> dict[str, object]:
        return self.view.document()  # exact values; show escapes the JSON text

    def grids(self) -> tuple[Grid, ...]:
        clean = safe.markdown if self.fmt in ("markdown", "github") else safe.visible
        return tuple(safe.grid(g, clean) for g in self.view.grids())

    def csv(self) -> Csv | None:
        found = self.view.csv()
        return None if found is None else safe.csv(found)

    def charts(self) -> tuple[BarChart | LineChart, ...]:
        return safe.charts(self.view.charts())

    def conclusion(self) -> Conclusion | None:
        found = self.view.conclusion()
        markdown = self.fmt == "markdown"
        return None if found is None else safe.conclusion(found, markdown_words=markdown)

    def cases(self) -> tuple[Case, ...] | None:
        found = self.view.cases()
        return None if found is None else safe.cases(found)

    def text(self, fmt: str) -> str | None:
        own = self.view.text(fmt)
        if own is None:
            return None
        return safe.json_text(own) if fmt == "json" else safe.visible_lines(own)

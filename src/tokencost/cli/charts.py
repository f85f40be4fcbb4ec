"""Showing a result with its charts: ``--chart`` after the table, ``--svg FILE``.

A chart is another face of the same result: JSON and CSV stay the same data, so
``--chart`` goes with the table and markdown formats only; ``--svg`` works with any
format. The SVG file is written whole or not at all (a temporary file beside it,
then an atomic rename), before anything is written to stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tokencost.cli.output import Format, PipeClosed, show, use_color, write
from tokencost.errors import InputError

if TYPE_CHECKING:
    from tokencost.render.chart import BarChart, LineChart
    from tokencost.render.grid import Grid


def check_chart(fmt: Format, chart: bool) -> None:
    """``--chart`` draws on the table or markdown output only."""
    if chart and fmt in (Format.json, Format.csv):
        raise InputError(
            f"--chart draws beside the table; --format {fmt.value} stays the data alone "
            "(drop --chart, or use --svg FILE)"
        )


def show_with_charts(
    fmt: Format,
    *,
    no_color: bool,
    document: Callable[[], dict[str, object]],
    grid: Callable[[], Grid | tuple[Grid, ...]],
    charts: Callable[[], Sequence[BarChart | LineChart]],
    chart: bool,
    svg: Path | None,
    svg_title: str,
    csv: Callable[[], str] | None = None,
) -> None:
    """Write the SVG if asked, the result in ``fmt``, then the charts if asked."""
    check_chart(fmt, chart)
    drawings = None
    if chart or svg is not None:
        from tokencost.render.chart import draw

        drawings = [draw(c) for c in charts()]
    if svg is not None and drawings is not None:
        from tokencost.render.chartout import to_svg

        write_svg(svg, to_svg(drawings, svg_title))
    show(fmt, no_color=no_color, document=document, grid=grid, csv=csv)
    if not chart or drawings is None:
        return
    if fmt is Format.markdown:
        from tokencost.render.chart import to_markdown

        write(to_markdown(drawings))
    elif sys.stdout.isatty():
        from tokencost.render.chartout import print_drawings

        try:
            sys.stdout.write("\n")
            print_drawings(drawings, sys.stdout, color=use_color(no_color))
        except BrokenPipeError:
            raise PipeClosed("stdout closed") from None
    else:
        from tokencost.render.chart import to_text

        write("\n" + to_text(drawings))


def write_svg(path: Path, text: str) -> None:
    """Write the SVG file whole or not at all (:func:`tokencost.atomic.write_atomic`)."""
    from tokencost.atomic import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"--svg: cannot write {path}: {exc.strerror or exc}") from None

"""Showing a result with its charts: ``--chart`` after the table, ``--svg FILE``.

A chart is another face of the same result: JSON and CSV stay the same data, so
``--chart`` goes with the table and markdown formats only; ``--svg`` works with any
format. The SVG file is written whole or not at all (a temporary file beside it,
then an atomic rename), before anything is written to stdout.
"""

from __future__ import annotations

import os
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

        write_atomically(svg, to_svg(drawings, svg_title))
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


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file, then rename."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, prefix=f".{path.name}.", delete=False
        ) as handle:
            temp = Path(handle.name)
            handle.write(text)
        os.chmod(temp, 0o666 & ~_umask())  # as an ordinary new file, not 0600
        os.replace(temp, path)
    except BaseException as exc:
        if temp is not None:
            temp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(f"--svg: cannot write {path}: {exc.strerror or exc}") from None
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

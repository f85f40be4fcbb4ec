"""The one way out: :func:`show` draws a command's View in the format asked for.

Every command builds a :class:`~tokencost.render.view.View` of its result and hands it
to :func:`show` with the format: the table (rich on a terminal, plain text when piped,
colour unless NO_COLOR or ``--no-color``), JSON, CSV, markdown, GitHub workflow
annotations, JUnit XML, a face of the view's own (``prices export --format sql``), and the charts
of ``--chart`` (after the table or markdown) and ``--svg FILE``. A new format, or a
step every output passes (such as making user-supplied text safe to draw), goes here.

stdout carries the result only; a reader closing it (``| head``) ends the run
quietly. Files (the SVG, the GitHub job summary) are written whole or not at all.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from tokencost.errors import InputError, TokencostError

if TYPE_CHECKING:
    from tokencost.render.chart import Drawing
    from tokencost.render.grid import Grid
    from tokencost.render.view import View


class Format(StrEnum):
    """Formats of the commands that give data; ``table`` is rich on a terminal, plain text
    otherwise."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ReportFormat(StrEnum):
    """Formats of the CI commands (``check``, ``diff``)."""

    table = "table"
    json = "json"
    markdown = "markdown"
    github = "github"
    junit = "junit"


SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
CHARTED = ("table", "markdown")
"""The formats ``--chart`` draws beside; the others stay the data alone."""


class PipeClosed(TokencostError):
    """stdout was closed by the reader (``| head``): stop quietly."""

    exit_code = 0


def output_format(fmt: StrEnum | None, as_json: bool, *, chart: bool = False) -> str:
    """The format asked for: ``--format``, or ``json`` for ``--json`` (both, differing, is
    an error), else ``table``; ``--chart`` with a format it cannot draw beside is one too.
    Checked before any work is done."""
    if as_json and fmt is not None and fmt.value != "json":
        raise InputError(f"--json and --format {fmt.value} disagree; give one of them")
    chosen = "json" if as_json else (fmt.value if fmt is not None else "table")
    if chart and chosen not in CHARTED:
        raise InputError(
            f"--chart draws beside the table; --format {chosen} stays the data alone "
            "(drop --chart, or use --svg FILE)"
        )
    return chosen


def show(
    view: View, fmt: str, *, no_color: bool, chart: bool = False, svg: Path | None = None
) -> None:
    """Draw ``view`` in ``fmt`` on stdout; with ``svg`` write its charts there first, with
    ``chart`` draw them after the table or markdown."""
    drawings = _drawings(view) if chart or svg is not None else []
    if svg is not None:
        from tokencost.render.chartout import to_svg

        write_svg(svg, to_svg(drawings, view.name))
    own = view.text(fmt)
    if own is not None:
        write(own)
    elif fmt == "json":
        from tokencost.render.jsonout import dumps

        write(dumps(view.document()) + "\n")
    elif fmt == "csv":
        write(_csv_text(view))
    elif fmt == "markdown":
        from tokencost.render.view import markdown

        write(markdown(view))
    elif fmt == "github":
        _github(view)
    elif fmt == "junit":
        _junit(view)
    elif fmt == "table":
        _table(view, use_color(no_color))
    else:
        raise InputError(f"this command has no {fmt} output")
    if chart:
        _charts(drawings, fmt, use_color(no_color))


def write(text: str) -> None:
    """Write the result to stdout; a closed pipe raises PipeClosed."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed("stdout closed") from None


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR set."""
    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _csv_text(view: View) -> str:
    found = view.csv()
    if found is None:
        raise InputError("this command has no CSV output; use --format table, json or markdown")
    from tokencost.render.csvout import to_csv

    return to_csv(found.header, found.rows)


def _table(view: View, color: bool) -> None:
    """The tables (rich on a terminal, plain text otherwise), then a CI verdict's words."""
    grids = view.grids()
    if sys.stdout.isatty():
        _on_terminal(grids, color)
    else:
        from tokencost.render.grid import to_text

        write("\n".join(to_text(grid) for grid in grids))
    conclusion = view.conclusion()
    if conclusion is not None:
        from tokencost.render.view import after_table

        write("\n" + after_table(conclusion))


def _on_terminal(grids: tuple[Grid, ...], color: bool) -> None:
    from tokencost.render.terminal import print_grid

    try:
        for index, grid in enumerate(grids):
            if index:
                sys.stdout.write("\n")
            print_grid(grid, sys.stdout, color=color)
    except BrokenPipeError:
        raise PipeClosed("stdout closed") from None


def _github(view: View) -> None:
    """Workflow annotations on stdout; the markdown report appended to the job summary."""
    conclusion = view.conclusion()
    if conclusion is None:
        raise InputError("this command has no github output")
    from tokencost.render.github import workflow_commands
    from tokencost.render.view import markdown

    write(workflow_commands(conclusion))
    append_step_summary(markdown(view))


def _junit(view: View) -> None:
    """The checks as a JUnit XML report (GitLab, Jenkins, Azure show it as test results)."""
    cases = view.cases()
    if cases is None:
        raise InputError("this command has no junit output")
    from tokencost.render.junit import to_junit

    grids = view.grids()
    title, notes = (grids[0].title, grids[0].footer) if grids else (view.name, ())
    write(to_junit(view.name, title, cases, notes))


def _drawings(view: View) -> list[Drawing]:
    from tokencost.render.chart import draw

    return [draw(chart) for chart in view.charts()]


def _charts(drawings: list[Drawing], fmt: str, color: bool) -> None:
    """The charts after the table (rich on a terminal) or the markdown (fenced text)."""
    if fmt == "markdown":
        from tokencost.render.chart import to_markdown

        write(to_markdown(drawings))
    elif sys.stdout.isatty():
        from tokencost.render.chartout import print_drawings

        try:
            sys.stdout.write("\n")
            print_drawings(drawings, sys.stdout, color=color)
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


def append_step_summary(text: str) -> None:
    """Append ``text`` to ``$GITHUB_STEP_SUMMARY`` when set; a failure is a warning only.

    The verdict is already on stdout and in the exit code, so a summary that cannot
    be written must not hide it.
    """
    target = os.environ.get(SUMMARY_ENV, "").strip()
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            separate = handle.tell() > 0  # a blank line after what earlier steps wrote
            handle.write(("\n" if separate else "") + text)
    except OSError as exc:
        print(
            f"warning: {SUMMARY_ENV}: cannot append to {target}: {exc.strerror or exc}",
            file=sys.stderr,
        )

"""The one way out: :func:`show` draws a command's View in the format asked for.

Every command builds a :class:`~tokencost.render.view.View` of its result and hands it
to :func:`show` with the format: the table (rich on a terminal, plain text when piped,
colour unless NO_COLOR or ``--no-color``), JSON, CSV, markdown, GitHub workflow
annotations, JUnit XML, a face of the view's own (``prices export --format sql``), the
charts of ``--chart`` (after the table or markdown) and ``--svg FILE`` (vector graphics),
and the report page of ``--html FILE``. A new format, or a step every output passes (such
as making user-supplied text safe to draw), goes here.

stdout carries the result only; a reader closing it (``| head``) ends the run
quietly. Files (the SVG, the HTML page, the GitHub job summary) are written whole or
not at all.
"""

from __future__ import annotations

import io
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tokencost.errors import EnvironmentProblem, InputError, TokencostError, environment_message

if TYPE_CHECKING:
    from tokencost.render.chart import Drawing
    from tokencost.render.view import View


class Format(StrEnum):
    """Formats of the commands that give data; ``table`` is rich on a terminal, plain text
    otherwise."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class TableFormat(StrEnum):
    """Formats of the commands whose results have no CSV face (``models``, ``prices
    list`` ...): their help offers only what they can draw."""

    table = "table"
    json = "json"
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
    view: View,
    fmt: str,
    *,
    no_color: bool,
    chart: bool = False,
    svg: Path | None = None,
    html: Path | None = None,
) -> None:
    """Draw ``view`` in ``fmt`` on stdout; with ``svg`` write its charts there first, with
    ``html`` its report page, with ``chart`` draw them after the table or markdown.
    Every face drawn on stdout passes the sanitiser (:mod:`tokencost.render.safe`) for
    the format it is drawn in, and everything is written to stdout in one go at the
    end: a failure leaves stdout empty, not half written. The SVG and HTML files escape
    every string themselves (:mod:`tokencost.render.markup`)."""
    from tokencost.render.safe_view import SafeView

    pictures = view
    view = SafeView(view, fmt)
    if svg is not None:
        from tokencost.render.svg import to_svg

        write_file(svg, to_svg(pictures.charts(), pictures.name), "--svg")
    if html is not None:
        from tokencost.render.html import page

        write_file(html, page(pictures), "--html")
    out = _Collected()
    own = view.text(fmt)
    if own is not None:
        out.write(own)
    elif fmt == "json":
        from tokencost.render.jsonout import dumps
        from tokencost.render.safe import json_text

        # indented for a person at a terminal, on one line for a script (faster, too)
        indent = 2 if sys.stdout.isatty() else None
        out.write(json_text(dumps(view.document(), indent=indent)) + "\n")
    elif fmt == "csv":
        out.write(_csv_text(view))
    elif fmt == "markdown":
        from tokencost.render.view import markdown

        out.write(markdown(view))
    elif fmt == "github":
        _github(view, out)
    elif fmt == "junit":
        _junit(view, out)
    elif fmt == "table":
        _table(view, use_color(no_color), out)
    else:
        raise InputError(f"this command has no {fmt} output")
    if chart:
        _charts(_drawings(view), fmt, use_color(no_color), out)
    write(out.getvalue())


class _Collected(io.StringIO):
    """What :func:`show` draws, kept until it is all there; rich sees stdout's own
    terminal-ness and encoding through it."""

    def __init__(self) -> None:
        super().__init__()
        self._terminal = on_terminal()
        self._encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._terminal


def write(text: str) -> None:
    """Write the result to stdout; a closed pipe raises PipeClosed, any other failure
    (a full disk, ``> /dev/full``, a closed stdout, an encoding that cannot show it) an
    EnvironmentProblem saying where and what to do."""
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise EnvironmentProblem(
            "cannot write the result: stdout is closed; give tokencost somewhere to write "
            "(a terminal, a file or a pipe)"
        )
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed("stdout closed") from None
    except OSError as exc:
        exc.filename = exc.filename or _stdout_name()
        raise EnvironmentProblem(
            environment_message(exc, "cannot write the result to stdout")
        ) from None
    except UnicodeEncodeError as exc:
        raise EnvironmentProblem(
            f"cannot write the result: stdout's encoding ({exc.encoding}) cannot show "
            f"{exc.object[exc.start : exc.end]!r}; use a UTF-8 locale (e.g. LANG=C.UTF-8) or "
            "set PYTHONIOENCODING=utf-8"
        ) from None


def _stdout_name() -> str | None:
    """What stdout is (``/dev/full``, a file's path), where the system says."""
    try:
        return os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}")
    except (OSError, ValueError, AttributeError):
        return None


def on_terminal() -> bool:
    """True when stdout is a terminal (False when it is closed)."""
    return sys.stdout is not None and sys.stdout.isatty()


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR set."""
    return not no_color and not os.environ.get("NO_COLOR") and on_terminal()


def _csv_text(view: View) -> str:
    found = view.csv()
    if found is None:
        raise InputError("this command has no CSV output; use --format table, json or markdown")
    from tokencost.render.csvout import to_csv

    return to_csv(found.header, found.rows)


def _table(view: View, color: bool, out: TextIO) -> None:
    """The tables (rich on a terminal, plain text otherwise), then a CI verdict's words."""
    grids = view.grids()
    conclusion = view.conclusion()
    if out.isatty():
        from tokencost.render.terminal import print_grid

        for index, grid in enumerate(grids):
            if index:
                out.write("\n")
            print_grid(grid, out, color=color)
    else:
        from tokencost.render.grid import to_text

        out.write("\n".join(to_text(grid) for grid in grids))
    if conclusion is not None:
        from tokencost.render.view import after_table

        words = after_table(conclusion)
        if out.isatty():
            from tokencost.render.terminal import print_words

            print_words("\n" + words, out)
        else:
            out.write("\n" + words)


def _github(view: View, out: TextIO) -> None:
    """Workflow annotations on stdout; the markdown report appended to the job summary."""
    conclusion = view.conclusion()
    if conclusion is None:
        raise InputError("this command has no github output")
    from tokencost.render.github import workflow_commands
    from tokencost.render.view import markdown

    out.write(workflow_commands(conclusion))
    append_step_summary(markdown(view))


def _junit(view: View, out: TextIO) -> None:
    """The checks as a JUnit XML report (GitLab, Jenkins, Azure show it as test results)."""
    cases = view.cases()
    if cases is None:
        raise InputError("this command has no junit output")
    from tokencost.render.junit import to_junit

    grids = view.grids()
    title, notes = (grids[0].title, grids[0].footer) if grids else (view.name, ())
    out.write(to_junit(view.name, title, cases, notes))


def _drawings(view: View) -> list[Drawing]:
    from tokencost.render.chart import draw

    return [draw(chart) for chart in view.charts()]


def _charts(drawings: list[Drawing], fmt: str, color: bool, out: TextIO) -> None:
    """The charts after the table (rich on a terminal) or the markdown (fenced text)."""
    if fmt == "markdown":
        from tokencost.render.chart import to_markdown

        out.write(to_markdown(drawings))
    elif out.isatty():
        from tokencost.render.chartout import print_drawings

        out.write("\n")
        print_drawings(drawings, out, color=color)
    else:
        from tokencost.render.chart import to_text

        out.write("\n" + to_text(drawings))


def write_file(path: Path, text: str, flag: str) -> None:
    """Write the file of ``flag`` (``--svg``, ``--html``) whole or not at all
    (:func:`tokencost.atomic.write_atomic`): a regular file only (a symlink is written
    through to its target)."""
    from tokencost.atomic import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(environment_message(exc, f"{flag}: cannot write", path)) from None


def append_step_summary(text: str) -> None:
    """Append ``text`` to ``$GITHUB_STEP_SUMMARY`` when set; a failure is a warning only.

    The verdict is already on stdout and in the exit code, so a summary that cannot
    be written must not hide it.
    """
    target = os.environ.get(SUMMARY_ENV, "").strip()
    if not target:
        return
    from tokencost.atomic import writable_target

    try:
        with open(writable_target(Path(target)), "a", encoding="utf-8") as handle:
            separate = handle.tell() > 0  # a blank line after what earlier steps wrote
            handle.write(("\n" if separate else "") + text)
    except OSError as exc:
        print(
            f"warning: {SUMMARY_ENV}: cannot append to {target}: {exc.strerror or exc}",
            file=sys.stderr,
        )

"""Output of the CI commands (``check``, ``diff``): table, JSON, markdown or GitHub.

``github`` prints workflow annotations on stdout and, when ``GITHUB_STEP_SUMMARY`` is
set, appends the markdown report to that file (one write, never truncating it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tokencost.cli.output import Format, pick_format, show, write

if TYPE_CHECKING:
    from tokencost.render.grid import Grid

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


class ReportFormat(StrEnum):
    """Formats of a CI report."""

    table = "table"
    json = "json"
    markdown = "markdown"
    github = "github"


ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table for people, json for scripts, markdown for a PR comment, github for "
        "workflow annotations (+ the job summary).",
        show_default="table",
    ),
]


def choose(fmt: ReportFormat | None, as_json: bool) -> ReportFormat:
    """``--json`` is ``--format json``; both with different values is an error."""
    return pick_format(ReportFormat, fmt, as_json)


def emit(
    fmt: ReportFormat,
    *,
    no_color: bool,
    document: Callable[[], dict[str, object]],
    grid: Callable[[], Grid],
    after_table: Callable[[], str],
    markdown: Callable[[], str],
    workflow_commands: Callable[[], str],
) -> None:
    """Write the report in ``fmt`` to stdout (and the job summary for ``github``)."""
    if fmt is ReportFormat.json:
        show(Format.json, no_color=no_color, document=document, grid=grid)
    elif fmt is ReportFormat.markdown:
        write(markdown())
    elif fmt is ReportFormat.github:
        write(workflow_commands())
        append_step_summary(markdown())
    else:
        show(Format.table, no_color=no_color, document=document, grid=grid)
        write("\n" + after_table())


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

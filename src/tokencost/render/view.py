"""A View: what a command shows of one result, for :func:`tokencost.cli.output.show` to draw.

Each command's renderer gives a View of its result, and the command hands it to
``show`` with the format the user asked for; ``show`` is the one way out, where every
format is drawn (and where a new one plugs in). A View's faces are built only when
drawn (a JSON run never lays out the table):

- ``document()``: the JSON document (every view);
- ``grids()``: the tables, with their footer of assumptions: drawn by rich on a
  terminal, as plain text when piped, as markdown (every view);
- ``csv()``: the rows as exact values (views with a CSV face);
- ``charts()``: the figures to draw with ``--chart`` or ``--svg`` (views with charts);
- ``conclusion()``: what a CI command says beyond its table (``check``, ``diff``): the
  verdict in words, each finding, their GitHub annotations;
- ``cases()``: a CI command's checks as test cases, for a JUnit report (``--format
  junit``: one case per budget and model);
- ``text(format)``: a face of the view's own, already text, drawn instead of the usual
  one (``prices export --format sql``; ``prices schema``'s JSON, whose numbers pydantic
  gives as floats).

Everything in a face is data or already-formatted text; none of it is parsed back. The
records of a face are named tuples: a frozen dataclass costs about ten times as much
to build, and every command loads this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from tokencost.render.grid import Grid, to_markdown

if TYPE_CHECKING:
    from tokencost.render.chart import BarChart, LineChart

Level = Literal["error", "warning", "notice"]


class Csv(NamedTuple):
    """A CSV face: the header and the rows as exact values (Decimal, date, None ...)."""

    header: tuple[str, ...]
    rows: Sequence[Sequence[object]]


class Finding(NamedTuple):
    """One thing a CI check found: a GitHub annotation, and its line in the report."""

    level: Level
    title: str
    message: str
    file: str | None = None
    line: int | None = None
    text: str | None = None
    """Its line after the table on a terminal or in a log (None: not listed there)."""
    markdown: str | None = None
    """Its line in the markdown report (None: not listed there)."""
    rank: int = 0
    """Where it is listed after the table and in the markdown report: lower first (the
    worst first); the annotations keep the order of the findings."""


class Case(NamedTuple):
    """One check as a test case of a JUnit report: it passes, or fails with a message."""

    group: str
    """The group it is shown under, its JUnit ``classname`` (a budget)."""
    name: str
    """What was checked (a model)."""
    failure: str | None = None
    """Why it failed (None: it passed)."""
    kind: str = ""
    """The failure's type, e.g. ``over``."""
    output: str = ""
    """What it found, failed or not (its line of the report)."""


class Conclusion(NamedTuple):
    """What a CI command concludes, in words: a heading (markdown), a one-line summary,
    and the findings."""

    heading: str
    summary: str
    findings: tuple[Finding, ...] = ()


class View:
    """One result's faces; a command's renderer subclasses it (see the module's doc)."""

    name = "tokencost"
    """What the result is, e.g. ``tokencost compare: default`` (an SVG's title)."""

    def document(self) -> dict[str, object]:
        """The JSON document: the envelope, then the result."""
        raise NotImplementedError

    def grids(self) -> tuple[Grid, ...]:
        """The tables, one after the other."""
        raise NotImplementedError

    def csv(self) -> Csv | None:
        """The CSV face, or None when the command has none."""
        return None

    def charts(self) -> tuple[BarChart | LineChart, ...]:
        """The charts of ``--chart`` and ``--svg`` (none by default)."""
        return ()

    def conclusion(self) -> Conclusion | None:
        """A CI command's verdict in words (None for the others)."""
        return None

    def cases(self) -> tuple[Case, ...] | None:
        """A CI command's checks as JUnit test cases (None for the others)."""
        return None

    def text(self, fmt: str) -> str | None:  # noqa: ARG002 - a view of its own formats overrides
        """This view's own face in format ``fmt``, as text, drawn instead of the usual one
        (None: the usual one)."""
        return None


def markdown(view: View) -> str:
    """The markdown face: a CI command's verdict first (heading, summary, findings),
    then every table."""
    tables = "\n".join(to_markdown(grid) for grid in view.grids())
    conclusion = view.conclusion()
    if conclusion is None:
        return tables
    lines = [f"## {conclusion.heading}", "", f"**{conclusion.summary}**"]
    listed = [f.markdown for f in _ranked(conclusion) if f.markdown]
    if listed:
        lines += ["", *listed]
    return "\n".join(lines) + "\n\n" + tables


def after_table(conclusion: Conclusion) -> str:
    """What follows the table on a terminal or in a log: the findings, then the summary."""
    lines = [f.text for f in _ranked(conclusion) if f.text]
    return "\n".join([*lines, conclusion.summary]) + "\n"


def _ranked(conclusion: Conclusion) -> list[Finding]:
    return sorted(conclusion.findings, key=lambda finding: finding.rank)

"""Text from users' files made safe to show: the one sanitiser of the output boundary.

Names and notes come from profiles, budget files, price files and logs, which anyone
may have written. :func:`tokencost.cli.output.show` passes every face of every View
through here once, for the format it draws:

- **a terminal or plain text** (tables, charts, a CI verdict's lines and JUnit
  cases, SQL, error messages), whether stdout is a terminal, a file or a pipe (a
  file is ``cat`` later, a pipe ends in a CI log): control characters (C0, DEL,
  C1, the bidirectional overrides and isolates, line and paragraph separators) are
  shown as ``\\x1b``-style escapes, so no name can move the cursor, clear the
  screen, set the window title or reorder a line. rich never parses a cell as
  markup: cells go to it as Text (:mod:`tokencost.render.terminal`);
- **markdown** (PR comments, the job summary): the same, and characters markdown or
  HTML would act on are escaped (``\\*``, ``\\[``, ``&lt;`` ...); ``@name`` and ``#12``
  get a zero-width space after the sign so a comment cannot mention a person or link
  an issue (as Renovate does);
- **CSV**: a text cell that a spreadsheet would run as a formula (one starting with
  ``=``, ``+``, ``-``, ``@``, a tab, CR or NUL, OWASP's list) starts with ``'`` instead;
  numbers stay numbers. Its control characters are escaped as in plain text (a
  line feed in a cell too: a CSV shown in a CI log must not start a line of its own);
- **JSON**: every value exact; the control characters JSON leaves raw (C1, the
  bidirectional controls, U+2028/U+2029) are written as ``\\uXXXX`` escapes, which
  decode to the same string. JSON is the one face that keeps a name exactly: the
  face for programs.

Each step first checks with one search whether there is anything to do: a run whose
names are plain (nearly all of them) pays a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tokencost.render.grid import Column, Grid
from tokencost.render.view import Case, Conclusion, Csv

if TYPE_CHECKING:
    from tokencost.render.chart import BarChart, LineChart

_BEYOND_ASCII = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""DEL, C1, the bidirectional marks, overrides and isolates, line and paragraph separators."""
CONTROL = re.compile(f"[\x00-\x1f{_BEYOND_ASCII}]")
"""A character no shown text may carry raw."""
_CONTROL_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_ASCII}]")
"""The same, but line feeds and tabs kept: for multi-line text written as it is."""
_JSON_RAW = re.compile(f"[{_BEYOND_ASCII}]")
"""What ``json.dumps(ensure_ascii=False)`` leaves raw that a terminal or editor acts on."""
_LEADS = tuple(
    sorted(
        {
            chr(code).encode()[:-1] or chr(code).encode()
            for low, high in re.findall(r"(.)(?:-(.))?", _BEYOND_ASCII)
            for code in range(ord(low), ord(high or low) + 1)
        }
    )
)
"""The UTF-8 bytes that start each of those characters, but their last (``\\x7f`` itself,
``\\xc2`` for C1, ``\\xe2\\x80`` for most marks): a quick screen of a long text."""
_MARKDOWN = re.compile(r"[\\`*~\[\]<]|&(?=#?\w+;)|(?<!\w)_|_(?!\w)|(?<!\w)@(?=\w)|#(?=\d)")
"""What markdown would act on: emphasis, code, links, an HTML tag or entity, a
mention, an issue link (``|`` is escaped by the table itself; ``_`` inside a word,
``>`` and ``&`` outside an entity do nothing there)."""
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\x00")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def visible(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``, ``\\u202e``)."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(_escape, text)


def visible_lines(text: str) -> str:
    """:func:`visible` for multi-line text: line feeds and tabs kept as they are."""
    if _CONTROL_IN_LINES.search(text) is None:
        return text
    return _CONTROL_IN_LINES.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def markdown(text: str) -> str:
    """``text`` as markdown that shows exactly it: nothing bold, linked, mentioned or HTML."""
    text = visible(text)
    if _MARKDOWN.search(text) is None:
        return text
    return _MARKDOWN.sub(_markdown_escape, text)


def code(text: str) -> str:
    """``text`` as a markdown code span, whatever backticks it holds (CommonMark: a
    fence longer than any run of backticks inside, spaced when it starts or ends with one)."""
    text = visible(text)
    runs = [len(run) for run in re.findall("`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_ENTITIES = {"<": "&lt;", "&": "&amp;"}


def _markdown_escape(match: re.Match[str]) -> str:
    found = match.group()
    if found in _ENTITIES:
        return _ENTITIES[found]
    if found in "@#":
        return found + "&#8203;"  # a zero-width space: no mention, no issue link
    return "\\" + found


def csv_cell(value: object) -> object:
    """A CSV cell's value: text a spreadsheet would run as a formula gets a leading
    ``'`` (a number such as ``-12.5`` is left as it is), control characters escaped.
    Other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA) and _NUMBER.fullmatch(value) is None:
        value = "'" + value
    return visible(value)


def _may_hold_raw(text: str) -> bool:
    """False when ``text`` certainly holds no character of ``_JSON_RAW``: an ASCII text
    without DEL, or one whose UTF-8 form has none of their leading bytes (a byte search
    each: a tenth of the regular expression's time over a megabyte of models)."""
    if text.isascii():
        return "\x7f" in text
    data = text.encode("utf-8", "surrogatepass")
    return any(lead in data for lead in _LEADS)


def json_text(text: str) -> str:
    """JSON text with the control characters JSON leaves raw written as ``\\uXXXX``
    (only inside strings can they occur, so the document decodes to the same values)."""
    if not _may_hold_raw(text) or _JSON_RAW.search(text) is None:
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def grid(table: Grid, clean: Callable[[str], str]) -> Grid:
    """``table`` with ``clean`` applied to its title, headers, cells and footer."""
    strings = [table.title, *table.footer, *(c.header for c in table.columns)]
    strings += [cell for row in table.rows for cell in row]
    if clean(" ".join(strings)) == " ".join(strings):
        return table  # nothing to change (the common case: one pass over the text)
    return Grid(
        clean(table.title),
        tuple(_column(c, clean) for c in table.columns),
        tuple(tuple(clean(cell) for cell in row) for row in table.rows),
        tuple(clean(note) for note in table.footer),
    )


def _column(column: Column, clean: Callable[[str], str]) -> Column:
    short = clean(column.short) if column.short else None
    return replace(column, header=clean(column.header), short=short)


def csv(found: Csv) -> Csv:
    """The CSV face with every text cell made safe (:func:`csv_cell`)."""

    header = tuple(str(csv_cell(h)) for h in found.header)
    rows = tuple(tuple(csv_cell(v) for v in row) for row in found.rows)
    return Csv(header, rows)


def conclusion(found: Conclusion, *, markdown_words: bool) -> Conclusion:
    """A CI verdict with control characters escaped in its text; with
    ``markdown_words`` its heading and summary escaped as markdown too. (Its findings'
    markdown lines are composed by the renderers, which escape the names in them with
    :func:`markdown` and :func:`code`.)"""

    words = markdown if markdown_words else visible
    findings = tuple(
        f._replace(
            title=visible(f.title),
            message=visible(f.message),
            text=visible(f.text) if f.text is not None else None,
            markdown=visible(f.markdown) if f.markdown is not None else None,
            file=visible(f.file) if f.file is not None else None,
        )
        for f in found.findings
    )
    return Conclusion(words(found.heading), words(found.summary), findings)


def cases(found: Sequence[Case]) -> tuple[Case, ...]:
    """JUnit test cases with control characters escaped in their text (the XML writer
    escapes markup; a C1 or bidirectional control would still reach a terminal or a
    CI page raw)."""
    return tuple(
        Case(
            visible(c.group),
            visible(c.name),
            visible(c.failure) if c.failure is not None else None,
            visible(c.kind),
            visible_lines(c.output),
        )
        for c in found
    )


def chart(found: BarChart | LineChart) -> BarChart | LineChart:
    """A chart with control characters escaped in its title, labels and footer."""
    from tokencost.render.chart import BarChart

    footer = tuple(visible(note) for note in found.footer)
    if isinstance(found, BarChart):
        bars = tuple(replace(b, label=visible(b.label), text=visible(b.text)) for b in found.bars)
        return replace(found, title=visible(found.title), bars=bars, footer=footer)
    return replace(
        found,
        title=visible(found.title),
        x_label=visible(found.x_label),
        curves=tuple(replace(c, name=visible(c.name)) for c in found.curves),
        x_ticks=tuple((x, visible(label)) for x, label in found.x_ticks),
        guides=tuple((y, visible(label)) for y, label in found.guides),
        footer=footer,
    )


def charts(found: Sequence[BarChart | LineChart]) -> tuple[BarChart | LineChart, ...]:
    """:func:`chart` of each."""
    return tuple(chart(c) for c in found)

"""Editing a provider file's TOML text in place, so its comments and layout stay.

tomli-w writes TOML from data and so drops comments. To add (or replace) one price
entry without losing them, the entry is written with tomli-w as a
``[[models.prices]]`` block and spliced into the file's text at its place in date
order. This works when the file writes its models as ``[[models]]`` tables and their
prices as ``[[models.prices]]`` tables, as the shipped catalogue does; otherwise
:func:`splice_entry` returns None and the caller decides (rewrite or refuse). The
caller must still parse the result and compare it with the data it expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import tomli_w

from tokencost.quantities import plain

_HEADER = re.compile(r"^(\s*)\[(\[)?\s*([A-Za-z0-9_.\-\s\"']+?)\s*\](\])?\s*(#.*)?$")


@dataclass(frozen=True)
class Header:
    """A table header line: its index, name (``models.prices``) and kind."""

    line: int
    name: str
    array: bool
    indent: str


def code_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Each line with whether it starts inside a multi-line string, and its comment.

    Yields ``(index, comment_text_or_empty, starts_in_string)``.
    """
    in_multi: str | None = None
    for index, line in enumerate(text.splitlines()):
        starts_in_string = in_multi is not None
        comment = ""
        i = 0
        while i < len(line):
            if in_multi is not None:
                end = line.find(in_multi, i)
                if end < 0:
                    break
                i = end + 3
                in_multi = None
                continue
            ch = line[i]
            if ch == "#":
                comment = line[i:]
                break
            if line.startswith('"""', i) or line.startswith("'''", i):
                in_multi = line[i : i + 3]
                i += 3
                continue
            if ch in "\"'":
                i = _string_end(line, i)
                continue
            i += 1
        yield index, comment, starts_in_string


def _string_end(line: str, start: int) -> int:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i


def has_comments(text: str) -> bool:
    """True when the TOML text has any comment (outside strings)."""
    return any(comment for _, comment, _ in code_lines(text))


def headers(text: str) -> list[Header]:
    """Every table header line that is not inside a multi-line string."""
    lines = text.splitlines()
    found = []
    for index, _, in_string in code_lines(text):
        if in_string:
            continue
        match = _HEADER.match(lines[index])
        if match and bool(match.group(2)) == bool(match.group(4)):
            name = re.sub(r"\s+", "", match.group(3))
            found.append(Header(index, name, bool(match.group(2)), match.group(1)))
    return found


def splice_entry(
    text: str, model_index: int, block: str, position: int, *, replace: bool, old_count: int
) -> str | None:
    """``text`` with ``block`` (a ``[[models.prices]]`` table) at ``position`` among the
    prices of the ``model_index``-th model; with ``replace``, in place of the entry
    there. None when the file's layout does not allow a safe splice (or, with
    ``replace``, when the replaced entry carries comments, which would be lost).
    """
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    found = headers(text)
    models = [h for h in found if h.array and h.name == "models"]
    if model_index >= len(models):
        return None
    start = models[model_index].line
    following = [h for h in found if h.line > start]
    end = next((h.line for h in following if h.name == "models" and h.array), len(lines))
    inside = [h for h in following if h.line < end]
    if any(not (h.array and h.name == "models.prices") for h in inside):
        return None  # other sub-tables: leave such files to a full rewrite
    if len(inside) != old_count or not inside:
        return None  # prices written inline, or not all as tables
    in_string = {index for index, _, starts_inside in code_lines(text) if starts_inside}
    spans = _spans(lines, inside, end, in_string)
    indent = inside[0].indent
    new = "".join(indent + part if part.strip() else part for part in block.splitlines(True))
    comments = {index for index, comment, _ in code_lines(text) if comment}
    if replace:
        first, stop = spans[position]
        if any(first <= index < stop for index in comments):
            return None
        return "".join([*lines[:first], new, *lines[stop:]])
    if position < len(spans):
        at = spans[position][0]
        while at - 1 > start and (at - 1) in comments and not lines[at - 1].split("#")[0].strip():
            at -= 1  # comments right above a header belong to it
        return "".join([*lines[:at], new, "\n", *lines[at:]])
    at = spans[-1][1]
    return "".join([*lines[:at], "\n", new, *lines[at:]])


def _spans(
    lines: list[str], inside: list[Header], end: int, in_string: set[int]
) -> list[tuple[int, int]]:
    """(header line, line after its last key or string line) of each price table."""
    spans = []
    for number, header in enumerate(inside):
        limit = inside[number + 1].line if number + 1 < len(inside) else end
        stop = header.line + 1
        for index in range(header.line + 1, limit):
            code = lines[index].strip()
            if index in in_string or (code and not code.startswith("#")):
                stop = index + 1
        spans.append((header.line, stop))
    return spans


def entry_block(entry: dict[str, Any]) -> str:
    """One price entry as a ``[[models.prices]]`` table; its tiers and off-peak windows
    are arrays of inline tables, so the block is one table wherever it is spliced."""
    return "[[models.prices]]\n" + table_text(entry)


def provider_toml(data: dict[str, Any]) -> str:
    """A provider file's data as TOML in the house layout: top-level keys, then each
    model as a ``[[models]]`` table followed by its ``[[models.prices]]`` tables (the
    layout :func:`splice_entry` edits)."""
    top = {k: v for k, v in data.items() if k != "models"}
    return table_text(top) + "".join(model_block(model) for model in data.get("models", []))


def model_block(model: dict[str, Any]) -> str:
    """One model as a ``[[models]]`` table and its ``[[models.prices]]`` tables, each
    after a blank line."""
    fields = {k: v for k, v in model.items() if k != "prices"}
    parts = ["\n[[models]]\n" + table_text(fields)]
    parts.extend("\n" + entry_block(entry) for entry in model.get("prices", []))
    return "".join(parts)


MAX_LINE = 100
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPED = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
"""A character a TOML basic string escapes (a quote, a backslash, a control character
but tab): a string with none is written between quotes as it is, as tomli_w writes it
(without its machinery, a third of the time of writing a whole tracker's file)."""


def table_text(table: dict[str, Any]) -> str:
    """``key = value`` lines of a table whose values are scalars, lists or inline
    tables (never sub-tables): a list of tables is written one inline table a line."""
    lines = []
    for key, value in table.items():
        if value is None:
            continue
        name = key if _BARE_KEY.match(key) else value_text(key)
        if isinstance(value, list | tuple) and value and all(isinstance(v, dict) for v in value):
            items = "".join(f"    {value_text(v)},\n" for v in value)
            lines.append(f"{name} = [\n{items}]")
            continue
        text = value_text(value)
        if isinstance(value, str) and len(name) + 3 + len(text) > MAX_LINE:
            text = long_string(value) or text
        if isinstance(value, list | tuple) and len(name) + 3 + len(text) > MAX_LINE:
            items = "".join(f"    {value_text(v)},\n" for v in value)
            text = f"[\n{items}]"
        lines.append(f"{name} = {text}")
    return "".join(line + "\n" for line in lines)


WRAP = 88


def long_string(text: str) -> str | None:
    """A long one-line text as a multi-line basic string wrapped at spaces, each line but
    the last ending in a backslash (which TOML reads as no line break), or None when the
    text cannot be wrapped that way (a newline, a backslash or double spaces)."""
    if set(text) & set("\\\n\r\t") or "  " in text or text != text.strip():
        return None
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > WRAP:
            lines.append(line + " \\")
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return '"""' + "\n".join(lines).replace('"', '\\"') + '"""'


def value_text(value: object) -> str:
    """A TOML value on one line: exact decimal text for numbers, ISO dates, basic strings,
    arrays and inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = str(value)  # as written: 2.00 stays 2.00
        return plain(value) if "E" in text else text
    if isinstance(value, str) and "\\" in value and not set("'\n\r\t") & set(value):
        return f"'{value}'"  # a literal string: regular expressions read as written
    if type(value) is str and not _ESCAPED.search(value):
        return f'"{value}"'  # what tomli_w writes for a string with nothing to escape
    if type(value) is int or type(value) is date:
        return str(value)  # as tomli_w writes them
    if isinstance(value, int | date | str):
        return tomli_w.dumps({"v": value})[4:-1]
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(
            f"{k if _BARE_KEY.match(k) else value_text(k)} = {value_text(v)}"
            for k, v in value.items()
            if v is not None
        )
        return "{ " + pairs + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


_TOML_INTEGER = re.compile(r"[+-]?[0-9]+")


def parsed_back(value: Any) -> Any:
    """The data the text this module writes for ``value`` parses back to (tomllib,
    floats as Decimals): a number as its written text reads (an integer when it has no
    point, a Decimal of that text else), absent (None) table values left out, tuples as
    lists; strings, integers, dates and booleans as they are (written exactly)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        text = value_text(value)
        return int(text) if _TOML_INTEGER.fullmatch(text) else Decimal(text)
    if isinstance(value, dict):
        return {key: parsed_back(item) for key, item in value.items() if item is not None}
    if isinstance(value, list | tuple):
        return [parsed_back(item) for item in value]
    return value

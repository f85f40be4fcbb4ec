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
from typing import Any

import tomli_w

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
    """One price entry as a ``[[models.prices]]`` table written by tomli-w."""

    return "[[models.prices]]\n" + tomli_w.dumps(entry)


def provider_toml(data: dict[str, Any]) -> str:
    """A provider file's data as TOML in the house layout: top-level keys, then each
    model as a ``[[models]]`` table followed by its ``[[models.prices]]`` tables (the
    layout :func:`splice_entry` edits). Values are written by tomli-w."""

    top = {k: v for k, v in data.items() if k != "models"}
    parts = [tomli_w.dumps(top)]
    for model in data.get("models", []):
        fields = {k: v for k, v in model.items() if k != "prices"}
        parts.append("\n[[models]]\n" + tomli_w.dumps(fields))
        parts.extend("\n" + entry_block(entry) for entry in model.get("prices", []))
    return "".join(parts)

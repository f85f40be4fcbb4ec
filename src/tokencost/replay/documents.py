"""JSON documents (not JSON Lines): an array, an API page, a pretty-printed object.

A document is read whole. Its values are an array's elements, or the elements of an
API page's ``data`` array, or the object itself; each value's line references are the
line its element starts on, found while decoding the elements one by one (the C
decoder does each element; only the top level is walked here). A document that stops
being valid JSON is read up to there, and the rest counted as one line skipped for
invalid JSON at the line where it broke.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from tokencost.replay.formats.base import PAGE_KEYS, Context, LogFormat
from tokencost.replay.lines import scan_pure, take_value
from tokencost.replay.normalise import INVALID_JSON
from tokencost.replay.tally import Tally

_SPACE = re.compile(r"[ \t\n\r]*")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


class Broken(Exception):
    """The document stops being valid JSON at ``line``."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Walk:
    """Position and line in a document's text."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def space(self) -> str:
        """Skip white space; the next character ('' at the end)."""
        end = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end
        return self.text[end : end + 1]

    def value(self) -> Any:
        """Decode the value here."""
        try:
            found, end = _DECODER.raw_decode(self.text, self.pos)
        except (ValueError, RecursionError) as error:
            at = getattr(error, "pos", self.pos)
            raise Broken(self.line + self.text.count("\n", self.pos, at)) from None
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end
        return found

    def expect(self, *chars: str) -> str:
        found = self.space()
        if not found or found not in chars:
            raise Broken(self.line)
        self.pos += 1
        return found

    def elements(self) -> Iterator[tuple[int, Any]]:
        """(line, value) of each element of the array that starts here."""
        self.expect("[")
        if self.space() == "]":
            self.pos += 1
            return
        while True:
            self.space()
            line = self.line
            yield line, self.value()
            if self.expect(",", "]") == "]":
                return


def document_values(text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of every value of a document; Broken where it stops being JSON."""
    walk = _Walk(text.removeprefix("\ufeff"))
    first = walk.space()
    if not first:
        return
    if first == "[":
        yield from walk.elements()
    elif first == "{":
        yield from _object(walk)
    else:
        yield walk.line, walk.value()
    if walk.space():
        raise Broken(walk.line)


def _object(walk: _Walk) -> Iterator[tuple[int, Any]]:
    """A page's ``data`` elements with their lines, else the object whole."""
    line = walk.line
    walk.expect("{")
    members: dict[str, Any] = {}
    data: list[tuple[int, Any]] | None = None
    if walk.space() == "}":
        walk.pos += 1
    else:
        while True:
            walk.space()
            key = walk.value()
            walk.expect(":")
            if key == "data" and walk.space() == "[":
                data = list(walk.elements())
                members[key] = [value for _, value in data]
            else:
                walk.space()
                members[key] = walk.value()
            if walk.expect(",", "}") == "}":
                break
    page = data is not None and "usage" not in members
    if page and (members.get("object") == "page" or any(k in members for k in PAGE_KEYS)):
        assert data is not None
        yield from data
        return
    yield line, members


def scan_document(
    text: str, tally: Tally, fmt: LogFormat, context: Context, label: str | None
) -> None:
    """Tally every record of a document (``tally.lines`` stays 0: records are counted in
    ``extra``). Text that is not JSON from its first value on is read line by line, as
    JSON Lines whose lines are broken."""
    found = 0
    try:
        for line, value in document_values(text):
            take_value(value, line, tally, fmt, context, label)
            tally.extra += 1
            found += 1
    except Broken as broken:
        if not found:
            tally.lines = scan_pure(text.encode(), tally, 0, fmt, context, label)
            return
        tally.skip(INVALID_JSON, broken.line)
        tally.extra += 1


def head_values(text: str, limit: int = 50) -> list[Any]:
    """The first values of a document, for detection (those before a break)."""
    found: list[Any] = []
    try:
        for _, value in document_values(text):
            found.append(value)
            if len(found) >= limit:
                break
    except Broken:
        pass
    return found

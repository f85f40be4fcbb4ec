"""Exact JSON: Decimals written as plain JSON numbers from their decimal text.

``json.dumps`` would need floats (``1e-05``, ``0.30000000000000004``); this writer
emits ``0.00001`` and ``0.3`` exactly as the Decimal holds them. It lets the standard
encoder do the work (fast enough for a document of thousands of models): each Decimal
goes in as a string between two marks made of a random nonce, and the marks and the
quotes around them are then taken off (two plain replacements of the text), so the
number is written as the Decimal's own text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from tokencost.engine import CatalogueInfo
from tokencost.quantities import plain


def dumps(value: object, indent: int | None = 2) -> str:
    """Serialise dicts, lists, str, int, bool, None, Decimal and date to JSON text (a
    float, an infinite Decimal or another type is a TypeError or ValueError).

    ``indent=None`` writes it on one line with the standard library's C encoder (several
    times faster on a document of thousands of models); floats are then looked for first.
    """
    nonce = os.urandom(8).hex()
    start, end = f"\x00{nonce}:", f":{nonce}\x00"

    def encode(item: object) -> object:
        if type(item) is Decimal or isinstance(item, Decimal):
            if not item.is_finite():
                raise ValueError(f"cannot write {item} as JSON")
            return start + plain(item) + end
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, Mapping):
            return _no_float(dict(item))
        if isinstance(item, Sequence) and not isinstance(item, str | bytes):
            return _no_float(list(item))
        raise TypeError(f"cannot write {type(item).__name__} as JSON")

    if indent is None:
        text = json.dumps(_no_float(value), ensure_ascii=False, default=encode)
    else:
        text = _Exact(indent=indent, ensure_ascii=False, default=encode).encode(value)
    opening, closing = json.dumps(start)[:-1], json.dumps(end)[1:]  # '"\u0000...:', ':...\u0000"'
    return text.replace(opening, "").replace(closing, "")


CONTAINERS = frozenset((dict, list, tuple))
PLAIN = frozenset((str, int, bool, type(None), Decimal, date, *CONTAINERS))
"""Types that are not floats, known without asking ``issubclass``."""

V = TypeVar("V")


def _no_float(value: V) -> V:
    """``value``, or TypeError if a float is anywhere in it (dicts, lists and tuples
    walked, without a call for each item: a document of thousands of models has some
    fifty thousand values)."""
    waiting: list[Any] = [[value]]
    pop, push = waiting.pop, waiting.append
    while waiting:
        item = pop()
        for found in item.values() if type(item) is dict else item:
            kind = type(found)
            if kind in CONTAINERS:
                push(found)
            elif kind not in PLAIN and issubclass(kind, float):
                raise TypeError(f"cannot write float {found!r} as JSON; give a Decimal")
    return value


class _Exact(json.JSONEncoder):
    """The standard encoder (its pure-Python form, which ``indent`` selects), refusing
    floats: a binary float is never exact money."""

    def iterencode(self, o: object, _one_shot: bool = False) -> Iterator[str]:
        def no_float(value: float, *_: object) -> str:
            raise TypeError(f"cannot write float {value!r} as JSON; give a Decimal")

        return json.encoder._make_iterencode(  # type: ignore[attr-defined,no-any-return]
            {} if self.check_circular else None,
            self.default,
            json.encoder.encode_basestring,
            " " * self.indent if isinstance(self.indent, int) else self.indent,
            no_float,
            self.key_separator,
            self.item_separator,
            self.sort_keys,
            self.skipkeys,
            _one_shot,
        )(o, 0)


def envelope(
    schema: str, catalogue: CatalogueInfo, as_of: date | None, currency: str
) -> dict[str, object]:
    """The head every JSON document starts with: schema, currency, catalogue, as-of date
    (None for a document that prices nothing on a date)."""
    return {
        "schema": schema,
        "currency": currency,
        "catalogue": catalogue_document(catalogue),
        "as_of": as_of,
    }


def catalogue_document(catalogue: CatalogueInfo) -> dict[str, object]:
    """Which catalogue priced a result: name, version, digest (of every layer together) and
    date of the base catalogue, then ``layers``: the base and each overlay with its own
    digest, lowest first."""
    return {
        "name": catalogue.name,
        "version": catalogue.version,
        "digest": catalogue.digest,
        "updated": catalogue.updated,
        "layers": [
            {
                "kind": layer.kind,
                "origin": layer.origin,
                "name": layer.name,
                "version": layer.version,
                "digest": layer.digest,
                "updated": layer.updated,
                "path": str(layer.path),
            }
            for layer in catalogue.layers
        ],
    }

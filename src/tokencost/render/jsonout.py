"""Exact JSON: Decimals written as plain JSON numbers from their decimal text.

``json.dumps`` would need floats (``1e-05``, ``0.30000000000000004``); this writer
emits ``0.00001`` and ``0.3`` exactly as the Decimal holds them. It lets the standard
encoder do the work (fast enough for a document of thousands of models): each Decimal
goes in as a string marked with a random nonce, and the marks are then taken off, so
the number is written as the Decimal's own text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal

from tokencost.engine import CatalogueInfo
from tokencost.quantities import plain


def dumps(value: object, indent: int | None = 2) -> str:
    """Serialise dicts, lists, str, int, bool, None, Decimal and date to JSON text (a
    float, an infinite Decimal or another type is a TypeError or ValueError).

    ``indent=None`` writes it on one line with the standard library's C encoder (several
    times faster on a document of thousands of models); floats are then looked for first.
    """
    mark = "\x00" + os.urandom(8).hex() + ":"

    def encode(item: object) -> object:
        if isinstance(item, Decimal):
            if not item.is_finite():
                raise ValueError(f"cannot write {item} as JSON")
            return mark + plain(item)
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, Mapping):
            return dict(item)
        if isinstance(item, Sequence) and not isinstance(item, str | bytes):
            return list(item)
        raise TypeError(f"cannot write {type(item).__name__} as JSON")

    if indent is None:
        _no_float(value)
        text = json.dumps(value, ensure_ascii=False, default=encode)
    else:
        text = _Exact(indent=indent, ensure_ascii=False, default=encode).encode(value)
    marked = re.escape(json.dumps(mark)[1:-1])
    return re.sub(f'"{marked}([-0-9.]+)"', r"\1", text)


def _no_float(value: object) -> None:
    """TypeError if a float is anywhere in ``value`` (dicts and lists walked)."""
    kind = type(value)
    if kind is dict:
        for item in value.values():  # type: ignore[attr-defined]
            _no_float(item)
    elif kind is list or kind is tuple:
        for item in value:  # type: ignore[attr-defined]
            _no_float(item)
    elif kind is float:
        raise TypeError(f"cannot write float {value!r} as JSON; give a Decimal")


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

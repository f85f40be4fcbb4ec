"""Exact JSON: Decimals written as plain JSON numbers from their decimal text.

``json.dumps`` would need floats (``1e-05``, ``0.30000000000000004``); this writer
emits ``0.00001`` and ``0.3`` exactly as the Decimal holds them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from tokencost.engine import CatalogueInfo
from tokencost.quantities import plain


def dumps(value: object, indent: int = 2) -> str:
    """Serialise dicts, lists, str, int, bool, None, Decimal and date to JSON text."""
    parts: list[str] = []
    _write(value, parts, indent, 0)
    return "".join(parts)


def _write(value: object, out: list[str], indent: int, level: int) -> None:
    if value is None or isinstance(value, bool | int | str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} as JSON")
        out.append(plain(value))
    elif isinstance(value, date):
        out.append(f'"{value.isoformat()}"')
    elif isinstance(value, Mapping):
        pairs = [(json.dumps(str(k), ensure_ascii=False) + ": ", v) for k, v in value.items()]
        _items("{", "}", pairs, out, indent, level)
    elif isinstance(value, Sequence):
        _items("[", "]", [("", v) for v in value], out, indent, level)
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _items(
    open_: str,
    close: str,
    pairs: list[tuple[str, object]],
    out: list[str],
    indent: int,
    level: int,
) -> None:
    if not pairs:
        out.append(open_ + close)
        return
    inner = "\n" + " " * (indent * (level + 1))
    out.append(open_)
    for index, (prefix, item) in enumerate(pairs):
        out.append(("," if index else "") + inner + prefix)
        _write(item, out, indent, level + 1)
    out.append("\n" + " " * (indent * level) + close)


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

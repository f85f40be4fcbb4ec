"""A SetResult (``tokencost prices set``) as JSON and as a Grid."""

from __future__ import annotations

from tokencost.catalogue.edit import SetResult, entry_dict
from tokencost.render.grid import Column, Grid

SCHEMA = "tokencost.prices.set/1"

HOW = {
    "spliced": "added as text; the rest of the file is unchanged, comments kept",
    "rewritten": "file rewritten with tomli-w (it had no comments)",
    "rewritten-without-comments": "file rewritten with tomli-w; its comments were dropped "
    "(--drop-comments)",
}


def document(result: SetResult) -> dict[str, object]:
    """The JSON document: the entry written, the one replaced, the new digest."""
    return {
        "schema": SCHEMA,
        "currency": "USD",
        "catalogue": {"version": result.version, "digest": result.digest},
        "file": str(result.file),
        "model": result.model,
        "entry": entry_dict(result.entry),
        "replaced": entry_dict(result.replaced) if result.replaced else None,
        "method": result.method,
    }


def grid(result: SetResult) -> Grid:
    """The entry written, one field a row."""
    rows = tuple((key, str(value)) for key, value in entry_dict(result.entry).items())
    verb = "Replaced" if result.replaced else "Added"
    footer = (
        f"How: {HOW[result.method]}.",
        f"Catalogue: version {result.version} (not bumped), digest now {result.digest[:19]}.",
    )
    return Grid(
        f"{verb} a price of {result.model} in {result.file}",
        (Column("Field"), Column("Value")),
        rows,
        footer,
    )

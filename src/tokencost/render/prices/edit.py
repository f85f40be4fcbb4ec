"""A SetResult (``tokencost prices set``) as JSON and as a Grid."""

from __future__ import annotations

from tokencost.catalogue.edit import SetResult, entry_dict
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import dumps
from tokencost.render.notes import short_digest
from tokencost.render.view import View

SCHEMA = "tokencost.prices.set/1"

HOW = {
    "spliced": "added as text; the rest of the file is unchanged, comments kept",
    "rewritten": "file rewritten with tomli-w (it had no comments)",
    "rewritten-without-comments": "file rewritten with tomli-w; its comments were dropped "
    "(--drop-comments)",
}


def document(result: SetResult) -> dict[str, object]:
    """The JSON document: the entry written, the one replaced, the new digest (``as_of`` is
    null: no date's prices are involved)."""
    return {
        "schema": SCHEMA,
        "currency": "USD",
        "catalogue": {"version": result.version, "digest": result.digest},
        "as_of": None,
        "file": str(result.file),
        "model": result.model,
        "entry": entry_dict(result.entry),
        "replaced": entry_dict(result.replaced) if result.replaced else None,
        "method": result.method,
        "kept": list(result.kept),
    }


def _cell(value: object) -> str:
    """A value as written; tiers and off-peak windows as one line of JSON."""
    if isinstance(value, list):
        return dumps(value, indent=0).replace("\n", "")
    return str(value)


def grid(result: SetResult) -> Grid:
    """The entry written, one field a row."""
    rows = tuple((key, _cell(value)) for key, value in entry_dict(result.entry).items())
    verb = "Replaced" if result.replaced else "Added"
    kept = (
        [f"Kept from the replaced entry: {', '.join(result.kept)} (edit the file to change them)."]
        if result.kept
        else []
    )
    footer = (
        f"How: {HOW[result.method]}.",
        *kept,
        f"Catalogue: version {result.version} (not bumped), "
        f"digest now {short_digest(result.digest)}.",
    )
    return Grid(
        f"{verb} a price of {result.model} in {result.file}",
        (Column("Field"), Column("Value")),
        rows,
        footer,
    )


class SetView(View):
    """``prices set``'s result: the entry written."""

    name = "tokencost prices set"

    def __init__(self, result: SetResult) -> None:
        self.result = result

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

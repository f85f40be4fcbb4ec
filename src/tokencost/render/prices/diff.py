"""A PriceDiff (``tokencost prices diff``) as a JSON document and a Grid."""

from __future__ import annotations

from tokencost.engine.prices.diff import PriceChange, PriceDiff, PriceSide
from tokencost.engine.results import PriceUsed
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import price_unit, short_digest
from tokencost.render.view import View

SCHEMA = "tokencost.prices.diff/1"


def price_document(p: PriceUsed | None) -> dict[str, object] | None:
    if p is None:
        return None
    return {
        "input": p.input,
        "output": p.output,
        "source": p.source,
        "host": p.host,
        "effective": p.effective,
    }


def _side(side: PriceSide) -> dict[str, object]:
    cat = side.catalogue
    return {
        "catalogue": {
            "path": side.path,
            "name": cat.name,
            "version": cat.version,
            "digest": cat.digest,
        },
        "source": side.source.id,
        "as_of": side.as_of,
    }


def _side_label(side: PriceSide) -> str:
    cat = side.catalogue
    return (
        f"source '{side.source.id}' on {side.as_of.isoformat()}, catalogue {cat.name} "
        f"{cat.version} ({short_digest(cat.digest)})"
    )


# -- diff -------------------------------------------------------------------------------


def document(d: PriceDiff) -> dict[str, object]:
    """``prices diff`` as JSON (the envelope carries the new side's catalogue and date)."""
    doc = envelope(SCHEMA, d.new.catalogue, d.new.as_of, d.currency)
    doc["price_unit"] = price_unit(d.currency)
    doc["old"] = _side(d.old)
    doc["new"] = _side(d.new)
    doc["host"] = d.host
    doc["counts"] = {s: d.count(s) for s in ("added", "removed", "repriced", "unchanged")}
    doc["changes"] = [
        {
            "model": c.model,
            "status": c.status,
            "old": price_document(c.old),
            "new": price_document(c.new),
            "input_change_percent": c.input_change,
            "output_change_percent": c.output_change,
            **({"dimensions_changed": list(c.dimensions)} if c.dimensions else {}),
        }
        for c in d.changes
    ]
    return doc


DIFF_COLUMNS = (
    Column("Model"),
    Column("Change"),
    Column("Host"),
    Column("Old in", "right"),
    Column("Old out", "right"),
    Column("New in", "right"),
    Column("New out", "right"),
    Column("Input", "right"),
    Column("Output", "right", strong=True),
)


def grid(d: PriceDiff, show_unchanged: bool = False) -> Grid:
    """Added, removed and re-priced models (and unchanged ones when asked for)."""
    shown = [c for c in d.changes if show_unchanged or c.status != "unchanged"]
    rows = tuple(_diff_cells(c) for c in shown)
    counts = ", ".join(f"{d.count(s)} {s}" for s in ("added", "removed", "repriced", "unchanged"))
    footer = (
        f"Old: {_side_label(d.old)}.",
        f"New: {_side_label(d.new)}.",
        f"Prices: {d.currency} per 1M tokens; change in % from old to new (n/a from $0).",
        f"Models: {counts}" + ("" if show_unchanged else " (--all shows unchanged ones)") + ".",
        *(
            f"Other prices: {c.model}: {', '.join(c.dimensions)} changed (prices show "
            f"{c.model} lists them)."
            for c in shown
            if c.dimensions
        ),
    )
    return Grid("Price changes", DIFF_COLUMNS, rows, footer)


def _diff_cells(c: PriceChange) -> tuple[str, ...]:
    def money(p: PriceUsed | None, attr: str) -> str:
        if p is None:
            return "-"
        return fmt.price(getattr(p, attr))

    both = c.old is not None and c.new is not None
    hosts = dict.fromkeys(p.host for p in (c.old, c.new) if p is not None and p.host)
    return (
        c.model,
        c.status,
        " -> ".join(hosts) or "-",
        money(c.old, "input"),
        money(c.old, "output"),
        money(c.new, "input"),
        money(c.new, "output"),
        fmt.change(c.input_change) if both else "-",
        fmt.change(c.output_change) if both else "-",
    )


class PriceDiffView(View):
    """``prices diff``'s result; ``show_unchanged`` lists the unchanged models too."""

    name = "tokencost prices diff"

    def __init__(self, diff: PriceDiff, show_unchanged: bool = False) -> None:
        self.diff, self.show_unchanged = diff, show_unchanged

    def document(self) -> dict[str, object]:
        return document(self.diff)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.diff, self.show_unchanged),)

"""An UpdateResult (``tokencost prices update``) as a View: JSON and a table."""

from __future__ import annotations

from collections import Counter

from tokencost.catalogue import PriceEntry
from tokencost.catalogue.edit import entry_dict
from tokencost.catalogue.update import UpdateChange, UpdateResult
from tokencost.engine import catalogue_info
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import catalogue_line
from tokencost.render.view import View

SCHEMA = "tokencost.prices.update/1"
SHOWN_NEW_MODELS = 25
"""New models listed in the table (every one is in --json)."""


def _prices(entry: PriceEntry | None) -> dict[str, object] | None:
    if entry is None:
        return None

    return entry_dict(entry)


def document(result: UpdateResult) -> dict[str, object]:
    """The JSON document: the file, where the overlay went, every change (``as_of`` is null:
    prices are compared on each entry's own date)."""
    plan = result.plan
    return {
        **envelope(SCHEMA, catalogue_info(result.catalogue), None, "USD"),
        "from": result.fetched["format"],
        "location": result.fetched["location"],
        "sha256": result.fetched["sha256"],
        "bytes": result.size,
        "fetched": result.fetched["day"],
        "into": str(result.into),
        "written": result.written,
        "counts": {
            "models_in_file": plan.in_file,
            "skipped": result.skipped,
            "matched": plan.matched,
            "unchanged_entries": plan.unchanged,
            **{kind.replace(" ", "_") + "s": n for kind, n in _counts(result).items()},
        },
        "changes": [
            {
                "change": change.kind,
                "model": change.model,
                "provider": change.provider,
                "host": change.host,
                "effective": change.effective,
                "before": _prices(change.old),
                "after": _prices(change.new),
                "fields": list(change.fields),
            }
            for change in plan.changes
        ],
    }


def _counts(result: UpdateResult) -> dict[str, int]:
    counts = Counter(c.kind for c in result.plan.changes if c.kind != "new model")
    models = {c.model for c in result.plan.changes if c.kind == "new model"}
    return {
        "new model": len(models),
        "new price": counts["new price"],
        "changed price": counts["changed price"],
    }


COLUMNS = (
    Column("Change"),
    Column("Model"),
    Column("Provider"),
    Column("Host"),
    Column("Effective"),
    Column("Before in/out", "right"),
    Column("After in/out", "right"),
    Column("What changed"),
)


def _pair(entry: PriceEntry | None) -> str:
    return "" if entry is None else f"{fmt.price(entry.input)} / {fmt.price(entry.output)}"


def _row(change: UpdateChange) -> tuple[str, ...]:
    return (
        change.kind,
        change.model,
        change.provider,
        change.host or "",
        change.effective.isoformat(),
        _pair(change.old),
        _pair(change.new),
        ", ".join(change.fields),
    )


def grid(result: UpdateResult) -> Grid:
    """Every changed or new price, the first new models, and what was written where."""
    plan = result.plan
    priced = [c for c in plan.changes if c.kind != "new model"]
    new = [c for c in plan.changes if c.kind == "new model"]
    first_new = list({c.model: c for c in new}.values())
    rows = [_row(c) for c in priced] + [_row(c) for c in first_new[:SHOWN_NEW_MODELS]]
    counts = _counts(result)
    fetched = result.fetched
    more = len(first_new) - SHOWN_NEW_MODELS
    footer = [
        f"File: {fetched['location']} ({fetched['format']}, {result.size:,} bytes, "
        f"{fetched['sha256'][:19]}), fetched {fetched['day'].isoformat()}: {plan.in_file:,} "
        f"models converted ({result.skipped:,} skipped by the importer), {plan.matched:,} of "
        f"them known to the catalogue; {plan.unchanged:,} prices unchanged.",
        f"Changes: {counts['new model']:,} new models, {counts['new price']:,} new prices, "
        f"{counts['changed price']:,} changed prices (source '{plan.source}', via "
        f"'{plan.via}'); USD per 1M tokens, before = in effect on that date.",
        *(
            [f"New models: {more:,} more not listed here (--json lists every change)."]
            if more > 0
            else []
        ),
        f"Written: the overlay {result.into}, which every command lays over the catalogue "
        "(the next update rewrites it)."
        if result.written
        else f"Dry run: nothing written (without --dry-run: the overlay {result.into}).",
        catalogue_line(catalogue_info(result.catalogue)),
    ]
    title = f"Prices update from {fetched['location']}: {len(plan.changes):,} changes"
    return Grid(title, COLUMNS, tuple(rows), tuple(footer))


class UpdateView(View):
    """``prices update``'s result: what changed, and where it was written."""

    name = "tokencost prices update"

    def __init__(self, result: UpdateResult) -> None:
        self.result = result

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

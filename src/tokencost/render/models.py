"""A model Listing as a JSON document and a Grid."""

from __future__ import annotations

from tokencost.engine import Listing, ModelListing
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import catalogue_line, host_line, prices_line, source_document
from tokencost.render.view import View

SCHEMA = "tokencost.models/1"


def document(listing: Listing) -> dict[str, object]:
    """The JSON document (schema ``tokencost.models/1``)."""
    doc = envelope(SCHEMA, listing.catalogue, listing.as_of, listing.currency)
    doc["source"] = source_document(listing.source)
    doc["models"] = [_model_document(row) for row in listing.models]
    return doc


def _model_document(row: ModelListing) -> dict[str, object]:
    m = row.model
    price = row.price
    return {
        "id": m.id,
        "name": m.name,
        "provider": row.provider,
        "aliases": list(m.aliases),
        "architecture": m.architecture,
        "weights": m.weights,
        "licence": m.licence,
        "country": m.country,
        "parameters_total_b": m.parameters_total_b,
        "parameters_active_b": m.parameters_active_b,
        "context_window": m.context_window,
        "price": None
        if price is None
        else {
            "input": price.input,
            "output": price.output,
            "effective": price.effective,
            "source": price.source,
            "note": price.note,
            "derived": price.derived,
            "host": price.host,
        },
        "price_missing": row.reason,
    }


COLUMNS = (
    Column("Model"),
    Column("Name"),
    Column("Provider"),
    Column("Type"),
    Column("Weights"),
    Column("Input $/1M", "right"),
    Column("Output $/1M", "right"),
    Column("Since"),
)


def grid(listing: Listing) -> Grid:
    """One row per model; the footer names the source, date and catalogue."""
    rows = tuple(_cells(row) for row in listing.models)
    cat = listing.catalogue
    footer = (
        prices_line(listing.source, listing.currency, listing.as_of),
        catalogue_line(cat),
        *(
            host_line(row.model.id, row.price.host)
            for row in listing.models
            if row.price and row.price.host
        ),
        *(f"No price: {row.reason}" for row in listing.models if row.reason),
    )
    return Grid(f"Models in catalogue {cat.name} {cat.version}", COLUMNS, rows, footer)


def _cells(row: ModelListing) -> tuple[str, ...]:
    m = row.model
    kind = {"moe": "MoE", "dense": "dense", None: "-"}[m.architecture]
    if m.parameters_total_b is not None:
        active = f"/{fmt.quantity(m.parameters_active_b)}B" if m.parameters_active_b else ""
        kind += f" {fmt.quantity(m.parameters_total_b)}B{active}"
    price = row.price
    return (
        m.id,
        m.name,
        row.provider_name,
        kind,
        (m.weights or "-") + (f" ({m.licence})" if m.licence else ""),
        fmt.price(price.input) if price else "-",
        fmt.price(price.output) if price else "-",
        price.effective.isoformat() if price else "-",
    )


class ModelsView(View):
    """``models``' result: the catalogue's models with the price in effect."""

    name = "tokencost models"

    def __init__(self, listing: Listing) -> None:
        self.listing = listing

    def document(self) -> dict[str, object]:
        return document(self.listing)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.listing),)

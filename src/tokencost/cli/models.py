"""``tokencost models``: the catalogue's models and their current prices."""

from __future__ import annotations

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    FormatOpt,
    HostOpt,
    JsonOpt,
    NoColorOpt,
    SourceOpt,
    as_of_date,
)
from tokencost.cli.output import output_format, show


def models(
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    host: HostOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """List the catalogue's models with the price in effect today (or --as-of) and its source.

    Example: tokencost models --as-of 2026-04-15 --json
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine import list_models
    from tokencost.render import models as render

    output = output_format(fmt, as_json)
    listing = list_models(
        load_catalogue(catalogue), as_of=as_of_date(as_of), source=source, host=host
    )
    show(render.ModelsView(listing), output, no_color=no_color)

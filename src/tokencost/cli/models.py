"""``tokencost models``: the catalogue's models and their current prices."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    HostOpt,
    JsonOpt,
    MinContextOpt,
    ModelsOpt,
    NoColorOpt,
    ProviderOpt,
    SourceOpt,
    SupportsOpt,
    TableFormatOpt,
    as_of_date,
    selection,
)
from tokencost.cli.output import output_format, show


def models(
    search: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[WORDS]...",
            help="Only models with every word in their id, name, an alias or provider.",
            show_default=False,
        ),
    ] = None,
    names: ModelsOpt = None,
    provider: ProviderOpt = None,
    min_context: MinContextOpt = None,
    supports: SupportsOpt = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    host: HostOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: TableFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """List the catalogue's models with the price in effect today (or --as-of) and its source.

    Words search the models; --models (ids or globs), --provider, --min-context and
    --supports filter them, as in compare.

    Example: tokencost models claude --min-context 200k --supports cache
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine import list_models
    from tokencost.render import models as render

    output = output_format(fmt, as_json)
    listing = list_models(
        load_catalogue(catalogue),
        as_of=as_of_date(as_of),
        source=source,
        host=host,
        selection=selection(names, provider, min_context, supports, search=search),
    )
    show(render.ModelsView(listing), output, no_color=no_color)

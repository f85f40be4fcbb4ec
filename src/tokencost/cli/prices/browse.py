"""``tokencost prices list | show MODEL | history MODEL``."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    FormatOpt,
    JsonOpt,
    NoColorOpt,
    as_of_date,
    split_list,
)
from tokencost.cli.output import choose_format
from tokencost.cli.output import show as show_result

ModelArg = Annotated[str, typer.Argument(metavar="MODEL", help="Model id or alias.")]
SourcesOpt = Annotated[
    str | None,
    typer.Option("--sources", "-s", metavar="IDS", help="Only these sources: a,b. Default: all."),
]


def list_prices(
    as_of: AsOfOpt = None,
    sources: SourcesOpt = None,
    models: Annotated[
        str | None, typer.Option("--models", "-m", metavar="IDS", help="Only these models: a,b,c.")
    ] = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Every model's price from every source (and host) in effect today or --as-of.

    Example: tokencost prices list --as-of 2026-11-29
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices import price_table
    from tokencost.render import prices as render

    output = choose_format(fmt, as_json)
    table = price_table(
        load_catalogue(catalogue),
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
        models=split_list(models),
    )
    show_result(
        output,
        no_color=no_color,
        document=lambda: render.list_document(table),
        grid=lambda: render.list_grid(table),
    )


def show(
    model: ModelArg,
    as_of: AsOfOpt = None,
    sources: SourcesOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Every price entry of a model, from every source, with notes and provenance.

    Entries in effect today (or --as-of) are marked with *.

    Example: tokencost prices show llama-4-maverick
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices import history as model_history
    from tokencost.render import prices as render

    output = choose_format(fmt, as_json)
    found = model_history(
        load_catalogue(catalogue),
        model,
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
    )
    show_result(
        output,
        no_color=no_color,
        document=lambda: render.show_document(found),
        grid=lambda: render.show_grid(found),
    )


def history(
    model: ModelArg,
    as_of: AsOfOpt = None,
    sources: SourcesOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """A model's price timeline, oldest first, with each change in %.

    Example: tokencost prices history deepseek-v4-pro --sources article
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices import history as model_history
    from tokencost.render import prices as render

    output = choose_format(fmt, as_json)
    found = model_history(
        load_catalogue(catalogue),
        model,
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
    )
    show_result(
        output,
        no_color=no_color,
        document=lambda: render.history_document(found),
        grid=lambda: render.history_grid(found),
    )

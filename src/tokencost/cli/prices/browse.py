"""``tokencost prices list | show MODEL | history MODEL``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    FormatOpt,
    JsonOpt,
    ModelsOpt,
    NoColorOpt,
    as_of_date,
    split_list,
)
from tokencost.cli.output import output_format, show

ModelArg = Annotated[str, typer.Argument(metavar="MODEL", help="Model id or alias.")]
SourcesOpt = Annotated[
    str | None,
    typer.Option("--sources", "-s", metavar="IDS", help="Only these sources: a,b. Default: all."),
]


def list_prices(
    as_of: AsOfOpt = None,
    sources: SourcesOpt = None,
    models: ModelsOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Every model's price from every source (and host) in effect today or --as-of.

    Example: tokencost prices list --as-of 2026-11-29
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices.browse import price_table
    from tokencost.render.prices import browse as render

    output = output_format(fmt, as_json)
    table = price_table(
        load_catalogue(catalogue),
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
        models=split_list(models),
    )
    show(render.PriceListView(table), output, no_color=no_color)


def show_model(
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
    output = output_format(fmt, as_json)
    _show_entries(model, as_of, sources, catalogue, output, no_color, "show")


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
    output = output_format(fmt, as_json)
    _show_entries(model, as_of, sources, catalogue, output, no_color, "history")


def _show_entries(
    model: str,
    as_of: str | None,
    sources: str | None,
    catalogue: Path | None,
    output: str,
    no_color: bool,
    face: Literal["show", "history"],
) -> None:
    """A model's entries (``show``) or its timeline (``history``): the same data, two faces."""
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices.browse import history as model_history
    from tokencost.render.prices import browse as render

    found = model_history(
        load_catalogue(catalogue),
        model,
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
    )
    view = render.PriceShowView(found) if face == "show" else render.PriceHistoryView(found)
    show(view, output, no_color=no_color)

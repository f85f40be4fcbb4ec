"""``tokencost prices diff``: what changed between two dates, sources or catalogues."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
from tokencost.errors import InputError


def diff(
    old: Annotated[
        Path | None,
        typer.Argument(metavar="[OLD]", help="Old catalogue folder. Default: --catalogue."),
    ] = None,
    new: Annotated[
        Path | None,
        typer.Argument(metavar="[NEW]", help="New catalogue folder. Default: --catalogue."),
    ] = None,
    date_from: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="Old side's date. Default: --as-of."),
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="New side's date. Default: --as-of.")
    ] = None,
    source: SourceOpt = None,
    to_source: Annotated[
        str | None,
        typer.Option("--to-source", metavar="ID", help="New side's source. Default: --source."),
    ] = None,
    as_of: AsOfOpt = None,
    host: HostOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the models whose price did not change.")
    ] = False,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """What changed between two dates, two sources or two catalogue folders.

    Old side: OLD (or --catalogue), --source, --from. New side: NEW (or --catalogue),
    --to-source (or --source), --to. Dates default to --as-of (today). Lists added,
    removed and re-priced models with old and new prices and the change in %.

    Example: tokencost prices diff --source article --to-source list --as-of 2026-11-29
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.prices.diff import diff as price_diff
    from tokencost.render.prices import diff as render

    if (old is None) != (new is None):
        raise InputError("prices diff: give two catalogue folders (OLD NEW) or none")
    output = output_format(fmt, as_json)
    base = as_of_date(as_of)
    old_cat = load_catalogue(old if old is not None else catalogue)
    new_cat = load_catalogue(new) if new is not None else old_cat
    result = price_diff(
        old_cat,
        new_cat,
        old_source=source,
        new_source=to_source or source,
        old_date=as_of_date(date_from, "--from") if date_from else base,
        new_date=as_of_date(date_to, "--to") if date_to else base,
        host=host,
    )
    show(render.PriceDiffView(result, show_all), output, no_color=no_color)

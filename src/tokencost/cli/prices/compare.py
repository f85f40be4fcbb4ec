"""``tokencost prices diff`` and ``tokencost prices check``: prices side by side."""

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
    split_list,
)
from tokencost.cli.output import choose_format, show


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
    from tokencost.engine.price_changes import diff as price_diff
    from tokencost.errors import InputError
    from tokencost.render import price_changes as render

    if (old is None) != (new is None):
        raise InputError("prices diff: give two catalogue folders (OLD NEW) or none")
    output = choose_format(fmt, as_json)
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
    show(
        output,
        no_color=no_color,
        document=lambda: render.document(result),
        grid=lambda: render.grid(result, show_unchanged=show_all),
    )


def check(
    as_of: AsOfOpt = None,
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources", "-s", metavar="IDS", help="Compare these sources: a,b. Default: all."
        ),
    ] = None,
    tolerance: Annotated[
        str,
        typer.Option(
            "--tolerance",
            metavar="PERCENT",
            help="Largest accepted difference, in % (5 or 5%). Default: 0.",
        ),
    ] = "0",
    host: HostOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> int:
    """Where sources disagree on a model's price on the same date, largest first.

    Exits 1 when any difference exceeds --tolerance (for CI), 0 otherwise.

    Example: tokencost prices check --as-of 2026-11-29 --tolerance 10%
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.discrepancies import check as check_sources
    from tokencost.errors import EXIT_BREACH, EXIT_OK
    from tokencost.quantities import parse_percent
    from tokencost.render import discrepancies as render

    output = choose_format(fmt, as_json)
    result = check_sources(
        load_catalogue(catalogue),
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
        host=host,
        tolerance=parse_percent(tolerance, "--tolerance"),
    )
    show(
        output,
        no_color=no_color,
        document=lambda: render.document(result),
        grid=lambda: render.grid(result),
    )
    return EXIT_BREACH if result.failed else EXIT_OK

"""``tokencost prices check``: where sources disagree on a model's price."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    FormatOpt,
    HostOpt,
    JsonOpt,
    NoColorOpt,
    as_of_date,
    split_list,
)
from tokencost.cli.output import output_format, show
from tokencost.errors import EXIT_BREACH, EXIT_OK
from tokencost.quantities import parse_percent


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
    from tokencost.engine.prices.check import check as check_sources
    from tokencost.render.prices import check as render

    output = output_format(fmt, as_json)
    result = check_sources(
        load_catalogue(catalogue),
        as_of=as_of_date(as_of),
        sources=split_list(sources, "--sources"),
        host=host,
        tolerance=parse_percent(tolerance, "--tolerance"),
    )
    show(render.PriceCheckView(result), output, no_color=no_color)
    return EXIT_BREACH if result.failed else EXIT_OK

"""``tokencost gap``: how the price ratio of two models moves with the input share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    JsonOpt,
    NoColorOpt,
    SvgOpt,
    as_of_date,
)
from tokencost.cli.output import output_format, show
from tokencost.cli.workload_options import (
    StepOpt,
    parse_step,
)
from tokencost.errors import InputError
from tokencost.quantities import parse_decimal


def gap(
    model_a: Annotated[
        str, typer.Argument(metavar="MODEL_A", help="The dearer model (id or alias).")
    ],
    model_b: Annotated[
        str, typer.Argument(metavar="MODEL_B", help="The model it is compared with.")
    ],
    range_: Annotated[
        str | None,
        typer.Option(
            "--range",
            metavar="LO:HI",
            help="Show where the ratio lies between LO and HI, e.g. 70:100 (the article's "
            "'70x to 100x').",
        ),
    ] = None,
    step: StepOpt = "10%",
    sources: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Price source (repeatable, or a,b). Default: every source pricing both models.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Show the price ratio MODEL_A / MODEL_B from input-only to output-only traffic.

    The named points (input-only, 3:1, 1:1, output-only) and every --step of input
    share, on each price source that prices both models; --range gives the exact
    input shares where the ratio stays within it.

    Example: tokencost gap gpt-5.5 deepseek-v4-pro --range 70:100 --as-of 2026-06-15
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.gap import gap as explore
    from tokencost.render import gap as render

    output = output_format(fmt, as_json, chart=chart)
    wanted = tuple(s.strip() for text in sources or () for s in text.split(",") if s.strip())
    result = explore(
        load_catalogue(catalogue),
        model_a,
        model_b,
        as_of=as_of_date(as_of),
        sources=wanted,
        range_=parse_range(range_) if range_ is not None else None,
        step=parse_step(step),
    )
    show(render.GapView(result), output, no_color=no_color, chart=chart, svg=svg)


def parse_range(text: str) -> tuple[Decimal, Decimal]:
    """``70:100`` or ``70x:100x`` -> (70, 100); 0 <= LO <= HI."""

    low, colon, high = text.partition(":")
    if not colon:
        raise InputError(f"--range: {text!r} is not LO:HI; write e.g. 70:100")
    bounds = tuple(
        parse_decimal(part.strip().removesuffix("x").removesuffix("X"), "--range")
        for part in (low, high)
    )
    if bounds[0] < 0 or bounds[0] > bounds[1]:
        raise InputError(f"--range: {text} must be LO:HI with 0 <= LO <= HI, e.g. 70:100")
    return bounds[0], bounds[1]

"""``tokencost route``: the cost curve of splitting traffic between a premium and a cheap model."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    JsonOpt,
    NoColorOpt,
    SourceOpt,
    SvgOpt,
    as_of_date,
)
from tokencost.cli.output import output_format, show
from tokencost.cli.workload_options import (
    DaysPerMonthOpt,
    InputShareOpt,
    ProfileArg,
    RatioOpt,
    StepOpt,
    TokensPerDayOpt,
    load_profile,
    parse_step,
)
from tokencost.quantities import parse_ratio


def route(
    premium: Annotated[
        str, typer.Argument(metavar="PREMIUM", help="The premium model (id or alias).")
    ],
    cheap: Annotated[str, typer.Argument(metavar="CHEAP", help="The cheap model (id or alias).")],
    profile: ProfileArg = None,
    tokens_per_day: TokensPerDayOpt = None,
    ratio: RatioOpt = None,
    input_share: InputShareOpt = None,
    days_per_month: DaysPerMonthOpt = None,
    step: StepOpt = "10%",
    premium_ratio: Annotated[
        str | None,
        typer.Option("--premium-ratio", metavar="IN:OUT", help="The premium side's own split."),
    ] = None,
    cheap_ratio: Annotated[
        str | None,
        typer.Option("--cheap-ratio", metavar="IN:OUT", help="The cheap side's own split."),
    ] = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Sweep the share of the traffic sent to PREMIUM (the rest to CHEAP) from 0 to 100%.

    Each row is the monthly cost with that share on PREMIUM, and the saving against
    sending everything to it. Each side keeps the workload's split unless given its own.

    Example: tokencost route claude-opus-4.8 deepseek-v4-pro --step 25% --as-of 2026-06-15
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.route import route as sweep
    from tokencost.render import route as render

    output = output_format(fmt, as_json, chart=chart)
    workload = load_profile(
        profile,
        tokens_per_day=tokens_per_day,
        ratio=ratio,
        input_share=input_share,
        days_per_month=days_per_month,
    )
    result = sweep(
        load_catalogue(catalogue),
        workload,
        premium=premium,
        cheap=cheap,
        as_of=as_of_date(as_of),
        source=source,
        step=parse_step(step),
        premium_ratio=parse_ratio(premium_ratio, "--premium-ratio") if premium_ratio else None,
        cheap_ratio=parse_ratio(cheap_ratio, "--cheap-ratio") if cheap_ratio else None,
    )
    show(render.RouteView(result), output, no_color=no_color, chart=chart, svg=svg)

"""``tokencost selfhost``: rented GPUs running an open-weights model, against the APIs."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    JsonOpt,
    ModelsOpt,
    NoColorOpt,
    SourceOpt,
    SvgOpt,
    as_of_date,
    split_list,
)
from tokencost.cli.output import output_format, show
from tokencost.cli.workload_options import (
    DaysPerMonthOpt,
    InputShareOpt,
    ProfileArg,
    RatioOpt,
    TokensPerDayOpt,
    load_profile,
)


def selfhost(
    profile: ProfileArg = None,
    gpu_hourly: Annotated[
        str | None,
        typer.Option("--gpu-hourly", metavar="USD", help="Rent of one GPU for an hour, e.g. 3.50."),
    ] = None,
    gpus: Annotated[
        str | None, typer.Option("--gpus", metavar="N", help="GPUs rented around the clock.")
    ] = None,
    tokens_per_second: Annotated[
        str | None,
        typer.Option(
            "--tokens-per-second",
            metavar="N",
            help="Sustained throughput of the whole deployment, input + output tokens.",
        ),
    ] = None,
    utilization: Annotated[
        str | None,
        typer.Option(
            "--utilization", metavar="SHARE", help="Share of the day it does useful work: 60%."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", metavar="ID", help="The open-weights model you would run."),
    ] = None,
    tokens_per_day: TokensPerDayOpt = None,
    ratio: RatioOpt = None,
    input_share: InputShareOpt = None,
    days_per_month: DaysPerMonthOpt = None,
    models: ModelsOpt = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Cost per 1M tokens of self-hosting on rented GPUs, and its break-even with each API.

    Every figure is yours (flags or a [selfhost] table): tokencost has no GPU prices.
    GPUs are rented 24 h a day; capacity = tokens/s x utilization x 86,400 a day;
    break-even = the daily volume at which an API costs the fixed daily cost.

    Example: tokencost selfhost --gpu-hourly 3.5 --gpus 8 --tokens-per-second 2500 --utilization 60%
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.selfhost import selfhost as cost_selfhost
    from tokencost.render import selfhost as render
    from tokencost.scenarios import selfhost_from_options

    output = output_format(fmt, as_json, chart=chart)
    workload = load_profile(
        profile,
        tokens_per_day=tokens_per_day,
        ratio=ratio,
        input_share=input_share,
        days_per_month=days_per_month,
    )
    setup = selfhost_from_options(
        workload.selfhost,
        gpu_hourly=gpu_hourly,
        gpus=gpus,
        tokens_per_second=tokens_per_second,
        utilization=utilization,
        model=model,
    )
    result = cost_selfhost(
        load_catalogue(catalogue),
        workload,
        setup,
        as_of=as_of_date(as_of),
        models=split_list(models),
        source=source,
    )
    show(render.SelfhostView(result), output, no_color=no_color, chart=chart, svg=svg)

"""``tokencost project``: month-by-month and cumulative spend as the volume grows."""

from __future__ import annotations

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    GrowthOpt,
    JsonOpt,
    MixOpt,
    ModelsOpt,
    MonthsOpt,
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


def project(
    profile: ProfileArg = None,
    tokens_per_day: TokensPerDayOpt = None,
    ratio: RatioOpt = None,
    input_share: InputShareOpt = None,
    days_per_month: DaysPerMonthOpt = None,
    months: MonthsOpt = None,
    growth: GrowthOpt = None,
    models: ModelsOpt = None,
    mix: MixOpt = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
) -> None:
    """Project the monthly and cumulative spend of each model and mix over --months.

    Tokens a day grow by --growth a month (compound), or follow the profile's
    [projection] list. Month 1 starts on --as-of (default today); each month is priced
    at the prices in effect on its first day, so dated price changes apply. Without
    --months, --growth or a [projection] table: 12 months, flat.

    Example: tokencost project --months 12 --growth 8% --models gpt-5.5,deepseek-v4-pro
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine import compare
    from tokencost.render import project as render
    from tokencost.scenarios import Growth, growth_from_options, parse_mix

    output = output_format(fmt, as_json, chart=chart)
    workload = load_profile(
        profile,
        tokens_per_day=tokens_per_day,
        ratio=ratio,
        input_share=input_share,
        days_per_month=days_per_month,
    )
    plan = growth_from_options(workload.projection, months, growth) or Growth.of(12, None, None)
    result = compare(
        load_catalogue(catalogue),
        workload,
        as_of=as_of_date(as_of),
        models=split_list(models),
        source=source,
        mixes=[parse_mix(text) for text in mix or ()],
        growth=plan,
    )
    show(render.ProjectView(result), output, no_color=no_color, chart=chart, svg=svg)

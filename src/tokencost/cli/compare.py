"""``tokencost compare``: a workload's cost on each model."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    GrowthOpt,
    HostOpt,
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
from tokencost.cli.traffic import (
    BatchOpt,
    BreakdownOpt,
    CacheReadsOpt,
    CacheWriteLongOpt,
    CacheWritesOpt,
    OffPeakHoursOpt,
    OffPeakOpt,
    PromptOpt,
    ReasoningOpt,
    RequestsOpt,
    with_traffic,
)
from tokencost.cli.workload_options import (
    DaysPerMonthOpt,
    InputShareOpt,
    ProfileArg,
    RatioOpt,
    TokensPerDayOpt,
    load_profile,
)

if TYPE_CHECKING:
    from tokencost.workload import Workload


def compare(
    profile: ProfileArg = None,
    tokens_per_day: TokensPerDayOpt = None,
    ratio: RatioOpt = None,
    input_share: InputShareOpt = None,
    days_per_month: DaysPerMonthOpt = None,
    models: ModelsOpt = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline", "-b", metavar="ID", help="Ratio baseline. Default: cheapest non-zero."
        ),
    ] = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    host: HostOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    mix: MixOpt = None,
    months: MonthsOpt = None,
    growth: GrowthOpt = None,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
    cache_reads: CacheReadsOpt = None,
    cache_writes: CacheWritesOpt = None,
    cache_write_long: CacheWriteLongOpt = False,
    reasoning: ReasoningOpt = None,
    batch: BatchOpt = None,
    off_peak: OffPeakOpt = None,
    off_peak_hours: OffPeakHoursOpt = None,
    requests_per_day: RequestsOpt = None,
    prompt_tokens: PromptOpt = None,
    breakdown: BreakdownOpt = False,
) -> None:
    """Compare a workload's daily, monthly and yearly cost on each model.

    Flags override the profile's values; with neither, the default workload is used.
    --mix adds a traffic mix to the profile's [[mix]] tables; --months/--growth add a
    month-by-month projection (over the profile's [projection]).
    Shares (cache hits, batch ...) are 0 to 1 or percentages: 0.6 or 60%.

    Example: tokencost compare --tokens-per-day 50M --ratio 4:1 --models gpt-5.5,deepseek-v4-pro
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.engine import compare as compare_costs
    from tokencost.render import compare as render

    output = output_format(fmt, as_json, chart=chart)
    workload = load_profile(
        profile,
        tokens_per_day=tokens_per_day,
        ratio=ratio,
        input_share=input_share,
        days_per_month=days_per_month,
    )
    workload = with_traffic(
        workload,
        cache_reads=cache_reads,
        cache_writes=cache_writes,
        cache_write_long=cache_write_long,
        reasoning=reasoning,
        batch=batch,
        off_peak=off_peak,
        off_peak_hours=off_peak_hours,
        requests_per_day=requests_per_day,
        prompt_tokens=prompt_tokens,
    )
    result = compare_costs(
        load_catalogue(catalogue),
        workload,
        as_of=as_of_date(as_of),
        models=split_list(models),
        baseline=baseline,
        source=source,
        host=host,
        **_decisions(workload, mix, months, growth),
        breakdown=breakdown,
    )
    show(render.CompareView(result, breakdown), output, no_color=no_color, chart=chart, svg=svg)


def _decisions(
    workload: "Workload", mix: list[str] | None, months: int | None, growth: str | None
) -> dict[str, Any]:
    """``mixes`` and ``growth`` for the engine, parsed only when given."""
    if not mix and months is None and growth is None:
        return {}
    from tokencost.scenarios import growth_from_options, parse_mix

    return {
        "mixes": [parse_mix(text) for text in mix or ()],
        "growth": growth_from_options(workload.projection, months, growth),
    }

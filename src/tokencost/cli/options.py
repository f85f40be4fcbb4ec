"""Options shared by several commands, declared once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tokencost.cli.output import Format, ReportFormat, TableFormat
from tokencost.errors import InputError
from tokencost.quantities import parse_date, today

if TYPE_CHECKING:
    from tokencost.engine.select import Selection

CatalogueOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalogue",
        metavar="PATH",
        envvar="TOKENCOST_CATALOGUE",
        help="A catalogue folder (manifest.toml), used instead of the shipped one, or an "
        "overlay (overlay.toml) laid over it; repeat for more layers, lowest first. "
        "Default: the shipped catalogue with your overlays (docs/overlays.md).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Price date, YYYY-MM-DD. Default: today ($TOKENCOST_TODAY when set).",
        show_default=False,
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source", metavar="ID", help="Price source id. Default: the catalogue's default source."
    ),
]
HostOpt = Annotated[
    str | None,
    typer.Option(
        "--host",
        metavar="HOST",
        help="Host whose price to use for models a source prices through hosts "
        "(e.g. groq). Default: each model's default host.",
        show_default=False,
    ),
]
ModelsOpt = Annotated[
    str | None,
    typer.Option(
        "--models",
        "-m",
        metavar="IDS",
        help="Only these models: a,b,c (ids or aliases) or globs: 'claude-*,gpt-5*'.",
    ),
]
ProviderOpt = Annotated[
    str | None,
    typer.Option(
        "--provider", metavar="IDS", help="Only these providers' models: openai,anthropic."
    ),
]
MinContextOpt = Annotated[
    str | None,
    typer.Option(
        "--min-context",
        metavar="TOKENS",
        help="Only models with a context window of at least 200k.",
    ),
]
SupportsOpt = Annotated[
    str | None,
    typer.Option(
        "--supports",
        metavar="DIMS",
        help="Only models whose price has these: cache, cache-write, batch, tiers, off-peak, "
        "reasoning, requests.",
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format.", show_default="table"),
]
TableFormatOpt = Annotated[
    TableFormat | None,
    typer.Option("--format", "-f", help="Output format.", show_default="table"),
]
ReportFormatOpt = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table for people, json for scripts, markdown for a PR comment, github for "
        "workflow annotations (+ the job summary), junit for test results (GitLab, "
        "Jenkins, Azure).",
        show_default="table",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour (also when NO_COLOR is set or piped).")
]


def as_of_date(text: str | None, flag: str = "--as-of") -> date:
    """The --as-of date (or that of ``flag``), or today when not given: the day in
    ``$TOKENCOST_TODAY`` when set, else the local date."""
    return parse_date(text, flag) if text else today()


def pinned_date(text: str | None, flag: str = "--as-of") -> date | None:
    """The --as-of date when given (it wins over a budget file's ``as_of``), else None."""
    return parse_date(text, flag) if text else None


def split_list(text: str | None, flag: str = "--models") -> list[str] | None:
    """``"a, b,c"`` -> ``["a", "b", "c"]``; None when not given."""
    if text is None:
        return None
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        example = "--models gpt-5.5,deepseek-v4-pro" if flag == "--models" else f"{flag} a,b"
        what = "model id" if flag == "--models" else "value"
        raise InputError(f"{flag}: give at least one {what}, e.g. {example}")
    return items


def selection(
    models: str | None,
    providers: str | None,
    min_context: str | None,
    supports: str | None,
    cheapest: int | None = None,
    search: list[str] | None = None,
) -> Selection:
    """The models a command is asked about (``tokencost.engine.select``)."""
    from tokencost.engine.select import Selection, check_supports
    from tokencost.errors import InputError
    from tokencost.quantities import parse_quantity

    least = None
    if min_context is not None:
        value = parse_quantity(min_context, "--min-context")
        if value != value.to_integral_value() or value < 1:
            raise InputError(
                f"--min-context: give a whole number of tokens, e.g. 200k (got {min_context})"
            )
        least = int(value)
    if cheapest is not None and cheapest < 1:
        raise InputError(f"--cheapest: give a number of models, 1 or more (got {cheapest})")
    return Selection(
        names=tuple(split_list(models) or ()),
        providers=tuple(split_list(providers, "--provider") or ()),
        min_context=least,
        supports=check_supports(split_list(supports, "--supports") or ()),
        cheapest=cheapest,
        search=tuple(search or ()),
    )


# Decision options: traffic mixes, projections and charts.
MixOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--mix",
        metavar="[NAME=]MODEL:SHARE[@IN:OUT],...",
        help="Route shares of the traffic to models, e.g. claude-opus-4.8:10%,deepseek-v4-pro:90% "
        "(shares add up to 100%; a part may end in its own @IN:OUT ratio). Repeatable.",
        show_default=False,
    ),
]
MonthsOpt = Annotated[
    int | None,
    typer.Option(
        "--months", metavar="N", help="Project the spend over N months.", show_default=False
    ),
]
GrowthOpt = Annotated[
    str | None,
    typer.Option(
        "--growth",
        metavar="RATE",
        help="Monthly compound growth of tokens/day: 8%, -5% or 0.08 (12 months without --months).",
    ),
]
ChartOpt = Annotated[
    bool, typer.Option("--chart", help="Draw the chart after the table (table or markdown).")
]
SvgOpt = Annotated[
    Path | None,
    typer.Option(
        "--svg", metavar="FILE", help="Also write the chart to FILE as SVG.", show_default=False
    ),
]
HtmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--html",
        metavar="FILE",
        help="Also write a report to FILE: one HTML page with the tables, the charts and "
        "the assumptions, nothing fetched.",
        show_default=False,
    ),
]

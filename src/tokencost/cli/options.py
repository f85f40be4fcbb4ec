"""Options shared by several commands, declared once."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tokencost.cli.output import Format, ReportFormat
from tokencost.errors import InputError
from tokencost.quantities import parse_date, today

CatalogueOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalogue",
        metavar="PATH",
        envvar="TOKENCOST_CATALOGUE",
        help="Catalogue folder (or its manifest.toml). Default: the one shipped with tokencost.",
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
        "--models", "-m", metavar="IDS", help="Only these models: a,b,c (ids or aliases)."
    ),
]
FormatOpt = Annotated[
    Format | None,
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

"""Options of the commands that price a workload: compare, route, project, selfhost.

A profile and the flags that override its values (tokens a day, the split, days a
month), declared once, and :func:`load_profile`, which applies them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tokencost.errors import InputError
from tokencost.quantities import parse_share

if TYPE_CHECKING:
    from tokencost.workload import Workload

ProfileArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[PROFILE]",
        help="Workload profile (TOML). Default: 10M tokens/day at 3:1, 30 days.",
    ),
]

TokensPerDayOpt = Annotated[
    str | None,
    typer.Option(
        "--tokens-per-day", "-t", metavar="N", help="Tokens a day: 10M, 1.5B, 250k, 10_000_000."
    ),
]

RatioOpt = Annotated[
    str | None,
    typer.Option("--ratio", "-r", metavar="IN:OUT", help="Input:output ratio, e.g. 3:1."),
]

InputShareOpt = Annotated[
    str | None,
    typer.Option("--input-share", metavar="SHARE", help="Share of tokens that are input: 0.75."),
]

DaysPerMonthOpt = Annotated[
    str | None,
    typer.Option("--days-per-month", metavar="DAYS", help="Days in a month. Default: 30."),
]

StepOpt = Annotated[
    str, typer.Option("--step", metavar="SHARE", help="Step of the sweep: 10% or 0.1.")
]


def load_profile(
    profile: Path | None,
    *,
    tokens_per_day: str | None,
    ratio: str | None,
    input_share: str | None,
    days_per_month: str | None,
) -> Workload:
    """The profile (or the default workload) with the command line's values over it."""
    from tokencost.workload import DEFAULT_WORKLOAD, load_workload

    workload = load_workload(profile) if profile else DEFAULT_WORKLOAD
    return workload.with_overrides(
        tokens_per_day=tokens_per_day,
        ratio=ratio,
        input_share=input_share,
        days_per_month=days_per_month,
    )


def parse_step(text: str) -> Decimal:
    """``--step 10%`` -> 0.1; more than 0, at most 100%."""

    step = parse_share(text, "--step")
    if step == 0:
        raise InputError("--step: must be more than 0 (e.g. 10% or 0.1)")
    return step

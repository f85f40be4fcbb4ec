"""``tokencost check``: judge every budget of a budget file; exit 1 when one is over."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    JsonOpt,
    NoColorOpt,
    ReportFormatOpt,
    SourceOpt,
    as_of_date,
    pinned_date,
)
from tokencost.cli.output import output_format, show
from tokencost.errors import EXIT_BREACH, EXIT_OK


def check(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="[FILE]",
            help="Budget file (TOML), or a pyproject.toml with [tool.tokencost]. Default: "
            "tokencost.toml in the current folder or one above it up to the repository's "
            "root, else a pyproject.toml there with [tool.tokencost].",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit 1) on warnings too, not only when over.")
    ] = False,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: ReportFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> int:
    """Check each budget's projected monthly spend against its limits: ok, warn or over.

    Exit codes: 0 none over, 1 a budget is over (or warns, with --strict), 2 invalid input.

    Example: tokencost check examples/ci/tokencost.toml --format github
    """
    from tokencost.budgets import load_budgets
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.check import check_budgets
    from tokencost.render import check as render

    output = output_format(fmt, as_json)
    budgets = load_budgets(file).overridden(as_of=pinned_date(as_of), source=source)
    report = check_budgets(
        load_catalogue(catalogue), budgets, as_of=as_of_date(as_of), source=source, strict=strict
    )
    show(render.CheckView(report), output, no_color=no_color)
    return EXIT_OK if report.ok else EXIT_BREACH

"""``tokencost diff``: the monthly spend of two profiles or budget files, side by side."""

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
    split_list,
)
from tokencost.cli.output import output_format, show
from tokencost.errors import EXIT_BREACH, EXIT_OK, InputError


def diff(
    base: Annotated[
        Path,
        typer.Argument(
            metavar="BASE", help="The base version: a workload profile or a budget file."
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(metavar="NEW", help="The new version, of the same kind as BASE."),
    ],
    fail_above: Annotated[
        str | None,
        typer.Option(
            "--fail-above",
            metavar="LIMIT",
            help="Exit 1 when the total monthly spend rises by more than this: 10% or 500 (USD).",
        ),
    ] = None,
    models: Annotated[
        str | None,
        typer.Option(
            "--models",
            "-m",
            metavar="IDS",
            help="Profiles only: these models (a,b,c). Default: every model of both catalogues.",
        ),
    ] = None,
    base_catalogue: Annotated[
        Path | None,
        typer.Option(
            "--base-catalogue",
            metavar="PATH",
            help="Catalogue for the BASE side. Default: the same as --catalogue.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: ReportFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> int:
    """Compare the monthly spend of two versions (e.g. main's and a pull request's).

    Two workload profiles: per model. Two budget files: per budget and model. Rows on
    one side only are shown as added or removed. The total adds up every row.
    Exit codes: 0 ok, 1 the total rose above --fail-above, 2 invalid input.

    Example: tokencost diff base/tokencost.toml tokencost.toml --fail-above 10%
    """
    from tokencost.budgets import is_budget_file, load_budgets
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.diff import Threshold, diff_budgets, diff_workloads
    from tokencost.render import diff as render
    from tokencost.workload import load_workload

    output = output_format(fmt, as_json)
    threshold = Threshold.parse(fail_above) if fail_above is not None else None
    date = as_of_date(as_of)
    new_cat = load_catalogue(catalogue)
    base_cat = load_catalogue(base_catalogue) if base_catalogue is not None else new_cat
    kinds = (is_budget_file(base), is_budget_file(new))
    if kinds[0] != kinds[1]:
        which = ("BASE", "NEW") if kinds[0] else ("NEW", "BASE")
        raise InputError(
            f"{which[0]} is a budget file and {which[1]} a workload profile; "
            "give two of the same kind"
        )
    if kinds[0]:
        if models is not None:
            raise InputError("--models applies to workload profiles; budget files name theirs")
        pinned = pinned_date(as_of)  # flags win over the files' pins
        result = diff_budgets(
            (base_cat, load_budgets(base).overridden(as_of=pinned, source=source)),
            (new_cat, load_budgets(new).overridden(as_of=pinned, source=source)),
            as_of=date,
            source=source,
            threshold=threshold,
        )
    else:
        result = diff_workloads(
            (base_cat, load_workload(base), str(base)),
            (new_cat, load_workload(new), str(new)),
            as_of=date,
            source=source,
            models=split_list(models),
            threshold=threshold,
        )
    show(render.DiffView(result), output, no_color=no_color)
    return EXIT_BREACH if result.breached else EXIT_OK

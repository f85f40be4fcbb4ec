"""``tokencost prices validate [PATH]`` and ``tokencost prices schema``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tokencost.cli.options import CatalogueOpt, FormatOpt, JsonOpt, NoColorOpt
from tokencost.cli.output import output_format, show
from tokencost.errors import EXIT_INVALID, EXIT_OK


def validate(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="[PATH]", help="Catalogue folder. Default: --catalogue."),
    ] = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> int:
    """Validate a catalogue folder fully and list every problem with its file and key.

    Exits 0 when valid, 2 when not (the problems go to stdout, one line each, and a
    summary line to stderr).

    Example: tokencost prices validate prices/
    """
    from tokencost.catalogue.validate import validate_folder
    from tokencost.render.prices import validate as render

    output = output_format(fmt, as_json)
    report = validate_folder(path if path is not None else catalogue)
    show(render.ValidateView(report), output, no_color=no_color)
    if report.valid:
        return EXIT_OK
    typer.echo(
        f"error: invalid catalogue {report.folder}: {len(report.problems)} problem(s)", err=True
    )
    return EXIT_INVALID


def schema() -> None:
    """Print the JSON Schema of the catalogue files (manifest.toml and provider files).

    A copy is kept in the catalogue folder as schema.json; editors that read JSON
    Schema can check TOML files against it.

    Example: tokencost prices schema > prices/schema.json
    """
    from tokencost.render.prices.validate import SchemaView

    show(SchemaView(), "json", no_color=True)

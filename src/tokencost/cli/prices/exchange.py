"""``tokencost prices import`` and ``tokencost prices export``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tokencost.cli.options import AsOfOpt, CatalogueOpt, FormatOpt, JsonOpt, NoColorOpt, split_list
from tokencost.cli.output import output_format, show
from tokencost.quantities import parse_date


class ImportFormat(StrEnum):
    """Price files tokencost can import."""

    litellm = "litellm"
    genai_prices = "genai-prices"


class ExportFormat(StrEnum):
    """Flat price-table formats."""

    csv = "csv"
    json = "json"
    sql = "sql"


def import_prices(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The other project's price file.")],
    kind: Annotated[ImportFormat, typer.Option("--from", help="The file's format.")],
    into: Annotated[
        Path,
        typer.Option("--into", metavar="DIR", help="New catalogue folder (must not exist)."),
    ],
    effective: Annotated[
        str,
        typer.Option(
            "--effective",
            metavar="DATE",
            help="Date given to prices the file does not date (LiteLLM dates none).",
        ),
    ],
    checked: Annotated[
        str | None,
        typer.Option(
            "--checked",
            metavar="DATE",
            help="Day the file's prices were read. Default: --effective.",
        ),
    ] = None,
    provider: Annotated[
        str | None, typer.Option("--provider", metavar="P", help="Only this provider's models.")
    ] = None,
    models: Annotated[
        str | None,
        typer.Option("--models", metavar="GLOBS", help="Only models matching: 'gpt-5*,o3*'."),
    ] = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Convert a LiteLLM or genai-prices price file into a new catalogue folder.

    Prices convert exactly (LiteLLM's 2.5e-06 per token is 2.5 per 1M tokens). The
    report lists how each field was mapped and every field tokencost does not model.

    Example: tokencost prices import --from litellm p.json --effective 2025-09-05 --into new/
    """
    from tokencost.catalogue.importers import import_prices as run_import
    from tokencost.render.prices import exchange as render

    output = output_format(fmt, as_json)
    report = run_import(
        kind.value,
        file,
        into,
        effective=parse_date(effective, "--effective"),
        checked=parse_date(checked, "--checked") if checked else None,
        provider=provider,
        models=split_list(models),
    )
    show(render.ImportView(report), output, no_color=no_color)


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    as_of: AsOfOpt = None,
    table: Annotated[
        str, typer.Option("--table", metavar="NAME", help="SQL table name.")
    ] = "tokencost_prices",
    catalogue: CatalogueOpt = None,
) -> None:
    """The catalogue as a flat price table: one row per model, source, host and date.

    Every entry by default; with --as-of only those in effect that day. sql gives a
    CREATE TABLE and INSERTs that DuckDB, PostgreSQL and Spark SQL accept.

    Example: tokencost prices export --format csv > prices.csv
    """
    from tokencost.catalogue import load_catalogue
    from tokencost.cli.options import as_of_date
    from tokencost.engine.prices.browse import price_table
    from tokencost.render.prices import exchange as render

    name = render.table_name(table)
    prices = price_table(load_catalogue(catalogue), as_of=as_of_date(as_of) if as_of else None)
    show(render.ExportView(prices, name), fmt.value, no_color=True)

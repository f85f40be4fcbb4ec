"""``tokencost prices set MODEL ...``: add a dated price entry to the catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import CatalogueOpt, FormatOpt, JsonOpt, NoColorOpt
from tokencost.cli.output import choose_format, show


def set_price(
    model: Annotated[str, typer.Argument(metavar="MODEL", help="Model id or alias.")],
    input_price: Annotated[
        str, typer.Option("--input", metavar="USD", help="Input price, USD per 1M tokens.")
    ],
    output_price: Annotated[
        str, typer.Option("--output", metavar="USD", help="Output price, USD per 1M tokens.")
    ],
    effective: Annotated[
        str, typer.Option("--effective", metavar="DATE", help="First day the price applies.")
    ],
    source: Annotated[str, typer.Option("--source", metavar="ID", help="Declared source id.")],
    host: Annotated[
        str | None, typer.Option("--host", metavar="HOST", help="Host selling this price.")
    ] = None,
    via: Annotated[
        str | None,
        typer.Option("--via", metavar="ID", help="Declared source whose record states it."),
    ] = None,
    checked: Annotated[
        str | None,
        typer.Option("--checked", metavar="DATE", help="Day that record checked the price."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note.")] = None,
    derived: Annotated[
        str | None,
        typer.Option("--derived", metavar="TEXT", help="How it was derived, if not stated."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an entry with the same source/host/date.")
    ] = False,
    drop_comments: Annotated[
        bool,
        typer.Option(
            "--drop-comments",
            help="Allow a full rewrite that loses the file's comments when it cannot be "
            "edited as text.",
        ),
    ] = False,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Add a dated price entry to a model's provider file, atomically.

    The entry is added as text at its place in date order, so the file keeps its
    comments; the result must validate before it replaces the file.

    Example: tokencost prices set gpt-5.5 --input 5 --output 30 --effective 2026-12-01 --source list
    """
    from tokencost.catalogue.edit import new_entry
    from tokencost.catalogue.edit import set_price as add_entry
    from tokencost.quantities import parse_date, parse_decimal
    from tokencost.render import edit as render

    output = choose_format(fmt, as_json)
    entry = new_entry(
        effective=parse_date(effective, "--effective"),
        source=source,
        input_price=parse_decimal(input_price, "--input"),
        output_price=parse_decimal(output_price, "--output"),
        host=host,
        checked=parse_date(checked, "--checked") if checked else None,
        via=via,
        note=note,
        derived=derived,
    )
    result = add_entry(catalogue, model, entry, replace=replace, drop_comments=drop_comments)
    show(
        output,
        no_color=no_color,
        document=lambda: render.document(result),
        grid=lambda: render.grid(result),
    )
    typer.echo(
        f"note: the catalogue's data changed (now {result.digest[:19]}): bump `version` "
        f"(now {result.version}) and `updated` in manifest.toml and add an entry to "
        "CHANGELOG.md (README: Versions)",
        err=True,
    )

"""``tokencost prices set MODEL ...``: add a dated price entry to the catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost.cli.options import CatalogueOpt, FormatOpt, JsonOpt, NoColorOpt
from tokencost.cli.output import output_format, show
from tokencost.quantities import parse_date, parse_decimal

PANEL = "Pricing dimensions"
PRICING_FLAGS = {
    "cache_read": "Price of cache reads, USD per 1M tokens.",
    "cache_write": "Price of cache writes, USD per 1M tokens.",
    "reasoning": "Price of reasoning tokens, USD per 1M (default: the output price).",
    "batch_input": "Batch API input price, USD per 1M tokens (with --batch-output).",
    "batch_output": "Batch API output price, USD per 1M tokens (with --batch-input).",
    "batch_discount": "Batch discount on every token price, 0 to 1 (0.5: half price).",
    "per_1k_requests": "Fee per 1,000 requests, USD.",
}
"""Scalar pricing dimensions ``set`` takes as flags (tiers and off-peak windows: edit the
file; a replacing entry keeps those of the entry it replaces)."""


def _price_option(name: str) -> typer.models.OptionInfo:
    flag = "--" + name.replace("_", "-")
    metavar = "SHARE" if name == "batch_discount" else "USD"
    info: typer.models.OptionInfo = typer.Option(
        flag, metavar=metavar, help=PRICING_FLAGS[name], rich_help_panel=PANEL
    )
    return info


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
    cache_read: Annotated[str | None, _price_option("cache_read")] = None,
    cache_write: Annotated[str | None, _price_option("cache_write")] = None,
    reasoning: Annotated[str | None, _price_option("reasoning")] = None,
    batch_input: Annotated[str | None, _price_option("batch_input")] = None,
    batch_output: Annotated[str | None, _price_option("batch_output")] = None,
    batch_discount: Annotated[str | None, _price_option("batch_discount")] = None,
    per_1k_requests: Annotated[str | None, _price_option("per_1k_requests")] = None,
) -> None:
    """Add a dated price entry to a model's provider file, atomically.

    The entry is added as text at its place in date order, so the file keeps its
    comments; the result must validate before it replaces the file. With --replace, the
    new entry keeps the replaced one's pricing dimensions (cache, batch, tiers, off-peak
    windows ...) that it does not give.

    Example: tokencost prices set gpt-5.5 --input 5 --output 30 --effective 2026-12-01 --source list
    """
    from tokencost.catalogue.edit import new_entry
    from tokencost.catalogue.edit import set_price as add_entry
    from tokencost.render.prices import edit as render

    output = output_format(fmt, as_json)
    given = {
        "cache_read": cache_read,
        "cache_write": cache_write,
        "reasoning": reasoning,
        "batch_input": batch_input,
        "batch_output": batch_output,
        "batch_discount": batch_discount,
        "per_1k_requests": per_1k_requests,
    }
    pricing = {
        name: parse_decimal(text, "--" + name.replace("_", "-"))
        for name, text in given.items()
        if text is not None
    }
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
        pricing=pricing,
    )
    result = add_entry(catalogue, model, entry, replace=replace, drop_comments=drop_comments)
    show(render.SetView(result), output, no_color=no_color)
    from tokencost.render.notes import short_digest

    typer.echo(
        f"note: the catalogue's data changed (now {short_digest(result.digest)}): bump `version` "
        f"(now {result.version}) and `updated` in manifest.toml and add an entry to "
        "CHANGELOG.md (README: Versions)",
        err=True,
    )

"""``tokencost prices update``: fetch a tracker's file and write what it changes as an overlay.

The one command that may use the network, and only when it runs: :mod:`tokencost.fetch`
is imported inside it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from tokencost.cli.options import CatalogueOpt, JsonOpt, NoColorOpt, TableFormatOpt, as_of_date
from tokencost.cli.output import output_format, show
from tokencost.cli.prices.exchange import ImportFormat

TRACKERS = {
    "genai-prices": "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/data.json",
    "litellm": "https://raw.githubusercontent.com/BerriAI/litellm/main/"
    "model_prices_and_context_window.json",
}
"""Where each tracker publishes its file (fetched when no URL or file is given)."""


def update(
    location: Annotated[
        str | None,
        typer.Argument(
            metavar="[URL|FILE]",
            help="The tracker's file: a URL or a local file. Default: the --from tracker's "
            "published file.",
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        ImportFormat | None,
        typer.Option(
            "--from",
            help="The file's format. Default: told from the file (genai-prices).",
            show_default=False,
        ),
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            metavar="DIR",
            help="The overlay to write. Default: the update overlay of your data folder, laid "
            "over the shipped catalogue by every command.",
            show_default=False,
        ),
    ] = None,
    effective: Annotated[
        str | None,
        typer.Option(
            "--effective",
            metavar="DATE",
            help="Date given to prices the file does not date. Default: today.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    max_size: Annotated[
        str, typer.Option("--max-size", metavar="BYTES", help="Largest file accepted: 64M.")
    ] = "64M",
    timeout: Annotated[
        str, typer.Option("--timeout", metavar="SECONDS", help="Give up after this silence.")
    ] = "60",
    catalogue: CatalogueOpt = None,
    fmt: TableFormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Fetch a tracker's price file, show what it changes, and write it as your overlay.

    The file (genai-prices' data.json or LiteLLM's model map) is converted by the same
    importer as `prices import`, compared with the catalogue (new models, changed prices
    with their dates), and written as an overlay over the shipped catalogue, atomically;
    never into the installed package. A download that is cut off, malformed, too large or
    unreachable writes nothing. The only command that uses the network.

    Example: tokencost prices update ./data.json --from genai-prices --dry-run
    """
    from tokencost.catalogue import update as planning
    from tokencost.fetch import fetch
    from tokencost.quantities import parse_decimal, parse_quantity
    from tokencost.render.prices import update as render

    output = output_format(fmt, as_json)
    day = as_of_date(None)
    undated = as_of_date(effective, "--effective") if effective else day
    limit = parse_quantity(max_size, "--max-size")
    seconds = parse_decimal(timeout, "--timeout")
    if limit < 1 or seconds <= 0:
        from tokencost.errors import InputError

        flag = "--max-size" if limit < 1 else "--timeout"
        raise InputError(f"{flag}: give a number more than 0, e.g. --max-size 64M --timeout 60")
    layers = planning.update_layers(catalogue, into)
    where = location or TRACKERS[(kind or ImportFormat.genai_prices).value]
    fetched = fetch(where, max_bytes=int(limit), timeout=float(seconds))
    data = _parse(where, fetched.data)
    fmt_name = kind.value if kind is not None else _detect(where, data)
    result = planning.run_update(
        layers,
        data,
        fmt_name,
        fetched={"location": where, "format": fmt_name, "sha256": fetched.sha256, "day": day},
        size=len(fetched.data),
        effective=undated,
        write=not dry_run,
    )
    show(render.UpdateView(result), output, no_color=no_color)


def _parse(where: str, data: bytes) -> object:
    from tokencost.errors import InputError

    try:
        return json.loads(data, parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputError(f"{where}: not UTF-8 text, so not a tracker's JSON file") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where}: not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); a cut-off "
            "or damaged download? try again"
        ) from None


def _detect(where: str, data: object) -> str:
    from tokencost.errors import InputError

    if isinstance(data, list):
        return "genai-prices"
    if isinstance(data, dict):
        return "litellm"
    raise InputError(
        f"{where}: neither a genai-prices file (a list of providers) nor a LiteLLM map (an "
        "object of models); give --from"
    )

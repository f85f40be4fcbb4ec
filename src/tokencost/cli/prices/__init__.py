"""``tokencost prices ...``: read, check, edit, import and export the catalogue.

Each command lives in a small module that imports only typer and the shared options
at import time; the engine, renderers and pydantic are imported inside the command.
"""

from __future__ import annotations

import typer

from tokencost.cli.prices.browse import history, list_prices, show_model
from tokencost.cli.prices.check import check
from tokencost.cli.prices.diff import diff
from tokencost.cli.prices.edit import set_price
from tokencost.cli.prices.exchange import export, import_prices
from tokencost.cli.prices.validate import schema, validate

app = typer.Typer(
    name="prices",
    help="Read, check, edit, import and export the price catalogue.\n\n"
    "Example: tokencost prices show deepseek-v4-pro",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("list")(list_prices)
app.command("show")(show_model)
app.command("history")(history)
app.command("diff")(diff)
app.command("check")(check)
app.command("validate")(validate)
app.command("set")(set_price)
app.command("import")(import_prices)
app.command("export")(export)
app.command("schema")(schema)

"""The typer application: the root options and the registered commands."""

from __future__ import annotations

from typing import Annotated

import typer

from tokencost import __version__
from tokencost.cli.compare import compare
from tokencost.cli.models import models

app = typer.Typer(
    name="tokencost",
    help=(
        "What will this LLM workload cost per month on each model, and how many times "
        "cheaper is one than another? Exact, offline, every price dated and sourced.\n\n"
        "Exit codes: 0 ok, 1 budget breach, 2 invalid input, 3 internal error.\n\n"
        "Example: tokencost compare --tokens-per-day 10M --ratio 3:1"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tokencost {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version."),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Show tracebacks of errors (also accepted after the command name)."
        ),
    ] = False,
) -> None:
    """Root options; the commands do the work."""


app.command()(compare)
app.command()(models)

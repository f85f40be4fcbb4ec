"""The typer application, built per call with only the command that call needs.

typer turns every registered command into a click command on every run, importing
its module; with a dozen commands that is milliseconds each call pays for nothing.
``COMMANDS`` maps each command to where it lives, and :func:`build_app` registers
only the one named on the command line (all of them for ``--help``, completion or
a misspelt name, so help lists them and suggestions work).

No ``from __future__ import annotations`` here (nor in cli/compare.py): typer reads a
command's signature on every call, and string annotations would be evaluated each time.
"""

import functools
import importlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer

from tokencost.version import DISTRIBUTION, __version__

COMMANDS: dict[str, str] = {
    "compare": "tokencost.cli.compare:compare",
    "models": "tokencost.cli.models:models",
    "check": "tokencost.cli.check:check",
    "diff": "tokencost.cli.diff:diff",
    "gap": "tokencost.cli.gap:gap",
    "route": "tokencost.cli.route:route",
    "project": "tokencost.cli.project:project",
    "selfhost": "tokencost.cli.selfhost:selfhost",
    "replay": "tokencost.cli.replay:replay",
}
"""Command name -> ``module:function`` of a typer command."""

GROUPS: dict[str, str] = {
    "prices": "tokencost.cli.prices:app",
}
"""Group name -> ``module:app`` of a typer sub-application (``tokencost prices ...``)."""

HELP = (
    "What will this LLM workload cost per month on each model, and how many times "
    "cheaper is one than another? Exact, offline, every price dated and sourced.\n\n"
    "Exit codes: 0 ok, 1 budget breach, 2 invalid input, 3 internal error.\n\n"
    "Example: tokencost compare --tokens-per-day 10M --ratio 3:1"
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"{DISTRIBUTION} {__version__}")
        raise typer.Exit()


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


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def literal_help(command: Any) -> None:
    """Make every help text of ``command`` (and its sub-commands) print as written.

    typer draws help with rich, which reads ``[...]`` as markup and drops it: the
    ``[[mix]]``, ``[projection]`` and ``[selfhost]`` tables a help text names would
    vanish. Each ``[`` is escaped for rich (only on the command typer built for this
    call, so the generated reference in docs/ keeps the text as written).
    """
    for item in (command, *getattr(command, "params", ())):
        for attr in ("help", "short_help", "epilog"):
            text = getattr(item, attr, None)
            if isinstance(text, str) and "[" in text:
                setattr(item, attr, text.replace("[", "\\["))
    for sub in getattr(command, "commands", {}).values():
        literal_help(sub)


def click_command(args: Sequence[str]) -> Any:
    """The click command typer makes of :func:`build_app` for ``args``, help printed as
    written (:func:`literal_help`). Made once per process for each selection: a caller
    that runs :func:`tokencost.cli.main` many times in one process (the tests, a
    library user) does not rebuild it each call; a command line runs once anyway."""
    return _made(_named(args))


@functools.cache
def _made(named: str | None) -> Any:
    command = typer.main.get_command(build_app([] if named is None else [named]))
    literal_help(command)
    return command


def _named(args: Sequence[str]) -> str | None:
    """The command or group ``args`` name, or None (help, completion, a misspelt name)."""
    named = next((arg for arg in args if not arg.startswith("-")), None)
    return named if named in COMMANDS or named in GROUPS else None


def build_app(args: Sequence[str] = ()) -> typer.Typer:
    """The application with the command named in ``args``, or with all of them."""
    app = typer.Typer(
        name="tokencost",
        help=HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    named = _named(args)
    everything = named is None
    for name, target in COMMANDS.items():
        if everything or name == named:
            app.command(name)(_load(target))
    for name, target in GROUPS.items():
        if everything or name == named:
            app.add_typer(_load(target), name=name)
    return app

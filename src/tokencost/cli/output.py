"""Writing results: choose the format, honour terminals, NO_COLOR and closed pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from tokencost.errors import InputError, TokencostError

if TYPE_CHECKING:
    from tokencost.render.grid import Grid


class Format(StrEnum):
    """Output formats; ``table`` is rich on a terminal and plain text otherwise."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


F = TypeVar("F", bound=StrEnum)


class PipeClosed(TokencostError):
    """stdout was closed by the reader (``| head``): stop quietly."""

    exit_code = 0


def choose_format(fmt: Format | None, as_json: bool) -> Format:
    """``--json`` is ``--format json``; both with different values is an error."""
    return pick_format(Format, fmt, as_json)


def pick_format(formats: type[F], fmt: F | None, as_json: bool) -> F:
    """``--json`` or ``--format`` among ``formats`` (an enum with ``table`` and ``json``)."""
    as_table, json = formats("table"), formats("json")
    if as_json and fmt not in (None, json):
        raise InputError(f"--json and --format {fmt.value} disagree; give one of them")
    return json if as_json else (fmt or as_table)


def write(text: str) -> None:
    """Write the result to stdout; a closed pipe raises PipeClosed."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise PipeClosed("stdout closed") from None


def use_color(no_color: bool) -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR set."""
    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def show(
    fmt: Format,
    *,
    no_color: bool,
    document: Callable[[], dict[str, object]],
    grid: Callable[[], Grid | tuple[Grid, ...]],
    csv: Callable[[], str] | None = None,
) -> None:
    """Render the result in ``fmt`` and write it to stdout.

    ``grid`` may give several tables (e.g. a comparison and its mixes): they are
    written one after the other, a blank line apart.
    """
    if fmt is Format.json:
        from tokencost.render.jsonout import dumps

        write(dumps(document()) + "\n")
    elif fmt is Format.csv:
        if csv is None:
            raise InputError("this command has no CSV output; use --format table, json or markdown")
        write(csv())
    elif fmt is Format.markdown:
        from tokencost.render.grid import to_markdown

        write("\n".join(to_markdown(g) for g in _grids(grid())))
    elif sys.stdout.isatty():
        from tokencost.render.terminal import print_grid

        try:
            for index, table in enumerate(_grids(grid())):
                if index:
                    sys.stdout.write("\n")
                print_grid(table, sys.stdout, color=use_color(no_color))
        except BrokenPipeError:
            raise PipeClosed("stdout closed") from None
    else:
        from tokencost.render.grid import to_text

        write("\n".join(to_text(g) for g in _grids(grid())))


def _grids(made: Grid | tuple[Grid, ...]) -> tuple[Grid, ...]:
    return made if isinstance(made, tuple) else (made,)

"""The exceptions tokencost raises, and the exit code each one maps to.

The engine and loaders raise; only the CLI catches, prints ``error: ...`` on one
line of stderr and exits with the code (see DESIGN: 2 invalid input, 1 budget breach,
3 internal error).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokencost.problems import Problem

EXIT_OK = 0
EXIT_BREACH = 1
EXIT_INVALID = 2
EXIT_INTERNAL = 3


class TokencostError(Exception):
    """Base class: a problem the user can fix. The message says how."""

    exit_code = EXIT_INVALID


class InputError(TokencostError):
    """A bad flag value, number, ratio or date.

    ``detail`` is what is wrong without the name of the flag or key (``'x' is not a
    number``), for a message that names it otherwise (a file's key path).
    """

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message


def bad_value(what: str, detail: str) -> InputError:
    """``what: detail`` (``--ratio: '3' is not a ratio ...``), keeping ``detail`` apart."""
    return InputError(f"{what}: {detail}", detail=detail)


class CatalogueError(TokencostError):
    """The price catalogue cannot be found, read or validated; ``problems`` lists every
    problem validation found."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class WorkloadError(TokencostError):
    """A workload profile cannot be read or is contradictory."""


class BudgetError(TokencostError):
    """A budget file cannot be read, is invalid, or names something that does not exist."""


class UnknownModelError(TokencostError):
    """A model id or alias that the catalogue does not know."""


class NoPriceError(TokencostError):
    """A model has no price for the requested source and date."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest candidate, or ``""``."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""

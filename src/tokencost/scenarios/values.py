"""Values a what-if table or flag holds: shares, rates, money, counts, as exact Decimals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any

from tokencost.errors import InputError, bad_value
from tokencost.quantities import (
    parse_fraction,
    parse_quantity,
    parse_ratio,
    parse_share,
)
from tokencost.rules import Before, Rule


def before(parse: Callable[[Any, str], Decimal]) -> Callable[[object], object]:
    """A pydantic 'before' converter from a quantities parser: a file's strings and
    numbers alike pass through the one grammar (``growth = 8`` is an error, as is
    ``--growth 8``); other values are left to type validation."""

    def convert(value: object) -> object:
        if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
            try:
                return parse(value, "value")
            except InputError as exc:
                raise ValueError(exc.detail) from None
        return value

    convert.__name__ = parse.__name__
    return convert


MAX_RATE = Decimal(10)
"""The fastest monthly growth: 1,000% a month."""


def parse_rate(text: str | Decimal, what: str = "growth") -> Decimal:
    """A monthly growth rate: ``8%``, ``-5%`` or ``0.08``; more than -100%, at most
    1,000% (a bare ``8`` asks "did you mean 8%?")."""
    return parse_fraction(
        text, what, low=Decimal(-1), above_low=True, high=MAX_RATE, example="8%, -5% or 0.08"
    )


def parse_positive(text: str | Decimal, what: str = "value") -> Decimal:
    """A number > 0 with the usual suffixes (``2500``, ``2.5k``)."""
    value = parse_quantity(text, what)
    if value == 0:
        raise bad_value(what, "must be more than 0")
    return value


def parse_money(text: str | Decimal, what: str = "price") -> Decimal:
    """A non-negative amount of money: ``3.50`` or ``$3.50`` (at most 10^15, 12 places)."""
    if isinstance(text, str):
        text = text.strip().removeprefix("$")
    return parse_quantity(text, what)


Share = Annotated[Decimal, Before(before(parse_share)), Rule(ge=0, le=1, allow_inf_nan=False)]
"""A share of the traffic: ``"10%"`` or ``0.1``."""

Positive = Annotated[Decimal, Before(before(parse_positive)), Rule(gt=0, allow_inf_nan=False)]
"""A number > 0; strings may carry k/M/B suffixes."""


def ratio_text(text: str) -> str:
    """A ratio as written (``"3:1"``), checked; a ValueError says what is wrong."""
    try:
        parse_ratio(text)
    except InputError as exc:
        raise ValueError(exc.detail) from None
    return text

"""Values a what-if table or flag holds: shares, rates, money, counts, as exact Decimals."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Annotated

from tokencost.errors import InputError, bad_value
from tokencost.quantities import (
    CONTEXT,
    parse_decimal,
    parse_quantity,
    parse_ratio,
    parse_share,
)
from tokencost.rules import Before, Rule


def before(parse: Callable[[str, str], Decimal]) -> Callable[[object], object]:
    """A pydantic 'before' converter from a quantities parser (strings only)."""

    def convert(value: object) -> object:
        if isinstance(value, str):
            try:
                return parse(value, "value")
            except InputError as exc:
                raise ValueError(exc.detail) from None
        return value

    convert.__name__ = parse.__name__
    return convert


def parse_rate(text: str, what: str = "growth") -> Decimal:
    """A monthly growth rate: ``8%``, ``-5%`` or ``0.08``; more than -100%."""
    text = text.strip()
    with localcontext(CONTEXT):
        value = (
            parse_decimal(text[:-1], what) / 100
            if text.endswith("%")
            else parse_decimal(text, what)
        )
    if value <= -1:
        raise bad_value(what, f"{text} must be more than -100% (e.g. 8%, -5% or 0.08)")
    return value


def parse_positive(text: str, what: str = "value") -> Decimal:
    """A number > 0 with the usual suffixes (``2500``, ``2.5k``)."""
    value = parse_quantity(text, what)
    if value == 0:
        raise bad_value(what, "must be more than 0")
    return value


def parse_money(text: str, what: str = "price") -> Decimal:
    """A non-negative amount of money: ``3.50`` or ``$3.50``."""
    value = parse_decimal(text.strip().removeprefix("$"), what)
    if value < 0:
        raise bad_value(what, f"{text} is negative; it must be 0 or more")
    return value


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

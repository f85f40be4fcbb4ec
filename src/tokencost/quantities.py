"""Parsing and writing numbers, ratios and dates exactly (Decimal, never float).

Used by the workload loader and the CLI: ``10M``, ``1.5B``, ``250k`` and
``10_000_000`` are all token counts; ``3:1`` is an input:output ratio.
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

from tokencost.errors import bad_value

_SUFFIXES = {
    "": Decimal(1),
    "k": Decimal(10) ** 3,
    "m": Decimal(10) ** 6,
    "b": Decimal(10) ** 9,
    "g": Decimal(10) ** 9,
    "t": Decimal(10) ** 12,
}
_QUANTITY = re.compile(
    r"^\s*([+-]?[0-9][0-9_]*(?:\.[0-9_]+)?|[+-]?\.[0-9_]+)\s*([kmbgt]?)\s*$", re.I
)


def parse_quantity(text: str | int | Decimal, what: str = "value") -> Decimal:
    """Parse a non-negative count such as ``10M``, ``1.5B``, ``250k`` or ``10_000_000``.

    Suffixes (any case): k = thousand, M = million, B or G = billion, T = trillion.
    Raises InputError for anything negative, not finite or not a number.
    """
    if isinstance(text, bool):
        raise bad_value(what, f"expected a number, got {text!r}")
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    else:
        match = _QUANTITY.match(text)
        if not match or "__" in text or match.group(1).endswith("_"):
            raise bad_value(
                what, f"{text!r} is not a number; use e.g. 10M, 1.5B, 250k or 10_000_000"
            )
        value = Decimal(match.group(1).replace("_", "")) * _SUFFIXES[match.group(2).lower()]
    return check_non_negative(value, what)


def check_non_negative(value: Decimal, what: str) -> Decimal:
    """Return ``value`` if it is a finite number >= 0, else raise InputError."""
    if not value.is_finite():
        raise bad_value(what, f"{value} is not a finite number")
    if value < 0:
        raise bad_value(what, f"{value} is negative; it must be 0 or more")
    return value + 0  # turns -0 into 0


def parse_decimal(text: str, what: str = "value") -> Decimal:
    """Parse a plain decimal number (no suffix), rejecting NaN and infinities."""
    try:
        value = Decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise bad_value(what, f"{text!r} is not a number") from None
    if not value.is_finite():
        raise bad_value(what, f"{text!r} is not a finite number")
    return value


def parse_ratio(text: str, what: str = "ratio") -> tuple[Decimal, Decimal]:
    """Parse an input:output ratio such as ``3:1`` or ``1.5:1`` into its two parts.

    ``1:0`` (input only) and ``0:1`` (output only) are valid; ``0:0`` is not.
    """
    parts = text.split(":")
    if len(parts) != 2:
        raise bad_value(what, f"{text!r} is not a ratio; write input:output, e.g. 3:1")
    a = parse_quantity(parts[0], what)
    b = parse_quantity(parts[1], what)
    if a == 0 and b == 0:
        raise bad_value(what, "0:0 has no input or output; use e.g. 3:1, 1:0 or 0:1")
    return a, b


def parse_share(text: str | Decimal, what: str = "input share") -> Decimal:
    """Parse an input share between 0 and 1 inclusive (``0.75`` or ``75%``)."""
    if isinstance(text, Decimal):
        value = text
    elif text.strip().endswith("%"):
        value = parse_decimal(text.strip()[:-1], what) / 100
    else:
        value = parse_decimal(text, what)
    if not value.is_finite() or not 0 <= value <= 1:
        raise bad_value(what, f"{text} must be between 0 and 1 (e.g. 0.75 or 75%)")
    return value


def parse_date(text: str, what: str = "date") -> date:
    """Parse an ISO date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise bad_value(what, f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-06-01") from None


TODAY_ENV = "TOKENCOST_TODAY"
"""A fixed day to take for today (YYYY-MM-DD), so a script's or a page's output stays put."""


def today() -> date:
    """The day to price at when none is given: ``$TOKENCOST_TODAY`` when set, else the
    local date. (The CLI's default --as-of and the library's default ``when``; the
    engine never calls it.)"""
    pinned = os.environ.get(TODAY_ENV)
    return parse_date(pinned, TODAY_ENV) if pinned else date.today()


def plain(value: Decimal) -> str:
    """Write a Decimal exactly, without exponent or trailing zeros: ``1312.5``, ``0.00001``.

    Never rounds (``Decimal.normalize`` would round to the context's precision).
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def plain_percent(share: Decimal) -> str:
    """A share as an exact percentage: ``0.1`` -> ``10%``, ``0.0125`` -> ``1.25%``.

    (Tables round a percentage for reading: ``render.formatting.share``.)
    """
    with localcontext(CONTEXT):
        return f"{plain(share * 100)}%"


def format_ratio_parts(a: Decimal, b: Decimal) -> str:
    """``3:1`` for (3, 1); used to label a split."""
    return f"{plain(a)}:{plain(b)}"


CONTEXT = Context(
    prec=40, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow]
)
"""The arithmetic context of every computation: 40 significant digits.

Sums and products of catalogue prices and token counts are exact well within it;
only a true division (a 1:2 split, a ratio) can round, at the 40th digit.
"""


def parse_percent(text: str, what: str = "percentage") -> Decimal:
    """Parse a non-negative percentage: ``5``, ``5%`` and ``12.5%`` are all in %."""
    value = parse_decimal(text.strip().removesuffix("%"), what)
    if value < 0:
        raise bad_value(what, f"{text} is negative; give 0 or more, e.g. 5 or 5%")
    return value + 0

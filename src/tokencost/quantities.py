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
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)

from tokencost.errors import bad_value

_SUFFIXES = {
    "": 0,
    "k": 3,
    "m": 6,
    "b": 9,
    "g": 9,
    "t": 12,
}
_NUMBER = re.compile(
    r"^\s*([+-]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+))(?:[eE]([+-]?[0-9]{1,4}))?"
    r"\s*([kmbgt]?)\s*$",
    re.I,
)

MAX_TEXT = 100
"""The longest number a flag or file may write (characters)."""

# -- bounds: what every number a flag or a file gives must stay within (docs/limits.md) --

MAX_TOKENS = Decimal(10) ** 15
"""The most tokens (or requests) a day: a quadrillion, whole numbers only."""
MAX_PRICE = Decimal(10) ** 6
"""The highest price, USD per 1M tokens (a price must be below it)."""
PRICE_PLACES = 18
"""The most decimal places of a price per 1M tokens (1E-18 USD per 1M tokens):
enough for every tracker's per-token figure, and a price of at most 24 digits times a
token count of at most 16 is exact within the 40 digits the engine carries."""
PLACES = 12
"""The most decimal places of any other number: a share, a rate, an amount, a day count."""
MAX_AMOUNT = Decimal(10) ** 15
"""The largest other number: an amount of money, a ratio, a count."""


CONTEXT_EXACT = Context(
    prec=2 * MAX_TEXT, Emax=99_999, Emin=-99_999, traps=[InvalidOperation, Overflow, Inexact]
)
"""Reading a number: scaling by a suffix or exponent and percent to fraction never round
(a number is at most :data:`MAX_TEXT` characters, so its digits always fit)."""


def number(text: str | int | Decimal, what: str = "value") -> Decimal:
    """A finite number as written: ``12.5``, ``1e7``, ``10_000_000``, ``1.5M`` (suffixes,
    any case: k thousand, M million, B or G billion, T trillion; an exponent or a
    suffix, not both). Raises InputError for anything else."""
    if isinstance(text, bool):
        raise bad_value(what, f"expected a number, got {text!r}")
    if isinstance(text, int | Decimal):
        value = Decimal(text)
        if not value.is_finite():
            raise bad_value(what, f"{value} is not a finite number")
        return value
    match = _NUMBER.match(text) if len(text) <= MAX_TEXT else None
    digits = match.group(1) if match else ""
    if len(text) > MAX_TEXT:
        raise bad_value(what, f"{len(text)} characters is too long for a number")
    if (
        not match
        or "__" in digits
        or "_." in digits
        or "._" in digits
        or digits.endswith(("_", "."))
        or (match.group(2) and match.group(3))
    ):
        raise bad_value(
            what, f"{text!r} is not a number; use e.g. 10M, 1.5B, 250k, 1e7 or 10_000_000"
        )
    exponent = int(match.group(2) or 0) + _SUFFIXES[match.group(3).lower()]
    value = Decimal(digits.replace("_", "")).scaleb(exponent, CONTEXT_EXACT)
    shift = value.as_tuple().exponent
    if isinstance(shift, int) and shift > 0 and value.adjusted() < MAX_TEXT:
        return value.quantize(Decimal(1), context=CONTEXT_EXACT)  # 2E+7 -> 20000000
    return value


def places(value: Decimal) -> int:
    """Decimal places ``value`` needs (trailing zeros do not count): 0.50 -> 1, 1E-50 -> 50."""
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len(_rstrip_zeros(digits))
    return max(0, -exponent - trailing)


def _rstrip_zeros(digits: tuple[int, ...]) -> tuple[int, ...]:
    end = len(digits)
    while end > 1 and digits[end - 1] == 0:
        end -= 1
    return digits[:end]


def check_bounds(
    value: Decimal,
    what: str,
    *,
    most: Decimal = MAX_AMOUNT,
    at_most_places: int = PLACES,
    shown: str | None = None,
) -> Decimal:
    """``value`` if it is at most ``most`` and needs at most ``at_most_places`` decimal
    places (so the engine carries it exactly), else InputError."""
    written = shown if shown is not None else _short(value)
    if abs(value) > most:
        raise bad_value(what, f"{written} is more than the largest allowed, {plain(most)}")
    if places(value) > at_most_places:
        raise bad_value(
            what,
            f"{written} has more than {at_most_places} decimal places, more than tokencost "
            "can carry exactly; round it",
        )
    return value


def _short(value: Decimal) -> str:
    text = format(value, "f") if abs(value.adjusted()) < 30 else str(value)
    return text if len(text) <= 40 else f"{text[:18]}...{text[-18:]} ({len(text)} characters)"


def parse_quantity(
    text: str | int | Decimal,
    what: str = "value",
    *,
    most: Decimal = MAX_AMOUNT,
    at_most_places: int = PLACES,
) -> Decimal:
    """Parse a non-negative number such as ``10M``, ``1.5B``, ``250k``, ``1e7`` or
    ``10_000_000`` (see :func:`number`) within the bounds (at most ``most``, at most
    ``at_most_places`` decimal places). Raises InputError otherwise."""
    value = check_non_negative(number(text, what), what)
    return check_bounds(value, what, most=most, at_most_places=at_most_places)


def parse_tokens(text: str | int | Decimal, what: str = "tokens") -> Decimal:
    """A token (or request) count: a whole number from 0 to :data:`MAX_TOKENS` in any
    form :func:`number` reads (``10M``, ``1e7``, ``10_000_000``)."""
    value = check_non_negative(number(text, what), what)
    if places(value):
        raise bad_value(what, f"{plain(value)} is not a whole number of tokens")
    return check_bounds(value, what, most=MAX_TOKENS, at_most_places=0)


def parse_price(text: str | int | Decimal, what: str = "price") -> Decimal:
    """A price in USD per 1M tokens: >= 0, below :data:`MAX_PRICE`, at most
    :data:`PRICE_PLACES` decimal places (``$`` before it is allowed)."""
    if isinstance(text, str):
        text = text.strip().removeprefix("$")
    value = check_non_negative(number(text, what), what)
    return check_price(value, what)


def check_price(value: Decimal, what: str = "price") -> Decimal:
    """``value`` if it is a price tokencost can carry exactly (see :func:`parse_price`)."""
    if value >= MAX_PRICE:
        raise bad_value(
            what,
            f"{_short(value)} USD per 1M tokens is too high (below {plain(MAX_PRICE)} is allowed)",
        )
    return check_bounds(value, what, most=MAX_PRICE, at_most_places=PRICE_PLACES)


def check_non_negative(value: Decimal, what: str) -> Decimal:
    """Return ``value`` if it is a finite number >= 0, else raise InputError."""
    if not value.is_finite():
        raise bad_value(what, f"{value} is not a finite number")
    if value < 0:
        raise bad_value(what, f"{_short(value)} is negative; it must be 0 or more")
    return Decimal(0) if value == 0 else value  # -0 becomes 0; never rounded


def parse_decimal(text: str, what: str = "value") -> Decimal:
    """Parse a plain decimal number (no suffix, any sign) within the bounds."""
    return check_bounds(number(text, what), what)


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


def parse_fraction(
    text: str | int | Decimal,
    what: str,
    *,
    low: Decimal = Decimal(0),
    high: Decimal | None = Decimal(1),
    above_low: bool = False,
    example: str = "0.75 or 75%",
) -> Decimal:
    """A fraction, written ``8%`` or ``0.08`` (the one grammar of every share, rate and
    tolerance): between ``low`` and ``high`` (``above_low``: more than ``low``), at most
    :data:`PLACES` decimal places. A bare number above 1 (``8``) is an error that asks
    "did you mean 8%?", never 800%."""
    written = text.strip() if isinstance(text, str) else None
    if written is not None and written.endswith("%"):
        value = check_bounds(number(written[:-1], what), what, at_most_places=PLACES - 2)
        value = value.scaleb(-2, CONTEXT_EXACT)
    else:
        value = number(text, what)
        if abs(value) > 1:
            shown = plain(value) if abs(value.adjusted()) < 30 else str(value)
            raise bad_value(
                what,
                f"{written or shown} is more than 1; did you mean {shown}%? (a fraction "
                f"is written {example})",
            )
    shown = written if written is not None else _short(value)
    check_bounds(value, what, at_most_places=PLACES, shown=shown)
    too_low = value <= low if above_low else value < low
    if value < 0 <= low:
        raise bad_value(what, f"{shown} is negative; give 0 or more (e.g. {example})")
    if too_low and above_low:
        raise bad_value(what, f"{shown} must be more than {plain_percent(low)} (e.g. {example})")
    if too_low or (high is not None and value > high):
        limit = (
            f"at least {plain_percent(low)}"
            if high is None
            else f"between {plain_percent(low)} and {plain_percent(high)}"
        )
        raise bad_value(what, f"{shown} must be {limit} (e.g. {example})")
    return Decimal(0) if value == 0 else value


def parse_share(text: str | Decimal, what: str = "input share") -> Decimal:
    """Parse a share between 0 and 1 inclusive (``0.75`` or ``75%``)."""
    return parse_fraction(text, what)


def parse_percent(text: str, what: str = "percentage") -> Decimal:
    """Parse a non-negative percentage written as a fraction (``5%`` or ``0.05``) and
    return it in percent (5)."""
    return parse_fraction(text, what, high=None, example="5% or 0.05").scaleb(2, CONTEXT_EXACT)


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

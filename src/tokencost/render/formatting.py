"""Rounding exact Decimals for people to read (machine formats stay exact)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from tokencost.quantities import CONTEXT, plain

CENT = Decimal("0.01")


def money(value: Decimal, symbol: str = "$") -> str:
    """Dollars to the cent (half up), with thousands separators: ``$1,312.50``.

    An amount that would round to $0.00 but is not zero keeps two significant
    digits instead (``$0.0044``), so a small cost never reads as free.
    """
    sign = "-" if value < 0 else ""
    value = abs(value)
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if cents == 0 and value != 0:
        return f"{sign}{symbol}{_significant(value, 2)}"
    return f"{sign}{symbol}{cents:,.2f}"


def signed_money(value: Decimal, symbol: str = "$") -> str:
    """A change of money with its sign: ``+$2,400.00``, ``-$250.00``, ``$0.00``."""
    return ("+" if value > 0 else "") + money(value, symbol)


def percent(value: Decimal, *, signed: bool = False) -> str:
    """A percentage to two decimals at most (half up): ``92.57%``, ``44.1%``, ``100%``.

    A value that would round to 0 but is not zero keeps two significant digits
    (``0.0012%``); ``signed`` writes a ``+`` before a rise.
    """
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    value = abs(value)
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == 0 and value != 0:
        return f"{sign}{_significant(value, 2)}%"
    return f"{sign}{f'{rounded:,.2f}'.rstrip('0').rstrip('.')}%"


def price(value: Decimal, symbol: str = "$") -> str:
    """A catalogue price, exact, with at least two decimals: ``$2.50``, ``$0.035``."""
    text = plain(value)
    whole, _, frac = text.partition(".")
    return f"{symbol}{int(whole):,}.{frac.ljust(2, '0')}"


def unit_price(value: Decimal, symbol: str = "$") -> str:
    """A computed price per 1M tokens, half up to at most five decimals: ``$0.04375``."""
    return price(value.quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP), symbol)


def share(value: Decimal) -> str:
    """A share (0.1) as a percentage for reading: ``10%``, ``89.34%`` (see :func:`percent`)."""
    with localcontext(CONTEXT):
        return percent(value * 100)


def ratio(value: Decimal) -> str:
    """``100x``, ``71.43x``, ``1.5x``; below 1, two significant digits: ``0.01x``."""
    if value >= 1:
        rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
        text = f"{rounded:,.2f}".rstrip("0").rstrip(".")
    else:
        text = _significant(value, 2)
    return f"{text}x"


def tokens(value: Decimal) -> str:
    """A token count to the whole token with separators: ``10,000,000``."""
    return f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"


def quantity(value: Decimal) -> str:
    """A count written short: ``10M``, ``1.5B``, ``250k``, ``999``."""
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "k")):
        if value >= size:
            short = (value / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            return f"{plain(short)}{suffix}"
    return plain(value)


def _significant(value: Decimal, digits: int) -> str:
    if value == 0:
        return "0"
    exponent = value.adjusted() - digits + 1
    rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return plain(rounded)


def change(value: Decimal | None) -> str:
    """A change in %, signed (``+200%``, ``-75%``); None (a change from 0) is ``n/a``."""
    return "n/a" if value is None else percent(value, signed=True)


def plural(count: int, word: str) -> str:
    """``1 budget``, ``3 budgets``, ``1,200 records``."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tokencost.errors import InputError
from tokencost.quantities import (
    parse_date,
    parse_quantity,
    parse_ratio,
    parse_share,
    plain,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10M", Decimal(10_000_000)),
        ("10m", Decimal(10_000_000)),
        ("1.5B", Decimal(1_500_000_000)),
        ("250k", Decimal(250_000)),
        ("10_000_000", Decimal(10_000_000)),
        ("2T", Decimal(2 * 10**12)),
        ("0", Decimal(0)),
        (" 42 ", Decimal(42)),
        ("0.5k", Decimal(500)),
        ("1e7", Decimal(10_000_000)),
        ("1E+7", Decimal(10_000_000)),
        (7, Decimal(7)),
    ],
)
def test_quantities_accept_suffixes_and_underscores(text: str | int, expected: Decimal) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5", "-5 is negative"),
        ("NaN", "'NaN' is not a number"),
        ("inf", "'inf' is not a number"),
        ("1e6k", "'1e6k' is not a number"),
        ("10X", "'10X' is not a number"),
        ("1__0", "'1__0' is not a number"),
        ("", "'' is not a number"),
    ],
)
def test_bad_quantities_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=r"^--tokens-per-day: ") as info:
        parse_quantity(text, "--tokens-per-day")
    assert message in str(info.value)


def test_a_decimal_nan_is_not_a_quantity() -> None:
    with pytest.raises(InputError, match="not a finite number"):
        parse_quantity(Decimal("NaN"))


def test_negative_zero_becomes_zero() -> None:
    assert str(parse_quantity("-0")) == "0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3:1", (3, 1)), ("1:0", (1, 0)), ("0:1", (0, 1)), ("1.5:1", (Decimal("1.5"), 1))],
)
def test_ratios(text: str, expected: tuple[Decimal, Decimal]) -> None:
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:0", "0:0 has no input or output"),
        ("3", "'3' is not a ratio"),
        ("1:2:3", "'1:2:3' is not a ratio"),
        ("-1:2", "is negative"),
        ("a:b", "is not a number"),
    ],
)
def test_bad_ratios(text: str, message: str) -> None:
    with pytest.raises(InputError, match=r"^--ratio: ") as info:
        parse_ratio(text, "--ratio")
    assert message in str(info.value)


def test_shares() -> None:
    assert parse_share("0.75") == Decimal("0.75")
    assert parse_share("75%") == Decimal("0.75")
    assert parse_share("1") == 1
    for bad in ("1.5", "-0.1", "NaN", "x"):
        with pytest.raises(InputError):
            parse_share(bad)


def test_dates() -> None:
    assert parse_date("2026-06-01") == date(2026, 6, 1)
    with pytest.raises(InputError, match="'2026-13-01' is not a date; use YYYY-MM-DD"):
        parse_date("2026-13-01", "--as-of")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1312.50", "1312.5"),
        ("1E+3", "1000"),
        ("0.00001", "0.00001"),
        ("1e-5", "0.00001"),
        ("0.000", "0"),
        ("-0", "0"),
        ("68.57142857142857142857142857142857142857", "68.57142857142857142857142857142857142857"),
    ],
)
def test_plain_never_uses_exponents_or_rounds(value: str, text: str) -> None:
    assert plain(Decimal(value)) == text

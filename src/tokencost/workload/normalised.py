"""The normalised workload every command prices: tokens a day, their input:output split,
the month's length, and what the profile adds (pricing dimensions, what-ifs).

A profile file as written is :mod:`tokencost.workload.schema`; reading and validating
one is :mod:`tokencost.workload.load`. This module imports neither.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from tokencost.errors import InputError
from tokencost.quantities import (
    CONTEXT,
    format_ratio_parts,
    parse_quantity,
    parse_ratio,
    parse_share,
    parse_tokens,
    plain,
)
from tokencost.records import record

if TYPE_CHECKING:
    from tokencost.scenarios import Growth, Mix, Selfhost
    from tokencost.workload.traffic import Traffic

DEFAULT_TOKENS_PER_DAY = Decimal(10_000_000)
DEFAULT_RATIO = (Decimal(3), Decimal(1))
DEFAULT_DAYS_PER_MONTH = Decimal(30)
MONTHS_PER_YEAR = 12


@record
class Workload:
    """A normalised workload: total tokens a day, its input:output split, month length.

    ``split`` is a pair (input weight, output weight): ``(3, 1)`` for 3:1,
    ``(0.75, 0.25)`` for an input share, the token counts themselves when explicit.
    """

    name: str
    tokens_per_day: Decimal
    split: tuple[Decimal, Decimal]
    days_per_month: Decimal = DEFAULT_DAYS_PER_MONTH
    description: str = ""
    split_label: str = "3:1"
    mixes: tuple[Mix, ...] = ()
    projection: Growth | None = None
    selfhost: Selfhost | None = None
    traffic: Traffic | None = None
    """Pricing dimensions beyond input and output (cache, batch, off-peak, requests ...);
    None: input and output only."""
    source: str | None = None
    """The price source the profile pins (``source = "list"``); None: each model's own."""

    @classmethod
    def build(
        cls,
        *,
        tokens_per_day: str | int | Decimal = DEFAULT_TOKENS_PER_DAY,
        ratio: str | None = None,
        input_share: str | Decimal | None = None,
        days_per_month: str | int | Decimal = DEFAULT_DAYS_PER_MONTH,
        name: str = "default",
        description: str = "",
    ) -> Workload:
        """Build a workload from values as a user writes them (``"10M"``, ``"3:1"``).

        With neither ``ratio`` nor ``input_share`` the split is 3:1.
        """
        workload = cls(
            name=name,
            tokens_per_day=parse_tokens(tokens_per_day, "tokens per day"),
            split=DEFAULT_RATIO,
            days_per_month=_days(days_per_month),
            description=description,
        )
        return workload.with_overrides(ratio=ratio, input_share=input_share)

    @property
    def has_traffic(self) -> bool:
        """True when the workload uses a pricing dimension (cache hits, batch, requests ...)."""
        return self.traffic is not None and self.traffic.used

    @property
    def input_tokens_per_day(self) -> Decimal:
        """Input tokens a day: total x input weight / (input + output weights)."""
        weight_in, weight_out = self.split
        if weight_in + weight_out == 0:
            return Decimal(0)
        with localcontext(CONTEXT):
            return self.tokens_per_day * weight_in / (weight_in + weight_out)

    @property
    def output_tokens_per_day(self) -> Decimal:
        """Output tokens a day: the total less the input tokens (so they add up exactly)."""
        with localcontext(CONTEXT):
            return self.tokens_per_day - self.input_tokens_per_day

    def with_overrides(
        self,
        *,
        tokens_per_day: str | int | Decimal | None = None,
        ratio: str | None = None,
        input_share: str | Decimal | None = None,
        days_per_month: str | int | Decimal | None = None,
    ) -> Workload:
        """A copy with command-line values replacing the profile's.

        A new total keeps the profile's split; a new ratio or share keeps its total.
        """
        if ratio is not None and input_share is not None:
            raise InputError("give --ratio or --input-share, not both")
        result = self
        if tokens_per_day is not None:
            total = parse_tokens(tokens_per_day, "--tokens-per-day")
            result = replace(result, tokens_per_day=total)
        if ratio is not None:
            split = parse_ratio(ratio, "--ratio")
            result = replace(result, split=split, split_label=format_ratio_parts(*split))
        if input_share is not None:
            share = parse_share(input_share, "--input-share")
            label = f"input share {plain(share)}"
            result = replace(result, split=(share, 1 - share), split_label=label)
        if days_per_month is not None:
            result = replace(result, days_per_month=_days(days_per_month, "--days-per-month"))
        return result


def reduced_ratio(weight_in: Decimal, weight_out: Decimal) -> str:
    """Explicit token counts as the smallest whole ratio: (190M, 10M) -> ``19:1``."""
    from fractions import Fraction

    if weight_in + weight_out == 0:
        return "0:0"
    exact = Fraction(weight_in) / Fraction(weight_in + weight_out)
    return f"{exact.numerator}:{exact.denominator - exact.numerator}"


def _days(value: str | int | Decimal, what: str = "days per month") -> Decimal:
    days = parse_quantity(value, what)
    if not 0 < days <= 31:
        raise InputError(f"{what}: {plain(days)} must be more than 0 and at most 31")
    return days


DEFAULT_WORKLOAD = Workload(
    name="default", tokens_per_day=DEFAULT_TOKENS_PER_DAY, split=DEFAULT_RATIO
)

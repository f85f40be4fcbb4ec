"""Value axes of a chart: where a value sits, and the ticks that name it.

One scale serves every face of a chart: the text chart (:mod:`tokencost.render.chart`)
and the vector one (:mod:`tokencost.render.svg`) lay their bars and curves out from the
same :func:`scale`, so both show the same axis. Decimal throughout.

When the positive values span 100x or more the axis is logarithmic (decades from the
power of ten below the smallest to the one above the largest), and the chart says so
in its title (:func:`log_note`); zero values cannot sit on a log scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from tokencost.quantities import CONTEXT
from tokencost.render import formatting as fmt

LOG_SPREAD = 100
"""Positive values spanning this many times or more go on a log scale."""
STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
"""A linear axis's tick step is one of these times a power of ten."""


@dataclass(frozen=True)
class Scale:
    """An axis from ``low`` to ``high``: values, or powers of ten when ``log``."""

    low: Decimal
    high: Decimal
    log: bool

    def fraction(self, value: Decimal) -> Decimal:
        """Where ``value`` sits between low (0) and high (1)."""
        with localcontext(CONTEXT):
            if self.log:
                value = value.log10()
            return (value - self.low) / (self.high - self.low)

    def value_at(self, fraction: Decimal) -> Decimal:
        """The value at a fraction of the axis."""
        with localcontext(CONTEXT):
            inner = self.low + (self.high - self.low) * fraction
            return Decimal(10) ** inner if self.log else inner

    def decades(self) -> list[Decimal]:
        """The powers of ten from low to high (a log scale's ticks)."""
        with localcontext(CONTEXT):
            return [Decimal(10) ** Decimal(k) for k in range(int(self.low), int(self.high) + 1)]


def spread(values: Sequence[Decimal]) -> Decimal | None:
    """The largest positive value over the smallest (None: no positive value)."""
    positive = [v for v in values if v > 0]
    if not positive:
        return None
    with localcontext(CONTEXT):
        return max(positive) / min(positive)


def scale(values: Sequence[Decimal], *, from_zero: bool, linear: bool = False) -> Scale:
    """The axis for ``values``: logarithmic at a 100x spread (unless ``linear``), else
    linear from the smallest value (or zero, ``from_zero``) to the largest."""
    found = spread(values)
    if not linear and found is not None and found >= LOG_SPREAD:
        positive = [v for v in values if v > 0]
        with localcontext(CONTEXT):
            low = min(positive).log10().to_integral_value(rounding=ROUND_FLOOR)
            high = max(positive).log10().to_integral_value(rounding=ROUND_CEILING)
        return Scale(low, max(high, low + 1), True)
    low = Decimal(0) if from_zero else min(values, default=Decimal(0))
    high = max(values, default=Decimal(0))
    if high == low:  # one value (or none): an axis from zero up to it, or around it
        if high > 0:
            low = Decimal(0)
        elif high == 0:
            high = Decimal(1)  # only zeros, or nothing to show: an empty axis from zero
        else:
            low, high = high - 1, high + 1
    if from_zero and high <= 0:
        low, high = Decimal(0), Decimal(1)
    return Scale(low, high, False)


def log_note(axis: Scale, values: Sequence[Decimal]) -> str:
    """`` (log scale: the values span 137.14x)`` after a log chart's title, else empty."""
    found = spread(values)
    if not axis.log or found is None:
        return ""
    return f" (log scale: the values span {fmt.ratio(found)})"


def ticks(axis: Scale, count: int = 5) -> tuple[Scale, list[Decimal]]:
    """The axis widened to round ticks, and the tick values: each decade on a log scale;
    on a linear one about ``count`` steps of 1, 2, 2.5 or 5 times a power of ten."""
    if axis.log:
        return axis, axis.decades()
    with localcontext(CONTEXT):
        rough = (axis.high - axis.low) / count
        power = Decimal(10) ** rough.log10().to_integral_value(rounding=ROUND_FLOOR)
        step = next(s * power for s in STEPS if s * power >= rough)
        low = (axis.low / step).to_integral_value(rounding=ROUND_FLOOR) * step
        high = (axis.high / step).to_integral_value(rounding=ROUND_CEILING) * step
        values = [low + step * k for k in range(int((high - low) / step) + 1)]
    return Scale(low, high, False), values


def tick_label(value: Decimal, kind: str) -> str:
    """A tick's text: ``$1k``, ``$0.25`` for money, ``100x`` for a ratio."""
    short = fmt.quantity(value.normalize() if value else Decimal(0))
    return f"{short}x" if kind == "ratio" else f"${short}"

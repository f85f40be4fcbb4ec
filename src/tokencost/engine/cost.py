"""The arithmetic: a day's cost, the blended price, a ratio. Decimal only."""

from __future__ import annotations

from decimal import Decimal, localcontext

from tokencost.quantities import CONTEXT
from tokencost.workload import MONTHS_PER_YEAR, Workload

MILLION = Decimal(1_000_000)


def daily_cost(workload: Workload, input_price: Decimal, output_price: Decimal) -> Decimal:
    """Cost of one day of the workload at these prices (USD per 1M tokens)."""
    with localcontext(CONTEXT):
        return (
            workload.input_tokens_per_day * input_price
            + workload.output_tokens_per_day * output_price
        ) / MILLION


def period_costs(daily: Decimal, workload: Workload) -> tuple[Decimal, Decimal]:
    """A daily cost as (monthly, yearly): x the workload's days a month, x 12 months."""
    with localcontext(CONTEXT):
        monthly = daily * workload.days_per_month
        return monthly, monthly * MONTHS_PER_YEAR


def blended_price(workload: Workload, input_price: Decimal, output_price: Decimal) -> Decimal:
    """Price of 1M tokens at the workload's input:output split."""
    return split_price(workload.split, input_price, output_price)


def split_price(
    split: tuple[Decimal, Decimal], input_price: Decimal, output_price: Decimal
) -> Decimal:
    """Price of 1M tokens split ``(input weight, output weight)``: the weighted mean."""
    weight_in, weight_out = split
    if weight_in + weight_out == 0:
        return Decimal(0)
    with localcontext(CONTEXT):
        return (weight_in * input_price + weight_out * output_price) / (weight_in + weight_out)


def ratio(value: Decimal, baseline: Decimal) -> Decimal | None:
    """``value / baseline``, or None when the baseline is zero (undefined, not infinite)."""
    if baseline == 0:
        return None
    with localcontext(CONTEXT):
        result = value / baseline
    # 4.375 / 0.04375 is Decimal("1E+2"); give library users 100, not an exponent
    exponent = result.as_tuple().exponent
    return result.quantize(1) if isinstance(exponent, int) and exponent > 0 else result

"""Self-hosting an open-weights model on rented GPUs, against the API prices.

The cost model (every input given by the user; tokencost has no GPU prices):

- the GPUs are rented around the clock: fixed cost a day = GPU-hour price x GPUs x 24;
- capacity a day = tokens/s (the whole deployment, input + output alike) x
  utilization x 86,400 seconds;
- cost per 1M tokens at capacity = fixed cost a day / capacity x 1M;
- a workload above capacity needs more identical deployments:
  ceil(tokens a day / capacity), at least one; it costs that many fixed costs a day;
- break-even with an API: the daily volume whose API cost equals one deployment's
  fixed cost, i.e. fixed cost a day x 1M / the API's blended price at the workload's
  split. Beyond capacity it is out of reach: that API stays cheaper up to capacity.
  A free API has no break-even.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal, localcontext

from tokencost.catalogue import Catalogue
from tokencost.engine.cost import MILLION
from tokencost.engine.pricing import compare
from tokencost.engine.results import Comparison, ModelCost
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT
from tokencost.scenarios import Selfhost
from tokencost.workload import Workload

HOURS_PER_DAY = 24
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class BreakEven:
    """One API against the self-hosted deployment."""

    api: ModelCost
    breakeven_tokens_per_day: Decimal | None
    """None when the API is free."""
    within_capacity: bool
    selfhost_monthly_cost: Decimal
    monthly_saving: Decimal
    """API monthly cost - self-hosted monthly cost (negative: the API is cheaper)."""


@dataclass(frozen=True)
class SelfhostCost:
    """The deployment's cost and capacity, the workload on it, and each API's break-even."""

    setup: Selfhost
    model: str | None
    fixed_daily_cost: Decimal
    fixed_monthly_cost: Decimal
    capacity_per_day: Decimal
    cost_per_million_at_capacity: Decimal
    deployments: int
    daily_cost: Decimal
    monthly_cost: Decimal
    cost_per_million_at_workload: Decimal | None
    """None at 0 tokens a day."""
    comparison: Comparison
    apis: tuple[BreakEven, ...]


def breakeven(fixed_daily_cost: Decimal, blended_price: Decimal) -> Decimal | None:
    """Tokens a day at which ``blended_price`` (USD per 1M) costs ``fixed_daily_cost``."""
    if blended_price == 0:
        return None
    with localcontext(CONTEXT):
        return fixed_daily_cost * MILLION / blended_price


def selfhost(
    catalogue: Catalogue,
    workload: Workload,
    setup: Selfhost,
    *,
    as_of: date,
    models: list[str] | None = None,
    source: str | None = None,
) -> SelfhostCost:
    """Price ``workload`` self-hosted on ``setup`` and on each API model."""
    model = None
    if setup.model is not None:
        chosen = catalogue.model(setup.model)
        if chosen.weights != "open":
            raise InputError(
                f"{chosen.id} has {chosen.weights} weights: only an open-weights model can be "
                "self-hosted"
            )
        model = chosen.id
    result = compare(catalogue, workload, as_of=as_of, models=models, source=source)
    with localcontext(CONTEXT):
        fixed = setup.gpu_hourly * setup.gpus * HOURS_PER_DAY
        capacity = setup.tokens_per_second * setup.utilization * SECONDS_PER_DAY
        volume = workload.tokens_per_day
        deployments = max(1, int((volume / capacity).to_integral_value(ROUND_CEILING)))
        daily = fixed * deployments
        monthly = daily * workload.days_per_month
        apis = tuple(_against(row, fixed, capacity, monthly) for row in result.results)
        return SelfhostCost(
            setup=setup,
            model=model,
            fixed_daily_cost=fixed,
            fixed_monthly_cost=fixed * workload.days_per_month,
            capacity_per_day=capacity,
            cost_per_million_at_capacity=fixed * MILLION / capacity,
            deployments=deployments,
            daily_cost=daily,
            monthly_cost=monthly,
            cost_per_million_at_workload=daily * MILLION / volume if volume else None,
            comparison=result,
            apis=apis,
        )


def _against(row: ModelCost, fixed: Decimal, capacity: Decimal, monthly: Decimal) -> BreakEven:
    volume = breakeven(fixed, row.blended_price)
    with localcontext(CONTEXT):
        return BreakEven(
            api=row,
            breakeven_tokens_per_day=volume,
            within_capacity=volume is not None and volume <= capacity,
            selfhost_monthly_cost=monthly,
            monthly_saving=row.monthly_cost - monthly,
        )

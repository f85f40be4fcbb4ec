"""The cost engine: pure functions over Decimal, no I/O, no clock.

One idea per module: ``cost`` (the arithmetic), ``dimensions`` (cost per pricing
dimension: cache, reasoning, batch, tiers, requests, off-peak hours), ``pricing`` (a
workload on each model), ``results`` (the result dataclasses every output is drawn
from). ``price_usage(entry, usage)`` prices aggregated token counts of one entry.

``compare(catalogue, workload, as_of=...)`` prices a workload on each model and
returns a :class:`Comparison`, the one result every output format is drawn from.

Rules (also in the README):
- cost per day = input tokens x input price / 1M + output tokens x output price / 1M;
- a month is ``workload.days_per_month`` days (default 30); a year is 12 months;
- the blended price is the cost of 1M tokens at the workload's input:output split;
- ratio = blended price / the baseline's blended price, which equals the ratio of
  monthly costs for the same workload and stays defined at 0 tokens a day. The
  default baseline is the cheapest model with a non-zero price; a ratio to a free
  baseline is undefined (None, with a note), never infinite.
"""

from typing import TYPE_CHECKING

from tokencost.engine.cost import MILLION, blended_price, daily_cost, ratio
from tokencost.engine.pricing import (
    catalogue_info,
    compare,
    list_models,
    price_model,
    source_info,
)
from tokencost.engine.results import (
    CatalogueInfo,
    Comparison,
    Listing,
    ModelCost,
    ModelListing,
    PriceUsed,
    SourceInfo,
    Unpriced,
)

if TYPE_CHECKING:
    from tokencost.engine.dimensions import price_usage, price_workload
    from tokencost.engine.rates import Usage
    from tokencost.engine.results import Breakdown

_DIMENSIONS = ("Breakdown", "Usage", "price_usage", "price_workload")


def __getattr__(name: str) -> object:
    """The pricing-dimension names, imported on first use (they cost startup time)."""
    if name in _DIMENSIONS:
        from tokencost.engine import dimensions

        return getattr(dimensions, name)
    raise AttributeError(f"module 'tokencost.engine' has no attribute '{name}'")


__all__ = [
    "MILLION",
    "Breakdown",
    "CatalogueInfo",
    "Comparison",
    "Listing",
    "ModelCost",
    "ModelListing",
    "PriceUsed",
    "SourceInfo",
    "Unpriced",
    "Usage",
    "blended_price",
    "catalogue_info",
    "compare",
    "daily_cost",
    "list_models",
    "price_model",
    "price_usage",
    "price_workload",
    "ratio",
    "source_info",
]

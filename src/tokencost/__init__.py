"""tokencost: what an LLM workload costs per month on each model, exactly.

The library in one call (docs/library.md)::

    import tokencost

    cost = tokencost.price("gpt-5.5", input_tokens=1200, output_tokens=300)
    print(cost.total, cost.breakdown)               # exact Decimals, USD

    result = tokencost.compare(tokens_per_day="10M", ratio="3:1")
    for row in result.results:
        print(row.model, row.monthly_cost, row.ratio)

    replayed = tokencost.replay([{"model": "gpt-5.5", "usage": {...}}, ...])

Names are imported lazily (module ``__getattr__``), so ``import tokencost`` (and the
CLI) stays fast: nothing below is loaded before it is used.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tokencost.version import __version__

__all__ = [
    "Breakdown",
    "BudgetError",
    "Catalogue",
    "CatalogueError",
    "Comparison",
    "InputError",
    "ModelCost",
    "NoPriceError",
    "Replay",
    "RequestCost",
    "TokencostError",
    "UnknownModelError",
    "Usage",
    "Workload",
    "WorkloadError",
    "__version__",
    "compare",
    "load_catalogue",
    "load_workload",
    "price",
    "replay",
]

if TYPE_CHECKING:
    from tokencost.api import compare, price, replay
    from tokencost.catalogue import Catalogue, load_catalogue
    from tokencost.engine.rates import Usage
    from tokencost.engine.request import RequestCost
    from tokencost.engine.results import Breakdown, Comparison, ModelCost
    from tokencost.errors import (
        BudgetError,
        CatalogueError,
        InputError,
        NoPriceError,
        TokencostError,
        UnknownModelError,
        WorkloadError,
    )
    from tokencost.replay.results import Replay
    from tokencost.workload import Workload, load_workload

_LAZY = {
    "price": "tokencost.api",
    "compare": "tokencost.api",
    "replay": "tokencost.api",
    "Catalogue": "tokencost.catalogue",
    "load_catalogue": "tokencost.catalogue",
    "Usage": "tokencost.engine.rates",
    "RequestCost": "tokencost.engine.request",
    "Breakdown": "tokencost.engine.results",
    "Comparison": "tokencost.engine.results",
    "ModelCost": "tokencost.engine.results",
    "Replay": "tokencost.replay.results",
    "Workload": "tokencost.workload",
    "load_workload": "tokencost.workload",
    **dict.fromkeys(
        (
            "BudgetError",
            "CatalogueError",
            "InputError",
            "NoPriceError",
            "TokencostError",
            "UnknownModelError",
            "WorkloadError",
        ),
        "tokencost.errors",
    ),
}


def __getattr__(name: str) -> Any:
    """The public names, each imported on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tokencost' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(ModuleType):
    """``tokencost.replay`` is the function, also once the subpackage of that name (the
    replay machinery, ``from tokencost.replay import ...``) has been imported: Python
    sets a subpackage as an attribute of its parent, which would hide the function."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "replay" and isinstance(value, ModuleType):
            return  # the subpackage stays importable by name (sys.modules)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

"""tokencost: what an LLM workload costs per month on each model, exactly.

The public API is small and is what the command line itself uses::

    from tokencost import load_catalogue, Workload, compare

    catalogue = load_catalogue()                    # the catalogue shipped in the package
    workload = Workload.build(tokens_per_day="10M", ratio="3:1")
    result = compare(catalogue, workload)           # as of today, the default source
    for row in result.results:
        print(row.model, row.monthly_cost, row.ratio)

Names are imported lazily so that ``import tokencost`` (and the CLI) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tokencost.version import __version__

__all__ = [
    "Catalogue",
    "Comparison",
    "TokencostError",
    "Workload",
    "__version__",
    "compare",
    "load_catalogue",
    "load_workload",
]

if TYPE_CHECKING:
    from tokencost.catalogue import Catalogue, load_catalogue
    from tokencost.engine import Comparison, compare
    from tokencost.errors import TokencostError
    from tokencost.workload import Workload, load_workload

_LAZY = {
    "Catalogue": "tokencost.catalogue",
    "load_catalogue": "tokencost.catalogue",
    "Comparison": "tokencost.engine",
    "compare": "tokencost.engine",
    "TokencostError": "tokencost.errors",
    "Workload": "tokencost.workload",
    "load_workload": "tokencost.workload",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tokencost' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

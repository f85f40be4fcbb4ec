"""Field rules for the file schemas, without importing pydantic.

The catalogue and workload schemas are plain frozen dataclasses, so a run that finds
its validated files in the cache never imports pydantic (that import and the schema
build cost ~70 ms, more than the rest of a CLI call). Pydantic validates the same
dataclasses on a cache miss: ``Rule`` and ``Check`` implement pydantic's
``__get_pydantic_core_schema__`` hook and import pydantic only then.

    price: Annotated[Decimal, Rule(ge=0, allow_inf_nan=False)]
    prices: Annotated[tuple[PriceEntry, ...], Rule(min_length=1), Check(ordered)]

Field docstrings become the JSON-schema descriptions (``use_attribute_docstrings``).

Why markers: pydantic's own ``Field`` needs pydantic imported, and annotated-types'
constraints (``Ge``, ``MinLen`` ...; no pattern, no ``allow_inf_nan``) are a module of
frozen dataclasses that costs more to import than these three classes cost to define
(measured with ``python -X importtime``: tens of milliseconds against none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

STRICT_FILE: dict[str, object] = {"extra": "forbid", "use_attribute_docstrings": True}
"""Pydantic config of every schema dataclass: unknown keys are errors."""


class Rule:
    """Constraints as pydantic's ``Field`` takes them (ge, gt, le, pattern, min_length ...)."""

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{k}={v!r}' for k, v in self.constraints.items())})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.constraints)])


class Check:
    """A function run on the validated value; it raises ValueError to reject it."""

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __repr__(self) -> str:
        return f"Check({self.check.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


class Before:
    """A function run on the raw value before type validation (e.g. ``"10M"`` -> 10000000)."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert

    def __repr__(self) -> str:
        return f"Before({self.convert.__name__})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.convert, handler(source))

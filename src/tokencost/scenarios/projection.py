"""Growth projections: ``[projection]`` tables and ``--months``/``--growth``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Annotated, ClassVar

from tokencost.errors import InputError
from tokencost.quantities import CONTEXT, parse_quantity
from tokencost.rules import STRICT_FILE, Before, Check, Rule
from tokencost.scenarios.values import before, parse_rate

MAX_MONTHS = 240
"""The longest projection: 20 years."""


@dataclass(frozen=True)
class ProjectionFile:
    """A ``[projection]`` table: how the workload's volume moves month by month."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    months: Annotated[int, Rule(ge=1, le=MAX_MONTHS)] | None = None
    """Months to project (with tokens_per_day: at most its length; default all of it)."""
    growth: Annotated[Decimal, Before(before(parse_rate)), Rule(gt=-1)] | None = None
    """Monthly compound growth of tokens/day: "8%" or 0.08 (negative shrinks)."""
    tokens_per_day: (
        tuple[Annotated[Decimal, Before(before(parse_quantity)), Rule(ge=0)], ...] | None
    ) = None
    """Tokens a day in each month, instead of a growth rate: ["10M", "12M", "15M"]."""


def _one_way_to_grow(spec: ProjectionFile) -> ProjectionFile:
    if spec.growth is not None and spec.tokens_per_day is not None:
        raise ValueError("give growth or tokens_per_day, not both")
    if spec.tokens_per_day is None and spec.months is None:
        raise ValueError("missing months, e.g. months = 12")
    if spec.tokens_per_day is not None:
        Growth.of(spec.months, None, spec.tokens_per_day)  # checks the lengths
    return spec


PROJECTION = Annotated[ProjectionFile, Check(_one_way_to_grow)]


@dataclass(frozen=True)
class Growth:
    """A projection: ``months`` months, tokens/day compounding at ``rate`` a month from the
    workload's, or given month by month in ``volumes``."""

    months: int
    rate: Decimal | None = Decimal(0)
    volumes: tuple[Decimal, ...] | None = None

    @classmethod
    def of(
        cls, months: int | None, rate: Decimal | None, volumes: tuple[Decimal, ...] | None
    ) -> Growth:
        """Check and build: with ``volumes``, ``months`` is at most their number."""
        if volumes is not None:
            if not volumes:
                raise ValueError("tokens_per_day needs at least one month")
            if months is not None and months > len(volumes):
                raise ValueError(
                    f"{months} months but tokens_per_day lists {len(volumes)}; "
                    "give a volume for every month"
                )
            return cls(months or len(volumes), None, volumes[: months or len(volumes)])
        if months is None:
            raise ValueError("missing months")
        return cls(months, rate if rate is not None else Decimal(0), None)

    def tokens_per_day(self, start: Decimal) -> tuple[Decimal, ...]:
        """Tokens a day in each month: the volumes, or ``start`` x (1 + rate)^(k - 1).

        Compounded by repeated exact multiplication (40 significant digits), never a
        float power.
        """
        if self.volumes is not None:
            return self.volumes
        factor = 1 + (self.rate or Decimal(0))
        values = [start]
        with localcontext(CONTEXT):
            for _ in range(self.months - 1):
                values.append(values[-1] * factor)
        return tuple(values)

    def with_overrides(self, months: int | None, rate: Decimal | None) -> Growth:
        """Command-line values over the profile's: a rate replaces volumes."""
        if rate is not None:
            return Growth.of(months or self.months, rate, None)
        return Growth.of(months or self.months, self.rate, self.volumes)


def projection_from_file(spec: ProjectionFile) -> Growth:
    """Normalise a validated ``[projection]`` table."""
    return Growth.of(spec.months, spec.growth, spec.tokens_per_day)


def growth_from_options(
    base: Growth | None, months: int | None, growth: str | None
) -> Growth | None:
    """``--months``/``--growth`` over a profile's projection; None when neither is asked.

    ``--growth`` alone projects 12 months; ``--months`` alone keeps the profile's
    growth (0% without one).
    """
    rate = parse_rate(growth, "--growth") if growth is not None else None
    if months is not None and not 1 <= months <= MAX_MONTHS:
        raise InputError(f"--months: {months} must be between 1 and {MAX_MONTHS}")
    try:
        if base is not None:
            return base.with_overrides(months, rate)
        if months is None and rate is None:
            return None
        return Growth.of(months or 12, rate, None)
    except ValueError as exc:
        raise InputError(f"--months: {exc}") from None

"""Self-hosting setups: ``[selfhost]`` tables and the ``selfhost`` flags."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, ClassVar

from tokencost.errors import InputError
from tokencost.quantities import parse_share
from tokencost.rules import STRICT_FILE, Before, Rule
from tokencost.scenarios.values import Positive, before, parse_money, parse_positive


@dataclass(frozen=True)
class SelfhostFile:
    """A ``[selfhost]`` table: rented GPUs running an open-weights model."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    gpu_hourly: Annotated[Decimal, Before(before(parse_money)), Rule(ge=0)]
    """Rent of one GPU for one hour, USD (no default: tokencost has no GPU prices)."""
    gpus: Positive
    """GPUs rented, around the clock."""
    tokens_per_second: Positive
    """Sustained throughput of the whole deployment, input + output tokens a second."""
    utilization: Annotated[Decimal, Before(before(parse_share)), Rule(gt=0, le=1)]
    """Share of the day the deployment does useful work: "60%" or 0.6."""
    model: Annotated[str, Rule(min_length=1)] | None = None
    """The open-weights model you would run (id or alias), for the record."""


@dataclass(frozen=True)
class Selfhost:
    """A normalised self-hosting setup; every figure given by the user."""

    gpu_hourly: Decimal
    gpus: Decimal
    tokens_per_second: Decimal
    utilization: Decimal
    model: str | None = None


def selfhost_from_file(spec: SelfhostFile) -> Selfhost:
    """Normalise a validated ``[selfhost]`` table."""
    return Selfhost(
        spec.gpu_hourly, spec.gpus, spec.tokens_per_second, spec.utilization, spec.model
    )


def selfhost_from_options(
    base: Selfhost | None,
    *,
    gpu_hourly: str | None,
    gpus: str | None,
    tokens_per_second: str | None,
    utilization: str | None,
    model: str | None,
) -> Selfhost:
    """The flags over the profile's ``[selfhost]``; every figure must come from one of them."""
    given = {
        "--gpu-hourly": None if gpu_hourly is None else parse_money(gpu_hourly, "--gpu-hourly"),
        "--gpus": None if gpus is None else parse_positive(gpus, "--gpus"),
        "--tokens-per-second": None
        if tokens_per_second is None
        else parse_positive(tokens_per_second, "--tokens-per-second"),
        "--utilization": None if utilization is None else _utilization(utilization),
    }
    if base is not None:
        defaults = (base.gpu_hourly, base.gpus, base.tokens_per_second, base.utilization)
        for flag, value in zip(list(given), defaults, strict=True):
            given[flag] = given[flag] if given[flag] is not None else value
    missing = [flag for flag, value in given.items() if value is None]
    if missing:
        raise InputError(
            f"selfhost needs {', '.join(missing)} (or a [selfhost] table in the profile); "
            "tokencost has no GPU prices or throughputs of its own, e.g. --gpu-hourly 3.50 "
            "--gpus 8 --tokens-per-second 2500 --utilization 60%"
        )
    hourly, count, speed, busy = (value or Decimal(0) for value in given.values())
    return Selfhost(hourly, count, speed, busy, model or (base.model if base else None))


def _utilization(text: str) -> Decimal:
    value = parse_share(text, "--utilization")
    if value == 0:
        raise InputError("--utilization: must be more than 0 (e.g. 60% or 0.6)")
    return value

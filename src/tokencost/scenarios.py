"""What-ifs a workload profile can carry: traffic mixes, a growth projection, self-hosting.

Each has a file schema (validated with the profile) and a normalised form the engine
uses. In a profile::

    [[mix]]                              # route shares of the traffic to different models
    name = "tiered"                      # optional; default "10% claude-opus-4.8 + 90% ..."
    parts = [
      { model = "claude-opus-4.8", share = "10%", ratio = "1:1" },  # own input:output
      { model = "deepseek-v4-pro", share = "90%" },                 # the workload's split
    ]

    [projection]                         # month-by-month spend
    months = 12
    growth = "8%"                        # monthly compound growth of tokens/day
    # or: tokens_per_day = ["10M", "12M", "15M"]   one volume per month

    [selfhost]                           # rented GPUs running an open-weights model
    gpu_hourly = 3.50                    # USD per GPU-hour
    gpus = 8
    tokens_per_second = 2500             # sustained, the whole deployment, in + out
    utilization = "60%"
    model = "deepseek-v4-pro"            # optional: the open-weights model you would run

On the command line a mix is ``[NAME=]MODEL:SHARE[@IN:OUT],...``, e.g.
``claude-opus-4.8:10%@1:1,deepseek-v4-pro:90%``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Annotated, ClassVar

from tokencost.errors import InputError
from tokencost.quantities import (
    CONTEXT,
    format_ratio_parts,
    parse_decimal,
    parse_quantity,
    parse_ratio,
    parse_share,
    plain,
)
from tokencost.rules import STRICT_FILE, Before, Check, Rule

MAX_MONTHS = 240
"""The longest projection: 20 years."""


def _before(parse: Callable[[str, str], Decimal]) -> Callable[[object], object]:
    """A pydantic 'before' converter from a quantities parser (strings only)."""

    def convert(value: object) -> object:
        if isinstance(value, str):
            try:
                return parse(value, "value")
            except InputError as exc:
                raise ValueError(str(exc).removeprefix("value: ")) from None
        return value

    convert.__name__ = parse.__name__
    return convert


def parse_rate(text: str, what: str = "growth") -> Decimal:
    """A monthly growth rate: ``8%``, ``-5%`` or ``0.08``; more than -100%."""
    text = text.strip()
    value = (
        parse_decimal(text[:-1], what) / 100 if text.endswith("%") else parse_decimal(text, what)
    )
    if value <= -1:
        raise InputError(f"{what}: {text} must be more than -100% (e.g. 8%, -5% or 0.08)")
    return value


def parse_positive(text: str, what: str = "value") -> Decimal:
    """A number > 0 with the usual suffixes (``2500``, ``2.5k``)."""
    value = parse_quantity(text, what)
    if value == 0:
        raise InputError(f"{what}: must be more than 0")
    return value


def parse_money(text: str, what: str = "price") -> Decimal:
    """A non-negative amount of money: ``3.50`` or ``$3.50``."""
    value = parse_decimal(text.strip().removeprefix("$"), what)
    if value < 0:
        raise InputError(f"{what}: {text} is negative; it must be 0 or more")
    return value


def percent(share: Decimal) -> str:
    """``0.1`` -> ``10%`` (exact)."""
    with localcontext(CONTEXT):
        return f"{plain(share * 100)}%"


Share = Annotated[Decimal, Before(_before(parse_share)), Rule(ge=0, le=1, allow_inf_nan=False)]
"""A share of the traffic: ``"10%"`` or ``0.1``."""

Positive = Annotated[Decimal, Before(_before(parse_positive)), Rule(gt=0, allow_inf_nan=False)]
"""A number > 0; strings may carry k/M/B suffixes."""


def _ratio_text(text: str) -> str:
    try:
        parse_ratio(text)
    except InputError as exc:
        raise ValueError(str(exc).removeprefix("ratio: ")) from None
    return text


# ---------------------------------------------------------------- mixes


@dataclass(frozen=True)
class MixPartFile:
    """One part of a ``[[mix]]``: a model and the share of the traffic it gets."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    model: Annotated[str, Rule(min_length=1)]
    """Model id or alias."""
    share: Share
    """Share of the workload's tokens sent to this model: "10%" or 0.1."""
    ratio: Annotated[str, Check(_ratio_text)] | None = None
    """This part's own input:output ratio, e.g. "1:1". Default: the workload's split."""


def _shares_add_up(parts: tuple[MixPartFile, ...]) -> tuple[MixPartFile, ...]:
    check_shares(tuple(part.share for part in parts))
    return parts


@dataclass(frozen=True)
class MixFile:
    """A ``[[mix]]`` table: shares of the traffic routed to different models."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    parts: Annotated[tuple[MixPartFile, ...], Rule(min_length=1), Check(_shares_add_up)]
    """The parts; their shares add up to exactly 100%."""
    name: Annotated[str, Rule(min_length=1)] | None = None
    """Name shown with the mix's figures. Default: built from the parts."""


@dataclass(frozen=True)
class MixPart:
    """A normalised mix part; ``split`` None means the workload's own split."""

    model: str
    share: Decimal
    split: tuple[Decimal, Decimal] | None = None
    split_label: str | None = None


@dataclass(frozen=True)
class Mix:
    """Traffic routed to several models by share (shares add up to exactly 1)."""

    name: str
    parts: tuple[MixPart, ...]

    @classmethod
    def of(cls, parts: tuple[MixPart, ...], name: str | None = None) -> Mix:
        """A mix, named after its parts unless ``name`` is given."""
        label = " + ".join(f"{percent(p.share)} {p.model}" for p in parts)
        return cls(name or label, parts)


def check_shares(shares: tuple[Decimal, ...], what: str = "shares") -> None:
    """The shares must add up to exactly 100% (no rounding, no remainder)."""
    total = sum(shares, Decimal(0))
    if total != 1:
        raise ValueError(
            f"{what} add up to {percent(total)}, not 100%; "
            "make them add up exactly (e.g. 10% and 90%)"
        )


def mix_from_file(spec: MixFile) -> Mix:
    """Normalise a validated ``[[mix]]`` table."""
    return Mix.of(tuple(_part(p.model, p.share, p.ratio) for p in spec.parts), spec.name)


def _part(model: str, share: Decimal, ratio: str | None, what: str = "ratio") -> MixPart:
    if ratio is None:
        return MixPart(model, share)
    split = parse_ratio(ratio, what)
    return MixPart(model, share, split, format_ratio_parts(*split))


def parse_mix(text: str, what: str = "--mix") -> Mix:
    """Parse ``[NAME=]MODEL:SHARE[@IN:OUT],...``, e.g. ``opus:10%@1:1,deepseek-v4-pro:90%``."""
    name, eq, body = text.partition("=")
    if not eq:
        name, body = "", text
    parts = []
    for item in (piece.strip() for piece in body.split(",")):
        head, at, ratio = item.partition("@")
        model, colon, share = head.rpartition(":")
        if not colon or not model.strip() or not share.strip():
            raise InputError(
                f"{what}: {item!r} is not MODEL:SHARE; write e.g. "
                '"claude-opus-4.8:10%,deepseek-v4-pro:90%" (a part may end in @IN:OUT)'
            )
        value = parse_share(share.strip(), f"{what} share of {model.strip()}")
        parts.append(_part(model.strip(), value, ratio.strip() if at else None, f"{what} ratio"))
    try:
        check_shares(tuple(p.share for p in parts), f"{what}: the shares of {body.strip()!r}")
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return Mix.of(tuple(parts), name.strip() or None)


# ---------------------------------------------------------------- growth


@dataclass(frozen=True)
class ProjectionFile:
    """A ``[projection]`` table: how the workload's volume moves month by month."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    months: Annotated[int, Rule(ge=1, le=MAX_MONTHS)] | None = None
    """Months to project (with tokens_per_day: at most its length; default all of it)."""
    growth: Annotated[Decimal, Before(_before(parse_rate)), Rule(gt=-1)] | None = None
    """Monthly compound growth of tokens/day: "8%" or 0.08 (negative shrinks)."""
    tokens_per_day: (
        tuple[Annotated[Decimal, Before(_before(parse_quantity)), Rule(ge=0)], ...] | None
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


# ---------------------------------------------------------------- self-hosting


@dataclass(frozen=True)
class SelfhostFile:
    """A ``[selfhost]`` table: rented GPUs running an open-weights model."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    gpu_hourly: Annotated[Decimal, Before(_before(parse_money)), Rule(ge=0)]
    """Rent of one GPU for one hour, USD (no default: tokencost has no GPU prices)."""
    gpus: Positive
    """GPUs rented, around the clock."""
    tokens_per_second: Positive
    """Sustained throughput of the whole deployment, input + output tokens a second."""
    utilization: Annotated[Decimal, Before(_before(parse_share)), Rule(gt=0, le=1)]
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

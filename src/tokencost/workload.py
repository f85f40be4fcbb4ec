"""Workload profiles: how many tokens a day, split how between input and output.

A profile is a TOML file::

    name = "support-bot"
    description = "Customer support assistant"
    tokens_per_day = "10M"        # or 10_000_000
    ratio = "3:1"                 # or input_share = 0.75,
                                  # or input_tokens_per_day + output_tokens_per_day
    days_per_month = 30           # optional, default 30

Exactly one way of giving the split is allowed. ``tokens_per_day`` may sit beside
explicit input and output tokens only when it equals their sum.

Optional tables describe what-ifs (see :mod:`tokencost.scenarios`): ``[[mix]]``
(traffic routed by share to several models), ``[projection]`` (month-by-month volume)
and ``[selfhost]`` (rented GPUs). Optional pricing dimensions (cache hits and writes,
reasoning, batch, off-peak hours, requests) are described in :mod:`tokencost.traffic`.

The file as written and its rules are :class:`tokencost.workload_file.WorkloadFile`,
imported only to validate a profile (a cache miss); this module holds the normalised
:class:`Workload` and loads profiles.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING

from tokencost.errors import InputError, WorkloadError
from tokencost.quantities import (
    CONTEXT,
    format_ratio_parts,
    parse_quantity,
    parse_ratio,
    parse_share,
    plain,
)

if TYPE_CHECKING:
    from tokencost.scenarios import Growth, Mix, Selfhost
    from tokencost.traffic import Traffic
    from tokencost.workload_file import WorkloadFile

DEFAULT_TOKENS_PER_DAY = Decimal(10_000_000)
DEFAULT_RATIO = (Decimal(3), Decimal(1))
DEFAULT_DAYS_PER_MONTH = Decimal(30)
MONTHS_PER_YEAR = 12


SCHEMA_FILES = tuple(
    str(Path(__file__).with_name(name))
    for name in ("workload.py", "workload_file.py", "traffic.py", "hours.py", "quantities.py")
)
"""The code a validated profile depends on (part of the cache key)."""


@dataclass(frozen=True)
class Workload:
    """A normalised workload: total tokens a day, its input:output split, month length.

    ``split`` is a pair (input weight, output weight): ``(3, 1)`` for 3:1,
    ``(0.75, 0.25)`` for an input share, the token counts themselves when explicit.
    """

    name: str
    tokens_per_day: Decimal
    split: tuple[Decimal, Decimal]
    days_per_month: Decimal = DEFAULT_DAYS_PER_MONTH
    description: str = ""
    split_label: str = "3:1"
    mixes: tuple[Mix, ...] = ()
    projection: Growth | None = None
    selfhost: Selfhost | None = None
    traffic: Traffic | None = None
    """Pricing dimensions beyond input and output (cache, batch, off-peak, requests ...);
    None: input and output only."""
    source: str | None = None
    """The price source the profile pins (``source = "list"``); None: each model's own."""

    @classmethod
    def build(
        cls,
        *,
        tokens_per_day: str | int | Decimal = DEFAULT_TOKENS_PER_DAY,
        ratio: str | None = None,
        input_share: str | Decimal | None = None,
        days_per_month: str | int | Decimal = DEFAULT_DAYS_PER_MONTH,
        name: str = "default",
        description: str = "",
    ) -> Workload:
        """Build a workload from values as a user writes them (``"10M"``, ``"3:1"``).

        With neither ``ratio`` nor ``input_share`` the split is 3:1.
        """
        workload = cls(
            name=name,
            tokens_per_day=parse_quantity(tokens_per_day, "tokens per day"),
            split=DEFAULT_RATIO,
            days_per_month=_days(days_per_month),
            description=description,
        )
        return workload.with_overrides(ratio=ratio, input_share=input_share)

    @property
    def has_traffic(self) -> bool:
        """True when the workload uses a pricing dimension (cache hits, batch, requests ...)."""
        return self.traffic is not None and self.traffic.used

    @property
    def input_tokens_per_day(self) -> Decimal:
        """Input tokens a day: total x input weight / (input + output weights)."""
        weight_in, weight_out = self.split
        if weight_in + weight_out == 0:
            return Decimal(0)
        with localcontext(CONTEXT):
            return self.tokens_per_day * weight_in / (weight_in + weight_out)

    @property
    def output_tokens_per_day(self) -> Decimal:
        """Output tokens a day: the total less the input tokens (so they add up exactly)."""
        with localcontext(CONTEXT):
            return self.tokens_per_day - self.input_tokens_per_day

    def with_overrides(
        self,
        *,
        tokens_per_day: str | int | Decimal | None = None,
        ratio: str | None = None,
        input_share: str | Decimal | None = None,
        days_per_month: str | int | Decimal | None = None,
    ) -> Workload:
        """A copy with command-line values replacing the profile's.

        A new total keeps the profile's split; a new ratio or share keeps its total.
        """
        if ratio is not None and input_share is not None:
            raise InputError("give --ratio or --input-share, not both")
        result = self
        if tokens_per_day is not None:
            total = parse_quantity(tokens_per_day, "--tokens-per-day")
            result = replace(result, tokens_per_day=total)
        if ratio is not None:
            split = parse_ratio(ratio, "--ratio")
            result = replace(result, split=split, split_label=format_ratio_parts(*split))
        if input_share is not None:
            share = parse_share(input_share, "--input-share")
            label = f"input share {plain(share)}"
            result = replace(result, split=(share, 1 - share), split_label=label)
        if days_per_month is not None:
            result = replace(result, days_per_month=_days(days_per_month, "--days-per-month"))
        return result


def reduced_ratio(weight_in: Decimal, weight_out: Decimal) -> str:
    """Explicit token counts as the smallest whole ratio: (190M, 10M) -> ``19:1``."""
    from fractions import Fraction

    if weight_in + weight_out == 0:
        return "0:0"
    exact = Fraction(weight_in) / Fraction(weight_in + weight_out)
    return f"{exact.numerator}:{exact.denominator - exact.numerator}"


def _days(value: str | int | Decimal, what: str = "days per month") -> Decimal:
    days = parse_quantity(value, what)
    if not 0 < days <= 31:
        raise InputError(f"{what}: {plain(days)} must be more than 0 and at most 31")
    return days


DEFAULT_WORKLOAD = Workload(
    name="default", tokens_per_day=DEFAULT_TOKENS_PER_DAY, split=DEFAULT_RATIO
)


def load_workload(path: str | Path) -> Workload:
    """Read and validate a workload profile (TOML). Raises WorkloadError on any problem."""
    from tokencost.cache import cached, read_bytes

    path = Path(path)
    data = read_bytes(path, WorkloadError)
    return cached(
        "workload",
        {path: data},
        lambda: _build(path, data),
        expect=Workload,
        code=(*SCHEMA_FILES, *_scenario_sources()),
    )


def _scenario_sources() -> list[str]:
    """The source files of tokencost.scenarios (part of a cached profile's key)."""
    return sorted(str(p) for p in (Path(__file__).parent / "scenarios").glob("*.py"))


def _build(path: Path, data: bytes) -> Workload:
    from tokencost.validation import parse_toml

    return from_table(parse_toml(path, data, WorkloadError), str(path))


def from_table(raw: object, where: str) -> Workload:
    """Validate an already-parsed profile table (a file's, or one inline in a budget file).

    Problems raise WorkloadError as ``where: key: fix`` (the first, and how many more).
    """
    from tokencost.validation import problems
    from tokencost.workload_file import PROFILE

    spec, errors = problems(PROFILE, raw, where)
    if spec is None:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise WorkloadError(f"{errors[0]}{more}")
    return from_file(spec)


def from_file(spec: WorkloadFile) -> Workload:
    """Normalise a validated profile."""
    from tokencost.workload_file import traffic_of

    if spec.input_tokens_per_day is not None and spec.output_tokens_per_day is not None:
        split = (spec.input_tokens_per_day, spec.output_tokens_per_day)
        total, label = split[0] + split[1], reduced_ratio(*split)
    elif spec.ratio is not None:
        split = parse_ratio(spec.ratio)
        total, label = spec.tokens_per_day or Decimal(0), format_ratio_parts(*split)
    else:
        share = spec.input_share or Decimal(0)
        split = (share, 1 - share)
        total, label = spec.tokens_per_day or Decimal(0), f"input share {plain(share)}"
    workload = Workload(
        name=spec.name,
        tokens_per_day=total,
        split=split,
        days_per_month=spec.days_per_month,
        description=spec.description,
        split_label=label,
        traffic=traffic_of(spec),
        source=spec.source,
    )
    return _with_what_ifs(workload, spec)


def _with_what_ifs(workload: Workload, spec: WorkloadFile) -> Workload:
    """The normalised ``[[mix]]``, ``[projection]`` and ``[selfhost]`` tables, if any."""
    if not spec.mix and spec.projection is None and spec.selfhost is None:
        return workload
    from tokencost.scenarios import mix_from_file, projection_from_file, selfhost_from_file

    return replace(
        workload,
        mixes=tuple(mix_from_file(mix) for mix in spec.mix),
        projection=projection_from_file(spec.projection) if spec.projection else None,
        selfhost=selfhost_from_file(spec.selfhost) if spec.selfhost else None,
    )

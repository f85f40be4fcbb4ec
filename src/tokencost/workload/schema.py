"""A workload profile as written in TOML: :class:`WorkloadFile` and the rules it is validated by.

Used to validate a profile (a cache miss; see :func:`tokencost.workload.load.load_workload`
and :func:`tokencost.workload.load.from_table`). The normalised form every command uses
is :class:`tokencost.workload.normalised.Workload`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Annotated, ClassVar

from tokencost import hours
from tokencost.errors import InputError, WorkloadError
from tokencost.quantities import format_ratio_parts, parse_quantity, parse_ratio, plain
from tokencost.rules import STRICT_FILE, Before, Check, Rule
from tokencost.scenarios import (
    PROJECTION,
    MixFile,
    SelfhostFile,
    mix_from_file,
    projection_from_file,
    selfhost_from_file,
)
from tokencost.scenarios.values import Share, ratio_text
from tokencost.workload.normalised import DEFAULT_DAYS_PER_MONTH, Workload, reduced_ratio
from tokencost.workload.traffic import Traffic, check


def _quantity(value: object) -> object:
    """``"10M"`` -> Decimal(10000000); other values are left to type validation."""
    if isinstance(value, str | int | Decimal) and not isinstance(value, bool):
        try:
            return parse_quantity(value, "value")
        except InputError as exc:
            raise ValueError(exc.detail) from None
    return value


TokenCount = Annotated[Decimal, Before(_quantity), Rule(ge=0, allow_inf_nan=False)]
"""A token count: exact, >= 0; strings may carry k/M/B/T suffixes ("10M")."""


def _span(text: str) -> str:
    hours.parse_span(text)
    return text


@dataclass(frozen=True)
class WorkloadFile:
    """A workload profile as written in TOML."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    name: Annotated[str, Rule(min_length=1)]
    """Short name, printed with every figure."""
    description: str = ""
    """What the workload models."""
    tokens_per_day: TokenCount | None = None
    """Input + output tokens a day: 10_000_000 or "10M"."""
    ratio: Annotated[str, Check(ratio_text)] | None = None
    """Input:output ratio, e.g. "3:1"."""
    input_share: Annotated[Decimal, Rule(ge=0, le=1, allow_inf_nan=False)] | None = None
    """Share of the tokens that are input, 0 to 1 (0.75 is 3:1)."""
    input_tokens_per_day: TokenCount | None = None
    """Input tokens a day (with output_tokens_per_day, instead of a ratio)."""
    output_tokens_per_day: TokenCount | None = None
    """Output tokens a day (with input_tokens_per_day, instead of a ratio)."""
    days_per_month: Annotated[Decimal, Rule(gt=0, le=31, allow_inf_nan=False)] = (
        DEFAULT_DAYS_PER_MONTH
    )
    """Days in a billing month (default 30)."""
    mix: tuple[MixFile, ...] = ()
    """``[[mix]]`` tables: shares of the traffic routed to different models."""
    projection: PROJECTION | None = None
    """``[projection]``: months to project and how the volume grows."""
    selfhost: SelfhostFile | None = None
    """``[selfhost]``: rented GPUs to compare with the APIs."""
    cache_read_share: Share | None = None
    """Share of the input tokens read from the prompt cache (cache hits), 0 to 1: part of
    the input tokens, billed at each model's cache_read price."""
    cache_write_share: Share | None = None
    """Share of the input tokens written to the prompt cache, 0 to 1, billed at each
    model's cache_write price; with cache_read_share, 1 at most."""
    cache_write_long: bool | None = None
    """Cache writes use the provider's longer lifetime (e.g. 1 hour) where it sells one,
    billed at each model's cache_write_long price."""
    reasoning_share: Share | None = None
    """Share of the output tokens that are reasoning (thinking) tokens, 0 to 1: part of the
    output tokens, billed at each model's reasoning price (its output price by default)."""
    batch_share: Share | None = None
    """Share of the traffic sent through batch APIs, 0 to 1."""
    off_peak_share: Share | None = None
    """Share of the traffic sent in off-peak hours, 0 to 1; with batch_share, 1 at most."""
    off_peak_hours: Annotated[str, Check(_span)] | None = None
    """The UTC hours of the off-peak traffic, "HH:MM-HH:MM" (may wrap midnight, e.g.
    "22:00-02:00"); the rest of the traffic is spread evenly over the other hours.
    Default: each model's own off-peak windows."""
    requests_per_day: TokenCount | None = None
    """Requests a day, so per-request fees and long-context tiers apply (the average prompt
    is input tokens / requests)."""
    prompt_tokens: Annotated[Decimal, Before(_quantity), Rule(gt=0, allow_inf_nan=False)] | None = (
        None
    )
    """Average input tokens per request (instead of requests_per_day)."""
    cache_hit_share: Share | None = None
    """Deprecated: the former name of cache_read_share."""
    long_cache_writes: bool | None = None
    """Deprecated: the former name of cache_write_long."""

    __former_names__: ClassVar[dict[str, str]] = {
        "cache_hit_share": "cache_read_share",
        "long_cache_writes": "cache_write_long",
    }
    """Former keys (still read, never suggested) and their names now (docs/glossary.md)."""


DEPRECATED_KEYS = WorkloadFile.__former_names__


def traffic_of(spec: WorkloadFile) -> Traffic | None:
    """The profile's pricing dimensions (absent keys: zero or unknown); None when it
    gives none."""
    given = [getattr(spec, name) for name in TRAFFIC_KEYS]
    if all(value is None for value in given):
        return None
    zero = Decimal(0)
    cache_read = spec.cache_hit_share if spec.cache_read_share is None else spec.cache_read_share
    longer = spec.long_cache_writes if spec.cache_write_long is None else spec.cache_write_long
    return Traffic(
        cache_read_share=cache_read or zero,
        cache_write_share=spec.cache_write_share or zero,
        cache_write_long=bool(longer),
        reasoning_share=spec.reasoning_share or zero,
        batch_share=spec.batch_share or zero,
        off_peak_share=spec.off_peak_share or zero,
        off_peak_hours=hours.parse_span(spec.off_peak_hours) if spec.off_peak_hours else None,
        requests_per_day=spec.requests_per_day,
        prompt_tokens=spec.prompt_tokens,
    )


def traffic_rules(spec: WorkloadFile) -> WorkloadFile:
    """Shares that add up, hours with their share, requests or a prompt size (not both),
    a key or its former name (not both)."""
    for old, new in DEPRECATED_KEYS.items():
        if getattr(spec, old) is not None and getattr(spec, new) is not None:
            raise ValueError(f"give {new} ({old} is its former name), not both")
    if spec.requests_per_day is not None and spec.prompt_tokens is not None:
        raise ValueError("give requests_per_day or prompt_tokens, not both")
    if spec.off_peak_hours is not None and spec.off_peak_share is None:
        raise ValueError(
            "off_peak_hours needs off_peak_share, the share of traffic sent in those hours"
        )
    found = traffic_of(spec)
    if found is not None:
        check(found)
    return spec


def one_split(spec: WorkloadFile) -> WorkloadFile:
    """Exactly one way of giving the split, and a total that agrees with it."""
    explicit = (spec.input_tokens_per_day, spec.output_tokens_per_day)
    given = {
        "ratio": spec.ratio is not None,
        "input_share": spec.input_share is not None,
        "input_tokens_per_day/output_tokens_per_day": any(v is not None for v in explicit),
    }
    ways = [name for name, present in given.items() if present]
    if len(ways) > 1:
        raise ValueError(f"give the split one way, not {' and '.join(ways)}")
    if explicit[0] is not None and explicit[1] is not None:
        total = explicit[0] + explicit[1]
        if spec.tokens_per_day is not None and spec.tokens_per_day != total:
            raise ValueError(
                f"tokens_per_day ({plain(spec.tokens_per_day)}) is not input + output "
                f"({plain(total)}); drop it or correct it"
            )
    elif ways == ["input_tokens_per_day/output_tokens_per_day"]:
        raise ValueError("give both input_tokens_per_day and output_tokens_per_day")
    elif spec.tokens_per_day is None:
        raise ValueError('missing tokens_per_day, e.g. tokens_per_day = "10M"')
    elif not ways:
        raise ValueError('missing the split: add ratio = "3:1" or input_share = 0.75')
    return spec


PROFILE = Annotated[WorkloadFile, Check(one_split), Check(traffic_rules)]
"""What a profile file is validated as: its fields, the one-split rule, the traffic rules."""

TRAFFIC_KEYS = (
    "cache_read_share",
    "cache_write_share",
    "cache_write_long",
    "reasoning_share",
    "batch_share",
    "off_peak_share",
    "off_peak_hours",
    "requests_per_day",
    "prompt_tokens",
    *DEPRECATED_KEYS,
)
"""The profile keys of the pricing dimensions (see tokencost.workload.traffic), the
names of :class:`~tokencost.workload.traffic.Traffic`'s fields, and their former names."""


# -- a validated profile as a Workload ------------------------------------------------


def from_table(raw: object, where: str) -> Workload:
    """Validate an already-parsed profile table (a file's, or one inline in a budget file).

    Problems raise WorkloadError as ``where: key: fix`` (the first, and how many more).
    """
    from tokencost.validation import problems

    spec, errors = problems(PROFILE, raw, where)
    if spec is None:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise WorkloadError(f"{errors[0]}{more}")
    return from_file(spec)


def from_file(spec: WorkloadFile) -> Workload:
    """Normalise a validated profile."""
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
    )
    return _with_what_ifs(workload, spec)


def _with_what_ifs(workload: Workload, spec: WorkloadFile) -> Workload:
    """The normalised ``[[mix]]``, ``[projection]`` and ``[selfhost]`` tables, if any."""
    if not spec.mix and spec.projection is None and spec.selfhost is None:
        return workload
    return replace(
        workload,
        mixes=tuple(mix_from_file(mix) for mix in spec.mix),
        projection=projection_from_file(spec.projection) if spec.projection else None,
        selfhost=selfhost_from_file(spec.selfhost) if spec.selfhost else None,
    )

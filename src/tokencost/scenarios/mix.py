"""Traffic mixes: ``[[mix]]`` tables and ``--mix`` values, shares that add up to 100%."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, ClassVar

from tokencost.errors import InputError
from tokencost.quantities import format_ratio_parts, parse_ratio, parse_share, plain_percent
from tokencost.rules import STRICT_FILE, Check, Rule
from tokencost.scenarios.values import Share, ratio_text


@dataclass(frozen=True)
class MixPartFile:
    """One part of a ``[[mix]]``: a model and the share of the traffic it gets."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    model: Annotated[str, Rule(min_length=1)]
    """Model id or alias."""
    share: Share
    """Share of the workload's tokens sent to this model: "10%" or 0.1."""
    ratio: Annotated[str, Check(ratio_text)] | None = None
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
        label = " + ".join(f"{plain_percent(p.share)} {p.model}" for p in parts)
        return cls(name or label, parts)


def check_shares(shares: tuple[Decimal, ...], what: str = "shares") -> None:
    """The shares must add up to exactly 100% (no rounding, no remainder)."""
    total = sum(shares, Decimal(0))
    if total != 1:
        raise ValueError(
            f"{what} add up to {plain_percent(total)}, not 100%; "
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

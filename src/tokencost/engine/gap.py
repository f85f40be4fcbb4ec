"""The gap explorer: how the price ratio of two models moves with the input share.

With input share s (0 = output only, 1 = input only) a model's price per 1M tokens is
``s x input + (1 - s) x output``, so the ratio of model A to model B is

    R(s) = (a_out + s (a_in - a_out)) / (b_out + s (b_in - b_out))

a Mobius function of s: monotonic on [0, 1] (B has no zero inside it), extreme at
the ends. ``R(s) = k`` is linear in s, so where a range ``lo <= R(s) <= hi`` holds
is an interval of shares with exact rational bounds (solved with Fraction).
R is undefined where B's price is zero (a ratio to a free price, never infinite).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction

from tokencost.catalogue import Catalogue, Model
from tokencost.engine.cost import ratio, split_price
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.results import CatalogueInfo, PriceUsed, SourceInfo
from tokencost.errors import InputError, NoPriceError
from tokencost.quantities import CONTEXT

NAMED_POINTS = (
    ("input-only", Decimal(1)),
    ("3:1", Decimal("0.75")),
    ("1:1", Decimal("0.5")),
    ("output-only", Decimal(0)),
)
"""The points every gap shows, as (label, input share)."""


@dataclass(frozen=True)
class GapPoint:
    """The ratio at one input share, with both models' prices per 1M tokens there."""

    input_share: Decimal
    label: str
    """A named point's name (``3:1``), else ``""``."""
    a_price: Decimal
    b_price: Decimal
    ratio: Decimal | None


@dataclass(frozen=True)
class Bound:
    """One end of an interval of input shares: exact, and whether it is included."""

    share: Fraction
    closed: bool

    @property
    def decimal(self) -> Decimal:
        """The share as a Decimal (rounded at the 40th digit when not terminating)."""
        with localcontext(CONTEXT):
            return Decimal(self.share.numerator) / Decimal(self.share.denominator)


@dataclass(frozen=True)
class Interval:
    """The input shares where a range of ratios holds: ``low`` to ``high``."""

    low: Bound
    high: Bound


@dataclass(frozen=True)
class SourceGap:
    """The gap on one source's prices."""

    source: SourceInfo
    a_price: PriceUsed
    b_price: PriceUsed
    points: tuple[GapPoint, ...]
    """The named points, input-only first."""
    curve: tuple[GapPoint, ...]
    """The ratio every ``step`` of input share, input-only first."""
    holds: Interval | None
    """Where the range holds (None: nowhere, or no range asked)."""

    @property
    def span(self) -> tuple[Decimal, Decimal] | None:
        """The lowest and highest defined ratio on [0, 1]: R is monotonic, so at the ends."""
        ends = [p.ratio for p in (self.points[0], self.points[-1]) if p.ratio is not None]
        return (min(ends), max(ends)) if ends else None

    def rows(self) -> tuple[GapPoint, ...]:
        """The curve and the named points together, input-only first."""
        by_share = {p.input_share: p for p in self.curve} | {p.input_share: p for p in self.points}
        return tuple(by_share[s] for s in sorted(by_share, reverse=True))


@dataclass(frozen=True)
class Gap:
    """How many times model A costs model B, across input shares, on each source."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    a: Model
    b: Model
    range: tuple[Decimal, Decimal] | None
    step: Decimal
    sources: tuple[SourceGap, ...]
    skipped: tuple[tuple[str, str], ...]
    """Sources of the catalogue left out, with the reason (no price for a model)."""


def gap(
    catalogue: Catalogue,
    model_a: str,
    model_b: str,
    *,
    as_of: date,
    sources: tuple[str, ...] = (),
    range_: tuple[Decimal, Decimal] | None = None,
    step: Decimal = Decimal("0.1"),
) -> Gap:
    """The ratio A/B from input-only to output-only on each source.

    ``sources`` empty: every source of the catalogue that prices both models on
    ``as_of`` (the default source first; sources with no entry for either model, such
    as trackers only cited as ``via``, are not considered); a source named explicitly
    must price both.
    """
    a, b = catalogue.model(model_a), catalogue.model(model_b)
    if not 0 < step <= 1:
        raise InputError("--step: must be more than 0% and at most 100%")
    cited = {entry.source for model in (a, b) for entry in model.prices}
    wanted = sources or tuple(
        sid
        for sid in dict.fromkeys((catalogue.default_source, *catalogue.manifest.sources))
        if sid in cited
    )
    found: list[SourceGap] = []
    skipped: list[tuple[str, str]] = []
    for sid in wanted:
        info = source_info(catalogue, sid)
        try:
            pa, pb = (PriceUsed.of(catalogue.price_at(m.id, as_of, sid)) for m in (a, b))
        except NoPriceError as exc:
            if sources:
                raise
            skipped.append((sid, str(exc)))
            continue
        found.append(_source_gap(info, pa, pb, range_, step))
    if not found:
        raise NoPriceError(
            f"no source prices both {a.id} and {b.id} on {as_of}: "
            + "; ".join(reason for _, reason in skipped)
        )
    return Gap(
        catalogue_info(catalogue),
        catalogue.manifest.currency,
        as_of,
        a,
        b,
        range_,
        step,
        tuple(found),
        tuple(skipped),
    )


def point(share: Decimal, a: PriceUsed, b: PriceUsed, label: str = "") -> GapPoint:
    """The prices and ratio at input share ``share``."""
    split = (share, 1 - share)
    pa, pb = split_price(split, a.input, a.output), split_price(split, b.input, b.output)
    return GapPoint(share, label, pa, pb, ratio(pa, pb))


def curve_shares(step: Decimal) -> tuple[Decimal, ...]:
    """1, 1 - step, ... down to 0 (both ends always)."""
    with localcontext(CONTEXT):
        count = int(1 / step)
        values = [1 - step * k for k in range(count + 1) if 1 - step * k > 0]
    return (*values, Decimal(0))


def _source_gap(
    info: SourceInfo,
    a: PriceUsed,
    b: PriceUsed,
    range_: tuple[Decimal, Decimal] | None,
    step: Decimal,
) -> SourceGap:
    points = tuple(point(share, a, b, label) for label, share in NAMED_POINTS)
    named = {share: label for label, share in NAMED_POINTS}
    curve = tuple(point(s, a, b, named.get(s, "")) for s in curve_shares(step))
    holds = where_range_holds(a, b, range_) if range_ else None
    return SourceGap(info, a, b, points, curve, holds)


def where_range_holds(
    a: PriceUsed, b: PriceUsed, range_: tuple[Decimal, Decimal]
) -> Interval | None:
    """The input shares s in [0, 1] with ``lo <= R(s) <= hi`` and R defined, exactly.

    Each condition is linear in s: ``A(s) - lo B(s) >= 0``, ``hi B(s) - A(s) >= 0`` and
    ``B(s) > 0``; their intersection with [0, 1] is an interval (or nothing).
    """
    lo, hi = (Fraction(value) for value in range_)
    a0, a1 = Fraction(a.output), Fraction(a.input) - Fraction(a.output)
    b0, b1 = Fraction(b.output), Fraction(b.input) - Fraction(b.output)
    low, high = Bound(Fraction(0), True), Bound(Fraction(1), True)
    conditions = (
        (a0 - lo * b0, a1 - lo * b1, True),
        (hi * b0 - a0, hi * b1 - a1, True),
        (b0, b1, False),
    )
    for constant, slope, closed in conditions:
        if slope == 0:
            if constant < 0 or (constant == 0 and not closed):
                return None
            continue
        edge = Bound(-constant / slope, closed)
        if slope > 0:
            low = _tighter(low, edge, upper=False)
        else:
            high = _tighter(high, edge, upper=True)
    if low.share > high.share or (low.share == high.share and not (low.closed and high.closed)):
        return None
    return Interval(low, high)


def _tighter(current: Bound, edge: Bound, *, upper: bool) -> Bound:
    """The stricter of two lower (or upper) bounds."""
    if edge.share == current.share:
        return Bound(edge.share, edge.closed and current.closed)
    stricter = edge.share < current.share if upper else edge.share > current.share
    return edge if stricter else current


def split_of(share: Decimal | Fraction) -> str:
    """An input share as the smallest whole input:output ratio: 0.75 -> ``3:1``."""
    exact = Fraction(share)
    rest = 1 - exact
    if rest == 0:
        return "1:0"
    whole = exact / rest
    return f"{whole.numerator}:{whole.denominator}"

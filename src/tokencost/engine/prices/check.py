"""Where sources disagree: the same model on the same date, priced by two sources.

For every pair of sources (in the manifest's order, the earlier one as reference)
and every model both price on the date, the input and output prices are compared.
A discrepancy's size is the larger of the two changes in %, measured from the
reference; a change from a zero price is undefined and counts as the largest of all.
A discrepancy exceeds the tolerance when its size is above it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tokencost.catalogue import Catalogue
from tokencost.engine.prices.browse import percent_change, priced_sources
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.results import CatalogueInfo, PriceUsed, SourceInfo
from tokencost.errors import InputError, NoPriceError


@dataclass(frozen=True)
class Discrepancy:
    """Two sources' prices of one model on one date that differ."""

    model: str
    reference: PriceUsed
    other: PriceUsed
    input_change: Decimal | None
    """Change in % of the other source's input price from the reference's (None: from 0)."""
    output_change: Decimal | None
    size: Decimal | None
    """The larger absolute change in %; None when a change from 0 makes it unbounded."""
    exceeds: bool


@dataclass(frozen=True)
class CheckResult:
    """Every discrepancy between sources on ``as_of``, largest first."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    sources: tuple[SourceInfo, ...]
    host: str | None
    tolerance: Decimal
    """Largest accepted size of a discrepancy, in %."""
    compared: int
    """How many (model, pair of sources) comparisons were made."""
    discrepancies: tuple[Discrepancy, ...]

    @property
    def over(self) -> int:
        """How many discrepancies exceed the tolerance."""
        return sum(1 for d in self.discrepancies if d.exceeds)

    @property
    def failed(self) -> bool:
        """True when any discrepancy exceeds the tolerance."""
        return self.over > 0


def check(
    catalogue: Catalogue,
    *,
    as_of: date,
    sources: Sequence[str] | None = None,
    host: str | None = None,
    tolerance: Decimal = Decimal(0),
) -> CheckResult:
    """Compare every pair of ``sources`` (default: all that price a model) on ``as_of``."""
    wanted = list(dict.fromkeys(sources)) if sources else priced_sources(catalogue)
    infos = tuple(source_info(catalogue, sid) for sid in wanted)
    if len(wanted) < 2:
        raise InputError(
            f"prices check needs two sources to compare; this catalogue prices with: "
            f"{', '.join(wanted) or 'none'} (give --sources a,b)"
        )
    compared = 0
    found: list[Discrepancy] = []
    for ref, other in itertools.combinations(wanted, 2):
        for model in catalogue.models():
            a = _price(catalogue, model.id, as_of, ref, host)
            b = _price(catalogue, model.id, as_of, other, host)
            if a is None or b is None:
                continue
            compared += 1
            if (a.input, a.output) != (b.input, b.output):
                found.append(_discrepancy(model.id, a, b, tolerance))
    found.sort(key=_largest_first)
    return CheckResult(
        catalogue_info(catalogue),
        catalogue.manifest.currency,
        as_of,
        infos,
        host,
        tolerance,
        compared,
        tuple(found),
    )


def _price(
    catalogue: Catalogue, model_id: str, as_of: date, source: str, host: str | None
) -> PriceUsed | None:
    try:
        return PriceUsed.of(catalogue.price_at(model_id, as_of, source, host))
    except NoPriceError:
        return None


def _discrepancy(model: str, a: PriceUsed, b: PriceUsed, tolerance: Decimal) -> Discrepancy:
    changes = (percent_change(a.input, b.input), percent_change(a.output, b.output))
    size = None if None in changes else max(c.copy_abs() for c in changes if c is not None)
    exceeds = size is None or size > tolerance
    return Discrepancy(model, a, b, changes[0], changes[1], size, exceeds)


def _largest_first(d: Discrepancy) -> tuple[int, Decimal, str, str, str]:
    unbounded = d.size is None
    return (
        0 if unbounded else 1,
        -(d.size or Decimal(0)),
        d.model,
        d.reference.source,
        d.other.source,
    )

"""What changed between two price lists: two dates, two sources or two catalogues.

A side is (catalogue, source, date). Each model is priced on both sides (with the
same host choice); a model priced only on the new side is ``added``, only on the old
side ``removed``, on both with another input or output price ``repriced``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from tokencost.catalogue import Catalogue, PriceEntry
from tokencost.catalogue.schema import PRICING_FIELDS, pricing_values
from tokencost.engine.prices.browse import percent_change
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.results import CatalogueInfo, PriceUsed, SourceInfo
from tokencost.errors import NoPriceError, UnknownModelError

PriceStatus = Literal["added", "removed", "repriced", "unchanged"]
ORDER: dict[PriceStatus, int] = {"added": 0, "removed": 1, "repriced": 2, "unchanged": 3}


@dataclass(frozen=True)
class PriceSide:
    """One side of a diff: which catalogue, source and date."""

    path: str
    catalogue: CatalogueInfo
    source: SourceInfo
    as_of: date


@dataclass(frozen=True)
class PriceChange:
    """How one model's price differs between the two sides."""

    model: str
    status: PriceStatus
    old: PriceUsed | None
    new: PriceUsed | None
    input_change: Decimal | None
    """Change in % of the input price (None: not on both sides, or from 0)."""
    output_change: Decimal | None
    dimensions: tuple[str, ...] = ()
    """The pricing dimensions (cache_read, tiers ...) whose price differs between the
    sides; a model with any is repriced even when its input and output prices are not."""


@dataclass(frozen=True)
class PriceDiff:
    """Every model's change from the old side to the new, added first."""

    old: PriceSide
    new: PriceSide
    currency: str
    host: str | None
    changes: tuple[PriceChange, ...]

    def count(self, status: PriceStatus) -> int:
        """How many models have this status."""
        return sum(1 for c in self.changes if c.status == status)


def diff(
    old: Catalogue,
    new: Catalogue,
    *,
    old_source: str | None,
    new_source: str | None,
    old_date: date,
    new_date: date,
    host: str | None = None,
) -> PriceDiff:
    """Compare the prices of ``old`` (source, date) with those of ``new`` (source, date).

    Both may be the same catalogue. Models match by id; a model that neither side
    prices is left out.
    """
    old_side = PriceSide(str(old.path), catalogue_info(old), source_info(old, old_source), old_date)
    new_side = PriceSide(str(new.path), catalogue_info(new), source_info(new, new_source), new_date)
    ids = dict.fromkeys([m.id for m in old.models()] + [m.id for m in new.models()])
    changes = []
    for model_id in ids:
        before = _entry(old, model_id, old_side, host)
        after = _entry(new, model_id, new_side, host)
        if before is None and after is None:
            continue
        changes.append(_change(model_id, before, after))
    changes.sort(key=lambda c: (ORDER[c.status], c.model))
    return PriceDiff(old_side, new_side, old.manifest.currency, host, tuple(changes))


def _entry(
    catalogue: Catalogue, model_id: str, side: PriceSide, host: str | None
) -> PriceEntry | None:
    try:
        model = catalogue.model(model_id)
        return catalogue.price_at(model.id, side.as_of, side.source.id, host)
    except (NoPriceError, UnknownModelError):
        return None


def _change(model_id: str, old: PriceEntry | None, new: PriceEntry | None) -> PriceChange:
    before = PriceUsed.of(old) if old is not None else None
    after = PriceUsed.of(new) if new is not None else None
    if before is None or old is None:
        return PriceChange(model_id, "added", None, after, None, None)
    if after is None or new is None:
        return PriceChange(model_id, "removed", before, None, None, None)
    old_dims, new_dims = pricing_values(old), pricing_values(new)
    dimensions = tuple(name for name in PRICING_FIELDS if old_dims[name] != new_dims[name])
    same = (before.input, before.output) == (after.input, after.output) and not dimensions
    return PriceChange(
        model_id,
        "unchanged" if same else "repriced",
        before,
        after,
        percent_change(before.input, after.input),
        percent_change(before.output, after.output),
        dimensions,
    )

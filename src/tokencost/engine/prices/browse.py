"""The catalogue's price entries as a flat table, and one model's price history.

Every entry becomes a :class:`PriceRow`: model, source, host, the period it applies
(``effective`` to ``until``, the next entry of the same source and host), its prices
and its provenance (``via`` and the ``checked`` date it inherits when it has none).
``prices list``, ``show``, ``history`` and ``export`` are all drawn from these rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.catalogue.schema import PRICING_FIELDS
from tokencost.engine.pricing import catalogue_info, source_info
from tokencost.engine.results import CatalogueInfo, SourceInfo
from tokencost.quantities import CONTEXT


@dataclass(frozen=True)
class PriceRow:
    """One price entry of one model, with the period it applies and where it came from."""

    model: str
    provider: str
    source: str
    host: str | None
    effective: date
    until: date | None
    """First day of the next entry of the same source and host (None: still current)."""
    input: Decimal
    output: Decimal
    checked: date | None
    """The entry's checked date, else its via source's, else its source's (None: unknown)."""
    via: str | None
    note: str | None
    derived: str | None
    default_host: bool
    """True when ``host`` is the model's default host."""
    entry: PriceEntry | None = field(default=None, compare=False, repr=False)
    """The catalogue entry; its pricing dimensions (cache_read, tiers ...) read as
    attributes of the row (None when the entry has none)."""

    def __getattr__(self, name: str) -> object:
        if name in PRICING_FIELDS:
            return getattr(self.entry, name) if self.entry is not None else None
        raise AttributeError(name)

    def in_effect(self, as_of: date) -> bool:
        """True when this price applies on ``as_of``."""
        return self.effective <= as_of and (self.until is None or as_of < self.until)


@dataclass(frozen=True)
class Missing:
    """A model that a source does not price on the date."""

    model: str
    source: str
    reason: str


@dataclass(frozen=True)
class PriceTable:
    """Price rows of a catalogue: every entry, or those in effect on ``as_of``."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date | None
    sources: tuple[SourceInfo, ...]
    rows: tuple[PriceRow, ...]
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True)
class HistoryRow:
    """A price in a model's timeline and how it moved from the one it replaced."""

    row: PriceRow
    current: bool
    previous: PriceRow | None
    input_change: Decimal | None
    """Change in % of the input price from ``previous`` (None: no previous, or from 0)."""
    output_change: Decimal | None


@dataclass(frozen=True)
class ModelHistory:
    """Every price entry of one model, oldest first, with the changes between them."""

    catalogue: CatalogueInfo
    currency: str
    as_of: date
    model: Model
    provider: str
    provider_name: str
    sources: tuple[SourceInfo, ...]
    rows: tuple[HistoryRow, ...]


def percent_change(old: Decimal, new: Decimal) -> Decimal | None:
    """``(new - old) / old`` in percent; 0 when both are 0; None (undefined) from 0."""
    if old == 0:
        return Decimal(0) if new == 0 else None
    with localcontext(CONTEXT):
        return (new - old) / old * 100


def price_rows(catalogue: Catalogue, models: Iterable[Model] | None = None) -> list[PriceRow]:
    """Every entry of ``models`` (all by default) as rows, models in file order."""
    rows: list[PriceRow] = []
    for model in models if models is not None else catalogue.models():
        provider = catalogue.provider_of(model.id).provider
        for entry in model.prices:
            rows.append(_row(catalogue, model, provider, entry))
    return rows


def _row(catalogue: Catalogue, model: Model, provider: str, entry: PriceEntry) -> PriceRow:
    later = [
        e.effective
        for e in model.prices
        if (e.source, e.host) == (entry.source, entry.host) and e.effective > entry.effective
    ]
    sources = catalogue.manifest.sources
    checked = entry.checked
    for sid in (entry.via, entry.source):
        if checked is None and sid is not None and sid in sources:
            checked = sources[sid].checked
    return PriceRow(
        model=model.id,
        provider=provider,
        source=entry.source,
        host=entry.host,
        effective=entry.effective,
        until=min(later) if later else None,
        input=entry.input,
        output=entry.output,
        checked=checked,
        via=entry.via,
        note=entry.note,
        derived=entry.derived,
        default_host=entry.host is not None and entry.host == model.default_host,
        entry=entry,
    )


def priced_sources(catalogue: Catalogue) -> list[str]:
    """Declared sources that price at least one model, in the manifest's order."""
    used = {e.source for m in catalogue.models() for e in m.prices}
    return [sid for sid in catalogue.manifest.sources if sid in used]


def price_table(
    catalogue: Catalogue,
    *,
    as_of: date | None = None,
    sources: Sequence[str] | None = None,
    models: Sequence[str] | None = None,
) -> PriceTable:
    """Every entry, or with ``as_of`` those in effect that day (every host of each).

    ``sources`` and ``models`` (ids or aliases) narrow the table. With ``as_of``,
    models a source does not price that day are listed in ``missing``.
    """
    wanted = list(sources) if sources else priced_sources(catalogue)
    infos = tuple(source_info(catalogue, sid) for sid in wanted)
    chosen = [catalogue.model(name) for name in models] if models else list(catalogue.models())
    rows = [r for r in price_rows(catalogue, chosen) if r.source in wanted]
    order = {sid: index for index, sid in enumerate(wanted)}
    position = {model.id: index for index, model in enumerate(chosen)}
    rows.sort(key=lambda r: (position[r.model], order[r.source], r.host or "", r.effective))
    missing: list[Missing] = []
    if as_of is not None:
        rows = [r for r in rows if r.in_effect(as_of)]
        priced = {(r.model, r.source) for r in rows}
        for model in chosen:
            for sid in wanted:
                if (model.id, sid) not in priced:
                    missing.append(Missing(model.id, sid, _why_missing(model, sid)))
    return PriceTable(
        catalogue_info(catalogue),
        catalogue.manifest.currency,
        as_of,
        infos,
        tuple(rows),
        tuple(missing),
    )


def _why_missing(model: Model, source: str) -> str:
    first = [e.effective for e in model.prices if e.source == source]
    if not first:
        return f"{model.id} has no price from source '{source}'"
    return f"{model.id} has no price from source '{source}' before {min(first)}"


def history(
    catalogue: Catalogue, name: str, *, as_of: date, sources: Sequence[str] | None = None
) -> ModelHistory:
    """The timeline of one model (id or alias): every entry, oldest first.

    Each row says whether it is in effect on ``as_of`` and how its prices changed
    from the previous entry of the same source and host.
    """
    model = catalogue.model(name)
    provider = catalogue.provider_of(model.id)
    for sid in sources or ():
        catalogue.source(sid)  # an unknown source is an error, not an empty history
    rows = [r for r in price_rows(catalogue, [model]) if not sources or r.source in sources]
    rows.sort(key=lambda r: (r.effective, r.source, r.host or ""))
    timeline: list[HistoryRow] = []
    last: dict[tuple[str, str | None], PriceRow] = {}
    for row in rows:
        before = last.get((row.source, row.host))
        timeline.append(
            HistoryRow(
                row,
                row.in_effect(as_of),
                before,
                percent_change(before.input, row.input) if before else None,
                percent_change(before.output, row.output) if before else None,
            )
        )
        last[(row.source, row.host)] = row
    used = [sid for sid in catalogue.manifest.sources if any(r.source == sid for r in rows)]
    return ModelHistory(
        catalogue_info(catalogue),
        catalogue.manifest.currency,
        as_of,
        model,
        provider.provider,
        provider.name,
        tuple(source_info(catalogue, sid) for sid in used),
        tuple(timeline),
    )

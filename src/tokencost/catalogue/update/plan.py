"""What a tracker's file changes in the catalogue, as the overlay that brings it (no I/O).

The file, converted by the project's importer into a catalogue of its own
(:func:`tokencost.catalogue.importers.convert`), is laid against the catalogue below
the update overlay (the base: the shipped catalogue). Each of its models is matched to
a model of the base by id or alias (case-insensitive); a model its provider sells for
another developer (a host such as groq selling Meta's Llama) gets entries with that
``host``. Then, for every entry of the file (source ``list``, via the update's own
source):

- a model the base does not know comes in whole (a *new model*);
- an entry whose prices differ from the base's entry in effect on its date (same
  source and host) comes in on its date (a *changed price*; a *new price* when the
  base has none then); it keeps the pricing dimensions of that entry the file does not
  give (a file without batch prices does not take the base's away);
- an entry equal to the base's is left out.

The overlay holds exactly those: the base plus the overlay is the tracker's view, and
the next update rewrites the overlay whole. What is *shown* is compared with the
catalogue before the update (the base with the previous update overlay), so a second
run of the same file shows nothing new.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import tomli_w

from tokencost.catalogue.edit import entry_dict, keep_dimensions
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.schema import PRICING_FIELDS, Model, PriceEntry
from tokencost.catalogue.tomltext import provider_toml
from tokencost.errors import InputError

ChangeKind = Literal["new model", "new price", "changed price"]


@dataclass(frozen=True)
class UpdateChange:
    """One thing the update brings, against the catalogue before it."""

    kind: ChangeKind
    model: str
    provider: str
    host: str | None
    effective: date
    old: PriceEntry | None
    """The entry in effect on ``effective`` before the update (None: none)."""
    new: PriceEntry

    @property
    def fields(self) -> tuple[str, ...]:
        """The prices that differ from the entry before (none for a new model or price)."""
        if self.old is None:
            return ()
        return tuple(name for name in PRICE_FIELDS if _differs(self.old, self.new, name))


@dataclass(frozen=True)
class UpdatePlan:
    """The overlay an update writes and what it changes."""

    source: str
    """The source its entries belong to (the base's fallback source, ``list``)."""
    via: str
    """The update's own source, which its entries cite."""
    changes: tuple[UpdateChange, ...]
    providers: dict[str, dict[str, Any]]
    """Provider id -> the overlay's provider file as data (provider, name, models)."""
    in_file: int
    """Models converted from the file."""
    matched: int
    """Of those, models the base has."""
    unchanged: int
    """Entries of the file equal to the base's."""


def plan_update(
    base: Catalogue, before: Catalogue, imported: Catalogue, *, via: str, day: date
) -> UpdatePlan:
    """The overlay that brings ``imported`` over ``base`` (module docstring), with its
    changes against ``before`` (the catalogue as it was)."""
    source = _list_source(base)
    builder = _Builder(base, source, via, day)
    matched = 0
    for pfile in imported.providers:
        for model in pfile.models:
            target = _match(base, model)
            if target is None:
                builder.new_model(pfile.provider, pfile.name, model)
                continue
            matched += 1
            owner = base.provider_of(target.id).provider
            host = None if pfile.provider == owner else pfile.provider
            builder.new_entries(target, owner, host, model.prices)
    changes = tuple(builder.changes_against(before))
    return UpdatePlan(
        source,
        via,
        changes,
        builder.files,
        sum(len(p.models) for p in imported.providers),
        matched,
        builder.unchanged,
    )


def _list_source(base: Catalogue) -> str:
    source = base.manifest.fallback_source or "list"
    if source not in base.manifest.sources:
        raise InputError(
            f"the catalogue has no '{source}' source for list prices to update; give a "
            "catalogue that declares one (--catalogue)"
        )
    return source


def _match(base: Catalogue, model: Model) -> Model | None:
    """The base's model with the file model's id or one of its aliases, if any."""
    for name in (model.id, *model.aliases):
        found = base.find(name)
        if found is not None:
            return found
    return None


class _Builder:
    """The overlay's provider files, built model by model."""

    def __init__(self, base: Catalogue, source: str, via: str, day: date) -> None:
        self.base, self.source, self.via, self.day = base, source, via, day
        self.files: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, list[PriceEntry]] = {}
        self.added: list[tuple[str, Model]] = []
        self.unchanged = 0
        self.names = set(base.names.exact)  # every id and alias, lower-cased

    def _entry(self, entry: PriceEntry, host: str | None) -> PriceEntry:
        return dataclasses.replace(
            entry, source=self.source, via=self.via, checked=self.day, host=host
        )

    def new_model(self, provider: str, provider_name: str, model: Model) -> None:
        """A model the base does not know, with every entry of the file (none when an
        earlier model of the file already took its id as an alias)."""
        if model.id.lower() in self.names:
            return
        aliases = tuple(a for a in model.aliases if a.lower() not in self.names)
        self.names.update(name.lower() for name in (model.id, *aliases))
        prices = tuple(self._entry(e, None) for e in model.prices)
        added = dataclasses.replace(model, aliases=aliases, prices=prices, default_host=None)
        self.added.append((provider, added))
        self._table(provider, provider_name)["models"].append(_model_data(added))

    def new_entries(
        self, target: Model, owner: str, host: str | None, prices: tuple[PriceEntry, ...]
    ) -> None:
        """The file's entries for a model the base has, where they differ from its own."""
        kept = self.entries.setdefault(target.id, [])
        taken = {(e.host, e.effective) for e in kept}
        for entry in prices:
            new = self._entry(entry, host)
            if (host, new.effective) in taken:
                continue  # a second record of the file for the same model and host
            old = _in_effect(target.prices, self.source, host, new.effective)
            if old is not None and same_prices(old, new):
                self.unchanged += 1
                continue
            if old is not None:
                new = keep_missing(new, old)
            kept.append(new)
            taken.add((host, new.effective))
        if not kept:
            return
        table = self._table(owner, self.base.provider_of(target.id).name)
        table["models"] = [m for m in table["models"] if m["id"] != target.id]
        ordered = sorted(kept, key=lambda e: e.effective)
        table["models"].append(
            {"id": target.id, "name": target.name, "prices": [_entry_data(e) for e in ordered]}
        )

    def _table(self, provider: str, name: str) -> dict[str, Any]:
        return self.files.setdefault(provider, {"provider": provider, "name": name, "models": []})

    def changes_against(self, before: Catalogue) -> Iterator[UpdateChange]:
        """What the overlay changes in ``before``, model by model."""
        for provider, model in self.added:
            if _known(before, model.id):
                yield from self._changed(before, model.id, provider, model.prices)
                continue
            for entry in model.prices:
                yield UpdateChange(
                    "new model", model.id, provider, None, entry.effective, None, entry
                )
        for model_id, entries in self.entries.items():
            yield from self._changed(
                before, model_id, self.base.provider_of(model_id).provider, entries
            )

    def _changed(
        self, before: Catalogue, model_id: str, provider: str, entries: Any
    ) -> Iterator[UpdateChange]:
        prices = before.model(model_id).prices
        for entry in entries:
            old = _in_effect(prices, self.source, entry.host, entry.effective)
            if old is not None and same_prices(old, entry):
                continue
            kind: ChangeKind = "new price" if old is None else "changed price"
            yield UpdateChange(kind, model_id, provider, entry.host, entry.effective, old, entry)


def _known(catalogue: Catalogue, model_id: str) -> bool:
    return catalogue.find(model_id) is not None


def _in_effect(
    prices: tuple[PriceEntry, ...], source: str, host: str | None, day: date
) -> PriceEntry | None:
    current = [e for e in prices if e.source == source and e.host == host and e.effective <= day]
    return current[-1] if current else None


PRICE_FIELDS = ("input", "output", *PRICING_FIELDS)


def same_prices(old: PriceEntry, new: PriceEntry) -> bool:
    """True when every price ``new`` gives equals ``old``'s (what it does not give is
    not compared: a tracker that lacks batch prices does not change them)."""
    return not any(_differs(old, new, name) for name in PRICE_FIELDS)


def _differs(old: PriceEntry, new: PriceEntry, name: str) -> bool:
    value = getattr(new, name)
    return value is not None and value != getattr(old, name)


def keep_missing(new: PriceEntry, old: PriceEntry) -> PriceEntry:
    """``new`` with the pricing dimensions of ``old`` it does not give."""
    return keep_dimensions(new, old)[0]


def _entry_data(entry: PriceEntry) -> dict[str, Any]:
    return entry_dict(entry)


def _model_data(model: Model) -> dict[str, Any]:
    """A new model as a ``[[models]]`` table: the facts the file gave, then its prices."""
    data: dict[str, Any] = {"id": model.id, "name": model.name}
    if model.aliases:
        data["aliases"] = list(model.aliases)
    for name in ("context_window", "note"):
        if getattr(model, name) is not None:
            data[name] = getattr(model, name)
    data["prices"] = [_entry_data(e) for e in model.prices]
    return data


def overlay_files(
    plan: UpdatePlan, fetched: dict[str, Any], *, title: str, url: str
) -> dict[str, str]:
    """The overlay's files as TOML text: ``overlay.toml`` (what it was made from, its
    source) and one file per provider.

    ``fetched``: location, format, sha256 and day (the ``[fetched]`` table); ``title`` and
    ``url``: the tracker's, for the source its entries cite.
    """
    day = fetched["day"]
    head = {
        "name": f"prices update: {fetched['format']}",
        "updated": day,
        "note": (
            "Written by `tokencost prices update`: what the tracker's file changes in the "
            "catalogue below. The next update rewrites this folder whole; keep your own "
            "prices in another overlay."
        ),
        "fetched": fetched,
        "sources": {
            plan.via: {
                "title": f"{title}, fetched by tokencost prices update",
                "url": url,
                "checked": day,
                "note": (
                    f"Fetched from {fetched['location']} ({fetched['sha256']}) on "
                    f"{day.isoformat()}. Prices the file does not date are dated the day "
                    "they were fetched, unless --effective said otherwise."
                ),
            }
        },
    }
    comment = (
        f"# Written by `tokencost prices update` on {day.isoformat()}; rewritten whole by "
        "the next update.\n# Prices USD per 1M tokens.\n\n"
    )
    files = {"overlay.toml": comment + tomli_w.dumps(head)}
    for provider, table in sorted(plan.providers.items()):
        files[f"{provider}.toml"] = comment + provider_toml(table)
    return files

"""Laying an overlay over the catalogue below it (a cache miss only).

The rules (docs/overlays.md):

- a model the layers below do not know is added, in the provider file the overlay puts
  it in (a provider new to the stack is added with the overlay file's name and url);
- for a model they know, the overlay adds its price entries, each replacing the entry
  below with the same source, host and effective date, and adds its aliases; its other
  keys (name, context window ...) count only where the layer below has none;
- an overlay may declare new sources and choose the default and fallback sources; it
  may not redeclare a source of a layer below (its entries would change meaning).

What contradicts the layers below (a model put under another provider, an alias that
names another model, an undeclared source) or the overlay itself (a model twice) is a
problem naming the overlay's file and key, and nothing is merged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tokencost.catalogue.crossfile import host_problems
from tokencost.catalogue.schema import (
    Manifest,
    Model,
    OverlayManifest,
    PriceEntry,
    ProviderFile,
    entry_key,
)
from tokencost.problems import Loc, Problem


@dataclass
class Merged:
    """The catalogue so far: its manifest and providers, with their models by id."""

    manifest: Manifest
    providers: dict[str, ProviderFile]
    models: dict[str, dict[str, Model]]
    """provider id -> model id -> model, in file order."""
    names: dict[str, str]
    """Every id and alias, lower-cased -> model id."""

    @classmethod
    def of(cls, manifest: Manifest, providers: tuple[ProviderFile, ...]) -> Merged:
        """The merge state of a validated catalogue."""
        names: dict[str, str] = {}
        for pfile in providers:
            for model in pfile.models:
                for name in (model.id, *model.aliases):
                    names[name.lower()] = model.id
        return cls(
            manifest,
            {p.provider: p for p in providers},
            {p.provider: {m.id: m for m in p.models} for p in providers},
            names,
        )

    def owner(self, model_id: str) -> str | None:
        """The provider of ``model_id``, or None."""
        return next((pid for pid, models in self.models.items() if model_id in models), None)

    def provider_files(self) -> tuple[ProviderFile, ...]:
        """The providers with their merged models."""
        return tuple(
            dataclasses.replace(pfile, models=tuple(self.models[pid].values()))
            for pid, pfile in self.providers.items()
        )


def apply_overlay(
    below: Merged, head: str, overlay: OverlayManifest, files: Mapping[str, ProviderFile]
) -> list[Problem]:
    """Lay ``overlay`` (its head file's name, its provider files by name) over ``below``,
    in place; return the problems found, else none."""
    problems = list(_manifest_problems(below, head, overlay))
    if problems:
        return problems
    below.manifest = _manifest(below.manifest, overlay)
    owners = {mid: pid for pid, models in below.models.items() for mid in models}
    placed: dict[str, str] = {}
    for file_name, pfile in files.items():
        for index, model in enumerate(pfile.models):
            where = _Where(file_name, ("models", index))
            found = list(_model_problems(below, owners, placed, pfile, model, where))
            if found:
                problems += found
                continue
            placed[model.id] = file_name
            merged = _place(below, owners, pfile, model)
            problems += host_problems(merged, file_name, (*where.loc, "default_host"))
            for name in (model.id, *model.aliases):
                below.names[name.lower()] = model.id
    return problems


@dataclass(frozen=True)
class _Where:
    """A model table of an overlay's file: the file and the table's key path."""

    file: str
    loc: Loc

    def at(self, *keys: int | str, message: str, fix: str) -> Problem:
        return Problem(self.file, (*self.loc, *keys), message, fix)


def _manifest_problems(below: Merged, head: str, overlay: OverlayManifest) -> Iterator[Problem]:
    declared = below.manifest.sources
    for sid in overlay.sources or {}:
        if sid in declared:
            yield Problem(
                head,
                ("sources", sid),
                f"already declared by a layer below ('{declared[sid].title}')",
                "cite it without declaring it, or give your source another id",
            )
    known = list(dict.fromkeys([*declared, *(overlay.sources or {})]))
    for key in ("default_source", "fallback_source"):
        sid = getattr(overlay, key)
        if sid is not None and sid not in known:
            yield Problem(
                head,
                (key,),
                f"'{sid}' is not declared",
                f"declare it under [sources.{sid}] or use one of: {', '.join(known)}",
            )


def _manifest(manifest: Manifest, overlay: OverlayManifest) -> Manifest:
    return dataclasses.replace(
        manifest,
        sources={**manifest.sources, **(overlay.sources or {})},
        default_source=overlay.default_source or manifest.default_source,
        fallback_source=overlay.fallback_source or manifest.fallback_source,
    )


def _model_problems(
    below: Merged,
    owners: dict[str, str],
    placed: dict[str, str],
    pfile: ProviderFile,
    model: Model,
    where: _Where,
) -> Iterator[Problem]:
    if model.id in placed:
        yield where.at(
            "id",
            message=f"'{model.id}' is also in {placed[model.id]} of this overlay",
            fix="give each model once (one table, its entries in date order)",
        )
        return
    known = below.names.get(model.id.lower())
    if known is not None and known != model.id:
        yield where.at(
            "id",
            message=f"'{model.id}' is another name of '{known}' in a layer below",
            fix=f'write id = "{known}"',
        )
        return
    owner = owners.get(model.id)
    if owner is not None and owner != pfile.provider:
        yield where.at(
            "id",
            message=f"'{model.id}' is a model of provider '{owner}' in a layer below",
            fix=f"move it to that provider's file ({owner}.toml)",
        )
    for alias in model.aliases:
        other = below.names.get(alias.lower())
        if other is not None and other != model.id:
            yield where.at(
                "aliases",
                message=f"'{alias}' already names model '{other}'",
                fix="remove it (ids and aliases must be unique across the layers)",
            )
    for p_index, entry in enumerate(model.prices):
        for key in ("source", "via"):
            sid = getattr(entry, key)
            if sid is not None and sid not in below.manifest.sources:
                yield where.at(
                    "prices",
                    p_index,
                    key,
                    message=f"unknown source '{sid}'",
                    fix=f"declare it under [sources.{sid}] in overlay.toml (declared: "
                    f"{', '.join(below.manifest.sources)})",
                )


def _place(below: Merged, owners: dict[str, str], pfile: ProviderFile, model: Model) -> Model:
    """Add ``model`` to the merge (merged with the model below of that id)."""
    pid = pfile.provider
    if pid not in below.providers:
        below.providers[pid] = dataclasses.replace(pfile, models=())
        below.models[pid] = {}
    old = below.models[pid].get(model.id)
    merged = model if old is None else merge_model(old, model)
    below.models[pid][model.id] = merged
    owners[model.id] = pid
    return merged


def merge_model(old: Model, new: Model) -> Model:
    """``old`` with ``new``'s entries (winning on the same source, host and date), its
    aliases added, and its other keys where ``old`` has none."""
    entries: dict[tuple[object, ...], PriceEntry] = {entry_key(e): e for e in old.prices}
    entries.update((entry_key(e), e) for e in new.prices)
    prices = tuple(sorted(entries.values(), key=lambda e: e.effective))
    seen = {a.lower() for a in (old.id, *old.aliases)}
    aliases = (*old.aliases, *(a for a in new.aliases if a.lower() not in seen))
    facts = {
        f.name: getattr(new, f.name)
        for f in dataclasses.fields(Model)
        if f.name not in ("id", "prices", "aliases") and getattr(old, f.name) is None
    }
    return dataclasses.replace(old, prices=prices, aliases=aliases, **facts)

"""A validated catalogue in memory: lookups of models by name and of prices by date."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tokencost.catalogue.names import Names
from tokencost.catalogue.schema import Manifest, Model, PriceEntry, ProviderFile, Source
from tokencost.errors import InputError, NoPriceError, UnknownModelError, did_you_mean

KNOWN_LISTED = 12
"""An unknown model's message lists every model only when there are at most this many."""


@dataclass(frozen=True)
class Catalogue:
    """A validated catalogue: manifest, providers and models, plus its digest."""

    path: Path
    manifest: Manifest
    providers: tuple[ProviderFile, ...]
    digest: str
    _models: dict[str, tuple[Model, ProviderFile]] = field(repr=False)
    names: Names = field(repr=False)
    """Every name of every model: ids, aliases and patterns (:mod:`.names`)."""

    @classmethod
    def from_files(
        cls, path: Path, manifest: Manifest, providers: tuple[ProviderFile, ...], digest: str
    ) -> Catalogue:
        """Index validated files (ids and aliases must already be unique)."""
        models: dict[str, tuple[Model, ProviderFile]] = {}
        names: dict[str, str] = {}
        patterns = []
        for pfile in providers:  # in file-name order
            with_patterns = []
            for model in pfile.models:
                models[model.id] = (model, pfile)
                for name in (model.id, *model.aliases):
                    names[name.lower()] = model.id
                if model.patterns:
                    with_patterns.append((model.id, model.patterns))
            if with_patterns:
                patterns.append((pfile.patterns or (), tuple(with_patterns)))
        return cls(path, manifest, providers, digest, models, Names(names, tuple(patterns)))

    @property
    def version(self) -> str:
        """The catalogue's CalVer version, e.g. ``2026.11.0``."""
        return self.manifest.version

    @property
    def default_source(self) -> str:
        """The source id used when none is asked for."""
        return self.manifest.default_source

    def models(self) -> Iterator[Model]:
        """Every model, in file order."""
        for model, _ in self._models.values():
            yield model

    def model(self, name: str, source: str | None = None) -> Model:
        """The model this name means (an id, alias or pattern, case-insensitive: the rules
        of :mod:`tokencost.catalogue.names`), or UnknownModelError. With ``source``, the
        first model those rules find that the source prices, as a replay on it takes
        (``openai/gpt-5.5`` is OpenRouter's model on ``list``, GPT-5.5 on ``article``)."""
        accept = None if source is None else self._priced_by(source)
        model_id = self.names.resolve(name, accept)
        if model_id is None:
            few = len(self._models) <= KNOWN_LISTED
            hint = did_you_mean(name.strip().lower(), self.names.exact) or (
                f"; known models: {', '.join(self._models)}" if few else ""
            )
            raise UnknownModelError(f"unknown model '{name}'{hint} (tokencost models lists them)")
        return self._models[model_id][0]

    def _priced_by(self, source: str) -> Callable[[str], bool]:
        def priced(model_id: str) -> bool:
            return any(e.source == source for e in self._models[model_id][0].prices)

        return priced

    def provider_of(self, model_id: str) -> ProviderFile:
        """The provider file that holds the model."""
        return self._models[model_id][1]

    def source(self, source_id: str) -> Source:
        """A declared source, or InputError naming the sources there are."""
        try:
            return self.manifest.sources[source_id]
        except KeyError:
            hint = did_you_mean(source_id, self.manifest.sources)
            raise InputError(
                f"unknown source '{source_id}'{hint}; this catalogue has: "
                f"{', '.join(self.manifest.sources)}"
            ) from None

    def price_at(
        self, model_id: str, as_of: date, source: str | None = None, host: str | None = None
    ) -> PriceEntry:
        """The entry of ``source`` (default source if None) in effect on ``as_of``.

        An entry applies from its effective date until the next entry of the same
        source and host. Which host: ``host`` when given and the source prices this
        model through hosts; else the developer's own price (an entry without host),
        else the model's ``default_host``. Raises NoPriceError when the model has no
        such entry on that date.
        """
        source = source or self.default_source
        model = self._models[model_id][0]
        entries = [e for e in model.prices if e.source == source]
        if not entries:
            have = sorted({e.source for e in model.prices})
            raise NoPriceError(
                f"{model_id} has no price from source '{source}' (it has: {', '.join(have)})"
            )
        entries, at = self._host_entries(model, source, entries, host)
        current = [e for e in entries if e.effective <= as_of]
        if not current:
            raise NoPriceError(
                f"{model_id} has no price from source '{source}'{at} on {as_of}; its first is "
                f"effective {entries[0].effective} (use --as-of {entries[0].effective} or later)"
            )
        return current[-1]

    @staticmethod
    def _host_entries(
        model: Model, source: str, entries: list[PriceEntry], host: str | None
    ) -> tuple[list[PriceEntry], str]:
        hosts = sorted({e.host for e in entries if e.host})
        if not hosts:
            return entries, ""
        if host is None and any(e.host is None for e in entries):
            return [e for e in entries if e.host is None], ""
        chosen = host or model.default_host
        picked = [e for e in entries if e.host == chosen]
        if not picked:
            raise NoPriceError(
                f"{model.id} has no price from source '{source}' at host '{chosen}' "
                f"(its hosts there: {', '.join(hosts)}; pick one with --host)"
            )
        return picked, f" at host '{chosen}'"

    def hosts(self, model_id: str, source: str | None = None) -> tuple[str, ...]:
        """The hosts that sell ``model_id`` in ``source`` (every source if None), sorted."""
        model = self._models[model_id][0]
        found = {e.host for e in model.prices if e.host and source in (None, e.source)}
        return tuple(sorted(found))

"""A validated catalogue in memory: lookups of models by name and of prices by date."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from pathlib import Path

from tokencost.catalogue.layers import Layer
from tokencost.catalogue.names import Names, model_candidates
from tokencost.catalogue.schema import Manifest, Model, PriceEntry, ProviderFile, Source
from tokencost.catalogue.suggest import unknown_model
from tokencost.errors import InputError, NoPriceError, UnknownModelError, did_you_mean


class Catalogue:
    """A validated catalogue: manifest, providers and models, plus its digest.

    A catalogue of several layers (an overlay over the shipped one ...) is their merge:
    ``manifest`` and ``providers`` are the merged data, ``digest`` is the digest of it,
    ``path`` the base's folder and ``layers`` each layer with its own digest.

    Kept in the cache (a pickle), a provider file stays pickled bytes until one of its
    models is looked at: a run that prices five of 2,000 models unpickles only their
    providers' files. The names (ids, aliases and patterns) and which provider holds
    each model are plain strings, read at once.
    """

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        digest: str,
        layers: tuple[Layer, ...],
        files: dict[str, ProviderFile | bytes],
        names: Names,
        owners: dict[str, str],
        defaults: tuple[str, ...],
    ) -> None:
        self.path, self.manifest, self.digest, self.layers = path, manifest, digest, layers
        self._files = files
        self.names = names
        """Every name of every model: ids, aliases and patterns (:mod:`.names`)."""
        self._owners = owners
        """Model id -> provider id, in file order."""
        self._defaults = defaults
        """Ids of the models the default source prices."""
        self._by_id: dict[str, Model] = {}

    @classmethod
    def from_files(
        cls,
        path: Path,
        manifest: Manifest,
        providers: tuple[ProviderFile, ...],
        digest: str,
        layers: tuple[Layer, ...] = (),
    ) -> Catalogue:
        """Index validated files (ids and aliases must already be unique)."""
        names: dict[str, str] = {}
        owners: dict[str, str] = {}
        defaults: list[str] = []
        patterns = []
        for pfile in providers:  # in file-name order
            with_patterns = []
            for model in pfile.models:
                owners[model.id] = pfile.provider
                for name in (model.id, *model.aliases):
                    names[name.lower()] = model.id
                if model.patterns:
                    with_patterns.append((model.id, model.patterns))
                if any(e.source == manifest.default_source for e in model.prices):
                    defaults.append(model.id)
            if with_patterns:
                patterns.append((pfile.patterns or (), tuple(with_patterns)))
        files: dict[str, ProviderFile | bytes] = {p.provider: p for p in providers}
        lookup = Names(names, tuple(patterns))
        return cls(path, manifest, digest, layers, files, lookup, owners, tuple(defaults))

    def __getstate__(self) -> dict[str, object]:
        """Each provider file pickled on its own, so that loading reads only what is used."""
        files = {
            pid: f if isinstance(f, bytes) else pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)
            for pid, f in self._files.items()
        }
        return {**self.__dict__, "_files": files, "_by_id": {}}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    def __eq__(self, other: object) -> bool:
        """The same data (digest) from the same folders and layers."""
        if not isinstance(other, Catalogue):
            return NotImplemented
        return (self.path, self.digest, self.layers, self.manifest) == (
            other.path,
            other.digest,
            other.layers,
            other.manifest,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.digest))

    def __repr__(self) -> str:
        return f"Catalogue({str(self.path)!r}, {self.manifest.name!r}, {self.digest[:19]!r})"

    def with_layers(self, layers: tuple[Layer, ...]) -> Catalogue:
        """The same catalogue, its layers described as ``layers``."""
        copy = Catalogue.__new__(Catalogue)
        copy.__dict__.update(self.__dict__)
        copy.layers = layers
        return copy

    def _file(self, provider: str) -> ProviderFile:
        found = self._files[provider]
        if isinstance(found, bytes):
            found = self._files[provider] = pickle.loads(found)
            assert isinstance(found, ProviderFile)
            self._by_id.update((m.id, m) for m in found.models)
        return found

    def by_id(self, model_id: str) -> Model:
        """The model whose id is exactly ``model_id`` (no name rules; KeyError if none),
        reading only its provider's file."""
        found = self._by_id.get(model_id)
        if found is None:
            self._by_id.update((m.id, m) for m in self._file(self._owners[model_id]).models)
            found = self._by_id[model_id]
        return found

    @property
    def providers(self) -> tuple[ProviderFile, ...]:
        """Every provider file, in file order."""
        return tuple(self._file(pid) for pid in self._files)

    def provider_ids(self) -> tuple[str, ...]:
        """Every provider's id, in file order (without reading the files)."""
        return tuple(self._files)

    def model_ids(self) -> tuple[str, ...]:
        """Every model's id, in file order (without reading the files)."""
        return tuple(self._owners)

    def provider_id_of(self, model_id: str) -> str:
        """The id of the provider that holds the model (without reading its file)."""
        return self._owners[model_id]

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
        for pid in self._files:
            yield from self._file(pid).models

    def model(self, name: str, source: str | None = None) -> Model:
        """The model this name means (:meth:`find`), or UnknownModelError with the names
        it may have meant."""
        found = self.find(name, source)
        if found is None:
            raise UnknownModelError(unknown_model(name, self.names.exact, list(self._owners)))
        return found

    def find(self, name: str, source: str | None = None) -> Model | None:
        """The model this name means (an id, alias or pattern, case-insensitive, also with a
        ``provider/`` prefix or a date suffix: the rules of :mod:`tokencost.catalogue.names`,
        as a usage replay resolves names), or None (no suggestion is worked out: a loop
        over thousands of names stays fast).

        Where the name may mean several models, the first that ``source`` prices (None:
        the default source, then each model's own, :meth:`source_for`), as a replay on
        that source takes (``openai/gpt-5.5`` is OpenRouter's model on ``list``, GPT-5.5
        on ``article``, the default); when it prices none, the first. Patterns are tried
        only for a name no id or alias gives (compiling them all costs tens of
        milliseconds).
        """
        accept = self._priced_by(source or self.default_source)
        then = self._priced_by(None) if source is None else accept
        exact = [self.names.exact.get(n) for n in model_candidates(name)]
        found = [model_id for model_id in exact if model_id is not None]
        if found:
            model_id: str | None = next(
                (m for m in found if accept(m)), next((m for m in found if then(m)), found[0])
            )
        else:
            model_id = self.names.resolve(name, accept, then)
        return None if model_id is None else self.by_id(model_id)

    def _priced_by(self, source: str | None) -> Callable[[str], bool]:
        def priced(model_id: str) -> bool:
            wanted = self.source_for(model_id, source)
            return any(e.source == wanted for e in self.by_id(model_id).prices)

        return priced

    def provider_of(self, model_id: str) -> ProviderFile:
        """The provider file that holds the model."""
        return self._file(self._owners[model_id])

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

    def source_for(self, model_id: str, source: str | None = None) -> str:
        """The source ``model_id`` is priced from: ``source`` when given; else the default
        source when the model has an entry from it, else the fallback source (when the
        manifest names one), else the default source."""
        if source is not None:
            return source
        default, fallback = self.default_source, self.manifest.fallback_source
        if fallback is None or any(e.source == default for e in self.by_id(model_id).prices):
            return default
        return fallback

    def default_models(self) -> Iterator[Model]:
        """The models priced by the default source (what ``compare`` shows by default)."""
        for model_id in self._defaults:
            yield self.by_id(model_id)

    def price_at(
        self, model_id: str, as_of: date, source: str | None = None, host: str | None = None
    ) -> PriceEntry:
        """The entry of ``source`` (if None: :meth:`source_for` the model) in effect on
        ``as_of``.

        An entry applies from its effective date until the next entry of the same
        source and host. Which host: ``host`` when given and the source prices this
        model through hosts; else the developer's own price (an entry without host),
        else the model's ``default_host``. Raises NoPriceError when the model has no
        such entry on that date.
        """
        source = self.source_for(model_id, source)
        if host is not None and host not in self.all_hosts:
            hint = did_you_mean(host, self.all_hosts)
            known = ", ".join(sorted(self.all_hosts)) or "none"
            raise InputError(
                f"--host: unknown host '{host}'{hint} (hosts in this catalogue: {known})"
            )
        model = self.by_id(model_id)
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

    @cached_property
    def all_hosts(self) -> frozenset[str]:
        """Every host any price entry names (a --host outside them is a typo). Reads
        every provider file: asked only when a host is named."""
        return frozenset(e.host for m in self.models() for e in m.prices if e.host)

    def hosts(self, model_id: str, source: str | None = None) -> tuple[str, ...]:
        """The hosts that sell ``model_id`` in ``source`` (every source if None), sorted."""
        model = self.by_id(model_id)
        found = {e.host for e in model.prices if e.host and source in (None, e.source)}
        return tuple(sorted(found))

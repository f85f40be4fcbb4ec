"""Full validation of a catalogue folder, for ``tokencost prices validate``.

Unlike :func:`tokencost.catalogue.load_catalogue`, which reports the first problem it
finds, this lists every problem: each a :class:`~tokencost.problems.Problem` (the file,
the key path and what to fix).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokencost.cache import lookup, read_bytes
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.catalogue.layers import MANIFEST, OVERLAY, LayerSpec, stack
from tokencost.catalogue.load import digest_of, parse_files, validate_files, validate_overlay
from tokencost.catalogue.merge import Merged, apply_overlay
from tokencost.catalogue.schema import Manifest, OverlayManifest, ProviderFile
from tokencost.errors import CatalogueError
from tokencost.problems import Problem


@dataclass(frozen=True)
class ValidationReport:
    """The result of validating a folder: its problems, or what the valid catalogue holds."""

    folder: Path
    problems: tuple[Problem, ...]
    name: str | None = None
    version: str | None = None
    digest: str | None = None
    updated: str | None = None
    currency: str | None = None
    files: tuple[tuple[str, int, int], ...] = ()
    """Each provider file with its number of models and price entries (when valid)."""
    sources: tuple[str, ...] = ()
    kind: str = "catalogue"
    """``catalogue`` (manifest.toml) or ``overlay`` (overlay.toml)."""

    @property
    def models(self) -> int:
        """How many models the catalogue holds."""
        return sum(f[1] for f in self.files)

    @property
    def entries(self) -> int:
        """How many price entries the catalogue holds."""
        return sum(f[2] for f in self.files)

    @property
    def valid(self) -> bool:
        """True when there is no problem."""
        return not self.problems


def validate_folder(path: str | Path | Sequence[str | Path] | None) -> ValidationReport:
    """Validate every file of a layer: the last folder of ``path`` (several: the stack up
    to it), or the default catalogue. An overlay is validated over the layers below it,
    which must load."""

    layers = stack(path)
    named = [Path(p) for p in ([path] if isinstance(path, str | Path) else path or ())]
    target = _named_layer(layers, named[-1]) if named else 0
    spec = layers[target]
    contents = {file: read_bytes(file, CatalogueError) for file in spec.files()}
    if spec.kind == "catalogue":
        valid = _valid_catalogue(spec, contents)
        if valid is not None:
            return valid
    raw, syntax = parse_files(contents)
    if spec.kind == "overlay":
        return _validate_overlay(layers[:target], spec, raw, syntax)
    manifest, providers, found = validate_files(spec.folder, raw, len(contents))
    problems = (*syntax, *found)
    if problems or manifest is None:
        return ValidationReport(spec.folder, problems)
    return _report(spec, manifest, providers, manifest.currency, manifest.sources)


def _valid_catalogue(spec: LayerSpec, contents: dict[Path, bytes]) -> ValidationReport | None:
    """The report of a valid catalogue from the cache: the catalogue these very bytes
    validated to when a command loaded them before, with this code
    (:func:`tokencost.cache.lookup`); None when the cache has none (then the files are
    validated, every problem listed)."""
    catalogue = lookup("catalogue", contents, expect=Catalogue)
    if catalogue is None:
        return None
    # the provider files, in the order read, are the catalogue's providers in its order
    names = [str(path) for path in contents if path != spec.head]
    providers = dict(zip(names, catalogue.providers, strict=True))
    manifest = catalogue.manifest
    return _report(spec, manifest, providers, manifest.currency, manifest.sources, catalogue.digest)


def _named_layer(layers: tuple[LayerSpec, ...], path: Path) -> int:
    folder = (path.parent if path.name in (MANIFEST, OVERLAY) else path).resolve()
    return next(i for i, spec in enumerate(layers) if spec.folder.resolve() == folder)


def _validate_overlay(
    below: tuple[LayerSpec, ...],
    spec: LayerSpec,
    raw: dict[Path, object],
    syntax: list[Problem],
) -> ValidationReport:
    base = load_catalogue([layer.folder for layer in below])
    head, providers, found = validate_overlay(spec, raw)
    if not syntax and not found and head is not None:
        merged = Merged.of(base.manifest, base.providers)
        found = apply_overlay(merged, str(spec.head), head, providers)
    if syntax or found or head is None:
        return ValidationReport(spec.folder, (*syntax, *found), kind="overlay")
    declared = [*base.manifest.sources, *(head.sources or {})]
    return _report(spec, head, providers, base.manifest.currency, declared)


def _report(
    spec: LayerSpec,
    head: Manifest | OverlayManifest,
    providers: dict[str, ProviderFile],
    currency: str,
    declared: Iterable[str],
    digest: str | None = None,
) -> ValidationReport:
    used = {e.source for p in providers.values() for m in p.models for e in m.prices}
    return ValidationReport(
        spec.folder,
        (),
        name=head.name,
        version=head.version,
        digest=digest or digest_of(head, providers.values()),
        updated=head.updated.isoformat() if head.updated else None,
        currency=currency,
        files=tuple(
            (Path(name).name, len(p.models), sum(len(m.prices) for m in p.models))
            for name, p in providers.items()
        ),
        sources=tuple(s for s in declared if s in used),
        kind=spec.kind,
    )

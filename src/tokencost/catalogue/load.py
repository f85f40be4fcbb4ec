"""Reading a catalogue's layers, validating them, laying overlays over the base, and digests."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import MANIFEST, Layer, LayerSpec, Origin
from tokencost.catalogue.schema import Manifest, OverlayManifest, ProviderFile
from tokencost.errors import CatalogueError
from tokencost.quantities import plain

SCHEMA_FILES = tuple(
    str(Path(__file__).with_name(name))
    for name in (
        "schema.py",
        "crossfile.py",
        "dimensions.py",
        "load.py",
        "index.py",
        "layers.py",
        "merge.py",
    )
) + tuple(str(Path(__file__).parent.parent / name) for name in ("quantities.py", "hours.py"))
"""The code a validated catalogue depends on (part of the cache key)."""

LayerContents = tuple[LayerSpec, Mapping[Path, bytes]]
"""A layer and the bytes of its files (head file first)."""


def catalogue_files(folder: Path) -> list[Path]:
    """The manifest, then every other ``*.toml`` of the folder (provider files), sorted."""
    return LayerSpec(folder, "catalogue", "--catalogue").files()


def build_catalogue(
    folder: Path, contents: Mapping[Path, bytes], origin: Origin = "--catalogue"
) -> Catalogue:
    """Parse and validate every file; raise CatalogueError listing every problem found.

    The error's message is the first problem (an invalid TOML file first); its
    ``problems`` lists them all, each naming the file and key path.
    """
    manifest, files, found = read_catalogue(folder, contents)
    if found or manifest is None:
        raise _invalid(found)
    digest = digest_of(manifest, files.values())
    layer = Layer(
        "catalogue", origin, folder, manifest.name, manifest.version, manifest.updated, digest
    )
    return Catalogue.from_files(folder, manifest, tuple(files.values()), digest, (layer,))


def lay_over(base: Catalogue, overlays: Sequence[LayerContents]) -> Catalogue:
    """``base`` with each overlay laid over it in turn; CatalogueError listing the problems
    of the first overlay that has any (nothing is merged from a layer with problems)."""
    from tokencost.catalogue.merge import Merged, apply_overlay

    merged = Merged.of(base.manifest, base.providers)
    layers = list(base.layers)
    for spec, contents in overlays:
        head, files, found = read_overlay(spec, contents)
        if not found and head is not None:
            found = apply_overlay(merged, str(spec.head), head, files)
        if found or head is None:
            raise _invalid(found)
        digest = digest_of(head, files.values())
        layers.append(
            Layer(
                "overlay", spec.origin, spec.folder, head.name, head.version, head.updated, digest
            )
        )
    providers = merged.provider_files()
    return Catalogue.from_files(
        base.path, merged.manifest, providers, digest_of(merged.manifest, providers), tuple(layers)
    )


def read_overlay(
    spec: LayerSpec, contents: Mapping[Path, bytes]
) -> tuple[OverlayManifest | None, dict[str, ProviderFile], list[str]]:
    """An overlay's files parsed and validated each on its own: head, provider files, problems."""
    from tokencost.validation import parse_toml, problems

    found: list[str] = []
    head: OverlayManifest | None = None
    files: dict[str, ProviderFile] = {}
    owners: dict[str, str] = {}
    for path, text in contents.items():
        try:
            raw = parse_toml(path, text, CatalogueError)
        except CatalogueError as exc:
            found.append(str(exc))
            continue
        if path == spec.head:
            head, errors = problems(OverlayManifest, raw, str(path))
            found.extend(errors)
            continue
        pfile, errors = problems(ProviderFile, raw, str(path))
        found.extend(errors)
        if pfile is None:
            continue
        if pfile.provider in owners:
            found.append(
                f"{path}: provider: '{pfile.provider}' is already the provider of "
                f"{owners[pfile.provider]}; give each provider one file"
            )
            continue
        owners[pfile.provider] = str(path)
        files[str(path)] = pfile
    return head, files, found


def _invalid(found: list[str]) -> CatalogueError:
    """The error for a layer's problems: the first (an invalid TOML file first), and a count."""
    syntax = [line for line in found if ": invalid TOML: " in line]
    first = syntax[0] if syntax else f"invalid catalogue: {found[0]}"
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return CatalogueError(f"{first}{more}", tuple(syntax + [f for f in found if f not in syntax]))


def read_catalogue(
    folder: Path, contents: Mapping[Path, bytes]
) -> tuple[Manifest | None, dict[str, ProviderFile], list[str]]:
    """Every file parsed and validated: the manifest, the provider files, the problems."""
    from tokencost.catalogue.crossfile import cross_file_problems
    from tokencost.validation import parse_toml, problems

    found: list[str] = []
    raw: dict[Path, object] = {}
    for path, text in contents.items():
        try:
            raw[path] = parse_toml(path, text, CatalogueError)
        except CatalogueError as exc:
            found.append(str(exc))
    manifest_path = folder / MANIFEST
    manifest = None
    if manifest_path in raw:
        manifest, errors = problems(Manifest, raw[manifest_path], str(manifest_path))
        found.extend(errors)
    files: dict[str, ProviderFile] = {}
    for path, data in raw.items():
        if path == manifest_path:
            continue
        pfile, errors = problems(ProviderFile, data, str(path))
        found.extend(errors)
        if pfile is not None:
            files[str(path)] = pfile
    if len(contents) == 1:
        found.append(f"{folder}: no provider files (*.toml beside {MANIFEST})")
    if manifest is not None:
        found.extend(cross_file_problems(manifest, files))
    return manifest, files, found


def digest_of(manifest: Manifest | OverlayManifest, providers: Iterable[ProviderFile]) -> str:
    """sha256 over a canonical JSON form of the validated catalogue (or overlay).

    Keys sorted, numbers as exact decimal text, dates in ISO form, provider files in id
    order, absent optional values left out: comments, layout, key order, ``4`` vs
    ``4.00``, defaults written out and optional fields added to the schema later do not
    change the digest; any change of data does.
    """
    canonical = {
        "manifest": _plain(manifest),
        "providers": [_plain(p) for p in sorted(providers, key=lambda p: p.provider)],
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _plain(value: object) -> object:
    """Dataclasses as dicts, tuples as lists, numbers as exact decimal text, dates in ISO
    form, every None dict value left out, recursively (what ``asdict`` and dropping the
    Nones give, without its deep copies)."""
    names = _field_names(type(value))
    if names is not None:
        pairs = ((name, getattr(value, name)) for name in names)
        return {name: _plain(v) for name, v in pairs if v is not None}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal | date):
        return _canon(value)
    return value


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The data fields of a dataclass (not its ClassVars), or None for another type."""
    if kind not in _FIELDS:
        is_data = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind)) if is_data else None
    return _FIELDS[kind]


def _canon(value: object) -> str:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot canonicalise {type(value).__name__}")

"""Reading a catalogue's layers, validating them, laying overlays over the base, and digests.

Which folders are the layers is :mod:`tokencost.catalogue.layers`; what an overlay
changes is :mod:`tokencost.catalogue.merge`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import MANIFEST, Layer, LayerOrigin, LayerSpec
from tokencost.catalogue.schema import Manifest, OverlayManifest, ProviderFile
from tokencost.errors import CatalogueError
from tokencost.quantities import plain

if TYPE_CHECKING:
    from tokencost.problems import Problem

LayerContents = tuple[LayerSpec, Mapping[Path, bytes]]
"""A layer and the bytes of its files (head file first)."""


def build_catalogue(
    folder: Path, contents: Mapping[Path, bytes], origin: LayerOrigin = "--catalogue"
) -> Catalogue:
    """Parse and validate every file; raise CatalogueError listing every problem found.

    The error's message is the first problem (an invalid TOML file first); its
    ``problems`` lists them all, each naming the file and key path.
    """
    raw, syntax = parse_files(contents)
    manifest, files, found = validate_files(folder, raw, len(contents))
    if syntax or found or manifest is None:
        raise _invalid(syntax, found)
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
        raw, syntax = parse_files(contents)
        head, files, found = validate_overlay(spec, raw)
        if not syntax and not found and head is not None:
            found = apply_overlay(merged, str(spec.head), head, files)
        if syntax or found or head is None:
            raise _invalid(syntax, found)
        digest = digest_of(head, files.values())
        where = (spec.origin, spec.folder)
        layers.append(Layer("overlay", *where, head.name, head.version, head.updated, digest))
    providers = merged.provider_files()
    return Catalogue.from_files(
        base.path, merged.manifest, providers, digest_of(merged.manifest, providers), tuple(layers)
    )


def _invalid(syntax: list[Problem], found: list[Problem]) -> CatalogueError:
    """The error for a layer's problems: the first (an invalid TOML file first), and a count."""
    first = str(syntax[0]) if syntax else f"invalid catalogue: {found[0]}"
    count = len(syntax) + len(found)
    more = f" (and {count - 1} more)" if count > 1 else ""
    return CatalogueError(f"{first}{more}", (*syntax, *found))


def parse_files(contents: Mapping[Path, bytes]) -> tuple[dict[Path, object], list[Problem]]:
    """Every file's TOML, and a problem for each file that is not valid TOML."""
    from tokencost.validation import read_toml

    raw: dict[Path, object] = {}
    found: list[Problem] = []
    for path, text in contents.items():
        table, problem = read_toml(path, text)
        if problem is not None:
            found.append(problem)
        else:
            raw[path] = table
    return raw, found


def validate_files(
    folder: Path, raw: Mapping[Path, object], count: int
) -> tuple[Manifest | None, dict[str, ProviderFile], list[Problem]]:
    """The parsed files (``count`` of them were read) validated: the manifest, the provider
    files and the problems, each file's own rules first, then those across files."""
    from tokencost.catalogue.crossfile import cross_file_problems
    from tokencost.problems import Problem
    from tokencost.validation import problems

    found: list[Problem] = []
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
    if count == 1:
        found.append(Problem(str(folder), (), f"no provider files (*.toml beside {MANIFEST})"))
    if manifest is not None:
        found.extend(cross_file_problems(manifest, files))
    return manifest, files, found


def validate_overlay(
    spec: LayerSpec, raw: Mapping[Path, object]
) -> tuple[OverlayManifest | None, dict[str, ProviderFile], list[Problem]]:
    """An overlay's parsed files validated each on its own: its head, its provider files
    (one per provider) and the problems (those against the layers below: ``merge``)."""
    from tokencost.problems import Problem
    from tokencost.validation import problems

    found: list[Problem] = []
    head: OverlayManifest | None = None
    files: dict[str, ProviderFile] = {}
    owners: dict[str, str] = {}
    for path, data in raw.items():
        if path == spec.head:
            head, errors = problems(OverlayManifest, data, str(path))
            found.extend(errors)
            continue
        pfile, errors = problems(ProviderFile, data, str(path))
        found.extend(errors)
        if pfile is None:
            continue
        if pfile.provider in owners:
            found.append(
                Problem(
                    str(path),
                    ("provider",),
                    f"'{pfile.provider}' is already the provider of {owners[pfile.provider]}",
                    "give each provider one file",
                )
            )
            continue
        owners[pfile.provider] = str(path)
        files[str(path)] = pfile
    return head, files, found


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
    import hashlib  # loads OpenSSL (~7 ms): only a catalogue being built needs its digest

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

"""Reading a catalogue's layers, validating them, laying overlays over the base, and digests.

Which folders are the layers is :mod:`tokencost.catalogue.layers`; what an overlay
changes is :mod:`tokencost.catalogue.merge`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    return _built(folder, raw, len(contents), syntax, origin)


def build_from_data(
    folder: Path, raw: Mapping[Path, object], origin: LayerOrigin = "--catalogue"
) -> Catalogue:
    """:func:`build_catalogue` of files given as their parsed data (each path's TOML
    table, as tomllib reads it with floats as Decimals)."""
    return _built(folder, raw, len(raw), [], origin)


def _built(
    folder: Path,
    raw: Mapping[Path, object],
    count: int,
    syntax: list[Problem],
    origin: LayerOrigin,
) -> Catalogue:
    manifest, files, found = validate_files(folder, raw, count)
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
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _CONVERTERS[type(value)] = _converter(type(value))
    return convert(value)


def _converter(kind: type) -> Callable[[Any], object]:
    """How :func:`_plain` turns a value of ``kind`` into plain data (made once a type)."""
    if dataclasses.is_dataclass(kind):
        return _record_converter(kind)
    if issubclass(kind, dict):
        return lambda value: {k: _plain(v) for k, v in value.items() if v is not None}
    if issubclass(kind, list | tuple):
        return lambda value: [_plain(v) for v in value]
    if issubclass(kind, Decimal):
        return plain
    if issubclass(kind, date):
        return _iso
    return _same


def _record_converter(kind: type) -> Callable[[Any], object]:
    """A record's fields that are not None, read from its ``__dict__``: a record loaded
    from the cache holds only the fields not at their default there (the others are
    read from the class), so the defaults that are not None are added when absent."""
    names = {f.name for f in dataclasses.fields(kind)}
    defaults = tuple(
        (f.name, f.default)
        for f in dataclasses.fields(kind)
        if f.default is not dataclasses.MISSING and f.default is not None
    )

    def convert(value: Any) -> object:
        held = value.__dict__
        found = {k: _plain(v) for k, v in held.items() if v is not None and k in names}
        for name, default in defaults:
            if name not in held:
                found[name] = _plain(default)
        return found

    return convert


def _iso(value: date) -> str:
    return value.isoformat()


def _same(value: object) -> object:
    return value


_CONVERTERS: dict[type, Callable[[Any], object]] = {}

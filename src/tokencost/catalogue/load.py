"""Finding a catalogue folder, reading its files, validating them, and its digest."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.schema import Manifest, ProviderFile
from tokencost.errors import CatalogueError
from tokencost.quantities import plain

if TYPE_CHECKING:
    from tokencost.problems import Problem

MANIFEST = "manifest.toml"
ENV_VAR = "TOKENCOST_CATALOGUE"


def packaged_catalogue_path() -> Path:
    """The catalogue shipped with tokencost.

    In an installed wheel it is the package's ``prices`` folder; in a source checkout
    (editable install) it is ``prices/`` at the top of the repository.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "prices"
    if (installed / MANIFEST).is_file():
        return installed
    return package.parent.parent / "prices"


def default_catalogue_path() -> Path:
    """``$TOKENCOST_CATALOGUE`` when set and non-empty, else the packaged catalogue."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else packaged_catalogue_path()


def resolve_folder(path: str | Path | None) -> Path:
    """The catalogue folder for ``path`` (a folder or its manifest.toml), or the default."""
    folder = Path(path) if path is not None else default_catalogue_path()
    if folder.is_file() and folder.name == MANIFEST:
        folder = folder.parent
    if not folder.is_dir():
        raise CatalogueError(
            f"catalogue not found: {folder} is not a folder; point --catalogue or "
            f"{ENV_VAR} at a folder holding {MANIFEST}"
        )
    if not (folder / MANIFEST).is_file():
        raise CatalogueError(f"catalogue not found: {folder} has no {MANIFEST}")
    return folder


def catalogue_files(folder: Path) -> list[Path]:
    """The manifest, then every other ``*.toml`` of the folder (provider files), sorted."""
    providers = sorted(p for p in folder.glob("*.toml") if p.name != MANIFEST)
    return [folder / MANIFEST, *providers]


def build_catalogue(folder: Path, contents: Mapping[Path, bytes]) -> Catalogue:
    """Parse and validate every file; raise CatalogueError listing every problem found.

    The error's message is the first problem (an invalid TOML file first); its
    ``problems`` lists them all, each naming the file and key path.
    """
    raw, syntax = parse_files(contents)
    manifest, files, found = validate_files(folder, raw, len(contents))
    if syntax or found or manifest is None:
        first = str(syntax[0]) if syntax else f"invalid catalogue: {found[0]}"
        count = len(syntax) + len(found)
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise CatalogueError(f"{first}{more}", (*syntax, *found))
    digest = digest_of(manifest, files.values())
    return Catalogue.from_files(folder, manifest, tuple(files.values()), digest)


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


def digest_of(manifest: Manifest, providers: Iterable[ProviderFile]) -> str:
    """sha256 over a canonical JSON form of the validated catalogue.

    Keys sorted, numbers as exact decimal text, dates in ISO form, provider files in id
    order, absent optional values left out: comments, layout, key order, ``4`` vs
    ``4.00``, defaults written out and optional fields added to the schema later do not
    change the digest; any change of data does.
    """
    canonical = {
        "manifest": _plain(manifest),
        "providers": [_plain(p) for p in sorted(providers, key=lambda p: p.provider)],
    }
    text = json.dumps(
        canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_canon
    )
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _plain(value: object) -> object:
    """``value`` as JSON-ready data: a dataclass as a dict of its fields, absent (None)
    ones left out, recursively (what ``asdict`` and dropping None give, without copies)."""
    if hasattr(value, "__dataclass_fields__"):
        found = {}
        for name in _field_names(type(value)):
            item = getattr(value, name)
            if item is not None:
                found[name] = _plain(item)
        return found
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return found


def _canon(value: object) -> str:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot canonicalise {type(value).__name__}")

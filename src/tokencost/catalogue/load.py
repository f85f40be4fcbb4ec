"""Finding a catalogue folder, reading its files, validating them, and its digest."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path

from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.schema import Manifest, ProviderFile
from tokencost.errors import CatalogueError
from tokencost.quantities import plain

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
    manifest, files, found = read_catalogue(folder, contents)
    if found or manifest is None:
        syntax = [line for line in found if ": invalid TOML: " in line]
        first = syntax[0] if syntax else f"invalid catalogue: {found[0]}"
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise CatalogueError(
            f"{first}{more}", tuple(syntax + [f for f in found if f not in syntax])
        )
    digest = digest_of(manifest, files.values())
    return Catalogue.from_files(folder, manifest, tuple(files.values()), digest)


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


def digest_of(manifest: Manifest, providers: Iterable[ProviderFile]) -> str:
    """sha256 over a canonical JSON form of the validated catalogue.

    Keys sorted, numbers as exact decimal text, dates in ISO form, provider files in id
    order, absent optional values left out: comments, layout, key order, ``4`` vs
    ``4.00``, defaults written out and optional fields added to the schema later do not
    change the digest; any change of data does.
    """
    canonical = {
        "manifest": _without_none(asdict(manifest)),
        "providers": [
            _without_none(asdict(p)) for p in sorted(providers, key=lambda p: p.provider)
        ],
    }
    text = json.dumps(
        canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_canon
    )
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def _without_none(value: object) -> object:
    """``value`` with every dict key whose value is None removed, recursively."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_none(v) for v in value]
    return value


def _canon(value: object) -> str:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot canonicalise {type(value).__name__}")

"""Importing another project's price file as a tokencost catalogue folder.

    report = import_prices("litellm", Path("prices.json"), Path("imported"),
                           effective=date(2025, 9, 5))

Formats: ``litellm`` (LiteLLM's model_prices_and_context_window.json) and
``genai-prices`` (pydantic/genai-prices prices/data.json). See each module for how
fields map; fields tokencost does not model are listed in the report, never dropped
silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tokencost.atomic import read_file
from tokencost.cache import cached, read_bytes
from tokencost.catalogue.importers import genai_prices, litellm
from tokencost.catalogue.importers.common import (
    ImportReport,
    Record,
    Skipped,
    catalogue_version,
    render_files,
    render_tables,
    unmodelled_counts,
    write_folder,
)
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import MANIFEST, spec_of
from tokencost.catalogue.load import build_catalogue, build_from_data
from tokencost.catalogue.tomltext import parsed_back
from tokencost.errors import CatalogueError, InputError

FORMATS = ("litellm", "genai-prices")


def import_prices(
    kind: str,
    file: Path,
    into: Path,
    *,
    effective: date,
    checked: date | None = None,
    provider: str | None = None,
    models: list[str] | None = None,
) -> ImportReport:
    """Convert ``file`` (format ``kind``) into a new, validated catalogue folder ``into``."""
    converted = convert(
        kind,
        _read_json(file),
        label=file.name,
        folder=into,
        effective=effective,
        checked=checked,
        provider=provider,
        models=models,
    )
    records, catalogue, files = converted.records, converted.catalogue, converted.files
    if catalogue is None:
        skipped = converted.skipped
        why = f"; e.g. {skipped[0].key}: {skipped[0].reason}" if skipped else ""
        raise InputError(f"{file}: no model to import (check --provider and --models){why}")
    write_folder(into, files)
    _remember(into, files, catalogue)
    return ImportReport(
        kind=kind,
        file=file,
        into=into,
        version=catalogue.version,
        digest=catalogue.digest,
        providers=len(files) - 1,
        models=len(records),
        entries=sum(len(r.prices) for r in records),
        mapped=converted.module.MAPPED,
        unmodelled=unmodelled_counts(records),
        details=tuple(
            (i, r.key, r.unmodelled)
            for i, r in zip(converted.ids, records, strict=True)
            if r.unmodelled
        ),
        provider_details=tuple(
            {r.provider: r.provider_unmodelled for r in records if r.provider_unmodelled}.items()
        ),
        skipped=tuple(converted.skipped),
        renamed=tuple(converted.renamed),
        dropped_aliases=tuple(converted.dropped),
    )


@dataclass(frozen=True)
class Converted:
    """A tracker's file converted into a validated catalogue (in memory), and how."""

    module: Any
    """The importer module (its SOURCE_ID, TITLE, URL, MAPPED)."""
    catalogue: Catalogue | None
    """None when no model could be converted (``skipped`` says why)."""
    files: dict[str, str]
    """TOML text of the manifest and each provider file, by file name."""
    records: list[Record]
    skipped: list[Skipped]
    ids: list[str]
    """The catalogue id of each record."""
    renamed: list[tuple[str, str]]
    dropped: list[tuple[str, str, str]]


def convert(
    kind: str,
    data: object,
    *,
    label: str,
    folder: Path,
    effective: date,
    checked: date | None = None,
    provider: str | None = None,
    models: list[str] | None = None,
    text: bool = True,
) -> Converted:
    """Convert parsed JSON of format ``kind`` into a validated catalogue in memory.

    ``label`` names the file in the manifest and the files' headers; ``folder`` is where
    problems say the files are. With ``text`` (to write them) the files' TOML text is
    made and validated as it parses; without (``prices update``, which writes its own
    overlay) the data that text would parse back to is validated, and ``files`` is
    empty. Raises InputError for an unknown format or data not of that format,
    CatalogueError if the result does not validate.
    """
    module = {"litellm": litellm, "genai-prices": genai_prices}.get(kind)
    if module is None:
        raise InputError(
            f"--from: '{kind}' is not a known format; use one of: {', '.join(FORMATS)}"
        )
    records, skipped = module.read(data, effective=effective, provider=provider, models=models)
    day = checked or effective
    manifest = _manifest(module.SOURCE_ID, module.TITLE, module.URL, label, day, effective)
    header = (
        f"# Imported by `tokencost prices import --from {kind}` from {label}.\n"
        "# Prices USD per 1M tokens.\n\n"
    )
    if not text:
        tables, renamed, dropped, ids = render_tables(records, first_wins=module.FIRST_NAME_WINS)
        catalogue = _validate_data(folder, manifest, tables) if records else None
        return Converted(module, catalogue, {}, records, skipped, ids, renamed, dropped)
    files, renamed, dropped, ids = render_files(
        records, manifest, header, first_wins=module.FIRST_NAME_WINS
    )
    catalogue = _validate(folder, files) if records else None
    return Converted(module, catalogue, files, records, skipped, ids, renamed, dropped)


def _remember(into: Path, files: dict[str, str], catalogue: Catalogue) -> None:
    """Keep the catalogue just validated in the cache, as ``load_catalogue(into)`` would
    build it from the files written, so that the first command on it reads it from there
    (for LiteLLM 1.110.2, 0.9 s less). Only where that is what it would build: a folder
    named by its resolved path (the catalogue names the folder as given) holding exactly
    these bytes."""
    folder = into.resolve()
    if into != folder:
        return
    written = {folder / name: text.encode("utf-8") for name, text in files.items()}
    spec = spec_of(folder, "--catalogue")
    read = {path: read_bytes(path, CatalogueError) for path in spec.files()}
    if read != written:
        return
    # load_catalogue reads the provider files in the order of their paths (``a-b.toml``
    # before ``a.toml``), the import wrote them in the order of the providers' ids
    names = [folder / name for name in files if name != MANIFEST]
    by_path = dict(zip(names, catalogue.providers, strict=True))
    providers = tuple(by_path[path] for path in read if path != spec.head)
    ordered = Catalogue.from_files(
        folder, catalogue.manifest, providers, catalogue.digest, catalogue.layers
    )
    cached("catalogue", read, lambda: ordered, expect=Catalogue)


def _read_json(file: Path) -> Any:

    try:
        return json.loads(read_file(file).decode("utf-8"), parse_float=Decimal)
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: not JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{file}: not JSON tokencost reads: nested too deeply") from None


def _manifest(
    source_id: str, title: str, url: str, label: str, checked: date, effective: date
) -> dict[str, Any]:
    return {
        "name": f"import of {label}",
        "version": catalogue_version(checked),
        "updated": checked,
        "currency": "USD",
        "default_source": source_id,
        "sources": {
            source_id: {
                "title": title,
                "url": url,
                "checked": checked,
                "note": (
                    f"Imported by tokencost from {label}. Prices the file does not date "
                    f"are dated {effective.isoformat()} (--effective)."
                ),
            }
        },
    }


def _validate_data(
    into: Path, manifest: dict[str, Any], tables: dict[str, dict[str, Any]]
) -> Catalogue:
    """Validate the new catalogue as the files :func:`render_files` writes would parse."""
    folder = into.resolve()
    raw = {folder / MANIFEST: parsed_back(manifest)}
    raw |= {folder / name: parsed_back(table) for name, table in tables.items()}
    return build_from_data(folder, raw)


def _validate(into: Path, files: dict[str, str]) -> Catalogue:
    """Validate the new catalogue in memory before anything is written."""
    folder = into.resolve()
    contents = {folder / name: text.encode("utf-8") for name, text in files.items()}
    return build_catalogue(folder, contents)


__all__ = ["FORMATS", "Converted", "ImportReport", "Record", "Skipped", "convert", "import_prices"]

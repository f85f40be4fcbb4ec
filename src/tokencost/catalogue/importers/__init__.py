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
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tokencost.catalogue.importers import genai_prices, litellm
from tokencost.catalogue.importers.common import (
    ImportReport,
    Record,
    Skipped,
    catalogue_version,
    render_files,
    unmodelled_counts,
    write_folder,
)
from tokencost.catalogue.load import build_catalogue
from tokencost.errors import InputError

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

    module = {"litellm": litellm, "genai-prices": genai_prices}.get(kind)
    if module is None:
        raise InputError(
            f"--from: '{kind}' is not a known format; use one of: {', '.join(FORMATS)}"
        )
    data = _read_json(file)
    records, skipped = module.read(data, effective=effective, provider=provider, models=models)
    if not records:
        why = f"; e.g. {skipped[0].key}: {skipped[0].reason}" if skipped else ""
        raise InputError(f"{file}: no model to import (check --provider and --models){why}")
    day = checked or effective
    manifest = _manifest(module.SOURCE_ID, module.TITLE, module.URL, file, day, effective)
    header = (
        f"# Imported by `tokencost prices import --from {kind}` from {file.name}.\n"
        "# Prices USD per 1M tokens.\n\n"
    )
    files, renamed, dropped, ids = render_files(
        records, manifest, header, first_wins=module.FIRST_NAME_WINS
    )
    catalogue = _validate(into, files)
    write_folder(into, files)
    return ImportReport(
        kind=kind,
        file=file,
        into=into,
        version=catalogue.version,
        digest=catalogue.digest,
        providers=len(files) - 1,
        models=len(records),
        entries=sum(len(r.prices) for r in records),
        mapped=module.MAPPED,
        unmodelled=unmodelled_counts(records),
        details=tuple(
            (i, r.key, r.unmodelled) for i, r in zip(ids, records, strict=True) if r.unmodelled
        ),
        provider_details=tuple(
            {r.provider: r.provider_unmodelled for r in records if r.provider_unmodelled}.items()
        ),
        skipped=tuple(skipped),
        renamed=tuple(renamed),
        dropped_aliases=tuple(dropped),
    )


def _read_json(file: Path) -> Any:
    try:
        with open(file, encoding="utf-8") as handle:
            return json.load(handle, parse_float=Decimal)
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: not JSON: {exc}") from None


def _manifest(
    source_id: str, title: str, url: str, file: Path, checked: date, effective: date
) -> dict[str, Any]:
    return {
        "name": f"import of {file.name}",
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
                    f"Imported by tokencost from {file.name}. Prices the file does not date "
                    f"are dated {effective.isoformat()} (--effective)."
                ),
            }
        },
    }


def _validate(into: Path, files: dict[str, str]) -> Any:
    """Validate the new catalogue in memory before anything is written."""

    folder = into.resolve()
    contents = {folder / name: text.encode("utf-8") for name, text in files.items()}
    return build_catalogue(folder, contents)


__all__ = ["FORMATS", "ImportReport", "Record", "Skipped", "import_prices"]

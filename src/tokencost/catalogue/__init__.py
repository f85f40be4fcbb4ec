"""The price catalogue: a folder of TOML files, validated, with lookups by name and date.

catalogue = load_catalogue()             # $TOKENCOST_CATALOGUE, else the packaged one
model = catalogue.model("GPT-5.5")       # ids and aliases, case-insensitive
entry = catalogue.price_at(model.id, date(2026, 6, 1))
"""

from __future__ import annotations

from pathlib import Path

from tokencost.cache import cached, read_bytes
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.load import (
    ENV_VAR,
    MANIFEST,
    build_catalogue,
    catalogue_files,
    default_catalogue_path,
    packaged_catalogue_path,
    resolve_folder,
)
from tokencost.catalogue.schema import Manifest, Model, PriceEntry, ProviderFile, Source
from tokencost.errors import CatalogueError

__all__ = [
    "ENV_VAR",
    "MANIFEST",
    "Catalogue",
    "Manifest",
    "Model",
    "PriceEntry",
    "ProviderFile",
    "Source",
    "default_catalogue_path",
    "load_catalogue",
    "packaged_catalogue_path",
]


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate a catalogue folder (or its manifest.toml).

    With no path: ``$TOKENCOST_CATALOGUE`` when set, else the catalogue shipped with
    tokencost. Raises CatalogueError naming the file, key path and fix on any problem.
    A catalogue whose files are byte-for-byte unchanged comes from the cache.
    """

    folder = resolve_folder(path)
    contents = {file: read_bytes(file, CatalogueError) for file in catalogue_files(folder)}
    return cached(
        "catalogue",
        contents,
        lambda: build_catalogue(folder, contents),
        expect=Catalogue,
    )

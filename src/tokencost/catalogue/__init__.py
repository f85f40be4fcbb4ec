"""The price catalogue: a folder of TOML files, validated, with lookups by name and date.

catalogue = load_catalogue()             # $TOKENCOST_CATALOGUE, else the packaged one
model = catalogue.model("GPT-5.5")       # ids and aliases, case-insensitive
entry = catalogue.price_at(model.id, date(2026, 6, 1))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from tokencost.cache import cached, read_bytes
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import (
    ENV_VAR,
    MANIFEST,
    OVERLAY,
    Layer,
    LayerSpec,
    default_catalogue_path,
    packaged_catalogue_path,
    stack,
)
from tokencost.catalogue.load import build_catalogue, lay_over
from tokencost.catalogue.schema import Manifest, Model, PriceEntry, ProviderFile, Source
from tokencost.errors import CatalogueError

__all__ = [
    "ENV_VAR",
    "MANIFEST",
    "OVERLAY",
    "Catalogue",
    "Layer",
    "Manifest",
    "Model",
    "PriceEntry",
    "ProviderFile",
    "Source",
    "default_catalogue_path",
    "load_catalogue",
    "packaged_catalogue_path",
]


def load_catalogue(path: str | Path | Sequence[str | Path] | None = None) -> Catalogue:
    """Load and validate a catalogue and the overlays over it (docs/overlays.md).

    ``path``: a folder (or its manifest.toml / overlay.toml), or several, lowest first,
    as ``--catalogue`` gives them. With none: ``$TOKENCOST_CATALOGUE`` when set, else the
    catalogue shipped with tokencost with your overlays and the project's. Raises
    CatalogueError naming the file, key path and fix on any problem. Layers whose files
    are byte-for-byte unchanged come from the cache.
    """

    layers = stack(path)
    contents = [
        (spec, {file: read_bytes(file, CatalogueError) for file in spec.files()}) for spec in layers
    ]
    base_spec, base_files = contents[0]

    def base() -> Catalogue:
        return cached(
            "catalogue",
            base_files,
            lambda: build_catalogue(base_spec.folder, base_files, base_spec.origin),
            expect=Catalogue,
        )

    if len(contents) == 1:
        return _with_origins(base(), layers)
    every = {file: data for _, files in contents for file, data in files.items()}
    stacked = cached(
        "catalogue",
        every,
        lambda: lay_over(base(), contents[1:]),
        expect=Catalogue,
    )
    return _with_origins(stacked, layers)


def _with_origins(catalogue: Catalogue, layers: tuple[LayerSpec, ...]) -> Catalogue:
    """The catalogue with each layer's origin as found this time (the cache keeps files)."""
    pairs = list(zip(catalogue.layers, layers, strict=True))
    if all(layer.origin == spec.origin for layer, spec in pairs):
        return catalogue
    fixed = tuple(dataclasses.replace(layer, origin=spec.origin) for layer, spec in pairs)
    return catalogue.with_layers(fixed)

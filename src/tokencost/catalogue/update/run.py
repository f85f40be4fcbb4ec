"""Where ``tokencost prices update`` writes, and running it: plan, validate, write.

:func:`update_layers` checks where the overlay goes before anything is fetched (never
the installed package, never a folder of your own prices); :func:`run_update` plans
(:mod:`.plan`), validates the base with the new overlay, and only then replaces the
folder whole (:func:`tokencost.atomic.replace_folder`). The bytes come from
:mod:`tokencost.fetch`, which the CLI calls; nothing here touches the network.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tokencost.atomic import locked, replace_folder
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.importers import convert
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import (
    OVERLAY,
    LayerSpec,
    installed_package_catalogue,
    stack,
    update_path,
)
from tokencost.catalogue.load import lay_over
from tokencost.catalogue.update.plan import UpdatePlan, overlay_files, plan_update
from tokencost.errors import CatalogueError, InputError


@dataclass(frozen=True)
class UpdateLayers:
    """Where an update reads and writes: the base catalogue's folder and the overlay's."""

    base: LayerSpec
    into: Path
    previous: bool
    """True when ``into`` holds an earlier update's overlay."""


@dataclass(frozen=True)
class UpdateResult:
    """What ``tokencost prices update`` did: the plan, the file, where it went."""

    plan: UpdatePlan
    fetched: dict[str, Any]
    """location, format, sha256, day."""
    size: int
    """The file's size in bytes."""
    skipped: int
    """Models of the file the importer could not convert."""
    into: Path
    written: bool
    catalogue: Catalogue
    """The base with the new overlay (what every command will see)."""


def update_layers(paths: list[Path] | None, into: Path | None) -> UpdateLayers:
    """The base (the first layer of ``paths``' stack) and the overlay to write, refusing
    the installed catalogue and any folder that is not an update's overlay."""
    base = stack(paths)[0]
    folder = into if into is not None else update_path()
    if folder.resolve() == base.folder.resolve() or installed_package_catalogue(folder):
        raise InputError(
            f"--into {folder}: that is the catalogue itself; an update is written as an "
            "overlay beside it (leave --into out for your data folder's)"
        )
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--into {folder}: not a folder; give a folder for the overlay")
    if not folder.exists() or not any(folder.iterdir()):
        return UpdateLayers(base, folder, previous=False)
    if not _written_by_update(folder / OVERLAY):
        raise InputError(
            f"--into {folder}: holds files that `prices update` did not write (its "
            f"{OVERLAY} has no [fetched] table); an update rewrites its folder whole, so give "
            "an empty or new folder"
        )
    return UpdateLayers(base, folder, previous=True)


def _written_by_update(head: Path) -> bool:
    try:
        data = tomllib.loads(head.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("fetched"), dict)


def run_update(
    layers: UpdateLayers,
    data: object,
    kind: str,
    *,
    fetched: dict[str, Any],
    size: int,
    effective: date,
    write: bool,
) -> UpdateResult:
    """Convert ``data`` (parsed JSON of format ``kind``), plan the overlay, validate it over
    the base and (``write``) replace the overlay folder with it."""
    base = load_catalogue([layers.base.folder])
    before = base
    if layers.previous:
        try:
            before = load_catalogue([layers.base.folder, layers.into])
        except CatalogueError:
            before = base  # a damaged earlier update: compare with the base alone
    label = str(fetched["location"]).rstrip("/").rsplit("/", 1)[-1] or kind
    converted = convert(
        kind,
        data,
        label=label,
        folder=layers.into,
        effective=effective,
        checked=fetched["day"],
        text=False,  # the overlay is written (and validated as it parses), not this
    )
    if converted.catalogue is None:
        first = converted.skipped[0] if converted.skipped else None
        why = f"; e.g. {first.key}: {first.reason}" if first else ""
        raise InputError(f"{fetched['location']}: no model could be converted{why}")
    plan = plan_update(base, before, converted.catalogue, via=f"{kind}-update", day=fetched["day"])
    texts = overlay_files(plan, fetched, title=converted.module.TITLE, url=converted.module.URL)
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    spec = LayerSpec(layers.into, "overlay", "prices update")
    try:
        after = lay_over(base, [(spec, {layers.into / name: b for name, b in files.items()})])
    except CatalogueError as exc:
        raise CatalogueError(f"not written: the update would be invalid: {exc}") from None
    if write:
        layers.into.parent.mkdir(parents=True, exist_ok=True)
        with locked(layers.into.parent):
            replace_folder(layers.into, files)
    return UpdateResult(plan, fetched, size, len(converted.skipped), layers.into, write, after)

"""The layer an edit writes to (``prices set``, ``prices update``): never the installed one.

The catalogue inside an installed tokencost is read-only: an edit names its layer with
``--catalogue``, the last one given. That layer is an overlay (an existing folder with
``overlay.toml``, or a new or empty folder, which becomes one), or a whole catalogue
folder of your own, such as ``prices/`` of a tokencost checkout. An overlay is read and
validated over the layers below it (the shipped catalogue and your overlays, or the
``--catalogue`` layers before it); nothing above it takes part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tokencost.cache import read_bytes
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import (
    MANIFEST,
    OVERLAY,
    LayerSpec,
    installed_package_catalogue,
    spec_of,
    stack,
    user_prices_path,
)
from tokencost.catalogue.load import build_catalogue, lay_over
from tokencost.errors import CatalogueError, InputError


@dataclass(frozen=True)
class Target:
    """The layer to write: its folder, whether it exists yet, and the layers below it."""

    spec: LayerSpec
    below: Catalogue | None
    """The catalogue of the layers below an overlay (None for a whole catalogue)."""
    exists: bool

    @property
    def folder(self) -> Path:
        """The layer's folder."""
        return self.spec.folder

    def read(self) -> dict[Path, bytes]:
        """The bytes of the layer's files (a new overlay: none)."""
        if not self.exists:
            return {}
        return {file: read_bytes(file, CatalogueError) for file in self.spec.files()}

    def build(self, contents: Mapping[Path, bytes]) -> Catalogue:
        """The catalogue with the layer holding ``contents`` (validated)."""
        if self.below is None:
            return build_catalogue(self.folder, contents)
        if not contents:
            return self.below
        return lay_over(self.below, [(self.spec, contents)])


def read_only_message(command: str) -> str:
    """What to do instead of writing to the installed catalogue."""
    return (
        f"{command}: the catalogue shipped with tokencost is read-only; write your prices to "
        f"an overlay instead: add --catalogue {user_prices_path()} (your prices, laid over "
        "the shipped ones in every command; created if missing) or --catalogue FOLDER "
        "(e.g. a project's prices named in tokencost.toml); see docs/overlays.md"
    )


def target(paths: Sequence[str | Path] | None, command: str) -> Target:
    """The layer ``command`` writes: the last of ``paths`` (InputError when none is given
    or it is the installed catalogue)."""
    if not paths:
        raise InputError(read_only_message(command))
    last = Path(paths[-1])
    if _new_overlay(last):
        below = load_catalogue(list(paths[:-1]))
        return Target(LayerSpec(last, "overlay", "--catalogue"), below, exists=False)
    layers = stack(list(paths))
    wanted = spec_of(last, "--catalogue").folder.resolve()
    index = next(i for i, spec in enumerate(layers) if spec.folder.resolve() == wanted)
    spec = layers[index]
    if spec.kind == "catalogue":
        if installed_package_catalogue(spec.folder):
            raise InputError(read_only_message(command))
        return Target(spec, None, exists=True)

    below = load_catalogue([layer.folder for layer in layers[:index]])
    return Target(spec, below, exists=True)


def _new_overlay(folder: Path) -> bool:
    """True for a folder that does not exist yet, or exists empty."""
    if folder.name in (MANIFEST, OVERLAY):
        return False
    if not folder.exists():
        return True
    return folder.is_dir() and not any(folder.iterdir())


def overlay_head(folder: Path) -> str:
    """The ``overlay.toml`` of a new overlay."""
    name = "your prices" if folder.resolve() == user_prices_path().resolve() else folder.name
    return (
        "# An overlay: prices laid over the shipped tokencost catalogue (docs/overlays.md).\n"
        "# Written by `tokencost prices set`; edit it freely.\n\n"
        f'name = "{_escape(name)}"\n'
    )


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')

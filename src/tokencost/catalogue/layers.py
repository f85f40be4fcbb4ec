"""Which catalogue folders price a run: the layers, lowest first.

A layer is a folder of TOML files. A *catalogue* (``manifest.toml`` beside provider
files) stands on its own: the one shipped with tokencost is one. An *overlay*
(``overlay.toml`` beside provider files) lies over the layers below it: its models and
price entries are added to theirs, and an entry of the overlay wins over one below with
the same model, source, host and effective date (:mod:`tokencost.catalogue.merge`).

The stack, lowest first (docs/overlays.md):

1. the base: the first ``--catalogue`` folder (or ``$TOKENCOST_CATALOGUE``) when it is a
   catalogue, else the shipped one;
2. on the shipped base only: the overlay ``tokencost prices update`` writes
   (``update/`` in the data folder), then your own prices (``prices/`` in it), then
   the folders named by ``catalogue = ...`` in the project file (the project's:
   ``tokencost.toml``, or ``[tool.tokencost]`` of ``pyproject.toml``, in the current
   folder or one above it up to the repository's root, :mod:`tokencost.projectfile`);
3. every ``--catalogue`` overlay, in the order given.

The data folder is ``$TOKENCOST_DATA_DIR``, else ``$XDG_DATA_HOME/tokencost``, else
``~/.local/share/tokencost``; its layers count only once they hold an ``overlay.toml``.
Finding the stack costs a few ``stat`` calls (and reading the project file when it
names a catalogue); nothing here imports tomllib unless it must.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from tokencost.errors import CatalogueError
from tokencost.projectfile import PYPROJECT, TOOL_TABLE, find_project_file
from tokencost.records import record

MANIFEST = "manifest.toml"
OVERLAY = "overlay.toml"
ENV_VAR = "TOKENCOST_CATALOGUE"
DATA_ENV = "TOKENCOST_DATA_DIR"
PROJECT_KEY = "catalogue"

LayerKind = Literal["catalogue", "overlay"]
LayerOrigin = Literal["shipped", "--catalogue", "prices update", "your prices", "project"]


@record
class LayerSpec:
    """A folder to load as a layer: where it is, what it is, and why it is in the stack."""

    folder: Path
    kind: LayerKind
    origin: LayerOrigin

    @property
    def head(self) -> Path:
        """The layer's manifest.toml or overlay.toml."""
        return self.folder / (MANIFEST if self.kind == "catalogue" else OVERLAY)

    def files(self) -> list[Path]:
        """The head file, then every other ``*.toml`` of the folder (provider files), sorted."""
        head = self.head
        return [head, *sorted(p for p in self.folder.glob("*.toml") if p.name != head.name)]


@record
class Layer:
    """A loaded layer, as every output names it: what it is, where, and its digest."""

    kind: LayerKind
    origin: LayerOrigin
    path: Path
    name: str
    version: str | None
    updated: date | None
    digest: str
    """sha256 of the layer's own validated data (see ``load.digest_of``)."""


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


def installed_package_catalogue(folder: Path) -> bool:
    """True when ``folder`` is the catalogue inside the installed package (read-only)."""
    package = Path(__file__).resolve().parent.parent / "prices"
    return folder.resolve() == package and (package / MANIFEST).is_file()


def env_layers() -> list[Path]:
    """The folders of ``$TOKENCOST_CATALOGUE`` (separated like PATH), or none."""
    text = os.environ.get(ENV_VAR, "").strip()
    return [Path(part) for part in text.split(os.pathsep) if part.strip()]


def default_catalogue_path() -> Path:
    """The first folder of ``$TOKENCOST_CATALOGUE`` when set, else the packaged catalogue."""
    named = env_layers()
    return named[0] if named else packaged_catalogue_path()


def data_dir() -> Path:
    """Where your own layers live: ``$TOKENCOST_DATA_DIR``, ``$XDG_DATA_HOME/tokencost``
    or ``~/.local/share/tokencost``."""
    explicit = os.environ.get(DATA_ENV, "").strip()
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "tokencost"


def user_prices_path() -> Path:
    """Your own prices' overlay (``prices set --catalogue`` it): ``DATA/prices``."""
    return data_dir() / "prices"


def update_path() -> Path:
    """The overlay ``tokencost prices update`` writes: ``DATA/update``."""
    return data_dir() / "update"


def spec_of(path: str | Path, origin: LayerOrigin) -> LayerSpec:
    """The layer at ``path`` (a folder, or its manifest.toml / overlay.toml)."""
    folder = Path(path)
    if folder.is_file() and folder.name in (MANIFEST, OVERLAY):
        folder = folder.parent
    if not folder.is_dir():
        raise CatalogueError(
            f"catalogue not found: {folder} is not a folder; point --catalogue or "
            f"{ENV_VAR} at a folder holding {MANIFEST} (a catalogue) or {OVERLAY} (an overlay)"
        )
    whole, over = (folder / MANIFEST).is_file(), (folder / OVERLAY).is_file()
    if whole and over:
        raise CatalogueError(
            f"{folder}: has both {MANIFEST} and {OVERLAY}; a folder is a catalogue or an "
            "overlay: remove one"
        )
    if not (whole or over):
        raise CatalogueError(
            f"catalogue not found: {folder} has no {MANIFEST} (a catalogue) or {OVERLAY} "
            "(an overlay)"
        )
    return LayerSpec(folder, "catalogue" if whole else "overlay", origin)


def stack(paths: str | Path | Sequence[str | Path] | None = None) -> tuple[LayerSpec, ...]:
    """The layers that price a run, lowest first (see the module docstring).

    ``paths`` are the ``--catalogue`` folders (None: ``$TOKENCOST_CATALOGUE``'s).
    """
    given = env_layers() if paths is None else _as_list(paths)
    named = [spec_of(path, "--catalogue") for path in given]
    if named and named[0].kind == "catalogue":
        shipped = named[0].folder.resolve() == packaged_catalogue_path().resolve()
        layers = [LayerSpec(named[0].folder, "catalogue", "shipped" if shipped else "--catalogue")]
        named = named[1:]
    else:
        layers = [LayerSpec(packaged_catalogue_path(), "catalogue", "shipped")]
        layers += _implicit_layers()
    for spec in named:
        if spec.kind == "catalogue":
            raise CatalogueError(
                f"--catalogue {spec.folder}: a catalogue ({MANIFEST}) can only be the first "
                f"layer; give it first, or make it an overlay ({OVERLAY}, docs/overlays.md)"
            )
    layers += named
    unique: dict[Path, LayerSpec] = {}
    for spec in layers:
        unique.setdefault(spec.folder.resolve(), spec)
    return tuple(unique.values())


def _as_list(paths: str | Path | Sequence[str | Path]) -> list[str | Path]:
    if isinstance(paths, str | Path):
        return [paths]
    return list(paths)


def _implicit_layers() -> list[LayerSpec]:
    """Your update and prices overlays (when they exist) and the project's folders."""
    found = [
        LayerSpec(update_path(), "overlay", "prices update"),
        LayerSpec(user_prices_path(), "overlay", "your prices"),
    ]
    mine = [spec for spec in found if spec.head.is_file()]
    label, folders = project_folders()
    return mine + [_project_layer(path, label) for path in folders]


def _project_layer(path: Path, label: str) -> LayerSpec:
    if not (path / OVERLAY).is_file():
        what = "has no overlay.toml" if path.is_dir() else "is not a folder"
        raise CatalogueError(
            f"{label}: {PROJECT_KEY}: {path} {what}; name an overlay folder (one with "
            f"{OVERLAY}, docs/overlays.md), relative to {label.split()[0]}"
        )
    spec = spec_of(path, "project")
    if spec.kind != "overlay":
        raise CatalogueError(
            f"{label}: {PROJECT_KEY}: {spec.folder} is a whole catalogue ({MANIFEST}); "
            f"a project's prices are an overlay: name a folder with {OVERLAY} (docs/overlays.md)"
        )
    return spec


def project_folders(start: Path | None = None) -> tuple[str, list[Path]]:
    """How messages name the project file (:mod:`tokencost.projectfile`: ``tokencost.toml``
    or ``pyproject.toml [tool.tokencost]``, in ``start`` or a folder above it) and the
    overlay folders it names with ``catalogue = "path"`` or ``catalogue = ["a", "b"]``,
    relative to that file; no folders when there is no such file or key."""
    path = find_project_file(start)
    if path is None:
        return "", []
    try:
        data = path.read_bytes()
    except OSError:
        return "", []
    if PROJECT_KEY.encode() not in data:
        return "", []
    import tomllib

    label = f"{path} {TOOL_TABLE}" if path.name == PYPROJECT else str(path)
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogueError(f"{path}: invalid TOML: {exc}") from None
    if path.name == PYPROJECT:
        tool = table.get("tool")
        own = tool.get("tokencost") if isinstance(tool, dict) else None
        table = own if isinstance(own, dict) else {}
    value = table.get(PROJECT_KEY)
    if value is None:
        return label, []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise CatalogueError(
            f'{label}: {PROJECT_KEY}: give an overlay folder ("prices") or a list of them, '
            "relative to this file"
        )
    return label, [path.parent / item for item in items]

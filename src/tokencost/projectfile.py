"""Where a project keeps its tokencost settings: the one rule every command follows.

The project file is the first ``tokencost.toml``, else ``pyproject.toml`` with a
``[tool.tokencost]`` table, in the current folder and each folder above it up to the
repository's root (the folder with ``.git``); outside a repository, only the current
folder. ``tokencost check`` and ``diff`` read their budgets from it; every command lays
the overlay folders its ``catalogue`` key names over the shipped catalogue
(docs/overlays.md). Finding it costs a few ``stat`` calls per folder (and reading a
``pyproject.toml`` there); nothing here parses TOML.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tokencost.atomic import read_file

DEFAULT_FILE = "tokencost.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = "[tool.tokencost]"
"""Where a ``pyproject.toml`` keeps the keys of a project file."""

_TOOL = re.compile(rb"^[ \t]*\[{1,2}[ \t]*tool\.tokencost\b", re.M)


def find_project_file(start: Path | None = None) -> Path | None:
    """The project file (the module's rule) seen from ``start`` (default: the current
    folder), or None. Relative to the current folder when below it, e.g.
    ``../tokencost.toml``."""
    here = Path.cwd()
    for folder in upwards((start or here).resolve()):
        for name in (DEFAULT_FILE, PYPROJECT):
            path = folder / name
            if path.is_file() and (name == DEFAULT_FILE or _has_tool_table(path)):
                return Path(os.path.relpath(path, here))
    return None


def upwards(folder: Path) -> list[Path]:
    """``folder`` and its parents up to the first with ``.git`` (just ``folder`` when
    none has one)."""
    chain = [folder, *folder.parents]
    for index, candidate in enumerate(chain):
        if (candidate / ".git").exists():
            return chain[: index + 1]
    return [folder]


def _has_tool_table(path: Path) -> bool:
    try:
        return _TOOL.search(read_file(path)) is not None
    except OSError:
        return False


__all__ = ["DEFAULT_FILE", "PYPROJECT", "TOOL_TABLE", "find_project_file", "upwards"]

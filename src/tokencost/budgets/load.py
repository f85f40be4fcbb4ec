"""Reading a budget file (``tokencost.toml``) and the workload profiles it names.

The file's schema and rules are :mod:`tokencost.budgets.schema`; what a read file
gives is :mod:`tokencost.budgets.normalised`. Unknown keys, missing files, bad values
and repeated names are errors that name the file, the budget and the key.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from tokencost.budgets.normalised import (
    PYPROJECT,
    TOOL_TABLE,
    Budget,
    BudgetDraft,
    BudgetDrafts,
    BudgetSet,
    Origin,
    budget_where,
)
from tokencost.cache import cached
from tokencost.errors import BudgetError, WorkloadError
from tokencost.workload import Workload, load_workload

DEFAULT_FILE = "tokencost.toml"


def _build(path: Path, data: bytes) -> BudgetDrafts:
    """Validate the file (a cache miss: its schema and pydantic load here)."""
    from tokencost.budgets.schema import build_drafts

    return build_drafts(path, data)


def default_path() -> Path:
    """``tokencost.toml`` in the current folder."""
    return Path(DEFAULT_FILE)


def find_budget_file(start: Path | None = None) -> Path:
    """The budget file a command uses when none is named: the first ``tokencost.toml``,
    else ``pyproject.toml`` with a ``[tool.tokencost]`` table, in ``start`` (default: the
    current folder) and each folder above it up to the repository's root (the folder
    with ``.git``); only ``start`` outside a repository. Relative to the current folder
    when below it, e.g. ``../tokencost.toml``."""
    here = Path.cwd()
    folder = (start or here).resolve()
    for candidate in _upwards(folder):
        for name, wanted in ((DEFAULT_FILE, None), (PYPROJECT, _TOOL)):
            path = candidate / name
            if path.is_file() and (wanted is None or _has(path, wanted)):
                return Path(os.path.relpath(path, here))
    root = next((f for f in _upwards(folder) if (f / ".git").exists()), None)
    where = f"from {folder} up to the repository's root {root}" if root else f"in {folder}"
    raise BudgetError(
        f"no budget file: no {DEFAULT_FILE} (nor a pyproject.toml with {TOOL_TABLE}) {where}; "
        "give the budget file's path, or create one (see examples/ci/tokencost.toml)"
    )


def _upwards(folder: Path) -> list[Path]:
    """``folder`` and its parents up to the first with ``.git`` (just ``folder`` when
    none has one)."""
    chain = [folder, *folder.parents]
    for index, candidate in enumerate(chain):
        if (candidate / ".git").exists():
            return chain[: index + 1]
    return [folder]


_TOOL = re.compile(rb"^[ \t]*\[{1,2}[ \t]*tool\.tokencost\b", re.M)


def _has(path: Path, pattern: re.Pattern[bytes]) -> bool:
    try:
        return pattern.search(path.read_bytes()) is not None
    except OSError:
        return False


def load_budgets(path: str | Path | None = None) -> BudgetSet:
    """Read and validate a budget file and the workload profiles it names.

    ``path`` None: the file :func:`find_budget_file` finds. A ``pyproject.toml`` is read
    for its ``[tool.tokencost]`` table. Raises BudgetError naming the file, the budget
    and the key on any problem. A file whose bytes are unchanged comes from the cache;
    workload files have their own.
    """
    path = Path(path) if path is not None else find_budget_file()
    data = _read(path)
    drafts = cached(
        "budgets",
        {path: data},
        lambda: _build(path, data),
        expect=BudgetDrafts,
    )
    label = f"{path} {TOOL_TABLE}" if path.name == PYPROJECT else str(path)
    budgets = tuple(_resolve(path, label, draft) for draft in drafts.drafts)
    return BudgetSet(path, budgets, label)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BudgetError(f"{path}: no such budget file") from None
    except OSError as exc:
        raise BudgetError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _resolve(path: Path, label: str, draft: BudgetDraft) -> Budget:
    """The budget with its workload files read, relative to the budget file ``path``."""
    where = budget_where(label, draft.budget.name)
    workloads = []
    origins: list[Origin] = []
    for key, ref in draft.refs:
        if isinstance(ref, Workload):
            workloads.append(ref)
            origins.append((os.path.normpath(path), draft.budget.line))
            continue
        profile = path.parent / ref
        try:
            workloads.append(load_workload(profile))
        except WorkloadError as exc:
            raise BudgetError(f"{where}: {key}: {exc}") from None
        origins.append((os.path.normpath(profile), volume_line(profile)))
    return replace(draft.budget, workloads=tuple(workloads), where=where, origins=tuple(origins))


_VOLUME = re.compile(
    rb"^[ \t]*(?:tokens_per_day|input_tokens_per_day|output_tokens_per_day|requests_per_day)"
    rb"[ \t]*=",
    re.M,
)


def volume_line(profile: Path) -> int | None:
    """The line of a profile's daily volume (``tokens_per_day`` or the like): what a
    change that breaks a budget most often changes. None when it has none."""
    try:
        found = _VOLUME.search(profile.read_bytes())
    except OSError:
        return None
    return None if found is None else found.string.count(b"\n", 0, found.start()) + 1


_BUDGETS_KEY = re.compile(
    rb"^[ \t]*(?:\[{1,2}[ \t]*(?:tool\.tokencost\.)?budgets\b|budgets[ \t]*=)", re.M
)


def is_budget_file(path: Path) -> bool:
    """True when the TOML file at ``path`` has a top-level ``budgets`` key (else a profile).

    Read with a pattern rather than a TOML parse (a diff costs no tomllib import); a
    file that cannot be read counts as a profile, whose loader reports why.
    """
    try:
        return _BUDGETS_KEY.search(path.read_bytes()) is not None
    except OSError:
        return False

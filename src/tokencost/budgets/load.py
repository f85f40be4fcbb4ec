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

from tokencost.atomic import read_file
from tokencost.budgets.normalised import (
    Budget,
    BudgetDraft,
    BudgetDrafts,
    BudgetSet,
    Origin,
    budget_where,
)
from tokencost.cache import cached
from tokencost.errors import BudgetError, WorkloadError
from tokencost.projectfile import (
    DEFAULT_FILE,
    PYPROJECT,
    TOOL_TABLE,
    find_project_file,
    upwards,
)
from tokencost.workload import Workload, load_workload


def _build(path: Path, data: bytes) -> BudgetDrafts:
    """Validate the file (a cache miss: its schema and pydantic load here)."""
    from tokencost.budgets.schema import build_drafts

    return build_drafts(path, data)


def default_path() -> Path:
    """``tokencost.toml`` in the current folder."""
    return Path(DEFAULT_FILE)


def find_budget_file(start: Path | None = None) -> Path:
    """The budget file a command uses when none is named: the project file
    (:func:`tokencost.projectfile.find_project_file`: the first ``tokencost.toml``, else
    ``pyproject.toml`` with a ``[tool.tokencost]`` table, in ``start`` and each folder
    above it up to the repository's root), or BudgetError saying where it looked."""
    found = find_project_file(start)
    if found is not None:
        return found
    chain = upwards((start or Path.cwd()).resolve())
    root = chain[-1] if (chain[-1] / ".git").exists() else None
    where = f"from {chain[0]} up to the repository's root {root}" if root else f"in {chain[0]}"
    raise BudgetError(
        f"no budget file: no {DEFAULT_FILE} (nor a pyproject.toml with {TOOL_TABLE}) {where}; "
        "give the budget file's path, or create one (see examples/ci/tokencost.toml)"
    )


def load_budgets(path: str | Path | None = None, data: bytes | None = None) -> BudgetSet:
    """Read and validate a budget file and the workload profiles it names.

    ``path`` None: the file :func:`find_budget_file` finds. A ``pyproject.toml`` is read
    for its ``[tool.tokencost]`` table. Raises BudgetError naming the file, the budget
    and the key on any problem. A file whose bytes are unchanged comes from the cache;
    workload files have their own. ``data``: the file's bytes when already read (a pipe
    can be read only once).
    """
    path = Path(path) if path is not None else find_budget_file()
    if data is None:
        data = read_budget_file(path)
    drafts = cached(
        "budgets",
        {path: data},
        lambda: _build(path, data),
        expect=BudgetDrafts,
    )
    label = f"{path} {TOOL_TABLE}" if path.name == PYPROJECT else str(path)
    roots = workload_roots(path)
    budgets = tuple(_resolve(path, label, draft, roots) for draft in drafts.drafts)
    return BudgetSet(path, budgets, label)


ROOTS_ENV = "TOKENCOST_WORKLOAD_ROOTS"
"""More folders a budget file's workload paths may name (``os.pathsep``-separated)."""


def workload_roots(path: Path) -> tuple[Path, ...]:
    """Where the workload files of the budget file ``path`` may be: its repository (the
    nearest folder above it with ``.git``; the file's own folder outside a repository),
    and the folders of :data:`ROOTS_ENV`. Resolved: symlinks followed."""
    folder = Path(os.path.realpath(path.parent))
    extra = os.environ.get(ROOTS_ENV, "").split(os.pathsep)
    return (upwards(folder)[-1], *(Path(os.path.realpath(e)) for e in extra if e.strip()))


def _inside(profile: Path, roots: tuple[Path, ...], where: str, key: str) -> None:
    """Refuse a workload file outside ``roots`` (after following symlinks) before it is
    read: a budget file names profiles of its own repository, not any TOML file on the
    machine (whose values an error message could echo)."""
    real = Path(os.path.realpath(profile))
    if not any(real == root or root in real.parents for root in roots):
        raise BudgetError(
            f"{where}: {key}: {profile} is outside the budget file's repository "
            f"({roots[0]}); move the profile inside it, or allow its folder with "
            f"{ROOTS_ENV}=FOLDER"
        )


def read_budget_file(path: Path) -> bytes:
    """The bytes of a budget file (:func:`tokencost.atomic.read_file`: a regular file or a
    pipe, bounded), or BudgetError saying why not."""

    try:
        return read_file(path)
    except FileNotFoundError:
        raise BudgetError(f"{path}: no such budget file") from None
    except OSError as exc:
        raise BudgetError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _resolve(path: Path, label: str, draft: BudgetDraft, roots: tuple[Path, ...]) -> Budget:
    """The budget with its workload files read, relative to the budget file ``path``
    and inside ``roots`` (:func:`workload_roots`)."""
    where = budget_where(label, draft.budget.name)
    workloads = []
    origins: list[Origin] = []
    for key, ref in draft.refs:
        if isinstance(ref, Workload):
            workloads.append(ref)
            origins.append((os.path.normpath(path), draft.budget.line))
            continue
        profile = path.parent / ref
        _inside(profile, roots, where, key)
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
        found = _VOLUME.search(read_file(profile))
    except OSError:
        return None
    return None if found is None else found.string.count(b"\n", 0, found.start()) + 1


_BUDGETS_KEY = re.compile(
    rb"^[ \t]*(?:\[{1,2}[ \t]*(?:tool\.tokencost\.)?budgets\b|budgets[ \t]*=)", re.M
)


def is_budget_file(data: bytes) -> bool:
    """True when TOML ``data`` has a top-level ``budgets`` key (else it is a profile).

    Read with a pattern rather than a TOML parse (a diff costs no tomllib import)."""
    return _BUDGETS_KEY.search(data) is not None

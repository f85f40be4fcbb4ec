"""Reading a budget file (``tokencost.toml``) and the workload profiles it names.

The file's schema and rules are :mod:`tokencost.budgets.schema`; what a read file
gives is :mod:`tokencost.budgets.normalised`. Unknown keys, missing files, bad values
and repeated names are errors that name the file, the budget and the key.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from tokencost.budgets.normalised import (
    Budget,
    BudgetDraft,
    BudgetDrafts,
    BudgetSet,
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


def load_budgets(path: str | Path | None = None) -> BudgetSet:
    """Read and validate a budget file and the workload profiles it names.

    Raises BudgetError naming the file, the budget and the key on any problem. A file
    whose bytes are unchanged comes from the cache; workload files have their own.
    """
    path = Path(path) if path is not None else default_path()
    data = _read(path)
    drafts = cached(
        "budgets",
        {path: data},
        lambda: _build(path, data),
        expect=BudgetDrafts,
    )
    return BudgetSet(path, tuple(_resolve(path, draft) for draft in drafts.drafts))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        hint = (
            "; give the budget file's path, or create one (see examples/ci/tokencost.toml)"
            if path == default_path()
            else ""
        )
        raise BudgetError(f"{path}: no such budget file{hint}") from None
    except OSError as exc:
        raise BudgetError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _resolve(path: Path, draft: BudgetDraft) -> Budget:
    """The budget with its workload files read, relative to the budget file ``path``."""
    where = budget_where(path, draft.budget.name)
    workloads = []
    for key, ref in draft.refs:
        if isinstance(ref, Workload):
            workloads.append(ref)
            continue
        try:
            workloads.append(load_workload(path.parent / ref))
        except WorkloadError as exc:
            raise BudgetError(f"{where}: {key}: {exc}") from None
    return replace(draft.budget, workloads=tuple(workloads), where=where)


_BUDGETS_KEY = re.compile(rb"^[ \t]*(?:\[{1,2}[ \t]*budgets\b|budgets[ \t]*=)", re.M)


def is_budget_file(path: Path) -> bool:
    """True when the TOML file at ``path`` has a top-level ``budgets`` key (else a profile).

    Read with a pattern rather than a TOML parse (a diff costs no tomllib import); a
    file that cannot be read counts as a profile, whose loader reports why.
    """
    try:
        return _BUDGETS_KEY.search(path.read_bytes()) is not None
    except OSError:
        return False

"""A budget file once read: its budgets, each with its workloads normalised.

The file as written is :mod:`tokencost.budgets.schema`; reading it is
:mod:`tokencost.budgets.load`. This module imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tokencost.workload import Workload


@dataclass(frozen=True)
class Budget:
    """A validated budget with its workloads read and normalised."""

    name: str
    workloads: tuple[Workload, ...]
    models: tuple[str, ...]
    """Model ids or aliases as written; the engine looks them up."""
    monthly_limit: Decimal | None
    warn_at: Decimal | None
    max_ratio: Decimal | None
    total: bool
    """True when given as ``workloads``: the spend is their sum."""
    where: str
    """``file: budget 'name'``, the start of every message about it."""
    model_key: str
    """``model`` or ``models``, as written (for messages)."""
    line: int | None
    """Line of its ``[[budgets]]`` header in the file, when it has one."""


@dataclass(frozen=True)
class BudgetSet:
    """The budgets of one file."""

    path: Path
    budgets: tuple[Budget, ...]


@dataclass(frozen=True)
class BudgetDraft:
    """A budget before its workload files are read: what the cache keeps.

    Nothing in it depends on the folder the budget file was named from (the cache key
    is its absolute path): ``where`` and the workload paths are filled in on use.
    """

    budget: Budget
    refs: tuple[tuple[str, str | Workload], ...]
    """(key, path as written or inline workload), e.g. ``("workloads[1]", "a.toml")``."""


@dataclass(frozen=True)
class BudgetDrafts:
    """The drafts of one budget file, in order."""

    drafts: tuple[BudgetDraft, ...]


def budget_where(path: Path, name: str) -> str:
    """``file: budget 'name'``, the start of every message about a budget."""
    return f"{path}: budget '{name}'"

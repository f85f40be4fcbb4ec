"""A budget file once read: its budgets, each with its workloads normalised.

The file as written is :mod:`tokencost.budgets.schema`; reading it is
:mod:`tokencost.budgets.load`. This module imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from tokencost.workload import Workload

PYPROJECT = "pyproject.toml"
TOOL_TABLE = "[tool.tokencost]"
"""Where a ``pyproject.toml`` keeps budgets (the keys of a budget file)."""

Origin = tuple[str, int | None]
"""Where a workload is written: (file, line of its daily volume), for annotations."""


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
    origins: tuple[Origin, ...] = ()
    """Where each workload is written, in the order of ``workloads``: a profile's file
    and the line of its daily volume (``tokens_per_day`` ...); an inline table's budget
    file and the budget's line."""
    source: str | None = None
    """The price source the budget pins (None: the run's)."""
    as_of: date | None = None
    """The price date the budget pins, its own or its file's (None: the run's)."""


@dataclass(frozen=True)
class BudgetSet:
    """The budgets of one file."""

    path: Path
    budgets: tuple[Budget, ...]
    label: str = ""
    """How reports name the file: its path, or ``pyproject.toml [tool.tokencost]``."""

    @property
    def name(self) -> str:
        """The label, else the path."""
        return self.label or str(self.path)

    def overridden(self, *, as_of: date | None, source: str | None) -> BudgetSet:
        """Every budget priced on ``as_of`` and from ``source`` where given (a flag wins
        over the pins of the file)."""
        if as_of is None and source is None:
            return self
        changed = tuple(
            replace(b, as_of=as_of or b.as_of, source=source or b.source) for b in self.budgets
        )
        return replace(self, budgets=changed)


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


def budget_where(path: Path | str, name: str) -> str:
    """``file: budget 'name'``, the start of every message about a budget."""
    return f"{path}: budget '{name}'"

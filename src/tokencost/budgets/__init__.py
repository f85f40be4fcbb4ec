"""Budget files: monthly spend limits on workloads, checked by ``tokencost check``.

A budget file (default ``tokencost.toml``) lists budgets::

    [[budgets]]
    name = "support chat"
    workload = "../workloads/chat-assistant.toml"   # relative to this file, or a table
    models = ["gpt-5.5", "claude-opus-4.8"]          # or model = "gpt-5.5"; each is checked
    monthly_limit = 3500                             # USD a month
    warn_at = 0.9                                    # optional: warn from 90% of a limit
    max_ratio = 150                                  # optional: <= 150x the cheapest model

Shaped like :mod:`tokencost.catalogue`: ``schema`` is the file as written and its
rules, ``load`` reads and validates it (and the profiles it names), ``normalised`` is
what the engine judges (:mod:`tokencost.engine.check`).
"""

from __future__ import annotations

from tokencost.budgets.load import DEFAULT_FILE, default_path, is_budget_file, load_budgets
from tokencost.budgets.normalised import Budget, BudgetSet

__all__ = [
    "DEFAULT_FILE",
    "Budget",
    "BudgetSet",
    "default_path",
    "is_budget_file",
    "load_budgets",
]

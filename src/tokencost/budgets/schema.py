"""A budget file as written (:class:`BudgetsFile`) and the rules it is validated by.

A budget file (default ``tokencost.toml``) lists budgets::

    [[budgets]]
    name = "support chat"
    workload = "../workloads/chat-assistant.toml"   # relative to this file, or a table
    models = ["gpt-5.5", "claude-opus-4.8"]          # or model = "gpt-5.5"; each is checked
    monthly_limit = 3500                             # USD a month
    warn_at = 0.9                                    # optional: warn from 90% of a limit
    max_ratio = 150                                  # optional: <= 150x the cheapest model

- ``workload`` is a profile's path (relative to the budget file) or an inline
  ``[budgets.workload]`` table with a profile's keys; an inline table without a
  ``name`` takes the budget's (``team #2`` for the second of a list).
- ``workloads = [...]`` (paths or inline tables) makes a total: the spend is the sum
  of the workloads on the model, e.g. a team's budget.
- ``model`` or ``models``: each model is checked on its own against the limits.
- A budget needs ``monthly_limit`` (USD, > 0), ``max_ratio`` (> 0), or both.
  ``max_ratio`` caps the model's monthly cost over that of the cheapest model with a
  non-zero price in the catalogue for the same workload(s) on the same date (the
  baseline ``compare`` uses by default).
- ``warn_at`` (more than 0, at most 1) turns a check into a warning once the spend
  (or ratio) reaches that fraction of its limit; without it a check is ok or over.
- ``as_of`` (a date) pins the day whose prices judge the budgets, at the top of the file
  for all of them or in a budget for that one; ``source`` in a budget pins its price
  source. A ``--as-of`` or ``--source`` flag overrides every pin.

The same tables may live in ``pyproject.toml`` under ``[tool.tokencost]``
(``[[tool.tokencost.budgets]]``), with paths relative to that file.

Unknown keys, missing files, bad values and repeated names are errors that name the
file, the budget and the key. Models are checked against the catalogue when the
budgets are priced (:mod:`tokencost.engine.check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, ClassVar

from tokencost.budgets.normalised import (
    PYPROJECT,
    TOOL_TABLE,
    Budget,
    BudgetDraft,
    BudgetDrafts,
    budget_where,
)
from tokencost.errors import BudgetError, WorkloadError
from tokencost.problems import Problem
from tokencost.rules import STRICT_FILE, Before, Check, Rule
from tokencost.workload import Workload
from tokencost.workload.schema import from_table


def _path_or_table(value: Any) -> Any:
    """A workload is a path (string) or an inline profile table."""
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, dict):
        return value
    raise ValueError("give a workload profile's path or an inline table of its keys")


WorkloadRef = Annotated[Any, Check(_path_or_table)]
"""A workload: a profile's path relative to the budget file, or an inline profile table."""

Limit = Annotated[Decimal, Rule(gt=0, allow_inf_nan=False)]
"""An exact number greater than 0."""

ModelName = Annotated[str, Rule(min_length=1)]
"""A model id or alias, checked against the catalogue when the budget is priced."""


def _day(value: Any) -> Any:
    """A TOML date (``2026-06-15``), or the same written as a string."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-06-15"
            ) from None
    return value


PriceDate = Annotated[date, Before(_day)]
"""The day whose prices judge a budget."""

SourceId = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
"""A price source of the catalogue (e.g. ``list``), checked when the budget is priced."""


def _unique_models(models: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    for name in models:
        if name.lower() in seen:
            raise ValueError(f"'{name}' is listed twice; list each model once")
        seen.add(name.lower())
    return models


@dataclass(frozen=True)
class BudgetEntry:
    """One ``[[budgets]]`` table as written."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    name: Annotated[str, Rule(min_length=1)]
    """Name of the budget, printed with its verdict."""
    workload: WorkloadRef | None = None
    """The workload: a profile's path (relative to this file) or an inline table."""
    workloads: Annotated[tuple[WorkloadRef, ...], Rule(min_length=1)] | None = None
    """Several workloads whose spend is added up (a team's total)."""
    model: ModelName | None = None
    """The model the workload runs on (id or alias)."""
    models: Annotated[tuple[ModelName, ...], Rule(min_length=1), Check(_unique_models)] | None = (
        None
    )
    """Several models, each checked on its own."""
    monthly_limit: Limit | None = None
    """Most the workload(s) may cost a month, in USD."""
    warn_at: Annotated[Decimal, Rule(gt=0, le=1, allow_inf_nan=False)] | None = None
    """Warn once the spend (or ratio) reaches this fraction of its limit, e.g. 0.8."""
    max_ratio: Limit | None = None
    """Most the model may cost relative to the cheapest non-zero model, e.g. 20 (x)."""
    source: SourceId | None = None
    """The price source this budget is judged with (e.g. "list"); a --source flag
    overrides it."""
    as_of: PriceDate | None = None
    """The day whose prices judge this budget (e.g. 2026-06-15), instead of the file's or
    today; an --as-of flag overrides it."""


def _complete(entry: BudgetEntry) -> BudgetEntry:
    """One workload key, one model key, and at least one limit."""
    if (entry.workload is None) == (entry.workloads is None):
        raise ValueError(
            "give workload (one profile) or workloads (a list to add up), not both"
            if entry.workload is not None
            else 'missing the workload: add workload = "path/to/profile.toml" or an inline table'
        )
    if (entry.model is None) == (entry.models is None):
        raise ValueError(
            "give model or models, not both"
            if entry.model is not None
            else 'missing the model: add model = "gpt-5.5" or models = ["a", "b"]'
        )
    if entry.monthly_limit is None and entry.max_ratio is None:
        raise ValueError("missing a limit: add monthly_limit (USD a month), max_ratio, or both")
    return entry


def _unique_names(budgets: tuple[BudgetEntry, ...]) -> tuple[BudgetEntry, ...]:
    seen: set[str] = set()
    for entry in budgets:
        if entry.name in seen:
            raise ValueError(f"two budgets are named '{entry.name}'; give each its own name")
        seen.add(entry.name)
    return budgets


@dataclass(frozen=True)
class BudgetsFile:
    """A budget file as written: a list of ``[[budgets]]``."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    budgets: Annotated[
        tuple[Annotated[BudgetEntry, Check(_complete)], ...],
        Rule(min_length=1),
        Check(_unique_names),
    ]
    """The budgets, checked in this order."""
    as_of: PriceDate | None = None
    """The day whose prices judge every budget without one of its own (e.g. 2026-06-15);
    default: today. An --as-of flag overrides it."""


# -- a valid file as drafts of its budgets -------------------------------------------


def build_drafts(path: Path, data: bytes) -> BudgetDrafts:
    """Parse and validate a budget file and its inline profiles (a cache miss); in a
    ``pyproject.toml``, its ``[tool.tokencost]`` table."""
    from tokencost.validation import parse_toml, problems  # pydantic: a cache miss only

    raw = parse_toml(path, data, BudgetError)
    label = str(path)
    if path.name == PYPROJECT:
        raw = _tool_table(raw, path)
        label = f"{path} {TOOL_TABLE}"
    elif "budgets" not in raw and "name" in raw:
        raise BudgetError(
            f"{path}: this is a workload profile, not a budget file; a budget file lists "
            "[[budgets]] that name profiles like it (see examples/ci/tokencost.toml)"
        )
    spec, errors = problems(BudgetsFile, raw, label)
    found = [_about_budget(problem, raw) for problem in errors]
    drafts: list[BudgetDraft] = []
    if spec is not None:
        lines = _header_lines(data, len(spec.budgets), path.name == PYPROJECT)
        for entry, line in zip(spec.budgets, lines, strict=True):
            try:
                drafts.append(_draft(label, entry, line, spec.as_of))
            except WorkloadError as exc:
                found.append(str(exc))
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise BudgetError(f"{found[0]}{more}")
    return BudgetDrafts(tuple(drafts))


def _tool_table(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """``[tool.tokencost]`` of a pyproject.toml, or BudgetError saying what to write."""
    tool = raw.get("tool")
    table = tool.get("tokencost") if isinstance(tool, dict) else None
    if table is None:
        raise BudgetError(
            f"{path}: no {TOOL_TABLE} table; add [[tool.tokencost.budgets]] tables (the "
            "keys of a budget file, docs/budgets.md)"
        )
    if not isinstance(table, dict):
        raise BudgetError(
            f"{path}: {TOOL_TABLE} must be a table with [[tool.tokencost.budgets]], "
            f"not {type(table).__name__}"
        )
    return table


def _draft(label: str, entry: BudgetEntry, line: int | None, as_of: date | None) -> BudgetDraft:
    where = budget_where(label, entry.name)
    if entry.workload is not None:
        given: list[tuple[str, Any]] = [("workload", entry.workload)]
    else:
        given = [(f"workloads[{i}]", ref) for i, ref in enumerate(entry.workloads or ())]
    refs: list[tuple[str, str | Workload]] = []
    for index, (key, ref) in enumerate(given):
        if isinstance(ref, str):
            refs.append((key, ref))
        else:
            name = entry.name if entry.workload is not None else f"{entry.name} #{index + 1}"
            refs.append((key, _inline(ref, name, f"{where}: {key}")))
    budget = Budget(
        name=entry.name,
        workloads=(),
        models=(entry.model,) if entry.model is not None else tuple(entry.models or ()),
        monthly_limit=entry.monthly_limit,
        warn_at=entry.warn_at,
        max_ratio=entry.max_ratio,
        total=entry.workloads is not None,
        where="",  # filled in by _resolve
        model_key="model" if entry.model is not None else "models",
        line=line,
        source=entry.source,
        as_of=entry.as_of or as_of,
    )
    return BudgetDraft(budget, tuple(refs))


def _inline(table: dict[str, Any], name: str, where: str) -> Workload:
    """An inline workload table, validated like a profile file; ``name`` unless it has one."""
    return from_table({"name": name, **table}, where)


_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*budgets[ \t]*\]\]", re.M)
_TOOL_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*tool\.tokencost\.budgets[ \t]*\]\]", re.M)


def _header_lines(data: bytes, count: int, tool: bool = False) -> list[int | None]:
    """The line of each ``[[budgets]]`` (or ``[[tool.tokencost.budgets]]``) header; None
    for all when they cannot be matched up."""
    header = _TOOL_HEADER if tool else _HEADER
    starts = [data.count(b"\n", 0, match.start()) + 1 for match in header.finditer(data)]
    if len(starts) != count:
        return [None] * count
    return list(starts)


def _about_budget(problem: Problem, raw: dict[str, Any]) -> str:
    """A problem inside the n-th ``[[budgets]]`` named by that budget's name:
    ``f: budget 'chat': monthly_limit: ...`` (as written when it has no name)."""
    loc = problem.loc
    budgets = raw.get("budgets")
    if len(loc) < 2 or loc[0] != "budgets" or not isinstance(loc[1], int):
        return str(problem)
    entry = budgets[loc[1]] if isinstance(budgets, list) and loc[1] < len(budgets) else None
    name = entry.get("name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name:
        return str(problem)
    inside = replace(problem, file=budget_where(Path(problem.file), name), loc=loc[2:])
    return str(inside)

"""Spend diffs: two versions of a workload profile or budget file, priced side by side.

Pure: no I/O, no clock. Rules (also in the README):

- two workload profiles: one row per model (all the catalogues' models, or those
  asked for), the workload's monthly cost before and after, cheapest (after) first;
- two budget files: one row per budget and model, the budget's monthly spend (as
  ``check`` computes it) before and after; rows are matched by budget name and model;
- each side is priced with its own catalogue (``--base-catalogue`` for the base) and
  that catalogue's default source unless one is asked for, on the same date;
- a row that exists on one side only (a budget or model added or removed, a model
  without a price on that side's catalogue) is ``added`` or ``removed``: its other side
  is None, never 0, and it counts in that side's total only, so its whole spend is the
  change;
- change = after - before; percent = change / before x 100, None when before is 0
  and after is not (no finite percentage); the total adds up every row on each side;
- ``--fail-above`` is breached when the total rises by more than the threshold: a
  percentage of the base total, or an amount of money. A rise from a total of 0
  passes any percentage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Literal

from tokencost.budgets import BudgetSet
from tokencost.catalogue import Catalogue
from tokencost.engine.check import check_budgets
from tokencost.engine.cost import ratio
from tokencost.engine.pricing import catalogue_info, price_model, source_info
from tokencost.engine.results import CatalogueInfo, SourceInfo, Unpriced
from tokencost.errors import InputError, NoPriceError, TokencostError
from tokencost.quantities import CONTEXT, parse_decimal, parse_quantity
from tokencost.workload import Workload

ChangeStatus = Literal["added", "removed", "changed", "unchanged"]
RowKey = tuple[str | None, str]
"""(budget name or None for a workload diff, model id)."""

_PERCENT = re.compile(r"^\s*([^%]+?)\s*%\s*$")


@dataclass(frozen=True)
class Threshold:
    """How much the total may rise: a percentage of the base total, or an amount."""

    amount: Decimal
    percent: bool

    @classmethod
    def parse(cls, text: str, what: str = "--fail-above") -> Threshold:
        """``10%`` (percent), ``500``, ``$500`` or ``1.5k`` (money); never negative."""
        match = _PERCENT.match(text)
        if match:
            value = parse_decimal(match.group(1), what)
            if value < 0:
                raise InputError(f"{what}: {text} is negative; give e.g. 10% or 500")
            return cls(value, True)
        try:
            return cls(parse_quantity(text.strip().removeprefix("$"), what), False)
        except InputError:
            raise InputError(
                f"{what}: {text!r} is neither a percentage nor an amount; give e.g. 10% or 500"
            ) from None

    def passed_by(self, change: Decimal, percent: Decimal | None) -> bool:
        """True when a rise of ``change`` (``percent`` of the base) is more than allowed."""
        if change <= 0:
            return False
        if self.percent:
            return percent is None or percent > self.amount
        return change > self.amount


@dataclass(frozen=True)
class Change:
    """Monthly spend of one row (or the total) before and after."""

    budget: str | None
    model: str | None
    status: ChangeStatus
    before: Decimal | None
    after: Decimal | None
    change: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class DiffSide:
    """What one side was: its file, catalogue, source and (for profiles) workload."""

    label: str
    catalogue: CatalogueInfo
    source: SourceInfo
    workload: Workload | None = None


@dataclass(frozen=True)
class SpendDiff:
    """The spend of a base and a new version, row by row and in total."""

    kind: Literal["workload", "budgets"]
    base: DiffSide
    new: DiffSide
    currency: str
    as_of: date
    rows: tuple[Change, ...]
    total: Change
    threshold: Threshold | None
    unpriced: tuple[Unpriced, ...] = ()
    """Models priced on neither side (profile diffs over all models)."""
    flags: tuple[str, ...] = ()
    """``side: model: flag; flag`` for models that lack a price for a pricing dimension
    the workloads use (see ``ModelCost.flags``)."""

    @property
    def breached(self) -> bool:
        """True when the total rises above the threshold."""
        if self.threshold is None:
            return False
        return self.threshold.passed_by(self.total.change, self.total.percent)


def change_of(
    budget: str | None, model: str | None, before: Decimal | None, after: Decimal | None
) -> Change:
    """One row: status, change and percent from the two sides (None = absent)."""
    with localcontext(CONTEXT):
        delta = (after or Decimal(0)) - (before or Decimal(0))
        percent = None
        if before is not None and after is not None:
            percent = Decimal(0) if delta == 0 else ratio(delta * 100, before)
    if before is None:
        status: ChangeStatus = "added"
    elif after is None:
        status = "removed"
    else:
        status = "unchanged" if delta == 0 else "changed"
    return Change(budget, model, status, before, after, delta, percent)


def changes(
    before: Mapping[RowKey, Decimal], after: Mapping[RowKey, Decimal]
) -> tuple[tuple[Change, ...], Change]:
    """The rows (grouped by budget, new order first) and the total."""
    names = list(dict.fromkeys(name for name, _ in (*after, *before)))
    rows = []
    for name in names:
        models = dict.fromkeys(m for n, m in (*after, *before) if n == name)
        for model in models:
            rows.append(change_of(name, model, before.get((name, model)), after.get((name, model))))
    with localcontext(CONTEXT):
        total_before = sum(before.values(), Decimal(0))
        total_after = sum(after.values(), Decimal(0))
    total = change_of(None, None, total_before, total_after)
    return tuple(rows), total


def diff_budgets(
    base: tuple[Catalogue, BudgetSet],
    new: tuple[Catalogue, BudgetSet],
    *,
    as_of: date,
    source: str | None = None,
    threshold: Threshold | None = None,
) -> SpendDiff:
    """Two budget files, each priced with its own catalogue (errors name the side's file)."""
    sides = []
    spends: list[dict[RowKey, Decimal]] = []
    flags: list[str] = []
    for catalogue, budgets in (base, new):
        report = check_budgets(catalogue, budgets, as_of=as_of, source=source)
        sides.append(DiffSide(budgets.name, report.catalogue, report.source))
        spend: dict[RowKey, Decimal] = {
            (v.budget, v.model): v.monthly_cost for v in report.verdicts
        }
        spends.append(spend)
        flags += [
            f"{budgets.path}: {v.budget} on {v.model}: {'; '.join(v.flags)}"
            for v in report.verdicts
            if v.flags
        ]
    rows, total = changes(spends[0], spends[1])
    return SpendDiff(
        "budgets",
        sides[0],
        sides[1],
        new[0].manifest.currency,
        as_of,
        rows,
        total,
        threshold,
        flags=tuple(flags),
    )


def diff_workloads(
    base: tuple[Catalogue, Workload, str],
    new: tuple[Catalogue, Workload, str],
    *,
    as_of: date,
    source: str | None = None,
    models: Sequence[str] | None = None,
    threshold: Threshold | None = None,
) -> SpendDiff:
    """Two profiles (catalogue, workload, label) on each model, all models by default.

    A model named in ``models`` that neither side can price is an error; among all
    models, those priced on neither side are listed in ``unpriced``.
    """
    (base_cat, base_wl, base_label), (new_cat, new_wl, new_label) = base, new
    base_src, new_src = source_info(base_cat, source), source_info(new_cat, source)
    names = list(models) if models else _all_ids((base_cat, new_cat))
    before, base_missing, base_flags = _price_each(base_cat, base_wl, names, as_of, base_src.id)
    after, new_missing, new_flags = _price_each(new_cat, new_wl, names, as_of, new_src.id)
    flags = [f"{base_label}: {line}" for line in base_flags]
    flags += [f"{new_label}: {line}" for line in new_flags]
    unpriced = []
    for name in names:
        if name in base_missing and name in new_missing:
            if models:
                raise new_missing[name]
            unpriced.append(Unpriced(name, str(new_missing[name])))
    if not before and not after:
        raise NoPriceError(
            f"no model has a price on {as_of} in either catalogue: {unpriced[0].reason}"
        )
    rows, total = changes(_by_model(before), _by_model(after))
    return SpendDiff(
        "workload",
        DiffSide(base_label, catalogue_info(base_cat), base_src, base_wl),
        DiffSide(new_label, catalogue_info(new_cat), new_src, new_wl),
        new_cat.manifest.currency,
        as_of,
        rows,
        total,
        threshold,
        tuple(unpriced),
        tuple(flags),
    )


def _by_model(costs: Mapping[str, Decimal]) -> dict[RowKey, Decimal]:
    """Keyed for :func:`changes`, cheapest first (as ``compare`` lists them)."""
    ordered = sorted(costs.items(), key=lambda item: (item[1], item[0]))
    return {(None, model): cost for model, cost in ordered}


def _all_ids(catalogues: Iterable[Catalogue]) -> list[str]:
    return list(dict.fromkeys(m.id for cat in catalogues for m in cat.models()))


def _price_each(
    catalogue: Catalogue, workload: Workload, names: Sequence[str], as_of: date, source: str
) -> tuple[dict[str, Decimal], dict[str, TokencostError], list[str]]:
    """Monthly cost by model id, why each name that could not be priced was not, and the
    flags of those priced (``model: flag; flag``)."""
    costs: dict[str, Decimal] = {}
    missing: dict[str, TokencostError] = {}
    flags: list[str] = []
    for name in names:
        try:
            model = catalogue.model(name)
            cost = price_model(catalogue, model, workload, as_of, source)
        except TokencostError as exc:  # unknown here, or no price on the date
            missing[name] = exc
            continue
        costs[model.id] = cost.monthly_cost
        if cost.flags:
            flags.append(f"{model.id}: {'; '.join(cost.flags)}")
    return costs, missing, flags

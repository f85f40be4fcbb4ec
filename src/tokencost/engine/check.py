"""Budget verdicts: budgets + catalogue + date -> ok / warn / over for each model.

Pure: no I/O, no clock. Rules (also in the README):

- a budget's spend on a model is the monthly cost of its workload on that model, or
  the sum over its workloads for a total (each workload with its own days a month);
- a monthly limit is **over** when the spend is more than the limit (spending exactly
  the limit is within it), **warn** when ``warn_at`` is set and the spend reaches
  ``warn_at x limit``, else **ok**;
- the ratio is the spend / the spend on the cheapest model with a non-zero cost for the
  same workload(s), among the catalogue's models priced on the date by the source (the
  baseline ``compare`` uses by default); ``max_ratio`` is judged like a limit. When no
  model has a non-zero cost the ratio is undefined (None) and the check is ok: the
  chosen model is free too;
- a verdict's status is the worse of its checks; a report fails when any verdict is
  over, or, when strict, when any is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, localcontext
from typing import Literal

from tokencost.budgets import Budget, BudgetSet
from tokencost.catalogue import Catalogue, Model
from tokencost.engine.cost import ratio
from tokencost.engine.pricing import catalogue_info, price_model, source_info
from tokencost.engine.results import CatalogueInfo, ModelCost, SourceInfo
from tokencost.errors import BudgetError, InputError, NoPriceError, UnknownModelError
from tokencost.quantities import CONTEXT
from tokencost.workload import Workload

BudgetStatus = Literal["ok", "warn", "over"]
SEVERITY: dict[BudgetStatus, int] = {"ok": 0, "warn": 1, "over": 2}


@dataclass(frozen=True)
class Verdict:
    """One model of one budget against its limits."""

    budget: str
    model: str
    """The model's catalogue id."""
    total: bool
    """True for a budget over the sum of several workloads."""
    workloads: tuple[Workload, ...]
    monthly_cost: Decimal
    limit: Decimal | None
    """The monthly limit in the catalogue's currency, if the budget has one."""
    warn_at: Decimal | None
    warn_from: Decimal | None
    """The spend from which the limit check warns: warn_at x limit."""
    headroom: Decimal | None
    """limit - spend: negative when over (the overrun)."""
    percent_used: Decimal | None
    """spend / limit x 100."""
    limit_status: BudgetStatus | None
    max_ratio: Decimal | None
    ratio: Decimal | None
    """spend / the baseline's spend; None when undefined or not asked for."""
    ratio_warn_from: Decimal | None
    """The ratio from which the ratio check warns: warn_at x max_ratio."""
    baseline: str | None
    """The cheapest non-zero model the ratio is taken against."""
    ratio_status: BudgetStatus | None
    status: BudgetStatus
    """The worse of limit_status and ratio_status."""
    line: int | None
    """Line of the budget in its file, for annotations."""
    origin: tuple[str, int | None] | None = None
    """Where the workload that costs the most on this model is written (file, line of
    its daily volume): what drives the spend, for annotations. None: not known."""
    flags: tuple[str, ...] = ()
    """Prices the model lacks for a pricing dimension its workloads use (cache hits,
    batch ...), and what was billed instead."""
    as_of: date | None = None
    """The day whose prices judged it (the budget's pin, else the run's)."""
    source: str = ""
    """The price source that judged it (the budget's pin, else the run's)."""


@dataclass(frozen=True)
class BudgetReport:
    """Every budget of a file judged with one catalogue; ``source`` and ``as_of`` are
    those every verdict used, or the run's when budgets pin others (each verdict has
    its own)."""

    catalogue: CatalogueInfo
    source: SourceInfo
    currency: str
    as_of: date
    file: str
    """How the report names the budget file (``pyproject.toml [tool.tokencost]`` ...)."""
    path: str
    """The budget file's path (annotations are on it)."""
    budgets: int
    strict: bool
    verdicts: tuple[Verdict, ...]
    sources: tuple[SourceInfo, ...] = ()
    """Every source a verdict used (budgets may pin their own)."""

    def source_of(self, source_id: str) -> SourceInfo:
        """The source of that id among those used (the report's when not pinned)."""
        return next((s for s in self.sources if s.id == source_id), self.source)

    def count(self, status: BudgetStatus) -> int:
        """How many verdicts have this status."""
        return sum(1 for v in self.verdicts if v.status == status)

    @property
    def ok(self) -> bool:
        """True when nothing is over (and, when strict, nothing warns)."""
        return self.count("over") == 0 and not (self.strict and self.count("warn"))


def judge(value: Decimal, limit: Decimal, warn_at: Decimal | None) -> BudgetStatus:
    """``over`` above the limit, ``warn`` from ``warn_at x limit``, else ``ok``."""
    if value > limit:
        return "over"
    with localcontext(CONTEXT):
        if warn_at is not None and value >= warn_at * limit:
            return "warn"
    return "ok"


def check_budgets(
    catalogue: Catalogue,
    budgets: BudgetSet,
    *,
    as_of: date,
    source: str | None = None,
    strict: bool = False,
) -> BudgetReport:
    """Judge every model of every budget with prices in effect on ``as_of`` from
    ``source``, or on the date and from the source a budget pins (its own or its
    file's; :meth:`BudgetSet.overridden` lets a flag win over the pins).

    Unknown models and sources and models without a price on the date raise
    BudgetError naming the budget and the key.
    """
    default = source_info(catalogue, source)
    sources = {default.id: default}
    verdicts: list[Verdict] = []
    for budget in budgets.budgets:
        src = default
        if budget.source is not None:
            try:
                src = source_info(catalogue, budget.source)
            except InputError as exc:
                raise BudgetError(f"{budget.where}: source: {exc}") from None
            sources.setdefault(src.id, src)
        day = budget.as_of or as_of
        verdicts.extend(budget_verdicts(catalogue, budget, day, src.id))
    used = {(v.source, v.as_of) for v in verdicts}
    if len(used) == 1:  # one source and date for all: the report's
        ((only_source, only_day),) = used
        default = source_info(catalogue, only_source)
        as_of = only_day or as_of
    return BudgetReport(
        catalogue=catalogue_info(catalogue),
        source=default,
        currency=catalogue.manifest.currency,
        as_of=as_of,
        file=budgets.name,
        path=str(budgets.path),
        budgets=len(budgets.budgets),
        strict=strict,
        verdicts=tuple(verdicts),
        sources=tuple(sources.values()),
    )


def budget_verdicts(
    catalogue: Catalogue, budget: Budget, as_of: date, source: str
) -> list[Verdict]:
    """One verdict per model of ``budget``, in the order written."""
    models = [_lookup(catalogue, budget, index) for index in range(len(budget.models))]
    baseline = None
    if budget.max_ratio is not None:
        baseline = cheapest(catalogue, budget.workloads, as_of, source)
    verdicts: dict[str, Verdict] = {}
    for index, model in enumerate(models):
        if model.id in verdicts:  # two aliases of one model
            continue
        try:
            costs = [price_model(catalogue, model, wl, as_of, source) for wl in budget.workloads]
        except NoPriceError as exc:
            raise BudgetError(f"{budget.where}: {_key(budget, index)}: {exc}") from None
        spend, flags = _added_up(costs)
        verdicts[model.id] = replace(
            _verdict(budget, model.id, spend, baseline),
            origin=_driver(budget, [cost.monthly_cost for cost in costs]),
            flags=flags,
            as_of=as_of,
            source=source,
        )
    return list(verdicts.values())


def _driver(budget: Budget, spends: list[Decimal]) -> tuple[str, int | None] | None:
    """Where the workload with the largest spend is written (the first of equals)."""
    if len(budget.origins) != len(spends) or not spends:
        return None
    return budget.origins[max(range(len(spends)), key=lambda i: (spends[i], -i))]


def monthly_spend(
    catalogue: Catalogue, model: Model, workloads: Iterable[Workload], as_of: date, source: str
) -> Decimal:
    """The monthly cost of the workloads on ``model``, added up (NoPriceError if unpriced)."""
    return spend_and_flags(catalogue, model, workloads, as_of, source)[0]


def spend_and_flags(
    catalogue: Catalogue, model: Model, workloads: Iterable[Workload], as_of: date, source: str
) -> tuple[Decimal, tuple[str, ...]]:
    """:func:`monthly_spend` and the flags of pricing the workloads on ``model``."""
    return _added_up([price_model(catalogue, model, wl, as_of, source) for wl in workloads])


def _added_up(costs: list[ModelCost]) -> tuple[Decimal, tuple[str, ...]]:
    """The monthly costs added up, and their flags (each once)."""
    with localcontext(CONTEXT):
        spend = sum((cost.monthly_cost for cost in costs), Decimal(0))
    return spend, tuple(dict.fromkeys(flag for cost in costs for flag in cost.flags))


def cheapest(
    catalogue: Catalogue, workloads: tuple[Workload, ...], as_of: date, source: str
) -> tuple[str, Decimal] | None:
    """The model with the lowest non-zero spend on the workloads, and that spend.

    Models without a price on the date are left out; None when no model costs anything.
    """
    found: list[tuple[Decimal, str]] = []
    for model in catalogue.models():
        try:
            spend = monthly_spend(catalogue, model, workloads, as_of, source)
        except NoPriceError:
            continue
        if spend > 0:
            found.append((spend, model.id))
    if not found:
        return None
    spend, model_id = min(found)
    return model_id, spend


def _key(budget: Budget, index: int) -> str:
    """``model`` or ``models[1]``: where the budget names its index-th model."""
    return budget.model_key if budget.model_key == "model" else f"models[{index}]"


def _lookup(catalogue: Catalogue, budget: Budget, index: int) -> Model:
    try:
        return catalogue.model(budget.models[index])
    except UnknownModelError as exc:
        raise BudgetError(f"{budget.where}: {_key(budget, index)}: {exc}") from None


def _verdict(
    budget: Budget, model_id: str, spend: Decimal, baseline: tuple[str, Decimal] | None
) -> Verdict:
    limit, warn_at, most = budget.monthly_limit, budget.warn_at, budget.max_ratio
    headroom = used = limit_status = times = ratio_status = None
    with localcontext(CONTEXT):
        warn_from = warn_at * limit if warn_at is not None and limit is not None else None
        ratio_warn_from = warn_at * most if warn_at is not None and most is not None else None
        if limit is not None:
            headroom = limit - spend
            used = ratio(spend * 100, limit)
            limit_status = judge(spend, limit, warn_at)
    if most is not None:
        times = ratio(spend, baseline[1]) if baseline is not None else None
        ratio_status = "ok" if times is None else judge(times, most, warn_at)
    statuses = [s for s in (limit_status, ratio_status) if s is not None]
    return Verdict(
        budget=budget.name,
        model=model_id,
        total=budget.total,
        workloads=budget.workloads,
        monthly_cost=spend,
        limit=limit,
        warn_at=warn_at,
        warn_from=warn_from,
        headroom=headroom,
        percent_used=used,
        limit_status=limit_status,
        max_ratio=most,
        ratio=times,
        ratio_warn_from=ratio_warn_from,
        baseline=baseline[0] if baseline is not None else None,
        ratio_status=ratio_status,
        status=max(statuses, key=SEVERITY.__getitem__),
        line=budget.line,
    )

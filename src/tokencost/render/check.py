"""A BudgetReport as JSON, a table, a pull-request comment and GitHub annotations.

The verdict comes first and in words: a one-line summary (``PASS``/``FAIL`` with the
counts), then one sentence per check that is not ok saying by how much and against
which limit, then the table, then the assumptions.
"""

from __future__ import annotations

import os
from datetime import date

from tokencost.engine.check import BudgetReport, BudgetStatus, Verdict
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    catalogue_line,
    prices_line,
    source_document,
    workload_document,
    workload_line,
)
from tokencost.render.view import Case, Conclusion, Finding, View

SCHEMA = "tokencost.check/1"

ASSUMPTIONS = {
    "monthly_cost": "the workload's monthly cost on the model (a total adds up its "
    "workloads); a month is each workload's days_per_month",
    "over": "monthly_cost > monthly_limit, or ratio > max_ratio",
    "warn": "monthly_cost >= warn_at x monthly_limit, or ratio >= warn_at x max_ratio",
    "ratio": "monthly_cost / the monthly cost on the cheapest model with a non-zero cost "
    "for the same workload(s) on the same date (baseline)",
}

TEXT: dict[BudgetStatus, str] = {"ok": "ok", "warn": "WARN", "over": "OVER"}
MARK: dict[BudgetStatus, str] = {"ok": "✅ ok", "warn": "⚠️ warn", "over": "❌ over"}


def document(report: BudgetReport) -> dict[str, object]:
    """The JSON document (schema ``tokencost.check/1``)."""
    head = envelope(SCHEMA, report.catalogue, report.as_of, report.currency)
    return {
        "schema": head.pop("schema"),
        "ok": report.ok,
        **head,
        "strict": report.strict,
        "file": report.file,
        "source": source_document(report.source),
        "assumptions": ASSUMPTIONS,
        "summary": {
            "budgets": report.budgets,
            "checks": len(report.verdicts),
            "over": report.count("over"),
            "warn": report.count("warn"),
            "ok": report.count("ok"),
        },
        "results": [_result(report, v) for v in report.verdicts],
    }


def _result(report: BudgetReport, v: Verdict) -> dict[str, object]:
    return {
        "name": v.budget,
        "model": v.model,
        "monthly_cost": v.monthly_cost,
        "as_of": v.as_of or report.as_of,
        "source": v.source or report.source.id,
        "limit": v.limit,
        "status": v.status,
        "kind": "total" if v.total else "workload",
        "workloads": [workload_document(wl) for wl in v.workloads],
        "warn_at": v.warn_at,
        "warn_from": v.warn_from,
        "headroom": v.headroom,
        "percent_used": v.percent_used,
        "limit_status": v.limit_status,
        "max_ratio": v.max_ratio,
        "ratio": v.ratio,
        "ratio_warn_from": v.ratio_warn_from,
        "baseline": v.baseline,
        "ratio_status": v.ratio_status,
        "line": v.line,
        **({"flags": list(v.flags)} if v.flags else {}),
    }


def summary(report: BudgetReport) -> str:
    """The one-line verdict: ``FAIL: 1 over, 1 warn, 2 ok (4 checks in 3 budgets).``"""
    over, warn, ok = (report.count(s) for s in ("over", "warn", "ok"))
    if over:
        verdict = "FAIL"
    elif warn and report.strict:
        verdict = "FAIL (--strict: warnings fail)"
    else:
        verdict = "PASS with warnings" if warn else "PASS"
    scope = f"{fmt.plural(len(report.verdicts), 'check')} in {fmt.plural(report.budgets, 'budget')}"
    return f"{verdict}: {over} over, {warn} warn, {ok} ok ({scope})."


def findings(v: Verdict) -> list[str]:
    """What is wrong with a verdict, one clause per check that is not ok."""
    found = []
    if v.limit_status == "over" and v.limit is not None and v.headroom is not None:
        found.append(
            f"{fmt.money(v.monthly_cost)} a month is {fmt.money(-v.headroom)} over the "
            f"{fmt.money(v.limit)} limit ({_used(v)} of it)"
        )
    elif (
        v.limit_status == "warn"
        and v.limit is not None
        and v.warn_from is not None
        and v.headroom is not None
    ):
        found.append(
            f"{fmt.money(v.monthly_cost)} a month is {_used(v)} of the {fmt.money(v.limit)} "
            f"limit, past its warning line at {fmt.money(v.warn_from)}; "
            f"{fmt.money(v.headroom)} left"
        )
    if v.ratio is not None and v.max_ratio is not None:
        times = f"it costs {fmt.ratio(v.ratio)} as much as {v.baseline}, the cheapest model"
        if v.ratio_status == "over":
            found.append(f"{times}, more than max_ratio {fmt.ratio(v.max_ratio)}")
        elif v.ratio_status == "warn" and v.ratio_warn_from is not None:
            found.append(
                f"{times}, past the warning line at {fmt.ratio(v.ratio_warn_from)} "
                f"(max_ratio {fmt.ratio(v.max_ratio)})"
            )
    return found


def _used(v: Verdict) -> str:
    return fmt.percent(v.percent_used) if v.percent_used is not None else "-"


def grid(report: BudgetReport) -> Grid:
    """One row per model of each budget, in file order (markdown marks the status)."""
    ratios = any(v.max_ratio is not None for v in report.verdicts)
    columns = [
        Column("Status", marks=tuple((TEXT[s], MARK[s]) for s in TEXT)),
        Column("Budget"),
        Column("Model"),
        Column("Monthly", "right", strong=True),
        Column("Limit", "right"),
        Column("Used", "right"),
        Column("Headroom", "right"),
    ]
    if ratios:
        columns += [Column("Ratio", "right"), Column("Max ratio", "right")]
    rows = tuple(_cells(v, ratios) for v in report.verdicts)
    return Grid(f"Budget check of {report.file}", tuple(columns), rows, footer(report))


def _cells(v: Verdict, ratios: bool) -> tuple[str, ...]:
    cells = [
        TEXT[v.status],
        v.budget,
        v.model,
        fmt.money(v.monthly_cost),
        fmt.money(v.limit) if v.limit is not None else "-",
        _used(v),
        fmt.money(v.headroom) if v.headroom is not None else "-",
    ]
    if ratios:
        if v.max_ratio is None:
            cells += ["-", "-"]
        else:
            cells += [fmt.ratio(v.ratio) if v.ratio is not None else "n/a", fmt.ratio(v.max_ratio)]
    return tuple(cells)


def footer(report: BudgetReport) -> tuple[str, ...]:
    """The workloads, the rules, the prices and the catalogue behind the verdicts."""
    workloads = dict.fromkeys(wl for v in report.verdicts for wl in v.workloads)
    lines = [workload_line(wl) for wl in workloads]
    totals = dict.fromkeys(
        (v.budget, " + ".join(wl.name for wl in v.workloads)) for v in report.verdicts if v.total
    )
    lines += [f"Budget {name}: the total of {parts}." for name, parts in totals]
    lines.append(
        "Limits: over = the monthly spend is above monthly_limit (spending it exactly is "
        "within); warn = it has reached warn_at x the limit."
    )
    if any(v.max_ratio is not None for v in report.verdicts):
        baselines = dict.fromkeys(v.baseline or "none" for v in report.verdicts if v.max_ratio)
        lines.append(
            "Ratio: monthly cost / that on the cheapest model with a non-zero cost for the "
            f"same workload(s): {', '.join(baselines)}; judged against max_ratio the same way."
        )
    lines += _prices_lines(report)
    lines.append(catalogue_line(report.catalogue))
    lines += [
        f"Flag: {v.budget} on {v.model}: {'; '.join(v.flags)}." for v in report.verdicts if v.flags
    ]
    return tuple(lines)


def _prices_lines(report: BudgetReport) -> list[str]:
    """The prices' line; one for each source and date, naming their budgets, when
    budgets pin their own."""
    pinned: dict[tuple[str, date], list[str]] = {}
    for v in report.verdicts:
        key = (v.source or report.source.id, v.as_of or report.as_of)
        names = pinned.setdefault(key, [])
        if v.budget not in names:
            names.append(v.budget)
    if set(pinned) <= {(report.source.id, report.as_of)}:
        return [prices_line(report.source, report.currency, report.as_of)]
    return [
        prices_line(report.source_of(source), report.currency, day, f"Prices of {', '.join(names)}")
        for (source, day), names in pinned.items()
    ]


def heading(report: BudgetReport) -> str:
    """The pull-request comment's first line: the verdict, with a mark to see it by."""
    over, warn, checks = report.count("over"), report.count("warn"), len(report.verdicts)
    if over:
        return f"❌ Over budget: {over} of {fmt.plural(checks, 'check')}"
    if warn and report.strict:
        return f"❌ Budget warnings fail (--strict): {warn} of {fmt.plural(checks, 'check')}"
    if warn:
        return f"⚠️ Within budget, with {fmt.plural(warn, 'warning')}"
    return f"✅ Within budget: {'both' if checks == 2 else 'all'} {fmt.plural(checks, 'check')}"


def conclusion(report: BudgetReport) -> Conclusion:
    """The verdict in words: each check that is not ok as a GitHub annotation (in file
    order; an ``::error`` when over, or when --strict makes a warning fail) on the line of
    the workload that drives its spend (the daily volume of the profile that costs the
    most on the model; an inline workload's budget line), and as a line after the table
    and in the markdown report, worst first."""
    return Conclusion(
        heading(report),
        summary(report),
        tuple(_finding(report, v) for v in report.verdicts if v.status != "ok"),
    )


def _finding(report: BudgetReport, v: Verdict) -> Finding:
    over = v.status == "over"
    found = "; ".join(findings(v))
    return Finding(
        level="error" if over or report.strict else "warning",
        title=f"{'Over budget' if over else 'Budget warning'}: {v.budget} on {v.model}",
        message=found + _limit_at(report, v),
        file=v.origin[0] if v.origin is not None else report.path,
        line=v.origin[1] if v.origin is not None else v.line,
        text=f"{TEXT[v.status]} {v.budget} on {v.model}: {found}.",
        markdown=f"- {MARK[v.status].split()[0]} **{v.budget}** on `{v.model}`: {found}.",
        rank=0 if over else 1,
    )


def _limit_at(report: BudgetReport, v: Verdict) -> str:
    """Where the budget is, when the annotation is on a workload file of its own."""
    if v.origin is None or v.origin[0] == os.path.normpath(report.path):
        return ""
    return f" (budget '{v.budget}' in {report.file}{f':{v.line}' if v.line else ''})"


def cases(report: BudgetReport) -> tuple[Case, ...]:
    """One JUnit test case per budget and model: failed when over (or warning, with
    --strict), its findings or its spend as its output."""
    found = []
    for v in report.verdicts:
        failed = v.status == "over" or (v.status == "warn" and report.strict)
        said = "; ".join(findings(v))
        if not said:
            limit = f" of the {fmt.money(v.limit)} limit ({_used(v)})" if v.limit else ""
            said = f"{fmt.money(v.monthly_cost)} a month{limit}"
        output = f"{TEXT[v.status]}: {said}"
        found.append(
            Case(v.budget, v.model, output if failed else None, v.status if failed else "", output)
        )
    return tuple(found)


class CheckView(View):
    """``check``'s result: every budget's verdicts."""

    name = "tokencost check"

    def __init__(self, report: BudgetReport) -> None:
        self.report = report

    def document(self) -> dict[str, object]:
        return document(self.report)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.report),)

    def conclusion(self) -> Conclusion:
        return conclusion(self.report)

    def cases(self) -> tuple[Case, ...]:
        return cases(self.report)

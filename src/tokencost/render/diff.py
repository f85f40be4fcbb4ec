"""A SpendDiff as JSON, a table, a pull-request comment and GitHub annotations."""

from __future__ import annotations

from tokencost.engine.diff import Change, DiffSide, SpendDiff, Threshold
from tokencost.quantities import plain
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import catalogue_document, envelope
from tokencost.render.notes import (
    catalogue_line,
    prices_line,
    source_document,
    unpriced_document,
    workload_document,
    workload_line,
)
from tokencost.render.view import Case, Conclusion, Finding, Level, View

SCHEMA = "tokencost.diff/1"

ASSUMPTIONS = {
    "rows": "profiles: one row per model; budget files: one row per budget and model, "
    "matched by budget name and model id",
    "one_side": "a row on one side only is 'added' or 'removed': its other side is null "
    "and its whole spend is the change",
    "change": "after - before; percent = change / before x 100 (null when before is 0)",
    "total": "the sum of the rows on each side",
    "fail_above": "breached when the total rises by more than the threshold (a rise "
    "from a total of 0 passes any percentage)",
}


def document(result: SpendDiff) -> dict[str, object]:
    """The JSON document (schema ``tokencost.diff/1``); ``catalogue`` is the new side's."""
    head = envelope(SCHEMA, result.new.catalogue, result.as_of, result.currency)
    threshold = result.threshold
    return {
        "schema": head.pop("schema"),
        "ok": not result.breached,
        **head,
        "kind": result.kind,
        "base": _side(result.base),
        "new": _side(result.new),
        "fail_above": None
        if threshold is None
        else {"amount": threshold.amount, "unit": "percent" if threshold.percent else "USD"},
        "breached": result.breached,
        "assumptions": ASSUMPTIONS,
        "total": _amounts(result.total),
        "results": [{"budget": c.budget, "model": c.model, **_amounts(c)} for c in result.rows],
        "unpriced": unpriced_document(result.unpriced),
        **({"flags": list(result.flags)} if result.flags else {}),
    }


def _side(side: DiffSide) -> dict[str, object]:
    return {
        "file": side.label,
        "catalogue": catalogue_document(side.catalogue),
        "source": source_document(side.source),
        "workload": workload_document(side.workload) if side.workload is not None else None,
    }


def _amounts(change: Change) -> dict[str, object]:
    return {
        "status": change.status,
        "before": change.before,
        "after": change.after,
        "change": change.change,
        "percent": change.percent,
    }


def limit_text(threshold: Threshold) -> str:
    """``10%`` or ``$500.00``."""
    return f"{plain(threshold.amount)}%" if threshold.percent else fmt.money(threshold.amount)


def _percent(change: Change) -> str:
    if change.status in ("added", "removed"):
        return change.status
    return fmt.percent(change.percent, signed=True) if change.percent is not None else "n/a"


def _movement(total: Change) -> str:
    """``+$2,400.00 (+100%)``."""
    pct = fmt.percent(total.percent, signed=True) if total.percent is not None else "n/a"
    return f"{fmt.signed_money(total.change)} ({pct})"


def summary(result: SpendDiff) -> str:
    """One line: the verdict (with --fail-above), the totals and the change."""
    before, after, _ = _money_cells(result.total)
    line = f"total monthly spend {before} -> {after}, {_movement(result.total)}"
    if result.threshold is None:
        return f"Total: {line.removeprefix('total ')}."
    verdict, where = ("FAIL", "above") if result.breached else ("PASS", "within")
    return f"{verdict}: {line}, {where} --fail-above {limit_text(result.threshold)}."


def grid(result: SpendDiff) -> Grid:
    """One row per model (profiles) or budget and model (budget files), then the total."""
    budgets = result.kind == "budgets"
    columns = [Column("Budget")] if budgets else []
    columns += [
        Column("Model"),
        Column("Before", "right"),
        Column("After", "right"),
        Column("Change", "right", strong=True),
        Column("Change %", "right"),
    ]
    rows = [_cells(c, budgets) for c in result.rows]
    total = result.total
    rows.append(("Total", *([""] if budgets else []), *_money_cells(total), _percent(total)))
    title = f"Monthly spend: {result.base.label} -> {result.new.label}"
    return Grid(title, tuple(columns), tuple(rows), footer(result))


def _money_cells(change: Change) -> tuple[str, str, str]:
    return (
        fmt.money(change.before) if change.before is not None else "-",
        fmt.money(change.after) if change.after is not None else "-",
        fmt.signed_money(change.change),
    )


def _cells(change: Change, budgets: bool) -> tuple[str, ...]:
    name = (change.budget or "",) if budgets else ()
    return (*name, change.model or "", *_money_cells(change), _percent(change))


def footer(result: SpendDiff) -> tuple[str, ...]:
    """The workloads (profiles), the rules, the prices and catalogues of both sides."""
    base, new = result.base, result.new
    lines = []
    if base.workload is not None and new.workload is not None:
        lines.append(workload_line(base.workload, "Base workload"))
        lines.append(workload_line(new.workload, "New workload"))
    if any(c.status in ("added", "removed") for c in result.rows):
        lines.append(
            "Added or removed: on one side only; the other side is '-' and the whole spend "
            "is the change."
        )
    lines.append("Total: the sum of each side's rows.")
    if result.threshold is not None:
        lines.append(f"Fail above: the total rising by more than {limit_text(result.threshold)}.")
    if base.source == new.source:
        lines.append(prices_line(new.source, result.currency, result.as_of))
    else:
        lines.append(prices_line(base.source, result.currency, result.as_of, "Base prices"))
        lines.append(prices_line(new.source, result.currency, result.as_of, "New prices"))
    if base.catalogue == new.catalogue:
        lines.append(catalogue_line(new.catalogue))
    else:
        lines.append(catalogue_line(base.catalogue, "Base catalogue"))
        lines.append(catalogue_line(new.catalogue, "New catalogue"))
    lines += [f"Not priced on either side: {u.reason}" for u in result.unpriced]
    lines += [f"Flag: {flag}." for flag in result.flags]
    return tuple(lines)


def heading(result: SpendDiff) -> str:
    """The pull-request comment's first line: the direction of the change and the verdict."""
    total = result.total
    move = f"Monthly LLM spend {_movement(total)}"
    if result.breached and result.threshold is not None:
        return f"❌ {move}, above the {limit_text(result.threshold)} limit"
    if total.change > 0:
        return f"📈 {move}"
    if total.change < 0:
        return f"📉 {move}"
    return "✅ Monthly LLM spend unchanged"


def conclusion(result: SpendDiff) -> Conclusion:
    """The verdict in words: one annotation on the new file, an ``::error`` when the
    total rises above --fail-above, else a ``::notice``, saying the summary."""
    text = summary(result)
    if result.breached and result.threshold is not None:
        title = f"Monthly LLM spend rises above --fail-above {limit_text(result.threshold)}"
        level: Level = "error"
    else:
        title, level = "Monthly LLM spend", "notice"
    finding = Finding(level=level, title=title, message=text, file=result.new.label)
    return Conclusion(heading(result), text, (finding,))


def cases(result: SpendDiff) -> tuple[Case, ...]:
    """A JUnit test case per row (each passes, its change as its output), then the
    total's, failed when it rises above --fail-above."""
    found = []
    for change in result.rows:
        before, after, moved = _money_cells(change)
        found.append(
            Case(
                change.budget or result.new.label,
                change.model or "",
                output=f"{before} -> {after}, {moved} ({_percent(change)})",
            )
        )
    text = summary(result)
    failed = result.breached
    found.append(
        Case("Total", "monthly spend", text if failed else None, "rise" if failed else "", text)
    )
    return tuple(found)


class DiffView(View):
    """``diff``'s result: the spend of two versions, row by row and in total."""

    name = "tokencost diff"

    def __init__(self, result: SpendDiff) -> None:
        self.result = result

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

    def conclusion(self) -> Conclusion:
        return conclusion(self.result)

    def cases(self) -> tuple[Case, ...]:
        return cases(self.result)

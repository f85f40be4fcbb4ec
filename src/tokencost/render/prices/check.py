"""A CheckResult (``tokencost prices check``) as a JSON document and a Grid."""

from __future__ import annotations

from tokencost.engine.prices.check import CheckResult, Discrepancy
from tokencost.render import formatting as fmt
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import catalogue_line, price_unit
from tokencost.render.prices.diff import price_document
from tokencost.render.view import View

SCHEMA = "tokencost.prices.check/1"


def document(r: CheckResult) -> dict[str, object]:
    """``prices check`` as JSON; ``ok`` is false when a discrepancy exceeds the tolerance."""
    doc = envelope(SCHEMA, r.catalogue, r.as_of, r.currency)
    doc["price_unit"] = price_unit(r.currency)
    doc["sources"] = [s.id for s in r.sources]
    doc["host"] = r.host
    doc["tolerance_percent"] = r.tolerance
    doc["ok"] = not r.failed
    doc["compared"] = r.compared
    doc["discrepancies"] = [_discrepancy_document(d) for d in r.discrepancies]
    return doc


def _discrepancy_document(d: Discrepancy) -> dict[str, object]:
    return {
        "model": d.model,
        "reference": price_document(d.reference),
        "other": price_document(d.other),
        "input_change_percent": d.input_change,
        "output_change_percent": d.output_change,
        "size_percent": d.size,
        "exceeds": d.exceeds,
    }


CHECK_COLUMNS = (
    Column("Model"),
    Column("Sources"),
    Column("Input", "right"),
    Column("Output", "right"),
    Column("Input change", "right"),
    Column("Output change", "right"),
    Column("Over", "right", strong=True),
)


def grid(r: CheckResult) -> Grid:
    """Discrepancies largest first; the footer says whether the check passed."""
    rows = tuple(
        (
            d.model,
            f"{d.reference.source} -> {d.other.source}"
            + (f" @{d.other.host}" if d.other.host else ""),
            f"{fmt.price(d.reference.input)} -> {fmt.price(d.other.input)}",
            f"{fmt.price(d.reference.output)} -> {fmt.price(d.other.output)}",
            fmt.change(d.input_change),
            fmt.change(d.output_change),
            "yes" if d.exceeds else "no",
        )
        for d in r.discrepancies
    )
    tolerance = fmt.percent(r.tolerance)
    verdict = (
        f"FAIL: {r.over} of {r.compared} comparisons differ by more than {tolerance}."
        if r.failed
        else f"OK: no discrepancy above {tolerance} in {r.compared} comparisons."
    )
    footer = (
        verdict,
        f"Prices: {r.currency} per 1M tokens in effect on {r.as_of.isoformat()}; change in % "
        f"from the first source to the second (n/a from $0); sources "
        f"{', '.join(repr(s.id) for s in r.sources)}.",
        catalogue_line(r.catalogue),
    )
    return Grid("Discrepancies between sources, largest first", CHECK_COLUMNS, rows, footer)


class PriceCheckView(View):
    """``prices check``'s result: where sources disagree."""

    name = "tokencost prices check"

    def __init__(self, result: CheckResult) -> None:
        self.result = result

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.result),)

"""``tokencost project``: a Comparison's projection on its own, as JSON, a Grid and CSV."""

from __future__ import annotations

from tokencost.engine import Comparison
from tokencost.engine.results import MONTH_RULE
from tokencost.render import projection
from tokencost.render.chart import LineChart
from tokencost.render.grid import Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    price_unit,
    source_document,
    unpriced_document,
    workload_document,
)
from tokencost.render.view import Csv, View

SCHEMA = "tokencost.project/1"


def document(result: Comparison) -> dict[str, object]:
    """The JSON document (schema ``tokencost.project/1``)."""
    doc = envelope(SCHEMA, result.catalogue, result.as_of, result.currency)
    doc |= {
        "source": source_document(result.source),
        "assumptions": {
            "days_per_month": result.workload.days_per_month,
            "month_rule": MONTH_RULE,
            "price_unit": price_unit(result.currency),
        },
        "workload": workload_document(result.workload),
        "projection": projection.document(projection.projection_of(result)),
        "unpriced": unpriced_document(result.unpriced),
    }
    return doc


CSV_FIELDS = ("month", "start", "tokens_per_day", "days", "series", "kind", "monthly", "cumulative")


def csv(result: Comparison) -> Csv:
    """One row per month and series (long form), exact values."""
    found = projection.projection_of(result)
    return Csv(
        CSV_FIELDS,
        tuple(
            (
                p.month,
                p.start,
                p.tokens_per_day,
                p.days,
                s.name,
                s.kind,
                s.monthly[p.month - 1],
                s.cumulative[p.month - 1],
            )
            for p in found.periods
            for s in found.series
        ),
    )


class ProjectView(View):
    """``project``'s result: a comparison's projection on its own."""

    def __init__(self, result: Comparison) -> None:
        self.result = result
        self.name = f"tokencost project: {result.workload.name}"

    def document(self) -> dict[str, object]:
        return document(self.result)

    def grids(self) -> tuple[Grid, ...]:
        return (projection.grid(self.result, full=True),)

    def csv(self) -> Csv:
        return csv(self.result)

    def charts(self) -> tuple[LineChart, ...]:
        return (projection.chart(self.result, full=True),)

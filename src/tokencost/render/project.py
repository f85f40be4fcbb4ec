"""``tokencost project``: a Comparison's projection on its own, as JSON, a Grid and CSV."""

from __future__ import annotations

from tokencost.engine import Comparison
from tokencost.engine.projection import MONTH_RULE
from tokencost.render import projection
from tokencost.render.csvout import to_csv as write_csv
from tokencost.render.jsonout import envelope
from tokencost.render.notes import (
    price_unit,
    source_document,
    unpriced_document,
    workload_document,
)

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


def to_csv(result: Comparison) -> str:
    """One row per month and series (long form), exact values."""
    found = projection.projection_of(result)
    return write_csv(
        CSV_FIELDS,
        (
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

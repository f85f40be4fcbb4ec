"""An ImportReport (``tokencost prices import``) as JSON and as a Grid."""

from __future__ import annotations

from collections import Counter

from tokencost.catalogue.importers import ImportReport
from tokencost.render.grid import Column, Grid
from tokencost.render.view import View

SCHEMA = "tokencost.prices.import/1"


def document(report: ImportReport) -> dict[str, object]:
    """The full report: every unmodelled field of every model, every skipped model (``as_of``
    is null: the prices are dated by --effective, not priced on a date)."""
    return {
        "schema": SCHEMA,
        "currency": "USD",
        "catalogue": {"path": str(report.into), "version": report.version, "digest": report.digest},
        "as_of": None,
        "from": report.kind,
        "file": str(report.file),
        "counts": {
            "providers": report.providers,
            "models": report.models,
            "entries": report.entries,
            "skipped": len(report.skipped),
            "renamed": len(report.renamed),
            "dropped_aliases": len(report.dropped_aliases),
        },
        "mapped": [{"field": theirs, "to": ours} for theirs, ours in report.mapped],
        "not_modelled": [{"field": name, "count": count} for name, count in report.unmodelled],
        "not_modelled_by_model": [
            {"model": model_id, "key": key, "fields": fields}
            for model_id, key, fields in report.details
        ],
        "not_modelled_by_provider": [
            {"provider": provider, "fields": fields} for provider, fields in report.provider_details
        ],
        "skipped": [{"key": s.key, "reason": s.reason} for s in report.skipped],
        "renamed": [{"key": key, "id": model_id} for key, model_id in report.renamed],
        "dropped_aliases": [
            {"alias": alias, "model": model_id, "used_by": other}
            for alias, model_id, other in report.dropped_aliases
        ],
    }


COLUMNS = (Column("Field"), Column("Models", "right"), Column("What tokencost did"))


def grid(report: ImportReport) -> Grid:
    """How each field was handled; the footer counts what was skipped or renamed."""
    rows = [(theirs, "", f"imported as {ours}") for theirs, ours in report.mapped]
    rows += [
        (name, str(count), "not modelled (listed in --json)") for name, count in report.unmodelled
    ]
    reasons = Counter(s.reason.split(" (")[0] for s in report.skipped)
    footer = [
        f"Imported {report.models} models ({report.entries} price entries, {report.providers} "
        f"providers) from {report.kind} file {report.file} into {report.into}.",
        f"Catalogue: version {report.version} ({report.digest}); valid.",
        f"Skipped {len(report.skipped)} model(s)"
        + (": " + "; ".join(f"{why} ({n})" for why, n in reasons.most_common(5)) if reasons else "")
        + ("; ..." if len(reasons) > 5 else "")
        + ".",
        f"Ids made to follow tokencost's rules or unique: {len(report.renamed)} (the original "
        "name is kept as an alias where free).",
        f"Aliases dropped because another model uses them: {len(report.dropped_aliases)}.",
    ]
    return Grid(
        f"Import of {report.file.name} ({report.kind})", COLUMNS, tuple(rows), tuple(footer)
    )


class ImportView(View):
    """``prices import``'s result: what was imported and how."""

    name = "tokencost prices import"

    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def document(self) -> dict[str, object]:
        return document(self.report)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.report),)

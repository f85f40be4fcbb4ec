"""A catalogue ValidationReport as JSON and as a Grid (one row per problem)."""

from __future__ import annotations

from pathlib import Path

from tokencost.catalogue.jsonschema import catalogue_schema, schema_text
from tokencost.catalogue.validate import ValidationReport
from tokencost.render.grid import Column, Grid
from tokencost.render.view import View

SCHEMA = "tokencost.prices.validate/1"


def document(report: ValidationReport) -> dict[str, object]:
    """``prices validate`` as JSON; currency, catalogue version and digest are null when
    invalid; ``as_of`` is null (no date's prices are involved)."""
    return {
        "schema": SCHEMA,
        "currency": report.currency,
        "catalogue": {
            "path": str(report.folder),
            "name": report.name,
            "version": report.version,
            "digest": report.digest,
            "updated": report.updated,
        },
        "as_of": None,
        "valid": report.valid,
        "counts": {
            "files": len(report.files) + (1 if report.valid else 0),
            "models": report.models,
            "entries": report.entries,
        },
        "sources": list(report.sources),
        "problems": [
            {"file": p.file, "key": p.key, "message": p.sentence, "fix": p.fix}
            for p in report.problems
        ],
    }


COLUMNS = (Column("File"), Column("Key"), Column("Problem"))
VALID_COLUMNS = (Column("File"), Column("Models", "right"), Column("Price entries", "right"))


def grid(report: ValidationReport) -> Grid:
    """Every problem, or each provider file of the valid catalogue with its counts."""
    if report.valid:
        footer = (
            f"Valid: manifest.toml and {len(report.files)} provider files, {report.models} "
            f"models, {report.entries} price entries from sources {', '.join(report.sources)}.",
            f"Catalogue: {report.name} {report.version} ({report.digest}), updated "
            f"{report.updated}.",
        )
        counts = tuple((name, str(models), str(entries)) for name, models, entries in report.files)
        return Grid(f"Catalogue {report.folder} is valid", VALID_COLUMNS, counts, footer)
    rows = tuple((_short(p.file, report), p.key or "-", p.sentence) for p in report.problems)
    ending = (f"{len(rows)} problem(s); fix them and run tokencost prices validate again.",)
    return Grid(f"Catalogue {report.folder} is invalid", COLUMNS, rows, ending)


def _short(file: str, report: ValidationReport) -> str:
    """A file of the folder by its name (the title names the folder)."""
    path = Path(file)
    return path.name if path.parent == report.folder else file


class ValidateView(View):
    """``prices validate``'s result: a catalogue's problems, or what it holds."""

    name = "tokencost prices validate"

    def __init__(self, report: ValidationReport) -> None:
        self.report = report

    def document(self) -> dict[str, object]:
        return document(self.report)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.report),)


class SchemaView(View):
    """``prices schema``'s result: the JSON Schema of the catalogue files (as pydantic
    writes it: its numbers are floats, so the JSON face is its own)."""

    name = "tokencost prices schema"

    def document(self) -> dict[str, object]:
        return catalogue_schema()

    def text(self, fmt: str) -> str | None:
        return schema_text() if fmt == "json" else None

"""Full validation of a catalogue folder, for ``tokencost prices validate``.

Unlike :func:`tokencost.catalogue.load_catalogue`, which reports the first problem it
finds, this lists every problem: each a :class:`~tokencost.problems.Problem` (the file,
the key path and what to fix).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tokencost.cache import read_bytes
from tokencost.catalogue.load import (
    catalogue_files,
    digest_of,
    parse_files,
    resolve_folder,
    validate_files,
)
from tokencost.errors import CatalogueError
from tokencost.problems import Problem


@dataclass(frozen=True)
class ValidationReport:
    """The result of validating a folder: its problems, or what the valid catalogue holds."""

    folder: Path
    problems: tuple[Problem, ...]
    name: str | None = None
    version: str | None = None
    digest: str | None = None
    updated: str | None = None
    currency: str | None = None
    files: tuple[tuple[str, int, int], ...] = ()
    """Each provider file with its number of models and price entries (when valid)."""
    sources: tuple[str, ...] = ()

    @property
    def models(self) -> int:
        """How many models the catalogue holds."""
        return sum(f[1] for f in self.files)

    @property
    def entries(self) -> int:
        """How many price entries the catalogue holds."""
        return sum(f[2] for f in self.files)

    @property
    def valid(self) -> bool:
        """True when there is no problem."""
        return not self.problems


def validate_folder(path: str | Path | None) -> ValidationReport:
    """Validate every file of the catalogue folder ``path`` (default: the default one)."""

    folder = resolve_folder(path)
    files = catalogue_files(folder)
    contents = {file: read_bytes(file, CatalogueError) for file in files}
    raw, syntax = parse_files(contents)
    manifest, providers, found = validate_files(folder, raw, len(contents))
    problems = (*syntax, *found)
    if problems or manifest is None:
        return ValidationReport(folder, problems)
    used = {e.source for p in providers.values() for m in p.models for e in m.prices}
    return ValidationReport(
        folder,
        (),
        name=manifest.name,
        version=manifest.version,
        digest=digest_of(manifest, providers.values()),
        updated=manifest.updated.isoformat(),
        currency=manifest.currency,
        files=tuple(
            (Path(name).name, len(p.models), sum(len(m.prices) for m in p.models))
            for name, p in providers.items()
        ),
        sources=tuple(s for s in manifest.sources if s in used),
    )

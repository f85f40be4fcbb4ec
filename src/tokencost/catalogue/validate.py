"""Full validation of a catalogue folder, for ``tokencost prices validate``.

Unlike :func:`tokencost.catalogue.load_catalogue`, which stops at the first problem it
reports, this lists every problem, each split into the file, the key path and what
to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tokencost.catalogue.load import (
    MANIFEST,
    catalogue_files,
    digest_of,
    read_catalogue,
    resolve_folder,
)
from tokencost.errors import CatalogueError

_KEY = re.compile(
    r"^([A-Za-z0-9_.\-]+(?:\[\d+\])*(?:\.[A-Za-z0-9_.\-]+(?:\[\d+\])*)*): (.*)$", re.S
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a catalogue: where (file, key path) and what to fix."""

    file: str
    key: str | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.key}: {self.message}"
            if self.key
            else f"{self.file}: {self.message}"
        )


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
    from tokencost.cache import read_bytes

    folder = resolve_folder(path)
    files = catalogue_files(folder)
    contents = {file: read_bytes(file, CatalogueError) for file in files}
    manifest, providers, found = read_catalogue(folder, contents)
    problems = tuple(split_problem(line, files) for line in found)
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


def split_problem(line: str, files: list[Path]) -> Problem:
    """``/x/acme.toml: models[0].id: bad`` -> Problem('/x/acme.toml', 'models[0].id', 'bad')."""
    names = [*sorted((str(f) for f in files), key=len, reverse=True), MANIFEST]
    for name in names:
        if line.startswith(name + ": "):
            rest = line[len(name) + 2 :]
            match = _KEY.match(rest)
            if match and not rest.startswith("invalid TOML"):
                return Problem(name, match.group(1), match.group(2))
            return Problem(name, None, rest)
    file, _, rest = line.partition(": ")
    return Problem(file, None, rest or line)

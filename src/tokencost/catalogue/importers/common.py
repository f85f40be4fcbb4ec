"""What every importer shares: records, ids and aliases, the report, writing the folder.

An importer reads another project's price file into :class:`Record` objects (one per
model, with its prices in USD per 1M tokens as exact Decimals and every field it did
not map kept in ``unmodelled``) and :class:`Skipped` ones. :func:`build_folder` turns
them into a catalogue folder: ids that follow tokencost's rules and are unique,
aliases that are unique, one TOML file per provider, a manifest naming the source.
The folder is validated in memory, then written to a temporary folder beside the
target and renamed into place, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from tokencost.atomic import sync_folder
from tokencost.catalogue.tomltext import provider_toml
from tokencost.errors import InputError
from tokencost.quantities import plain

MILLION_EXPONENT = 6


@dataclass
class Record:
    """One model as read from the other project's file."""

    provider: str
    provider_name: str
    key: str
    """The model's id in the other file."""
    name: str
    prices: list[dict[str, Any]]
    """Entries: effective, input, output (USD per 1M tokens), optional note."""
    names: list[str] = field(default_factory=list)
    """Other names the file gives the model (alias candidates)."""
    provider_url: str | None = None
    context_window: int | None = None
    note: str | None = None
    unmodelled: dict[str, object] = field(default_factory=dict)
    """Fields tokencost does not model, with their values as read."""
    provider_unmodelled: dict[str, object] = field(default_factory=dict)
    """The provider's fields tokencost does not model (the same for its every model)."""


@dataclass(frozen=True)
class Skipped:
    """A model of the other file that was not imported, and why."""

    key: str
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did: counts, field mapping, what was not modelled or not imported."""

    kind: str
    file: Path
    into: Path
    version: str
    digest: str
    providers: int
    models: int
    entries: int
    mapped: tuple[tuple[str, str], ...]
    """(their field, tokencost field) pairs."""
    unmodelled: tuple[tuple[str, int], ...]
    """Each field tokencost does not model and in how many models it occurs."""
    details: tuple[tuple[str, str, dict[str, object]], ...]
    """(tokencost id, their key, unmodelled fields with values) per model."""
    provider_details: tuple[tuple[str, dict[str, object]], ...]
    """(their provider id, unmodelled provider fields with values)."""
    skipped: tuple[Skipped, ...]
    renamed: tuple[tuple[str, str], ...]
    """(their key, tokencost id) where the id had to differ from the key."""
    dropped_aliases: tuple[tuple[str, str, str], ...]
    """(alias, model id, model already using it)."""


def per_million(value: object, what: str) -> Decimal:
    """A per-token price read exactly (Decimal or int from JSON) -> USD per 1M tokens.

    The decimal point moves six places (``2.5E-6`` -> ``2.5``); no binary arithmetic.
    """
    return per_unit(value, what, MILLION_EXPONENT)


def per_unit(value: object, what: str, exponent: int = 0) -> Decimal:
    """A price from JSON as an exact Decimal times 10**exponent; ValueError if not one."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{what} is {value!r}, not a number")
    number = Decimal(value).scaleb(exponent)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{what} is {value}, not a finite price >= 0")
    return Decimal(plain(number))


_NOT_ID = re.compile(r"[^a-z0-9._-]+")


def identifier(text: str) -> str:
    """``Meta-Llama/Llama-4 (FP8)`` -> ``meta-llama-llama-4-fp8``: tokencost's id rules."""
    ident = _NOT_ID.sub("-", text.strip().lower()).strip("-._")
    return ident or "model"


def assign_ids(records: list[Record]) -> tuple[list[str], list[tuple[str, str]]]:
    """A unique id per record: the key made an identifier; when several records give
    the same one, each becomes ``PROVIDER--ID``; should that be taken too, ``-2``,
    ``-3`` ... follow. Ids that are unique as they are never change.
    """
    bases = [identifier(r.key) for r in records]
    counts = Counter(bases)
    taken = {base for base in bases if counts[base] == 1}
    ids: list[str] = []
    for record, base in zip(records, bases, strict=True):
        if counts[base] == 1:
            ids.append(base)
            continue
        candidate = f"{provider_id(record.provider)}--{base}"
        unique, number = candidate, 1
        while unique in taken:
            number += 1
            unique = f"{candidate}-{number}"
        taken.add(unique)
        ids.append(unique)
    renamed = [(r.key, i) for r, i in zip(records, ids, strict=True) if r.key != i]
    return ids, renamed


def assign_aliases(
    records: list[Record], ids: list[str]
) -> tuple[list[list[str]], list[tuple[str, str, str]]]:
    """Aliases from each record's key and names, unique case-insensitively across all
    ids and aliases; those already taken are dropped and reported."""
    used = {i.lower(): i for i in ids}
    aliases: list[list[str]] = []
    dropped: list[tuple[str, str, str]] = []
    for record, model_id in zip(records, ids, strict=True):
        mine: list[str] = []
        for name in dict.fromkeys([record.key, *record.names]):
            key = name.strip().lower()
            if not key or key == model_id:
                continue
            if key in used:
                if used[key] != model_id:
                    dropped.append((name, model_id, used[key]))
                continue
            used[key] = model_id
            mine.append(name.strip())
        aliases.append(mine)
    return aliases, dropped


def model_table(record: Record, model_id: str, aliases: list[str]) -> dict[str, Any]:
    """The record as a ``[[models]]`` table of a provider file."""
    table: dict[str, Any] = {"id": model_id, "name": record.name or record.key}
    if aliases:
        table["aliases"] = aliases
    if record.context_window:
        table["context_window"] = record.context_window
    if record.note:
        table["note"] = record.note
    table["prices"] = record.prices
    return table


def provider_id(name: str) -> str:
    """A provider id; never ``manifest`` (that file name is the manifest's)."""
    ident = identifier(name)
    return "manifest-provider" if ident == "manifest" else ident


def render_files(
    records: list[Record], manifest: dict[str, Any], header: str
) -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str, str]], list[str]]:
    """TOML text of the manifest and each provider file, plus renamed ids and dropped
    aliases, and the id of each record."""

    ids, renamed = assign_ids(records)
    aliases, dropped = assign_aliases(records, ids)
    by_provider: dict[str, dict[str, Any]] = {}
    for record, model_id, names in zip(records, ids, aliases, strict=True):
        pid = provider_id(record.provider)
        table = by_provider.setdefault(pid, {"provider": pid, "name": record.provider_name})
        if record.provider_url and "url" not in table:
            table["url"] = record.provider_url
        table.setdefault("models", []).append(model_table(record, model_id, names))
    files = {"manifest.toml": header + tomli_w.dumps(manifest)}
    for pid, table in sorted(by_provider.items()):
        files[f"{pid}.toml"] = header + provider_toml(table)
    return files, renamed, dropped, ids


def write_folder(into: Path, files: dict[str, str]) -> None:
    """Write ``files`` as a new folder ``into`` (which must not exist or be empty):
    built in a temporary folder beside it, each file fsync'ed, then renamed into place."""

    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise InputError(f"--into: {into} exists and is not an empty folder; choose a new one")
    parent = into.parent if str(into.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{into.name}.", suffix=".tmp"))
    try:
        for name, text in files.items():
            with open(temp / name, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        if into.exists():
            into.rmdir()
        temp.rename(into)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    sync_folder(parent)


def unmodelled_counts(records: list[Record]) -> tuple[tuple[str, int], ...]:
    """Each unmodelled field with the number of models (``provider.*`` fields: of
    providers) that have it, most common first."""
    counts = Counter(name for r in records for name in r.unmodelled)
    providers = {r.provider: r.provider_unmodelled for r in records}
    counts.update(f"provider.{name}" for fields in providers.values() for name in fields)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def catalogue_version(checked: date) -> str:
    """The CalVer version of a fresh import: the month it was checked, change 0."""
    return f"{checked:%Y.%m}.0"

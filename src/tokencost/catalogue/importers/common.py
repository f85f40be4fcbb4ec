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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w

from tokencost.atomic import sync_folder
from tokencost.catalogue.names import compile_pattern
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
    patterns: list[str] = field(default_factory=list)
    """Name patterns of the model (:mod:`tokencost.catalogue.names`)."""
    provider_url: str | None = None
    provider_patterns: list[str] = field(default_factory=list)
    """Name patterns of the provider's models in general: where several records give
    one name, the record whose provider's patterns match it keeps it."""
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


def assign_ids(
    records: list[Record], taken: set[str] | None = None, owners: Owners | None = None
) -> tuple[list[str], list[tuple[str, str]]]:
    """A unique id per record: the key made an identifier; when several records give
    the same one, the record whose provider's patterns match the key (its owner, if
    there is exactly one) keeps it and each other becomes ``PROVIDER--ID``, as does a
    record whose id is another provider's name (:meth:`Owners.elsewhere`); should
    that be taken too, ``-2``, ``-3`` ... follow. Other ids that are unique as they are
    never change. ``taken``: ids used elsewhere, never given; ``owners``: the models
    whose names count (default: ``records``).
    """
    owners = owners or Owners(records)
    bases = [identifier(r.key) for r in records]
    holders: dict[str, list[int]] = {}
    for number, base in enumerate(bases):
        holders.setdefault(base, []).append(number)
    reserved = set(taken or ())
    keep = [
        base not in reserved
        and owners.elsewhere(record, base) is None
        and (len(holders[base]) == 1 or owner(records, holders[base], base) == number)
        for number, (record, base) in enumerate(zip(records, bases, strict=True))
    ]
    used = reserved | {base for base, kept in zip(bases, keep, strict=True) if kept}
    ids: list[str] = []
    for record, base, kept in zip(records, bases, keep, strict=True):
        if kept:
            ids.append(base)
            continue
        candidate = f"{provider_id(record.provider)}--{base}"
        unique, number = candidate, 1
        while unique in used:
            number += 1
            unique = f"{candidate}-{number}"
        used.add(unique)
        ids.append(unique)
    renamed = [(r.key, i) for r, i in zip(records, ids, strict=True) if r.key != i]
    return ids, renamed


def owner(records: list[Record], holders: list[int], name: str) -> int | None:
    """Of the records ``holders`` that all give ``name``, the one whose provider's
    patterns match it, when exactly one does."""

    claim = [n for n in holders if _claims(records[n].provider_patterns, name.lower())]
    return claim[0] if len(claim) == 1 else None


def _claims(patterns: list[str], name: str) -> bool:
    return any(compile_pattern(p).search(name) for p in patterns)


class Owners:
    """Whose a name is when no seller is named, decided as genai-prices decides it: the
    provider whose patterns match the name, then that provider's model that gives the
    name or matches it by a pattern."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._providers: dict[str, tuple[list[str], list[tuple[set[str], Record]]]] = {}
        for record in records:
            _, models = self._providers.setdefault(record.provider, (record.provider_patterns, []))
            models.append(({n.strip().lower() for n in (record.key, *record.names)}, record))
        self._patterned = [item for item in self._providers.items() if item[1][0]]
        """The providers with patterns (only they may claim a name), in file order."""

    def elsewhere(self, record: Record, name: str) -> Record | None:
        """The model of another provider that ``name``, a name ``record`` gives, is:
        the provider whose patterns match the name (when exactly one does, and not the
        record's own provider's), and of its models the first that gives the name or
        matches it by a pattern. None when there is none, and for a name with a ``/``
        (``vendor/model`` is a seller's way to write it): the name may be the record's.
        """
        key = name.strip().lower()
        if "/" in key or _claims(record.provider_patterns, key):
            return None
        claim = [
            models
            for provider, (patterns, models) in self._patterned
            if provider != record.provider and _claims(patterns, key)
        ]
        if len(claim) != 1:
            return None
        return next((m for names, m in claim[0] if key in names or _claims(m.patterns, key)), None)


def assign_aliases(
    records: list[Record],
    ids: list[str],
    used: dict[str, str] | None = None,
    *,
    first_wins: bool = False,
    owners: Owners | None = None,
) -> tuple[list[list[str]], list[tuple[str, str, str]]]:
    """Aliases from each record's key and names, unique case-insensitively across all
    ids and aliases (and ``used``: lower-cased names taken elsewhere -> their model).
    A name that is another provider's (:meth:`Owners.elsewhere`; ``owners``: the
    models whose names count, default ``records``) is not the record's. A name several
    records give goes to its owner (the record whose provider's patterns match it);
    without one, to none of them (the name's shorter forms then decide,
    :mod:`tokencost.catalogue.names`), or with ``first_wins`` (a format that names no
    owners, such as LiteLLM's) to the first.
    Dropped names are reported as (alias, model id, the model that has it, or
    ``several``)."""
    owners = owners or Owners(records)
    taken = dict(used or {})
    taken.update({i.lower(): i for i in ids})
    numbers = {id(record): number for number, record in enumerate(records)}
    wanted = [
        list(dict.fromkeys(n.strip() for n in (r.key, *r.names) if n.strip())) for r in records
    ]
    holders: dict[str, list[int]] = {}
    for number, names in enumerate(wanted):
        for key in dict.fromkeys(name.lower() for name in names):
            holders.setdefault(key, []).append(number)
    aliases: list[list[str]] = []
    dropped: list[tuple[str, str, str]] = []
    for number, (names, model_id) in enumerate(zip(wanted, ids, strict=True)):
        mine: list[str] = []
        for name in names:
            key = name.lower()
            if key == model_id.lower():
                continue
            other = owners.elsewhere(records[number], key)
            if other is not None:
                at = numbers.get(id(other))
                has = ids[at] if at is not None else taken.get(other.key.lower(), other.key)
                dropped.append((name, model_id, has))
                continue
            if key in taken:
                if taken[key] != model_id:
                    dropped.append((name, model_id, taken[key]))
                continue
            if len(holders[key]) > 1:
                found = owner(records, holders[key], key)
                if found is None and first_wins:
                    found = holders[key][0]
                if found != number:
                    dropped.append((name, model_id, "several" if found is None else ids[found]))
                    continue
            taken[key] = model_id
            mine.append(name)
        aliases.append(mine)
    return aliases, dropped


def model_table(record: Record, model_id: str, aliases: list[str]) -> dict[str, Any]:
    """The record as a ``[[models]]`` table of a provider file."""
    table: dict[str, Any] = {"id": model_id, "name": record.name or record.key}
    if aliases:
        table["aliases"] = aliases
    if record.patterns:
        table["patterns"] = record.patterns
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


def add_models(
    tables: dict[str, dict[str, Any]],
    records: list[Record],
    ids: list[str],
    aliases: list[list[str]],
    provider_ids: dict[str, str] | None = None,
) -> None:
    """Add each record as a model to its provider's table (``tables``: provider id ->
    provider file data, a new one made where missing); ``provider_ids`` maps a record's
    provider to another id."""
    for record, model_id, names in zip(records, ids, aliases, strict=True):
        pid = (provider_ids or {}).get(record.provider, provider_id(record.provider))
        table = tables.setdefault(pid, {"provider": pid, "name": record.provider_name})
        if record.provider_url and "url" not in table:
            table["url"] = record.provider_url
        if record.provider_patterns and "patterns" not in table:
            table["patterns"] = record.provider_patterns
        table.setdefault("models", []).append(model_table(record, model_id, names))


def render_files(
    records: list[Record], manifest: dict[str, Any], header: str, *, first_wins: bool = False
) -> tuple[dict[str, str], list[tuple[str, str]], list[tuple[str, str, str]], list[str]]:
    """TOML text of the manifest and each provider file, plus renamed ids and dropped
    aliases, and the id of each record."""

    tables, renamed, dropped, ids = render_tables(records, first_wins=first_wins)
    files = {"manifest.toml": header + tomli_w.dumps(manifest)}
    files |= {name: header + provider_toml(table) for name, table in tables.items()}
    return files, renamed, dropped, ids


def render_tables(
    records: list[Record], *, first_wins: bool = False
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]], list[tuple[str, str, str]], list[str]]:
    """The data of each provider file by file name (as :func:`render_files` writes them,
    in that order), plus renamed ids and dropped aliases, and the id of each record."""
    owners = Owners(records)
    ids, renamed = assign_ids(records, owners=owners)
    aliases, dropped = assign_aliases(records, ids, first_wins=first_wins, owners=owners)
    by_provider: dict[str, dict[str, Any]] = {}
    add_models(by_provider, records, ids, aliases)
    tables = {f"{pid}.toml": table for pid, table in sorted(by_provider.items())}
    return tables, renamed, dropped, ids


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

"""Adding a dated price entry to a catalogue folder (``tokencost prices set``).

The entry goes into the model's provider file at its place in date order. How the
file is written:

1. spliced into the existing text (a ``[[models.prices]]`` table written by tomli-w),
   which keeps every comment and the rest of the layout byte for byte;
2. if the layout does not allow that, the whole file is rewritten with tomli-w, but
   only when the file has no comments (or with ``drop_comments``): otherwise the
   edit is refused and the message says why.

Either way the new text is parsed back and must equal the expected data, and the
whole catalogue with the new file must validate, before the file is replaced
atomically (:func:`tokencost.atomic.write_atomic`) under a lock on the folder. An
entry with the same source, host and date as an existing one is refused (a
duplicate or a contradiction) unless ``replace``. A replacing entry keeps the pricing
dimensions of the one it replaces (cache, batch, tiers ...) that it does not give
itself, and says which (``SetResult.kept``); other entries keep theirs whatever the
way the file is written.
"""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from tokencost.atomic import locked, write_atomic
from tokencost.cache import read_bytes
from tokencost.catalogue.load import MANIFEST, build_catalogue, catalogue_files, resolve_folder
from tokencost.catalogue.schema import (
    PRICING_FIELDS,
    CheckedEntry,
    PriceEntry,
    describe_key,
    plain_data,
)
from tokencost.catalogue.tomltext import entry_block, has_comments, provider_toml, splice_entry
from tokencost.errors import CatalogueError, InputError
from tokencost.validation import problems

Method = Literal["spliced", "rewritten", "rewritten-without-comments"]
FIRST_KEYS = ("effective", "source", "host", "input", "output")
ENTRY_KEYS = (
    *FIRST_KEYS,
    *PRICING_FIELDS,
    *(
        f.name
        for f in dataclasses.fields(PriceEntry)
        if f.name not in (*FIRST_KEYS, *PRICING_FIELDS)
    ),
)
"""The order keys are written in: the entry's key and prices first, its other pricing
dimensions, then every other field in the schema's order (fields added to PriceEntry
later are written too)."""


@dataclass(frozen=True)
class SetResult:
    """What ``set`` changed: the file, the entry, the one it replaced, how it wrote."""

    file: Path
    model: str
    entry: PriceEntry
    replaced: PriceEntry | None
    method: Method
    version: str
    digest: str
    """The catalogue's digest after the change."""
    kept: tuple[str, ...] = ()
    """Pricing dimensions the new entry kept from the entry it replaced."""


def entry_dict(entry: PriceEntry) -> dict[str, Any]:
    """The entry as TOML data, keys in the house order, absent values left out (tiers
    and off-peak windows as lists of tables)."""
    values = {key: _whole(plain_data(getattr(entry, key))) for key in ENTRY_KEYS}
    return {key: value for key, value in values.items() if value is not None}


def _whole(value: object) -> object:
    """A whole Decimal written without a point (``5``, not ``5.0``), also inside lists
    and tables; others as they are."""
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    if isinstance(value, Decimal) and value == value.to_integral_value() and "." not in str(value):
        return int(value)
    return value


def keep_dimensions(entry: PriceEntry, old: PriceEntry) -> tuple[PriceEntry, tuple[str, ...]]:
    """``entry`` with the pricing dimensions of ``old`` it does not give, and their names.

    Batch prices and a batch discount exclude each other: an entry that gives one keeps
    none of the other.
    """
    batch = ("batch_input", "batch_output", "batch_discount")
    gives_batch = any(getattr(entry, name) is not None for name in batch)
    kept = tuple(
        name
        for name in PRICING_FIELDS
        if getattr(entry, name) is None
        and getattr(old, name) is not None
        and not (gives_batch and name in batch)
    )
    return dataclasses.replace(entry, **{name: getattr(old, name) for name in kept}), kept


def set_price(
    folder_path: str | Path | None,
    model_name: str,
    entry: PriceEntry,
    *,
    replace: bool = False,
    drop_comments: bool = False,
) -> SetResult:
    """Add ``entry`` to the model's provider file (see the module docstring)."""

    folder = resolve_folder(folder_path)
    with locked(folder):
        contents = {f: read_bytes(f, CatalogueError) for f in catalogue_files(folder)}
        catalogue = build_catalogue(folder, contents)
        model = catalogue.model(model_name)
        catalogue.source(entry.source)
        if entry.via is not None:
            catalogue.source(entry.via)
        path, raw = _provider_file(folder, contents, catalogue.provider_of(model.id).provider)
        index = next(i for i, m in enumerate(raw["models"]) if m["id"] == model.id)
        prices: list[dict[str, Any]] = raw["models"][index]["prices"]
        old = _existing(model.id, model.prices, entry, replace)
        kept: tuple[str, ...] = ()
        if old is not None:
            entry, kept = keep_dimensions(entry, old)
        same = [i for i, p in enumerate(prices) if _same_key(p, entry)]
        new_prices = list(prices)
        if same:  # replaced in place: same source, host and date, so still in order
            position = same[0]
            new_prices[position] = entry_dict(entry)
        else:
            position = sum(1 for p in prices if p["effective"] <= entry.effective)
            new_prices.insert(position, entry_dict(entry))
        expected = copy.deepcopy(raw)
        expected["models"][index]["prices"] = new_prices
        text = contents[path].decode("utf-8")
        new_text, method = _new_text(
            text, expected, index, position, old is not None, len(prices), drop_comments, path
        )
        contents[path] = new_text.encode("utf-8")
        try:
            after = build_catalogue(folder, contents)
        except CatalogueError as exc:
            raise CatalogueError(
                f"not written: with this entry the catalogue would be invalid: {exc}", exc.problems
            ) from None
        write_atomic(path, contents[path])
    return SetResult(path, model.id, entry, old, method, after.version, after.digest, kept)


def _provider_file(
    folder: Path, contents: dict[Path, bytes], provider: str
) -> tuple[Path, dict[str, Any]]:
    for path, data in contents.items():
        if path.name == MANIFEST:
            continue
        raw = tomllib.loads(data.decode("utf-8"), parse_float=Decimal)
        if raw.get("provider") == provider:
            return path, raw
    raise CatalogueError(f"{folder}: no file for provider '{provider}'")  # pragma: no cover


def _same_key(raw: dict[str, Any], entry: PriceEntry) -> bool:
    return (raw["source"], raw.get("host"), raw["effective"]) == (
        entry.source,
        entry.host,
        entry.effective,
    )


def _existing(
    model_id: str, prices: tuple[PriceEntry, ...], entry: PriceEntry, replace: bool
) -> PriceEntry | None:
    """The entry with the same key, or None; without ``replace`` such an entry is refused."""
    old = next(
        (
            p
            for p in prices
            if (p.source, p.host, p.effective) == (entry.source, entry.host, entry.effective)
        ),
        None,
    )
    if old is None or replace:
        return old
    shown = f"input {old.input}, output {old.output}"
    if old == entry:
        raise InputError(
            f"{model_id} already has this entry ({describe_key(old)}, {shown}); nothing to change"
        )
    raise InputError(
        f"{model_id} already has a price from {describe_key(old)} ({shown}) that this one "
        "contradicts; pass --replace to replace it"
    )


def _new_text(
    text: str,
    expected: dict[str, Any],
    index: int,
    position: int,
    replace: bool,
    old_count: int,
    drop_comments: bool,
    path: Path,
) -> tuple[str, Method]:

    block = entry_block(expected["models"][index]["prices"][position])
    spliced = splice_entry(text, index, block, position, replace=replace, old_count=old_count)
    if spliced is not None and _parses_to(spliced, expected):
        return spliced, "spliced"
    commented = has_comments(text)
    if commented and not drop_comments:
        raise InputError(
            f"{path}: not written: the file has comments and its layout does not let the "
            "entry be added as text (prices must be [[models.prices]] tables, and a "
            "replaced entry must carry no comment); tomli-w would drop the comments: "
            "edit the file by hand, or pass --drop-comments"
        )
    rewritten = provider_toml(expected)
    if not _parses_to(rewritten, expected):  # pragma: no cover - tomli-w round-trips
        raise CatalogueError(f"{path}: not written: the rewritten file does not read back")
    return rewritten, "rewritten-without-comments" if commented else "rewritten"


def _parses_to(text: str, expected: dict[str, Any]) -> bool:
    try:
        return tomllib.loads(text, parse_float=Decimal) == expected
    except tomllib.TOMLDecodeError:
        return False


def new_entry(
    *,
    effective: date,
    source: str,
    input_price: Decimal,
    output_price: Decimal,
    host: str | None = None,
    checked: date | None = None,
    via: str | None = None,
    note: str | None = None,
    derived: str | None = None,
    pricing: dict[str, Decimal] | None = None,
) -> PriceEntry:
    """A validated PriceEntry from command-line values (InputError naming the flag).

    ``pricing`` holds scalar pricing dimensions by field name (cache_read, batch_input ...).
    """

    data = {
        "effective": effective,
        "source": source,
        "input": input_price,
        "output": output_price,
        "host": host,
        "checked": checked,
        "via": via,
        "note": note,
        "derived": derived,
        **(pricing or {}),
    }
    given = {k: v for k, v in data.items() if v is not None}
    entry, errors = problems(CheckedEntry, given, "--")
    if entry is None:
        problem = errors[0]
        if problem.key is None:  # a rule between fields: "give both batch_input and ..."
            raise InputError(problem.sentence)
        raise InputError(f"--{problem.key.replace('_', '-')}: {problem.sentence}")
    return entry

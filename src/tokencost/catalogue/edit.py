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

import contextlib
import copy
import dataclasses
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from tokencost.atomic import locked, write_atomic
from tokencost.catalogue.importers.common import write_folder
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.layers import MANIFEST, OVERLAY
from tokencost.catalogue.schema import (
    PRICING_FIELDS,
    CheckedEntry,
    PriceEntry,
    describe_key,
    plain_data,
)
from tokencost.catalogue.tomltext import (
    entry_block,
    has_comments,
    model_block,
    provider_toml,
    splice_entry,
)
from tokencost.catalogue.writable import Target, overlay_head, target
from tokencost.errors import CatalogueError, InputError, UnknownModelError, environment_message
from tokencost.validation import problems

Method = Literal["spliced", "rewritten", "rewritten-without-comments", "appended", "created"]
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
    version: str | None
    """The catalogue's version (None when the layer written is an overlay)."""
    digest: str
    """The catalogue's digest after the change (of every layer together)."""
    kept: tuple[str, ...] = ()
    """Pricing dimensions the new entry kept from the entry it replaced."""
    overlay: bool = False
    """True when the layer written is an overlay."""


def entry_dict(entry: PriceEntry) -> dict[str, Any]:
    """The entry as TOML data, keys in the house order, absent values left out (tiers
    and off-peak windows as lists of tables)."""
    values = ((key, getattr(entry, key)) for key in ENTRY_KEYS)
    return {key: _whole(plain_data(value)) for key, value in values if value is not None}


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
    paths: Sequence[str | Path] | None,
    model_name: str,
    entry: PriceEntry,
    *,
    replace: bool = False,
    drop_comments: bool = False,
    provider: str | None = None,
    name: str | None = None,
) -> SetResult:
    """Add ``entry`` to the model's provider file in the layer ``paths`` ends with (see
    the module docstring and :mod:`tokencost.catalogue.writable`). An unknown model is
    added when ``provider`` is given (its display name: ``name``, else its id)."""
    layer = target(paths, "prices set")
    with locked(layer.folder) if layer.exists else contextlib.nullcontext():
        contents = layer.read()
        current = layer.build(contents)
        model = _model(current, model_name, provider, name)
        current.source(entry.source)
        if entry.via is not None:
            current.source(entry.via)
        path, raw = _provider_file(layer.folder, contents, model)
        tables: list[dict[str, Any]] = raw.setdefault("models", [])
        index = next((i for i, m in enumerate(tables) if m["id"] == model.id), None)
        prices: list[dict[str, Any]] = [] if index is None else tables[index]["prices"]
        same = _has_key(prices, entry)
        old = _existing(model.id, model.prices, entry, replace or not same)
        kept: tuple[str, ...] = ()
        if old is not None:
            entry, kept = keep_dimensions(entry, old)
        expected = copy.deepcopy(raw)
        if index is None:
            expected["models"].append(_model_table(model, entry))
            new_text, method = _added_model(contents.get(path), expected, path)
        else:
            position, new_prices = _placed(prices, entry)
            expected["models"][index]["prices"] = new_prices
            text = contents[path].decode("utf-8")
            new_text, method = _new_text(
                text, expected, index, position, same, len(prices), drop_comments, path
            )
        files = {**contents, path: new_text.encode("utf-8")}
        if not layer.exists:
            files = {layer.spec.head: overlay_head(layer.folder).encode("utf-8"), **files}
        try:
            after = layer.build(files)
        except CatalogueError as exc:
            raise CatalogueError(
                f"not written: with this entry the catalogue would be invalid: {exc}", exc.problems
            ) from None
        _write(layer, files, path)
    version = after.version if layer.below is None else None
    overlay = layer.below is not None
    return SetResult(path, model.id, entry, old, method, version, after.digest, kept, overlay)


@dataclass(frozen=True)
class _Chosen:
    """The model an entry is for: one the catalogue has, or a new one."""

    id: str
    name: str
    provider: str
    provider_name: str
    prices: tuple[PriceEntry, ...]


def _model(catalogue: Catalogue, name: str, provider: str | None, display: str | None) -> _Chosen:
    """The model ``name`` names, or a new one with that id at ``provider``."""
    try:
        model = catalogue.model(name)
    except UnknownModelError as exc:
        if provider is None:
            raise UnknownModelError(
                f"{str(exc).removesuffix(' (tokencost models lists them)')}; to add a new "
                "model, give --provider (and --name)"
            ) from None
        return _new_model(catalogue, name.strip(), provider, display)
    owner = catalogue.provider_of(model.id)
    if provider is not None and provider != owner.provider:
        raise InputError(
            f"--provider: {model.id} is a model of '{owner.provider}', not '{provider}'; "
            "leave --provider out for a model the catalogue has"
        )
    return _Chosen(model.id, model.name, owner.provider, owner.name, model.prices)


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _new_model(catalogue: Catalogue, model_id: str, provider: str, display: str | None) -> _Chosen:
    for value, what in ((model_id, "MODEL"), (provider, "--provider")):
        if not _ID.match(value):
            raise InputError(
                f"{what}: '{value}' is not an id a new model can have; use lower-case "
                "letters, digits, '.', '_' and '-', starting with a letter or digit"
            )
    known = {p.provider: p.name for p in catalogue.providers}
    return _Chosen(model_id, display or model_id, provider, known.get(provider, provider), ())


def _model_table(model: _Chosen, entry: PriceEntry) -> dict[str, Any]:
    return {"id": model.id, "name": model.name, "prices": [entry_dict(entry)]}


def _has_key(prices: list[dict[str, Any]], entry: PriceEntry) -> bool:
    return any(_same_key(p, entry) for p in prices)


def _placed(prices: list[dict[str, Any]], entry: PriceEntry) -> tuple[int, list[dict[str, Any]]]:
    """Where the entry goes among ``prices`` (in place of one with its key), and the list."""
    new_prices = list(prices)
    same = [i for i, p in enumerate(prices) if _same_key(p, entry)]
    if same:  # replaced in place: same source, host and date, so still in order
        new_prices[same[0]] = entry_dict(entry)
        return same[0], new_prices
    position = sum(1 for p in prices if p["effective"] <= entry.effective)
    new_prices.insert(position, entry_dict(entry))
    return position, new_prices


def _added_model(old: bytes | None, expected: dict[str, Any], path: Path) -> tuple[str, Method]:
    """The provider file with a new model at its end (a new file if there was none)."""
    if old is None:
        return provider_toml(expected), "created"
    text = old.decode("utf-8")
    appended = text.rstrip("\n") + "\n" + model_block(expected["models"][-1])
    if not _parses_to(appended, expected):
        raise InputError(
            f"{path}: not written: a new [[models]] table cannot be added at the end of "
            "this file as text; edit it by hand"
        )
    return appended, "appended"


def _write(layer: Target, files: dict[Path, bytes], path: Path) -> None:
    try:
        if layer.exists:
            write_atomic(path, files[path])
        else:
            write_folder(layer.folder, {f.name: data.decode("utf-8") for f, data in files.items()})
    except OSError as exc:
        raise CatalogueError(environment_message(exc, "not written", path)) from None


def _provider_file(
    folder: Path, contents: Mapping[Path, bytes], model: _Chosen
) -> tuple[Path, dict[str, Any]]:
    """The layer's file of the model's provider and its data; a new ``PROVIDER.toml``
    when the layer has none."""
    for path, data in contents.items():
        if path.name in (MANIFEST, OVERLAY):
            continue
        raw = tomllib.loads(data.decode("utf-8"), parse_float=Decimal)
        if raw.get("provider") == model.provider:
            return path, raw
    path = folder / f"{model.provider}.toml"
    if path in contents:
        raise InputError(
            f"{path}: not written: this file holds another provider's models; move them or "
            "add the entry by hand"
        )
    return path, {"provider": model.provider, "name": model.provider_name}


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

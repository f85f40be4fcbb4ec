"""Parsing TOML exactly and validating it against the schema dataclasses with pydantic.

The one module that imports pydantic (``rules.py`` hands it the constraints when it
builds a schema). Imported only when a file is not in the cache (see
:mod:`tokencost.cache`) or a JSON Schema is written, so that most CLI calls never
import pydantic.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

try:  # the fast extra: tomllib's parser, compiled, reads the whole market 3-4x faster
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # a default install: the standard library's
    import tomllib  # type: ignore[no-redef,unused-ignore]

from tokencost.errors import TokencostError
from tokencost.problems import Loc, Problem
from tokencost.quantities import plain

T = TypeVar("T")


def _shared_decimals() -> Callable[[str], Decimal]:
    """A ``parse_float`` giving one Decimal per distinct text of a file: a price written
    alike many times is one object, pickled once in the cached catalogue (the whole
    market's provider files pickle 5% smaller, and load faster)."""
    seen: dict[str, Decimal] = {}

    def exact(text: str) -> Decimal:
        found = seen.get(text)
        if found is None:
            found = seen[text] = Decimal(text)
        return found

    return exact


def read_toml(path: Path, data: bytes) -> tuple[dict[str, Any] | None, Problem | None]:
    """TOML bytes parsed with every float as an exact Decimal, or the problem."""
    try:
        return tomllib.loads(data.decode("utf-8"), parse_float=_shared_decimals()), None
    except UnicodeDecodeError:
        return None, Problem(str(path), (), "not UTF-8 text", "save it as UTF-8")
    except tomllib.TOMLDecodeError as exc:
        return None, Problem(str(path), (), f"invalid TOML: {exc}")
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        return None, Problem(str(path), (), "invalid TOML: nested too deeply")


def parse_toml(path: Path, data: bytes, error: type[TokencostError]) -> dict[str, Any]:
    """:func:`read_toml`, a problem raised as ``error``."""
    table, problem = read_toml(path, data)
    if table is None:
        raise error(str(problem))
    return table


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def _adapter(schema: object) -> TypeAdapter[Any]:
    """One TypeAdapter per schema per process (building one costs milliseconds)."""
    if schema not in _ADAPTERS:
        _ADAPTERS[schema] = TypeAdapter(schema)  # type: ignore[arg-type]
    return _ADAPTERS[schema]


def validate(schema: type[T], data: object) -> T:
    """Validate ``data`` into ``schema`` (raises pydantic's ValidationError)."""
    value: T = _adapter(schema).validate_python(data)
    return value


def json_schema(schema: object) -> dict[str, Any]:
    """The JSON Schema pydantic generates for ``schema`` (field docstrings as descriptions)."""
    found: dict[str, Any] = _adapter(schema).json_schema()
    return found


def problems(cls: type[T], data: object, file: str) -> tuple[T | None, list[Problem]]:
    """Validate; on failure return None and a Problem of ``file`` per error."""
    try:
        return validate(cls, data), []
    except ValidationError as exc:
        return None, [Problem(file, loc, message, fix) for loc, message, fix in explain(exc, cls)]


def explain(exc: ValidationError, root: object) -> Iterator[tuple[Loc, str, str | None]]:
    """The key path and what to fix of each pydantic error.

    A misspelt key gives an unknown key and a missing one; they are reported once, as
    the unknown key with the suggestion.
    """
    errors = exc.errors(include_url=False)
    failed = [e["loc"] for e in errors if e["type"] != "too_short"]
    suggested: set[Loc] = set()
    lines: list[tuple[Loc, str, str | None, bool]] = []
    missing: set[Loc] = set()
    for error in errors:
        loc, kind = tuple(error["loc"]), error["type"]
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            allowed, former = _fields_at(root, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), [*allowed, *former], n=1, cutoff=0.6)
            close = [former.get(name, name) for name in close]  # a former name's name now
            if close:
                suggested.add((*loc[:-1], close[0]))
                lines.append((loc, "unknown key", f"did you mean '{close[0]}'?", True))
            else:
                keys = f" (allowed: {', '.join(allowed)})" if allowed else ""
                lines.append((loc, f"unknown key{keys}", None, True))
        elif kind in ("missing", "missing_argument"):
            missing.add(loc)
            lines.append((loc, f"missing required key '{loc[-1]}'", None, False))
        elif kind == "too_short" and any(other[: len(loc)] == loc for other in failed):
            continue  # pydantic also counts the items that failed as missing
        else:
            given = error.get("input")
            shown = "" if isinstance(given, dict | list | tuple) else f" (got {_short(given)})"
            message = error["msg"].removeprefix("Value error, ")
            lines.append((loc, f"{message}{shown}" if loc else message, None, False))
    unknown_first = sorted(lines, key=lambda item: not item[3])
    for loc, message, fix, _ in unknown_first:
        if not (loc in suggested and loc in missing):  # only the missing half of a typo
            yield loc, message, fix


def _short(value: object) -> str:
    text = plain(value) if isinstance(value, Decimal) and value.is_finite() else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fields_at(root: object, loc: tuple[int | str, ...]) -> tuple[list[str], dict[str, str]]:
    """The field names of the dataclass found by walking ``loc`` from ``root``, and its
    former names (``__former_names__``: read, but never suggested) with their names now."""
    current: object = root
    if typing.get_origin(root) is typing.Annotated:
        current = typing.get_args(root)[0]
    skip_key = False
    for part in loc:
        if isinstance(part, int):
            continue
        if skip_key:  # a key of a dict of dataclasses, e.g. sources.<id>
            skip_key = False
            continue
        hints = typing.get_type_hints(current) if current is not None else {}
        if part not in hints:
            return [], {}
        current, skip_key = _inner_dataclass(hints[part])
    if current is None or not dataclasses.is_dataclass(current):
        return [], {}
    former: dict[str, str] = getattr(current, "__former_names__", {})
    return [f.name for f in dataclasses.fields(current) if f.name not in former], former


def _inner_dataclass(annotation: object) -> tuple[type | None, bool]:
    """The dataclass inside ``annotation`` and whether it sits in a dict."""
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return annotation, False
    origin = typing.get_origin(annotation)
    for arg in typing.get_args(annotation):
        found, in_dict = _inner_dataclass(arg)
        if found is not None:
            return found, in_dict or origin is dict
    return None, False

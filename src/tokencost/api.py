"""The library in one call: :func:`price`, :func:`compare` and :func:`replay`.

Each takes values as a script has them and gives the exact result the command line
draws its output from (docs/library.md)::

    import tokencost

    cost = tokencost.price("gpt-5.5", input_tokens=1200, output_tokens=300, when="2026-06-15")
    cost.total                      # Decimal('0.006'), and cost.breakdown by dimension

The defaults are the command line's: the catalogue shipped with tokencost (or
``$TOKENCOST_CATALOGUE``), read once per process; the catalogue's default source;
today (``$TOKENCOST_TODAY`` when set). Model names resolve as ``tokencost replay``
resolves a log's (ids, aliases, ``provider/`` prefixes, date suffixes). Bad input
raises the CLI's exceptions (:class:`tokencost.TokencostError` and its subclasses),
never a cost of 0 for a model the catalogue does not know.

``import tokencost`` does not import this module until one of its names is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from tokencost import zones
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.engine.pricing import compare as compare_workload
from tokencost.engine.rates import Usage
from tokencost.engine.request import RequestCost, price_request
from tokencost.errors import InputError
from tokencost.quantities import today
from tokencost.replay import replay_records
from tokencost.workload import Workload, load_workload

if TYPE_CHECKING:
    from tokencost.engine.results import Comparison
    from tokencost.replay.results import Replay

CatalogueLike: TypeAlias = "Catalogue | str | os.PathLike[str] | None"
"""A loaded catalogue, the path of a catalogue folder, or None for the default one."""
When: TypeAlias = "date | datetime | str | None"
"""A day (``date`` or ``"2026-06-15"``), a moment (``datetime`` or ISO 8601 text: its
date prices it, its time of day in UTC places it in an off-peak window), or None for
today."""

_DEFAULT: dict[tuple[str, str], Catalogue] = {}


def price(
    model: str,
    *,
    input_tokens: int = 0,
    output_tokens: int = 0,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    reasoning_tokens: int = 0,
    batch: bool = False,
    when: When = None,
    source: str | None = None,
    host: str | None = None,
    catalogue: CatalogueLike = None,
) -> RequestCost:
    """The exact cost of one request to ``model``, with its breakdown by dimension.

    ``cache_read_tokens`` (read from the prompt cache) and ``cache_write_tokens`` are part of
    ``input_tokens``, ``reasoning_tokens`` part of ``output_tokens``, as OpenAI reports
    them. The input tokens pick the long-context tier; the request pays the model's
    per-request fee. ``batch`` prices it at the batch prices; a ``when`` with a time of
    day in an off-peak window at that window's.
    """

    counts = {
        "input_tokens": _tokens("input_tokens", input_tokens),
        "output_tokens": _tokens("output_tokens", output_tokens),
        "cache_read_tokens": _tokens("cache_read_tokens", cache_read_tokens),
        "cache_write_tokens": _tokens("cache_write_tokens", cache_write_tokens),
        "reasoning_tokens": _tokens("reasoning_tokens", reasoning_tokens),
    }
    if counts["cache_read_tokens"] + counts["cache_write_tokens"] > counts["input_tokens"]:
        raise InputError(
            "cache_read_tokens + cache_write_tokens exceed input_tokens; they are part of the "
            f"input tokens (got {cache_read_tokens} + {cache_write_tokens} > {input_tokens})"
        )
    if counts["reasoning_tokens"] > counts["output_tokens"]:
        raise InputError(
            "reasoning_tokens exceed output_tokens; they are part of the output tokens "
            f"(got {reasoning_tokens} > {output_tokens})"
        )
    usage = Usage(
        input_tokens=Decimal(counts["input_tokens"]),
        output_tokens=Decimal(counts["output_tokens"]),
        cache_read_tokens=Decimal(counts["cache_read_tokens"]),
        cache_write_tokens=Decimal(counts["cache_write_tokens"]),
        reasoning_tokens=Decimal(counts["reasoning_tokens"]),
        requests=Decimal(1),
    )
    day, moment = _moment(when)
    return price_request(
        _catalogue(catalogue),
        _name(model, "model"),
        usage,
        as_of=day,
        moment=moment,
        source=source,
        host=host,
        batch=batch,
    )


def compare(
    workload: Workload | str | os.PathLike[str] | None = None,
    *,
    tokens_per_day: str | int | None = None,
    ratio: str | None = None,
    models: Sequence[str] | None = None,
    baseline: str | None = None,
    when: When = None,
    source: str | None = None,
    host: str | None = None,
    catalogue: CatalogueLike = None,
) -> Comparison:
    """A workload's cost on each model, cheapest first, with ratios to the baseline.

    ``workload`` is a :class:`Workload`, a profile's path, or None for one built from
    ``tokens_per_day`` (default 10M) and ``ratio`` (default 3:1), as ``tokencost
    compare`` builds it from its flags. ``models`` (default: every model the source
    prices) and ``baseline`` (default: the cheapest with a non-zero price) are names.
    """

    if workload is None:
        workload = Workload.build(
            tokens_per_day=tokens_per_day if tokens_per_day is not None else "10M", ratio=ratio
        )
    else:
        if tokens_per_day is not None or ratio is not None:
            raise InputError("give a workload, or tokens_per_day and ratio to build one, not both")
        if not isinstance(workload, Workload):
            workload = load_workload(os.fspath(workload))
    if isinstance(models, str):
        raise InputError(f"models: give a list of names, e.g. [{models!r}]")
    return compare_workload(
        _catalogue(catalogue),
        workload,
        as_of=_moment(when)[0],
        models=models,
        baseline=baseline,
        source=source,
        host=host,
    )


def replay(
    records: Iterable[Mapping[str, Any]],
    *,
    models: Sequence[str] | None = None,
    default_model: str | None = None,
    by: str | None = None,
    when: When = None,
    source: str | None = None,
    catalogue: CatalogueLike = None,
) -> Replay:
    """What usage records cost as recorded, and would have cost on each model.

    ``records`` are mappings shaped like the objects of a usage log (an API
    response's ``model`` and ``usage``, a timestamp; docs/replay.md), read by the
    rules ``tokencost replay`` reads a log's lines by; records it cannot price are
    counted in the result's ``skipped``, never priced at 0. ``when`` prices records
    without a timestamp; ``default_model`` names the model of records without one;
    ``by`` is None, ``"day"``, ``"month"`` or ``"model"``.
    """

    if isinstance(records, str | bytes | Mapping):
        raise InputError(
            "records: give an iterable of mappings (one per request), e.g. a list of dicts"
        )
    if isinstance(models, str):
        raise InputError(f"models: give a list of names, e.g. [{models!r}]")
    return replay_records(
        _catalogue(catalogue),
        records,
        as_of=_moment(when)[0],
        models=models,
        source=source,
        by=by,
        default_model=default_model,
    )


def _catalogue(given: CatalogueLike) -> Catalogue:
    """The catalogue ``given``, loaded when it is a path; the default one, loaded once."""

    if isinstance(given, Catalogue):
        return given
    if given is not None:
        return load_catalogue(os.fspath(given))
    key = (os.environ.get("TOKENCOST_CATALOGUE", ""), os.getcwd())
    found = _DEFAULT.get(key)
    if found is None:
        found = _DEFAULT[key] = load_catalogue()
    return found


def _moment(when: When) -> tuple[date, int | None]:
    """The price date of ``when`` and its moment (:func:`tokencost.zones.moment`; None
    without a time).

    As a usage log's timestamp is read: the date as written prices it; the moment (a
    time without an offset is UTC) places it in off-peak windows, on each window's clock.
    """

    if when is None:
        return today(), None
    if isinstance(when, str):
        when = _parse_when(when)
    if isinstance(when, datetime):
        return when.date(), zones.moment(when)
    if isinstance(when, date):
        return when, None
    raise InputError(f"when: give a date, a datetime or YYYY-MM-DD text (got {when!r})")


def _parse_when(text: str) -> date | datetime:
    stripped = text.strip()
    try:
        if len(stripped) <= 10:
            return date.fromisoformat(stripped)
        return datetime.fromisoformat(stripped)
    except ValueError:
        raise InputError(
            f"when: {text!r} is not a date or a moment; use YYYY-MM-DD or ISO 8601, "
            "e.g. 2026-06-15 or 2026-06-15T14:30:00Z"
        ) from None


def _tokens(what: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InputError(f"{what}: give a whole number of tokens, 0 or more (got {value!r})")
    return value


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what}: give a model's name, e.g. 'gpt-5.5' (got {value!r})")
    return value

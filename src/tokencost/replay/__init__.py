"""Re-pricing real usage logs: ``tokencost replay``.

    from tokencost import load_catalogue
    from tokencost.replay import replay

    result = replay(load_catalogue(), ["usage.jsonl.gz"], as_of=date(2026, 6, 15))
    print(result.actual_cost, [(c.model, c.cost, c.ratio) for c in result.candidates])

Modules, in the order data flows: ``sources`` (inputs, folders, globs, gzip, pieces),
``formats`` (a reader per log format: a value -> rows with disjoint token counts),
``normalise`` (tokencost's own record shapes: the rules), ``fast`` and ``fast_claude``
(the same rules over msgspec-decoded chunks), ``scan`` / ``csvlog`` / ``documents``
(a piece, a CSV or a JSON document -> a Tally), ``tally`` (integer sums per model, day,
tier, off-peak window, batch and aggregated rows; the accounting of records not
priced), ``period`` (``--since`` / ``--until``), ``parallel`` / ``read`` (pieces on
worker processes, merged in order, messages counted once), ``hints`` (nothing priced
is an error that says what the input looks like), ``price`` (Tally -> exact Decimal
Replay) with ``bill`` (bucket sums priced by the engine's pricing dimensions),
``results`` (the Replay dataclasses every output format is drawn from).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from tokencost.errors import InputError
from tokencost.replay.formats import AUTO, by_name
from tokencost.replay.hints import check_priced, read_as
from tokencost.replay.parallel import default_jobs
from tokencost.replay.period import period_of
from tokencost.replay.price import GROUPINGS, price_tally, resolver_for
from tokencost.replay.read import scan_logs
from tokencost.replay.records import RECORDS_NAME, tally_records
from tokencost.replay.scan import parser_name
from tokencost.replay.sources import log_inputs

if TYPE_CHECKING:
    from tokencost.catalogue import Catalogue
    from tokencost.replay.read import Progress
    from tokencost.replay.results import Replay

__all__ = ["replay", "replay_records"]


def replay(
    catalogue: Catalogue,
    logs: Sequence[str],
    *,
    as_of: date,
    models: Sequence[str] | None = None,
    source: str | None = None,
    by: str | None = None,
    default_model: str | None = None,
    renames: Mapping[str, str] | None = None,
    jobs: int | None = None,
    parser: str | None = None,
    progress: Progress | None = None,
    log_format: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Replay:
    """Price usage logs as recorded and on each candidate model.

    ``logs`` are file or folder names, globs, or ``-`` (stdin). Records without a
    timestamp are priced at ``as_of``; records without a model at ``default_model``
    (else skipped). ``by`` is None, ``day``, ``week``, ``month``, ``model``,
    ``project`` or ``session``; ``log_format`` a format's name (default: detected from
    each input); ``since`` / ``until`` dates or timestamps (inclusive); ``jobs`` worker
    processes (default: the CPUs); ``parser`` ``msgspec`` or ``python`` (default:
    msgspec when installed). Raises NothingPriced (exit code 2) when an input's records
    could not be read, or no record was priced.
    """
    if by is not None and by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; use one of: {', '.join(GROUPINGS)}")
    fmt = by_name(log_format) if log_format and log_format != AUTO else None
    period = period_of(since, until)
    inputs = log_inputs(list(logs))
    if models:
        for name in models:
            catalogue.model(name)  # an unknown candidate fails before the scan
    resolver = resolver_for(catalogue, as_of, source, default_model, models, period=period, by=by)
    scan = scan_logs(
        inputs,
        resolver,
        parser=parser or parser_name(),
        jobs=jobs or default_jobs(),
        renames=renames or {},
        progress=progress,
        log_format=fmt,
    )
    check_priced(scan.tally, scan.formats, {log.name: str(log.path) for log in inputs if log.path})
    result = price_tally(
        scan.tally,
        catalogue,
        as_of=as_of,
        source=source,
        models=models,
        by=by,
        inputs=["<stdin>" if name == "-" else name for name in logs],
    )
    return replace(result, formats=read_as(scan.formats))


def replay_records(
    catalogue: Catalogue,
    records: Iterable[Mapping[str, Any]],
    *,
    as_of: date,
    models: Sequence[str] | None = None,
    source: str | None = None,
    by: str | None = None,
    default_model: str | None = None,
) -> Replay:
    """Price records held in memory (mappings shaped like a JSON Lines log's objects) as
    :func:`replay` prices a log: :mod:`tokencost.replay.records`."""
    if by is not None and by not in GROUPINGS:
        raise InputError(f"cannot group by {by!r}; use one of: {', '.join(GROUPINGS)}")
    if models:
        for name in models:
            catalogue.model(name)  # an unknown candidate fails before the scan
    resolver = resolver_for(catalogue, as_of, source, default_model, models, by=by)
    tally = tally_records(records, resolver)
    check_priced(tally, {}, {})
    return price_tally(
        tally,
        catalogue,
        as_of=as_of,
        source=source,
        models=models,
        by=by,
        inputs=[RECORDS_NAME],
    )

"""Re-pricing real usage logs: ``tokencost replay``.

    from tokencost import load_catalogue
    from tokencost.replay import replay

    result = replay(load_catalogue(), ["usage.jsonl.gz"], as_of=date(2026, 6, 15))
    print(result.actual_cost, [(c.model, c.cost, c.ratio) for c in result.candidates])

Modules, in the order data flows: ``sources`` (inputs, gzip, pieces), ``normalise``
(one record -> disjoint token counts: the rules), ``fast`` (the same rules over
msgspec-decoded chunks), ``scan`` / ``csvlog`` (a piece -> a Tally), ``tally``
(integer sums per model, day, tier, off-peak window and batch; skip accounting),
``parallel`` / ``read`` (pieces on worker processes, merged in order), ``price``
(Tally -> exact Decimal Replay) with ``bill`` (bucket sums priced by the engine's
pricing dimensions), ``results`` (the Replay dataclasses every output format is
drawn from).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tokencost.replay.parallel import default_jobs
from tokencost.replay.price import price_tally, resolver_for
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
) -> Replay:
    """Price usage logs as recorded and on each candidate model.

    ``logs`` are file names or ``-`` (stdin). Records without a timestamp are priced
    at ``as_of``; records without a model at ``default_model`` (else skipped).
    ``by`` is None, ``day``, ``month`` or ``model``; ``jobs`` worker processes
    (default: the CPUs); ``parser`` ``msgspec`` or ``python`` (default: msgspec when
    installed).
    """

    inputs = log_inputs(list(logs))
    if models:
        for name in models:
            catalogue.model(name)  # an unknown candidate fails before the scan
    resolver = resolver_for(catalogue, as_of, source, default_model, models)
    tally = scan_logs(
        inputs,
        resolver,
        parser=parser or parser_name(),
        jobs=jobs or default_jobs(),
        renames=renames or {},
        progress=progress,
    )
    return price_tally(
        tally,
        catalogue,
        as_of=as_of,
        source=source,
        models=models,
        by=by,
        inputs=[log.name for log in inputs],
    )


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
    if models:
        for name in models:
            catalogue.model(name)  # an unknown candidate fails before the scan
    resolver = resolver_for(catalogue, as_of, source, default_model, models)
    return price_tally(
        tally_records(records, resolver),
        catalogue,
        as_of=as_of,
        source=source,
        models=models,
        by=by,
        inputs=[RECORDS_NAME],
    )

"""Replaying records already in memory: an iterable of mappings, no file in between.

Each record is read by the rules a line of a JSON Lines log is read by
(the ``records`` format of :mod:`tokencost.replay.formats`): the same shapes, the same model-name
resolution, the same reasons to skip. Record ``n`` (from 1) stands where line ``n``
stands in a log's accounting. A mapping is read as the JSON object it would be
written as; dates and datetimes (a library user's timestamps) are read as their ISO
8601 text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from tokencost.replay.formats import RECORDS
from tokencost.replay.formats.base import Context
from tokencost.replay.lines import take_value
from tokencost.replay.normalise import NOT_OBJECT
from tokencost.replay.tally import Resolver, Tally

RECORDS_NAME = "records"
"""The input name a replay of records reports (its ``inputs``, line references)."""


def tally_records(records: Iterable[Mapping[str, Any]], resolver: Resolver) -> Tally:
    """Tally ``records`` in order, as the lines of one log named ``records``."""
    tally = Tally(resolver, RECORDS_NAME)
    context = Context(RECORDS_NAME)
    number = 0
    for number, record in enumerate(records, 1):
        if not isinstance(record, Mapping):
            tally.skip(NOT_OBJECT, number)
            continue
        take_value(_as_json(record), number, tally, RECORDS, context, resolver.label)
    tally.lines = number
    return tally


def _as_json(value: object) -> object:
    """Mappings as dicts and sequences as lists, recursively; a date as its ISO text."""
    if isinstance(value, Mapping):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value

"""The benchmark generator's usage-table rows are what replay reads from its lines.

``benchmarks/replay/sql.py`` loads the rows into DuckDB and times replay on the lines,
so they must be the same records: each row equals the line read by replay's own rules.
"""

from __future__ import annotations

from datetime import date

import pytest
from benchmarks.replay import generate

from tests.sqlbilling import utc_time
from tokencost.replay.normalise import Skip, day_ordinal, normalise, parse_line


@pytest.mark.parametrize("dimensions", [False, True])
def test_each_row_is_its_line_as_replay_reads_it(dimensions: bool) -> None:
    """5,000 lines: the rarest kind of line (a broken line of one of three kinds, 1 in
    300) comes about 17 times."""
    found = generate.records(
        5_000, generate.DEFAULT_MODELS, date(2026, 6, 1), 30, 4, 0.01, dimensions
    )
    rows = 0
    for line, row in found:
        try:
            read = normalise(parse_line(line.encode()))
            ordinal = day_ordinal(read.day)
        except Skip:
            assert row is None, line
            continue
        day = None if ordinal is None else date.fromordinal(ordinal)
        assert row == (read.model, day, utc_time(read.stamp), *read.counts, read.batch), line
        rows += 1
    assert rows > 4_750

"""What the billing-query tests share: a catalogue with every pricing dimension, a
generated log, the log as rows of the usage table, and replay's figures to compare.

The catalogue (``every``, source ``book``; USD per 1M tokens):

- alpha: cache reads and 5-minute and 1-hour writes, reasoning, a batch discount, a fee
  per 1,000 requests, two long-context tiers (the first with cache prices), two off-peak
  windows (22:00-02:00 over midnight with a cache price, 12:30-13:15 without); its
  prices change on 2026-06-15 (another input price, discount and fee);
- beta: batch prices (no discount), a tier without cache prices, no cache or reasoning
  prices at all (every fallback), an alias;
- gamma: priced only through hosts (h1, h2; h2 the default), whose h2 price changes on
  2026-06-20 (to an output price as a float writes 2.1, 18 decimal places: 24 per token);
- delta: first priced on 2026-06-10 (earlier records are unpriced), an off-peak
  window 16:30-00:30, a cache price with 12 decimal places (18 per token);
- epsilon: first priced on 2026-07-01 (a candidate without a price on the log's days).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from benchmarks.replay import generate

from tests.conftest import write
from tokencost.replay.normalise import (
    EPOCH,
    Skip,
    Stamp,
    day_ordinal,
    epoch_day,
    minute_of,
    normalise,
    parse_line,
)
from tokencost.replay.results import Priced, Replay

AS_OF = date(2026, 6, 30)
MODELS = ("alpha", "beta", "gamma", "delta")

MANIFEST = """\
name = "every"
version = "2026.06.0"
updated = 2026-06-01
currency = "USD"
default_source = "book"

[sources.book]
title = "Test prices with every dimension"
"""

ACME = """\
provider = "acme"
name = "Acme"

[[models]]
id = "alpha"
name = "Alpha"

[[models.prices]]
effective = 2026-05-01
source = "book"
input = 2
output = 8
cache_read = 0.2
cache_write = 2.5
cache_write_minutes = 5
cache_write_long = 4
cache_write_long_minutes = 60
reasoning = 10
batch_discount = 0.5
per_1k_requests = 1.5
tiers = [
  { above = 200000, input = 4, output = 16, cache_read = 0.4, cache_write = 5 },
  { above = 300000, input = 6, output = 24 },
]
off_peak = [
  { start = "22:00", end = "02:00", input = 1, output = 4, cache_read = 0.1 },
  { start = "12:30", end = "13:15", input = 1.5, output = 6 },
]

[[models.prices]]
effective = 2026-06-15
source = "book"
input = 2.2
output = 8
cache_read = 0.22
cache_write = 2.75
cache_write_minutes = 5
cache_write_long = 4.4
cache_write_long_minutes = 60
reasoning = 10
batch_discount = 0.25
per_1k_requests = 0.7
tiers = [
  { above = 200000, input = 4.4, output = 16, cache_read = 0.44, cache_write = 5.5 },
  { above = 300000, input = 6.6, output = 24 },
]
off_peak = [
  { start = "22:00", end = "02:00", input = 1.1, output = 4, cache_read = 0.11 },
  { start = "12:30", end = "13:15", input = 1.65, output = 6 },
]

[[models]]
id = "beta"
name = "Beta"
aliases = ["beta-latest"]

[[models.prices]]
effective = 2026-05-01
source = "book"
input = 1
output = 3
batch_input = 0.5
batch_output = 1.5
tiers = [{ above = 250000, input = 2, output = 6 }]

[[models]]
id = "gamma"
name = "Gamma"
default_host = "h2"

[[models.prices]]
effective = 2026-05-01
source = "book"
host = "h1"
input = 0.9
output = 2.7

[[models.prices]]
effective = 2026-05-01
source = "book"
host = "h2"
input = 0.8
output = 2.4
cache_read = 0.08

[[models.prices]]
effective = 2026-06-20
source = "book"
host = "h2"
input = 0.7
output = 2.099999999999999911
cache_read = 0.07

[[models]]
id = "delta"
name = "Delta"

[[models.prices]]
effective = 2026-06-10
source = "book"
input = 0.5
output = 1.1
cache_read = 0.050000000125
reasoning = 2
off_peak = [{ start = "16:30", end = "00:30", input = 0.25, output = 0.55, cache_read = 0.025 }]

[[models]]
id = "epsilon"
name = "Epsilon"

[[models.prices]]
effective = 2026-07-01
source = "book"
input = 0.1
output = 0.2
"""

EXTRA = (
    '{"model": "alpha", "input_tokens": 1200, "output_tokens": 300}',  # undated
    '{"model": "beta-latest", "input_tokens": 400000, "output_tokens": 10, "batch": true}',
    '{"model": "", "timestamp": "2026-06-03T10:00:00Z", "input_tokens": 5, "output_tokens": 1}',
    '{"model": "delta", "timestamp": "2026-06-02T23:59:00Z", "input_tokens": 50, '
    '"output_tokens": 5}',
    '{"model": "acme/alpha-20260501", "timestamp": "2026-06-05T08:00:00Z", '
    '"input_tokens": 200000, "output_tokens": 7}',
    '{"model": " ALPHA ", "timestamp": "2026-06-05T22:00:00Z", "input_tokens": 200001, '
    '"output_tokens": 7}',
    '{"model": "alpha", "timestamp": "2026-06-06T02:00:00Z", "input_tokens": 9, '
    '"output_tokens": 7}',
    '{"model": "delta", "timestamp": "2026-06-12T16:30:00+00:00", "input_tokens": 9, '
    '"output_tokens": 7}',
)
"""Records the generator does not write: undated, an alias in batch over a tier, a
blank model, a day before delta's first price, a provider prefix with a date suffix,
prompts at and just over a threshold, times at a window's end and start."""


def catalogue(folder: Path) -> Path:
    """Write the catalogue into ``folder`` and return it."""
    write(folder / "manifest.toml", MANIFEST)
    write(folder / "acme.toml", ACME)
    return folder


def log(path: Path, count: int, seed: int = 11) -> Path:
    """A generated log with every dimension (and broken lines), plus :data:`EXTRA`."""
    lines = generate.lines(count, MODELS, date(2026, 6, 1), 30, seed, bad=0.002, dimensions=True)
    path.write_text("".join(f"{line}\n" for line in (*lines, *EXTRA)))
    return path


COLUMNS = (
    "model",
    "day",
    "sent_at",
    "input_tokens",
    "cache_read_tokens",
    "cache_write_tokens",
    "cache_write_long_tokens",
    "output_tokens",
    "reasoning_tokens",
    "batch",
)


def usage_rows(path: Path) -> list[tuple[Any, ...]]:
    """The log's records as rows of the usage table, read by replay's own rules.

    ``day`` is the record's day as replay reads it, ``sent_at`` its time in UTC; lines
    replay skips before it knows a model (bad JSON, negative tokens ...) have no row,
    since a typed table cannot hold them.
    """
    rows = []
    with path.open("rb") as lines:
        for line in lines:
            try:
                read = normalise(parse_line(line))
                ordinal = day_ordinal(read.day)
            except Skip:
                continue
            uncached, cached, written, long_written, output, reasoning = read.counts
            day = None if ordinal is None else date.fromordinal(ordinal)
            rows.append(
                (
                    read.model,
                    day,
                    utc_time(read.stamp),
                    uncached,
                    cached,
                    written + long_written,
                    long_written,
                    output,
                    reasoning,
                    read.batch,
                )
            )
    return rows


def utc_time(stamp: Stamp) -> datetime | None:
    """A timestamp's time in UTC to the minute (naive), read as replay reads it (the minute
    of :func:`minute_of`; the UTC day of the instant), or None without a time of day."""
    minute = minute_of(stamp)
    if minute is None:
        return None
    if isinstance(stamp, str):
        moment = datetime.fromisoformat(stamp)
        day = moment.astimezone(UTC).date() if moment.utcoffset() else moment.date()
    else:
        assert stamp is not None
        day = date.fromordinal(EPOCH + epoch_day(stamp))
    return datetime.combine(day, time(minute // 60, minute % 60))


def by_key(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str | None, str | None], Any]:
    """Result rows by (section, model, reason)."""
    found = {}
    for row in rows:
        key = (row["section"], row["model"], row["reason"])
        assert key not in found, key
        found[key] = row
    return found


PARTS = (
    ("input_cost", "input"),
    ("cache_read_cost", "cache_read"),
    ("cache_write_cost", "cache_write"),
    ("output_cost", "output"),
    ("reasoning_cost", "reasoning"),
    ("requests_cost", "requests"),
    ("batch_savings", "batch_savings"),
    ("off_peak_savings", "off_peak_savings"),
)


def _tokens(priced: Any) -> dict[str, int]:
    return {
        "records": priced.records,
        "input_tokens": priced.input,
        "cache_read_tokens": priced.cache_read,
        "cache_write_tokens": priced.cache_write,
        "cache_write_long_tokens": priced.cache_write_long,
        "output_tokens": priced.output,
        "reasoning_tokens": priced.reasoning,
    }


def _billed(priced: Priced) -> dict[str, Any]:
    assert priced.breakdown is not None
    return (
        _tokens(priced.tokens)
        | {"cost": priced.cost}
        | {name: getattr(priced.breakdown, part) for name, part in PARTS}
    )


def expected(result: Replay) -> dict[tuple[str, str | None, str | None], dict[str, Any]]:
    """replay's figures as rows of the query's result (the columns they share)."""
    rows: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    for priced in result.actual:
        rows[("actual", priced.model, None)] = _billed(priced)
    total = result.actual_breakdown
    rows[("total", None, None)] = (
        _tokens(result.traffic)
        | {"cost": result.actual_cost, "batch_records": result.batch_records}
        | {name: getattr(total, part) for name, part in PARTS}
    )
    for priced in result.candidates:
        assert priced.ratio is not None
        ratio = priced.ratio.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
        rows[("candidate", priced.model, None)] = _billed(priced) | {"ratio": ratio}
    for unpriced in result.unpriced_candidates:  # how many records lack a price: below
        rows[("candidate", unpriced.model, None)] = {"cost": None, "ratio": None}
    for traffic in result.unpriced_traffic:
        rows[("unpriced", traffic.model, traffic.reason)] = _tokens(traffic.tokens)
    for skipped in result.skipped:
        if skipped.reason == "missing model":
            rows[("skipped", None, skipped.reason)] = {"records": skipped.count}
    return rows


def differences(
    got: dict[tuple[str, str | None, str | None], dict[str, Any]],
    want: dict[tuple[str, str | None, str | None], dict[str, Any]],
) -> list[str]:
    """Every figure that differs (an empty list: equal to the last digit)."""
    found = [f"rows: got {sorted(got, key=str)}, want {sorted(want, key=str)}"]
    if set(got) == set(want):
        found = []
    for key, figures in want.items():
        row = got.get(key, {})
        for name, value in figures.items():
            if row.get(name) != value:
                found.append(f"{key} {name}: got {row.get(name)!r}, want {value!r}")
    return found

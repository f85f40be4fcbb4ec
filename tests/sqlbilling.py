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
- epsilon: first priced on 2026-07-01 (a candidate without a price on the log's days);

and two more providers (``babel``, ``zonal``; catalogue order acme, babel, zonal) with
name patterns and windows on other clocks:

- theta (babel): a pattern ``zeta-pro*``, which zonal's own pattern ``zeta*`` outranks
  (``zeta-pro-1`` is zeta's); kappa (babel): an alias ``kappa-x``, priced only by
  another source, so ``kappa-x-20260601`` is lambda's (zonal, pattern ``kappa-x-*``),
  the first model the source prices;
- zeta (zonal): a pattern ``zeta-*``; windows in Asia/Shanghai on weekdays (12:00-14:00,
  18:00-09:00) and the whole weekend (00:00-24:00);
- eta (zonal): a pattern ``re:^eta-\\d{4}$``; windows in America/New_York (summer
  time) on Friday and Saturday 20:00-24:00 and Sunday 00:00-06:00;
- iota (zonal): windows in UTC on the weekend 10:00-18:00 and every day 02:00-04:00;
- mu (zonal): a pattern with a lookahead, ``re:^mu-(?!beta)\\w+$``, which the query
  reads loosely.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from benchmarks.replay import generate

from tests.helpers import write
from tokencost.replay.normalise import (
    Skip,
    Stamp,
    day_ordinal,
    moment_of,
    normalise,
    parse_line,
)
from tokencost.replay.results import Priced, Replay

AS_OF = date(2026, 6, 30)
MODELS = ("alpha", "beta", "gamma", "delta")
NAMED = (
    "zeta-fast",
    "eta-2026",
    "iota",
    "zeta-pro-1",
    "kappa-x-20260601",
    "theta-pro",
    "gw/zoo/eta",  # a host's prefix off, lambda's alias zoo/eta; not eta (the last part)
)
"""Names of the log of windows on other clocks and name patterns (:func:`zoned_log`)."""

MANIFEST = """\
name = "every"
version = "2026.06.0"
updated = 2026-06-01
currency = "USD"
default_source = "book"

[sources.book]
title = "Test prices with every dimension"

[sources.other]
title = "Another price book"
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

BABEL = """\
provider = "babel"
name = "Babel"

[[models]]
id = "theta"
name = "Theta"
patterns = ["zeta-pro*"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 3
output = 9

[[models]]
id = "kappa"
name = "Kappa"
aliases = ["kappa-x"]

[[models.prices]]
effective = 2026-01-01
source = "other"
input = 5
output = 5
"""

ZONAL = """\
provider = "zonal"
name = "Zonal"
patterns = ["zeta*"]

[[models]]
id = "zeta"
name = "Zeta"
patterns = ["zeta-*"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 1.32
output = 3.96
cache_read = 0.044
[[models.prices.off_peak]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "12:00"
end = "14:00"
zone = "Asia/Shanghai"
input = 0.66
output = 1.98
cache_read = 0.022

[[models.prices.off_peak]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "18:00"
end = "09:00"
zone = "Asia/Shanghai"
input = 0.66
output = 1.98
cache_read = 0.022

[[models.prices.off_peak]]
days = ["sat", "sun"]
start = "00:00"
end = "24:00"
zone = "Asia/Shanghai"
input = 0.5
output = 1.5

[[models]]
id = "eta"
name = "Eta"
patterns = ['re:^eta-\\d{4}$']

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 2
output = 6
[[models.prices.off_peak]]
days = ["fri", "sat"]
start = "20:00"
end = "24:00"
zone = "America/New_York"
input = 1
output = 3

[[models.prices.off_peak]]
days = ["sun"]
start = "00:00"
end = "06:00"
zone = "America/New_York"
input = 0.5
output = 1.5

[[models]]
id = "iota"
name = "Iota"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 0.4
output = 1.6
off_peak = [
  { days = ["sat", "sun"], start = "10:00", end = "18:00", input = 0.2, output = 0.8 },
  { start = "02:00", end = "04:00", input = 0.3, output = 1.2 },
]

[[models]]
id = "mu"
name = "Mu"
patterns = ['re:^mu-(?!beta)\\w+$']

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 1
output = 1

[[models]]
id = "lambda"
name = "Lambda"
aliases = ["zoo/eta"]
patterns = ["kappa-x-*"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 0.6
output = 2.4
"""

ZONED = tuple(
    f'{{"model": "{model}", "timestamp": "{stamp}", "input_tokens": 1000, "output_tokens": 100}}'
    for model, stamp in (
        ("zeta-fast", "2026-06-05T15:59:00Z"),  # Fri 23:59 in Shanghai: 18:00-09:00
        ("zeta-fast", "2026-06-05T16:00:00Z"),  # Sat 00:00: the weekend
        ("zeta-fast", "2026-06-07T16:00:00Z"),  # Mon 00:00: 18:00-09:00 of Monday
        ("zeta-fast", "2026-06-08T01:00:00Z"),  # Mon 09:00: peak
        ("zeta-fast", "2026-06-08T04:00:00Z"),  # Mon 12:00: 12:00-14:00
        ("eta-2026", "2026-06-26T23:59:00Z"),  # Fri 19:59 in New York (EDT): peak
        ("eta-2026", "2026-06-27T00:00:00Z"),  # Fri 20:00 EDT, Saturday in UTC
        ("eta-2026", "2026-07-05T09:30:00Z"),  # Sun 05:30 EDT: in
        ("eta-2026", "2026-07-05T10:30:00Z"),  # Sun 06:30 EDT: out (05:30 in EST)
        ("eta-2026", "2026-11-01T05:30:00Z"),  # Sun 01:30 EDT, the clocks go back
        ("eta-2026", "2026-11-01T10:30:00Z"),  # Sun 05:30 EST: in (06:30 in EDT)
        ("eta-2026", "2026-03-08T01:59:00-05:00"),  # Sun 01:59 EST (06:59Z), then the clocks jump
        ("iota", "2026-06-06T10:00:00Z"),  # Sat 10:00 UTC: the weekend window
        ("iota", "2026-06-05T10:00:00Z"),  # Fri 10:00: peak
        ("iota", "2026-06-05T03:00:00+02:00"),  # Fri 01:00 UTC: peak
        ("zeta-pro-1", "2026-06-09T05:00:00Z"),
        ("kappa-x-20260601", "2026-06-09T05:00:00Z"),
        ("theta-pro", "2026-06-09T05:00:00Z"),
    )
)
"""Records at the edges of the windows on other clocks, and names patterns resolve."""


def zoned_log(path: Path, count: int, seed: int = 3) -> Path:
    """A generated log of :data:`NAMED` with every dimension, plus :data:`ZONED`."""
    lines = generate.lines(count, NAMED, date(2026, 6, 1), 30, seed, bad=0.0, dimensions=True)
    path.write_text("".join(f"{line}\n" for line in (*lines, *ZONED)))
    return path


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
    write(folder / "babel.toml", BABEL)
    write(folder / "zonal.toml", ZONAL)
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
    """A timestamp's time in UTC to the minute (naive), read as replay reads it (its
    moment, :func:`moment_of`), or None without a time of day."""
    moment = moment_of(stamp)
    if moment is None:
        return None
    day, minute = divmod(moment, 1440)
    return datetime.combine(date.fromordinal(day), time(minute // 60, minute % 60))


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


USAGE = """CREATE TABLE usage (
  model VARCHAR, day DATE, sent_at TIMESTAMP, input_tokens BIGINT, cache_read_tokens BIGINT,
  cache_write_tokens BIGINT, cache_write_long_tokens BIGINT, output_tokens BIGINT,
  reasoning_tokens BIGINT, batch BOOLEAN)"""


def literal(value: Any) -> str:
    """A value of a usage row as a DuckDB literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"

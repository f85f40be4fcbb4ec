"""The billing query of ``tokencost replay --sql DIALECT``: replay's rules as one SQL query.

The query is written once, in DuckDB's SQL, and translated to each dialect by sqlglot
(imported only here, from the ``sql`` extra); the price data of
:mod:`tokencost.replay.sqlplan` is set into its VALUES lists afterwards, row by row in
the form sqlglot gave the first rows (a catalogue of thousands of models would take
sqlglot seconds to translate).

Exact arithmetic in every dialect: each price becomes a whole number of 10^-scale USD
per token (``scale`` and ``unit_digits`` from the plan), so every product and
sum is a DECIMAL of scale 0, which no engine rounds (Spark narrows the scale of a
DECIMAL that outgrows 38 digits, Snowflake that of a product of two fractions, BigQuery
reads ``0.5`` as a float: none of that can happen to whole numbers). Money becomes USD
once, at the end (:func:`_money`). The ratio is rounded half up to 6 decimal places by
integer division.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache, partial
from typing import TYPE_CHECKING

from tokencost.errors import InputError
from tokencost.quantities import plain
from tokencost.replay.normalise import (
    LONG_EXCEEDS,
    MISSING_MODEL,
    NEGATIVE,
    NO_PRICE,
    UNKNOWN_MODEL,
)
from tokencost.replay.sqlplan import BASE, PRICES, Plan

if TYPE_CHECKING:
    from sqlglot import exp
    from sqlglot.generator import Generator

Rows = list[tuple[object, ...]]

DIALECTS = {
    "duckdb": "duckdb",
    "spark": "spark",
    "postgres": "postgres",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
}
"""``--sql`` value -> sqlglot dialect."""
DIALECT_NAMES = {
    "duckdb": "DuckDB",
    "spark": "Spark SQL",
    "postgres": "PostgreSQL",
    "bigquery": "BigQuery",
    "snowflake": "Snowflake",
}
TOKEN_DIGITS = 15
"""Digits a bucket's token sum has at least (10^15 tokens of one model on one day): a
price of ``unit_digits`` digits leaves 38 - unit_digits for it."""

COLUMNS = (
    (
        "model",
        "text",
        "the model as logged: an id or alias, any case, a provider/ prefix "
        "or a date suffix as replay reads them; NULL or blank: missing",
    ),
    (
        "day",
        "DATE",
        "the day the row is billed on (the price in effect that day); NULL: "
        "undated, billed at --as-of",
    ),
    (
        "sent_at",
        "TIMESTAMP",
        "when it was sent, wall clock in UTC (places it in off-peak "
        "windows); NULL: no time of day, billed outside every window",
    ),
    ("input_tokens", "integer", "input tokens not read from or written to a cache"),
    ("cache_read_tokens", "integer", "input tokens read from the prompt cache"),
    ("cache_write_tokens", "integer", "input tokens written to the cache, 1-hour ones included"),
    (
        "cache_write_long_tokens",
        "integer",
        "the part of cache_write_tokens written with the 1-hour lifetime",
    ),
    ("output_tokens", "integer", "output tokens other than reasoning"),
    ("reasoning_tokens", "integer", "output tokens spent on reasoning"),
    ("batch", "BOOLEAN", "sent through a batch API; NULL: not"),
)
"""The usage table's columns: (name, type, meaning). Token counts: NULL is 0."""
TOKENS = tuple(name for name, kind, _ in COLUMNS if kind == "integer")
PARTS = (
    "input_cost",
    "cache_read_cost",
    "cache_write_cost",
    "output_cost",
    "reasoning_cost",
    "requests_cost",
    "batch_savings",
    "off_peak_savings",
)
"""The cost parts of a result row (replay's breakdown), the last two subtracted."""
OUTPUT = (
    "section",
    "model",
    "reason",
    "records",
    *TOKENS,
    "batch_records",
    "cost",
    *PARTS,
    "ratio",
    "unpriced_records",
)
"""The result's columns, in order."""
SECTIONS = ("actual", "total", "candidate", "unpriced", "skipped")
_DATE_SUFFIX = "[-@]([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{8})$"
_TABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$")
DOUBTFUL = "a name pattern the query reads loosely"
"""Skip reason of rows whose model a pattern with lookaround may decide (replay reads it)."""
_SAFE = re.compile(r"^[A-Za-z0-9 _.:/@+-]*$")
_PORTABLE = re.compile(r"(?:[^\\(]|\\[dDwWsS]|\\[^A-Za-z0-9]|\((?!\?))*")
r"""A regular expression RE2 (DuckDB, BigQuery), Java (Spark), PostgreSQL's and
Snowflake's engines all read as Python does: no group options or lookaround ``(?``, no
back-references, no escapes of letters but ``\d \w \s`` and their negations."""
_MARK = "@"
_TEXT_WIDTH = 120
"""sqlglot's line width: a row of markers stays on one line, so each row does."""


def dialect_for(name: str) -> str:
    """The sqlglot dialect of a ``--sql`` value, or InputError."""
    found = DIALECTS.get(name.strip().lower())
    if found is None:
        raise InputError(f"--sql: unknown dialect {name!r}; use one of: {', '.join(DIALECTS)}")
    return found


def check_table(name: str) -> str:
    """A usage table name: an identifier, or up to three joined by dots."""
    if not _TABLE.match(name):
        raise InputError(
            f"--table: {name!r} is not a table name; use letters, digits and _, with up to "
            "two dots (project.dataset.usage)"
        )
    return name


def check_plan(plan: Plan, dialect: str) -> None:
    """InputError when the dialect cannot bill this catalogue exactly."""
    if plan.unit_digits > 38 - TOKEN_DIGITS:
        model, price = plan.finest
        raise InputError(
            f"--sql {dialect}: the prices of this catalogue need {plan.scale} decimal places "
            f"per token ({model}'s {plain(price)}), so a price takes {plan.unit_digits} "
            f"digits of {DIALECT_NAMES[dialect]}'s 38-digit DECIMAL and a bucket's token sum "
            f"fewer than {TOKEN_DIGITS}; give --source another source"
        )
    for _, regex in plan.gates:
        if _PORTABLE.fullmatch(regex) is None and _loosen(regex) is None:
            raise InputError(
                f"--sql {dialect}: a provider's name pattern re:{regex} uses more than the "
                "regular expressions every dialect reads alike (literal characters, . [ ] "
                r"( ) | ^ $ * + ? {m,n}, \d \w \s and escaped punctuation; lookaround is "
                "read loosely); write it with those in the catalogue"
            )
    for _, _, regex, model, _ in plan.patterns:
        if _PORTABLE.fullmatch(regex) is None and _loosen(regex) is None:
            raise InputError(
                f"--sql {dialect}: {model}'s name pattern re:{regex} uses more than the "
                "regular expressions every dialect reads alike (literal characters, . [ ] "
                r"( ) | ^ $ * + ? {m,n}, \d \w \s and escaped punctuation; lookaround is "
                "read loosely); write it with those in the catalogue, or name the model "
                "with an alias"
            )


def billing_query(plan: Plan, dialect: str, table: str = "usage") -> str:
    """The complete query, header comment included, for one sqlglot dialect."""
    import sqlglot

    check_plan(plan, dialect)
    base = _base(plan, check_table(table), split_money=dialect == "spark")
    tree = sqlglot.parse_one(base, read="duckdb")
    _adapt(tree, dialect)
    text = tree.sql(dialect=dialect, pretty=True, max_text_width=_TEXT_WIDTH)
    return _header(plan, dialect, table) + _fill(text, _tables(plan), dialect) + ";\n"


# -- the query ------------------------------------------------------------------------------


def _base(plan: Plan, table: str, split_money: bool = False) -> str:
    """The query in DuckDB's SQL, VALUES lists holding two rows of markers; with
    ``split_money``, costs are made USD in two parts (see :func:`_money`).

    ``entries`` and ``rates``, which several joins read, are MATERIALIZED: DuckDB
    otherwise plans each VALUES list again for each join that reads it (on the whole
    market, 2,600 entries and 3,000 rate rows, that was a third of its time)."""
    k, digits = plan.scale, plan.unit_digits
    as_of = f"DATE '{plan.as_of.isoformat()}'"
    day = f"COALESCE({{t}}.day, {as_of})"
    in_effect = f"e.model = {{m}} AND {day} >= e.effective AND (e.until IS NULL OR {day} < e.until)"
    model = "NULLIF(TRIM(u.model), '')"
    if plan.default_model:
        model = f"COALESCE({model}, '{plan.default_model}')"
    prices = ",\n".join(f"CAST({p} AS DECIMAL({digits}, 0)) AS {p}" for p in PRICES)

    def whole(expression: str) -> str:  # a token sum: the digits a price leaves
        return f"CAST(b.{expression} AS DECIMAL({38 - digits}, 0))"

    tokens = ", ".join(TOKENS)
    sums = ",\n".join(f"SUM({t}) AS {t}" for t in TOKENS)
    summed = ", ".join(f"SUM(b.{t}) AS {t}" for t in TOKENS)
    negative = " OR ".join(f"{t} < 0" for t in TOKENS)
    saved = " + ".join(
        f"{whole(t)} * (s.{p} - x.{p})" for t, p in zip(_BILLED, PRICES, strict=True)
    )
    keys = _keys(plan)
    columns = ", ".join(keys)
    return f"""
WITH names AS (
  SELECT name, model, priced FROM (VALUES {_marks("names")}) AS t(name, model, priced)
), patterns AS (
  SELECT provider_no, model_no, regex, model, priced, certain
  FROM (VALUES {_marks("patterns")})
    AS t(provider_no, model_no, regex, model, priced, certain)
), gates AS (
  SELECT provider_no, regex, certain
  FROM (VALUES {_marks("gates")}) AS t(provider_no, regex, certain)
), entries AS MATERIALIZED (
  SELECT entry, model, CAST(effective AS DATE) AS effective, CAST(until AS DATE) AS until,
    CAST(per_request AS DECIMAL({digits}, 0)) AS per_request
  FROM (VALUES {_marks("entries")}) AS t(entry, model, effective, until, per_request)
), rates AS MATERIALIZED (
  SELECT entry, kind, above, below, clock, weekday, minute_from, minute_to,
    {prices}
  FROM (VALUES {_marks("rates")})
    AS t(entry, kind, above, below, clock, weekday, minute_from, minute_to, {", ".join(PRICES)})
), candidates AS (
  SELECT model FROM (VALUES {_marks("candidates")}) AS t(model)
), records AS (
  SELECT model, day, batch, {tokens},
    CASE WHEN {negative} THEN '{NEGATIVE}'
      WHEN cache_write_long_tokens > cache_write_tokens THEN '{LONG_EXCEEDS}'
      WHEN model IS NULL THEN '{MISSING_MODEL}' END AS problem,
    {_threshold_case(plan)} AS threshold,
    {_clock_columns(plan)}
  FROM ({_local_times(plan, model, table)}) AS r
), buckets AS (
  SELECT model, day, threshold, {columns}, batch, problem, COUNT(*) AS records,
    {sums}
  FROM records
  GROUP BY model, day, threshold, {columns}, batch, problem
), forms AS (
  SELECT model, form_no, form FROM (
    SELECT model, 1 AS form_no, LOWER(model) AS form FROM buckets
    UNION ALL SELECT model, 2, CASE WHEN LOWER(model) LIKE '%/%/%'
      THEN REGEXP_REPLACE(LOWER(model), '^[^/]*/', '') ELSE '' END FROM buckets
    UNION ALL SELECT model, 3, REGEXP_REPLACE(LOWER(model), '^.*/', '') FROM buckets
    UNION ALL SELECT model, 4, REGEXP_REPLACE(LOWER(model), '{_DATE_SUFFIX}', '') FROM buckets
    UNION ALL SELECT model, 5,
      REGEXP_REPLACE(REGEXP_REPLACE(LOWER(model), '^.*/', ''), '{_DATE_SUFFIX}', '')
    FROM buckets
  ) AS f
  WHERE model IS NOT NULL AND form <> ''
  GROUP BY model, form_no, form
), gated AS (
  SELECT f.form, g.provider_no, g.certain
  FROM forms AS f JOIN gates AS g ON REGEXP_MATCHES(f.form, g.regex)
), owners AS (
  SELECT DISTINCT form, provider_no FROM gated WHERE certain
), unsure AS (
  SELECT DISTINCT form FROM gated WHERE NOT certain
), found AS (
  SELECT f.model, n.model AS model_id, n.priced, TRUE AS certain, 0 AS stage, f.form_no,
    0 AS owned, 0 AS provider_no, 0 AS model_no
  FROM forms AS f JOIN names AS n ON n.name = f.form
  UNION ALL
  SELECT f.model, p.model, p.priced, p.certain AND u.form IS NULL, 1, f.form_no,
    CASE WHEN o.provider_no IS NULL THEN 1 ELSE 0 END, p.provider_no, p.model_no
  FROM forms AS f JOIN patterns AS p ON REGEXP_MATCHES(f.form, p.regex)
  LEFT JOIN owners AS o ON o.form = f.form AND o.provider_no = p.provider_no
  LEFT JOIN unsure AS u ON u.form = f.form
), ranked AS (
  SELECT model, model_id, priced, certain, ROW_NUMBER() OVER (PARTITION BY model ORDER BY
    stage, form_no, owned, provider_no, model_no) AS place
  FROM found
), chosen AS (
  SELECT model, model_id, priced, place FROM (
    SELECT model, model_id, priced, place, ROW_NUMBER() OVER (PARTITION BY model ORDER BY
      CASE WHEN priced THEN 0 ELSE 1 END, place) AS n
    FROM ranked WHERE certain
  ) AS x
  WHERE n = 1
), doubtful AS (
  SELECT model, MIN(place) AS place, MIN(CASE WHEN priced THEN place END) AS priced_place
  FROM ranked WHERE NOT certain
  GROUP BY model
), resolved AS (
  SELECT b.model, b.day, b.threshold, {_each(keys, "b")}, b.batch, b.records,
    {", ".join(f"b.{t}" for t in TOKENS)},
    CASE WHEN b.problem IS NULL AND d.model IS NOT NULL AND (c.model IS NULL
        OR d.priced_place < c.place OR (NOT c.priced AND (d.priced_place IS NOT NULL
        OR d.place < c.place)))
      THEN '{DOUBTFUL}' ELSE b.problem END AS problem,
    CASE WHEN b.problem IS NULL THEN c.model_id END AS model_id
  FROM buckets AS b
  LEFT JOIN chosen AS c ON c.model = b.model
  LEFT JOIN doubtful AS d ON d.model = b.model
), dated AS (
  SELECT r.*, e.entry
  FROM resolved AS r
  LEFT JOIN entries AS e ON {in_effect.format(t="r", m="r.model_id")}
), traffic AS (
  SELECT b.day, b.threshold, {_each(keys, "b")}, b.batch, SUM(b.records) AS records, {summed}
  FROM dated AS b WHERE b.entry IS NOT NULL
  GROUP BY b.day, b.threshold, {_each(keys, "b")}, b.batch
), billable AS (
  SELECT CASE WHEN problem IS NOT NULL THEN 'skipped' WHEN entry IS NULL THEN 'unpriced'
      ELSE 'actual' END AS section,
    CASE WHEN problem IS NULL THEN COALESCE(model_id, model) ELSE model END AS model,
    CASE WHEN problem IS NOT NULL THEN problem
      WHEN model_id IS NULL THEN '{UNKNOWN_MODEL}'
      WHEN entry IS NULL THEN '{NO_PRICE.replace("'", "''")}' END AS reason,
    entry, threshold, {columns}, batch, records, {tokens}
  FROM dated
  UNION ALL
  SELECT 'candidate', c.model, NULL, e.entry, t.threshold, {_each(keys, "t")}, t.batch,
    t.records, {", ".join(f"t.{t}" for t in TOKENS)}
  FROM candidates AS c CROSS JOIN traffic AS t
  LEFT JOIN entries AS e ON {in_effect.format(t="t", m="c.model")}
), priced AS (
  SELECT b.section, b.model, b.reason, b.batch, b.records, {", ".join(f"b.{t}" for t in TOKENS)},
    CASE WHEN b.entry IS NULL THEN b.records ELSE 0 END AS unpriced_records,
    {whole("input_tokens")} * s.input AS input_units,
    {whole("cache_read_tokens")} * s.cache_read AS cache_read_units,
    {whole(_BILLED[2])} * s.cache_write
      + {whole("cache_write_long_tokens")} * s.cache_write_long AS cache_write_units,
    {whole("output_tokens")} * s.output AS output_units,
    {whole("reasoning_tokens")} * s.reasoning AS reasoning_units,
    {whole("records")} * e.per_request AS requests_units,
    CASE WHEN x.entry IS NOT NULL THEN {saved} WHEN b.entry IS NOT NULL THEN 0 END
      AS saved_units
  FROM billable AS b
  LEFT JOIN entries AS e ON e.entry = b.entry
  LEFT JOIN rates AS s ON s.entry = b.entry AND s.kind = 'standard'
    AND b.threshold >= s.above AND (s.below IS NULL OR b.threshold < s.below)
  LEFT JOIN rates AS x ON x.entry = b.entry
    AND b.threshold >= x.above AND (x.below IS NULL OR b.threshold < x.below)
    AND ((b.batch AND x.kind = 'batch') OR (NOT b.batch AND x.kind = 'off_peak'
      AND {_in_window(plan)}))
), sums AS (
  SELECT section, model, reason, SUM(records) AS records,
    {", ".join(f"SUM({t}) AS {t}" for t in TOKENS)},
    SUM(CASE WHEN batch THEN records ELSE 0 END) AS batch_records,
    SUM(unpriced_records) AS unpriced_records,
    SUM(input_units) AS input_units, SUM(cache_read_units) AS cache_read_units,
    SUM(cache_write_units) AS cache_write_units, SUM(output_units) AS output_units,
    SUM(reasoning_units) AS reasoning_units, SUM(requests_units) AS requests_units,
    SUM(CASE WHEN batch THEN saved_units ELSE 0 END) AS batch_units,
    SUM(CASE WHEN batch THEN 0 ELSE saved_units END) AS off_peak_units
  FROM priced
  GROUP BY GROUPING SETS ((section, model, reason), (section))
), settled AS (
  SELECT CASE WHEN model IS NULL AND reason IS NULL THEN 'total' ELSE section END AS section,
    model, reason, records, {tokens}, batch_records, unpriced_records, {", ".join(_UNITS)},
    input_units + cache_read_units + cache_write_units + output_units + reasoning_units
      + requests_units - batch_units - off_peak_units AS cost_units
  FROM sums
  WHERE section = 'actual' OR model IS NOT NULL OR reason IS NOT NULL
), totalled AS (
  SELECT l.*, MAX(CASE WHEN section = 'total' THEN cost_units END) OVER () AS actual_units
  FROM settled AS l
)
SELECT {_result(k, split_money)}
FROM totalled AS l
ORDER BY CASE l.section {" ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(SECTIONS))} END,
  CASE WHEN l.section = 'actual' THEN l.cost_units END DESC NULLS LAST,
  CASE WHEN l.section = 'candidate' AND l.unpriced_records = 0 THEN l.cost_units END
    ASC NULLS LAST,
  l.records DESC, l.model, l.reason
"""


_BILLED = (
    "input_tokens",
    "cache_read_tokens",
    "cache_write_tokens - b.cache_write_long_tokens",
    "cache_write_long_tokens",
    "output_tokens",
    "reasoning_tokens",
)
"""The tokens each price of :data:`PRICES` bills (5-minute writes are the rest)."""
_UNITS = (
    "input_units",
    "cache_read_units",
    "cache_write_units",
    "output_units",
    "reasoning_units",
    "requests_units",
    "batch_units",
    "off_peak_units",
)


def _threshold_case(plan: Plan) -> str:
    """The highest tier threshold the prompt exceeds (0: none), as the scan splits."""
    if not plan.thresholds:
        return "0"
    whens = " ".join(f"WHEN prompt > {t} THEN {t}" for t in reversed(plan.thresholds))
    return f"CASE {whens} ELSE 0 END"


def _keys(plan: Plan) -> list[str]:
    """The bucket columns that place a row in the off-peak windows: for each clock
    (UTC, then each zone), the stretch of its day, and its weekday when windows name days."""
    found = []
    for number, clock in enumerate(plan.clocks):
        suffix = f"_{number}" if number else ""
        found.append(f"segment{suffix}")
        if clock.days:
            found.append(f"weekday{suffix}")
    return found


def _each(keys: list[str], alias: str) -> str:
    return ", ".join(f"{alias}.{key}" for key in keys)


def _local_times(plan: Plan, model: str, table: str) -> str:
    """The usage rows with their counts, prompt and UTC minute of the day; with time
    zones or days of the week, on each clock n its ``minute_n`` and ``weekday_n`` (from
    the minutes since BASE in UTC, ``moment``, plus the zone's offset then)."""
    simple = len(plan.clocks) == 1 and not plan.clocks[0].days
    moment = (
        ""
        if simple
        else f",\n      DATE_DIFF('day', DATE '{BASE.isoformat()}', CAST(u.sent_at AS DATE)) * 1440"
        " + EXTRACT(HOUR FROM u.sent_at) * 60 + EXTRACT(MINUTE FROM u.sent_at) AS moment"
    )
    inner = f"""
    SELECT {model} AS model, u.day AS day, COALESCE(u.batch, FALSE) AS batch,
      {", ".join(f"COALESCE(u.{t}, 0) AS {t}" for t in TOKENS)},
      COALESCE(u.input_tokens, 0) + COALESCE(u.cache_read_tokens, 0)
        + COALESCE(u.cache_write_tokens, 0) AS prompt,
      EXTRACT(HOUR FROM u.sent_at) * 60 + EXTRACT(MINUTE FROM u.sent_at) AS minute{moment}
    FROM {table} AS u"""
    if simple:
        return inner
    local = ["moment AS local_0"] + [
        f"moment + {_offset_case(clock.offsets)} AS local_{n}"
        for n, clock in enumerate(plan.clocks)
        if n
    ]
    parts = ", ".join(
        [
            f"local_{n} % 1440 AS minute_{n}, (local_{n} // 1440) % 7 AS weekday_{n}"
            for n in range(len(plan.clocks))
        ]
    )
    return f"""
  SELECT l.*, {parts}
  FROM (SELECT i.*, {", ".join(local)} FROM ({inner}) AS i) AS l"""


def _offset_case(offsets: tuple[tuple[int, int], ...]) -> str:
    """The UTC offset (minutes) at ``moment``: the latest stretch first, as most rows are
    recent."""
    if len(offsets) == 1:
        return str(offsets[0][1])
    whens = " ".join(f"WHEN moment >= {start} THEN {offset}" for start, offset in offsets[:0:-1])
    return f"CASE {whens} ELSE {offsets[0][1]} END"


def _clock_columns(plan: Plan) -> str:
    """``segment`` (and ``weekday``) of each clock: see :func:`_keys`."""
    simple = len(plan.clocks) == 1 and not plan.clocks[0].days
    found = []
    for number, clock in enumerate(plan.clocks):
        suffix = f"_{number}" if number else ""
        minute = "minute" if simple else f"minute_{number}"
        found.append(f"{_segment_case(clock.edges, minute)} AS segment{suffix}")
        if clock.days:
            found.append(
                f"CASE WHEN batch OR {minute} IS NULL THEN NULL ELSE weekday_{number} END"
                f" AS weekday{suffix}"
            )
    return ",\n    ".join(found)


def _segment_case(edges: tuple[int, ...], minute: str) -> str:
    """The first minute of the stretch of the day between two window edges the row was
    sent in (before the first edge: the last, the stretch over midnight); NULL for batch
    rows and rows without a time of day, which no window bills."""
    if not edges:
        return "CAST(NULL AS INTEGER)"
    whens = " ".join(f"WHEN {minute} >= {m} THEN {m}" for m in reversed(edges))
    return f"CASE WHEN batch OR {minute} IS NULL THEN NULL {whens} ELSE {edges[-1]} END"


def _in_window(plan: Plan) -> str:
    """The off-peak rate row ``x`` covers the bucket ``b``: its clock's stretch of the
    day, and its weekday where the row names one."""
    if len(plan.clocks) == 1 and not plan.clocks[0].days:
        return "b.segment >= x.minute_from AND b.segment < x.minute_to"
    segment = " ".join(
        f"WHEN {n} THEN b.segment{f'_{n}' if n else ''}" for n in range(len(plan.clocks))
    )
    found = [f"CASE x.clock {segment} END >= x.minute_from",
             f"CASE x.clock {segment} END < x.minute_to"]  # fmt: skip
    days = [n for n, clock in enumerate(plan.clocks) if clock.days]
    if days:
        weekday = " ".join(f"WHEN {n} THEN b.weekday{f'_{n}' if n else ''}" for n in days)
        found.append(f"(x.weekday IS NULL OR x.weekday = CASE x.clock {weekday} END)")
    return " AND ".join(found)


CHUNK = 18
"""Decimal places Spark makes USD at once (a product of 2 x 18 + 2 digits at most)."""


def _money(units: str, scale: int, split: bool) -> str:
    """A whole number of 10^-scale USD as USD, exact.

    One product, DECIMAL(38, 0) x 10^-scale, in every dialect but Spark, which narrows
    the scale of a product or sum over 38 digits: there the whole dollars (DIV, at most
    19 digits, 37 - scale when fewer) and the rest (MOD: less than a dollar), made USD 18
    decimal places at a time, are added within 38 digits.
    """
    if not split:
        return f"CAST({units} AS DECIMAL(38, 0)) * {_tenth(scale)}"
    dollars = f"CAST({units} // {_power(scale)} AS DECIMAL({min(19, 37 - scale)}, 0))"
    parts = []
    for low in range(0, scale, CHUNK):
        high = min(scale, low + CHUNK)
        chunk = f"{units} % {_power(scale - low)}"
        if high < scale:
            chunk = f"({chunk}) // {_power(scale - high)}"
        usd = f"CAST({chunk} AS DECIMAL({high - low}, 0)) * {_tenth(high)}"
        parts.append(f"CAST({usd} AS DECIMAL({high + 1}, {high}))")
    fraction = " + ".join(parts)
    if len(parts) > 1:
        fraction = f"CAST({fraction} AS DECIMAL({scale + 1}, {scale}))"
    return f"{dollars} + {fraction}"


def _power(places: int) -> str:
    """10^places as a whole DECIMAL."""
    return f"CAST({10**places} AS DECIMAL({places + 1}, 0))"


def _tenth(places: int) -> str:
    """10^-places as a DECIMAL (from text: BigQuery reads a decimal literal as a float)."""
    return f"CAST('{plain(Decimal(1).scaleb(-places))}' AS DECIMAL({places + 1}, {places}))"


def _ratio() -> str:
    """cost / actual cost, half up to 6 places, in whole numbers: the quotient, then three
    digits, then three more and the half (each step within 38 digits while the actual
    cost in 10^-scale USD is below 5 x 10^34)."""
    c, a = "l.cost_units", "l.actual_units"
    rest = f"({c} % {a})"
    first = f"({rest} * 1000) // {a}"
    second = f"((({rest} * 1000) % {a}) * 2000 + {a}) // ({a} * 2)"
    micro = f"({c} // {a}) * 1000000 + {first} * 1000 + {second}"
    return (
        f"CASE WHEN l.section = 'candidate' AND l.unpriced_records = 0 AND {a} > 0 "
        f"THEN CAST({micro} AS DECIMAL(30, 0)) * {_tenth(6)} END"
    )


def _result(scale: int, split_money: bool) -> str:
    """The result's columns: money as USD to ``scale`` places, the ratio to 6 places."""

    def money(units: str) -> str:
        billed = _money(f"l.{units}", scale, split_money)
        return f"CASE WHEN l.unpriced_records = 0 THEN {billed} END"

    costs = [f"{money(u)} AS {p}" for u, p in zip(_UNITS, PARTS, strict=True)]
    return ",\n  ".join(
        [
            "l.section",
            "l.model",
            "l.reason",
            "l.records",
            *(f"l.{t}" for t in TOKENS),
            "l.batch_records",
            f"{money('cost_units')} AS cost",
            *costs,
            f"{_ratio()} AS ratio",
            "l.unpriced_records",
        ]
    )


_WIDTH = {"names": 3, "patterns": 6, "gates": 3, "entries": 5, "rates": 14, "candidates": 1}


def _cell(table: str, row: int, col: int) -> str:
    """A marker: ``@r1b`` is row 1, column 11 of rates (no data cell starts with @)."""
    return f"{_MARK}{table[0]}{row}{col:x}"


def _marks(table: str) -> str:
    """Two rows of marker strings, replaced by the table's rows once translated."""
    width = _WIDTH[table]
    return ", ".join(
        "(" + ", ".join(f"'{_cell(table, row, col)}'" for col in range(width)) + ")"
        for row in range(2)
    )


# -- dialect adjustments ---------------------------------------------------------------------


def _adapt(tree: exp.Expr, dialect: str) -> None:
    """What sqlglot's translation leaves inexact: integer division, Snowflake's regular
    expression match and BigQuery's types."""
    from sqlglot import exp

    if dialect != "duckdb":  # MATERIALIZED is for DuckDB (see _base): Spark, BigQuery and
        # Snowflake have no such word, and PostgreSQL materializes a table read twice itself
        for cte in tree.find_all(exp.CTE):
            cte.set("materialized", None)
    for node in reversed(list(tree.find_all(exp.IntDiv))):  # the innermost first
        if dialect == "duckdb":  # DECIMAL // DECIMAL is a DOUBLE in DuckDB
            for side in ("this", "expression"):
                node.set(side, exp.cast(node.args[side], "HUGEINT"))
        elif dialect == "snowflake":  # no integer division: the exact quotient of a - a mod b
            a, b = node.this, node.expression
            diff = exp.Sub(this=a.copy(), expression=exp.Mod(this=a.copy(), expression=b.copy()))
            node.replace(exp.Div(this=exp.Paren(this=diff), expression=b.copy()))
    if dialect == "snowflake":  # REGEXP_LIKE matches the whole name; search it, as Python
        for like in list(tree.find_all(exp.RegexpLike)):
            found = exp.Anonymous(this="REGEXP_INSTR", expressions=[like.this, like.expression])
            like.replace(exp.GT(this=found, expression=exp.Literal.number(0)))
    if dialect == "bigquery":  # NUMERIC holds 29 whole digits; BIGNUMERIC every value here
        for kind in list(tree.find_all(exp.DataType)):
            if kind.this == exp.DataType.Type.DECIMAL:
                kind.replace(exp.DataType.build("BIGNUMERIC", dialect="bigquery"))


# -- the data --------------------------------------------------------------------------------


def _pattern_rows(plan: Plan) -> Rows:
    """The model patterns as the query matches them: a regular expression every dialect
    reads alike as it is (certain), else with its lookaround taken out (``_loosen``: it
    then matches every name the pattern does, and more), a match of which makes the
    row's model doubtful."""
    found: Rows = []
    for provider, number, regex, model, priced in plan.patterns:
        if _PORTABLE.fullmatch(regex):
            found.append((provider, number, regex, model, priced, True))
        else:
            found.append((provider, number, _loosen(regex), model, priced, False))
    return found


def _gate_rows(plan: Plan) -> Rows:
    """The providers' own patterns as the query matches them (see :func:`_pattern_rows`):
    a loose one that matches a name makes the order of its pattern matches doubtful."""
    found: Rows = []
    for provider, regex in plan.gates:
        if _PORTABLE.fullmatch(regex):
            found.append((provider, regex, True))
        else:
            found.append((provider, _loosen(regex), False))
    return found


def _loosen(regex: str) -> str | None:
    """``regex`` without its lookaround assertions and with plain groups for ``(?:``: it
    matches every text ``regex`` matches (an assertion only narrows); None when it
    uses what no dialect reads alike otherwise."""
    out: list[str] = []
    depth_skip = 0  # inside a lookaround being dropped: its nesting depth
    depth = 0
    i = 0
    in_class = False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            if not depth_skip:
                out.append(regex[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
            ahead = regex[i + 1 : i + 4]
            if ahead.startswith(("?=", "?!", "?<=", "?<!")):
                depth_skip = depth_skip or depth
                i += 1
                continue
            if ahead.startswith("?:"):
                if not depth_skip:
                    out.append("(")
                i += 3
                continue
            if ahead.startswith("?"):
                return None
        elif char == ")":
            depth -= 1
            if depth_skip and depth < depth_skip:
                depth_skip = 0
                i += 1
                continue
        if not depth_skip:
            out.append(char)
        i += 1
    loose = "".join(out)
    return loose if _PORTABLE.fullmatch(loose) else None


def _tables(plan: Plan) -> list[tuple[str, Rows]]:
    """Each VALUES list's rows, prices as whole numbers of 10^-scale USD per token (or per
    request); an empty list gets a row of NULLs, which joins nothing."""
    k = plan.scale
    clock = {c.zone: n for n, c in enumerate(plan.clocks)}
    found: list[tuple[str, Rows]] = [
        ("names", list(plan.names)),
        ("patterns", _pattern_rows(plan)),
        ("gates", _gate_rows(plan)),
        (
            "entries",
            [
                (e.entry, e.model, e.effective, e.until, _whole(e.per_1k_requests, k - 3))
                for e in plan.entries
            ],
        ),
        (
            "rates",
            [
                (
                    r.entry,
                    r.kind,
                    r.over_from,
                    r.over_to,
                    clock[r.zone] if r.kind == "off_peak" else None,
                    r.weekday,
                    r.minute_from,
                    r.minute_to,
                    *(_whole(price, k - 6) for price in r.prices),
                )
                for r in plan.rates
            ],
        ),
        ("candidates", [(model,) for model in plan.candidates]),
    ]
    return [(name, rows or [(None,) * _WIDTH[name]]) for name, rows in found]


def _whole(price: Decimal, places: int) -> Decimal:
    """``price`` x 10^places, a whole number (the plan's scale makes it one)."""
    found = price.scaleb(places)
    assert found == found.to_integral_value(), (price, places)
    return found.quantize(1)


def _fill(text: str, tables: list[tuple[str, Rows]], dialect: str) -> str:
    """Replace the two marker rows of each table by its rows, written as sqlglot wrote
    the markers (VALUES tuples, or BigQuery's STRUCTs), one row a line; in one pass over
    the translated query, so that no data is searched for markers."""
    out: list[str] = []
    done = 0  # the end of the text copied so far
    literal = partial(_literal, dialect=dialect)
    for table, rows in tables:
        width = _WIDTH[table]
        cells = [f"'{_cell(table, row, col)}'" for row in range(2) for col in range(width)]
        at = [text.index(cell, done) for cell in cells]
        ends = [a + len(c) for a, c in zip(at, cells, strict=True)]
        inner = [_one_line(text[ends[i] : at[i + 1]]) for i in range(width - 1)]
        joiner = _one_line(text[ends[width - 1] : at[width]])
        comma = joiner.rindex(",") + 1
        joiner = joiner[:comma] + "\n    " + joiner[comma:].lstrip()
        # a row as one %-template: a literal, then what follows it in the row
        template = "".join(f"%s{part.replace('%', '%%')}" for part in [*inner, ""])
        body = joiner.join([template % tuple(map(literal, row)) for row in rows])
        out.append(re.sub(r"\(\s*\n\s*$", "(", text[done : at[0]]))
        out.append(body)
        done = ends[-1]
        closing = _CLOSING.match(text, done)
        if closing is not None:
            out.append(closing[1] + ")")
            done = closing.end()
    out.append(text[done:])
    return "".join(out)


_CLOSING = re.compile(r"([^\n)]*)\s*\n\s*\)")
"""The rest of a table's last row, up to its ")" on a line of its own."""


def _one_line(text: str) -> str:
    """sqlglot's line breaks inside a row made spaces (none after "(" or before ")")."""
    text = re.sub(r"\(\s*\n\s*", "(", text)
    text = re.sub(r"\s*\n\s*\)", ")", text)
    return re.sub(r"\s*\n\s*", " ", text)


def _literal(value: object, dialect: str) -> str:
    """A SQL literal; text goes in quotes (numbers too, cast in the query, so BigQuery
    never reads a price as a float)."""
    if type(value) is str and _SAFE.match(value):  # most cells: at once
        return f"'{value}'"
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"'{plain(value)}'"
    if isinstance(value, date):
        return f"'{value.isoformat()}'"
    text = str(value)
    if _SAFE.match(text):
        return f"'{text}'"
    from sqlglot import exp

    return _generator(dialect).generate(exp.Literal.string(text), copy=False)


@cache
def _generator(dialect: str) -> Generator:
    """sqlglot's writer of a dialect, made once (making one takes longer than a literal)."""
    from sqlglot.dialects.dialect import Dialect

    return Dialect.get_or_raise(dialect).generator()


# -- the header ------------------------------------------------------------------------------


def _header(plan: Plan, dialect: str, table: str) -> str:
    cat = plan.catalogue
    width = max(len(name) for name, _, _ in COLUMNS)
    lines = [
        f"tokencost billing query ({DIALECT_NAMES[dialect]}): replay's rules for the usage "
        f"table {table}.",
        f"Catalogue {cat.name} {cat.version} ({cat.digest}); source '{plan.source.id}'; "
        f"undated rows at {plan.as_of.isoformat()}.",
        f"Prices in {plan.currency}: each row at the entry in effect on its day; "
        f"{len(plan.candidates)} candidate(s).",
        "",
        f"Columns of {table} the query needs (token counts are disjoint; NULL counts are 0):",
        *(f"  {name.ljust(width)}  {kind.ljust(9)} {meaning}" for name, kind, meaning in COLUMNS),
        "",
        "Result: one row per section, model and reason; columns " + ", ".join(OUTPUT) + ".",
        "  actual: each model billed as logged; total: their sum; candidate: all the priced",
        "  traffic re-priced on that model (ratio = cost / total, half up to 6 places; cost",
        "  NULL when unpriced_records > 0); unpriced: unknown model or no price on the day;",
        "  skipped: missing model, negative tokens, 1-hour writes over all writes.",
        f"Exact: the prices below are whole numbers of 10^-{plan.scale} USD per token (per "
        f"request for fees; the catalogue's price per 1M tokens x 10^{plan.scale - 6}),",
        "so every product and sum is a DECIMAL of scale 0, which no engine rounds; costs are",
        f"that sum x 10^-{plan.scale}: USD to {plan.scale} decimal places, exact; the ratio "
        "is rounded half up to 6.",
    ]
    if dialect == "spark":
        lines.append(
            "Spark: run with spark.sql.ansi.enabled=true (an overflow fails instead of "
            "giving NULL) and spark.sql.session.timeZone=UTC (or sent_at TIMESTAMP_NTZ)."
        )
    return "".join(f"-- {line}".rstrip() + "\n" for line in lines)

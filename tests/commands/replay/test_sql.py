"""``tokencost replay --sql``: the billing query equals replay to the last digit (DuckDB),
reads every dialect, and refuses what it cannot bill exactly.

The DuckDB tests need the ``interop`` extra (duckdb, sqlglot, pglast); they are skipped,
with the reason, without it.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests import sqlbilling as sb
from tests.helpers import REPO, Run, invoke
from tests.sqlbilling import USAGE
from tokencost.catalogue import load_catalogue
from tokencost.replay import replay
from tokencost.replay.sqlplan import plan_for

duckdb = pytest.importorskip("duckdb", reason="the interop extra (duckdb) is not installed")
sqlglot = pytest.importorskip("sqlglot", reason="the interop extra (sqlglot) is not installed")

DIALECTS = ("duckdb", "spark", "postgres", "bigquery", "snowflake")


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sb.catalogue(tmp_path_factory.mktemp("every") / "every")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sb.log(tmp_path_factory.mktemp("log") / "usage.jsonl", 6000)


def billing(every: Path) -> str:
    """The query over ``every`` with every model a candidate, undated rows at
    :data:`tests.sqlbilling.AS_OF`: the one each test reads that needs no option of its
    own (a query of the same catalogue is the same for any options but in its VALUES)."""
    return query("duckdb", "--catalogue", str(every), "--as-of", sb.AS_OF.isoformat())


@cache
def query(*args: str) -> str:
    """``tokencost replay --sql ARGS`` in-process, once per module for the same
    arguments (the tests only read the query)."""
    result = invoke("replay", "--sql", *args)
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout


def duck(sql: str, rows: list[tuple[Any, ...]], con: Any = None) -> list[dict[str, Any]]:
    """Load ``rows`` as the usage table of an in-memory DuckDB and run ``sql`` (on one
    thread: the tables are small, and the tests' processes share the machine); on
    ``con``, a connection of an earlier call, its table emptied first."""
    if con is None:
        con = duckdb.connect(config={"threads": 1})
        con.execute(USAGE)
    else:
        con.execute("DELETE FROM usage")
    if rows:  # a list per column in one statement: a VALUES list of literals took a
        # second for 3,000 rows, executemany a second for 1,000
        columns = ", ".join(f"unnest(${number})" for number in range(1, len(rows[0]) + 1))
        lists = [list(column) for column in zip(*rows, strict=True)]
        con.execute(f"INSERT INTO usage SELECT {columns}", lists)
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_duckdb_totals_equal_replay_on_a_log_with_every_dimension(
    every: Path, generated: Path
) -> None:
    catalogue = load_catalogue(str(every))
    # by day: the same bill (the groups are more rows of it), and its days below
    want = replay(catalogue, [str(generated)], as_of=sb.AS_OF, by="day", jobs=1)
    sql = billing(every)
    assert sql.startswith("-- tokencost billing query (DuckDB)")
    assert sql.count(" AS MATERIALIZED (") == 2  # entries and rates, read by several joins
    got = sb.by_key(duck(sql, sb.usage_rows(generated)))
    assert sb.differences(got, sb.expected(want)) == []
    # the log does exercise every dimension, on the actual bill and on a candidate
    total = got[("total", None, None)]
    for part in ("cache_read_cost", "cache_write_cost", "reasoning_cost", "requests_cost"):
        assert total[part] > 0, part
    assert total["batch_savings"] > 0 and total["off_peak_savings"] > 0
    assert total["cache_write_long_tokens"] > 0 and total["batch_records"] > 0
    assert [t.above for t, _ in next(p for p in want.actual if p.model == "alpha").tiers] == [
        200000,
        300000,
    ]
    assert got[("unpriced", "delta", "no price on the record's date")]["records"] > 0
    assert got[("unpriced", "mystery-model-7b", "unknown model")]["records"] > 0
    # candidates without a price on some day: no cost, and how many records lack one
    days = want.groups
    assert [g.key for g in days][-3:] == ["2026-06-30", "2026-07-01", "undated"]
    first = {"delta": "2026-06-10", "epsilon": "2026-07-01"}  # undated: at 2026-06-30
    for model, day in first.items():
        at = [g.key if g.key != "undated" else "2026-06-30" for g in days]
        lacking = sum(g.tokens.records for g, key in zip(days, at, strict=True) if key < day)
        assert got[("candidate", model, None)]["unpriced_records"] == lacking, model


def test_named_candidates_and_a_default_model(every: Path, tmp_path: Path) -> None:
    log = sb.log(tmp_path / "small.jsonl", 800, seed=5)
    catalogue = load_catalogue(str(every))
    want = replay(
        catalogue,
        [str(log)],
        as_of=sb.AS_OF,
        models=["beta-latest", "gamma"],
        default_model="delta",
        jobs=1,
    )
    sql = query(
        "duckdb",
        "--catalogue",
        str(every),
        "--as-of",
        "2026-06-30",
        "--models",
        "beta-latest,gamma",
        "--model",
        "delta",
    )
    got = sb.by_key(duck(sql, sb.usage_rows(log)))
    assert sb.differences(got, sb.expected(want)) == []
    assert {k[1] for k in got if k[0] == "candidate"} == {"beta", "gamma"}
    assert not any(k[0] == "skipped" for k in got)  # the blank model is delta's


def test_the_result_of_one_record_by_hand(every: Path) -> None:
    # alpha on 2026-06-20 at 23:00 UTC (in 22:00-02:00), 100 uncached, 600 read, 250
    # written of which 200 for 1 hour, 40 output of which 10 reasoning, prompt 950:
    # standard 100 x 2.2 + 600 x 0.22 + 50 x 2.75 + 200 x 4.4 + 30 x 8 + 10 x 10
    #   = 220 + 132 + 137.5 + 880 + 240 + 100 = 1,709.5 -> $0.0017095
    # off-peak 100 x 1.1 + 600 x 0.11 + 250 x 1.1 (no write price) + 40 x 4
    #   = 110 + 66 + 275 + 160 = 611 -> $0.000611; saved $0.0010985; fee $0.0007
    # beta (no cache or reasoning prices, no fee): 950 x 1 + 40 x 3 = 1,070 -> $0.00107,
    # 1,070 / 1,311 = 0.8161708... -> 0.816171
    sent = datetime(2026, 6, 20, 23, 0)
    row = ("alpha", date(2026, 6, 20), sent, 100, 600, 250, 200, 30, 10, None)
    got = sb.by_key(duck(billing(every), [row]))
    alpha = got[("actual", "alpha", None)]
    assert alpha["cost"] == Decimal("0.001311")
    assert alpha["off_peak_savings"] == Decimal("0.0010985")
    assert alpha["requests_cost"] == Decimal("0.0007")
    assert got[("candidate", "alpha", None)]["ratio"] == 1
    assert got[("candidate", "beta", None)]["cost"] == Decimal("0.00107")
    assert got[("candidate", "beta", None)]["ratio"] == Decimal("0.816171")


def test_a_table_without_a_column_the_header_names_is_an_error_not_a_bill(every: Path) -> None:
    sql = billing(every)
    assert "--   reasoning_tokens" in sql
    con = duckdb.connect()
    con.execute(USAGE.replace("reasoning_tokens BIGINT, ", ""))
    with pytest.raises(duckdb.BinderException, match="reasoning_tokens"):
        con.execute(sql)


def test_a_price_with_more_decimal_places_than_decimal_holds_is_refused(
    run: Run, every: Path, tmp_path: Path
) -> None:
    """The catalogue carries at most 18 decimal places per 1M tokens (24 per token), which
    every dialect's 38-digit DECIMAL holds with room for a bucket's token sum; a finer
    price is refused by the catalogue before any query is written."""
    # gamma's 2.099999999999999911 per 1M
    assert "10^-24 USD per token" in billing(every)
    finer = tmp_path / "finer"
    sb.catalogue(finer)
    acme = finer / "acme.toml"
    acme.write_text(acme.read_text().replace("0.050000000125", "0.050000000000000000000125"))
    result = run("replay", "--sql", "spark", "--catalogue", str(finer))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        f"error: invalid catalogue: {acme}: models[3].prices[0].cache_read: "
        "0.050000000000000000000125 has more than 18 decimal places, more than tokencost "
        "can carry exactly; round it"
    )


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if d != "duckdb"])
def test_every_dialect_reads_back(every: Path, dialect: str) -> None:
    """Each dialect's query over the catalogue with every dimension, pattern and clock
    (every kind of row and clause the query has) reads back, each inline table with its
    rows whole (DuckDB's query DuckDB runs, above); the whole market's query adds only
    more rows of the same kinds, which DuckDB runs and PostgreSQL's parser reads below
    (sqlglot took minutes to read its 13,000 lines in each dialect)."""
    sql = query(dialect, "--catalogue", str(every), "--as-of", "2026-06-30")
    assert sql.startswith("-- tokencost billing query (")
    assert " MATERIALIZED " not in sql  # DuckDB's word (PostgreSQL's too, not the others')
    [tree] = sqlglot.parse(sql, read=dialect)
    assert tree is not None
    plan = plan_for(load_catalogue(str(every)), as_of=sb.AS_OF)
    want = {
        "names": (len(plan.names), 3),
        "patterns": (len(plan.patterns), 6),
        "gates": (len(plan.gates), 3),
        "entries": (len(plan.entries), 5),
        "rates": (len(plan.rates), 14),
        "candidates": (len(plan.candidates), 1),
    }
    # each row read back as a row of the table's width (BigQuery's a STRUCT in an UNNEST)
    got = {}
    for cte in tree.find_all(sqlglot.exp.CTE):
        if cte.alias in want:
            found = cte.find_all(sqlglot.exp.Struct)
            if dialect != "bigquery":
                found = cte.find(sqlglot.exp.Values).expressions
            got[cte.alias] = [len(row.expressions) for row in found]
    assert got == {name: [width] * rows for name, (rows, width) in want.items()}


def test_duckdb_runs_the_whole_markets_query() -> None:
    sql = query("duckdb", "--source", "list", "--as-of", "2026-06-30")
    assert "candidate(s)" in sql and sql.count("\n") > 10_000
    # 100k input and 10k output tokens at gpt-5.5's list price ($5 and $30 per 1M)
    row = ("gpt-5.5", date(2026, 6, 15), None, 100_000, 0, 0, 0, 10_000, 0, False)
    [total] = [r for r in duck(sql, [row]) if r["section"] == "total"]
    assert (total["records"], total["cost"]) == (1, Decimal("0.8"))


def test_postgres_reads_it_with_its_own_parser() -> None:
    pglast = pytest.importorskip("pglast", reason="the interop extra (pglast) is not installed")
    sql = query("postgres", "--source", "list")
    assert len(pglast.parse_sql(sql)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["oracle"],
            "--sql: unknown dialect 'oracle'; use one of: duckdb, spark, postgres, "
            "bigquery, snowflake",
        ),
        (
            ["duckdb", "log.jsonl"],
            "--sql prints a query for a usage table (--table) and reads "
            "no LOG; give one or the other",
        ),
        (["duckdb", "--json"], "--json does not go with --sql (it prints a query, not a bill)"),
        (
            ["duckdb", "--table", "usage; DROP TABLE x"],
            "--table: 'usage; DROP TABLE x' is not a "
            "table name; use letters, digits and _, with up to two dots (project.dataset.usage)",
        ),
        (["duckdb", "--models", "nosuch"], None),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run: Run, args: list[str], message: str | None) -> None:
    result = run("replay", "--sql", *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.count("\n") == 1 and result.err.startswith("error: ")
    if message is not None:
        assert result.err == f"error: {message}\n"


def test_the_example_usage_table_holds_the_example_log() -> None:
    # docs/sql.md bills examples/logs/june-usage.csv and compares with replay on june.jsonl
    rows = sb.usage_rows(REPO / "examples" / "logs" / "june.jsonl")
    with (REPO / "examples" / "logs" / "june-usage.csv").open(newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == list(sb.COLUMNS)

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)

    assert table[1:] == [[text(value) for value in row] for row in rows]


def test_windows_on_other_clocks_with_days_and_name_patterns_equal_replay(
    every: Path, tmp_path: Path
) -> None:
    log = sb.zoned_log(tmp_path / "zoned.jsonl", 3000)
    catalogue = load_catalogue(str(every))
    want = replay(catalogue, [str(log)], as_of=sb.AS_OF, jobs=1)
    sql = billing(every)
    got = sb.by_key(duck(sql, sb.usage_rows(log)))
    assert sb.differences(got, sb.expected(want)) == []
    # the names found by patterns: zonal's own pattern first, then a model the source prices
    actual = {key[1] for key in got if key[0] == "actual"}
    assert actual == {"zeta", "eta", "iota", "lambda"}  # zeta-pro-1 is zeta's, not theta's
    assert got[("unpriced", "theta-pro", "unknown model")]["records"] > 0  # no pattern
    # the edges of the windows, record by record (1000 in, 100 out each): a run holds at
    # most one record of each model, so each model's actual row is that one record's
    edges = {
        sb.ZONED[i]: saved
        for i, saved in enumerate(
            [
                "0.000858",  # zeta: 1000 x 1.32 + 100 x 3.96 = 1,716 less 1000 x 0.66 + 100 x 1.98
                "0.001066",  # the weekend: less 1000 x 0.5 + 100 x 1.5 = 650
                "0.000858",
                "0",
                "0.000858",
                "0",  # eta Fri 19:59 EDT
                "0.0013",  # Fri 20:00: 1000 x 1 + 100 x 3 off 2,600
                "0.00195",  # Sun 05:30 EDT: 1000 x 0.5 + 100 x 1.5 off 2,600
                "0",
                "0.00195",  # 01:30 EDT on the day the clocks go back
                "0.00195",  # 05:30 EST
                "0.00195",  # 01:59 EST
                "0.00028",  # iota Sat 10:00 UTC: 1000 x 0.2 + 100 x 0.8 = 280 off 560
                "0",
                "0",
            ]
        )
    }
    ids = {"zeta-fast": "zeta", "eta-2026": "eta", "iota": "iota"}
    each: dict[str, list[tuple[str, str]]] = {}
    for line, saved in edges.items():
        each.setdefault(ids[json.loads(line)["model"]], []).append((line, saved))
    assert [len(records) for records in each.values()] == [5, 7, 3]
    con = duckdb.connect(config={"threads": 1})
    con.execute(USAGE)
    for number in range(max(len(records) for records in each.values())):
        run = {model: records[number] for model, records in each.items() if number < len(records)}
        path = tmp_path / "run.jsonl"
        path.write_text("".join(f"{line}\n" for line, _ in run.values()))
        figures = {model: Decimal(figure) for model, (_, figure) in run.items()}
        one = sb.by_key(duck(sql, sb.usage_rows(path), con))
        found = {k[1]: r["off_peak_savings"] for k, r in one.items() if k[0] == "actual"}
        assert found == figures, run
        single = replay(catalogue, [str(path)], as_of=sb.AS_OF, jobs=1)
        replayed = {p.model: p.breakdown.off_peak_savings for p in single.actual if p.breakdown}
        assert replayed == figures, run


def test_a_pattern_with_lookaround_skips_the_rows_it_may_decide_naming_why(
    every: Path, tmp_path: Path
) -> None:
    # mu's pattern re:^mu-(?!beta)\w+$ is read as ^mu-\w+$: mu-alpha (mu's in replay) and
    # mu-beta (unknown in replay) may be mu's, so both are skipped with the reason; the
    # other rows are billed as replay bills them
    lines = [
        '{"model": "mu-alpha", "timestamp": "2026-06-09T05:00:00Z", "input_tokens": 10, '
        '"output_tokens": 1}',
        '{"model": "mu-beta", "timestamp": "2026-06-09T05:00:00Z", "input_tokens": 20, '
        '"output_tokens": 2}',
        '{"model": "zeta-fast", "timestamp": "2026-06-09T05:00:00Z", "input_tokens": 30, '
        '"output_tokens": 3}',
    ]
    log = tmp_path / "mu.jsonl"
    log.write_text("".join(f"{line}\n" for line in lines))
    got = sb.by_key(duck(billing(every), sb.usage_rows(log)))
    reason = "a name pattern the query reads loosely"
    assert got[("skipped", "mu-alpha", reason)]["input_tokens"] == 10
    assert got[("skipped", "mu-beta", reason)]["input_tokens"] == 20
    want = replay(load_catalogue(str(every)), [str(log)], as_of=sb.AS_OF, jobs=1)
    assert {p.model for p in want.actual} == {"mu", "zeta"}
    zeta = next(p for p in want.actual if p.model == "zeta")
    assert got[("actual", "zeta", None)]["cost"] == zeta.cost
    assert {k for k in got if k[0] == "actual"} == {("actual", "zeta", None)}

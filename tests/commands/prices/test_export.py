"""``tokencost prices export``: a flat price table that reads back exactly.

The SQL checks use DuckDB (runs it), pglast (PostgreSQL's own parser) and sqlglot
(Spark SQL's grammar) when installed: ``pip install -e '.[interop]'``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Run
from tokencost.catalogue import load_catalogue
from tokencost.engine.prices.browse import price_rows
from tokencost.render.prices.exchange import FIELDS, sql_literal


@pytest.fixture(autouse=True)
def article_only(monkeypatch: pytest.MonkeyPatch, article_prices: Path) -> None:
    """These tests read every row: the shipped data of the article's five models."""
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(article_prices))


def expected_rows(folder: Path) -> list[dict[str, Any]]:
    """Every entry of the catalogue as the export should give it, sorted by model (file
    order), source (manifest order), host and date."""
    catalogue = load_catalogue(folder)
    models = [m.id for m in catalogue.models()]
    sources = list(catalogue.manifest.sources)
    ordered = sorted(
        price_rows(catalogue),
        key=lambda r: (models.index(r.model), sources.index(r.source), r.host or "", r.effective),
    )
    rows = []
    for row in ordered:
        rows.append({name: getattr(row, name) for name in FIELDS})
    return rows


def test_csv_reads_back_exactly(run: Run, article_prices: Path) -> None:
    result = run("prices", "export", "--format", "csv")
    assert (result.code, result.err) == (0, "")
    read = list(csv.DictReader(io.StringIO(result.out)))
    assert list(read[0]) == list(FIELDS)
    expected = expected_rows(article_prices)
    assert len(read) == len(expected) == 17
    for got, want in zip(read, expected, strict=True):
        assert Decimal(got["input"]) == want["input"]
        assert Decimal(got["output"]) == want["output"]
        assert got["effective"] == want["effective"].isoformat()
        assert got["until"] == (want["until"].isoformat() if want["until"] else "")
        assert (got["model"], got["source"], got["host"] or None) == (
            want["model"],
            want["source"],
            want["host"],
        )
        assert got["note"] == (want["note"] or "")
    maverick = [r for r in read if r["host"] == "together"]
    assert maverick[0]["default_host"] == "true"


def test_json_reads_back_exactly(run: Run, article_prices: Path) -> None:
    doc = json.loads(run("prices", "export", "--format", "json").out, parse_float=Decimal)
    assert doc["schema"] == "tokencost.prices.export/1"
    assert doc["as_of"] is None
    assert doc["catalogue"]["digest"] == load_catalogue(article_prices).digest
    assert doc["columns"] == list(FIELDS)
    for got, want in zip(doc["rows"], expected_rows(article_prices), strict=True):
        assert (got["input"], got["output"]) == (want["input"], want["output"])
        assert got["checked"] == (want["checked"].isoformat() if want["checked"] else None)


def test_as_of_keeps_the_rows_in_effect(run: Run) -> None:
    read = list(
        csv.DictReader(
            io.StringIO(run("prices", "export", "-f", "csv", "--as-of", "2026-05-15").out)
        )
    )
    assert [
        (r["model"], r["source"], r["input"]) for r in read if r["model"] == "deepseek-v4-pro"
    ] == [
        ("deepseek-v4-pro", "article", "0.035"),
        ("deepseek-v4-pro", "list", "0.435"),
    ]
    assert {r["model"] for r in read} == {"deepseek-v4-pro", "llama-4-maverick", "gpt-5.5"}


def test_sql_shape(run: Run) -> None:
    sql = run("prices", "export", "--format", "sql", "--table", "prices").out
    lines = sql.splitlines()
    assert lines[0].startswith(
        "-- tokencost price table from catalogue tokencost 2026.11.6 (sha256:"
    )
    assert "CREATE TABLE prices (" in lines
    assert "  input DECIMAL(10,3)," in lines
    assert "  effective DATE," in lines
    inserts = [line for line in lines if line.startswith("INSERT INTO prices ")]
    assert len(inserts) == 17
    assert "DATE '2026-05-01'" in inserts[3]
    assert "\\" not in sql and "''" not in sql  # no escapes that Spark reads otherwise
    bad = run("prices", "export", "--format", "sql", "--table", "drop table x")
    assert (bad.code, bad.err.split(";")[0]) == (
        2,
        "error: --table: 'drop table x' is not a plain SQL name",
    )


def test_sql_literals() -> None:
    assert sql_literal(None) == "NULL"
    assert sql_literal(True) == "TRUE"
    assert sql_literal(Decimal("0.003625")) == "0.003625"
    assert sql_literal(Decimal("1E+2")) == "100"
    assert sql_literal(date(2026, 6, 1)) == "DATE '2026-06-01'"
    assert (
        sql_literal("Article's \\ table") == "'Article' || chr(39) || 's ' || chr(92) || ' table'"
    )
    assert sql_literal("") == "''"
    assert sql_literal("'") == "chr(39)"


def test_sql_runs_in_duckdb_and_reads_back_exactly(run: Run, article_prices: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    sql = run("prices", "export", "--format", "sql").out
    con = duckdb.connect()
    con.execute(sql)
    got = con.execute(
        "SELECT model, source, host, effective, until, input, output, checked, note "
        "FROM tokencost_prices"
    ).fetchall()
    want = [
        (
            r["model"],
            r["source"],
            r["host"],
            r["effective"],
            r["until"],
            r["input"],
            r["output"],
            r["checked"],
            r["note"],
        )
        for r in expected_rows(article_prices)
    ]
    assert got == want


def test_sql_parses_as_postgresql(run: Run) -> None:
    pglast = pytest.importorskip("pglast")
    sql = run("prices", "export", "--format", "sql").out
    statements = pglast.parse_sql(sql)
    assert len(statements) == 18
    create = statements[0].stmt
    types = {c.colname: c.typeName.names[-1].sval for c in create.tableElts}
    assert (types["input"], types["effective"], types["default_host"]) == (
        "numeric",
        "date",
        "bool",
    )


def test_sql_parses_as_spark_sql_with_the_same_values(run: Run) -> None:
    sqlglot = pytest.importorskip("sqlglot")
    sql = run("prices", "export", "--format", "sql").out
    statements = sqlglot.parse(sql, read="spark")
    assert len(statements) == 18
    # a note with a quote is read back whole: no adjacent-literal concatenation
    insert = statements[1]
    rendered = insert.sql(dialect="duckdb")
    assert "CHR(39)" in rendered.upper()


@pytest.fixture(scope="module")
def duckdb_connection() -> Any:
    """One in-memory DuckDB for the examples (a connection costs 40 ms; a SELECT of a
    literal does not depend on what the connection ran before)."""
    duckdb = pytest.importorskip("duckdb")
    return duckdb.connect()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_any_text_survives_a_round_trip_through_duckdb(duckdb_connection: Any, text: str) -> None:
    assert duckdb_connection.execute(f"SELECT {sql_literal(text)}").fetchone() == (text,)

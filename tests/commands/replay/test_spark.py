"""The Spark SQL billing query on a real local Spark equals replay to the last digit.

Needs pyspark and a Java runtime (``.ci/run`` installs both); skipped, with the reason,
where either is missing. One Spark session for the module: starting one takes tens of
seconds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import sqlbilling as sb
from tests.helpers import Run
from tests.sqlbilling import USAGE, literal
from tokencost.catalogue import load_catalogue
from tokencost.replay import replay

pytest.importorskip("sqlglot", reason="the interop extra (sqlglot) is not installed")
duckdb = pytest.importorskip("duckdb", reason="the interop extra (duckdb) is not installed")
pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (.ci/run installs it)")
if shutil.which("java") is None:
    pytest.skip(
        "no Java runtime for Spark (apt-get install default-jre-headless)",
        allow_module_level=True,
    )

from pyspark.sql import SparkSession  # noqa: E402


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    # The last three settings make a small query start fast on a small machine (the JIT's
    # quick tier, no code generation, no adaptive re-planning), about twice as fast on
    # this 2-core machine; they change no result.
    session = (
        SparkSession.builder.master("local[2]")
        .appName("tokencost-billing-query")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.mark.parametrize("zoned", [False, True], ids=["every dimension", "zones and patterns"])
def test_spark_totals_equal_replay_on_a_log_with_every_dimension(
    run: Run, spark: Any, tmp_path: Path, zoned: bool
) -> None:
    every = sb.catalogue(tmp_path / "every")
    if zoned:  # windows on other clocks with days of the week, names found by patterns
        log = sb.zoned_log(tmp_path / "usage.jsonl", 1500)
    else:
        log = sb.log(tmp_path / "usage.jsonl", 3000, seed=3)
    want = replay(load_catalogue(str(every)), [str(log)], as_of=sb.AS_OF, jobs=1)
    result = run("replay", "--sql", "spark", "--catalogue", str(every), "--as-of", "2026-06-30")
    assert (result.code, result.err) == (0, "")
    parquet = tmp_path / "usage.parquet"  # DuckDB writes it: Spark reads it in the JVM
    con = duckdb.connect()
    con.execute(USAGE)
    values = ",\n".join("(" + ", ".join(map(literal, row)) + ")" for row in sb.usage_rows(log))
    con.execute(f"INSERT INTO usage VALUES {values}")
    con.execute(f"COPY usage TO '{parquet}' (FORMAT parquet)")
    spark.read.parquet(str(parquet)).createOrReplaceTempView("usage")
    rows = spark.sql(result.out.rstrip().removesuffix(";")).collect()
    got = sb.by_key(row.asDict() for row in rows)
    assert sb.differences(got, sb.expected(want)) == []
    total = got[("total", None, None)]
    assert total["off_peak_savings"] > 0
    # batch savings on the log with every dimension; none of the zoned models (zonal's)
    # has a batch price, so its batch records save nothing
    assert (total["batch_savings"] > 0) is not zoned


def test_a_table_without_a_column_stops_spark_naming_it(run: Run, spark: Any) -> None:
    result = run("replay", "--sql", "spark", "--source", "list")
    assert (result.code, result.err) == (0, "")
    spark.sql(
        "SELECT CAST('gpt-5.5' AS STRING) AS model, CURRENT_DATE() AS day, "
        "CURRENT_TIMESTAMP() AS sent_at, 1L AS input_tokens, 0L AS cache_read_tokens, "
        "0L AS cache_write_tokens, 0L AS cache_write_long_tokens, 1L AS output_tokens, "
        "FALSE AS batch"
    ).createOrReplaceTempView("usage")
    from pyspark.errors import AnalysisException

    with pytest.raises(AnalysisException, match="reasoning_tokens"):
        spark.sql(result.out.rstrip().removesuffix(";"))

"""Scale figure: the billing query in DuckDB vs ``tokencost replay``, on the same records.

    python -m benchmarks.replay.sql --rows 100M --dir /work/tmp-sql
    python -m benchmarks.replay.sql --rows 1M --dir /tmp/sql-bench --keep --spark

Generates ``--distinct`` records (default 10M) with every pricing dimension
(``generate.py --dimensions``) in parts of a million, in parallel: each part as a JSON
Lines log and as a Parquet file of the usage table ``tokencost replay --sql`` documents
(the same records, as replay reads them;
``tests/commands/replay/test_generate_rows.py`` checks that);
then copies those parts, file for file, up to ``--rows`` (generating in Python runs at
tens of thousands of records a second on this machine: 100M distinct would take hours).
Then, interleaved, ``--runs`` times each:

- ``tokencost replay`` over the JSON Lines parts (``--json --source``);
- DuckDB (embedded, in a process of its own) running ``tokencost replay --sql duckdb``
  over the Parquet parts;
- with ``--spark``, a local Spark (``local[N]``, N = the CPUs) running the Spark SQL
  query over the same Parquet parts;

and reports wall time, CPU time and peak memory (the sum of the peak resident sizes of
each command's process tree, read from /proc), and whether every total of the query
(actual cost, each model's, each candidate's) equals replay's to the last digit. 100M
records take about 36 GB as JSON Lines and 2 GB as Parquet: the parts go in ``--dir``
(never the repository) and are deleted at the end unless ``--keep``. The machine is
shared: the report gives its load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.replay import generate
from benchmarks.replay.run import AS_OF, Run, command, measure

PART = 1_000_000
START = date(2026, 6, 1)
SUFFIXES = {"k": 10**3, "m": 10**6, "b": 10**9}


def count(text: str) -> int:
    """``100M`` -> 100_000_000."""
    text = text.strip().lower().replace("_", "")
    scale = SUFFIXES.get(text[-1:], 1)
    return int(text[:-1] if text[-1:] in SUFFIXES else text) * scale


def write_part(folder: Path, number: int, rows: int) -> None:
    """Part ``number``: ``rows`` records as JSON Lines and as a usage-table Parquet file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    columns: list[list[Any]] = [[] for _ in range(10)]
    jsonl = folder / f"part-{number:04d}.jsonl"
    with jsonl.with_suffix(".partial").open("w", encoding="utf-8") as out:
        batch: list[str] = []
        found = generate.records(
            rows, generate.DEFAULT_MODELS, START, 30, 7 + 2 * number, 0.0001, True
        )
        for line, row in found:
            batch.append(line)
            if row is not None:
                for column, value in zip(columns, row, strict=True):
                    column.append(value)
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")
    model, day, sent, uncached, read, written, long, output, reasoning, batch_flag = columns
    table = pa.table(
        {
            "model": pa.array(model, pa.string()),
            "day": pa.array(day, pa.date32()),
            "sent_at": pa.array(sent, pa.timestamp("us")),
            "input_tokens": pa.array(uncached, pa.int64()),
            "cache_read_tokens": pa.array(read, pa.int64()),
            "cache_write_tokens": pc.add(pa.array(written, pa.int64()), pa.array(long)),
            "cache_write_long_tokens": pa.array(long, pa.int64()),
            "output_tokens": pa.array(output, pa.int64()),
            "reasoning_tokens": pa.array(reasoning, pa.int64()),
            "batch": pa.array(batch_flag, pa.bool_()),
        }
    )
    parquet = folder / f"part-{number:04d}.parquet"
    pq.write_table(table, parquet.with_suffix(".partial.parquet"))
    parquet.with_suffix(".partial.parquet").rename(parquet)
    jsonl.with_suffix(".partial").rename(jsonl)


def generate_parts(folder: Path, rows: int, distinct: int, jobs: int) -> float:
    """Write the parts not yet written: ``distinct`` records generated, the rest copies
    of those parts (byte for byte, so every part is read from disk); the seconds it took."""
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [min(PART, rows - start) for start in range(0, rows, PART)]
    made = max(1, min(len(sizes), -(-distinct // PART)))
    todo = [
        (number, size)
        for number, size in enumerate(sizes[:made])
        if not (folder / f"part-{number:04d}.parquet").exists()
        or not (folder / f"part-{number:04d}.jsonl").exists()
    ]
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        for done, _ in enumerate(pool.map(_write, [(folder, n, s) for n, s in todo]), 1):
            print(f"  generated {done}/{len(todo)} parts", end="\r", flush=True)
    print()
    for number in range(made, len(sizes)):
        if sizes[number] != sizes[number % made]:
            write_part(folder, number, sizes[number])  # a short last part
            continue
        for suffix in (".jsonl", ".parquet"):
            copy = folder / f"part-{number:04d}{suffix}"
            if not copy.exists():
                partial = copy.with_suffix(".partial")
                shutil.copyfile(folder / f"part-{number % made:04d}{suffix}", partial)
                partial.rename(copy)
    return time.perf_counter() - started


def _write(job: tuple[Path, int, int]) -> None:
    write_part(*job)


def duckdb_main(query_file: str, glob: str) -> None:
    """In a process of its own: run the query over the Parquet parts, print JSON rows."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW usage AS SELECT * FROM read_parquet('{glob}')")
    cursor = con.execute(Path(query_file).read_text())
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    print(json.dumps(rows, default=str))


def spark_main(query_file: str, glob: str) -> None:
    """In a process of its own: a local Spark over the Parquet parts, JSON rows."""
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(f"local[{os.cpu_count()}]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.read.parquet(glob).createOrReplaceTempView("usage")
    query = Path(query_file).read_text().rstrip().removesuffix(";")
    rows = [row.asDict() for row in spark.sql(query).collect()]
    print(json.dumps(rows, default=str))
    spark.stop()


def compare(rows: list[dict[str, Any]], doc: dict[str, Any]) -> str:
    """Whether the query's totals equal replay's JSON to the last digit."""
    got = {(r["section"], r["model"]): r for r in rows if r["section"] != "unpriced"}
    want = {("total", None): doc["actual"]["cost"]}
    want |= {("actual", m["model"]): m["cost"] for m in doc["actual"]["models"]}
    want |= {("candidate", c["model"]): c["cost"] for c in doc["candidates"]}
    wrong = [
        f"{key}: {got.get(key, {}).get('cost')} vs {value}"
        for key, value in want.items()
        if got.get(key, {}).get("cost") is None or Decimal(got[key]["cost"]) != Decimal(str(value))
    ]
    if wrong:
        return "DIFFERENT: " + "; ".join(wrong)
    return f"EQUAL to the last digit ({len(want)} totals; actual {doc['actual']['cost']} USD)"


def report(name: str, runs: list[Run], rows: int) -> str:
    wall = statistics.median(r.wall for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    return (
        f"  {name}: {wall:.1f} s (median of {len(runs)}), {rows / wall:,.0f} records/s; "
        f"CPU {cpu:.1f} s; peak memory {max(r.memory_sum_kib for r in runs) / 1024:,.0f} MiB "
        f"all processes, {max(r.memory_largest_kib for r in runs) / 1024:,.0f} MiB largest"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="100M", help="records: 100M, 10M, 1M ...")
    parser.add_argument(
        "--distinct", default="10M", help="records generated; the rest are copies of them"
    )
    parser.add_argument("--dir", required=True, help="where the parts go (not the repo)")
    parser.add_argument("--runs", type=int, default=1, help="runs of each, interleaved")
    parser.add_argument("--source", default="list", help="catalogue source")
    parser.add_argument("--spark", action="store_true", help="also a local Spark")
    parser.add_argument("--keep", action="store_true", help="keep the generated parts")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows = count(args.rows)
    folder = Path(args.dir).resolve()
    if Path(__file__).resolve().parents[2] in (folder, *folder.parents):
        sys.exit("--dir must be outside the repository")
    print(f"billing query benchmark: {rows:,} records, {os.cpu_count()} CPUs, load "
          f"{os.getloadavg()[0]:.1f} (1 min) before; {sys.executable}", flush=True)  # fmt: skip
    distinct = min(rows, count(args.distinct))
    seconds = generate_parts(folder, rows, distinct, args.jobs)
    jsonl = sorted(str(p) for p in folder.glob("part-*.jsonl"))
    size = sum(Path(p).stat().st_size for p in jsonl) / 2**30
    parquet = sum(p.stat().st_size for p in folder.glob("part-*.parquet")) / 2**30
    print(f"  parts: {len(jsonl)} x JSON Lines ({size:,.1f} GiB) and Parquet ({parquet:,.1f} "
          f"GiB), {distinct:,} records generated, the rest copies; {seconds:,.0f} s",
          flush=True)  # fmt: skip
    query = folder / "query"
    tool = command()
    for dialect in ("duckdb", "spark"):
        text = subprocess.run(
            [tool, "replay", "--sql", dialect, "--source", args.source, "--as-of", AS_OF],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        query.with_suffix(f".{dialect}.sql").write_text(text)
    glob = str(folder / "part-*.parquet")
    env = dict(os.environ)
    me = [sys.executable, "-m", "benchmarks.replay.sql"]
    commands = {
        "tokencost replay (JSON Lines)": [
            tool, "replay", *jsonl, "--json", "--as-of", AS_OF, "--source", args.source,
        ],
        "DuckDB billing query (Parquet)": [
            *me, "--run-duckdb", str(query.with_suffix(".duckdb.sql")), glob,
        ],
    }  # fmt: skip
    if args.spark:
        commands["Spark billing query (Parquet, local)"] = [
            *me, "--run-spark", str(query.with_suffix(".spark.sql")), glob,
        ]  # fmt: skip
    done: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            done[name].append(measure(argv, env))
    doc = json.loads(done["tokencost replay (JSON Lines)"][-1].output, parse_float=Decimal)
    for name, runs in done.items():
        print(report(name, runs, rows), flush=True)
        if name != "tokencost replay (JSON Lines)":
            print(f"    {compare(json.loads(runs[-1].output), doc)}", flush=True)
    print(f"  load {os.getloadavg()[0]:.1f} (1 min) after", flush=True)
    if not args.keep:
        shutil.rmtree(folder)
        print(f"  removed {folder}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--run-duckdb":
        duckdb_main(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--run-spark":
        spark_main(sys.argv[2], sys.argv[3])
    else:
        main()

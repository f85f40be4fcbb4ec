"""``tokencost replay`` reads Parquet logs: the same records give the same totals as in
JSON Lines. Needs the ``parquet`` extra (pyarrow); skipped, with the reason, without it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests import sqlbilling as sb
from tests.helpers import REPO, Run
from tokencost.catalogue import load_catalogue
from tokencost.replay import replay

pa = pytest.importorskip("pyarrow", reason="the parquet extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra (pyarrow) is not installed")


def shape(value: Any) -> Any:
    """The types of a JSON value, to group records Arrow can hold in one table."""
    if isinstance(value, dict):
        return tuple(sorted((k, shape(v)) for k, v in value.items() if v is not None))
    if isinstance(value, list):
        return ("list", tuple(shape(v) for v in value))
    return type(value).__name__


def test_parquet_files_give_the_totals_of_the_same_records_in_json_lines(
    tmp_path: Path,
) -> None:
    every = load_catalogue(str(sb.catalogue(tmp_path / "every")))
    generated = sb.log(tmp_path / "generated.jsonl", 4000, seed=9)
    records = []
    for line in generated.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a truncated line: Parquet has no such thing
    groups: dict[Any, list[dict[str, Any]]] = {}
    for record in records:
        if "id" in record and "model" not in record:
            continue  # records of a shape of their own, all without a model: a file that
            # has only those is refused (nothing in it can be priced), as in JSON Lines
        groups.setdefault(shape(record), []).append(record)
    files, lines = [], []
    for number, group in enumerate(groups.values()):
        path = tmp_path / f"part-{number}.parquet"
        pq.write_table(pa.Table.from_pylist(group), path)
        files.append(str(path))
        lines += [json.dumps(record) for record in group]
    same = tmp_path / "same.jsonl"
    same.write_text("".join(f"{line}\n" for line in lines))
    assert len(files) > 5  # chat, responses, anthropic, flat, batch results ...

    from_parquet = replay(every, files, as_of=sb.AS_OF, jobs=1)
    from_json = replay(every, [str(same)], as_of=sb.AS_OF, jobs=1)
    assert sb.expected(from_parquet) == sb.expected(from_json)
    assert from_parquet.records_read == from_json.records_read == sum(map(len, groups.values()))
    assert [(s.reason, s.count) for s in from_parquet.skipped] == [
        (s.reason, s.count) for s in from_json.skipped
    ]
    assert from_parquet.actual_cost == from_json.actual_cost > 0
    assert from_parquet.actual_breakdown.off_peak_savings > 0


def test_typed_columns_a_renamed_one_and_1_hour_writes(run: Run, tmp_path: Path) -> None:
    table = pa.table(
        {
            "when": pa.array(
                [datetime(2026, 6, 2, 23, 30, tzinfo=UTC), datetime(2026, 6, 3, 12, 0, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
            "model": ["alpha", "provider/alpha-2026-04-23"],
            "input_tokens": pa.array([Decimal(1000), Decimal(500)], pa.decimal128(20, 0)),
            "cache_creation_input_tokens": [300, None],
            "ephemeral_1h_input_tokens": [100, None],
            "output_tokens": [100, 50],
            "batch": [False, True],
        }
    )
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    every = sb.catalogue(tmp_path / "every")
    result = run(
        "replay",
        str(path),
        "--catalogue",
        str(every),
        "--map",
        "when=timestamp",
        "--json",
        "--models",
        "alpha",
    )
    assert (result.code, result.err) == (0, "")
    doc = json.loads(result.out, parse_float=Decimal)
    # row 1 at 23:30 UTC, in 22:00-02:00: 1,000 x 1 + 200 x 1 (no write price in the
    # window) + 100 x 1 + 100 x 4 = 1,700 -> $0.0017; row 2 in batch at half price:
    # (500 x 2 + 50 x 8) / 2 = 700 -> $0.0007; fees 2 x $0.0015
    assert doc["actual"]["cost"] == Decimal("0.0017") + Decimal("0.0007") + Decimal("0.003")
    assert doc["traffic"]["cache_write_long_tokens"] == 100
    assert doc["traffic"]["batch_records"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PAR1 not really", "cannot read as Parquet: "),
        (b'{"model": "alpha"}\n', "cannot read as Parquet: "),
    ],
)
def test_a_file_that_is_not_parquet_is_one_line_and_exit_2(
    run: Run, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(content)
    result = run("replay", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"error: {path}: {message}")
    assert result.err.count("\n") == 1


def test_rows_of_another_log_format_are_read_by_that_format(run: Run, tmp_path: Path) -> None:
    # Helicone's export (tests/commands/replay/test_formats.py: $0.028515), as a Parquet file: the
    # format is detected from its rows as from a JSON log's lines, or named by --log-format
    data = REPO / "tests" / "data" / "logs"
    records = [
        json.loads(line) for line in (data / "helicone-export.jsonl").read_text().splitlines()
    ]
    path = tmp_path / "helicone.parquet"
    pq.write_table(pa.Table.from_pylist(records), path)
    common = ("--catalogue", str(data / "catalogue"), "--as-of", "2025-10-31", "--json")
    for extra in ((), ("--log-format", "helicone")):
        result = run("replay", str(path), "--source", "list", *common, *extra)
        assert (result.code, result.err) == (0, "")
        doc = json.loads(result.out, parse_float=Decimal)
        assert doc["actual"]["cost"] == Decimal("0.028515")
    wrong = run("replay", str(path), "--source", "list", *common, "--log-format", "otel")
    assert (wrong.code, wrong.out) == (2, "")
    assert wrong.err == (
        f"error: {path}: none of its 2 records could be read as OpenTelemetry OTLP JSON "
        "traces (GenAI spans) (not a record of the format read: 2)\n"
    )

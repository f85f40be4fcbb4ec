"""``tokencost replay`` prices every pricing dimension: worked examples computed by hand.

The catalogue below is our own. alpha has every dimension:

    input 2, output 8, cache_read 0.2, cache_write 2.5 (5 min), cache_write_long 4 (60 min),
    reasoning 10, batch_discount 0.5, per_1k_requests 1.5,
    tier above 1,000 input tokens: input 4, output 16, cache_read 0.4, cache_write 5,
    off-peak 22:00-02:00 UTC: input 1, output 4, cache_read 0.1

beta has batch prices and a tier, and no cache or reasoning prices:

    input 1, output 3, batch_input 0.5, batch_output 1.5, tier above 500: input 2, output 6

All prices in USD per 1M tokens, so N tokens at $P cost N x P / 1,000,000.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Run, write

PER_REQUEST = Decimal("0.0015")  # alpha's $1.50 per 1,000 requests, for one record

DIMS_MANIFEST = """\
name = "dims"
version = "2026.01.0"
updated = 2026-01-15
currency = "USD"
default_source = "book"

[sources.book]
title = "Test prices"
"""

DIMS_ACME = """\
provider = "acme"
name = "Acme"

[[models]]
id = "alpha"
name = "Alpha"

[[models.prices]]
effective = 2026-01-01
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
tiers = [{ above = 1000, input = 4, output = 16, cache_read = 0.4, cache_write = 5 }]
off_peak = [{ start = "22:00", end = "02:00", input = 1, output = 4, cache_read = 0.1 }]

[[models]]
id = "beta"
name = "Beta"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 1
output = 3
batch_input = 0.5
batch_output = 1.5
tiers = [{ above = 500, input = 2, output = 6 }]
"""


@pytest.fixture
def dims(tmp_path: Path) -> Path:
    folder = tmp_path / "dims"
    write(folder / "manifest.toml", DIMS_MANIFEST)
    write(folder / "acme.toml", DIMS_ACME)
    return folder


def replay(run: Run, dims: Path, tmp_path: Path, *records: object, **options: str) -> Any:
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in records))
    args = [f"--{k}={v}" if v else f"--{k}" for k, v in options.items()]
    result = run("replay", str(log), "--catalogue", str(dims), "--json", *args)
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out, parse_float=Decimal)


def candidate(document: Any, model: str) -> Any:
    return next(c for c in document["candidates"] if c["model"] == model)


def chat(prompt: int, completion: int, **usage: object) -> dict[str, object]:
    """An OpenAI Chat Completions response of alpha at noon UTC on 2026-03-02."""
    return {
        "model": "alpha",
        "created": 1_772_452_800,
        "usage": {"prompt_tokens": prompt, "completion_tokens": completion, **usage},
    }


def test_a_prompt_just_under_and_just_over_a_tier_threshold(
    run: Run, dims: Path, tmp_path: Path
) -> None:
    # 1,000 tokens do not exceed 1,000: 1,000 x $2 + 100 x $8 = $0.0028, + $0.0015 a request
    # 1,001 do: the whole request at the tier, 1,001 x $4 + 100 x $16 = $0.005604, + $0.0015
    d = replay(run, dims, tmp_path, chat(1000, 100), chat(1001, 100))
    assert d["actual"]["cost"] == Decimal("0.0028") + Decimal("0.005604") + 2 * PER_REQUEST
    [alpha] = d["actual"]["models"]
    assert alpha["tiers"] == [{"above": 1000, "input": 4, "output": 16, "records": 1}]
    assert alpha["breakdown"]["input"] == Decimal("0.002") + Decimal("0.004004")
    assert alpha["breakdown"]["output"] == Decimal("0.0008") + Decimal("0.0016")
    assert alpha["breakdown"]["requests"] == Decimal("0.003")
    # beta's own tier is above 500 tokens: both prompts exceed it, at $2 / $6 (no fee)
    # 1,000 x 2 + 100 x 6 + 1,001 x 2 + 100 x 6 = 5,202 -> $0.005202
    beta = candidate(d, "beta")
    assert beta["cost"] == Decimal("0.005202")
    assert beta["tiers"] == [{"above": 500, "input": 2, "output": 6, "records": 2}]
    assert beta["flags"] == []


def test_anthropic_cache_read_and_5_minute_and_1_hour_writes(
    run: Run, dims: Path, tmp_path: Path
) -> None:
    # prompt 100 + 600 + 250 = 950 tokens, under the tier, at noon UTC (no window):
    # 100 x $2 + 600 x $0.2 + 50 x $2.5 (5-minute) + 200 x $4 (1-hour) + 40 x $8
    # = 200 + 120 + 125 + 800 + 320 = 1,565 -> $0.001565, + $0.0015 for the request
    record = {
        "model": "alpha",
        "timestamp": "2026-03-02T12:00:00Z",
        "usage": {
            "input_tokens": 100,
            "cache_read_input_tokens": 600,
            "cache_creation_input_tokens": 250,
            "cache_creation": {"ephemeral_5m_input_tokens": 50, "ephemeral_1h_input_tokens": 200},
            "output_tokens": 40,
        },
    }
    d = replay(run, dims, tmp_path, record)
    assert d["actual"]["cost"] == Decimal("0.003065")
    assert d["traffic"]["cache_write_tokens"] == 250
    assert d["traffic"]["cache_write_long_tokens"] == 200
    parts = d["actual"]["breakdown"]
    assert (parts["input"], parts["cache_read"], parts["cache_write"]) == (
        Decimal("0.0002"),
        Decimal("0.00012"),
        Decimal("0.000925"),
    )
    # beta has no cache prices: 950 tokens over its 500 tier, all at the tier input $2,
    # 40 x $6: 1,900 + 240 = 2,140 -> $0.00214, and it says so
    beta = candidate(d, "beta")
    assert beta["cost"] == Decimal("0.00214")
    assert beta["flags"] == [
        "no cache read price above 500 input tokens: cached input billed as input",
        "no cache write price above 500 input tokens: cache writes billed as input",
    ]


def test_openai_cached_and_reasoning_tokens(run: Run, dims: Path, tmp_path: Path) -> None:
    # prompt 900 of which 300 cached; completion 200 of which 50 reasoning:
    # 600 x $2 + 300 x $0.2 + 150 x $8 + 50 x $10 = 1,200 + 60 + 1,200 + 500 = 2,960
    # -> $0.00296, + $0.0015
    usage = {"prompt_tokens_details": {"cached_tokens": 300}}
    usage["completion_tokens_details"] = {"reasoning_tokens": 50}
    d = replay(run, dims, tmp_path, chat(900, 200, **usage))
    assert d["actual"]["cost"] == Decimal("0.00446")
    assert d["actual"]["breakdown"]["reasoning"] == Decimal("0.0005")
    assert d["actual"]["models"][0]["flags"] == []
    # beta, over its tier: 900 x $2 + 200 x $6 = 3,000 -> $0.003; reasoning at output
    # without a flag (beta has no reasoning price), the cached tokens flagged
    beta = candidate(d, "beta")
    assert beta["cost"] == Decimal("0.003")
    assert beta["flags"] == [
        "no cache read price above 500 input tokens: cached input billed as input"
    ]


def flat(stamp: str, **more: object) -> dict[str, object]:
    """500 input tokens (100 cached) and 50 output of alpha."""
    return {
        "model": "alpha",
        "timestamp": stamp,
        "input_tokens": 500,
        "cached_tokens": 100,
        "output_tokens": 50,
        **more,
    }


# standard: 400 x $2 + 100 x $0.2 + 50 x $8 = 1,220 -> $0.00122 (+ $0.0015 a request)
# off-peak: 400 x $1 + 100 x $0.1 + 50 x $4 = 610 -> $0.00061, saving $0.00061
STANDARD, OFF_PEAK = Decimal("0.00122"), Decimal("0.00061")


@pytest.mark.parametrize(
    ("stamp", "in_window"),
    [
        ("2026-03-02T01:30:00+02:00", True),  # 23:30 UTC, in 22:00-02:00 (wraps midnight)
        ("2026-03-02T23:59:00", True),  # no offset: taken as UTC
        ("2026-03-02T01:59:59Z", True),  # the window ends at 02:00 (exclusive)
        ("2026-03-02T02:00:00Z", False),
        ("2026-03-02T03:30:00+02:00", True),  # 01:30 UTC is in it ...
        ("2026-03-01T21:30:00-00:30", True),  # ... and 22:00 UTC is its first minute
        ("2026-03-02T21:59:00Z", False),
    ],
)
def test_an_off_peak_window_that_wraps_midnight_by_utc_time(
    run: Run, dims: Path, tmp_path: Path, stamp: str, in_window: bool
) -> None:
    d = replay(run, dims, tmp_path, flat(stamp))
    [alpha] = d["actual"]["models"]
    assert alpha["off_peak_records"] == (1 if in_window else 0)
    assert alpha["breakdown"]["off_peak_savings"] == (OFF_PEAK if in_window else 0)
    assert d["actual"]["cost"] == STANDARD - (OFF_PEAK if in_window else 0) + PER_REQUEST


def test_a_record_without_a_time_of_day_is_priced_outside_windows_and_says_so(
    run: Run, dims: Path, tmp_path: Path
) -> None:
    d = replay(run, dims, tmp_path, flat("2026-03-02"), {**flat("x"), "timestamp": None})
    [alpha] = d["actual"]["models"]
    assert (alpha["untimed_records"], alpha["off_peak_records"]) == (2, 0)
    assert d["actual"]["cost"] == 2 * (STANDARD + PER_REQUEST)
    assert alpha["flags"] == ["no time of day: 2 records billed outside the off-peak windows"]
    # beta has no windows: nothing to say
    assert candidate(d, "beta")["untimed_records"] == 0


def test_a_batch_record(run: Run, dims: Path, tmp_path: Path) -> None:
    # alpha: half off every token price, not the request fee; at 23:00 UTC, but a batch
    # record is in no window. 1,000 x $2 + 100 x $8 = 2,800 -> $0.0028, half saved
    record = {**chat(1000, 100), "batch": True}
    d = replay(run, dims, tmp_path, record)
    parts = d["actual"]["breakdown"]
    assert parts["batch_savings"] == Decimal("0.0014")
    assert parts["off_peak_savings"] == 0
    assert d["actual"]["cost"] == Decimal("0.0014") + PER_REQUEST
    assert d["traffic"]["batch_records"] == 1
    # beta: over its tier batch_input/output do not apply: billed at the tier, flagged
    # 1,000 x $2 + 100 x $6 = 2,600 -> $0.0026
    beta = candidate(d, "beta")
    assert beta["cost"] == Decimal("0.0026")
    assert beta["flags"] == [
        "no batch price above 500 input tokens: batch traffic billed at the tier price"
    ]


def test_a_batch_output_line_and_a_csv_batch_column(run: Run, dims: Path, tmp_path: Path) -> None:
    # beta below its tier in batch: 400 x $0.5 + 100 x $1.5 = 350 -> $0.00035
    body = {"model": "beta", "created": 1_772_452_800}
    body["usage"] = {"prompt_tokens": 400, "completion_tokens": 100}
    line = {"id": "batch_req_1", "custom_id": "task-1", "response": {"body": body}}
    d = replay(run, dims, tmp_path, line, models="beta")
    assert d["actual"]["cost"] == Decimal("0.00035")
    assert d["actual"]["breakdown"]["batch_savings"] == Decimal("0.00035")  # of 0.0007
    csv_log = write(
        tmp_path / "usage.csv",
        """\
        model,timestamp,input_tokens,output_tokens,batch
        beta,2026-03-02T12:00:00Z,400,100,TRUE
        beta,2026-03-02T12:00:00Z,400,100,no
        beta,2026-03-02T12:00:00Z,400,100,maybe
        """,
    )
    result = run("replay", str(csv_log), "--catalogue", str(dims), "--json", "-m", "beta")
    from_csv = json.loads(result.out, parse_float=Decimal)
    # batch $0.00035, then the standard 400 x $1 + 100 x $3 = $0.0007
    assert from_csv["actual"]["cost"] == Decimal("0.00105")
    assert from_csv["accounting"]["skipped"] == [
        {"reason": "batch is not true or false", "count": 1, "first_lines": [f"{csv_log}:4"]}
    ]


def test_per_request_fees_are_per_record(run: Run, dims: Path, tmp_path: Path) -> None:
    # three records of one token each: 3 x $2 / 1M in tokens, 3 x $1.50 / 1,000 in fees
    records = [{"model": "alpha", "input_tokens": 1, "timestamp": "2026-03-02T12:00Z"}] * 3
    d = replay(run, dims, tmp_path, *records)
    assert d["actual"]["breakdown"]["requests"] == Decimal("0.0045")
    assert d["actual"]["cost"] == Decimal("0.000006") + Decimal("0.0045")


def test_the_parts_add_up_to_each_cost_and_groups_to_totals(
    run: Run, dims: Path, tmp_path: Path
) -> None:
    records = [
        chat(1001, 100),
        {**chat(400, 10), "batch": True},
        flat("2026-03-02T23:30:00Z"),
        flat("2026-03-03"),
        {**flat("2026-03-03T10:00:00Z"), "model": "beta"},
    ]
    d = replay(run, dims, tmp_path, *records, by="day", breakdown="")
    for row in [d["actual"], *d["actual"]["models"], *d["candidates"]]:
        b = row["breakdown"]
        added = b["input"] + b["cache_read"] + b["cache_write"] + b["output"]
        added += b["reasoning"] + b["requests"] - b["batch_savings"] - b["off_peak_savings"]
        assert added == b["total"] == row["cost"]
    for group in d["groups"]:
        assert group["actual_breakdown"]["total"] == group["actual_cost"]
        for model, cost in group["candidates"].items():
            assert group["candidate_breakdowns"][model]["total"] == cost
    assert sum(g["actual_cost"] for g in d["groups"]) == d["actual"]["cost"]


def test_the_breakdown_table(run: Run, dims: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({**chat(1001, 100), "batch": True}) + "\n")
    result = run("replay", str(log), "--catalogue", str(dims), "--breakdown")
    assert result.code == 0
    lines = result.out.splitlines()
    assert (
        "Tier: alpha: 1 record over 1,000 input tokens, billed whole at $4.00 input / "
        "$16.00 output per 1M."
    ) in lines
    breakdown = lines[lines.index(f"Cost by dimension: {log}") :]
    assert breakdown[2].split() == ["Priced", "as", "Input", "Output", "Requests", "Batch", "Cost"]
    # alpha: 1,001 x $4 = $0.004004, 100 x $16 = $0.0016, half saved = $0.002802, + $0.0015
    assert breakdown[4].split() == ["actual", "(as", "logged)", "$0.004", "$0.0016", "$0.0015",
                                    "-$0.0028", "$0.0043"]  # fmt: skip
    assert breakdown[-1] == (
        "Left out, zero in every row: cache read, cache write, reasoning, off-peak savings."
    )

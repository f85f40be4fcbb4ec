"""Replay's rules around the formats: aggregated rows, --since/--until, --by week, JSON
documents, folders and globs, --map for JSON, nothing priced."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run, write

CATALOGUE = REPO / "tests" / "data" / "logs" / "catalogue"
MILLION = 1_000_000


def doc(run: Run, *args: str, catalogue: Path | None = CATALOGUE) -> dict[str, Any]:
    extra = ("--catalogue", str(catalogue)) if catalogue is not None else ()
    result = run("replay", *args, *extra, "--json")
    assert (result.code, result.err) == (0, "")
    found: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return found


def page(*buckets: tuple[int, int, list[dict[str, Any]]]) -> str:
    """An OpenAI Usage API page of (start, end, results) buckets."""
    data = [
        {"object": "bucket", "start_time": start, "end_time": end, "results": results}
        for start, end, results in buckets
    ]
    return json.dumps({"object": "page", "data": data, "has_more": False, "next_page": None})


def result(model: str, requests: int, prompt: int, output: int) -> dict[str, Any]:
    return {
        "object": "organization.usage.completions.result",
        "input_tokens": prompt,
        "output_tokens": output,
        "input_cached_tokens": 0,
        "num_model_requests": requests,
        "model": model,
        "batch": False,
    }


JUNE_1 = 1_780_272_000  # 2026-06-01T00:00:00Z


def test_a_tier_is_never_applied_to_a_sum_as_if_it_were_one_request(
    run: Run, tmp_path: Path
) -> None:
    # The real list prices: gpt-5.5 $5 in / $30 out, $10 / $45 above 272,000 input tokens.
    # 3 requests of 900,000 input tokens in all: one of them at least is over 272k, but
    # which and by how much the row cannot say: billed at the base price and flagged.
    # 900,000 x 5 + 30,000 x 30 = $5.40 (as one request it would be 9 + 1.35 = $10.35).
    # 5 requests of 200,000 in all: none can be over 272k: exactly the base price,
    # 200,000 x 5 + 1,000 x 30 = $1.03. Total $6.43.
    log = tmp_path / "usage.json"
    log.write_text(
        page(
            (
                JUNE_1,
                JUNE_1 + 86_400,
                [result("gpt-5.5", 3, 900_000, 30_000), result("gpt-5.5", 5, 200_000, 1_000)],
            )
        )
    )
    d = doc(run, str(log), "--source", "list", "--as-of", "2026-06-30", catalogue=None)
    assert d["actual"]["cost"] == Decimal("6.43")
    [model] = d["actual"]["models"]
    assert model["flags"] == [
        "tiers cannot be applied to aggregated rows: billed at the base price; 1 row affected"
    ]
    assert model["tiers"] == []
    assert (d["traffic"]["records"], d["traffic"]["requests"]) == (2, 8)


def test_a_row_bills_the_fee_per_request_of_its_count_and_flags_a_row_without_one(
    run: Run, tmp_path: Path
) -> None:
    # sonar: $1 in, $1 out per 1M and $12 per 1,000 requests (genai-prices 0.2.3)
    # a CSV row of 250 requests: 12,000 tokens x $1 + 250 x 12 / 1,000 = $3.012
    rows = write(
        tmp_path / "rows.csv",
        """\
        model,timestamp,input_tokens,output_tokens,requests
        sonar,2025-10-06,10000,2000,250
        """,
    )
    d = doc(run, str(rows))
    assert d["actual"]["cost"] == Decimal("3.012")
    assert d["actual"]["breakdown"]["requests"] == 3
    # a usage report row has no request count: tokens only, and the fee flagged
    report = tmp_path / "report.json"
    bucket = {
        "starting_at": "2025-10-06T00:00:00Z",
        "ending_at": "2025-10-07T00:00:00Z",
        "results": [{"uncached_input_tokens": 10_000, "output_tokens": 2_000, "model": "sonar"}],
    }
    report.write_text(json.dumps({"data": [bucket], "has_more": False}))
    d = doc(run, str(report))
    assert d["actual"]["cost"] == Decimal("0.012")
    assert d["actual"]["models"][0]["flags"] == [
        "rows without a request count: the fee per request is not billed; 1 row affected"
    ]


def test_off_peak_windows_apply_to_a_row_only_inside_one(run: Run, tmp_path: Path) -> None:
    # deepseek-chat: $0.27 in, $0.135 from 16:30 to 00:30 UTC (genai-prices 0.2.3).
    # An hourly bucket 17:00-18:00 is inside the window: 1M x 0.135 = $0.135; one from
    # 16:00 to 17:00 crosses 16:30 and a daily bucket crosses both edges: 1M x 0.27 each,
    # flagged. Total $0.675.
    start = 1_759_708_800  # 2025-10-06T00:00:00Z
    hour = 3600
    log = tmp_path / "usage.json"
    log.write_text(
        page(
            (start + 17 * hour, start + 18 * hour, [result("deepseek-chat", 10, MILLION, 0)]),
            (start + 16 * hour, start + 17 * hour, [result("deepseek-chat", 10, MILLION, 0)]),
            (start, start + 24 * hour, [result("deepseek-chat", 10, MILLION, 0)]),
        )
    )
    d = doc(run, str(log))
    assert d["actual"]["cost"] == Decimal("0.675")
    [model] = d["actual"]["models"]
    assert model["off_peak_records"] == 1
    assert model["flags"] == [
        "off-peak windows cannot be applied to aggregated rows that span a window's edge: "
        "billed at the standard price; 2 rows affected"
    ]


def test_since_and_until_take_dates_or_timestamps(run: Run, tmp_path: Path) -> None:
    def call(stamp: str | None) -> str:
        record = {"model": "gpt-4o", "input_tokens": MILLION, "output_tokens": 0}
        return json.dumps(record if stamp is None else {**record, "timestamp": stamp})

    log = write(
        tmp_path / "log.jsonl",
        "\n".join(
            [
                call("2026-03-01T23:00:00Z"),
                call("2026-03-02T11:59:59Z"),
                call("2026-03-02T12:00:00Z"),
                call("2026-03-02T13:30:00+02:00"),  # 11:30 UTC: before noon
                call("2026-03-03T01:00:00+05:00"),  # 2026-03-02 20:00 UTC
                call("2026-03-02"),  # a date alone: 00:00 UTC
                call("2026-03-04T10:00:00Z"),
                call(None),  # cannot be placed
            ]
        ),
    )
    # dates compare the day as written, both ends included: 03-02 and 03-03
    d = doc(run, str(log), "--since", "2026-03-02", "--until", "2026-03-03")
    assert (d["accounting"]["records_priced"], d["accounting"]["records_outside_period"]) == (5, 3)
    # a timestamp compares instants: from 03-02 12:00 UTC, 2 records (12:00 and 20:00 UTC)
    d = doc(run, str(log), "--since", "2026-03-02T12:00:00Z", "--until", "2026-03-03T23:00")
    assert (d["accounting"]["records_priced"], d["accounting"]["records_outside_period"]) == (2, 6)
    assert d["actual"]["cost"] == 5  # 2 x 1M at $2.50
    table = run("replay", str(log), "--since", "2026-03-04", "--catalogue", str(CATALOGUE))
    assert "Records read: 8 = 1 priced + 0 skipped + 7 outside --since/--until." in table.out
    nothing = run("replay", str(log), "--since", "2027-01-01", "--catalogue", str(CATALOGUE))
    assert (nothing.code, nothing.err) == (
        2,
        "error: no record priced: 8 records outside --since/--until\n",
    )


def test_by_week_groups_by_iso_week(run: Run, tmp_path: Path) -> None:
    log = write(
        tmp_path / "log.jsonl",
        "\n".join(
            json.dumps({"model": "gpt-4o", "timestamp": day, "input_tokens": MILLION})
            for day in ("2026-03-01", "2026-03-02", "2026-03-08", "2026-03-09")
        ),
    )
    d = doc(run, str(log), "--by", "week")
    assert [(g["key"], g["records"]) for g in d["groups"]] == [
        ("2026-W09", 1),
        ("2026-W10", 2),
        ("2026-W11", 1),
    ]


def test_a_pretty_printed_array_is_read_with_the_lines_of_its_records(
    run: Run, tmp_path: Path
) -> None:
    records = [
        {"model": "gpt-4o", "timestamp": "2025-10-06", "input_tokens": MILLION},
        {"timestamp": "2025-10-06", "input_tokens": 5},
        {"model": "gpt-4o", "timestamp": "2025-10-06", "output_tokens": MILLION},
    ]
    log = tmp_path / "records.json"
    log.write_text(json.dumps(records, indent=2))
    d = doc(run, str(log))
    assert d["actual"]["cost"] == Decimal("12.5")  # 2.50 + 10
    assert d["accounting"]["skipped"] == [
        {"reason": "missing model", "count": 1, "first_lines": [f"{log}:7"]}
    ]
    # a document that breaks off: what comes before is read, the rest is one skip
    broken = tmp_path / "broken.json"
    text = json.dumps(records, indent=2)
    broken.write_text(text[: text.rindex('"output_tokens"')])
    d = doc(run, str(broken))
    assert d["actual"]["cost"] == Decimal("2.5")
    assert [(s["reason"], s["first_lines"]) for s in d["accounting"]["skipped"]] == [
        ("invalid JSON", [f"{broken}:14"]),
        ("missing model", [f"{broken}:7"]),
    ]


def test_folders_are_read_recursively_and_globs_expanded(run: Run, tmp_path: Path) -> None:
    line = json.dumps({"model": "gpt-4o", "timestamp": "2025-10-06", "input_tokens": MILLION})
    for name in ("a/one.jsonl", "a/b/two.jsonl", "a/.hidden.jsonl", "a/notes.txt", "c.jsonl"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(line + "\n")
    d = doc(run, str(tmp_path / "a"))
    assert d["accounting"]["records_priced"] == 2  # not the hidden file, not notes.txt
    assert d["inputs"] == [str(tmp_path / "a")]
    d = doc(run, str(tmp_path / "**" / "*.jsonl"))
    assert d["accounting"]["records_priced"] == 3


def test_map_reads_json_fields_by_dotted_paths(run: Run, tmp_path: Path) -> None:
    record = {
        "when": "2025-10-06T10:00:00Z",
        "call": {"model": "gpt-4o", "usage": [{"in": MILLION, "cached": 400_000, "out": 1000}]},
        "input_tokens": 7,  # read too: a field with a flat name
    }
    log = tmp_path / "calls.jsonl"
    log.write_text(json.dumps(record) + "\n")
    renames = (
        "when=timestamp,call.model=model,call.usage.0.in=input_tokens,"
        "call.usage.0.cached=cached_tokens,call.usage.0.out=output_tokens"
    )
    d = doc(run, str(log), "--map", renames)
    # 600,000 x 2.50 + 400,000 x 1.25 + 1,000 x 10 = $2.01
    assert d["actual"]["cost"] == Decimal("2.01")


def test_an_input_all_skipped_inside_a_folder_stops_the_run(run: Run, tmp_path: Path) -> None:
    good = json.dumps({"model": "gpt-4o", "timestamp": "2025-10-06", "input_tokens": 1})
    (tmp_path / "a.jsonl").write_text(good + "\n")
    (tmp_path / "b.jsonl").write_text("{truncated\n{also\n")
    result = run("replay", str(tmp_path), "--catalogue", str(CATALOGUE))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {tmp_path / 'b.jsonl'}: none of its 2 records could be read as usage "
        "records (OpenAI or Anthropic responses or usage, flat records) (invalid JSON: 2); "
        "it is not JSON Lines, a JSON document or CSV\n"
    )


@pytest.mark.parametrize("parser", ["python", "msgspec"])
def test_both_readers_bill_the_fixtures_alike(
    run: Run, monkeypatch: pytest.MonkeyPatch, parser: str
) -> None:
    monkeypatch.setenv("TOKENCOST_REPLAY_PARSER", parser)
    d = doc(run, str(REPO / "tests" / "data" / "logs" / "claude-code"), "-m", "gpt-4o")
    assert d["actual"]["cost"] == Decimal("0.491454")

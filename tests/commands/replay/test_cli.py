"""``tokencost replay``: exact costs, price changes, accounting, formats, errors."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run, tracker_file, write
from tokencost.catalogue import load_catalogue

MILLION = 1_000_000


def jsonl(path: Path, *records: object) -> Path:
    """Write records (dicts, or raw text lines) as JSON Lines."""
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("".join(line + "\n" for line in lines))
    return path


def doc(result_out: str) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(result_out, parse_float=Decimal)
    return parsed


def costs(document: dict[str, Any]) -> dict[str, Decimal]:
    return {c["model"]: c["cost"] for c in document["candidates"]}


def big(day: str, **tokens: int) -> dict[str, object]:
    return {"model": "big", "timestamp": f"{day}T12:00:00Z", **tokens}


def test_each_record_is_priced_on_its_own_day(run: Run, tiny: Path, tmp_path: Path) -> None:
    # big costs 4/12 until 2026-02-28 and 2/6 from 2026-03-01
    log = jsonl(
        tmp_path / "log.jsonl",
        big("2026-02-28", input_tokens=MILLION, output_tokens=MILLION),
        big("2026-03-01", input_tokens=MILLION, output_tokens=MILLION),
    )
    result = run("replay", str(log), "--catalogue", str(tiny), "--json")
    assert (result.code, result.err) == (0, "")
    d = doc(result.out)
    assert d["actual"]["cost"] == 24  # 4 + 12, then 2 + 6
    [actual] = d["actual"]["models"]
    assert [(p["effective"], p["input"], p["output"]) for p in actual["prices"]] == [
        ("2026-01-01", 4, 12),
        ("2026-03-01", 2, 6),
    ]
    assert costs(d) == {"free": 0, "small": Decimal("0.32"), "big": 24}
    ratios = {c["model"]: c["ratio"] for c in d["candidates"]}
    assert ratios["big"] == 1
    assert str(ratios["small"]) == "0.01333333333333333333333333333333333333333"
    assert d["period"] == {
        "first_day": "2026-02-28",
        "last_day": "2026-03-01",
        "undated_records": 0,
    }


def test_deepseek_price_cut_in_the_real_catalogue(run: Run, tmp_path: Path) -> None:
    day = {"input_tokens": MILLION, "output_tokens": MILLION}
    log = jsonl(
        tmp_path / "log.jsonl",
        {"model": "deepseek-v4-pro", "timestamp": "2026-04-30T23:59:59Z", **day},
        {"model": "deepseek-v4-pro", "timestamp": "2026-05-01T00:00:00Z", **day},
    )
    result = run("replay", str(log), "--models", "deepseek-v4-pro", "--json", "--by", "day")
    d = doc(result.out)
    assert d["actual"]["cost"] == Decimal("0.525")  # 0.14 + 0.28 before, 0.035 + 0.07 after
    assert [(g["key"], g["actual_cost"]) for g in d["groups"]] == [
        ("2026-04-30", Decimal("0.42")),
        ("2026-05-01", Decimal("0.105")),
    ]
    assert costs(d) == {"deepseek-v4-pro": Decimal("0.525")}


def test_cached_tokens_are_counted_once_in_both_conventions(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    openai = {
        "model": "big",
        "created": 1_772_668_800,  # 2026-03-05
        "usage": {
            "prompt_tokens": MILLION,
            "completion_tokens": 0,
            "prompt_tokens_details": {"cached_tokens": 400_000},
        },
    }
    anthropic = {
        "model": "big",
        "timestamp": "2026-03-05",
        "usage": {"input_tokens": 600_000, "cache_read_input_tokens": 400_000, "output_tokens": 0},
    }
    log = jsonl(tmp_path / "log.jsonl", openai, anthropic)
    d = doc(run("replay", str(log), "--catalogue", str(tiny), "--json", "--by", "day").out)
    assert d["traffic"]["input_tokens"] == 1_200_000
    assert d["traffic"]["cache_read_tokens"] == 800_000
    assert d["actual"]["cost"] == 4  # 1M tokens a call at $2 (cache reads billed as input)
    flag = "no cache read price: cached input billed as input"
    assert d["actual"]["models"][0]["flags"] == [flag]
    assert d["assumptions"]["notes"] == [f"free: {flag}", f"small: {flag}", f"big: {flag}"]


MALFORMED = [
    big("2026-03-02", input_tokens=10),
    '{"model":"big","input_tok',
    '{"model":"big","input_tokens":-5}',
    '{"input_tokens":5}',
    '{"model":"big","input_tokens":NaN}',
    '{"model":"big","input_tokens":"ten"}',
    "",
    '{"model":"mystery","input_tokens":7,"output_tokens":3}',
    '{"model":"big","timestamp":"2026-02-30","input_tokens":1}',
    '{"model":"free","timestamp":"2026-01-15","input_tokens":1}',
]


def test_malformed_lines_are_counted_with_their_line_numbers(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(tmp_path / "bad.jsonl", *MALFORMED)
    d = doc(run("replay", str(log), "--catalogue", str(tiny), "--json").out)
    where = str(log)
    assert d["accounting"] == {
        "records_read": 10,
        "lines_read": 10,
        "records_priced": 1,
        "records_skipped": 9,
        "records_without_usage": 0,
        "duplicates": 0,
        "records_outside_period": 0,
        "skipped": [
            {"reason": "invalid JSON", "count": 2, "first_lines": [f"{where}:2", f"{where}:5"]},
            {"reason": "blank line", "count": 1, "first_lines": [f"{where}:7"]},
            {"reason": "missing model", "count": 1, "first_lines": [f"{where}:4"]},
            {"reason": "negative tokens", "count": 1, "first_lines": [f"{where}:3"]},
            {"reason": "non-integer tokens", "count": 1, "first_lines": [f"{where}:6"]},
            {"reason": "bad timestamp", "count": 1, "first_lines": [f"{where}:9"]},
            {"reason": "unknown model", "count": 1, "first_lines": [f"{where}:8"]},
            {"reason": "no price on the record's date", "count": 1, "first_lines": [f"{where}:10"]},
        ],
    }
    unpriced = [
        (u["model"], u["reason"], u["records"], u["input_tokens"], u["output_tokens"])
        for u in d["unpriced_traffic"]
    ]
    assert unpriced == [
        ("free", "no price on the record's date", 1, 1, 0),
        ("mystery", "unknown model", 1, 7, 3),
    ]
    assert d["actual"]["cost"] == Decimal("0.00002")  # 10 tokens at $2/1M: never a silent $0


def test_strict_turns_any_skip_into_exit_2_and_prints_nothing(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(tmp_path / "bad.jsonl", big("2026-03-02", input_tokens=1), '{"model":')
    result = run("replay", str(log), "--catalogue", str(tiny), "--strict")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: --strict: 1 of 2 records skipped: invalid JSON: 1 (first: {log}:2)\n"
    )
    clean = jsonl(tmp_path / "clean.jsonl", big("2026-03-02", input_tokens=1))
    assert run("replay", str(clean), "--catalogue", str(tiny), "--strict").code == 0


def test_unknown_models_are_listed_with_their_tokens_and_never_priced(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(
        tmp_path / "log.jsonl",
        {"model": "acme/BIG-2026-01-01", "timestamp": "2026-03-03", "input_tokens": MILLION},
        {"model": "bigg", "timestamp": "2026-03-03", "input_tokens": 5, "output_tokens": 1},
        {"model": "bigg", "timestamp": "2026-03-04", "input_tokens": 5},
    )
    result = run("replay", str(log), "--catalogue", str(tiny))
    assert result.code == 0
    assert "Not priced: bigg: 2 records, 11 tokens, not in the catalogue; did you mean 'big'? " in (
        result.out
    )
    assert "actual cost $2.00" in result.out.splitlines()[0]  # the alias with a date is big


def test_records_without_model_or_timestamp_use_model_and_as_of(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(tmp_path / "log.jsonl", {"prompt_tokens": MILLION, "completion_tokens": 0})
    args = ("replay", str(log), "--catalogue", str(tiny), "--json")
    skipped = run(*args)
    assert (skipped.code, skipped.out) == (2, "")
    assert skipped.err == (
        f"error: {log}: none of its 1 records could be read as usage records (OpenAI or "
        "Anthropic responses or usage, flat records) (missing model: 1); give the model of "
        "records that name none with --model ID\n"
    )
    before = doc(run(*args, "--model", "big", "--as-of", "2026-02-01").out)
    after = doc(run(*args, "--model", "acme/big", "--as-of", "2026-03-01").out)
    assert (before["actual"]["cost"], after["actual"]["cost"]) == (4, 2)
    assert after["period"] == {"first_day": None, "last_day": None, "undated_records": 1}


def test_gzip_several_files_and_line_references(run: Run, tiny: Path, tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", big("2026-03-02", input_tokens=MILLION), "oops")
    second = tmp_path / "b.jsonl.gz"
    second.write_bytes(
        gzip.compress(b"{}\n" + json.dumps(big("2026-02-02", output_tokens=MILLION)).encode())
    )
    d = doc(run("replay", str(first), str(second), "--catalogue", str(tiny), "--json").out)
    assert d["inputs"] == [str(first), str(second)]
    assert d["actual"]["cost"] == 14  # 2 on March 2nd, 12 on February 2nd
    assert [(s["reason"], s["first_lines"]) for s in d["accounting"]["skipped"]] == [
        ("invalid JSON", [f"{first}:2"]),
        ("no token counts", [f"{second}:1"]),
    ]


def test_an_empty_file_is_not_success(run: Run, tiny: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    result = run("replay", str(empty), "--catalogue", str(tiny), "--json")
    assert (result.code, result.out) == (2, "")
    assert result.err == "error: no usage records in the input: nothing to price\n"


def test_a_free_model_costs_nothing_and_ratios_say_why(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(
        tmp_path / "log.jsonl", {"model": "free", "timestamp": "2026-03-01", "input_tokens": 5}
    )
    d = doc(run("replay", str(log), "--catalogue", str(tiny), "--json").out)
    assert (d["accounting"]["records_priced"], d["actual"]["cost"]) == (1, 0)
    assert {c["ratio_note"] for c in d["candidates"]} == {
        "the actual cost is 0: a ratio to it is undefined"
    }


def test_csv_with_renamed_columns_prices_like_json_lines(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    csv_log = write(
        tmp_path / "usage.csv",
        """\
        when,name,in,out,hits,note
        2026-02-28,big,1000000,1000000,400000,first
        1772323200,acme/big,1000000,1000000,,second

        2026-03-01,big,1.5,2,0,bad
        2026-03-01,big,1
        """,
    )
    renames = "when=timestamp,name=model,in=input_tokens,out=output_tokens,hits=cached_tokens"
    d = doc(run("replay", str(csv_log), "--map", renames, "--catalogue", str(tiny), "--json").out)
    assert d["actual"]["cost"] == 24  # as the JSON Lines test: 16 on Feb 28, 8 on Mar 1
    assert d["traffic"]["cache_read_tokens"] == 400_000
    assert [(s["reason"], s["first_lines"]) for s in d["accounting"]["skipped"]] == [
        ("blank line", [f"{csv_log}:4"]),
        ("wrong number of CSV fields", [f"{csv_log}:6"]),
        ("non-integer tokens", [f"{csv_log}:5"]),
    ]
    assert d["accounting"]["lines_read"] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "x"], "error: --map: 'x' is not old=new, e.g. --map tokens_in=input_tokens\n"),
        (["--map", "a=b"], "error: --map: 'b' is not a field tokencost reads; use one of: "),
        (["--log-format", "otle"], "error: --log-format: unknown format 'otle'; did you mean "),
        (["--since", "June"], "error: --since 'June': give a date (2026-06-01) or a timestamp"),
        (["--since", "2026-03-02", "--until", "2026-03-01"], "error: --since 2026-03-02 is after"),
        (["--map", "a=model", "--log-format", "otel"], "error: --map names the fields of "),
        (["--models", "nope"], "error: unknown model 'nope'; known models: big, small, free "),
        (["--model", "bgi"], "error: unknown model 'bgi'; did you mean 'big'? "),
        (["--by", "year"], "error: Invalid value for '--by': 'year' is not one of"),
    ],
)
def test_bad_options_are_one_line_errors(
    run: Run, tiny: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    log = jsonl(tmp_path / "log.jsonl", big("2026-03-02", input_tokens=1))
    result = run("replay", str(log), "--catalogue", str(tiny), *args)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message)
    assert result.err.count("\n") == 1


def test_unreadable_inputs_are_errors_before_any_output(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    missing = run("replay", str(tmp_path / "nope.jsonl"), "--catalogue", str(tiny))
    assert (missing.code, missing.out) == (2, "")
    assert (
        missing.err == f"error: {tmp_path / 'nope.jsonl'}: cannot read: No such file or directory\n"
    )
    folder = run("replay", str(tmp_path), "--catalogue", str(tiny))
    assert folder.err == (
        f"error: {tmp_path}: no log files in this folder (.jsonl, .ndjson, .json, .jsonlines, "
        ".csv, or .gz)\n"
    )
    pattern = run("replay", str(tmp_path / "*.jsonl"), "--catalogue", str(tiny))
    assert pattern.err == f"error: {tmp_path / '*.jsonl'}: no file matches this pattern\n"
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"model":"big"}\n' * 100)[:40])
    result = run("replay", str(broken), "--catalogue", str(tiny))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: {broken}: cannot read: the gzip data is truncated\n"


def test_a_named_candidate_without_a_price_on_a_day_of_the_log_is_an_error(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = jsonl(
        tmp_path / "log.jsonl", {"model": "big", "timestamp": "2026-01-10", "input_tokens": 1}
    )
    result = run("replay", str(log), "--catalogue", str(tiny), "--models", "free")
    assert result.code == 2
    assert result.err == (
        "error: free has no price from source 'book' on 2026-01-10, a day of the log (its prices "
        "start 2026-02-01); leave it out of --models or use another --source\n"
    )
    listed = doc(run("replay", str(log), "--catalogue", str(tiny), "--json").out)
    assert [u["model"] for u in listed["unpriced_candidates"]] == ["free"]


def test_groups_add_up_to_the_totals(run: Run, tiny: Path, tmp_path: Path) -> None:
    log = jsonl(
        tmp_path / "log.jsonl",
        big("2026-02-27", input_tokens=300, output_tokens=7),
        big("2026-03-02", input_tokens=500, output_tokens=9),
        {"model": "small", "timestamp": "2026-03-02", "input_tokens": 1000},
        {"model": "small", "input_tokens": 1000},
    )
    base = ("replay", str(log), "--catalogue", str(tiny), "--json", "--as-of", "2026-04-01")
    for by, keys in [
        ("day", ["2026-02-27", "2026-03-02", "undated"]),
        ("month", ["2026-02", "2026-03", "undated"]),
        ("model", ["big", "small"]),
    ]:
        d = doc(run(*base, "--by", by).out)
        assert [g["key"] for g in d["groups"]] == keys
        assert sum(g["actual_cost"] for g in d["groups"]) == d["actual"]["cost"]
        assert sum(g["records"] for g in d["groups"]) == 4
        for candidate in d["candidates"]:
            assert (
                sum(g["candidates"][candidate["model"]] for g in d["groups"]) == candidate["cost"]
            )


def test_table_snapshot(run: Run, tiny: Path, tmp_path: Path) -> None:
    log = jsonl(
        tmp_path / "log.jsonl",
        big("2026-02-28", input_tokens=MILLION, output_tokens=MILLION),
        {
            "model": "small",
            "timestamp": "2026-03-01",
            "usage": {
                "prompt_tokens": MILLION,
                "completion_tokens": 0,
                "prompt_tokens_details": {"cached_tokens": 250_000},
            },
        },
        '{"model": "huge", "input_tokens": 10}',
    )
    result = run("replay", str(log), "--catalogue", str(tiny), "--as-of", "2026-04-01")
    digest = load_catalogue(tiny).digest[:19]
    assert result.out == (
        f"Replay of {log}: 2 records priced, 2026-02-28 to 2026-03-01; actual cost $16.04\n"
        "\n"
        "Priced as           Provider    Cost  vs actual\n"
        "------------------  --------  ------  ---------\n"
        "actual (as logged)            $16.04         1x\n"
        "free                Acme       $0.00       free\n"
        "small               Acme       $0.20     0.012x\n"
        "big                 Acme      $18.00      1.12x\n"
        "\n"
        "Records read: 3 = 2 priced + 1 skipped.\n"
        f"Skipped, unknown model: 1 (first: {log}:3).\n"
        "Traffic priced: 1,750,000 input, 250,000 cache read, 0 cache write, 1,000,000 output "
        "and 0 reasoning tokens.\n"
        "Actual: big $16.00 (1 record); small $0.04 (1 record).\n"
        "Prices: USD per 1M tokens from source 'book' (\"A price book\"), each record at the "
        "price in effect on its own day; 0 records without a timestamp priced on "
        "2026-04-01.\n"
        f"Catalogue: tiny 2026.01.0 ({digest}), updated 2026-01-15.\n"
        "Ratio: candidate cost / actual cost of the same traffic.\n"
        "Flag: free, small, big: no cache read price: cached input billed as input.\n"
        "Not priced: huge: 1 record, 10 tokens, not in the catalogue "
        "(tokencost models lists them).\n"
    )


def test_csv_output_has_exact_values(run: Run, tiny: Path, tmp_path: Path) -> None:
    log = jsonl(tmp_path / "log.jsonl", big("2026-03-02", input_tokens=3, output_tokens=1))
    result = run("replay", str(log), "--catalogue", str(tiny), "-f", "csv", "-m", "small,big")
    assert result.out == (
        "group,priced_as,records,input_tokens,cache_read_tokens,cache_write_tokens,"
        "output_tokens,reasoning_tokens,cost,ratio,cache_write_long_tokens,input_cost,"
        "cache_read_cost,cache_write_cost,output_cost,reasoning_cost,requests_cost,"
        "batch_savings,off_peak_savings,flags\n"
        # 3 input tokens at $2/1M and 1 output token at $6/1M (big, March 2nd)
        "total,actual,1,3,0,0,1,0,0.000012,1,0,0.000006,0,0,0.000006,0,0,0,0,\n"
        "total,small,1,3,0,0,1,0,0.00000024,0.02,0,0.00000012,0,0,0.00000012,0,0,0,0,\n"
        "total,big,1,3,0,0,1,0,0.000012,1,0,0.000006,0,0,0.000006,0,0,0,0,\n"
    )


def test_json_document_keys(run: Run, tiny: Path, tmp_path: Path) -> None:
    log = jsonl(tmp_path / "log.jsonl", big("2026-03-02", input_tokens=3))
    d = doc(run("replay", str(log), "--catalogue", str(tiny), "--json", "--by", "month").out)
    assert list(d) == [
        "schema", "currency", "catalogue", "as_of", "source", "assumptions", "inputs",
        "read_as", "accounting", "traffic_notes", "period", "traffic", "actual", "candidates",
        "unpriced_candidates", "unpriced_traffic", "by", "groups",
    ]  # fmt: skip
    assert d["schema"] == "tokencost.replay/1"
    new = ["breakdown", "flags", "tiers", "off_peak_records", "untimed_records"]
    assert list(d["candidates"][0]) == ["model", "name", "provider", "cost", "ratio",
                                        "ratio_note", "prices", *new]  # fmt: skip
    assert list(d["actual"]) == ["cost", "models", "breakdown"]
    assert list(d["groups"][0]) == ["key", "records", "input_tokens", "cache_read_tokens",
                                    "cache_write_tokens", "output_tokens", "reasoning_tokens",
                                    "cache_write_long_tokens", "actual_cost",
                                    "candidates"]  # fmt: skip


def test_the_example_logs_in_the_repository_replay(run: Run) -> None:
    result = run(
        "replay", str(REPO / "examples/logs/june.jsonl"), "--json", "--as-of", "2026-06-30"
    )
    d = doc(result.out)
    assert d["accounting"]["lines_read"] == 8
    assert d["accounting"]["records_priced"] == 5


def test_the_list_prices_bill_cache_tiers_and_price_cuts(run: Run, tmp_path: Path) -> None:
    claude = {  # $5 input, $0.50 cache read, $6.25 cache write, $25 output per 1M
        "model": "claude-opus-4-8-20260514",
        "timestamp": "2026-08-21T10:00:00Z",
        "usage": {
            "input_tokens": MILLION,
            "cache_read_input_tokens": MILLION,
            "cache_creation_input_tokens": MILLION,
            "output_tokens": 0,
        },
    }
    details = {"prompt_tokens_details": {"cached_tokens": 100_000}, "completion_tokens": 10_000}

    def gpt(prompt: int) -> dict[str, object]:  # $5 / $30, $0.50 cached; $10 / $45 over 272k
        usage = {"prompt_tokens": prompt, **details}
        return {"model": "gpt-5.5", "created": 1_787_313_600, "usage": usage}  # 2026-08-21

    deepseek = {  # $0.435 input, $0.003625 cache read from 2026-05-01
        "model": "deepseek-v4-pro",
        "timestamp": "2026-05-01T00:00:00Z",
        "input_tokens": 2 * MILLION,
        "cached_tokens": MILLION,
        "output_tokens": 0,
    }
    log = jsonl(tmp_path / "log.jsonl", claude, gpt(272_000), gpt(272_001), deepseek)
    result = run(
        "replay", str(log), "--source", "list", "--by", "model", "--json",
        "--models", "deepseek-v4-pro",
    )  # fmt: skip
    d = doc(result.out)
    assert [(g["key"], g["actual_cost"]) for g in d["groups"]] == [
        ("claude-opus-4.8", Decimal("11.75")),  # 5 + 0.50 + 6.25
        ("deepseek-v4-pro", Decimal("0.438625")),  # 0.435 + 0.003625
        # 272,000 tokens is not over the tier: 172,000 x 5 + 100,000 x 0.50 + 10,000 x 30
        # = 0.86 + 0.05 + 0.30; 272,001 is, wholly at the tier's $10, cached $1 and $45:
        # 1.72001 + 0.10 + 0.45
        ("gpt-5.5", Decimal("1.21") + Decimal("2.27001")),
    ]
    flags = {m["model"]: m["flags"] for m in d["actual"]["models"]}
    assert flags["gpt-5.5"] == flags["claude-opus-4.8"] == flags["deepseek-v4-pro"] == []


@pytest.mark.parametrize(
    ("name", "records", "tracker"),
    [
        ("litellm-1.110.2-model-prices.json", 1, "LiteLLM's model price map"),
        ("genai-prices-0.2.3-data.json", 47, "genai-prices' data.json"),
    ],
)
def test_a_trackers_price_file_is_named_as_one_not_a_log(
    run: Run, name: str, records: int, tracker: str
) -> None:
    # the real files of the trackers (../shared/data): LiteLLM's is one pretty-printed
    # object longer than the hint's first 64 KiB, whose lines parse only as scalars
    path = tracker_file(name)
    result = run("replay", str(path))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {path}: none of its {records} records could be read as usage records "
        f"(OpenAI or Anthropic responses or usage, flat records) (no token counts: "
        f"{records}); it is a price file ({tracker}), not a usage log: `tokencost prices "
        "update FILE` reads its prices into your catalogue\n"
    )


@pytest.mark.parametrize("deep", ["[" * 5000 + "]" * 5000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_a_log_of_one_line_nested_too_deeply_is_one_line_exit_2(
    run: Run, tmp_path: Path, deep: str
) -> None:
    # the format detection and the hint parse the first lines too: a RecursionError there
    # was an internal error (exit 3)
    log = tmp_path / "deep.json"
    log.write_text(deep + "\n")
    result = run("replay", str(log))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {log}: none of its 1 records could be read as usage records (OpenAI or "
        "Anthropic responses or usage, flat records) (JSON nested too deeply: 1)\n"
    )


def test_a_json_cell_nested_too_deeply_is_read_as_no_value(run: Run, tmp_path: Path) -> None:
    # LiteLLM's metadata column holds JSON as text; one nested 5,000 deep was exit 3
    log = tmp_path / "spend.csv"
    log.write_text(
        "model,prompt_tokens,completion_tokens,startTime,metadata\n"
        f"gpt-5.5,1000000,0,2026-06-10T10:00:00Z,{'[' * 5000 + ']' * 5000}\n"
    )
    result = run("replay", str(log), "--log-format", "litellm", "--json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["actual"]["cost"] == 2.5  # 1M input at $2.50 on 2026-06-10


def test_a_litellm_row_without_its_token_counts_is_skipped_not_free(
    run: Run, tmp_path: Path
) -> None:
    # columns another tool names (input_tokens, output_tokens) are not LiteLLM's: the row
    # has no counts, which was priced as a record of zero tokens ($0.00, exit 0)
    log = tmp_path / "spend.csv"
    log.write_text("model,input_tokens,output_tokens,startTime\ngpt-5.5,10,1,2026-06-10\n")
    result = run("replay", str(log), "--log-format", "litellm")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {log}: none of its 1 records could be read as LiteLLM proxy spend logs "
        "(no token counts: 1)\n"
    )

"""The fast path (msgspec) and the pure-Python reader tally every input identically."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tokencost.replay import sources
from tokencost.replay.lines import scan_pure
from tokencost.replay.normalise import TOKEN_FIELDS
from tokencost.replay.read import scan_logs
from tokencost.replay.scan import scan_fast
from tokencost.replay.sources import log_inputs
from tokencost.replay.tally import Edges, Resolver, Tally
from tokencost.zones import Window

pytest.importorskip("msgspec")
from tokencost.replay import fast

MARCH_15 = date(2026, 3, 15).toordinal()
NAMES = {"big": "big", "acme/big": "big", "small": "small", "free": "free"}
PRICED_FROM = {
    "big": date(2026, 1, 1).toordinal(),
    "small": date(2026, 1, 1).toordinal(),
    "free": date(2026, 2, 1).toordinal(),
}
RESOLVER = Resolver(NAMES, PRICED_FROM, None, MARCH_15)
WITH_DEFAULT = Resolver(NAMES, PRICED_FROM, "small", MARCH_15)
# Tier thresholds and windows (start, end minutes UTC): big is split at 1,000 and 5,000
# prompt tokens and by a window 22:00-02:00 (it wraps midnight); small at 3,000 tokens;
# free by its window 10:00-15:00 only.
BIG_NIGHT: Window = (None, None, 1320, 120)
SPLITS: dict[str, Edges] = {
    "big": ((1000, 5000), (BIG_NIGHT,)),
    "small": ((3000,), ()),
    "free": ((), ((None, None, 600, 900),)),
}
SPLIT = Resolver(NAMES, PRICED_FROM, None, MARCH_15, SPLITS)
SPLIT_DEFAULT = Resolver(NAMES, PRICED_FROM, "big", MARCH_15, SPLITS)


def snapshot(tally: Tally) -> tuple[object, ...]:
    skips = {reason: (s.count, s.lines) for reason, s in tally.skips.items()}
    counted = (tally.extra, tally.without_usage, tally.duplicates, tally.outside, tally.notes)
    return tally.lines, tally.buckets, tally.unpriced, skips, counted


def both(data: bytes, resolver: Resolver = RESOLVER) -> tuple[tuple[object, ...], ...]:
    fast, pure = Tally(resolver, "log"), Tally(resolver, "log")
    fast.lines = scan_fast(data, fast, 0)
    pure.lines = scan_pure(data, pure, 0)
    return snapshot(fast), snapshot(pure)


COUNT = st.one_of(
    st.none(),
    st.integers(0, 10**7),
    st.integers(0, 10**7),
    st.integers(-3, -1),
    st.booleans(),
    st.floats(-5, 1e6, allow_nan=False),
    st.sampled_from(["12", "", "x"]),
    st.integers(2**63, 2**70),
)
DETAILS = st.one_of(
    st.none(),
    st.integers(0, 3),
    st.fixed_dictionaries({}, optional={"cached_tokens": COUNT, "reasoning_tokens": COUNT}),
)
HOLDERS = (
    "prompt_tokens_details",
    "completion_tokens_details",
    "input_tokens_details",
    "output_tokens_details",
)
CREATION = st.one_of(
    st.none(),
    st.integers(0, 3),
    st.fixed_dictionaries(
        {}, optional={"ephemeral_1h_input_tokens": COUNT, "ephemeral_5m_input_tokens": COUNT}
    ),
)
USAGE_FIELDS: dict[str, Any] = (
    dict.fromkeys(TOKEN_FIELDS, COUNT)
    | dict.fromkeys(HOLDERS, DETAILS)
    | {"cache_creation": CREATION}
)
USAGE = st.fixed_dictionaries({}, optional=USAGE_FIELDS)
STAMP = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2026-02-28T23:30:00Z",
            "2026-03-01",
            "2026-03-01T00:10:00+05:00",
            "2026-01-31 08:00",
            "2026-03-01T23:30:00+02:00",
            "2026-02-28T21:59:59-05:00",
            "2026-03-01T02:00:00Z",
            "2026-03-01T25:00:00Z",
            "2026-13-01T00:00:00Z",
            "yesterday",
            "",
        ]
    ),
    st.integers(1_767_225_600, 1_773_000_000),  # seconds in Jan-Mar 2026
    st.integers(1_767_225_600_000, 1_773_000_000_000),  # milliseconds
    st.integers(-(10**20), 10**20),
    st.floats(1.7e9, 1.8e9),
    st.booleans(),
    st.lists(st.integers(), max_size=1),
)
MODEL = st.one_of(
    st.none(),
    st.sampled_from(["big", "acme/big", "BIG-2026-01-01", "small", "free", "nope", "", " "]),
    st.integers(0, 3),
)
BATCH = st.one_of(st.none(), st.booleans(), st.sampled_from([0, 1, "true", "yes"]))
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "model": MODEL,
        "usage": st.one_of(st.none(), USAGE, st.integers(0, 2)),
        "timestamp": STAMP,
        "created_at": STAMP,
        "created": STAMP,
        "id": st.text(max_size=5),
        "batch": BATCH,
    }
    | USAGE_FIELDS,
)
# Well-typed records: what msgspec accepts, so the hot loop decides.
TYPED_COUNT = st.one_of(st.none(), st.integers(0, 5000), st.integers(0, 5000), st.just(0))
TYPED_DETAILS = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {}, optional={"cached_tokens": TYPED_COUNT, "reasoning_tokens": TYPED_COUNT}
    ),
)
TYPED_CREATION = st.one_of(
    st.none(),
    st.fixed_dictionaries({}, optional={"ephemeral_1h_input_tokens": TYPED_COUNT}),
)
TYPED_FIELDS: dict[str, Any] = (
    dict.fromkeys(TOKEN_FIELDS, TYPED_COUNT)
    | dict.fromkeys(HOLDERS, TYPED_DETAILS)
    | {"cache_creation": TYPED_CREATION}
)
TYPED_STAMP = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2026-02-28T23:30:00Z",
            "2026-03-01",
            "2025-12-31",
            "bad",
            "2026-03-01T01:30:00+02:00",
            "2026-03-01T21:59:00",
            "2026-03-01T22:00:00.5-00:30",
            "2026-03-01Tnoon",
        ]
    ),
    st.integers(1_767_225_600, 1_773_000_000),
    st.integers(1_767_225_600_000, 1_773_000_000_000),
    st.floats(1.7e9, 1.8e9),
)
TYPED = st.fixed_dictionaries(
    {"model": st.sampled_from(["big", "acme/big", "small", "free", "nope", ""])},
    optional={
        "usage": st.fixed_dictionaries({}, optional=TYPED_FIELDS),
        "timestamp": TYPED_STAMP,
        "created_at": TYPED_STAMP,
        "created": TYPED_STAMP,
        "batch": st.one_of(st.none(), st.booleans()),
    }
    | TYPED_FIELDS,
)
# Lines of batch results files: OpenAI's response.body, Anthropic's result.message.
WRAPPED = st.one_of(
    st.builds(
        lambda body, cid: {"custom_id": cid, "response": {"status_code": 200, "body": body}},
        st.one_of(TYPED, RECORD, st.none()),
        st.one_of(st.just("task-1"), st.none(), st.integers()),
    ),
    st.builds(
        lambda body: {"custom_id": "t", "result": {"type": "succeeded", "message": body}},
        st.one_of(TYPED, RECORD, st.integers()),
    ),
)
# ... with fields of their own that may make them usage records (then not batch results)
OWN = st.fixed_dictionaries(
    {},
    optional={
        "usage": st.one_of(st.none(), st.just({}), USAGE),
        "prompt_tokens": TYPED_COUNT,
        "output_tokens": st.one_of(st.none(), st.just(-1), st.integers(0, 9)),
        "input_tokens_details": st.one_of(st.none(), st.just({})),
        "model": MODEL,
        "timestamp": TYPED_STAMP,
        "batch": BATCH,
        "response": st.one_of(st.none(), st.just("text"), st.just({"body": None})),
    },
)
WRAPPED = st.one_of(WRAPPED, st.builds(lambda own, line: own | line, OWN, WRAPPED))
JUNK_LINES = [
    b"",
    b"   ",
    b"\t\r",
    b"{",
    b'{"model": "big", "input_tokens": NaN}',
    b"[1]",
    b"null",
    b'"text"',
    b'{"model":"big","input_tokens":1} {"model":"big","input_tokens":2}',
    b'{"model":"big","input_tokens":1}{"model":"big","input_tokens":2}',
    b"\x0c",
    b"\xff\xfe",
    b'{"model":"big","input_tokens":5}\r',
    b'{"model":"big","input_tokens":5,"id":"\xff"}',  # not UTF-8 where msgspec skips
]
JUNK = st.sampled_from(JUNK_LINES)
LINE = st.one_of(
    RECORD.map(lambda r: json.dumps(r).encode()),
    TYPED.map(lambda r: json.dumps(r).encode()),
    WRAPPED.map(lambda r: json.dumps(r).encode()),
    JUNK,
)
RESOLVERS = st.sampled_from([RESOLVER, WITH_DEFAULT, SPLIT, SPLIT_DEFAULT])


def chat(prompt: int, cached: int, completion: int, reasoning: int) -> dict[str, Any]:
    """An OpenAI Chat Completions usage."""
    return {
        "prompt_tokens": prompt,
        "prompt_tokens_details": {"cached_tokens": cached},
        "completion_tokens": completion,
        "completion_tokens_details": {"reasoning_tokens": reasoning},
    }


def responses(given: int, cached: int, output: int, reasoning: int) -> dict[str, Any]:
    """An OpenAI Responses usage."""
    return {
        "input_tokens": given,
        "input_tokens_details": {"cached_tokens": cached},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": reasoning},
    }


def anthropic(given: int, read: int, written: int, hour: int, output: int) -> dict[str, Any]:
    """An Anthropic usage (``hour`` of the cache writes 1-hour)."""
    return {
        "input_tokens": given,
        "cache_read_input_tokens": read,
        "cache_creation_input_tokens": written,
        "cache_creation": {"ephemeral_1h_input_tokens": hour},
        "output_tokens": output,
    }


MARCH_1 = "2026-03-01T12:00:00Z"
FLAT = {"input_tokens": 50, "cached_tokens": 20, "reasoning_tokens": 5, "output_tokens": 9}
OPENAI_BODY = {"model": "small", "created": 1_772_407_800, "usage": chat(10, 2, 3, 1)}
ANTHROPIC_BODY = {"model": "big", "usage": anthropic(10, 2, 3, 1, 4)}
SHAPES: list[dict[str, Any]] = [
    {"model": "big", "timestamp": MARCH_1, "usage": chat(900, 300, 50, 20)},
    {"model": "big", "timestamp": MARCH_1, "usage": chat(900, 901, 50, 0)},  # cached > prompt
    {"model": "big", "timestamp": MARCH_1, "usage": chat(900, 0, 50, 51)},  # reasoning > out
    {"model": "big", "timestamp": MARCH_1, "usage": responses(1200, 400, 60, 30)},
    {"model": "big", "timestamp": MARCH_1, "usage": responses(1200, 0, 60, 61)},
    {"model": "big", "timestamp": MARCH_1, "usage": anthropic(100, 600, 400, 150, 40)},
    {"model": "big", "timestamp": MARCH_1, "usage": anthropic(100, 0, 5, 9, 40)},  # 1h > all
    {"model": "big", "timestamp": MARCH_1} | FLAT,  # cached and reasoning within
    {"model": "big", "timestamp": MARCH_1, "input_tokens": 5, "batch": True},
    # prompts at and over a threshold (big's 1,000, small's 3,000: small has no window,
    # so the loop itself compares), counted in three parts or as one
    {"model": "big", "timestamp": MARCH_1, "usage": anthropic(500, 300, 200, 0, 1)},
    {"model": "big", "timestamp": MARCH_1, "usage": anthropic(500, 300, 201, 0, 1)},
    {"model": "small", "timestamp": MARCH_1, "usage": anthropic(1500, 1000, 500, 0, 1)},
    {"model": "small", "timestamp": MARCH_1, "usage": anthropic(1500, 1000, 501, 0, 1)},
    {"model": "small", "timestamp": MARCH_1, "usage": chat(3001, 1000, 1, 0)},
    # a Unix time 30 minutes before a UTC midnight, in ms; created_at, created alone
    {"model": "small", "timestamp": 1_772_407_800, "input_tokens": 3},
    {"model": "small", "timestamp": 1_772_407_800_000, "input_tokens": 3},
    {"model": "small", "created_at": "2026-02-28T23:30:00Z", "input_tokens": 3},
    {"model": "small", "created": 1_772_407_800, "input_tokens": 3},
    {"model": "free", "timestamp": "2026-03-01T14:59:00", "input_tokens": 3},  # in a window
    {"input_tokens": 3, "timestamp": MARCH_1},  # no model: the default one, if any
    # lines of batch results files (OpenAI's, Anthropic's)
    {"custom_id": "t-1", "response": {"status_code": 200, "body": OPENAI_BODY}},
    {"custom_id": "t-2", "result": {"type": "succeeded", "message": ANTHROPIC_BODY}},
]
"""A record of each shape and path of the hot loop, each twice (a slot's first record is
added by the tally, the others inline): random records rarely take them all, and bugs
injected in the loop (a chat's cached count halved, a batch record added inline, the
prompt a tier is chosen by) went unseen in most runs of 100 random examples."""
AGGREGATED = {"model": "big", "timestamp": MARCH_1, "requests": 3, "input_tokens": 30}
HARD = [json.dumps(record).encode() for record in [*SHAPES, AGGREGATED] * 2]


# The explicit examples find each of 16 bugs injected in the fast path (11 in the hot
# loop's shapes and sums, 5 in line handling: doubled lines, blank lines inside or last,
# aggregated rows, bytes not UTF-8); 100 random examples alone found 4 of them in 3 runs
# of 5 or more, the others in at most 2. The random ones keep what they are for: hostile
# values of every type.
@example([*HARD, *JUNK_LINES, *HARD], True, SPLIT, 100)
@example([*HARD, *JUNK_LINES, *HARD], False, SPLIT_DEFAULT, 400)
# as many values as lines, with a blank line inside or last
@example([*HARD, b"", JUNK_LINES[9]], True, RESOLVER, 400)
@example([*HARD, JUNK_LINES[9], b"   "], False, RESOLVER, 400)
@settings(max_examples=100, deadline=None)
@given(st.lists(LINE, max_size=40), st.booleans(), RESOLVERS, st.integers(1, 400))
def test_fast_and_pure_tally_the_same_in_parts_of_any_size(
    lines: list[bytes], newline: bool, resolver: Resolver, part: int
) -> None:
    """The readers agree on any lines; so does the fast one reading them in small parts,
    lines longer than a part too (one test: drawing the lines is most of the cost)."""
    data = b"\n".join(lines) + (b"\n" if newline and lines else b"")
    fast_result, pure = both(data, resolver)
    assert fast_result == pure
    read, buckets, _, skips, _ = fast_result
    # every line is read (text after the last newline is a line when not empty) ...
    assert read == data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    # ... and is either priced or skipped
    priced = sum(bucket[0] for bucket in buckets.values())  # type: ignore[attr-defined]
    assert read == priced + sum(count for count, _ in skips.values())  # type: ignore[attr-defined]
    saved = fast.PART
    fast.PART = part
    try:
        in_parts, _ = both(data, resolver)
    finally:
        fast.PART = saved
    assert in_parts == pure


# 50 random examples: the explicit ones find each of 11 bugs injected in the hot loop's
# shapes and sums on every run; 100 random ones alone found 2 of them in every run of 5
# (a batch body's mark, created_at), the other 9 in at most 2 (random well-formed records
# rarely line up a slot, a threshold and a shape).
@example(SHAPES * 2, RESOLVER)
@example(SHAPES * 2, SPLIT_DEFAULT)
@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(TYPED, WRAPPED), min_size=1, max_size=40), RESOLVERS)
def test_well_formed_lines_take_the_chunk_path_and_agree(
    records: list[dict[str, Any]], resolver: Resolver
) -> None:
    data = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    fast, pure = both(data, resolver)
    assert fast == pure
    # the buckets hold every record priced once: the sums are the records' own
    _, buckets, _, _, _ = fast
    assert all(len(key) == 7 and len(sums) == 8 for key, sums in buckets.items())  # type: ignore[attr-defined]
    assert all(sums[0] == sums[7] for sums in buckets.values())  # type: ignore[attr-defined]


def line(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_blank_and_doubled_lines_keep_their_line_numbers() -> None:
    good = line(model="big", timestamp="2026-03-02", input_tokens=10, output_tokens=1)
    doubled = good + b" " + good
    data = b"\n".join([good, b"", doubled, b"  ", good]) + b"\n"
    fast, pure = both(data)
    assert fast == pure
    lines, buckets, _, skips, _ = fast
    assert lines == 5
    assert skips == {"blank line": (2, [("log", 2), ("log", 4)]), "invalid JSON": (1, [("log", 3)])}
    assert buckets == {
        ("big", date(2026, 3, 2).toordinal(), 0, None, False, None, None): [2, 20, 0, 0, 0, 2, 0, 2]
    }


def test_an_unterminated_last_line_is_read() -> None:
    data = line(model="small", input_tokens=3) + b"\n" + line(model="small", output_tokens=4)
    fast, pure = both(data)
    assert fast == pure
    assert fast[1] == {("small", None, 0, None, False, None, None): [2, 3, 0, 0, 0, 4, 0, 2]}


def test_first_lines_are_the_first_in_the_file_whichever_path_found_them() -> None:
    # line 1 goes through msgspec's hot loop, line 2 is rejected by msgspec (a string
    # count in a field its shape ignores) and read by the pure rules: both lack a model
    lines = [line(input_tokens=1)] * 3
    lines.insert(1, line(prompt_tokens=1, input_tokens="x"))
    fast, pure = both(b"\n".join(lines))
    assert fast == pure
    assert fast[3] == {"missing model": (4, [("log", 1), ("log", 2), ("log", 3), ("log", 4)])}


@pytest.mark.parametrize("jobs", [1, 2])
def test_pieces_and_workers_give_the_tally_of_one_piece(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    records = [
        line(model="big", timestamp=f"2026-02-{day:02d}", input_tokens=day, output_tokens=1)
        for day in range(1, 29)
    ]
    records[5] = b"{broken"
    records[17] = line(model="nope", input_tokens=2)
    log = tmp_path / "log.jsonl"
    log.write_bytes(b"\n".join(records * 20) + b"\n")
    whole = scan_logs(log_inputs([str(log)]), RESOLVER, parser="msgspec", jobs=1, renames={}).tally
    monkeypatch.setattr(sources, "PIECE", 300)  # about four lines a piece
    pieces = scan_logs(
        log_inputs([str(log)]), RESOLVER, parser="msgspec", jobs=jobs, renames={}
    ).tally
    assert snapshot(pieces) == snapshot(whole)
    assert whole.skips["invalid JSON"].lines == [(str(log), 6 + 28 * k) for k in range(5)]
    assert whole.skips["invalid JSON"].count == 20
    assert whole.unpriced == {("nope", "unknown model"): [20, 40, 0, 0, 0, 0, 0]}


def test_records_are_bucketed_by_tier_window_and_batch_on_both_paths() -> None:
    march_2 = date(2026, 3, 2).toordinal()

    def chat(prompt: int, **fields: object) -> bytes:
        usage = {"prompt_tokens": prompt, "completion_tokens": 10}
        return line(model="big", timestamp="2026-03-02T12:00:00Z", usage=usage, **fields)

    anthropic = {
        "input_tokens": 100,
        "cache_read_input_tokens": 600,
        "cache_creation_input_tokens": 250,
        "cache_creation": {"ephemeral_5m_input_tokens": 50, "ephemeral_1h_input_tokens": 200},
        "output_tokens": 40,
    }
    body = {"model": "small", "created": 1_772_452_800, "usage": {"prompt_tokens": 3001}}
    lines = [
        # prompts of 1,000 (not over the 1,000 threshold), 1,001 and 5,001 at 12:00 UTC
        chat(1000),
        chat(1001),
        chat(5001),
        # 01:30 at +02:00 is 23:30 UTC on 1 March: in its stretch 22:00-24:00
        line(model="big", timestamp="2026-03-02T01:30:00+02:00", input_tokens=7),
        # 2026-03-02 00:30 UTC: in the stretch 00:00-02:00 of 2 March (UTC days are cut
        # at midnight)
        line(model="big", timestamp=1_772_411_400, input_tokens=7),
        # 03:00 UTC: in the stretch 02:00-22:00, as is 12:00
        line(model="big", timestamp="2026-03-02T03:00:00Z", input_tokens=7),
        # a date alone has no time of day; a batch record is in no window
        line(model="big", timestamp="2026-03-02", input_tokens=7),
        line(model="big", timestamp="2026-03-02T23:00:00Z", input_tokens=7, batch=True),
        # 100 uncached + 600 read + 250 written (200 of them 1-hour) = a prompt of 950
        line(model="big", timestamp="2026-03-02T12:00:00Z", usage=anthropic),
        # a line of an OpenAI batch output file, 2026-03-02 12:00 UTC, small's tier 3,000
        line(custom_id="task-1", response={"status_code": 200, "body": body}),
    ]
    fast, pure = both(b"\n".join(lines) + b"\n", SPLIT)
    assert fast == pure
    day = march_2 * 1440  # the moment 2026-03-02 00:00 UTC
    assert fast[1] == {
        ("big", march_2, 0, day + 120, False, None, None): [3, 1107, 600, 50, 200, 50, 0, 3],
        ("big", march_2, 1000, day + 120, False, None, None): [1, 1001, 0, 0, 0, 10, 0, 1],
        ("big", march_2, 5000, day + 120, False, None, None): [1, 5001, 0, 0, 0, 10, 0, 1],
        ("big", march_2, 0, day - 1440 + 1320, False, None, None): [1, 7, 0, 0, 0, 0, 0, 1],
        ("big", march_2, 0, day, False, None, None): [1, 7, 0, 0, 0, 0, 0, 1],
        ("big", march_2, 0, -1, False, None, None): [1, 7, 0, 0, 0, 0, 0, 1],
        ("big", march_2, 0, None, True, None, None): [1, 7, 0, 0, 0, 0, 0, 1],
        ("small", march_2, 3000, None, True, None, None): [1, 3001, 0, 0, 0, 0, 0, 1],
    }

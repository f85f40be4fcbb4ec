"""How one usage record is read: shapes, cached-token conventions, timestamps, names."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tokencost.catalogue.names import model_candidates
from tokencost.replay import normalise as n
from tokencost.replay.normalise import Skip, day_ordinal, epoch_day, normalise


def test_openai_prompt_tokens_include_cached_and_completion_includes_reasoning() -> None:
    record = {
        "model": "gpt-5.5",
        "created": 1_780_000_000,
        "usage": {
            "prompt_tokens": 1000,
            "completion_tokens": 300,
            "prompt_tokens_details": {"cached_tokens": 400},
            "completion_tokens_details": {"reasoning_tokens": 100},
        },
    }
    assert normalise(record) == (
        "gpt-5.5",
        1_780_000_000 // 86_400,
        1_780_000_000,
        (600, 400, 0, 0, 200, 100),
        False,
        None,
        None,
        None,
    )


def test_anthropic_input_tokens_exclude_cache_reads_and_writes() -> None:
    record = {
        "model": "claude-opus-4-8-20260514",
        "usage": {
            "input_tokens": 600,
            "cache_read_input_tokens": 400,
            "cache_creation_input_tokens": 50,
            "output_tokens": 300,
        },
    }
    assert normalise(record) == (
        "claude-opus-4-8-20260514",
        None,
        None,
        (600, 400, 50, 0, 300, 0),
        False,
        None,
        None,
        None,
    )


def test_the_same_call_logged_both_ways_gives_the_same_counts() -> None:
    openai = {"prompt_tokens": 1000, "completion_tokens": 300}
    openai["prompt_tokens_details"] = {"cached_tokens": 400}  # type: ignore[assignment]
    anthropic = {"input_tokens": 600, "cache_read_input_tokens": 400, "output_tokens": 300}
    assert n.counts(openai) == n.counts(anthropic) == (600, 400, 0, 0, 300, 0)
    assert sum(n.counts(openai)) == 1300  # not 1700: cached tokens counted once


def test_openai_responses_input_includes_cached() -> None:
    usage = {
        "input_tokens": 500,
        "input_tokens_details": {"cached_tokens": 200},
        "output_tokens": 80,
        "output_tokens_details": {"reasoning_tokens": 30},
    }
    assert n.counts(usage) == (300, 200, 0, 0, 50, 30)


def test_a_flat_record_and_a_bare_usage_object() -> None:
    flat = {"model": "small", "timestamp": "2026-03-01T10:00:00Z", "input_tokens": 90}
    flat |= {"cached_tokens": 40, "output_tokens": 10, "reasoning_tokens": 4}
    assert normalise(flat) == (
        "small",
        "2026-03-01",
        "2026-03-01T10:00:00Z",
        (50, 40, 0, 0, 6, 4),
        False,
        None,
        None,
        None,
    )
    bare = normalise({"prompt_tokens": 7, "completion_tokens": 3})
    assert bare == (None, None, None, (7, 0, 0, 0, 3, 0), False, None, None, None)


def test_usage_wins_over_top_level_counts_and_nulls_are_absent() -> None:
    record = {"input_tokens": 999, "usage": {"prompt_tokens": 5, "completion_tokens": None}}
    record["usage"]["prompt_tokens_details"] = None  # type: ignore[index]
    assert normalise(record).counts == (5, 0, 0, 0, 0, 0)
    assert normalise({"usage": None, "output_tokens": 2}).counts == (0, 0, 0, 0, 2, 0)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ([1, 2], n.NOT_OBJECT),
        ("text", n.NOT_OBJECT),
        ({"model": 5, "input_tokens": 1}, n.MISSING_MODEL),
        ({"model": "x"}, n.NO_TOKENS),
        ({"usage": [1]}, n.NO_TOKENS),
        ({"usage": {"total_tokens": 5}}, n.NO_TOKENS),
        ({"input_tokens_details": {"cached_tokens": 1}}, n.NO_TOKENS),
        ({"input_tokens": -1}, n.NEGATIVE),
        ({"input_tokens": 1.5}, n.NOT_INTEGER),
        ({"input_tokens": 12.0}, n.NOT_INTEGER),
        ({"input_tokens": "12"}, n.NOT_INTEGER),
        ({"input_tokens": True}, n.NOT_INTEGER),
        ({"prompt_tokens": 1, "prompt_tokens_details": 3}, n.NOT_INTEGER),
        ({"prompt_tokens": 1, "prompt_tokens_details": {"cached_tokens": 2}}, n.CACHED_EXCEEDS),
        ({"input_tokens": 1, "cached_tokens": 2}, n.CACHED_EXCEEDS),
        ({"output_tokens": 1, "reasoning_tokens": 2}, n.REASONING_EXCEEDS),
        ({"input_tokens": 1, "timestamp": True}, n.BAD_TIMESTAMP),
        ({"input_tokens": 1, "timestamp": {"day": 1}}, n.BAD_TIMESTAMP),
    ],
)
def test_records_that_cannot_be_priced_say_why(record: Any, reason: str) -> None:
    with pytest.raises(Skip) as caught:
        normalise(record)
    assert str(caught.value) == reason


def test_nan_and_truncated_lines_are_invalid_json() -> None:
    for line in (
        b'{"input_tokens": NaN}',
        b'{"input_tokens": Infinity}',
        b'{"model":"x",',
    ):
        with pytest.raises(Skip) as caught:
            n.parse_line(line)
        assert str(caught.value) == n.INVALID_JSON


def test_timestamp_fields_in_order_and_their_day() -> None:
    assert n.day_key({"timestamp": None, "created_at": "2026-05-01T23:59:59-07:00"}) == "2026-05-01"
    assert n.day_key({"created_at": 86_400 * 3, "created": "2026-01-01"}) == 3
    assert n.day_key({}) is None


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (1_777_593_600, date(2026, 5, 1)),  # seconds
        (1_777_593_600_000, date(2026, 5, 1)),  # milliseconds
        (1_777_593_600_000_000, date(2026, 5, 1)),  # microseconds
        (1_777_593_600_000_000_000, date(2026, 5, 1)),  # nanoseconds
        (1_777_593_599.9, date(2026, 4, 30)),
        (-1, date(1969, 12, 31)),
    ],
)
def test_unix_times_are_utc_days(value: float, day: date) -> None:
    assert day_ordinal(epoch_day(value)) == day.toordinal()


@pytest.mark.parametrize("key", ["2026-13-01", "2026-02-30", "26-01-01", "", "2026-1-1 x", 10**9])
def test_impossible_days_are_bad_timestamps(key: str | int) -> None:
    with pytest.raises(Skip, match=n.BAD_TIMESTAMP):
        day_ordinal(key)


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("gpt-5.5", "gpt-5.5"),
        (" GPT-5.5 ", "gpt-5.5"),
        ("openai/gpt-5.5-2026-04-23", "gpt-5.5"),
        ("openrouter/openai/gpt-5.5", "gpt-5.5"),
        ("claude-opus-4-8-20260514", "claude-opus-4-8"),
        ("claude-opus-4-8@20260514", "claude-opus-4-8"),
    ],
)
def test_model_names_as_providers_write_them(written: str, found: str) -> None:
    candidates = model_candidates(written)
    assert candidates[0] == written.strip().lower()
    assert candidates[-1] == found


def test_a_flat_record_may_sum_requests_and_carry_a_project_and_a_session() -> None:
    flat = {"model": "small", "input_tokens": 90, "output_tokens": 10, "requests": 3}
    flat |= {"project": "web", "session": "s-1"}
    found = normalise(flat)
    assert (found.requests, found.project, found.session) == (3, "web", "s-1")
    with pytest.raises(Skip, match="non-integer tokens"):
        normalise({**flat, "requests": "3"})
    with pytest.raises(Skip, match="negative tokens"):
        normalise({**flat, "requests": -1})
    assert normalise({**flat, "project": 7, "session": ""})[6:] == (None, None)

"""Claude Code transcripts: the fast reader and the pure one tally every input alike, and
each message is counted once, keeping its last line (within a file) where first read
(across files)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from benchmarks.claude_code import generate
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, Run
from tokencost.replay.formats import FORMATS
from tokencost.replay.read import scan_logs
from tokencost.replay.sources import log_inputs
from tokencost.replay.tally import RECORDS, Resolver, Tally

pytest.importorskip("msgspec")

NAMES = {"big": "big", "acme/big": "big", "small": "small"}
PRICED_FROM = {"big": date(2026, 1, 1).toordinal(), "small": date(2026, 1, 1).toordinal()}
MARCH_15 = date(2026, 3, 15).toordinal()
PLAIN = Resolver(NAMES, PRICED_FROM, None, MARCH_15)
SPLIT = Resolver(NAMES, PRICED_FROM, None, MARCH_15, {"big": ((1000,), ((None, None, 1320, 120),))})
SESSIONS = Resolver(NAMES, PRICED_FROM, "small", MARCH_15, label="session")
CLAUDE = FORMATS["claude-code"]

VALID = st.integers(0, 3000)
COUNT = st.one_of(VALID, VALID, VALID, st.none(), st.integers(-2, -1), st.sampled_from(["7"]))
PLAIN_USAGE = st.fixed_dictionaries(
    {"input_tokens": VALID, "output_tokens": VALID, "cache_creation_input_tokens": VALID},
    optional={
        "cache_read_input_tokens": VALID,
        "cache_creation": st.fixed_dictionaries({"ephemeral_1h_input_tokens": VALID}),
    },
)
USAGE = st.one_of(
    PLAIN_USAGE,
    PLAIN_USAGE,
    st.fixed_dictionaries(
        {"input_tokens": COUNT, "output_tokens": COUNT},
        optional={
            "cache_read_input_tokens": COUNT,
            "cache_creation_input_tokens": COUNT,
            "cache_creation": st.one_of(
                st.none(), st.fixed_dictionaries({}, optional={"ephemeral_1h_input_tokens": COUNT})
            ),
            "speed": st.sampled_from(["fast", "standard", None]),
            "prompt_tokens": COUNT,
            "cached_tokens": COUNT,
            "service_tier": st.just("standard"),
        },
    ),
    st.sampled_from(["n/a", 5, None, []]),
)
STAMP = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "2026-03-02T09:00:00.000Z",
            "2026-03-02T23:30:00.000Z",
            "2026-03-03T01:00:00+02:00",
            "2026-02-30T01:00:00Z",
            "2026-03-02",
        ]
    ),
    st.integers(1_772_000_000, 1_773_000_000),
    st.just(True),
)
ASSISTANT = st.fixed_dictionaries(
    {
        "type": st.just("assistant"),
        "timestamp": STAMP,
        "message": st.fixed_dictionaries(
            {"role": st.just("assistant"), "usage": USAGE},
            optional={
                "id": st.sampled_from(["msg_1", "msg_2", "msg_3", None]),
                "model": st.sampled_from(["big", "acme/big", "small", "nope", "<synthetic>", None]),
                "content": st.just([{"type": "text", "text": "..."}]),
            },
        ),
    },
    optional={
        "requestId": st.sampled_from(["req_1", "req_2", None]),
        "sessionId": st.sampled_from(["s-1", "s-2", "", None]),
    },
)
OTHER = st.sampled_from(
    [
        {"type": "user", "sessionId": "s-1", "message": {"role": "user", "content": "hi"}},
        {"type": "summary", "summary": "x", "leafUuid": "u"},
        {"sessionId": "s-1", "message": {}},
        {"type": None, "message": None},
        {"type": 3},
    ]
)
LINE = st.one_of(
    ASSISTANT.map(json.dumps),
    OTHER.map(json.dumps),
    st.sampled_from(["", "{broken", "[1, 2]", '"text"', "  "]),
)
FILES = st.lists(st.lists(LINE, min_size=1, max_size=25), min_size=1, max_size=3)
RESOLVERS = st.sampled_from([PLAIN, SPLIT, SESSIONS])


def snapshot(tally: Tally) -> tuple[object, ...]:
    skips = {reason: (s.count, s.lines) for reason, s in tally.skips.items()}
    counted = (tally.records, tally.without_usage, tally.duplicates, tally.outside)
    return tally.buckets, tally.unpriced, skips, counted


def scan(folder: Path, resolver: Resolver, parser: str, jobs: int = 1) -> Tally:
    inputs = log_inputs([str(folder)])
    fresh = Resolver(**{k: v for k, v in vars(resolver).items() if k != "verdicts"})
    return scan_logs(inputs, fresh, parser=parser, jobs=jobs, renames={}, log_format=CLAUDE).tally


def files(folder: Path, lines: list[list[str]]) -> None:
    """The folder holding a transcript of each item of ``lines``, and nothing else."""
    for old in folder.iterdir():
        old.unlink()
    for index, content in enumerate(lines):
        (folder / f"session-{index}.jsonl").write_text("\n".join(content) + "\n")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for each example's transcripts (:func:`files` empties it first)."""
    return tmp_path_factory.mktemp("transcripts")


def assistant(usage: object, model: str | None = "big", **fields: object) -> str:
    """A transcript's assistant line (message ``msg_1`` of request ``req_1`` unless
    ``fields`` say otherwise: ``id``, ``requestId``, ``sessionId``, ``timestamp``)."""
    message = {"role": "assistant", "id": fields.pop("id", "msg_1"), "model": model}
    value = {
        "type": "assistant",
        "timestamp": fields.pop("timestamp", "2026-03-02T09:00:00.000Z"),
        "requestId": fields.pop("requestId", "req_1"),
        "sessionId": fields.pop("sessionId", "s-1"),
        "message": message | {"usage": usage},
    }
    return json.dumps(value | fields)


def writes(total: int, hour: int) -> dict[str, object]:
    """A usage's cache writes: ``total``, ``hour`` of them (says the usage) 1-hour."""
    return {
        "cache_creation_input_tokens": total,
        "cache_creation": {"ephemeral_1h_input_tokens": hour},
    }


PLAIN_COUNTS = {"input_tokens": 10, "output_tokens": 20, "cache_read_input_tokens": 30}
HARD = [
    assistant(PLAIN_COUNTS | {"speed": "fast"}, id="msg_9"),  # billed as big-fast
    assistant(PLAIN_COUNTS | {"speed": "fast"}, "small", id="msg_8"),
    # 1-hour writes within the writes, and over them (the pure rules decide)
    assistant(PLAIN_COUNTS | writes(500, 120), id="msg_3"),
    assistant(PLAIN_COUNTS | writes(5, 9), id="msg_4"),
    # no request id: a message by its session, the line's or (blank) the file's
    assistant(PLAIN_COUNTS, requestId=None, id="msg_5", sessionId="s-2"),
    assistant(PLAIN_COUNTS, requestId=None, id="msg_5", sessionId="s-1"),
    assistant(PLAIN_COUNTS, requestId=None, id="msg_5", sessionId="  "),
    assistant(PLAIN_COUNTS, id=None, sessionId="s-2"),  # no id: counted as it is
    assistant(PLAIN_COUNTS, id="", sessionId="s-2"),
    assistant(PLAIN_COUNTS, "<synthetic>", id="msg_6"),  # Claude Code's own notice
    # usages of other shapes, one without counts, an epoch timestamp, a day alone
    assistant({"input_tokens": 10, "output_tokens": 5, "cached_tokens": 3}, id="msg_7"),
    assistant({"prompt_tokens": 10, "completion_tokens": 5}, id="msg_10"),
    assistant({"input_tokens": 9, "output_tokens": 5, "reasoning_tokens": 2}, id="msg_11"),
    assistant({"cache_read_input_tokens": 7}, id="msg_12"),
    assistant({"output_tokens": 7}, id="msg_13", timestamp=1_772_445_600),
    assistant(PLAIN_COUNTS, id="msg_14", timestamp="2026-03-02"),
    json.dumps({"sessionId": "s-1", "message": {"usage": PLAIN_COUNTS, "model": "big"}}),
    assistant(PLAIN_COUNTS | {"output_tokens": 25}),  # msg_1's final line
]
"""Lines of the paths random lines rarely take, read whole (the part decoded at once)
and, after a broken line, line by line; the second file repeats every message (counted
where first read). Bugs injected in the fast path that the random examples missed in
most runs of 200 (fast mode, a key by session, ``<synthetic>``, a usage with
``cached_tokens``, an id of "") are found by these on every run."""


@example([HARD, ["{broken", *HARD]], PLAIN)
@example([HARD, ["{broken", *HARD]], SPLIT)
@example([HARD, ["{broken", *HARD]], SESSIONS)
# 100 random examples: with the explicit ones above, every fast-path bug injected (14:
# fast mode, 1-hour writes, keys, sessions, shapes, counts, timestamps) is found; the
# common ones were found within 100 in each of 5 seeds, the rare ones are explicit.
@settings(max_examples=100, deadline=None)
@given(FILES, RESOLVERS)
def test_fast_and_pure_tally_transcripts_the_same(
    folder: Path, lines: list[list[str]], resolver: Resolver
) -> None:
    files(folder, lines)
    fast, pure = scan(folder, resolver, "msgspec"), scan(folder, resolver, "python")
    assert snapshot(fast) == snapshot(pure)
    priced = sum(b[RECORDS] for b in fast.buckets.values())
    skipped = sum(s.count for s in fast.skips.values())
    assert fast.records == priced + skipped + fast.without_usage + fast.duplicates


def test_workers_and_one_process_tally_alike(tmp_path: Path) -> None:
    def line(mid: str, out: int, day: str) -> str:
        usage = {"input_tokens": 10, "output_tokens": out}
        message = {"id": mid, "model": "big", "usage": usage}
        return json.dumps(
            {
                "type": "assistant",
                "sessionId": "s",
                "requestId": "r",
                "timestamp": day,
                "message": message,
            }
        )

    for index in range(40):
        lines = [line(f"m{index}", 1, "2026-03-02"), line(f"m{index}", 50, "2026-03-02")]
        lines.append(line(f"m{index - 1}", 50, "2026-03-02"))  # a copy of the last file's
        (tmp_path / f"s{index:02d}.jsonl").write_text("\n".join(lines) + "\n")
    one, two = scan(tmp_path, PLAIN, "msgspec", 1), scan(tmp_path, PLAIN, "msgspec", 2)
    assert snapshot(one) == snapshot(two)
    [bucket] = one.buckets.values()
    # 40 messages (the first file's copy of m-1 is new: no file had it before), each
    # counted once with its last line's 50 output tokens
    assert bucket[RECORDS] == 41
    assert bucket[5] == 41 * 50
    assert one.duplicates == 40 + 39


REFERENCE_FIELDS = ("input_tokens", "output_tokens", "cache_read_input_tokens")


def reference(lines: list[list[str]]) -> dict[str, int]:
    """Output tokens per message key, by the rule: last line within a file, first file
    across files; only well-formed lines of a known model with plain counts."""
    counted: dict[str, int] = {}
    for content in lines:
        mine: dict[str, int] = {}
        for text in content:
            try:
                value: Any = json.loads(text)
            except ValueError:
                continue
            message = value.get("message") if isinstance(value, dict) else None
            if value.get("type") != "assistant" if isinstance(value, dict) else True:
                continue
            if not isinstance(message, dict) or not isinstance(message.get("usage"), dict):
                continue
            key = f"{message.get('id')}:{value.get('requestId')}"
            mine[key] = message["usage"]["output_tokens"]
        for key, output in mine.items():
            counted.setdefault(key, output)
    return counted


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(["m1", "m2", "m3", "m4"]), st.integers(0, 500)),
            min_size=1,
            max_size=12,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_each_message_is_counted_once_with_its_final_output(
    folder: Path, messages: list[list[tuple[str, int]]]
) -> None:
    lines = [
        [
            json.dumps(
                {
                    "type": "assistant",
                    "sessionId": "s",
                    "requestId": "r",
                    "timestamp": "2026-03-02T10:00:00Z",
                    "message": {
                        "id": mid,
                        "model": "big",
                        "usage": {"input_tokens": 1, "output_tokens": out},
                    },
                }
            )
            for mid, out in content
        ]
        for content in messages
    ]
    files(folder, lines)
    tally = scan(folder, PLAIN, "msgspec")
    expected = reference(lines)
    [bucket] = tally.buckets.values()
    assert bucket[RECORDS] == len(expected)
    assert bucket[5] == sum(expected.values())
    assert tally.duplicates == sum(len(c) for c in lines) - len(expected)


def test_a_generated_folder_bills_each_message_once_with_its_final_usage(
    run: Run, tmp_path: Path
) -> None:
    # the benchmark's generator: streamed responses (1 output token on the earlier lines),
    # resumed sessions that copy earlier messages, summaries, <synthetic> notices
    generate.write(tmp_path, 6000, seed=3)
    expected = json.loads((tmp_path / "expected.json").read_text())
    messages, uncached, read, written, output = (
        sum(counts[i] for counts in expected["final"].values()) for i in range(5)
    )
    catalogue = REPO / "benchmarks" / "claude_code" / "catalogue"
    result = run(
        "replay", str(tmp_path / "projects"), "--catalogue", str(catalogue), "--json",
        "--jobs", "2",
    )  # fmt: skip
    assert (result.code, result.err) == (0, "")
    d = json.loads(result.out)
    t = d["traffic"]
    assert (t["records"], t["input_tokens"], t["cache_read_tokens"]) == (messages, uncached, read)
    assert (t["cache_write_tokens"], t["output_tokens"]) == (written, output)
    a = d["accounting"]
    assert a["records_read"] == expected["lines"]
    assert a["records_skipped"] == 0
    assert a["records_priced"] + a["records_without_usage"] + a["duplicates"] == expected["lines"]

"""Both replay readers (msgspec and pure Python) agree on hostile JSON Lines.

Each line is a record (or junk) made hostile at the byte level: nested deep, bytes that
are not UTF-8, huge numbers, counts of the wrong type, NUL, a byte-order mark, CRLF,
duplicate keys, missing usage, control and bidi characters in model names. The two
readers must give the same tally (every figure and every skip, with its reason and
lines) and, through the command, the same JSON document.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import Run
from tokencost.replay.lines import scan_pure
from tokencost.replay.normalise import INVALID_UTF8, TOO_DEEP
from tokencost.replay.tally import Resolver, Tally

pytest.importorskip("msgspec", reason="the fast reader needs msgspec (the fast extra)")
from tokencost.replay.scan import scan_fast

MARCH_15 = date(2026, 3, 15).toordinal()
JANUARY = date(2026, 1, 1).toordinal()
RESOLVER = Resolver(
    {"big": "big", "small": "small"}, {"big": JANUARY, "small": JANUARY}, None, MARCH_15
)

# Far past Python's recursion limit (about 1,000 levels, less what the stack already
# holds) and far below it: within a few levels of the limit the readers' stacks decide
# (docs/limits.md).
DEPTHS = st.sampled_from([1, 2, 30, 1_200, 3_000])
# Most records could be priced, so that what is made hostile about them decides.
MODELS = st.one_of(
    st.just("big"),
    st.sampled_from(["small", "", "big\x00", "\u202ebig", "b\x1b[31mig", "big\u200b", "\ufeffbig"]),
)
VALID = st.integers(0, 10_000)
COUNTS: st.SearchStrategy[object] = st.one_of(
    VALID,
    VALID,
    st.sampled_from([-1, 2**63, 2**64, 10**30, -(2**63)]),
    st.sampled_from([1.0, 1.5, 1e300, True, False, "12", None, [], {}]),
)
FIELDS = ("input_tokens", "output_tokens", "cached_tokens", "prompt_tokens", "completion_tokens")
RECORD = st.fixed_dictionaries(
    {"model": MODELS, "input_tokens": COUNTS},
    optional={
        "timestamp": st.sampled_from(["2026-03-01T12:00:00Z", "2026-03-01", "x", 1.77e9]),
        "usage": st.one_of(st.none(), st.dictionaries(st.sampled_from(FIELDS), COUNTS)),
        **dict.fromkeys(FIELDS[1:], COUNTS),
    },
)
# Raw bytes put into a string of an unread field: some are not UTF-8 (a stray byte, a
# cut sequence, an encoded surrogate, an overlong slash), some are valid but unusual.
INSERTS = st.sampled_from(
    [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xe2\x80\xae", b"\xc3\xa9", b"\\u0000"]
)


@st.composite
def hostile_line(draw: st.DrawFn) -> bytes:
    record = draw(RECORD)
    line = json.dumps(record, ensure_ascii=draw(st.booleans())).encode()
    extras = draw(st.lists(st.sampled_from(["deep", "bytes", "nul", "dupe"]), max_size=2))
    for extra in extras:
        if extra == "deep":
            depth = draw(DEPTHS)
            nested = b"[" * depth + b"]" * depth
            line = line[:-1] + b', "deep": ' + nested + b"}"
        elif extra == "bytes":
            line = line[:-1] + b', "note": "a' + draw(INSERTS) + b'z"}'
        elif extra == "nul":  # a raw NUL in a string: not JSON
            line = line[:-1] + b', "note": "\x00"}'
        else:  # a duplicate key, written first: the last one counts
            key = draw(st.sampled_from((*FIELDS, "model")))
            first = json.dumps({key: draw(COUNTS)}).encode()
            line = first[:-1] + b", " + line[1:]
    if draw(st.booleans()):
        line = b"\xef\xbb\xbf" + line  # a byte-order mark
    if draw(st.booleans()):
        line += b"\r"  # CRLF
    return line


JUNK = st.sampled_from(
    [b"", b" ", b"{", b"[" * 2_000 + b"]" * 2_000, b"\xff", b"null", b"\x00", b"{}"]
)
LINES = st.lists(st.one_of(hostile_line(), JUNK), max_size=25)


def tally_of(data: bytes, fast: bool) -> tuple[object, ...]:
    tally = Tally(RESOLVER, "log")
    tally.lines = (scan_fast if fast else scan_pure)(data, tally, 0)
    skips = {reason: (s.count, s.lines) for reason, s in tally.skips.items()}
    counted = (tally.extra, tally.without_usage, tally.duplicates, tally.notes)
    return tally.lines, tally.buckets, tally.unpriced, skips, counted


@settings(max_examples=100, deadline=None)
@given(LINES, st.booleans())
def test_hostile_json_lines_give_the_same_tally_on_both_readers(
    lines: list[bytes], last_newline: bool
) -> None:
    data = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    fast, pure = tally_of(data, fast=True), tally_of(data, fast=False)
    assert fast == pure
    read, buckets, _, skips, _ = pure  # every line priced or skipped (unpriced ones too)
    priced = sum(sums[0] for sums in buckets.values())  # type: ignore[attr-defined]
    assert read == priced + sum(count for count, _ in skips.values())  # type: ignore[attr-defined]


GOOD = b'{"model": "big", "timestamp": "2026-03-01", "input_tokens": 1000000, "output_tokens": 0}'
DEEP = b'{"model": "big", "input_tokens": 5, "x": ' + b"[" * 1_000 + b"]" * 1_000 + b"}"
NOT_UTF8 = b'{"model": "big", "input_tokens": 5, "note": "caf\xe9"}'  # Latin-1
SURROGATE = NOT_UTF8.replace(b"\xe9", b"\xed\xa0\x80")  # UTF-8 forbids surrogates


@pytest.mark.parametrize(
    ("bad", "reason"),
    [(DEEP, TOO_DEEP), (NOT_UTF8, INVALID_UTF8), (SURROGATE, INVALID_UTF8)],
)
def test_a_deep_or_non_utf8_line_is_skipped_by_both_readers_with_its_reason(
    bad: bytes, reason: str
) -> None:
    data = GOOD + b"\n" + bad + b"\n" + GOOD + b"\n"
    for fast in (True, False):
        lines, buckets, _, skips, _ = tally_of(data, fast)
        assert (lines, skips) == (3, {reason: (1, [("log", 2)])})
        assert [sums[0] for sums in buckets.values()] == [2]  # type: ignore[attr-defined]
    # the same in a part decoded at once and in one decoded line by line
    assert tally_of(data, True) == tally_of(data, False)


@pytest.mark.parametrize("bad", [DEEP, NOT_UTF8], ids=["deep", "not-utf8"])
def test_the_command_prints_the_same_document_with_either_reader(
    run: Run, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: bytes
) -> None:
    log = tmp_path / "log.jsonl"
    log.write_bytes(GOOD + b"\n" + bad + b"\n")
    documents = []
    for parser in ("python", "msgspec"):
        monkeypatch.setenv("TOKENCOST_REPLAY_PARSER", parser)
        result = run("replay", str(log), "--catalogue", str(tiny), "--json")
        assert (result.code, result.err) == (0, "")
        documents.append(json.loads(result.out))
    python, fast = documents
    assert python == fast
    reason = TOO_DEEP if bad is DEEP else INVALID_UTF8
    assert python["accounting"]["skipped"] == [
        {"reason": reason, "count": 1, "first_lines": [f"{log}:2"]}
    ]
    assert python["accounting"]["records_priced"] == 1

"""A JSON document read whole from a stream (stdin, gzip) is bounded like every file
read whole: beyond 64 MiB, one line and exit 2, not a read until memory runs out."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from tests.helpers import Run
from tokencost.errors import InputError
from tokencost.replay.sources import LogInput, read_rest

RECORD = b'[{"model": "big", "timestamp": "2026-03-02", "input_tokens": 1, "output_tokens": 0}'


def test_a_compressed_document_over_64_mib_is_one_clear_error(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = tmp_path / "big.json.gz"
    # 64 gzip members of 1 MiB each (a file of members reads as one stream, as gzip's
    # own tools read it): compressing 64 MiB at once took most of the test's time
    spaces = gzip.compress(b" " * (1 << 20), compresslevel=1)
    log.write_bytes(gzip.compress(RECORD) + spaces * 64 + gzip.compress(b"]"))
    result = run("replay", str(log), "--catalogue", str(tiny))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {log}: more than 64 MiB to read whole from a stream or a compressed file "
        "(a JSON document or a Claude Code transcript); save it as a plain file and pass "
        "its path\n"
    )


def test_the_bound_counts_the_head_and_admits_a_document_of_exactly_the_limit() -> None:
    log = LogInput("<stdin>", None, None)
    assert read_rest(log, io.BytesIO(b"6789"), b"12345", limit=9) == b"123456789"
    with pytest.raises(InputError, match="to read whole from a stream"):
        read_rest(log, io.BytesIO(b"67890"), b"12345", limit=9)

"""A CSV log with a quote left open: the line where it opened is one counted skip.

Python's csv module reads a quote left open as a field that runs on through every
later row (to the end of the file, or to a stray quote): those rows were neither
priced nor skipped, and ``--strict`` exited 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import Run

HEADER = "model,timestamp,input_tokens,output_tokens,note\n"
ROW = "big,2026-03-02,1000000,0,{note}\n"  # $2 each


def replay(run: Run, tiny: Path, log: Path, *extra: str) -> tuple[int, Any, str]:
    result = run("replay", str(log), "--catalogue", str(tiny), "--json", *extra)
    return result.code, json.loads(result.out) if result.out else None, result.err


def test_an_unclosed_quote_skips_its_line_and_the_rows_after_it_are_priced(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    rows = [ROW.format(note="ok"), ROW.format(note='"never closed'), *[ROW.format(note="ok")] * 3]
    log.write_text(HEADER + "".join(rows))
    code, d, err = replay(run, tiny, log)
    assert (code, err) == (0, "")
    assert d["accounting"]["records_read"] == 5
    assert d["accounting"]["records_priced"] == 4
    assert d["accounting"]["skipped"] == [
        {"reason": "unclosed quote", "count": 1, "first_lines": [f"{log}:3"]}
    ]
    assert d["actual"]["cost"] == 8

    result = run("replay", str(log), "--catalogue", str(tiny), "--strict")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: --strict: 1 of 5 records skipped: unclosed quote: 1 (first: {log}:3)\n"
    )


def test_a_quote_closed_by_a_stray_quote_lines_later_is_unclosed_too(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    # line 2 opens a quote; line 4's first quote would close it, text following
    log = tmp_path / "log.csv"
    rows = ['"big,2026-03-02,1000000,0,x\n', ROW.format(note="ok"), ROW.format(note='"a" b')]
    log.write_text(HEADER + "".join(rows))
    code, d, err = replay(run, tiny, log)
    assert (code, err) == (0, "")
    assert d["accounting"]["skipped"] == [
        {"reason": "unclosed quote", "count": 1, "first_lines": [f"{log}:2"]}
    ]
    assert (d["accounting"]["records_priced"], d["actual"]["cost"]) == (2, 4)


def test_a_closed_quoted_field_may_span_lines_and_the_row_is_its_first_line(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    rows = [ROW.format(note='"two\nlines, ""quoted"""'), "big,2026-03-02,x,0,\n"]
    log.write_text(HEADER + "".join(rows))
    code, d, err = replay(run, tiny, log)
    assert (code, err) == (0, "")
    assert d["accounting"]["records_read"] == 2
    assert d["accounting"]["skipped"] == [
        {"reason": "non-integer tokens", "count": 1, "first_lines": [f"{log}:4"]}
    ]
    assert d["actual"]["cost"] == 2


def test_an_unclosed_quote_in_the_header_is_an_error_naming_line_1(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log.csv"
    log.write_text('model,"input_tokens,output_tokens\n' + "big,1,2\n")
    result = run("replay", str(log), "--catalogue", str(tiny))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: {log}: line 1: the CSV header has an unclosed quote; close it\n"

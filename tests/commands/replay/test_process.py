"""``tokencost replay`` on a generated log: exact to the last digit, both readers and
workers alike (in-process: the real ``main``, its worker processes real), and as a real
process where the process is the point: stdin from a pipe, a start without msgspec, the
progress bar on a terminal or not."""

from __future__ import annotations

import gzip
import json
import os
import pty
import select
import subprocess
import sys
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from benchmarks.replay import generate, reference

from tests.helpers import TINY, invoke
from tokencost.replay import sources
from tokencost.replay.scan import PARSER_ENV, parser_name

AS_OF = "2026-04-01"
PIECE = 512 << 10
"""Bytes of a file per piece in the runs with workers: the generated logs are read in
several pieces of two parts each (the real size, 8 MiB, would read them in one, and no
worker would start; a part is 256 KiB)."""


def parsed(result: subprocess.CompletedProcess[Any]) -> dict[str, Any]:
    assert (result.returncode, result.stderr) == (0, result.stderr[:0])
    found: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return found


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4,000 generated records over a month that crosses big's price change (Mar 1st),
    with 1% broken lines and 1% unknown models: over 1.4 MB, three pieces of
    :data:`PIECE` (the Decimal reference reading a longer log was most of the cost)."""
    path = tmp_path_factory.mktemp("logs") / "usage.jsonl"
    generate.write(str(path), 4_000, ("big", "small", "free"), date(2026, 2, 15), 30, bad=0.01)
    assert path.stat().st_size > 2 * PIECE
    return path


@pytest.fixture(scope="module")
def short_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 generated records (about 280 kB) with 1% broken lines, for the runs of a
    real process."""
    path = tmp_path_factory.mktemp("logs") / "short.jsonl"
    generate.write(str(path), 1_000, ("big", "small", "free"), date(2026, 2, 15), 30, bad=0.01)
    return path


@cache
def replay(
    log: Path, catalogue: Path, *args: str, parser: str | None = None, piece: int = sources.PIECE
) -> subprocess.CompletedProcess[str]:
    """``tokencost replay LOG --json ARGS`` in-process (its workers are real processes),
    with files read in pieces of ``piece`` bytes; run once per module for the same
    arguments (the tests only read its output)."""
    saved, sources.PIECE = sources.PIECE, piece
    try:
        return invoke(
            *("replay", str(log), "--catalogue", str(catalogue), "--as-of", AS_OF, "--json"),
            *args,
            env={PARSER_ENV: parser},
        )
    finally:
        sources.PIECE = saved


def test_totals_equal_the_decimal_reference_to_the_last_digit(log: Path) -> None:
    d = parsed(replay(log, TINY, "--jobs", "2", piece=PIECE))
    expected = reference.price_log(
        log, reference.Catalogue.read(TINY), date.fromisoformat(AS_OF), ["big", "small", "free"]
    )
    assert expected.unpriceable == set()
    assert d["accounting"]["lines_read"] == expected.lines == 4_000
    assert d["accounting"]["records_priced"] == expected.priced
    assert d["accounting"]["records_skipped"] == expected.skipped
    assert d["actual"]["cost"] == expected.actual
    assert {c["model"]: c["cost"] for c in d["candidates"]} == expected.candidates
    assert len(d["actual"]["models"][0]["prices"]) == 2  # big before and after Mar 1st


def test_the_fast_and_the_pure_python_readers_print_the_same_json(log: Path) -> None:
    fast = replay(log, TINY, "--by", "day")
    pure = replay(log, TINY, "--by", "day", parser="python")
    assert parsed(fast) == parsed(pure)
    assert fast.stdout == pure.stdout


def test_workers_print_the_same_json_as_one_process(log: Path) -> None:
    pieces = replay(log, TINY, "--jobs", "2", piece=PIECE)
    assert pieces.stdout == replay(log, TINY, "--jobs", "1").stdout


STDIN_PIECE = 64 << 10
"""Bytes per piece of stdin in the runs reading it: the short log is several pieces (the
real size is 2 MiB)."""


def test_stdin_and_gzip_read_like_the_file(short_log: Path) -> None:
    """A real process reading a real pipe, plain and gzip-compressed, in several pieces
    (so its workers read them)."""
    assert short_log.stat().st_size > 3 * STDIN_PIECE
    from_file = parsed(replay(short_log, TINY, "--jobs", "1"))
    code = (
        f"import sys; from tokencost.replay import sources; sources.STREAM_PIECE = {STDIN_PIECE}; "
        "from tokencost.cli import main; "
        f"sys.exit(main(['replay', '-', '--catalogue', {str(TINY)!r}, '--as-of', {AS_OF!r}, "
        "'--json', '--jobs', '2']))"
    )
    for data in (short_log.read_bytes(), gzip.compress(short_log.read_bytes())):
        from_stdin = parsed(
            subprocess.run(
                [sys.executable, "-c", code], input=data, capture_output=True, timeout=120
            )
        )
        assert from_stdin["inputs"] == ["<stdin>"]
        skipped = from_stdin["accounting"]["skipped"]
        assert all(line.startswith("<stdin>:") for s in skipped for line in s["first_lines"])
        for key in ("actual", "candidates", "traffic", "unpriced_traffic"):
            assert from_stdin[key] == from_file[key]


def test_without_msgspec_the_pure_python_reader_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real process that starts without msgspec (nothing imports it on the way)."""
    monkeypatch.setitem(sys.modules, "msgspec", None)  # import msgspec now fails
    assert parser_name() == "python"
    line = b'{"model": "big", "timestamp": "2026-03-02", "input_tokens": 1000000}\n'
    code = (
        "import sys; sys.modules['msgspec'] = None; from tokencost.cli import main; "
        f"sys.exit(main(['replay', '-', '--catalogue', {str(TINY)!r}, '--json']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input=line, capture_output=True, timeout=60
    )
    assert json.loads(result.stdout)["actual"]["cost"] == 2


def progress_run(log: Path, stderr: int) -> subprocess.Popen[bytes]:
    """A real process replaying ``log`` with its stderr on ``stderr``, the progress bar
    shown after no time at all (it shows after half a second of reading; this log takes
    less)."""
    code = (
        "import sys, tokencost.cli.progress as p; p.SHOW_AFTER = 0; "
        "from tokencost.cli import main; "
        f"sys.exit(main(['replay', {str(log)!r}, '--catalogue', {str(TINY)!r}]))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "120"},
    )


def test_no_progress_bar_when_stderr_is_not_a_terminal(short_log: Path) -> None:
    out, err = progress_run(short_log, subprocess.PIPE).communicate(timeout=60)
    assert (out.startswith(b"Replay of "), err) == (True, b"")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_progress_bar_on_a_terminal(short_log: Path) -> None:
    leader, follower = pty.openpty()
    process = progress_run(short_log, follower)
    os.close(follower)
    drawn = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert b"replay" in drawn
    assert b"MB" in drawn or b"kB" in drawn
    assert out.startswith(b"Replay of ")


DIMENSIONS_ACME = """\
provider = "acme"
name = "Acme"

[[models]]
id = "big"
name = "Big"
aliases = ["acme/big"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 4
output = 12
cache_read = 0.4
cache_write = 5
cache_write_minutes = 5
cache_write_long = 8
cache_write_long_minutes = 60
reasoning = 20
batch_discount = 0.5
per_1k_requests = 0.25
tiers = [{ above = 200_000, input = 8, output = 24, cache_read = 0.8 }]

[[models.prices.off_peak]]
start = "16:30"
end = "00:30"
input = 2
output = 6
cache_read = 0.2
cache_write = 2.5

[[models.prices]]
effective = 2026-03-01
source = "book"
input = 2
output = 6
cache_read = 0.2
tiers = [{ above = 100_000, input = 3, output = 9 }, { above = 272_000, input = 4, output = 12 }]
off_peak = [{ start = "22:00", end = "02:00", input = 1, output = 3 }]

[[models]]
id = "small"
name = "Small"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 0.04
output = 0.12
batch_input = 0.02
batch_output = 0.06
tiers = [{ above = 128_000, input = 0.08, output = 0.24 }]

[[models]]
id = "free"
name = "Free"

[[models.prices]]
effective = 2026-02-01
source = "book"
input = 0
output = 0
"""


def test_every_dimension_equals_the_decimal_reference_to_the_last_digit(
    tmp_path: Path, tiny: Path
) -> None:
    """A generated log with long prompts, batch records and batch output lines, 1-hour
    cache writes, offsets and dates alone, over a price change that moves tiers and
    windows, priced on a catalogue with every dimension."""
    (tiny / "acme.toml").write_text(DIMENSIONS_ACME)
    log = tmp_path / "dimensions.jsonl"
    models = ("big", "small", "free")
    generate.write(str(log), 3_000, models, date(2026, 2, 15), 30, bad=0.01, dimensions=True)
    assert log.stat().st_size > 2 * PIECE
    expected = reference.price_log(
        log, reference.Catalogue.read(tiny), date.fromisoformat(AS_OF), list(models)
    )
    fast = replay(log, tiny, "--jobs", "2", piece=PIECE)
    pure = replay(log, tiny, parser="python")
    assert fast.stdout == pure.stdout
    d = parsed(fast)
    assert d["accounting"]["lines_read"] == expected.lines == 3_000
    assert d["accounting"]["records_priced"] == expected.priced
    assert d["actual"]["cost"] == expected.actual
    assert {c["model"]: c["cost"] for c in d["candidates"]} == expected.candidates
    big = next(c for c in d["candidates"] if c["model"] == "big")
    # every dimension was billed
    assert all(big["breakdown"][part] > 0 for part in ("cache_read", "cache_write",
               "reasoning", "requests", "batch_savings", "off_peak_savings"))  # fmt: skip
    assert [t["above"] for t in big["tiers"]] == [100_000, 200_000, 272_000]
    assert d["traffic"]["batch_records"] > 0 < d["traffic"]["cache_write_long_tokens"]

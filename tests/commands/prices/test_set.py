"""``tokencost prices set``: dated entries added atomically, comments kept, refusals."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, TINY_ACME, Run
from tokencost.catalogue import load_catalogue

COMMENTED = "# Acme's prices, reviewed by hand.\n" + TINY_ACME.replace(
    "[[models.prices]]\neffective = 2026-03-01",
    "# the March cut\n[[models.prices]]\neffective = 2026-03-01",
).replace('id = "small"', 'id = "small"  # the small one')


@pytest.fixture
def commented(tiny: Path) -> Path:
    (tiny / "acme.toml").write_text(COMMENTED)
    return tiny


def set_args(folder: Path, *extra: str) -> list[str]:
    return ["prices", "set", "--catalogue", str(folder), *extra]


def test_set_then_show(run: Run, tiny: Path) -> None:
    result = run(
        *set_args(tiny, "big", "--input", "3.50", "--output", "10", "--effective", "2026-02-01"),
        "--source",
        "book",
        "--note",
        "February price",
    )
    assert (result.code, result.out.splitlines()[0]) == (
        0,
        f"Added a price of big in {tiny / 'acme.toml'}",
    )
    assert "bump `version`" in result.err
    shown = json.loads(
        run(
            "prices", "show", "big", "--json", "--catalogue", str(tiny), "--as-of", "2026-02-15"
        ).out,
        parse_float=Decimal,
    )
    feb = [p for p in shown["prices"] if p["effective"] == "2026-02-01"]
    assert feb == [
        {
            "model": "big",
            "provider": "acme",
            "source": "book",
            "host": None,
            "default_host": False,
            "effective": "2026-02-01",
            "until": "2026-03-01",
            "input": Decimal("3.50"),
            "output": 10,
            "checked": None,
            "via": None,
            "note": "February price",
            "derived": None,
            "in_effect": True,
        }
    ]
    # the January book price now ends where the new one starts
    jan = next(
        p for p in shown["prices"] if (p["source"], p["effective"]) == ("book", "2026-01-01")
    )
    assert jan["until"] == "2026-02-01"


def test_the_entry_is_spliced_in_date_order_and_comments_are_kept(
    run: Run, commented: Path
) -> None:
    before = (commented / "acme.toml").read_text()
    result = run(
        *set_args(commented, "big", "--input", "3", "--output", "9", "--effective", "2026-02-01"),
        "--source",
        "book",
    )
    assert result.code == 0, result.err
    after = (commented / "acme.toml").read_text()
    block = '[[models.prices]]\neffective = 2026-02-01\nsource = "book"\ninput = 3\noutput = 9\n\n'
    # inserted right above the March entry's own comment, nothing else touched
    assert after == before.replace("# the March cut\n", block + "# the March cut\n", 1)
    assert "How: added as text; the rest of the file is unchanged, comments kept." in result.out
    entries = load_catalogue(commented).model("big").prices
    assert [(e.source, str(e.effective)) for e in entries] == [
        ("book", "2026-01-01"),
        ("list", "2026-01-01"),
        ("book", "2026-02-01"),
        ("book", "2026-03-01"),
    ]


def test_an_entry_after_the_last_goes_at_the_end_of_the_models_prices(
    run: Run, commented: Path
) -> None:
    result = run(
        *set_args(commented, "small", "--input", "0.05", "--output", "0.15"),
        "--effective",
        "2026-07-01",
        "--source",
        "list",
        "--via",
        "book",
        "--checked",
        "2026-07-02",
    )
    assert result.code == 0, result.err
    raw = tomllib.loads((commented / "acme.toml").read_text(), parse_float=Decimal)
    assert raw["models"][1]["prices"][-1] == {
        "effective": date(2026, 7, 1),
        "source": "list",
        "input": Decimal("0.05"),
        "output": Decimal("0.15"),
        "checked": date(2026, 7, 2),
        "via": "book",
    }
    assert (commented / "acme.toml").read_text().count("#") == COMMENTED.count("#")


def test_a_duplicate_is_refused(run: Run, tiny: Path) -> None:
    before = (tiny / "acme.toml").read_bytes()
    result = run(
        *set_args(tiny, "big", "--input", "4.00", "--output", "12"),
        "--effective",
        "2026-01-01",
        "--source",
        "book",
    )
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: big already has this entry (source 'book' effective 2026-01-01, input 4, "
        "output 12); nothing to change\n"
    )
    assert (tiny / "acme.toml").read_bytes() == before


def test_a_contradiction_is_refused_unless_replace(run: Run, commented: Path) -> None:
    args = set_args(commented, "big", "--input", "5", "--output", "12", "--effective", "2026-01-01")
    refused = run(*args, "--source", "book")
    assert refused.code == 2
    assert refused.err == (
        "error: big already has a price from source 'book' effective 2026-01-01 (input 4, "
        "output 12) that this one contradicts; pass --replace to replace it\n"
    )
    before = (commented / "acme.toml").read_text()
    replaced = run(*args, "--source", "book", "--replace", "--json")
    assert replaced.code == 0, replaced.err
    doc = json.loads(replaced.out)
    assert (doc["schema"], doc["method"], doc["replaced"]["input"]) == (
        "tokencost.prices.set/1",
        "spliced",
        4,
    )
    after = (commented / "acme.toml").read_text()
    old = 'effective = 2026-01-01\nsource = "book"\ninput = 4\noutput = 12\n'
    new = 'effective = 2026-01-01\nsource = "book"\ninput = 5\noutput = 12\n'
    assert after == before.replace(old, new, 1)
    assert doc["catalogue"]["digest"] == load_catalogue(commented).digest


def test_replacing_an_entry_that_carries_a_comment_needs_drop_comments(
    run: Run, tiny: Path
) -> None:
    text = TINY_ACME.replace("input = 2\n", "input = 2  # after the cut\n")
    (tiny / "acme.toml").write_text(text)
    args = set_args(tiny, "big", "--input", "2.5", "--output", "6", "--effective", "2026-03-01")
    refused = run(*args, "--source", "book", "--replace")
    assert refused.code == 2
    assert "the file has comments and its layout does not let the entry be added as text" in (
        refused.err
    )
    assert (tiny / "acme.toml").read_text() == text
    dropped = run(*args, "--source", "book", "--replace", "--drop-comments")
    assert dropped.code == 0, dropped.err
    assert "#" not in (tiny / "acme.toml").read_text()
    assert load_catalogue(tiny).price_at("big", date(2026, 3, 1)).input == Decimal("2.5")


INLINE = """\
provider = "acme"
name = "Acme"

[[models]]
id = "big"
name = "Big"
prices = [
  { effective = 2026-01-01, source = "book", input = 4, output = 12 },
]
"""


def test_a_file_without_comments_in_another_layout_is_rewritten_with_tomli_w(
    run: Run, tiny: Path
) -> None:
    (tiny / "acme.toml").write_text(INLINE)
    result = run(
        *set_args(tiny, "big", "--input", "3", "--output", "9", "--effective", "2026-02-01"),
        "--source",
        "book",
    )
    assert result.code == 0, result.err
    assert "How: file rewritten with tomli-w (it had no comments)." in result.out
    assert [e.input for e in load_catalogue(tiny).model("big").prices] == [4, 3]


def test_a_file_with_comments_in_another_layout_is_refused(run: Run, tiny: Path) -> None:
    text = "# hand-written\n" + INLINE
    (tiny / "acme.toml").write_text(text)
    result = run(
        *set_args(tiny, "big", "--input", "3", "--output", "9", "--effective", "2026-02-01"),
        "--source",
        "book",
    )
    assert result.code == 2
    assert result.err.startswith(f"error: {tiny / 'acme.toml'}: not written: the file has comments")
    assert "tomli-w would drop the comments" in result.err
    assert (tiny / "acme.toml").read_text() == text


def test_an_entry_that_would_make_the_catalogue_invalid_is_not_written(
    run: Run, tiny: Path
) -> None:
    before = (tiny / "acme.toml").read_bytes()
    # a host-only price for 'small' from source 'list' needs small.default_host
    result = run(
        *set_args(tiny, "small", "--input", "1", "--output", "2", "--effective", "2026-02-01"),
        "--source",
        "list",
        "--host",
        "groq",
    )
    assert result.code == 2
    assert result.err.startswith(
        "error: not written: with this entry the catalogue would be invalid"
    )
    assert (
        "default_host: missing; source 'list' prices small only through hosts (groq)" in result.err
    )
    assert (tiny / "acme.toml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input", "-1"], "error: --input: -1 is negative; it must be 0 or more"),
        (["--input", "abc"], "error: --input: 'abc' is not a number"),
        (["--effective", "2026-13-01"], "error: --effective: '2026-13-01' is not a date"),
        (["--source", "lst"], "error: unknown source 'lst'; did you mean 'list'?"),
        (["--via", "nope"], "error: unknown source 'nope'"),
        (["--model", "x"], "error: No such option: --model"),
    ],
)
def test_bad_values(run: Run, tiny: Path, args: list[str], message: str) -> None:
    base = {"--input": "1", "--output": "2", "--effective": "2026-02-01", "--source": "book"}
    flags = dict(zip(args[::2], args[1::2], strict=True))
    line = [item for key, value in (base | flags).items() for item in (key, value)]
    before = (tiny / "acme.toml").read_bytes()
    result = run(*set_args(tiny, "big", *line))
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(message), result.err
    assert (tiny / "acme.toml").read_bytes() == before


def test_no_temporary_file_is_left(run: Run, tiny: Path) -> None:
    assert (
        run(
            *set_args(
                tiny,
                "big",
                "--input",
                "1",
                "--output",
                "2",
                "--effective",
                "2026-02-01",
                "--source",
                "book",
            )
        ).code
        == 0
    )
    assert sorted(p.name for p in tiny.iterdir()) == ["acme.toml", "manifest.toml"]


# -- a kill at any moment leaves the old file or the new one --------------------------

SLOW_STEPS = """
import os, sys, time
target = os.environ["TOKENCOST_TEST_STOP_AT"]  # e.g. fsync:2, the second fsync
seen = {}
def paused(name, real):
    def step(*args):
        seen[name] = seen.get(name, 0) + 1
        if f"{name}:{seen[name]}" == target:
            print("stopped at " + target, file=sys.stderr, flush=True)
            time.sleep(60)
        return real(*args)
    return step
os.fsync = paused("fsync", os.fsync)
os.replace = paused("replace", os.replace)
from tokencost.cli import main
sys.exit(main(sys.argv[1:]))
"""


def set_command(folder: Path) -> list[str]:
    return [
        "prices", "set", "big", "--input", "3", "--output", "9", "--effective", "2026-02-01",
        "--source", "book", "--catalogue", str(folder),
    ]  # fmt: skip


def expected_after(before: str) -> str:
    block = '[[models.prices]]\neffective = 2026-02-01\nsource = "book"\ninput = 3\noutput = 9\n\n'
    marker = "[[models.prices]]\neffective = 2026-03-01"
    return before.replace(marker, block + marker, 1)


def outcome(folder: Path, before: str) -> str:
    text = (folder / "acme.toml").read_text()
    tomllib.loads(text)  # always parseable
    load_catalogue(folder)  # and valid
    assert not [p for p in folder.glob("*.toml") if p.name not in ("acme.toml", "manifest.toml")]
    if text == before:
        return "before"
    assert text == expected_after(before)
    return "after"


@pytest.mark.parametrize(
    ("step", "count", "expected"),
    [("fsync", 1, "before"), ("replace", 1, "before"), ("fsync", 2, "after")],
)
def test_a_kill_at_each_step_of_the_write(tiny: Path, step: str, count: int, expected: str) -> None:
    """SIGKILL when the temp file is written (its fsync), just before the rename, and
    after it (the folder's fsync)."""
    before = (tiny / "acme.toml").read_text()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_STEPS, *set_command(tiny)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TOKENCOST_TEST_STOP_AT": f"{step}:{count}"},
        cwd=REPO,
    )
    assert proc.stderr is not None
    assert proc.stderr.readline() == f"stopped at {step}:{count}\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert outcome(tiny, before) == expected


@pytest.mark.slow
def test_kills_at_random_moments(tmp_path: Path, tiny: Path) -> None:
    """Many runs killed after a random delay: the file is always the old or the new one."""
    before = (tiny / "acme.toml").read_text()
    rng = random.Random(4)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tokencost", *set_command(tiny)], check=True, capture_output=True
    )
    span = time.perf_counter() - started
    seen = set()
    for attempt in range(10):
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        for name in ("manifest.toml",):
            (folder / name).write_bytes((tiny / name).read_bytes())
        (folder / "acme.toml").write_text(before)
        proc = subprocess.Popen(
            [sys.executable, "-m", "tokencost", *set_command(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.2) * span)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        seen.add(outcome(folder, before))
    assert seen <= {"before", "after"}, seen
    print(f"outcomes: {sorted(seen)}")


LONG_TIER = (
    "tiers = [{ above = 200000, input = 5.00003, output = 22.5, cache_read = 0.50001, "
    "cache_write = 6.25, cache_write_long = 10.00001 }]\n"
    "cache_write = 2.5\ncache_write_long = 4\ncache_write_long_minutes = 60\n"
)


def test_replace_keeps_a_long_tier_and_windows_as_inline_tables(run: Run, tiny: Path) -> None:
    """An entry's tiers and windows are written as inline tables however long they are
    (tomli-w writes a long one as a [[tiers]] table, which after [[models.prices]] is a
    top-level key: "tiers: unknown key")."""
    window = (
        'off_peak = [{ days = ["sat", "sun"], start = "00:00", end = "24:00", '
        'zone = "Asia/Shanghai", input = 1, output = 3 }]\n'
    )
    text = TINY_ACME.replace(
        "input = 4\noutput = 12\n", "input = 4\noutput = 12\n" + LONG_TIER + window, 1
    )
    (tiny / "acme.toml").write_text(text)
    args = set_args(tiny, "big", "--input", "5", "--output", "12", "--effective", "2026-01-01")
    result = run(*args, "--source", "book", "--replace", "--json")
    assert result.code == 0 and result.err.startswith("note: the catalogue's data changed")
    assert json.loads(result.out)["kept"] == [
        "cache_write", "cache_write_long", "cache_write_long_minutes", "tiers", "off_peak",
    ]  # fmt: skip
    entry = load_catalogue(tiny).price_at("big", date(2026, 1, 1))
    assert (entry.input, entry.cache_write_long) == (5, 4)
    [tier] = entry.tiers or ()
    assert (tier.above, tier.cache_write_long) == (200000, Decimal("10.00001"))
    [weekend] = entry.off_peak or ()
    assert (weekend.days, weekend.zone, weekend.end) == (("sat", "sun"), "Asia/Shanghai", "24:00")
    written = (tiny / "acme.toml").read_text()
    assert "[[tiers]]" not in written and "[[off_peak]]" not in written

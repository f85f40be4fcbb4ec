"""Off-peak windows with days of the week and a time zone, worked by hand.

The catalogue below is our own, shaped like DeepSeek's V4 prices from 2026-08-23
(genai-prices 0.2.3's notes): peak (the standard price) 09:00-12:00 and 14:00-18:00
Beijing time on weekdays, off-peak every other minute, all day at weekends:

    standard: input 1.32, output 3.96 (USD per 1M tokens)
    off-peak, Asia/Shanghai (UTC+8, no daylight saving):
      mon-fri 12:00-14:00, mon-fri 18:00-09:00, sat,sun 00:00-24:00: input 0.66, output 1.98

and "night", a New York night (America/New_York has daylight saving):

    standard: input 2, output 8; off-peak 22:00-06:00 New York time: input 1, output 4

Each record below is 1,000,000 input and 1,000,000 output tokens, so a record costs
the sum of its two prices in dollars: peak $5.28, off-peak $2.64; night $10 or $5.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Run, write
from tokencost import zones
from tokencost.catalogue.schema import CheckedEntry
from tokencost.engine.dimensions import price_workload, window_shares
from tokencost.engine.rates import window_at
from tokencost.quantities import CONTEXT
from tokencost.replay.tally import SPANNED, UNTIMED, Split
from tokencost.validation import validate
from tokencost.workload.schema import from_table

MANIFEST = """\
name = "zoned"
version = "2026.08.0"
updated = 2026-08-23
currency = "USD"
default_source = "book"

[sources.book]
title = "Test prices"
"""

WEEK = """\
provider = "acme"
name = "Acme"

[[models]]
id = "week"
name = "Week"

[[models.prices]]
effective = 2026-08-01
source = "book"
input = 1.32
output = 3.96

[[models.prices.off_peak]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "12:00"
end = "14:00"
zone = "Asia/Shanghai"
input = 0.66
output = 1.98

[[models.prices.off_peak]]
days = ["mon", "tue", "wed", "thu", "fri"]
start = "18:00"
end = "09:00"
zone = "Asia/Shanghai"
input = 0.66
output = 1.98

[[models.prices.off_peak]]
days = ["sat", "sun"]
start = "00:00"
end = "24:00"
zone = "Asia/Shanghai"
input = 0.66
output = 1.98

[[models]]
id = "night"
name = "Night"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 2
output = 8
off_peak = [{ start = "22:00", end = "06:00", input = 1, output = 4, zone = "America/New_York" }]
"""

PEAK, OFF = Decimal("5.28"), Decimal("2.64")


@pytest.fixture
def zoned(tmp_path: Path) -> Path:
    folder = tmp_path / "zoned"
    write(folder / "manifest.toml", MANIFEST)
    write(folder / "acme.toml", WEEK)
    return folder


def at(text: str) -> int:
    """The moment of an ISO 8601 time."""
    return zones.moment(datetime.fromisoformat(text))


def entry(off_peak: list[dict[str, Any]]) -> Any:
    data = {"effective": date(2026, 8, 1), "source": "book", "input": 2, "output": 8}
    return validate(CheckedEntry, {**data, "off_peak": off_peak})


DEEPSEEK_WINDOWS = [
    {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "12:00", "end": "14:00"},
    {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "18:00", "end": "09:00"},
    {"days": ["sat", "sun"], "start": "00:00", "end": "24:00"},
]


def deepseek() -> Any:
    priced = [
        {**w, "zone": "Asia/Shanghai", "input": Decimal("0.66"), "output": Decimal("1.98")}
        for w in DEEPSEEK_WINDOWS
    ]
    return entry(priced)


def test_a_saturday_in_beijing_that_is_friday_in_utc() -> None:
    week = deepseek()
    # Friday 2026-08-28 16:00 UTC is Saturday 00:00 in Beijing (UTC+8): the weekend
    # window; a minute earlier it is Friday 23:59 there, in the weekday night window
    assert window_at(week, at("2026-08-28T16:00:00+00:00")) == week.off_peak[2]
    assert window_at(week, at("2026-08-28T15:59:00+00:00")) == week.off_peak[1]
    # Friday 01:30 UTC is 09:30 in Beijing: peak; 08:00 UTC is 16:00 there: peak
    assert window_at(week, at("2026-08-28T01:30:00+00:00")) is None
    assert window_at(week, at("2026-08-28T08:00:00+00:00")) is None
    # Saturday 02:00 UTC (10:00 Saturday in Beijing) is peak on a weekday, not at weekends
    assert window_at(week, at("2026-08-29T02:00:00+00:00")) == week.off_peak[2]
    # Sunday 2026-08-30 16:00 UTC is Monday 00:00 in Beijing: the night window of Monday,
    # until Monday 09:00 there, 01:00 UTC
    assert window_at(week, at("2026-08-30T16:00:00+00:00")) == week.off_peak[1]
    assert window_at(week, at("2026-08-31T00:59:00+00:00")) == week.off_peak[1]
    assert window_at(week, at("2026-08-31T01:00:00+00:00")) is None
    # the same moment written with Beijing's offset is the same moment
    assert at("2026-08-29T00:00:00+08:00") == at("2026-08-28T16:00:00+00:00")


def test_a_window_across_midnight_on_weekdays_only() -> None:
    week = deepseek()
    # the 18:00-09:00 window on weekdays: Thursday 23:00 and Friday 03:00 Beijing time
    # are in it (each minute on its own day); Saturday 03:00 is the weekend window's
    assert window_at(week, at("2026-08-27T15:00:00+00:00")) == week.off_peak[1]
    assert window_at(week, at("2026-08-27T19:00:00+00:00")) == week.off_peak[1]
    assert window_at(week, at("2026-08-28T19:00:00+00:00")) == week.off_peak[2]


def test_daylight_saving_in_new_york_moves_the_window_on_utc_time() -> None:
    night = entry([{"start": "22:00", "end": "06:00", "input": 1, "output": 4,
                    "zone": "America/New_York"}])  # fmt: skip
    # Saturday 2026-03-07, EST (UTC-5): 22:00-06:00 is 03:00-11:00 UTC
    assert window_at(night, at("2026-03-07T10:30:00+00:00")) is not None
    # Sunday 2026-03-08 the clocks jump from 02:00 EST to 03:00 EDT (UTC-4): the
    # window ends at 06:00 EDT = 10:00 UTC, so 10:30 UTC is out, 09:30 UTC in
    assert window_at(night, at("2026-03-08T10:30:00+00:00")) is None
    assert window_at(night, at("2026-03-08T09:30:00+00:00")) is not None
    # the edges of that UTC day: 03:00 UTC (22:00 EST starts it), 05:00 (local
    # midnight), 07:00 (the clocks change), 10:00 (06:00 EDT ends it)
    rule = night.off_peak[0].rule
    assert zones.day_edges((rule,), date(2026, 3, 8).toordinal()) == (0, 180, 300, 420, 600)
    # seven hours in the window that UTC day (the night is an hour shorter), eight the day before
    assert _minutes_in(rule, date(2026, 3, 8)) == 7 * 60
    assert _minutes_in(rule, date(2026, 3, 7)) == 8 * 60


def _minutes_in(rule: zones.Window, day: date) -> int:
    return sum(zones.covers(rule, day.toordinal() * 1440 + m) for m in range(1440))


def test_day_edges_split_a_day_where_each_window_is_all_in_or_all_out() -> None:
    rules = tuple(w.rule for w in deepseek().off_peak)
    for day in (date(2026, 8, 28), date(2026, 8, 29), date(2026, 8, 30), date(2026, 8, 31)):
        edges = (*zones.day_edges(rules, day.toordinal()), 1440)
        for start, end in itertools.pairwise(edges):
            base = day.toordinal() * 1440
            inside = {tuple(zones.covers(r, base + m) for r in rules) for m in range(start, end)}
            assert len(inside) == 1, (day, start, end)


def test_a_workload_spreads_its_off_peak_share_over_the_week() -> None:
    # Off-peak minutes of a week in Beijing: weekdays 2 h + 15 h, weekends 48 h: 10 h,
    # 75 h and 48 h. The traffic's off-peak share 0.3 is sent 16:00-01:00 UTC, which is
    # 00:00-09:00 in Beijing: 45 h of the week in the weekday night window, 18 h in the
    # weekend one (63 h in all). The other 0.7 is spread over the other 105 h of the week:
    # 10 h of it in the midday window, 30 h in the night one, 30 h in the weekend one.
    workload = from_table(
        {"name": "w", "tokens_per_day": 1_000_000, "ratio": "1:1",
         "off_peak_share": Decimal("0.3"), "off_peak_hours": "16:00-01:00"}, "w",
    )  # fmt: skip
    week = deepseek()
    shares = [share for _, share in window_shares(week, workload, date(2026, 8, 24))]
    with localcontext(CONTEXT):
        assert shares == [
            Decimal("0.7") * 10 / 105,
            Decimal("0.3") * 45 / 63 + Decimal("0.7") * 30 / 105,
            Decimal("0.3") * 18 / 63 + Decimal("0.7") * 30 / 105,
        ]
    # 500k input and 500k output a day cost 0.5 x 2 + 0.5 x 8 = $5 at this entry's
    # standard prices and 0.5 x 0.66 + 0.5 x 1.98 = $1.32 in its windows: a saving of
    # $3.68 for a whole day in them, times the share sent in the windows
    parts = price_workload(week, workload, week_of=date(2026, 8, 24))
    with localcontext(CONTEXT):
        assert parts.off_peak_savings == Decimal("3.68") * sum(shares)
    # without the hours, the share goes by minutes covered: 10, 75 and 48 of 133
    plain = from_table(
        {"name": "w", "tokens_per_day": 1_000_000, "ratio": "1:1",
         "off_peak_share": Decimal("0.3")}, "w",
    )  # fmt: skip
    with localcontext(CONTEXT):
        assert [s for _, s in window_shares(week, plain, date(2026, 8, 24))] == [
            Decimal("0.3") * 10 / 133,
            Decimal("0.3") * 75 / 133,
            Decimal("0.3") * 48 / 133,
        ]


def replay(run: Run, folder: Path, tmp_path: Path, *stamps: str, model: str = "week") -> Any:
    log = tmp_path / "log.jsonl"
    log.write_text(
        "".join(
            json.dumps({"model": model, "timestamp": stamp, "input_tokens": 1_000_000,
                        "output_tokens": 1_000_000}) + "\n"
            for stamp in stamps
        )
    )  # fmt: skip
    result = run("replay", str(log), "--catalogue", str(folder), "--json", "--models", model)
    assert (result.code, result.err) == (0, "")
    return json.loads(result.out, parse_float=Decimal)


def test_replay_buckets_records_on_the_windows_clock(run: Run, zoned: Path, tmp_path: Path) -> None:
    # Friday 2026-08-28: 01:30 UTC (09:30 Beijing) peak; 04:30 UTC (12:30) midday
    # off-peak; 16:30 UTC (Saturday 00:30) weekend; written with Beijing's offset,
    # 2026-08-29T10:00+08:00 (Saturday 10:00, peak on a weekday) weekend too.
    d = replay(
        run, zoned, tmp_path,
        "2026-08-28T01:30:00Z", "2026-08-28T04:30:00Z", "2026-08-28T16:30:00Z",
        "2026-08-29T10:00:00+08:00",
    )  # fmt: skip
    assert d["actual"]["cost"] == PEAK + 3 * OFF
    [row] = d["actual"]["models"]
    assert row["off_peak_records"] == 3


def test_replay_in_a_zone_with_daylight_saving(run: Run, zoned: Path, tmp_path: Path) -> None:
    # 10:30 UTC is 05:30 EST on 2026-03-07 (in the night window, $5) and 06:30 EDT on
    # 2026-03-08 (out, $10); 09:30 UTC on 2026-03-08 is 05:30 EDT (in, $5)
    d = replay(
        run, zoned, tmp_path,
        "2026-03-07T10:30:00Z", "2026-03-08T10:30:00Z", "2026-03-08T09:30:00Z",
        model="night",
    )  # fmt: skip
    assert d["actual"]["cost"] == Decimal(20)


@pytest.mark.parametrize(
    ("window", "message"),
    [
        (
            {"start": "22:00", "end": "06:00", "zone": "Asia/Beijing"},
            "off_peak[0].zone: 'Asia/Beijing' is not a time zone; write an IANA name",
        ),
        (
            {"start": "22:00", "end": "06:00", "days": ["sat", "sun", "sat"]},
            "days names a day twice",
        ),
        (
            {"start": "22:00", "end": "06:00", "days": ["saturday"]},
            "off_peak[0].days[0]: ",
        ),
        (
            {"start": "00:00", "end": "24:00"},
            "covers every minute of the week",
        ),
    ],
)
def test_bad_windows_are_refused(
    run: Run, zoned: Path, window: dict[str, Any], message: str
) -> None:
    toml = ", ".join(f"{k} = {json.dumps(v)}" for k, v in window.items())
    text = WEEK.replace(
        'off_peak = [{ start = "22:00", end = "06:00", input = 1, output = 4, '
        'zone = "America/New_York" }]',
        f"off_peak = [{{ {toml}, input = 1, output = 4 }}]",
    )
    (zoned / "acme.toml").write_text(text)
    result = run("models", "--catalogue", str(zoned))
    assert result.code == 2
    assert message in result.err
    assert "acme.toml" in result.err


def test_overlapping_day_windows_are_refused_naming_where(run: Run, zoned: Path) -> None:
    text = WEEK.replace('days = ["sat", "sun"]', 'days = ["fri", "sat", "sun"]')
    (zoned / "acme.toml").write_text(text)
    result = run("models", "--catalogue", str(zoned))
    assert result.code == 2
    assert (
        "off_peak: off-peak windows mon,tue,wed,thu,fri 12:00-14:00 Asia/Shanghai and "
        "fri,sat,sun 00:00-24:00 Asia/Shanghai overlap (fri 12:00-14:00); give each "
        "minute of the week one price"
    ) in result.err
    assert "acme.toml: models[0].prices[0].off_peak" in result.err


def test_windows_of_one_entry_share_one_zone(run: Run, zoned: Path) -> None:
    text = WEEK.replace('end = "14:00"\nzone = "Asia/Shanghai"\n', 'end = "14:00"\n')
    (zoned / "acme.toml").write_text(text)
    result = run("models", "--catalogue", str(zoned))
    assert result.code == 2
    assert "these use Asia/Shanghai, UTC; write them all in one zone" in result.err


def test_the_moment_of_a_record_is_utc() -> None:
    saturday = datetime(2026, 8, 29, 0, 0, tzinfo=UTC)
    assert zones.local("Asia/Shanghai", zones.moment(saturday)) == (5, 8 * 60)
    assert zones.local(None, zones.moment(saturday)) == (5, 0)


def test_an_aggregated_row_across_a_zoned_edge_is_spanned() -> None:
    """A row summing requests over ``span`` minutes is in one segment only when no edge
    of a window, read on the window's clock, falls inside it: Beijing's 18:00-09:00 is
    10:00-01:00 UTC, so an hour from 09:30 UTC crosses 10:00, one from 10:00 does not,
    and one from 00:30 UTC the next day's 01:00."""
    night: zones.Window = ("Asia/Shanghai", None, 18 * 60, 9 * 60)
    split = Split("m", None, (), (night,))
    day = date(2026, 11, 27).toordinal() * 1440
    assert split.segment("2026-11-27T09:30:00Z", 60) == SPANNED
    assert split.segment("2026-11-27T10:00:00Z", 60) == day + 600
    assert split.segment("2026-11-27T10:00:00Z") == day + 600
    assert split.segment("2026-11-27T00:30:00Z", 60) == SPANNED
    # Beijing's midnight (16:00 UTC) is an edge too; crossing midnight UTC is not
    assert split.segment("2026-11-27T23:30:00Z", 60) == day + 960
    assert split.segment("2026-11-27T23:30:00Z", 120) == SPANNED  # crosses 01:00 UTC
    assert split.segment("2026-11-27", 60) == UNTIMED

"""What genai-prices says in its notes but cannot write in its data, made into prices.

genai-prices' price list cannot put a date and a time of day on one price, nor a day of
the week on any (its own ``price_comments`` say so, and what the prices really are).
tokencost's windows can (:mod:`tokencost.zones`), so for the models named here the
imported entries are corrected as those notes describe. Each correction checks first
that the tracker's data is still what it corrects (the same dates, windows and
prices): when it is not, the correction is not applied and says why, so a newer
tracker file is never corrected blindly.

DeepSeek (genai-prices 0.2.3, models deepseek-v4-pro, deepseek-v4-flash and
deepseek-flash): peak hours are 01:00-04:00 and 06:00-10:00 UTC, that is 09:00-12:00
and 14:00-18:00 Beijing time (Asia/Shanghai, UTC+8 all year); the V4 models' peak
windows begin with their 2026-08-17 prices (genai-prices applies them to every date,
"the flat rate that applied before 2026-08-17" being the price before); from
2026-08-23 weekends are off-peak all day, Beijing time (deepseek-flash: "Weekends and
Chinese public holidays are off-peak all day"; holidays are not modelled).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from tokencost.catalogue.importers.common import Record

BEIJING = "Asia/Shanghai"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
UTC_PEAK = [("01:00", "04:00"), ("06:00", "10:00")]
UTC_OFF_PEAK = [("04:00", "06:00"), ("10:00", "01:00")]
"""DeepSeek's peak and off-peak hours in UTC, as genai-prices gives them."""
BEIJING_OFF_PEAK_WEEKDAYS = [("12:00", "14:00"), ("18:00", "09:00")]
"""The same hours on Beijing's clock."""
WEEKENDS_FROM = date(2026, 8, 23)
PEAK_FROM = date(2026, 8, 17)
WINDOW_FIELDS = ("input", "output", "cache_read", "cache_write")


@dataclass(frozen=True)
class Correction:
    """A correction of one tracker model's entries."""

    provider: str
    model: str
    why: str
    """What the tracker says that its data cannot (quoted in the entries' notes)."""
    apply: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
    """New entries from the imported ones; ValueError when they are not as expected."""


def _windows_of(entry: dict[str, Any]) -> list[tuple[str, str]]:
    return [(w["start"], w["end"]) for w in entry.get("off_peak") or []]


def _prices(spec: dict[str, Any]) -> dict[str, Any]:
    return {k: spec[k] for k in WINDOW_FIELDS if k in spec}


def peak_and_off_peak(entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(peak prices, off-peak prices) of an entry imported with DeepSeek's UTC hours:
    either the peak as its standard price and windows at the off-peak hours, or the
    other way round (as genai-prices' prices make it); ValueError for anything else."""
    windows = _windows_of(entry)
    found = [_prices(w) for w in entry.get("off_peak") or []]
    if not found or any(f != found[0] for f in found):
        raise ValueError(f"its {entry['effective']} entry has no single off-peak price")
    if windows == UTC_OFF_PEAK:
        return _prices(entry), found[0]
    if windows == UTC_PEAK:
        return found[0], _prices(entry)
    raise ValueError(
        f"its {entry['effective']} entry has windows {windows}, not DeepSeek's UTC hours"
    )


def _with_prices(entry: dict[str, Any], prices: dict[str, Any]) -> None:
    for name in WINDOW_FIELDS:
        entry.pop(name, None)
    entry.update(prices)


def _beijing_week(prices: dict[str, Any], weekends: bool) -> list[dict[str, Any]]:
    """DeepSeek's off-peak hours on Beijing's clock: weekdays, and whole weekends."""
    windows = [
        {"days": WEEKDAYS, "start": start, "end": end, "zone": BEIJING, **prices}
        for start, end in BEIJING_OFF_PEAK_WEEKDAYS
    ]
    if weekends:
        windows.append(
            {"days": ["sat", "sun"], "start": "00:00", "end": "24:00", "zone": BEIJING, **prices}
        )
    return windows


def _on_beijing_clock(entry: dict[str, Any], weekends: bool, said: str) -> None:
    """The entry's DeepSeek hours on Beijing's clock: peak as the standard price."""
    peak, off_peak = peak_and_off_peak(entry)
    _with_prices(entry, peak)
    entry["off_peak"] = _beijing_week(off_peak, weekends)
    entry["note"] = (
        "Peak 09:00-12:00 and 14:00-18:00 Beijing time (01:00-04:00 and 06:00-10:00 UTC) "
        "on weekdays at this price, off-peak the rest of the day"
        + (" and all day at weekends" if weekends else ", weekends included")
        + f", as genai-prices' note says: {said}"
    )


def deepseek_v4(entries: list[dict[str, Any]], quoted: str) -> list[dict[str, Any]]:
    """Peak windows only from 2026-08-17; weekends off-peak (Beijing time) from
    2026-08-23, as a new entry of the prices then in effect and on every later one."""
    out = copy.deepcopy(entries)
    if not any(e["effective"] == PEAK_FROM for e in out):
        raise ValueError(f"it has no entry on {PEAK_FROM}")
    for entry in out:
        if entry["effective"] < PEAK_FROM:
            _, flat = peak_and_off_peak(entry)
            _with_prices(entry, flat)
            del entry["off_peak"]
            entry["note"] = (
                "genai-prices gives its peak windows no start date, so they reach back to "
                f"this price; its note says this flat price applied before {PEAK_FROM}: "
                "imported without them."
            )
    later = [e for e in out if PEAK_FROM <= e["effective"] < WEEKENDS_FROM]
    if later and not any(e["effective"] == WEEKENDS_FROM for e in out):
        weekend = copy.deepcopy(later[-1])
        weekend["effective"] = WEEKENDS_FROM
        out.append(weekend)
    for entry in out:
        if entry["effective"] >= PEAK_FROM:
            _on_beijing_clock(entry, entry["effective"] >= WEEKENDS_FROM, quoted)
    out.sort(key=lambda e: e["effective"])
    return out


def deepseek_flash(entries: list[dict[str, Any]], quoted: str) -> list[dict[str, Any]]:
    """Weekends off-peak all day (Beijing time) from the model's first price."""
    out = copy.deepcopy(entries)
    for entry in out:
        _on_beijing_clock(entry, True, quoted)
    return out


V4_PRO_NOTE = (
    '"from 2026-08-23 Deepseek bills off-peak all day at weekends (Beijing time)"; '
    '"Requests from before 2026-08-17 that fall inside 01:00-04:00 or 06:00-10:00 UTC" '
    "would otherwise get the peak rate."
)
V4_FLASH_NOTE = (
    '"Weekends are off-peak all day from 2026-08-23"; "flat before 2026-08-17"; its peak '
    'price is "the current V4.1 Flash peak rate whatever their date" (the only one it gives).'
)
FLASH_NOTE = '"Weekends and Chinese public holidays are off-peak all day".'

CORRECTIONS = (
    Correction(
        "deepseek",
        "deepseek-v4-pro",
        V4_PRO_NOTE,
        lambda entries: deepseek_v4(entries, V4_PRO_NOTE),
    ),
    Correction(
        "deepseek",
        "deepseek-v4-flash",
        V4_FLASH_NOTE,
        lambda entries: deepseek_v4(entries, V4_FLASH_NOTE),
    ),
    Correction(
        "deepseek",
        "deepseek-flash",
        FLASH_NOTE,
        lambda entries: deepseek_flash(entries, FLASH_NOTE),
    ),
)


def apply_corrections(records: list[Record], *, strict: bool) -> list[str]:
    """Correct the records of :data:`CORRECTIONS` in place; what was not applied and why.

    With ``strict``, a correction whose model is missing or whose data is not as
    expected raises ValueError instead.
    """
    by_key = {(r.provider, r.key): r for r in records}
    skipped: list[str] = []
    for correction in CORRECTIONS:
        record = by_key.get((correction.provider, correction.model))
        problem = None
        if record is None:
            problem = "the model is not in the file"
        else:
            try:
                record.prices = correction.apply(record.prices)
            except (ValueError, KeyError) as exc:
                problem = str(exc)
        if problem is not None:
            message = (
                f"{correction.provider}/{correction.model}: correction not applied, {problem}; "
                "review tokencost.catalogue.importers.corrections"
            )
            if strict:
                raise ValueError(message)
            skipped.append(message)
    return skipped

"""Pricing dimensions of a price entry beyond input and output: their rules and helpers.

A :class:`~tokencost.catalogue.schema.PriceEntry` may carry, all optional: cache read
and cache write prices (and a longer-lived cache write), a reasoning price, batch
prices or a batch discount, a fee per 1,000 requests, long-context ``tiers`` and
time-of-day ``off_peak`` windows. How each is billed is in its field's docstring (the
JSON-schema description) and in the README ("Pricing dimensions"); the engine applies
them in :mod:`tokencost.engine.dimensions`. The types (``Tier``, ``OffPeakWindow``) are
in :mod:`tokencost.catalogue.schema`, which imports this module only to validate (a
cached catalogue needs none of it).

Rules here: tiers in increasing order of threshold, off-peak windows that are not
empty and do not overlap, and (on the entry) batch prices given as a pair or as a
discount but not both, cache lifetimes only beside their prices.
"""

from __future__ import annotations

import dataclasses
import itertools

from tokencost.catalogue.schema import OffPeakWindow, PriceEntry, Tier

PRICING_FIELDS = (
    "cache_read",
    "cache_write",
    "cache_write_minutes",
    "cache_write_long",
    "cache_write_long_minutes",
    "reasoning",
    "batch_input",
    "batch_output",
    "batch_cache_read",
    "batch_cache_write",
    "batch_discount",
    "per_1k_requests",
    "tiers",
    "off_peak",
)
"""PriceEntry's optional pricing fields, in the order they are written and shown."""


def tiers_in_order(tiers: tuple[Tier, ...] | None) -> tuple[Tier, ...] | None:
    """Tier thresholds must increase strictly from one tier to the next."""
    for lower, higher in itertools.pairwise(tiers or ()):
        if higher.above <= lower.above:
            raise ValueError(
                f"tiers must be in increasing order of 'above': {higher.above} comes after "
                f"{lower.above}"
            )
    return tiers


def windows_apart(windows: tuple[OffPeakWindow, ...] | None) -> tuple[OffPeakWindow, ...] | None:
    """Each window is shorter than a day (or a whole day on some days), names each day
    once, all share one zone, and no two windows share a minute of the week."""
    from tokencost import hours, zones

    for window in windows or ():
        hours.check_span(window.span)
        if window.days is not None and len(set(window.days)) != len(window.days):
            raise ValueError(f"off-peak window {window.label}: days names a day twice")
        if window.span == (0, hours.MINUTES_PER_DAY) and window.days is None:
            raise ValueError(
                f"off-peak window {window.label} covers every minute of the week; give "
                "the other price as the entry's input and output instead"
            )
    found = {window.zone for window in windows or ()}
    if len(found) > 1:
        named = ", ".join(sorted(zone or "UTC" for zone in found))
        raise ValueError(
            f"off-peak windows of one entry are read on one clock, these use {named}; "
            "write them all in one zone"
        )
    for first, second in itertools.combinations(windows or (), 2):
        shared = zones.overlap(first.rule, second.rule)
        if shared is not None:
            raise ValueError(
                f"off-peak windows {first.label} and {second.label} overlap ({shared}); "
                "give each minute of the week one price"
            )
    return windows


def entry_rules(entry: PriceEntry) -> PriceEntry:
    """Rules between an entry's pricing fields (a ValueError says which and how to fix)."""
    batch_pair = (entry.batch_input, entry.batch_output)
    if entry.batch_discount is not None and any(v is not None for v in batch_pair):
        raise ValueError("give batch_input and batch_output, or batch_discount, not both")
    if (batch_pair[0] is None) != (batch_pair[1] is None):
        raise ValueError("give both batch_input and batch_output (or batch_discount instead)")
    for name in ("batch_cache_read", "batch_cache_write"):
        if getattr(entry, name) is not None and batch_pair[0] is None:
            raise ValueError(f"{name} is a batch price beside batch_input: give batch_input")
    if entry.cache_write_minutes is not None and entry.cache_write is None:
        raise ValueError("cache_write_minutes is the lifetime of cache_write: give cache_write")
    if (entry.cache_write_long is None) != (entry.cache_write_long_minutes is None):
        raise ValueError("give cache_write_long and cache_write_long_minutes together")
    short, long = entry.cache_write_minutes, entry.cache_write_long_minutes
    if short is not None and long is not None and long <= short:
        raise ValueError(
            f"cache_write_long_minutes ({long}) must be longer than cache_write_minutes ({short})"
        )
    return entry


def plain_data(value: object) -> object:
    """Pricing values as plain data: a Tier or window as a dict without absent keys, a
    tuple as a list; numbers and text as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {name: plain_data(item) for name, item in items if item is not None}
    if isinstance(value, tuple | list):
        return [plain_data(item) for item in value]
    return value


def pricing_values(entry: PriceEntry) -> dict[str, object]:
    """Each of :data:`PRICING_FIELDS` with the entry's value as plain data (None: absent)."""
    return {name: plain_data(getattr(entry, name)) for name in PRICING_FIELDS}

"""Workloads: how many tokens a day, split how between input and output, and what else.

    workload = load_workload("support.toml")      # a profile, validated (cached)
    workload = Workload.build(tokens_per_day="10M", ratio="3:1")

Shaped like :mod:`tokencost.catalogue`: ``schema`` is a profile as written, its rules
and how a valid one becomes a Workload; ``load`` reads a profile, from the cache or
validated (the schema and pydantic load on a cache miss only); ``normalised`` is the
:class:`Workload` every command prices and ``traffic`` its pricing dimensions (cache
hits, batch, off-peak hours ...). The normalised form never imports the schema or the
loader.
"""

from __future__ import annotations

from tokencost.workload.load import load_workload
from tokencost.workload.normalised import (
    DEFAULT_DAYS_PER_MONTH,
    DEFAULT_RATIO,
    DEFAULT_TOKENS_PER_DAY,
    DEFAULT_WORKLOAD,
    MONTHS_PER_YEAR,
    Workload,
)

__all__ = [
    "DEFAULT_DAYS_PER_MONTH",
    "DEFAULT_RATIO",
    "DEFAULT_TOKENS_PER_DAY",
    "DEFAULT_WORKLOAD",
    "MONTHS_PER_YEAR",
    "Workload",
    "load_workload",
]

"""Reading a workload profile (TOML): validated on a cache miss, normalised to a Workload.

A profile is a TOML file::

    name = "support-bot"
    description = "Customer support assistant"
    tokens_per_day = "10M"        # or 10_000_000
    ratio = "3:1"                 # or input_share = 0.75,
                                  # or input_tokens_per_day + output_tokens_per_day
    days_per_month = 30           # optional, default 30

Exactly one way of giving the split is allowed. ``tokens_per_day`` may sit beside
explicit input and output tokens only when it equals their sum.

Optional tables describe what-ifs (see :mod:`tokencost.scenarios`): ``[[mix]]``
(traffic routed by share to several models), ``[projection]`` (month-by-month volume)
and ``[selfhost]`` (rented GPUs). Optional pricing dimensions (cache hits and writes,
reasoning, batch, off-peak hours, requests) are described in
:mod:`tokencost.workload.traffic`. The file's schema, its rules and how a validated
file becomes a :class:`Workload` are :mod:`tokencost.workload.schema`, imported on a
cache miss only (building its classes costs more than the rest of a cached call).
"""

from __future__ import annotations

from pathlib import Path

from tokencost.cache import cached, read_bytes
from tokencost.errors import WorkloadError
from tokencost.workload.normalised import Workload


def load_workload(path: str | Path) -> Workload:
    """Read and validate a workload profile (TOML). Raises WorkloadError on any problem."""
    path = Path(path)
    data = read_bytes(path, WorkloadError)
    return cached(
        "workload",
        {path: data},
        lambda: _build(path, data),
        expect=Workload,
    )


def _build(path: Path, data: bytes) -> Workload:
    """Parse and validate a profile (a cache miss: the file schema and pydantic load here)."""
    from tokencost.validation import parse_toml
    from tokencost.workload.schema import from_table

    return from_table(parse_toml(path, data, WorkloadError), str(path))

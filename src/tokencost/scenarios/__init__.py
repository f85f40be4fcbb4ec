"""What-ifs a workload profile can carry: traffic mixes, a growth projection, self-hosting.

Each has a file schema (validated with the profile) and a normalised form the engine
uses. In a profile::

    [[mix]]                              # route shares of the traffic to different models
    name = "tiered"                      # optional; default "10% claude-opus-4.8 + 90% ..."
    parts = [
      { model = "claude-opus-4.8", share = "10%", ratio = "1:1" },  # own input:output
      { model = "deepseek-v4-pro", share = "90%" },                 # the workload's split
    ]

    [projection]                         # month-by-month spend
    months = 12
    growth = "8%"                        # monthly compound growth of tokens/day
    # or: tokens_per_day = ["10M", "12M", "15M"]   one volume per month

    [selfhost]                           # rented GPUs running an open-weights model
    gpu_hourly = 3.50                    # USD per GPU-hour
    gpus = 8
    tokens_per_second = 2500             # sustained, the whole deployment, in + out
    utilization = "60%"
    model = "deepseek-v4-pro"            # optional: the open-weights model you would run

On the command line a mix is ``[NAME=]MODEL:SHARE[@IN:OUT],...``, e.g.
``claude-opus-4.8:10%@1:1,deepseek-v4-pro:90%``.
"""

from __future__ import annotations

from tokencost.scenarios.mix import (
    Mix,
    MixFile,
    MixPart,
    MixPartFile,
    check_shares,
    mix_from_file,
    parse_mix,
)
from tokencost.scenarios.projection import (
    MAX_MONTHS,
    PROJECTION,
    Growth,
    ProjectionFile,
    growth_from_options,
    projection_from_file,
)
from tokencost.scenarios.selfhost import (
    Selfhost,
    SelfhostFile,
    selfhost_from_file,
    selfhost_from_options,
)
from tokencost.scenarios.values import parse_money, parse_positive, parse_rate

__all__ = [
    "MAX_MONTHS",
    "PROJECTION",
    "Growth",
    "Mix",
    "MixFile",
    "MixPart",
    "MixPartFile",
    "ProjectionFile",
    "Selfhost",
    "SelfhostFile",
    "check_shares",
    "growth_from_options",
    "mix_from_file",
    "parse_mix",
    "parse_money",
    "parse_positive",
    "parse_rate",
    "projection_from_file",
    "selfhost_from_file",
    "selfhost_from_options",
]

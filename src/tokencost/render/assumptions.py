"""Footer sentences of the decision outputs (mixes, routing, growth, self-hosting).

The shared ones (prices, catalogue, JSON of a workload or source) are in
:mod:`tokencost.render.notes`; these add the year and a one-line summary for a
section printed under a comparison that already states everything in full.
"""

from __future__ import annotations

from datetime import date

from tokencost.engine import CatalogueInfo, SourceInfo
from tokencost.render import formatting as fmt
from tokencost.workload import Workload


def workload_line(wl: Workload, months_per_year: int) -> str:
    """The workload as ``compare`` states it, month and year included."""
    return (
        f"Workload: {wl.name}, {fmt.tokens(wl.tokens_per_day)} tokens/day = "
        f"{fmt.tokens(wl.input_tokens_per_day)} input + {fmt.tokens(wl.output_tokens_per_day)} "
        f"output ({wl.split_label}); month = {fmt.quantity(wl.days_per_month)} days, "
        f"year = {months_per_year} months."
    )


def compact_line(wl: Workload, src: SourceInfo, as_of: date, cat: CatalogueInfo) -> str:
    """All the assumptions in one sentence, for a section below a fuller footer."""
    return (
        f"Month = {fmt.quantity(wl.days_per_month)} days; prices from source '{src.id}' in "
        f"effect on {as_of.isoformat()}; catalogue {cat.name} {cat.version} ({cat.digest[:19]})."
    )

"""``tokencost prices update``: a tracker's file, what it changes, written as an overlay.

:mod:`.plan` says what the file changes (the rules, no I/O); :mod:`.run` says where the
overlay goes and writes it.
"""

from tokencost.catalogue.update.plan import (
    UpdateChange,
    UpdatePlan,
    overlay_files,
    plan_update,
    same_prices,
)
from tokencost.catalogue.update.run import UpdateLayers, UpdateResult, run_update, update_layers

__all__ = [
    "UpdateChange",
    "UpdateLayers",
    "UpdatePlan",
    "UpdateResult",
    "overlay_files",
    "plan_update",
    "run_update",
    "same_prices",
    "update_layers",
]

"""The catalogue's prices for ``tokencost prices ...``: ``browse`` (list, show, history,
export), ``diff`` (what changed between two price lists) and ``check`` (where sources
disagree)."""

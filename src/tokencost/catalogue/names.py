"""How a model name as written (in a usage log, on the command line) finds its model.

Names are compared lower-cased and stripped. A name resolves to the first model whose
id or alias equals it, else equals one of its shorter forms (:func:`model_candidates`:
without a ``provider/`` prefix, without a trailing date), so ``openai/gpt-5.5`` and
``gpt-5.5-2026-04-23`` are ``gpt-5.5`` wherever a name is looked up: by
:meth:`tokencost.catalogue.Catalogue.model` and by a usage replay.
"""

from __future__ import annotations

import re

_DATE_SUFFIX = re.compile(r"[-@](?:\d{4}-\d{2}-\d{2}|\d{8})$")


def model_candidates(name: str) -> list[str]:
    """Names to look up for a model as a provider writes it, most exact first.

    Lower-cased and stripped; then without a ``provider/`` prefix (everything up to
    the last ``/``); then without a trailing date (``-2026-04-23``, ``-20260423``,
    ``@20260423``); then without both.
    """
    exact = name.strip().lower()
    bare = exact.rsplit("/", 1)[-1]
    found = [exact, bare, _DATE_SUFFIX.sub("", exact), _DATE_SUFFIX.sub("", bare)]
    return list(dict.fromkeys(n for n in found if n))


def resolve(names: dict[str, str], name: str) -> str | None:
    """The model id ``name`` means among ``names`` (lower-cased ids and aliases -> id)."""
    for candidate in model_candidates(name):
        found = names.get(candidate)
        if found is not None:
            return found
    return None

"""What to say about a model name the catalogue does not know.

A suggestion must be the same model written differently, never a neighbour at another
price: ``claude-sonet-4-5`` may become ``claude-sonnet-4-5``, but ``sonnet`` never
``opus`` and ``gpt-4o`` never ``gpt-5.5`` or ``gpt-4o-mini``. A name is split into its
words (runs of letters) and its digits; a candidate is suggested only when

- it has as many words, each equal or a near spelling of the name's (a word of three
  letters or more may differ by a typo: difflib ratio >= 0.75, so ``bigg`` is ``big``
  but ``gpt`` is not ``got``; the same letters in another order, ``bgi`` for ``big``,
  are a typo too; shorter ones must be equal), and
- its digits, read in order, are the same (``gpt5.5`` is ``gpt-5.5``; ``4o`` is not
  ``5.5``, ``4-8`` is ``48`` but not ``4-5``).

Without such a candidate, the models whose names contain the name are listed (up to
five: ``deepseek-v4`` -> ``deepseek-v4-flash, deepseek-v4-pro``), or counted; a small
catalogue lists its models.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

_PARTS = re.compile(r"[a-z]+|\d+")
LISTED = 5
"""At most this many models are listed as containing the name."""
SMALL = 10
"""A catalogue with at most this many models lists them all when nothing fits."""


def _parts(name: str) -> tuple[list[str], str]:
    found = _PARTS.findall(name.lower())
    return [p for p in found if p.isalpha()], "".join(p for p in found if p.isdigit())


def same_model_spelling(name: str, candidate: str) -> bool:
    """True when ``candidate`` is ``name`` written differently (the module's rules)."""
    words, digits = _parts(name)
    other_words, other_digits = _parts(candidate)
    if digits != other_digits or len(words) != len(other_words) or not words:
        return False
    return all(_near(a, b) for a, b in zip(words, other_words, strict=True))


def _near(word: str, other: str) -> bool:
    if word == other or (len(word) == len(other) > 2 and sorted(word) == sorted(other)):
        return True
    if min(len(word), len(other)) < 3:
        return False
    first, second = sorted((word, other))  # SequenceMatcher's ratio depends on the order
    return difflib.SequenceMatcher(None, first, second).ratio() >= 0.75


def _squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def same_model(name: str, names: Mapping[str, str]) -> str | None:
    """The model id ``name`` is likely a misspelling of (the module's rules), or None.

    ``names`` maps every lower-cased id and alias to its model id.
    """
    query = name.strip().lower()
    close = difflib.get_close_matches(query, list(names), n=10, cutoff=0.6)
    fitting = [c for c in close if same_model_spelling(query, c)]
    return names[fitting[0]] if fitting else None


def host_names(name: str, names: Mapping[str, str], most: int = 3) -> str:
    """Where ``name`` is a name several hosts write (each seller's model has it behind
    its provider id, ``groq/<name>``), a hint naming some of those: ``; several hosts
    write it, name one: 'groq/...', 'together/...'``; else empty."""
    query = "/" + name.strip().lower()
    slashes = query.count("/")  # one more than the name's: the provider's prefix
    found = sorted(key for key in names if key.endswith(query) and key.count("/") == slashes)
    if not found:
        return ""
    shown = ", ".join(f"'{key}'" for key in found[:most])
    more = f" and {len(found) - most} more" if len(found) > most else ""
    return f"; several hosts write this name, name the one that served it: {shown}{more}"


def unknown_model(name: str, names: Mapping[str, str], models: list[str]) -> str:
    """The message for a model name the catalogue does not know: what it may be
    (:func:`model_hint`) and the command that lists them (``tokencost models NAME``
    where many models contain the name)."""
    hint = model_hint(name, names, models)
    search = f"{name.strip()} " if hint.endswith(" in their names") else ""
    return f"unknown model '{name}'{hint} (tokencost models {search}lists them)"


def model_hint(name: str, names: Mapping[str, str], models: list[str]) -> str:
    """``; did you mean 'x'?``, ``; models whose names contain 'x': a, b``, ``; known
    models: ...`` or nothing, for the unknown ``name``.

    ``names`` maps every lower-cased id and alias to its model id; ``models`` lists the
    model ids in catalogue order.
    """
    fitting = same_model(name, names)
    if fitting is not None:
        return f"; did you mean '{fitting}'?"
    squeezed = _squeezed(name)
    containing = (
        list(dict.fromkeys(names[n] for n in names if squeezed in _squeezed(n)))
        if len(squeezed) >= 2
        else []
    )
    if 0 < len(containing) <= LISTED:
        return f"; models whose names contain '{name.strip()}': {', '.join(containing)}"
    if containing:
        return f"; {len(containing)} models have '{name.strip()}' in their names"
    if len(models) <= SMALL:
        return f"; known models: {', '.join(models)}"
    return ""

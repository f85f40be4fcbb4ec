"""How a model name as written (in a usage log, on the command line) finds its model.

A model has an id, aliases (other exact names) and patterns; a provider file may have
patterns too (the names of its models in general, e.g. ``*claude*``). A pattern is
written one of two ways:

- a *glob*: ``*`` stands for any run of characters (none included), every other
  character for itself: ``claude-opus-4-8*`` matches ``claude-opus-4-8-20260601``;
- ``re:`` then a Python regular expression, *searched* in the name (anchor it with
  ``^`` and ``$`` to match the whole name): ``re:^gpt-5\\.5-\\d{4}-\\d{2}-\\d{2}$``.

Names are compared lower-cased and stripped (a regular expression sees the
lower-cased name). A name resolves, the first rule that finds a model winning:

1. an id or alias equal to the name;
2. the same for the name's shorter forms (:func:`model_candidates`: without a
   host's prefix, without a ``provider/`` prefix, without a trailing date);
3. the patterns of the models of every provider whose own patterns match the name,
   providers in catalogue order (file name), each provider's models in file order;
4. the patterns of every model, in catalogue order;

steps 3 and 4 trying the name, then its shorter forms. So the provider whose names
these are (genai-prices' ``model_match``) wins over a host that sells the same model,
as genai-prices picks the provider before the model.

A replay takes the first of these models that its price source prices: a log line
written ``openai/gpt-5.5`` (a seller's name) is OpenRouter's GPT-5.5 when replayed on
the ``list`` prices, and GPT-5.5 on the ``article``'s, which has no OpenRouter price.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

RE_PREFIX = "re:"
_DATE_SUFFIX = re.compile(r"[-@](?:\d{4}-\d{2}-\d{2}|\d{8})$")

ModelPatterns = tuple[tuple[str, tuple[str, ...]], ...]
"""(model id, its patterns) of the models that have some, in file order."""
ProviderPatterns = tuple[tuple[tuple[str, ...], ModelPatterns], ...]
"""(the provider's patterns, its models' patterns), providers in catalogue order."""


def check_pattern(text: str) -> str:
    """``text`` if it is a valid pattern, else ValueError saying how to write one."""
    if text != text.strip() or not text:
        raise ValueError(f"pattern {text!r}: write it without surrounding spaces")
    if text.startswith(RE_PREFIX):
        try:
            re.compile(text[len(RE_PREFIX) :])
        except re.error as exc:
            raise ValueError(f"pattern {text!r} is not a regular expression: {exc}") from None
        return text
    if "*" not in text:
        raise ValueError(
            f"pattern {text!r} has no '*'; an exact name is an alias (or write re:... "
            "for a regular expression)"
        )
    if not text.strip("*"):
        raise ValueError(f"pattern {text!r} matches every name; give some of the name")
    return text


@lru_cache(maxsize=8192)
def compile_pattern(text: str) -> re.Pattern[str]:
    """The pattern as a regular expression to ``search`` a lower-cased name with."""
    if text.startswith(RE_PREFIX):
        return re.compile(text[len(RE_PREFIX) :])
    parts = (re.escape(part) for part in text.lower().split("*"))
    return re.compile("^" + ".*".join(parts) + "$", re.DOTALL)


def model_candidates(name: str) -> list[str]:
    """Names to look up for a model as a provider writes it, most exact first.

    Lower-cased and stripped; then, for a name with two ``/`` or more, without its
    first part (``groq/meta-llama/llama-4-scout`` -> ``meta-llama/llama-4-scout``: the
    host's prefix off); then without a ``provider/`` prefix (everything up to the last
    ``/``); then without a trailing date (``-2026-04-23``, ``-20260423``,
    ``@20260423``); then without both.
    """
    exact = name.strip().lower()
    bare = exact.rsplit("/", 1)[-1]
    tail = exact.split("/", 1)[1] if exact.count("/") >= 2 else ""
    found = [exact, tail, bare, _DATE_SUFFIX.sub("", exact), _DATE_SUFFIX.sub("", bare)]
    return list(dict.fromkeys(n for n in found if n))


@dataclass
class Names:
    """Every name of a catalogue's models, as plain data (cheap to pickle and to send
    to replay's workers); patterns are compiled when first needed."""

    exact: dict[str, str]
    """Lower-cased ids and aliases -> model id."""
    patterns: ProviderPatterns = ()
    _compiled: list[tuple[list[re.Pattern[str]], list[tuple[str, list[re.Pattern[str]]]]]] = field(
        default_factory=list, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_compiled"] = []
        return state

    def resolve(
        self,
        name: str,
        accept: Callable[[str], bool] | None = None,
        then: Callable[[str], bool] | None = None,
    ) -> str | None:
        """The model id ``name`` means by the rules of the module docstring, or None.

        With ``accept`` (e.g. "the chosen source prices it"), the first model of those
        rules it accepts; when it accepts none, the first ``then`` accepts (e.g. "its
        own source prices it"), else the first model found.
        """
        first = later = None
        for model_id in self.matches(name):
            if accept is None or accept(model_id):
                return model_id
            first = first or model_id
            if later is None and then is not None and then(model_id):
                later = model_id
        return later or first

    def matches(self, name: str) -> Iterator[str]:
        """Every model the name may mean, in the order of the rules (repeats possible)."""
        candidates = model_candidates(name)
        for candidate in candidates:
            found = self.exact.get(candidate)
            if found is not None:
                yield found
        if self.patterns:
            for candidate in candidates:
                yield from self.by_pattern(candidate)

    def by_pattern(self, name: str) -> Iterator[str]:
        """The models whose patterns match the lower-cased ``name`` (steps 3, 4), in order."""
        compiled = self._rules()
        owners = [models for own, models in compiled if any(p.search(name) for p in own)]
        for models in (*owners, *(models for _, models in compiled)):
            for model_id, patterns in models:
                if any(p.search(name) for p in patterns):
                    yield model_id

    def _rules(
        self,
    ) -> list[tuple[list[re.Pattern[str]], list[tuple[str, list[re.Pattern[str]]]]]]:
        if not self._compiled and self.patterns:
            self._compiled = [
                (
                    [compile_pattern(p) for p in own],
                    [(model_id, [compile_pattern(p) for p in pats]) for model_id, pats in models],
                )
                for own, models in self.patterns
            ]
        return self._compiled


__all__ = ["RE_PREFIX", "Names", "check_pattern", "compile_pattern", "model_candidates"]

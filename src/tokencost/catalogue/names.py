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


class PatternIndex:
    """Which of a list of patterns match a name, trying only those that may.

    A glob's text before its first ``*`` must start the name and each of its other
    literal parts must occur in it; a regular expression written ``^`` then plain
    characters must start the name with them. So each pattern is filed under its
    literal start, or else under the first three characters of its longest literal
    part; a name looks up its own starts, each piece filed is sought in it (the whole
    market files a few dozen), and only the patterns found there (and the few regular
    expressions with no literal start, tried for every name) are searched. The answer
    is the plain scan's: an index entry only narrows which patterns are searched, each
    is still searched.
    """

    def __init__(self, texts: tuple[str, ...]) -> None:
        self._compiled = [compile_pattern(text) for text in texts]
        self._starts: dict[str, list[int]] = {}
        self._pieces: dict[str, list[int]] = {}
        self._always: list[int] = []
        for number, text in enumerate(texts):
            start, piece = _literals(text)
            if start:
                self._starts.setdefault(start, []).append(number)
            elif piece:
                self._pieces.setdefault(piece[:_PIECE], []).append(number)
            else:
                self._always.append(number)
        self._start_sizes = sorted({len(start) for start in self._starts})

    def matching(self, name: str) -> list[int]:
        """The positions of the patterns that match ``name``, in order."""
        maybe = set(self._always)
        starts, pieces = self._starts, self._pieces
        for size in self._start_sizes:
            if size > len(name):
                break  # a longer start cannot start it
            found = starts.get(name[:size])
            if found:
                maybe.update(found)
        for piece, numbers in pieces.items():  # a few dozen: each sought in the name
            if piece in name:
                maybe.update(numbers)
        compiled = self._compiled
        return sorted(number for number in maybe if compiled[number].search(name))


_PIECE = 3
_REGEX_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/:@")
_REGEX_OPTIONAL = frozenset("?*{")


def _literals(text: str) -> tuple[str, str]:
    """What a pattern requires of a name: (its literal start, its longest literal part).

    Either may be empty, meaning "nothing known". A regular expression gives a start
    only when written ``^`` then plain characters (or escaped punctuation) and has no
    ``|`` at all; a character a quantifier may drop (``?``, ``*``, ``{``) is not kept.
    """
    if not text.startswith(RE_PREFIX):
        parts = text.lower().split("*")
        return parts[0], max(parts[1:], key=len, default="")
    regex = text[len(RE_PREFIX) :]
    if not regex.startswith("^") or "|" in regex:
        return "", ""
    start: list[str] = []
    at = 1
    while at < len(regex):
        char = regex[at]
        if char in _REGEX_PLAIN:
            at += 1
        elif char == "\\" and at + 1 < len(regex) and not regex[at + 1].isalnum():
            char = regex[at + 1]
            at += 2
        else:
            break
        start.append(char)
    if at < len(regex) and regex[at] in _REGEX_OPTIONAL:
        start = start[:-1]
    return "".join(start), ""


class _Rules:
    """The patterns of a catalogue, indexed: providers' own, then their models'."""

    def __init__(self, patterns: ProviderPatterns) -> None:
        own: list[str] = []
        owner_of: list[int] = []
        texts: list[str] = []
        model_of: list[int] = []
        ids: list[str] = []
        provider_of: list[int] = []
        for provider, (own_patterns, models) in enumerate(patterns):
            own.extend(own_patterns)
            owner_of.extend(provider for _ in own_patterns)
            for model_id, model_patterns in models:
                texts.extend(model_patterns)
                model_of.extend(len(ids) for _ in model_patterns)
                ids.append(model_id)
                provider_of.append(provider)
        self.owners = PatternIndex(tuple(own))
        """The providers' own patterns."""
        self.owner_of = tuple(owner_of)
        """For each of ``owners``' patterns, its provider's position."""
        self.models = PatternIndex(tuple(texts))
        """Every model's patterns, in catalogue order."""
        self.model_of = tuple(model_of)
        """For each of ``models``' patterns, its model's position (over all providers)."""
        self.ids = tuple(ids)
        """Each model's id, by position."""
        self.provider_of = tuple(provider_of)
        """Each model's provider's position."""


@dataclass
class Names:
    """Every name of a catalogue's models, as plain data (cheap to pickle and to send
    to replay's workers); patterns are compiled and indexed when first needed."""

    exact: dict[str, str]
    """Lower-cased ids and aliases -> model id."""
    patterns: ProviderPatterns = ()
    _rules: _Rules | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        state = self.__dict__.copy()
        state["_rules"] = None
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
        """The models whose patterns match the lower-cased ``name`` (steps 3, 4), in order:
        those of each provider whose own patterns match it, then all of them."""
        rules = self._rules
        if rules is None:
            rules = self._rules = _Rules(self.patterns)
        found = sorted({rules.model_of[number] for number in rules.models.matching(name)})
        if not found:
            return
        owners = dict.fromkeys(rules.owner_of[number] for number in rules.owners.matching(name))
        for provider in owners:
            yield from (rules.ids[model] for model in found if rules.provider_of[model] == provider)
        yield from (rules.ids[model] for model in found)


__all__ = [
    "RE_PREFIX",
    "Names",
    "PatternIndex",
    "check_pattern",
    "compile_pattern",
    "model_candidates",
]

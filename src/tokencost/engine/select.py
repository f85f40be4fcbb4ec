"""Choosing models among thousands: names and globs, providers, context, dimensions, cheapest.

A :class:`Selection` is what the command line asked for (``compare`` and ``models``):

- ``names``: ids or aliases (an unknown one is an error with a family-safe
  did-you-mean), or globs (``claude-*``, ``gpt-5*``, ``*-mini``: ``*``, ``?`` and
  ``[...]`` as in the shell, matched case-insensitively against ids and aliases; a glob
  that matches nothing is an error);
- ``providers``: provider ids (an unknown one is an error);
- ``min_context``: a context window of at least this many tokens (a model whose window
  the catalogue does not know is left out);
- ``supports``: pricing dimensions the price in effect must have (``cache``, ``cache-write``,
  ``batch``, ``tiers``, ``off-peak``, ``reasoning``, ``requests``);
- ``search`` (``models`` only): words each found in the id, name, an alias or the provider;
- ``cheapest``: after pricing, the N cheapest models that charge (free ones are left out).

Without names, the filters choose among every model; with nothing asked, the default
models are shown (those the catalogue's default source prices: the article's five).
Models a filter reaches but that have no price on the date are left out and counted;
a model named exactly must have one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from fnmatch import translate

from tokencost.catalogue import Catalogue, Model, PriceEntry
from tokencost.errors import InputError, did_you_mean
from tokencost.records import record

FEATURES: dict[str, Callable[[PriceEntry], bool]] = {
    "cache": lambda e: e.cache_read is not None,
    "cache-write": lambda e: e.cache_write is not None,
    "batch": lambda e: e.batch_input is not None or e.batch_discount is not None,
    "tiers": lambda e: bool(e.tiers),
    "off-peak": lambda e: bool(e.off_peak),
    "reasoning": lambda e: e.reasoning is not None,
    "requests": lambda e: e.per_1k_requests is not None,
}
"""What ``--supports`` accepts: a pricing dimension and whether an entry prices it."""

_GLOB = re.compile(r"[*?\[]")


@record
class Selection:
    """Which models a command is about (see the module docstring)."""

    names: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    min_context: int | None = None
    supports: tuple[str, ...] = ()
    cheapest: int | None = None
    search: tuple[str, ...] = ()

    @property
    def filters(self) -> bool:
        """True when anything but exact names narrows the models."""
        return bool(
            self.providers
            or self.min_context is not None
            or self.supports
            or self.cheapest is not None
            or self.search
            or any(is_glob(name) for name in self.names)
        )

    def describe(self) -> str:
        """``--models 'gpt-*', --provider openai, --cheapest 3`` (what was asked)."""
        parts = []
        if self.search:
            parts.append(f"search {' '.join(self.search)!r}")
        if self.names:
            parts.append(f"--models '{','.join(self.names)}'")
        if self.providers:
            parts.append(f"--provider {','.join(self.providers)}")
        if self.min_context is not None:
            parts.append(f"--min-context {self.min_context:,}")
        if self.supports:
            parts.append(f"--supports {','.join(self.supports)}")
        if self.cheapest is not None:
            parts.append(f"--cheapest {self.cheapest}")
        return ", ".join(parts)


@record
class Chosen:
    """The models a selection reaches before pricing, and which were named exactly."""

    models: tuple[Model, ...]
    named: frozenset[str]
    """Ids of the models named exactly (they must have a price)."""


def is_glob(name: str) -> bool:
    """True for a name with ``*``, ``?`` or ``[``."""
    return _GLOB.search(name) is not None


def check_supports(features: Iterable[str]) -> tuple[str, ...]:
    """The ``--supports`` values, each a known dimension (InputError naming the others)."""
    found = tuple(f.strip().lower() for f in features)
    for feature in found:
        if feature not in FEATURES:
            raise InputError(
                f"--supports: '{feature}' is not a pricing dimension; use one of: "
                f"{', '.join(FEATURES)}"
            )
    return found


def choose(catalogue: Catalogue, selection: Selection) -> Chosen:
    """The models ``selection`` reaches, in the order asked (names), else catalogue order.

    Works on ids as long as it can, so that only the files of the models chosen are read.
    """
    named: list[str] = []
    if selection.names:
        ids = _named(catalogue, selection.names, named)
    elif selection.filters:
        ids = list(catalogue.model_ids())
    else:
        ids = [m.id for m in catalogue.default_models()]
    if selection.providers:
        wanted = _providers(catalogue, selection.providers)
        ids = [i for i in ids if catalogue.provider_id_of(i) in wanted]
    models = [catalogue.model(i) for i in ids]
    if selection.min_context is not None:
        least = selection.min_context
        models = [m for m in models if m.context_window is not None and m.context_window >= least]
    if selection.search:
        models = [m for m in models if _found(catalogue, m, selection.search)]
    if not models:
        raise InputError(f"no model matches {selection.describe()} (tokencost models lists them)")
    return Chosen(tuple(models), frozenset(named))


def _named(catalogue: Catalogue, names: Sequence[str], named: list[str]) -> list[str]:
    found: dict[str, None] = {}
    for name in names:
        if not is_glob(name):
            model_id = catalogue.model(name).id
            named.append(model_id)
            found.setdefault(model_id)
            continue
        matches = glob_ids(catalogue, name)
        if not matches:
            words = re.findall(r"[a-z0-9]+(?:[-.][a-z0-9]+)*", name.lower())
            search = max(words, key=len) if words else name
            raise InputError(
                f"--models: '{name}' matches no model's id or alias (tokencost models "
                f"{search} searches them by name)"
            )
        for model_id in matches:
            found.setdefault(model_id)
    return list(found)


def glob_ids(catalogue: Catalogue, pattern: str) -> list[str]:
    """The ids of the models whose id or an alias matches the shell-style ``pattern`` (any
    case), in catalogue order."""
    regex = re.compile(translate(pattern.strip().lower()))
    hits = {model_id for name, model_id in catalogue.names.exact.items() if regex.match(name)}
    return [model_id for model_id in catalogue.model_ids() if model_id in hits]


def _providers(catalogue: Catalogue, providers: Sequence[str]) -> set[str]:
    known = set(catalogue.provider_ids())
    wanted = {p.strip().lower() for p in providers}
    for provider in sorted(wanted - known):
        hint = did_you_mean(provider, known)
        listed = sorted(known)
        shown = ", ".join(listed[:12]) + (
            f" ... ({len(listed)} in all)" if len(listed) > 12 else ""
        )
        raise InputError(f"--provider: unknown provider '{provider}'{hint} (providers: {shown})")
    return wanted


def _found(catalogue: Catalogue, model: Model, words: Sequence[str]) -> bool:
    provider = catalogue.provider_of(model.id)
    text = " ".join((model.id, model.name, *model.aliases, provider.provider, provider.name))
    lowered = text.lower()
    return all(word.lower() in lowered for word in words)


def supports(entry: PriceEntry, features: Sequence[str]) -> bool:
    """True when ``entry`` prices every one of ``features``."""
    return all(FEATURES[feature](entry) for feature in features)

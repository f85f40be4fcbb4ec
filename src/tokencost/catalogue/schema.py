"""The catalogue files' schema: the manifest and one file per provider.

Plain frozen dataclasses, validated by pydantic (see :mod:`tokencost.rules`): every
class forbids unknown keys, so a typo in a TOML key is an error that names the key,
never a silent default. Prices are ``Decimal`` USD per 1,000,000 tokens, read from
TOML with ``parse_float=Decimal``. Field docstrings are the JSON-schema descriptions.

Rules within one file are ``Check`` validators here: among them those of a price
entry's pricing dimensions (tiers in increasing order of threshold, off-peak windows
that do not overlap, batch prices as a pair or a discount, cache lifetimes only beside
their prices). Rules across files (unique ids and aliases, declared sources, default
hosts) are in :mod:`tokencost.catalogue.crossfile`. How the engine bills each pricing
dimension is :mod:`tokencost.engine.dimensions`.

Provenance: every entry names the price book it belongs to (``source``); an entry
taken from another record says which (``via``, a declared source) and the day that
record checked it (``checked``, else the ``via`` source's own ``checked``).
Hosts: an open-weight model is sold by several hosts at different prices; such an
entry names its ``host`` and the model names the host used when none is asked for
(``default_host``).
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from tokencost import hours, zones
from tokencost.catalogue.names import check_pattern
from tokencost.errors import InputError
from tokencost.quantities import PLACES, check_bounds, check_price
from tokencost.records import record
from tokencost.rules import STRICT_FILE, Check, Rule


def _exact_price(value: Decimal) -> Decimal:
    """A price tokencost can carry exactly: below 10^6 USD per 1M tokens, at most 18
    decimal places (1E-50 or 40 decimal places would be rounded, or fail later)."""
    try:
        return check_price(value, "price")
    except InputError as exc:
        raise ValueError(exc.detail) from None


def _exact_share(value: Decimal) -> Decimal:
    try:
        return check_bounds(value, "share", at_most_places=PLACES)
    except InputError as exc:
        raise ValueError(exc.detail) from None


UsdPerMTok = Annotated[Decimal, Rule(ge=0, allow_inf_nan=False), Check(_exact_price)]
"""A price in USD per 1,000,000 tokens: exact, finite and >= 0."""


def _time(text: str) -> str:
    hours.parse_time(text)  # ValueError: "'25:00' is not a time of day; write HH:MM ..."
    return text


def _end(text: str) -> str:
    hours.parse_time(text, end=True)
    return text


def _zone(name: str) -> str:

    return zones.check_zone(name)


TimeOfDay = Annotated[
    str, Check(_time), Rule(json_schema_extra={"pattern": r"^([01]\d|2[0-3]):[0-5]\d$"})
]
"""A time of day, HH:MM (00:00 to 23:59)."""

EndOfSpan = Annotated[
    str,
    Check(_end),
    Rule(json_schema_extra={"pattern": r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"}),
]
"""The end of a span of the day, HH:MM (00:00 to 23:59, or 24:00 for midnight at its end)."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""A day of the week, as its first three letters."""

Zone = Annotated[str, Check(_zone)]
"""An IANA time zone name, e.g. Asia/Shanghai."""


def _pattern(text: str) -> str:

    return check_pattern(text)


Pattern = Annotated[str, Check(_pattern)]
"""A name pattern: a glob where ``*`` is any run of characters (``claude-opus-4-8*``), or
``re:`` then a regular expression searched in the lower-cased name
(``re:^gpt-5\\.5-\\d{4}-\\d{2}-\\d{2}$``)."""

Minutes = Annotated[int, Rule(gt=0)]
"""A duration in whole minutes, > 0."""

Identifier = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9._-]*$")]
"""A stable id (model, provider, source): lower-case letters, digits, '.', '_', '-'."""

CalVer = Annotated[str, Rule(pattern=r"^\d{4}\.(0[1-9]|1[0-2])\.\d+$")]
"""A catalogue version: YYYY.MM.N, e.g. 2026.06.0."""

PartialDate = Annotated[str, Rule(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
"""A date as precise as it is known: YYYY, YYYY-MM or YYYY-MM-DD."""

Billions = Annotated[Decimal, Rule(gt=0, allow_inf_nan=False)]
"""A parameter count in billions."""


def _sparse_state(self: object) -> dict[str, object]:
    """The fields pickle keeps of an instance: those not at their class default (an absent
    field reads the default from the class). A catalogue of thousands of entries, most of
    whose optional fields are absent, so loads from the cache in a fraction of the time."""
    kind = type(self)
    defaults = _DEFAULTS.get(kind)
    if defaults is None:
        fields = dataclasses.fields(kind)  # type: ignore[arg-type]
        defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
        _DEFAULTS[kind] = defaults
    return {
        name: value
        for name, value in self.__dict__.items()
        if name not in defaults or not _same(value, defaults[name])
    }


def _same(value: object, default: object) -> bool:
    return type(value) is type(default) and value == default


_DEFAULTS: dict[type, dict[str, object]] = {}


@record
class Tier:
    """Prices of a request whose prompt exceeds ``above`` input tokens (a long-context tier)."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE
    __getstate__ = _sparse_state

    above: Annotated[int, Rule(gt=0)]
    """Input tokens per request (cached and cache-written ones included): a request whose
    prompt has strictly more than this many is billed entirely at this tier's prices
    (its input, cache and output tokens), not only the tokens past the threshold."""
    input: UsdPerMTok
    """Price of uncached input tokens of such a request, USD per 1M tokens."""
    output: UsdPerMTok
    """Price of output tokens (reasoning included) of such a request, USD per 1M tokens."""
    cache_read: UsdPerMTok | None = None
    """Price of cache reads of such a request, USD per 1M tokens. Absent: billed at this
    tier's input price (flagged)."""
    cache_write: UsdPerMTok | None = None
    """Price of cache writes of such a request, USD per 1M tokens. Absent: billed at this
    tier's input price (flagged)."""
    cache_write_long: UsdPerMTok | None = None
    """Price of the longer-lived cache writes (the entry's cache_write_long_minutes) of
    such a request, USD per 1M tokens. Absent: billed at this tier's cache_write price
    (flagged)."""


@record
class OffPeakWindow:
    """Hours of the day (UTC, or the clock of ``zone``; every day, or only ``days``) in
    which the model is sold at other prices, e.g. a night or weekend discount."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE
    __getstate__ = _sparse_state

    start: TimeOfDay
    """First minute of the window, HH:MM on the window's clock (inclusive)."""
    end: EndOfSpan
    """End of the window, HH:MM on the window's clock (exclusive); earlier than start when
    the window wraps midnight, e.g. start 16:30, end 00:30; 24:00 is midnight at the end
    of the day (start 00:00, end 24:00: the whole day)."""
    input: UsdPerMTok
    """Price of uncached input tokens of requests sent in the window, USD per 1M tokens."""
    output: UsdPerMTok
    """Price of output tokens (reasoning included) of requests sent in the window, USD per
    1M tokens."""
    cache_read: UsdPerMTok | None = None
    """Price of cache reads in the window, USD per 1M tokens. Absent: billed at the
    window's input price (flagged)."""
    cache_write: UsdPerMTok | None = None
    """Price of cache writes in the window, USD per 1M tokens. Absent: billed at the
    window's input price (flagged)."""
    days: Annotated[tuple[Weekday, ...], Rule(min_length=1)] | None = None
    """Days of the week the window applies on, on the window's clock, e.g. ["sat", "sun"]
    (absent: every day). Each minute counts on its own day: a window mon-fri 18:00-09:00
    covers Monday to Friday from 00:00 to 09:00 and from 18:00 to midnight."""
    zone: Zone | None = None
    """IANA time zone whose clock start, end and days are read on, e.g. Asia/Shanghai
    (absent: UTC). Every window of one entry is in the same zone."""

    @property
    def span(self) -> hours.Span:
        """(start minute, end minute) of the window."""
        return (hours.parse_time(self.start), hours.parse_time(self.end, end=True))

    @property
    def rule(self) -> zones.Window:
        """The window as plain data: (zone, weekday numbers, start minute, end minute)."""

        start, end = self.span
        return (self.zone, zones.weekday_numbers(self.days), start, end)

    @property
    def label(self) -> str:
        """``16:30-00:30 UTC``, ``sat,sun 00:00-24:00 Asia/Shanghai``."""
        days = f"{','.join(self.days)} " if self.days else ""
        return f"{days}{self.start}-{self.end} {self.zone or 'UTC'}"


# -- rules of a price entry's pricing dimensions (Check validators) -------------------


def tiers_in_order(tiers: tuple[Tier, ...] | None) -> tuple[Tier, ...] | None:
    """Tier thresholds must increase strictly from one tier to the next."""
    for lower, higher in itertools.pairwise(tiers or ()):
        if higher.above <= lower.above:
            raise ValueError(
                f"tiers must be in increasing order of 'above': {higher.above} comes after "
                f"{lower.above}"
            )
    return tiers


def windows_apart(windows: tuple[OffPeakWindow, ...] | None) -> tuple[OffPeakWindow, ...] | None:
    """Each window is shorter than a day (or a whole day on some days), names each day
    once, all share one zone, and no two windows share a minute of the week."""

    for window in windows or ():
        hours.check_span(window.span)
        if window.days is not None and len(set(window.days)) != len(window.days):
            raise ValueError(f"off-peak window {window.label}: days names a day twice")
        if window.span == (0, hours.MINUTES_PER_DAY) and window.days is None:
            raise ValueError(
                f"off-peak window {window.label} covers every minute of the week; give "
                "the other price as the entry's input and output instead"
            )
    found = {window.zone for window in windows or ()}
    if len(found) > 1:
        named = ", ".join(sorted(zone or "UTC" for zone in found))
        raise ValueError(
            f"off-peak windows of one entry are read on one clock, these use {named}; "
            "write them all in one zone"
        )
    for first, second in itertools.combinations(windows or (), 2):
        shared = zones.overlap(first.rule, second.rule)
        if shared is not None:
            raise ValueError(
                f"off-peak windows {first.label} and {second.label} overlap ({shared}); "
                "give each minute of the week one price"
            )
    return windows


@record
class Source:
    """Where prices come from: an article, a provider's price page, a tracker's data."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    title: str
    """Title of the page, article or data set."""
    author: str | None = None
    """Author, when the source has one."""
    publisher: str | None = None
    """Who published it."""
    published: PartialDate | None = None
    """When it was published: YYYY, YYYY-MM or YYYY-MM-DD."""
    checked: date | None = None
    """The day the prices were read from the source."""
    url: str | None = None
    """Address, where known."""
    note: str | None = None
    """Anything a reviewer should know about the source."""


@record
class Manifest:
    """``manifest.toml``: what the catalogue is, which version, and its sources."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    name: str
    """Catalogue name, printed with every figure."""
    version: CalVer
    """Catalogue version in CalVer (YYYY.MM.N), bumped on any data change."""
    updated: date
    """The day the catalogue data last changed."""
    currency: Literal["USD"]
    """Currency of every price."""
    default_source: Identifier
    """Source used when none is asked for."""
    sources: dict[Identifier, Source]
    """Every source a price may cite, by id."""
    fallback_source: Identifier | None = None
    """Source of a model that has no entry from the default source, when no source is
    asked for (e.g. list prices for every model the default source does not know)."""


@record
class FetchedFile:
    """The tracker's file an overlay written by ``tokencost prices update`` was made from."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    location: str
    """The URL (or local file) it was read from."""
    format: Literal["genai-prices", "litellm"]
    """The file's format."""
    sha256: Annotated[str, Rule(pattern=r"^sha256:[0-9a-f]{64}$")]
    """The file's bytes' sha256, ``sha256:`` then 64 hex digits."""
    day: date
    """The day it was fetched."""


@record
class OverlayManifest:
    """``overlay.toml``: a layer of prices over a catalogue (your own prices, or a tracker's
    update). Its provider files add models and price entries; an entry wins over the one of
    a layer below with the same model, source, host and effective date."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    name: str
    """Name of the layer, printed with every figure it priced."""
    updated: date | None = None
    """The day the layer's data last changed."""
    version: str | None = None
    """A version of the layer, if it has one."""
    sources: dict[Identifier, Source] | None = None
    """Sources its entries cite that no layer below declares (an id declared below is
    refused: an overlay cannot change what an existing source means)."""
    default_source: Identifier | None = None
    """Source used when none is asked for, instead of the one of the layers below."""
    fallback_source: Identifier | None = None
    """Fallback source (see the manifest's), instead of the one of the layers below."""
    note: str | None = None
    """Anything a reader should know about the layer."""
    fetched: FetchedFile | None = None
    """For an overlay written by ``tokencost prices update``: the file it was made from (the
    next update rewrites such an overlay whole)."""


@record
class PriceEntry:
    """One dated price of a model from one source (and, for hosted models, one host).

    A price applies from ``effective`` until the next entry of the same source and
    host; the key of an entry is (source, host, effective). Beside input and output,
    optional pricing dimensions (cache, reasoning, batch, per-request fees, long-context
    tiers, off-peak hours) each state their unit and billing rule in their docstring. A
    workload that uses a dimension the entry has no price for is billed at the normal
    rate and flagged.
    """

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE
    __getstate__ = _sparse_state

    effective: date
    """First day this price applies (inclusive)."""
    source: Identifier
    """Id of a source declared in manifest.toml: the price book this entry belongs to."""
    input: UsdPerMTok
    """Price of input (prompt) tokens, USD per 1M tokens."""
    output: UsdPerMTok
    """Price of output (completion) tokens, USD per 1M tokens."""
    host: Identifier | None = None
    """Who sells this price when it is not the model's developer, e.g. together, groq."""
    checked: date | None = None
    """The day the record this price was read from checked it (default: the via source's)."""
    via: Identifier | None = None
    """Declared source whose record states this price (a tracker such as genai-prices)."""
    note: str | None = None
    """Caveats, e.g. 'free tier' or why this date was chosen."""
    derived: str | None = None
    """How the price was derived when the source does not state it directly."""
    cache_read: UsdPerMTok | None = None
    """Price of input tokens read from the prompt cache (cache hits), USD per 1M tokens.
    Cached tokens are part of the input tokens: they are billed at this price instead of
    input, never in addition. Absent: cache hits are billed at the input price (flagged)."""
    cache_write: UsdPerMTok | None = None
    """Price of input tokens written to the prompt cache, USD per 1M tokens, billed instead
    of input for those tokens (for the lifetime in cache_write_minutes). Absent: cache
    writes are billed at the input price (flagged)."""
    cache_write_minutes: Minutes | None = None
    """How long a write at the cache_write price stays cached, in minutes (e.g. 5), where
    the provider says; needs cache_write."""
    cache_write_long: UsdPerMTok | None = None
    """Price of a longer-lived cache write (e.g. a 1-hour write), USD per 1M tokens, billed
    instead of input for the cache writes of workloads that set cache_write_long
    (absent: those are billed at cache_write, flagged); needs cache_write_long_minutes."""
    cache_write_long_minutes: Minutes | None = None
    """How long a write at the cache_write_long price stays cached, in minutes (e.g. 60);
    longer than cache_write_minutes."""
    reasoning: UsdPerMTok | None = None
    """Price of reasoning (thinking) tokens, USD per 1M tokens. Reasoning tokens are part
    of the output tokens, billed at this price instead of output. Absent: billed at the
    output price, as most providers bill them (not flagged)."""
    batch_input: UsdPerMTok | None = None
    """Price of uncached input tokens sent through the provider's batch API, USD per 1M
    tokens; with batch_output, instead of batch_discount. Cache reads and writes in batch
    are billed at batch_cache_read and batch_cache_write where given, else at this price
    (flagged)."""
    batch_output: UsdPerMTok | None = None
    """Price of output tokens (reasoning included) sent through the batch API, USD per 1M
    tokens; with batch_input."""
    batch_cache_read: UsdPerMTok | None = None
    """Price of cache reads sent through the batch API, USD per 1M tokens; with
    batch_input. Absent: billed at batch_input (flagged)."""
    batch_cache_write: UsdPerMTok | None = None
    """Price of cache writes sent through the batch API, USD per 1M tokens; with
    batch_input. Absent: billed at batch_input (flagged)."""
    batch_discount: (
        Annotated[Decimal, Rule(gt=0, le=1, allow_inf_nan=False), Check(_exact_share)] | None
    ) = None
    """Share taken off every token price (input, cache, reasoning, output and a tier's) for
    traffic sent through the batch API, 0 to 1: 0.5 is half price. Per-request fees are
    not discounted. Instead of batch_input and batch_output."""
    per_1k_requests: (
        Annotated[Decimal, Rule(ge=0, allow_inf_nan=False), Check(_exact_price)] | None
    ) = None
    """Fee per 1,000 requests, USD, on top of the token prices (not discounted by batch or
    off-peak hours). Billed on the workload's requests_per_day (or input tokens /
    prompt_tokens); a workload that gives neither leaves it out (flagged)."""
    tiers: Annotated[tuple[Tier, ...], Rule(min_length=1), Check(tiers_in_order)] | None = None
    """Long-context tiers, in increasing order of threshold: a request whose prompt (input
    tokens, cached ones included) is strictly more than a tier's 'above' is billed entirely
    at that tier's prices; the highest tier exceeded applies. Batch prices and off-peak
    windows are not applied above a threshold (flagged); a batch_discount is."""
    off_peak: (
        Annotated[tuple[OffPeakWindow, ...], Rule(min_length=1), Check(windows_apart)] | None
    ) = None
    """Hours of the day (UTC, or a time zone's clock, every day or some days of the week)
    with their own prices, e.g. a night or weekend discount; the entry's input and output
    are the prices outside them. Windows may wrap midnight, share one zone and must not
    overlap. Billed on the workload's off_peak_share of traffic, and by each record's
    time in a replay."""


def entry_rules(entry: PriceEntry) -> PriceEntry:
    """Rules between an entry's pricing fields (a ValueError says which and how to fix)."""
    batch_pair = (entry.batch_input, entry.batch_output)
    if entry.batch_discount is not None and any(v is not None for v in batch_pair):
        raise ValueError("give batch_input and batch_output, or batch_discount, not both")
    if (batch_pair[0] is None) != (batch_pair[1] is None):
        raise ValueError("give both batch_input and batch_output (or batch_discount instead)")
    for name in ("batch_cache_read", "batch_cache_write"):
        if getattr(entry, name) is not None and batch_pair[0] is None:
            raise ValueError(f"{name} is a batch price beside batch_input: give batch_input")
    if entry.cache_write_minutes is not None and entry.cache_write is None:
        raise ValueError("cache_write_minutes is the lifetime of cache_write: give cache_write")
    if (entry.cache_write_long is None) != (entry.cache_write_long_minutes is None):
        raise ValueError("give cache_write_long and cache_write_long_minutes together")
    short, long = entry.cache_write_minutes, entry.cache_write_long_minutes
    if short is not None and long is not None and long <= short:
        raise ValueError(
            f"cache_write_long_minutes ({long}) must be longer than cache_write_minutes ({short})"
        )
    return entry


CheckedEntry = Annotated[PriceEntry, Check(entry_rules)]
"""A price entry validated with the rules between its pricing fields."""

PRICING_FIELDS = (
    "cache_read",
    "cache_write",
    "cache_write_minutes",
    "cache_write_long",
    "cache_write_long_minutes",
    "reasoning",
    "batch_input",
    "batch_output",
    "batch_cache_read",
    "batch_cache_write",
    "batch_discount",
    "per_1k_requests",
    "tiers",
    "off_peak",
)
"""PriceEntry's optional pricing fields, in the order they are written and shown."""


def plain_data(value: object) -> object:
    """Pricing values as plain data: a Tier or window as a dict without absent keys, a
    tuple as a list; numbers and text as they are."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        return {name: plain_data(item) for name, item in items if item is not None}
    if isinstance(value, tuple | list):
        return [plain_data(item) for item in value]
    return value


def pricing_values(entry: PriceEntry) -> dict[str, object]:
    """Each of :data:`PRICING_FIELDS` with the entry's value as plain data (None: absent)."""
    return {name: plain_data(getattr(entry, name)) for name in PRICING_FIELDS}


def entry_key(entry: PriceEntry) -> tuple[str, str | None, date]:
    """What makes an entry unique within a model: source, host and effective date."""
    return (entry.source, entry.host, entry.effective)


def describe_key(entry: PriceEntry) -> str:
    """``source 'list' at host 'groq' effective 2026-06-01`` for messages."""
    at = f" at host '{entry.host}'" if entry.host else ""
    return f"source '{entry.source}'{at} effective {entry.effective}"


def ordered_prices(prices: tuple[PriceEntry, ...]) -> tuple[PriceEntry, ...]:
    """Entries must be in date order, with one entry per source, host and date."""
    for earlier, later in itertools.pairwise(prices):
        if later.effective < earlier.effective:
            raise ValueError(
                f"entries must be in date order: {later.effective} comes after "
                f"{earlier.effective}; move it up"
            )
    seen: set[tuple[str, str | None, date]] = set()
    for entry in prices:
        key = entry_key(entry)
        if key in seen:
            if entry.host is None:
                raise ValueError(
                    f"two entries from source '{entry.source}' effective {entry.effective}; "
                    "keep one"
                )
            raise ValueError(f"two entries from {describe_key(entry)}; keep one")
        seen.add(key)
    return prices


@record
class Model:
    """A model: stable id, facts, and its dated price entries."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE
    __getstate__ = _sparse_state

    id: Identifier
    """Stable id used on the command line, e.g. gpt-5.5."""
    name: str
    """Display name, e.g. GPT-5.5."""
    prices: Annotated[tuple[CheckedEntry, ...], Rule(min_length=1), Check(ordered_prices)]
    """Dated price entries, oldest first."""
    architecture: Literal["dense", "moe"] | None = None
    """Dense or mixture-of-experts (unknown when absent, e.g. in an imported catalogue)."""
    weights: Literal["open", "closed"] | None = None
    """Whether the weights are published (unknown when absent)."""
    country: Annotated[str, Rule(pattern=r"^[A-Z]{2}$")] | None = None
    """ISO 3166 code of the developer's country, e.g. US, CN (unknown when absent)."""
    default_host: Identifier | None = None
    """Host whose price is used when none is asked for, for sources that price the model
    only through hosts."""
    aliases: tuple[str, ...] = ()
    """Other names for the model, matched case-insensitively."""
    patterns: tuple[Pattern, ...] | None = None
    """Name patterns of the model, tried after every id and alias: a glob where ``*`` is
    any run of characters (``claude-opus-4-8*``), or ``re:`` then a regular expression
    searched in the lower-cased name. Which model wins when several match: the docs
    (catalogue, Names)."""
    licence: str | None = None
    """Licence of the weights, when open."""
    parameters_total_b: Billions | None = None
    """Total parameters, in billions."""
    parameters_active_b: Billions | None = None
    """Parameters active per token (mixture-of-experts), in billions."""
    context_window: Annotated[int, Rule(gt=0)] | None = None
    """Context window, in tokens."""
    released: PartialDate | None = None
    """Release date, as precise as known (YYYY-MM)."""
    note: str | None = None
    """Facts worth knowing, with their source."""


@record
class ProviderFile:
    """One provider's file, e.g. ``openai.toml``."""

    __pydantic_config__: ClassVar[dict[str, object]] = STRICT_FILE

    provider: Identifier
    """Provider id, e.g. openai."""
    name: str
    """Display name, e.g. OpenAI."""
    models: Annotated[tuple[Model, ...], Rule(min_length=1)]
    """The provider's models."""
    url: str | None = None
    """The provider's pricing page, where known."""
    patterns: tuple[Pattern, ...] | None = None
    """Name patterns of this provider's models in general (e.g. ``*claude*``): a name
    they match is looked up among this provider's model patterns before any other
    provider's."""

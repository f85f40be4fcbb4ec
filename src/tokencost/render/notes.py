"""The assumptions behind every figure: footer sentences and the JSON pieces that state them.

Every table ends with the same sentences, built here once: the workload
(``Workload: ...``), where the prices come from (``Prices: ...``) and which catalogue
(``Catalogue: ...``); a section printed under a comparison that already states them
in full ends with :func:`compact_line` instead. The JSON documents describe the same
things with :func:`source_document`, :func:`workload_document`, :func:`price_unit` and
:func:`unpriced_document`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tokencost.engine import CatalogueInfo, SourceInfo, Unpriced
from tokencost.render import dimensions
from tokencost.render import formatting as fmt
from tokencost.workload import Workload

# -- footer sentences -----------------------------------------------------------------------


def short_digest(digest: str) -> str:
    """A catalogue digest as printed in tables: ``sha256:`` and its first 12 hex digits."""
    return digest[:19]


def byline(source: SourceInfo) -> str:
    """``Shyank Akshar, 2026-06``: the source's author and date, as far as known."""
    return ", ".join(part for part in (source.author, source.published) if part)


def volume(workload: Workload) -> str:
    """``10,000,000 tokens/day = 7,500,000 input + 2,500,000 output (3:1)``."""
    return (
        f"{fmt.tokens(workload.tokens_per_day)} tokens/day = "
        f"{fmt.tokens(workload.input_tokens_per_day)} input + "
        f"{fmt.tokens(workload.output_tokens_per_day)} output ({workload.split_label})"
    )


def workload_line(workload: Workload, label: str = "Workload") -> str:
    """``Workload x: 20,000,000 tokens/day = ... (4:1); month = 30 days.``, and its
    pricing dimensions when it has any (``Traffic: 60% of input tokens ...``), for a
    table of several workloads (``check``, ``diff``)."""
    traffic = traffic_line(workload)
    return (
        f"{label} {workload.name}: {volume(workload)}; "
        f"month = {fmt.quantity(workload.days_per_month)} days.{' ' + traffic if traffic else ''}"
    )


def workload_year_line(workload: Workload, months_per_year: int) -> str:
    """The one workload of a table, month and year included: ``Workload: default, ...``."""
    return (
        f"Workload: {workload.name}, {volume(workload)}; "
        f"month = {fmt.quantity(workload.days_per_month)} days, year = {months_per_year} months."
    )


def traffic_line(workload: Workload) -> str:
    """``Traffic: 60% of input tokens read from cache, ...``; empty without pricing dimensions."""
    if not workload.has_traffic:
        return ""
    assert workload.traffic is not None
    return dimensions.traffic_sentence(workload.traffic, workload.input_tokens_per_day)


def prices_line(source: SourceInfo, currency: str, as_of: date, label: str = "Prices") -> str:
    """Where the prices come from and the day they were in effect."""
    by = byline(source)
    return (
        f"{label}: {currency} per 1M tokens from source '{source.id}' "
        f'("{source.title}"{", " + by if by else ""}), in effect on {as_of.isoformat()}.'
    )


def catalogue_line(catalogue: CatalogueInfo, label: str = "Catalogue") -> str:
    """The catalogue's name, version, short digest and date."""
    return (
        f"{label}: {catalogue.name} {catalogue.version} ({short_digest(catalogue.digest)}), "
        f"updated {catalogue.updated.isoformat()}."
    )


def host_line(model: str, host: str) -> str:
    """``Host: llama-4-maverick priced at together (--host picks another).``"""
    return f"Host: {model} priced at {host} (--host picks another)."


def compact_line(wl: Workload, src: SourceInfo, as_of: date, cat: CatalogueInfo) -> str:
    """All the assumptions in one sentence, for a section below a fuller footer."""
    return (
        f"Month = {fmt.quantity(wl.days_per_month)} days; prices from source '{src.id}' in "
        f"effect on {as_of.isoformat()}; catalogue {cat.name} {cat.version} "
        f"({short_digest(cat.digest)})."
    )


# -- JSON pieces ------------------------------------------------------------------------------


def price_unit(currency: str) -> str:
    """``USD per 1,000,000 tokens``: the unit of every price in a document."""
    return f"{currency} per 1,000,000 tokens"


def source_document(source: SourceInfo) -> dict[str, object]:
    """A price source as JSON."""
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "published": source.published,
        "url": source.url,
    }


def workload_document(workload: Workload, *, description: bool = False) -> dict[str, object]:
    """A workload as JSON: its name (and ``description``), tokens a day (in, out), split
    and month, and its pricing dimensions (``traffic``) when it has any."""
    return {
        "name": workload.name,
        **({"description": workload.description} if description else {}),
        "tokens_per_day": workload.tokens_per_day,
        "input_tokens_per_day": workload.input_tokens_per_day,
        "output_tokens_per_day": workload.output_tokens_per_day,
        "days_per_month": workload.days_per_month,
        "split": workload.split_label,
        **traffic_keys(workload),
    }


def traffic_keys(workload: Workload) -> dict[str, object]:
    """``traffic`` for a workload with pricing dimensions; nothing otherwise."""
    if not workload.has_traffic:
        return {}
    assert workload.traffic is not None
    return {"traffic": dimensions.traffic_document(workload.traffic)}


def unpriced_document(unpriced: Iterable[Unpriced]) -> list[dict[str, object]]:
    """The models left out for want of a price, with the reason."""
    return [{"model": u.model, "reason": u.reason} for u in unpriced]

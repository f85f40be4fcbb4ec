"""Footer sentences shared by the decision outputs: the assumptions behind every figure."""

from __future__ import annotations

from datetime import date

from tokencost.engine import CatalogueInfo, SourceInfo
from tokencost.render import formatting as fmt
from tokencost.workload import Workload


def workload_line(wl: Workload, months_per_year: int) -> str:
    """``Workload: name, N tokens/day = I input + O output (3:1); month = 30 days, ...``."""
    return (
        f"Workload: {wl.name}, {fmt.tokens(wl.tokens_per_day)} tokens/day = "
        f"{fmt.tokens(wl.input_tokens_per_day)} input + {fmt.tokens(wl.output_tokens_per_day)} "
        f"output ({wl.split_label}); month = {fmt.quantity(wl.days_per_month)} days, "
        f"year = {months_per_year} months."
    )


def prices_line(currency: str, src: SourceInfo, as_of: date) -> str:
    """``Prices: USD per 1M tokens from source 'x' ("title", author), in effect on DATE.``"""
    by = ", ".join(part for part in (src.author, src.published) if part)
    return (
        f"Prices: {currency} per 1M tokens from source '{src.id}' "
        f'("{src.title}"{", " + by if by else ""}), in effect on {as_of.isoformat()}.'
    )


def catalogue_line(cat: CatalogueInfo) -> str:
    """``Catalogue: name version (digest), updated DATE.``"""
    return (
        f"Catalogue: {cat.name} {cat.version} ({cat.digest[:19]}), updated "
        f"{cat.updated.isoformat()}."
    )


def compact_line(wl: Workload, src: SourceInfo, as_of: date, cat: CatalogueInfo) -> str:
    """All the assumptions in one sentence, for a section below a fuller footer."""
    return (
        f"Month = {fmt.quantity(wl.days_per_month)} days; prices from source '{src.id}' in "
        f"effect on {as_of.isoformat()}; catalogue {cat.name} {cat.version} ({cat.digest[:19]})."
    )


def workload_document(wl: Workload) -> dict[str, object]:
    """The workload as JSON, as ``tokencost.compare/1`` writes it."""
    return {
        "name": wl.name,
        "description": wl.description,
        "tokens_per_day": wl.tokens_per_day,
        "input_tokens_per_day": wl.input_tokens_per_day,
        "output_tokens_per_day": wl.output_tokens_per_day,
        "days_per_month": wl.days_per_month,
        "split": wl.split_label,
    }


def source_document(src: SourceInfo) -> dict[str, object]:
    """The price source as JSON, as ``tokencost.compare/1`` writes it."""
    return {
        "id": src.id,
        "title": src.title,
        "author": src.author,
        "published": src.published,
        "url": src.url,
    }

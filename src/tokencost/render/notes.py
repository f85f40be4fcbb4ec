"""Footer sentences that state the assumptions behind budget and diff figures."""

from __future__ import annotations

from datetime import date

from tokencost.engine import CatalogueInfo, SourceInfo
from tokencost.render import formatting as fmt
from tokencost.workload import Workload


def workload_line(workload: Workload, label: str = "Workload") -> str:
    """``Workload x: 20,000,000 tokens/day = ... (4:1); month = 30 days.``, and its
    pricing dimensions when it has any (``Traffic: 60% of input tokens ...``)."""
    traffic = ""
    if workload.traffic is not None and workload.traffic.used:
        from tokencost.traffic import describe

        traffic = " " + describe(workload.traffic, workload.input_tokens_per_day)
    return (
        f"{label} {workload.name}: {fmt.tokens(workload.tokens_per_day)} tokens/day = "
        f"{fmt.tokens(workload.input_tokens_per_day)} input + "
        f"{fmt.tokens(workload.output_tokens_per_day)} output ({workload.split_label}); "
        f"month = {fmt.quantity(workload.days_per_month)} days.{traffic}"
    )


def prices_line(source: SourceInfo, currency: str, as_of: date, label: str = "Prices") -> str:
    """Where the prices come from and the day they were in effect."""
    by = ", ".join(part for part in (source.author, source.published) if part)
    return (
        f"{label}: {currency} per 1M tokens from source '{source.id}' "
        f'("{source.title}"{", " + by if by else ""}), in effect on {as_of.isoformat()}.'
    )


def catalogue_line(catalogue: CatalogueInfo, label: str = "Catalogue") -> str:
    """The catalogue's name, version, short digest and date."""
    return (
        f"{label}: {catalogue.name} {catalogue.version} ({catalogue.digest[:19]}), updated "
        f"{catalogue.updated.isoformat()}."
    )


def workload_document(workload: Workload) -> dict[str, object]:
    """A workload as JSON: its name, tokens a day (in, out), split and month."""
    return {
        "name": workload.name,
        "tokens_per_day": workload.tokens_per_day,
        "input_tokens_per_day": workload.input_tokens_per_day,
        "output_tokens_per_day": workload.output_tokens_per_day,
        "days_per_month": workload.days_per_month,
        "split": workload.split_label,
        **_traffic_keys(workload),
    }


def source_document(source: SourceInfo) -> dict[str, object]:
    """A price source as JSON."""
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "published": source.published,
        "url": source.url,
    }


def plural(count: int, word: str) -> str:
    """``1 budget``, ``3 budgets``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _traffic_keys(workload: Workload) -> dict[str, object]:
    """``traffic`` for a workload with pricing dimensions; nothing otherwise."""
    if workload.traffic is None or not workload.traffic.used:
        return {}
    from tokencost.traffic import document

    return {"traffic": document(workload.traffic)}

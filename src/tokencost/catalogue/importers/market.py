"""The shipped catalogue's ``list`` source, rebuilt from a genai-prices data file.

    python -m tokencost.catalogue.importers.market genai-prices-0.2.3-data.json \\
        --version 0.2.3 --published 2026-11 \\
        --earlier genai-prices-data-2026-08-21.json --earlier-commit 47df840 \\
        --earlier-date 2026-08-21 --litellm litellm-1.110.2-model-prices.json \\
        --litellm-version 1.110.2 --prices prices/

Every model of the file (and the chat models of :data:`LITELLM_SELLERS`, which only
LiteLLM's file knows) becomes a model of the ``list`` source (:mod:`.genai_prices`
converts it; :mod:`.corrections` adds what the tracker's notes say and its data cannot),
one provider file per genai-prices provider. The article's models (:data:`LINKS`) keep
everything that is not a ``list`` entry (their ``article`` entries, facts, notes); their
``list`` entries are rebuilt from the records linked to them, the first-party record
giving them its names too. Everything else in the folder that came from a tracker is
replaced. So running it twice on the same files writes the same bytes, and a newer
tracker file is one run.

Dates: genai-prices dates only later price changes. A model's undated price is dated
by :data:`LINKS` for the article's models; else, when the earlier snapshot
(``--earlier``) already records the same undated price and no dated price starts by
then, by that snapshot's day; else the first day of the file's release month
(``--published``), no day being known.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tokencost.atomic import write_atomic
from tokencost.catalogue.edit import ENTRY_KEYS
from tokencost.catalogue.importers import genai_prices, litellm
from tokencost.catalogue.importers.common import (
    Owners,
    Record,
    add_models,
    assign_aliases,
    assign_ids,
    owner,
    per_million,
    provider_id,
)
from tokencost.catalogue.importers.corrections import apply_corrections
from tokencost.catalogue.index import Catalogue
from tokencost.catalogue.load import build_catalogue
from tokencost.catalogue.tomltext import provider_toml, table_text

COMMENTS = " genai-prices' comments on its price: "
"""Joins an article model's own note and its first-party record's price comments."""
GENERATED_VIA = ("genai-prices", "litellm", "llm-prices")
"""Entries of the ``list`` source with these ``via`` are the builder's (replaced)."""
PROVIDER_IDS = {"zhipuai": "zhipu"}
"""genai-prices provider ids that are another id in tokencost."""


@dataclass(frozen=True)
class Seller:
    """A seller genai-prices does not know, whose models LiteLLM's file gives."""

    litellm_provider: str
    """Its ``litellm_provider`` in LiteLLM's file (its keys start ``<this>/``)."""
    id: str
    name: str
    url: str
    patterns: tuple[str, ...]
    """Its own names (the provider file's ``patterns``)."""


LITELLM_SELLERS = (
    Seller(
        "dashscope",
        "alibaba",
        "Alibaba Cloud Model Studio (DashScope)",
        "https://www.alibabacloud.com/help/en/model-studio/models",
        ("re:^(dashscope/)?(qwen|qwq)",),
    ),
)
"""Sellers only LiteLLM knows: each of their chat models is a model of the ``list``
source, read via LiteLLM (``--litellm``)."""
CHAT_MODES = ("chat", "completion", "responses")
"""LiteLLM ``mode``s of the models a seller's file takes (not speech, images, video)."""


@dataclass(frozen=True)
class Link:
    """A tracker record whose prices are one of an article model's ``list`` prices."""

    provider: str
    model: str
    host: str | None
    """The host that sells at this price; None: the model's developer (its record
    also gives the model its names and is not a model of its own)."""
    undated: date
    """The day the record's undated price is dated."""
    why: str
    """Why that day (the entry's note)."""
    litellm_batch: str | None = None
    """A LiteLLM key whose batch prices the entry takes (the tracker has none)."""


HOSTED = Link("", "", "host", date.min, "")
"""Stands for a record linked to no article model (it is a model of its own)."""
LITELLM_2025 = (
    "LiteLLM's data of 2025-09-05 (the copy bundled in AgentOps-AI/tokencost, commit "
    "e7f7c19) already records the same price ({key}), the earliest day a source here "
    "vouches for it, so the price is dated 2025-09-05."
)


def _maverick_at(provider: str, model: str, host: str, key: str, *, batch: bool = False) -> Link:
    """Llama 4 Maverick's price at a host, dated by LiteLLM's data of 2025-09-05 (``key``)."""
    why = f"genai-prices (provider {provider}) gives no start date; " + LITELLM_2025.format(key=key)
    return Link(provider, model, host, date(2025, 9, 5), why, key if batch else None)


LINKS: dict[str, tuple[Link, ...]] = {
    "gpt-5.5": (
        Link(
            "openai",
            "gpt-5.5",
            None,
            date(2026, 4, 23),
            "genai-prices gives this price no start date; the earliest snapshot it matches "
            "is gpt-5.5-2026-04-23, so it is dated 2026-04-23.",
        ),
    ),
    "claude-opus-4.8": (
        Link(
            "anthropic",
            "claude-opus-4-8",
            None,
            date(2026, 6, 1),
            "genai-prices gives this price no start date; the article dates the release "
            "'late May 2026' without a day, so the first of June is used, as for the "
            "article's entry.",
        ),
    ),
    "deepseek-v4-pro": (
        Link(
            "deepseek",
            "deepseek-v4-pro",
            None,
            date(2026, 5, 1),
            "genai-prices gives this price no start date (it holds until 2026-08-17); the "
            "article dates the 'permanent 75% API price cut in May 2026' without a day, so "
            "the first of May is used, as for the article's entry.",
        ),
    ),
    "llama-4-maverick": (
        _maverick_at(
            "aws",
            "meta.llama4-maverick-17b-instruct-v1:0",
            "aws-bedrock",
            "meta.llama4-maverick-17b-instruct-v1:0",
            batch=True,
        ),
        _maverick_at(
            "fireworks",
            "llama4-maverick-instruct-basic",
            "fireworks",
            "fireworks_ai/accounts/fireworks/models/llama4-maverick-instruct-basic",
        ),
        _maverick_at(
            "groq",
            "meta-llama/llama-4-maverick-17b-128e-instruct",
            "groq",
            "groq/meta-llama/llama-4-maverick-17b-128e-instruct",
        ),
        _maverick_at(
            "together",
            "meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
            "together",
            "together_ai/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8",
        ),
    ),
}


@dataclass(frozen=True)
class Tracker:
    """The tracker files a build reads, and what a reader needs to find them."""

    data: Any
    version: str
    published: str
    """YYYY-MM (the release month; no day is known)."""
    earlier: Any = None
    earlier_commit: str | None = None
    earlier_date: date | None = None
    litellm: Any = None
    litellm_version: str | None = None

    @property
    def default_day(self) -> date:
        """The day an undated price first seen in this file is dated: its month's first."""
        return date.fromisoformat(f"{self.published}-01")


@dataclass(frozen=True)
class Build:
    """The files of a rebuilt catalogue, and what went into them."""

    files: dict[str, str]
    """File name -> TOML text (manifest.toml and one file per provider)."""
    skipped: tuple[tuple[str, str], ...]
    """(provider/model, why) of the tracker's models that have no per-token price."""
    dropped_aliases: tuple[tuple[str, str, str], ...]
    """(name, model, the model that has it) of names a model could not keep."""


def build(tracker: Tracker, prices: Path, *, updated: date, version: str) -> Build:
    """The catalogue folder ``prices`` with its ``list`` source rebuilt from ``tracker``."""
    records, skipped = genai_prices.read(
        tracker.data,
        effective=tracker.default_day,
        provider=None,
        models=None,
        undated=_undated_days(tracker),
    )
    apply_corrections(records, strict=True)
    for record in records:
        record.prices = [_as_list(entry) for entry in record.prices]
    curated = _curated(prices)
    linked = {(link.provider, link.model): (mid, link) for mid, links in LINKS.items()
              for link in links}  # fmt: skip
    by_key = {(r.provider, r.key): r for r in records}
    missing = [key for key in linked if key not in by_key]
    if missing:
        raise ValueError(f"linked tracker models missing from the file: {missing}")
    own = [r for r in records if linked.get((r.provider, r.key), (None, HOSTED))[1].host]
    own += _litellm_sellers(tracker)
    for model_id, links in LINKS.items():
        pairs = [(by_key[(link.provider, link.model)], link) for link in links]
        _merge(curated.model(model_id), pairs, tracker)
    developers = [by_key[key] for key, (_, link) in linked.items() if link.host is None]
    first_party = {n.lower() for record in developers for n in (record.key, *record.names)}
    written = {n.lower() for r in own for n in (r.key, *r.names)} - first_party
    for model in curated.models():  # a seller's own name is the seller's
        model["aliases"] = [a for a in model.get("aliases", []) if a.lower() not in written]
    curated_names = {
        name.lower(): model["id"]
        for model in curated.models()
        for name in (model["id"], *model.get("aliases", ()))
    }
    owners = Owners([*own, *developers])
    ids, _ = assign_ids(own, set(curated_names), owners)
    hosted = {(k.provider, k.model) for links in LINKS.values() for k in links if k.host}
    owned, extra = _shared_names(own, ids, hosted, curated_names)
    aliases, dropped = assign_aliases(own, ids, curated_names | owned, owners=owners)
    for mine, more in zip(aliases, extra, strict=True):
        known = {name.lower() for name in mine}
        mine.extend(name for name in more if name.lower() not in known)
    files = _provider_files(curated, own, ids, aliases)
    files["manifest.toml"] = _manifest(prices, tracker, updated, version)
    return Build(
        files=dict(sorted(files.items())),
        skipped=tuple((s.key, s.reason) for s in skipped),
        dropped_aliases=tuple(dropped),
    )


def _shared_names(
    records: list[Record],
    ids: list[str],
    hosted: set[tuple[str, str]],
    taken: dict[str, str],
) -> tuple[dict[str, str], list[list[str]]]:
    """Names several sellers write with no owner among them (``owner``): each seller's
    model gets the name behind its provider id (``groq/meta-llama/...``), and when
    exactly one of the sellers is a host of an article model (``hosted``: Llama 4
    Maverick's), that seller's model keeps the plain name too. Returns (plain name ->
    its model, lower-cased) and each record's extra aliases."""
    wanted = [list(dict.fromkeys(n.strip() for n in (r.key, *r.names) if n.strip()))
              for r in records]  # fmt: skip
    holders: dict[str, list[int]] = {}
    for number, names in enumerate(wanted):
        for key in dict.fromkeys(name.lower() for name in names):
            holders.setdefault(key, []).append(number)
    every = set(taken) | {i.lower() for i in ids} | set(holders)
    owned: dict[str, str] = {}
    extra: list[list[str]] = [[] for _ in records]
    for number, names in enumerate(wanted):
        for name in names:
            key = name.lower()
            found = holders[key]
            if len(found) < 2 or key in taken or owner(records, found, key) is not None:
                continue
            hosts = [n for n in found if (records[n].provider, records[n].key) in hosted]
            if hosts == [number]:
                owned[key] = ids[number]
                extra[number].append(name)
            record = records[number]
            pid = PROVIDER_IDS.get(record.provider, provider_id(record.provider))
            qualified = f"{pid}/{name}"
            if qualified.lower() not in every:
                every.add(qualified.lower())
                extra[number].append(qualified)
    return owned, extra


def _litellm_sellers(tracker: Tracker) -> list[Record]:
    """The chat models of :data:`LITELLM_SELLERS` in LiteLLM's file, as records of the
    ``list`` source read via LiteLLM: the name the seller's API writes is the key
    (LiteLLM's ``<provider>/`` prefix off), LiteLLM's key an alias."""
    if tracker.litellm is None:
        return []
    found = []
    for seller in LITELLM_SELLERS:
        records, _ = litellm.read(
            tracker.litellm,
            effective=tracker.default_day,
            provider=seller.litellm_provider,
            models=None,
        )
        for record in records:
            spec = tracker.litellm[record.key]
            if spec.get("mode") not in CHAT_MODES:
                continue
            name = record.key.split("/", 1)[1]
            where = f", which cites {spec['source']}" if spec.get("source") else ""
            why = (
                f"LiteLLM {tracker.litellm_version}, key {record.key}{where}; genai-prices "
                f"{tracker.version} has no {seller.name}. LiteLLM dates no price: dated "
                f"{tracker.default_day}, as the undated prices of genai-prices "
                f"{tracker.version} (no day is known)."
            )
            for field, value in record.unmodelled.items():
                if field.startswith("tiered_pricing above") and "reasoning" in field:
                    above = field.split()[2].rstrip(":")
                    why += (
                        f" Above {int(above):,} input tokens LiteLLM gives reasoning "
                        f"${per_million(value, field)} per 1M, which a tier cannot hold: "
                        "billed at the tier's output price (flagged)."
                    )
            entries = [
                _ordered({**e, "source": "list", "via": litellm.SOURCE_ID, "note": why})
                for e in record.prices
            ]
            found.append(
                Record(
                    provider=seller.id,
                    provider_name=seller.name,
                    key=name,
                    name=name,
                    prices=entries,
                    names=[record.key],
                    provider_url=seller.url,
                    provider_patterns=list(seller.patterns),
                    context_window=record.context_window,
                )
            )
    return found


def _undated_days(tracker: Tracker) -> genai_prices.Undated:
    """The day each record's undated price is dated (see the module docstring)."""
    linked = {(k.provider, k.model): k.undated for links in LINKS.values() for k in links}
    earlier: dict[tuple[str, str], Any] = {}
    for prov in tracker.earlier or []:
        for model in prov.get("models") or []:
            earlier[(prov["id"], model["id"])] = _undated_price(model.get("prices"))
    data = {(p["id"], m["id"]): m for p in tracker.data for m in p.get("models") or []}

    def day(provider: str, model: str) -> date | None:
        if (provider, model) in linked:
            return linked[(provider, model)]
        if tracker.earlier_date is None or (provider, model) not in earlier:
            return None
        spec = data[(provider, model)]
        starts = _start_dates(spec.get("prices"))
        same = earlier[(provider, model)] == _undated_price(spec.get("prices"))
        if same and not any(start <= tracker.earlier_date for start in starts):
            return tracker.earlier_date
        return None

    return day


def _undated_price(spec: object) -> object:
    if isinstance(spec, dict):
        return spec
    for item in spec if isinstance(spec, list) else []:
        if isinstance(item, dict) and item.get("constraint") is None:
            return item.get("prices")
    return None


def _start_dates(spec: object) -> list[date]:
    found = []
    for item in spec if isinstance(spec, list) else []:
        constraint = item.get("constraint") if isinstance(item, dict) else None
        if isinstance(constraint, dict) and "start_date" in constraint:
            found.append(date.fromisoformat(str(constraint["start_date"])))
    return found


def _as_list(entry: dict[str, Any]) -> dict[str, Any]:
    """A tracker entry as an entry of the ``list`` source, read via genai-prices."""
    return _ordered({**entry, "source": "list", "via": genai_prices.SOURCE_ID})


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's keys in the order ``prices set`` writes them."""

    return {key: entry[key] for key in ENTRY_KEYS if key in entry}


# -- the article's models -------------------------------------------------------------------


@dataclass
class Curated:
    """The models of a folder kept by hand, by provider file (their tracker entries out)."""

    files: dict[str, dict[str, Any]]
    """File stem -> its data, with only the kept models."""
    headers: dict[str, str]
    """File stem -> the comment lines it starts with."""

    def models(self) -> Iterable[dict[str, Any]]:
        """Every kept model."""
        for data in self.files.values():
            yield from data["models"]

    def model(self, model_id: str) -> dict[str, Any]:
        """The kept model ``model_id``."""
        return next(m for m in self.models() if m["id"] == model_id)


def _curated(prices: Path) -> Curated:
    """The provider files of ``prices`` that hold a model tokencost keeps by hand
    (:data:`LINKS`, or any model with an entry of another source than ``list`` or not
    read via a tracker); those models keep everything but their tracker entries, every
    other model of the files is left out."""
    found = Curated({}, {})
    for path in sorted(prices.glob("*.toml")):
        if path.name == "manifest.toml":
            continue
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text, parse_float=Decimal)
        kept = [model for model in data.get("models", []) if _is_curated(model)]
        for model in kept:
            model["prices"] = [e for e in model["prices"] if not _generated(e)]
        if kept:
            data["models"] = kept
            found.files[path.stem] = data
            found.headers[path.stem] = _header(text)
    missing = sorted(set(LINKS) - {m["id"] for m in found.models()})
    if missing:
        raise ValueError(f"{prices}: the article's models {missing} are not in the folder")
    return found


def _is_curated(model: dict[str, Any]) -> bool:
    return model["id"] in LINKS or any(not _generated(e) for e in model.get("prices", []))


def _generated(entry: dict[str, Any]) -> bool:
    return entry.get("source") == "list" and entry.get("via") in GENERATED_VIA


def _header(text: str) -> str:
    """The comment lines a file starts with."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") and line.strip():
            break
        lines.append(line)
    return "\n".join(lines).strip() + "\n\n" if any(lines) else ""


def _merge(model: dict[str, Any], links: list[tuple[Record, Link]], tracker: Tracker) -> None:
    """Give an article model the ``list`` entries of its linked records (and the names,
    patterns and context window of its first-party record)."""
    for record, link in links:
        entries = [dict(e) for e in record.prices]
        first = entries[0]
        if first["effective"] == link.undated:
            first["note"] = " ".join(filter(None, [link.why, first.get("note")]))
        for entry in entries:
            if link.host is not None:
                entry = _with_host(entry, link.host)
            if link.litellm_batch:
                _litellm_batch(entry, tracker, link.litellm_batch)
            model["prices"].append(entry)
        if link.host is None:
            names = [record.key, *record.names]
            known = {n.lower() for n in (model["id"], *model.get("aliases", []))}
            extra = [n for n in dict.fromkeys(names) if n.lower() not in known]
            model["aliases"] = [*model.get("aliases", []), *extra]
            if record.patterns:
                model["patterns"] = record.patterns
            if record.context_window and "context_window" not in model:
                model["context_window"] = record.context_window
            if record.note:
                own = model.get("note", "").split(COMMENTS)[0].rstrip(". ")
                model["note"] = f"{own}.{COMMENTS}{record.note}"
    order = {"article": 0}
    model["prices"] = sorted(
        (_ordered(e) for e in model["prices"]),
        key=lambda e: (e["effective"], order.get(e["source"], 1), e.get("host") or ""),
    )


def _with_host(entry: dict[str, Any], host: str) -> dict[str, Any]:
    return {**entry, "host": host}


def _litellm_batch(entry: dict[str, Any], tracker: Tracker, key: str) -> None:
    spec = (tracker.litellm or {}).get(key)
    if not spec or "input_cost_per_token_batches" not in spec:
        raise ValueError(f"LiteLLM has no batch price for {key}")
    entry["batch_input"] = per_million(spec["input_cost_per_token_batches"], key)
    entry["batch_output"] = per_million(spec["output_cost_per_token_batches"], key)
    entry["note"] = (
        f"{entry.get('note', '')} Batch ${entry['batch_input']} input / "
        f"${entry['batch_output']} output per 1M: LiteLLM {tracker.litellm_version} ({key}: "
        "input_cost_per_token_batches, output_cost_per_token_batches); genai-prices records "
        "no batch price."
    ).strip()


# -- files ----------------------------------------------------------------------------------


def _provider_files(
    curated: Curated,
    records: list[Record],
    ids: list[str],
    aliases: list[list[str]],
) -> dict[str, str]:

    files = dict(curated.files)
    headers = curated.headers
    add_models(files, records, ids, aliases, PROVIDER_IDS)
    texts = {}
    for stem, table in sorted(files.items()):
        tracker = "LiteLLM" if stem in {s.id for s in LITELLM_SELLERS} else "genai-prices"
        header = headers.get(stem) or (
            f"# {table['name']}. Prices USD per 1M tokens: the list source is converted from "
            f"{tracker}\n# (manifest.toml, CHANGELOG.md); see the docs' catalogue page.\n\n"
        )
        first = ("provider", "name", "url", "patterns")
        ordered: dict[str, Any] = {k: table[k] for k in first if k in table}
        ordered |= {k: v for k, v in table.items() if k not in ordered}
        texts[f"{stem}.toml"] = header + provider_toml(ordered)
    return texts


def _manifest(prices: Path, tracker: Tracker, updated: date, version: str) -> str:
    """manifest.toml with its version, day and tracker sources brought up to date."""

    text = (prices / "manifest.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text, parse_float=Decimal)
    data["version"], data["updated"] = version, updated
    sources = data["sources"]
    earlier = ""
    if tracker.earlier_commit and tracker.earlier_date:
        earlier = (
            f" An undated price that its data of {tracker.earlier_date} (commit "
            f"{tracker.earlier_commit}) already recorded, with no dated price starting by "
            f"then, is dated {tracker.earlier_date};"
        )
    sources["genai-prices"] = {
        "title": f"genai-prices {tracker.version} price data",
        "publisher": "Pydantic",
        "published": tracker.published,
        "url": genai_prices.URL,
        "note": (
            f"The data of the genai-prices package {tracker.version} on PyPI (the same as "
            "prices/data.json in its repository), MIT licence, USD per 1M tokens; each "
            "provider file names the provider's pricing page it cites. It dates only later "
            "price changes." + earlier + " another undated price is dated "
            f"{tracker.default_day}, the first day of the release month (no day is known), "
            "unless the entry's note says otherwise. It states no day it checked its "
            "prices, so no entry read from it gives one."
        ),
    }
    if tracker.litellm_version:
        sources["litellm"] = {
            "title": "LiteLLM model prices (model_prices_and_context_window.json)",
            "publisher": "BerriAI",
            "published": "2025-09-05",
            "url": "https://github.com/BerriAI/litellm",
            "note": (
                f"Version {tracker.litellm_version} of the litellm package on PyPI (its "
                "model_prices_and_context_window_backup.json), MIT licence, USD per token "
                "read exactly from the decimal text; the source of the models of "
                + ", ".join(seller.name for seller in LITELLM_SELLERS)
                + " (genai-prices has none) and of Llama 4 Maverick's batch price at "
                "aws-bedrock. Dates in notes that cite its data of 2025-09-05 refer to the "
                "copy bundled in AgentOps-AI/tokencost, commit e7f7c19."
            ),
        }
    sources.pop("llm-prices", None)
    header = _header(text)
    return (
        header
        + table_text({k: v for k, v in data.items() if k != "sources"})
        + "".join(f"\n[sources.{sid}]\n" + table_text(source) for sid, source in sources.items())
    )


def write(build_result: Build, prices: Path) -> Catalogue:
    """Write the build into ``prices`` (each file atomically), removing provider files
    it no longer has; validated first. The catalogue written."""

    folder = prices.resolve()
    contents = {folder / n: t.encode("utf-8") for n, t in build_result.files.items()}
    catalogue = build_catalogue(folder, contents)
    for name, text in build_result.files.items():
        write_atomic(folder / name, text.encode("utf-8"))
    for stale in folder.glob("*.toml"):
        if stale.name not in build_result.files:
            stale.unlink()
    return catalogue


def main(argv: list[str] | None = None) -> int:
    """Rebuild the ``list`` source of a catalogue folder (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m tokencost.catalogue.importers.market")
    parser.add_argument("genai_prices", type=Path, help="genai-prices data file (JSON)")
    parser.add_argument("--version", required=True, help="its genai-prices version")
    parser.add_argument("--published", required=True, help="its release month, YYYY-MM")
    parser.add_argument("--earlier", type=Path, help="an earlier genai-prices data file")
    parser.add_argument("--earlier-commit", help="the earlier file's commit")
    parser.add_argument("--earlier-date", type=date.fromisoformat, help="its day")
    parser.add_argument(
        "--litellm", type=Path, help="LiteLLM's price file (batch prices, its sellers)"
    )
    parser.add_argument("--litellm-version", help="its litellm version")
    parser.add_argument("--prices", type=Path, default=Path("prices"), help="catalogue folder")
    parser.add_argument("--catalogue-version", required=True, help="new version, YYYY.MM.N")
    parser.add_argument("--updated", type=date.fromisoformat, required=True, help="today")
    args = parser.parse_args(argv)

    def load(path: Path | None) -> Any:
        return None if path is None else json.loads(path.read_text(), parse_float=Decimal)

    tracker = Tracker(
        data=load(args.genai_prices),
        version=args.version,
        published=args.published,
        earlier=load(args.earlier),
        earlier_commit=args.earlier_commit,
        earlier_date=args.earlier_date,
        litellm=load(args.litellm),
        litellm_version=args.litellm_version,
    )
    result = build(tracker, args.prices, updated=args.updated, version=args.catalogue_version)
    catalogue = write(result, args.prices)
    models = list(catalogue.models())
    print(
        f"{len(models)} models, {sum(len(m.prices) for m in models)} price entries, "
        f"{len(catalogue.providers)} provider files; {catalogue.digest}. Left out: "
        f"{len(result.skipped)} tracker models without a per-token price.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

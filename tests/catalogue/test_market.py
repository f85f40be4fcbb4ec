"""The shipped catalogue: the whole market from genai-prices 0.2.3, its corrections, its
provenance, and the command that rebuilds it (end-to-end tests on the real catalogue)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from tests.helpers import REPO, Run, tracker_file
from tokencost.catalogue import Catalogue, load_catalogue
from tokencost.catalogue.importers import market
from tokencost.catalogue.names import compile_pattern
from tokencost.catalogue.schema import ProviderFile

PRICES = REPO / "prices"


@cache
def shipped() -> Catalogue:
    return load_catalogue(PRICES)


def test_the_whole_market_is_there() -> None:
    catalogue = shipped()
    models = list(catalogue.models())
    assert (len(models), len(catalogue.providers)) == (2348, 48)
    assert sum(len(m.prices) for m in models) == 2621
    assert sorted(p.name for p in PRICES.glob("*.toml"))[:4] == [
        "alibaba.toml", "anthropic.toml", "arcee.toml", "avian.toml",
    ]  # fmt: skip
    assert {e.source for m in models for e in m.prices} == {"article", "list"}


def test_the_articles_five_keep_their_article_entries() -> None:
    with_article = {
        m.id: [(e.effective, e.input, e.output) for e in m.prices if e.source == "article"]
        for m in shipped().models()
        if any(e.source == "article" for e in m.prices)
    }
    assert with_article == {
        "claude-opus-4.8": [(date(2026, 6, 1), Decimal("3.00"), Decimal("15.00"))],
        "deepseek-v4-pro": [
            (date(2026, 4, 1), Decimal("0.14"), Decimal("0.28")),
            (date(2026, 5, 1), Decimal("0.035"), Decimal("0.07")),
        ],
        "glm-5-flash": [(date(2026, 6, 1), 0, 0)],
        "gpt-5.5": [(date(2026, 6, 1), Decimal("2.50"), Decimal("10.00"))],
        "llama-4-maverick": [(date(2026, 6, 1), Decimal("2.00"), Decimal("6.00"))],
    }


ARTICLE_TABLE = [
    "glm-5-flash       Zhipu AI        $0.00        $0.00   $0.00      $0.00       $0.00     free",
    "deepseek-v4-pro   DeepSeek       $0.035        $0.07   $0.44     $13.13     $157.50       1x",
    "llama-4-maverick  Meta            $2.00        $6.00  $30.00    $900.00  $10,800.00   68.57x",
    "gpt-5.5           OpenAI          $2.50       $10.00  $43.75  $1,312.50  $15,750.00     100x",
    "claude-opus-4.8   Anthropic       $3.00       $15.00  $60.00  $1,800.00  $21,600.00  137.14x",
]


@pytest.mark.parametrize("today", [None, "2026-06-15", "2026-11-29", "2030-01-01"])
def test_compare_with_no_arguments_is_the_articles_table(
    run: Run, monkeypatch: pytest.MonkeyPatch, today: str | None
) -> None:
    """Whatever the day (the list prices change; the article's do not), the five figures
    and the 100x of the article, and the exact figures in JSON."""
    if today is not None:
        monkeypatch.setenv("TOKENCOST_TODAY", today)
    table = run("compare")
    assert (table.code, table.err) == (0, "")
    rows = table.out.splitlines()[4:9]  # then the list price beside, which moves with the day
    assert [row[: len(want)] for row, want in zip(rows, ARTICLE_TABLE, strict=True)] == (
        ARTICLE_TABLE
    )
    assert "from source 'article'" in table.out
    document = json.loads(run("compare", "--json").out, parse_float=Decimal)
    figures = {r["model"]: (r["monthly_cost"], r["ratio"]) for r in document["results"]}
    assert figures == {
        "glm-5-flash": (0, 0),
        "deepseek-v4-pro": (Decimal("13.125"), 1),
        "llama-4-maverick": (900, Decimal("68.57142857142857142857142857142857142857")),
        "gpt-5.5": (Decimal("1312.5"), 100),
        "claude-opus-4.8": (1800, Decimal("137.1428571428571428571428571428571428571")),
    }


def test_every_list_entry_names_its_tracker_and_no_checked_day() -> None:
    for model in shipped().models():
        for entry in model.prices:
            if entry.source == "list":
                via = "litellm" if shipped().provider_of(model.id).provider == "alibaba" else None
                assert entry.via == (via or "genai-prices"), (model.id, entry)
                assert entry.checked is None, model.id


def test_nothing_cites_an_internal_issue_or_a_development_folder() -> None:
    for path in sorted(PRICES.iterdir()):
        text = path.read_text()
        for needle in ("issue #", "shared/", "/work/", "tokencost issue"):
            assert needle not in text, (path.name, needle)


def test_gpt_5_5_cached_input_above_272k_and_batch() -> None:
    catalogue = shipped()
    before = catalogue.price_at("gpt-5.5", date(2026, 10, 13), "list")
    entry = catalogue.price_at("gpt-5.5", date(2026, 11, 29), "list")
    [tier] = entry.tiers or ()
    assert (tier.above, tier.input, tier.output, tier.cache_read) == (272_000, 10, 45, 1)
    assert (before.batch_discount, entry.batch_discount) == (None, Decimal("0.5"))
    assert entry.effective == date(2026, 10, 14)


def test_opus_1_hour_writes_and_batch() -> None:
    catalogue = shipped()
    june = catalogue.price_at("claude-opus-4.8", date(2026, 6, 1), "list")
    assert (june.input, june.output) == (5, 25)
    assert (june.cache_read, june.cache_write) == (Decimal("0.5"), Decimal("6.25"))
    assert (june.cache_write_long, june.cache_write_long_minutes) == (10, 60)
    assert june.batch_discount is None
    october = catalogue.price_at("claude-opus-4.8", date(2026, 10, 14), "list")
    assert october.batch_discount == Decimal("0.5")


def test_deepseek_v4_pro_peak_hours_from_2026_08_17_and_weekends_from_2026_08_23() -> None:
    catalogue = shipped()
    flat = catalogue.price_at("deepseek-v4-pro", date(2026, 8, 16), "list")
    assert (flat.input, flat.output, flat.cache_read, flat.off_peak) == (
        Decimal("0.435"), Decimal("0.87"), Decimal("0.003625"), None,
    )  # fmt: skip
    peak = catalogue.price_at("deepseek-v4-pro", date(2026, 8, 17), "list")
    assert (peak.input, peak.output, peak.cache_read) == (
        Decimal("1.32"), Decimal("3.96"), Decimal("0.044"),
    )  # fmt: skip
    assert [w.label for w in peak.off_peak or ()] == [
        "mon,tue,wed,thu,fri 12:00-14:00 Asia/Shanghai",
        "mon,tue,wed,thu,fri 18:00-09:00 Asia/Shanghai",
    ]
    weekend = catalogue.price_at("deepseek-v4-pro", date(2026, 8, 23), "list")
    assert [w.label for w in weekend.off_peak or ()][-1] == "sat,sun 00:00-24:00 Asia/Shanghai"
    assert {(w.input, w.output, w.cache_read) for w in weekend.off_peak or ()} == {
        (Decimal("0.66"), Decimal("1.98"), Decimal("0.022"))
    }


def test_names_from_the_trackers_match_rules() -> None:
    catalogue = shipped()
    assert catalogue.model("claude-opus-4-8-20260601").id == "claude-opus-4.8"
    assert catalogue.model("claude-sonnet-4-5-20250929").id == "claude-sonnet-4-5"
    assert catalogue.model("gpt-5.5-2026-04-23").id == "gpt-5.5"
    assert catalogue.model("google--claude-opus-4-8").name == "claude-opus-4-8"
    assert catalogue.provider_of("google--claude-opus-4-8").provider == "google"


@pytest.mark.parametrize(
    ("written", "model", "provider"),
    [
        # a host's tracker id was the name: the developer's pattern answers it now
        ("claude-3-5-haiku", "claude-3-5-haiku-latest", "anthropic"),  # Google's id
        ("claude-sonnet-4.6", "claude-sonnet-4-6", "anthropic"),  # GitHub Copilot's id
        ("claude-3.7-sonnet", "claude-3-7-sonnet-latest", "anthropic"),  # OpenRouter's id
        ("claude-2.1", "claude-2", "anthropic"),  # OpenRouter's alias
        ("deepseek-r1-0528", "deepseek-reasoner", "deepseek"),  # Fireworks' id
        ("deepseek-r1:free", "deepseek-reasoner", "deepseek"),  # OpenRouter's key
        ("mixtral-8x7b-instruct-v0.1", "mixtral-8x7b", "mistral"),  # OVHcloud's id
        ("gemini-2.0-flash-001", "gemini-2.0-flash", "google"),  # OpenRouter's id
        ("o3-2025-04-16", "o3", "openai"),  # Azure's id, now OpenAI's alias
        # the sellers' models stay reachable: by id, by a name of their own with a /
        ("google--claude-3-5-haiku", "google--claude-3-5-haiku", "google"),
        (
            "github-copilot--claude-sonnet-4.6",
            "github-copilot--claude-sonnet-4.6",
            "github-copilot",
        ),
        ("deepseek/deepseek-r1:free", "deepseek-deepseek-r1-free", "openrouter"),
        ("google/gemini-2.0-flash-001", "openrouter--google-gemini-2.0-flash-001", "openrouter"),
    ],
)
def test_a_developers_name_is_the_developers(written: str, model: str, provider: str) -> None:
    found = shipped().find(written, "list")
    assert found is not None
    assert (found.id, shipped().provider_id_of(found.id)) == (model, provider)


def test_no_seller_has_another_providers_name() -> None:
    """No id or alias without a ``/`` (nor an id that starts with its provider's) that
    another provider's patterns claim (and its own provider's do not) and one of that
    provider's models gives or matches: such a name would outrank the developer's
    pattern (docs/catalogue.md, sellers, ids and hosts)."""
    providers = shipped().providers

    def claims(patterns: tuple[str, ...] | None, name: str) -> bool:
        return any(compile_pattern(p).search(name) for p in patterns or ())

    def theirs(file: ProviderFile, name: str) -> bool:
        return any(
            name in {m.id.lower(), *(a.lower() for a in m.aliases)} or claims(m.patterns, name)
            for m in file.models
        )

    taken = [
        f"{file.provider}: {name} is {other.provider}'s"
        for file in providers
        for model in file.models
        for name in (model.id.lower(), *(a.lower() for a in model.aliases))
        if "/" not in name
        and not name.startswith(f"{file.provider}--")
        and not claims(file.patterns, name)
        for other in providers
        if other is not file and claims(other.patterns, name) and theirs(other, name)
    ]
    assert taken == []


def test_compare_names_the_developer(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-11-29")
    result = run("compare", "--source", "list", "--models", "claude-3-5-haiku,claude-sonnet-4.6")
    assert (result.code, result.err) == (0, "")
    assert [line.split()[:2] for line in result.out.splitlines()[4:6]] == [
        ["claude-3-5-haiku-latest", "Anthropic"],
        ["claude-sonnet-4-6", "Anthropic"],
    ]


def test_the_build_is_reproducible(tmp_path: Path) -> None:
    """The command in the CHANGELOG rebuilds prices/ byte for byte from the tracker files."""
    folder = tmp_path / "prices"
    shutil.copytree(PRICES, folder)

    def load(name: str) -> object:
        return json.loads(tracker_file(name).read_text(), parse_float=Decimal)

    tracker = market.Tracker(
        data=load("genai-prices-0.2.3-data.json"),
        version="0.2.3",
        published="2026-11",
        earlier=load("genai-prices-data-2026-08-21.json"),
        earlier_commit="47df840",
        earlier_date=date(2026, 8, 21),
        litellm=load("litellm-1.110.2-model-prices.json"),
        litellm_version="1.110.2",
    )
    built = market.build(tracker, folder, updated=shipped().manifest.updated,
                         version=shipped().version)  # fmt: skip
    assert len(built.skipped) == 26
    for name, text in built.files.items():
        assert (PRICES / name).read_text() == text, name
    assert sorted(built.files) == sorted(p.name for p in PRICES.glob("*.toml"))


# What a record of 100,000 input and 20,000 output tokens costs on each model of
# examples/logs/market.jsonl (2026-11-27 02:30 UTC, a Friday: 10:30 in Beijing, DeepSeek's
# peak; 02:30 UTC is inside deepseek-chat's standard hours 00:30-16:30): 0.1 x the input
# price + 0.02 x the output price, prices from the list source on that day.
MARKET_LOG = {
    "gpt-5.5": ("openai", "5", "30"),  # gpt-5.5-2026-04-23, under its 272k tier
    "gpt-4o-mini": ("openai", "0.15", "0.6"),
    "gpt-4.1": ("openai", "2", "8"),  # gpt-4.1-2025-04-14
    "claude-sonnet-4-5": ("anthropic", "3", "15"),  # claude-sonnet-4-5-20250929
    "claude-opus-4.8": ("anthropic", "5", "25"),  # claude-opus-4-8
    "claude-haiku-4-5": ("anthropic", "1", "5"),  # claude-haiku-4-5-20251001
    "gemini-2.5-pro": ("google", "1.25", "10"),
    "gemini-2.5-flash": ("google", "0.3", "2.5"),
    "muse-spark-1.2": ("meta", "1.25", "4.25"),
    # Bedrock's model id for Llama 4 Maverick, at Bedrock's price
    "meta.llama4-maverick-17b-instruct-v1-0": ("aws", "0.24", "0.97"),
    "cf-meta-llama-4-scout-17b-16e-instruct": ("cloudflare", "0.27", "0.85"),  # @cf/meta/...
    "deepseek-v4-pro": ("deepseek", "1.32", "3.96"),  # peak
    "deepseek-chat": ("deepseek", "0.27", "1.1"),
    "deepseek-reasoner": ("deepseek", "0.55", "2.19"),
    "mistral-large": ("mistral", "2", "6"),  # mistral-large-latest
    "mistral-medium-latest": ("mistral", "1.5", "7.5"),
    "mistral-medium-3-1": ("mistral", "0.4", "2"),  # mistral-medium-2508
    "grok-4.5": ("x-ai", "2", "6"),
    "grok-4-0709": ("x-ai", "3", "15"),
    "qwen-qwen3-max": ("openrouter", "1.2", "6"),  # qwen/qwen3-max
    "qwen3p8-max": ("fireworks", "2", "6"),  # accounts/fireworks/models/qwen3p8-max
}


def test_a_log_of_current_models_is_priced_with_no_unknown_model() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tokencost", "replay", str(REPO / "examples/logs/market.jsonl"),
         "--source", "list", "--models", "gpt-5.5", "--json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    document = json.loads(done.stdout, parse_float=Decimal)
    assert document["unpriced_traffic"] == []
    assert document["accounting"]["records_skipped"] == 0
    rows = document["actual"]["models"]
    costs = {row["model"]: (row["provider"], row["cost"]) for row in rows}
    expected = {
        model: (provider, Decimal("0.1") * Decimal(i) + Decimal("0.02") * Decimal(o))
        for model, (provider, i, o) in MARKET_LOG.items()
    }
    assert costs == expected
    assert document["actual"]["cost"] == Decimal("6.5284")

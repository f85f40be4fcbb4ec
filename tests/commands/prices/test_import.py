"""``tokencost prices import``: LiteLLM and genai-prices files into catalogue folders."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run, tracker_file
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.importers.common import identifier, per_million

# An excerpt in LiteLLM's format, written here (numbers as LiteLLM writes them).
LITELLM = """{
  "sample_spec": {"max_tokens": "LEGACY parameter", "input_cost_per_token": 0.0},
  "gpt-4o": {
    "max_tokens": 16384, "max_input_tokens": 128000,
    "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
    "cache_read_input_token_cost": 1.25e-06, "input_cost_per_token_batches": 1.25e-06,
    "litellm_provider": "openai", "mode": "chat", "supports_vision": true
  },
  "openai/gpt-4o": {
    "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
    "litellm_provider": "openai", "mode": "chat"
  },
  "GPT-4o": {
    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.2e-05,
    "litellm_provider": "azure", "mode": "chat"
  },
  "groq/meta-llama/llama-4-maverick-17b-128e-instruct": {
    "input_cost_per_token": 2e-07, "output_cost_per_token": 6e-07,
    "litellm_provider": "groq", "mode": "chat"
  },
  "text-embedding-3-small": {
    "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0,
    "litellm_provider": "openai", "mode": "embedding"
  },
  "tiny-priced": {
    "input_cost_per_token": 3.5e-10, "output_cost_per_token": 1.0000000000000001e-07,
    "litellm_provider": "openai", "mode": "chat"
  },
  "dall-e-3": {
    "input_cost_per_pixel": 4e-08, "litellm_provider": "openai", "mode": "image_generation"
  },
  "snowflake/llama": {"litellm_provider": "snowflake", "mode": "chat"}
}
"""


def write_litellm(tmp_path: Path) -> Path:
    path = tmp_path / "litellm.json"
    path.write_text(LITELLM)
    return path


def import_json(run: Run, *args: str) -> Any:
    result = run("prices", "import", *args, "--json")
    assert (result.code, result.err) == (0, ""), result.err
    return json.loads(result.out, parse_float=Decimal)


def test_per_token_floats_become_exact_prices_per_million() -> None:
    assert per_million(Decimal("2.5e-06"), "x") == Decimal("2.5")
    assert str(per_million(Decimal("2.5e-06"), "x")) == "2.5"
    assert str(per_million(Decimal("3.5e-10"), "x")) == "0.00035"
    assert str(per_million(Decimal("1e-05"), "x")) == "10"
    assert per_million(0, "x") == 0
    with pytest.raises(ValueError, match="not a number"):
        per_million(2.5e-06, "x")  # a binary float is refused: read JSON with parse_float=Decimal
    with pytest.raises(ValueError, match="not a finite price >= 0"):
        per_million(Decimal("-1e-06"), "x")


def test_identifiers_follow_the_id_rules() -> None:
    assert identifier("Meta-Llama/Llama-4 (FP8)") == "meta-llama-llama-4-fp8"
    assert identifier("ft:gpt-3.5-turbo") == "ft-gpt-3.5-turbo"
    assert identifier("  /// ") == "model"


def test_litellm_import_then_validate(run: Run, tmp_path: Path) -> None:
    into = tmp_path / "imported"
    doc = import_json(
        run, "--from", "litellm", str(write_litellm(tmp_path)), "--effective", "2025-09-05",
        "--into", str(into),
    )  # fmt: skip
    assert doc["schema"] == "tokencost.prices.import/1"
    catalogue = load_catalogue(into)
    assert (doc["catalogue"]["version"], doc["catalogue"]["digest"]) == (
        "2025.09.0",
        catalogue.digest,
    )
    assert doc["counts"] == {
        "providers": 3, "models": 6, "entries": 6, "skipped": 3, "renamed": 4, "dropped_aliases": 1,
    }  # fmt: skip
    on = date(2025, 9, 5)
    gpt = catalogue.price_at(catalogue.model("gpt-4o").id, on)
    assert (gpt.input, gpt.output, gpt.source) == (Decimal("2.5"), 10, "litellm")
    assert catalogue.model("gpt-4o").context_window == 128000
    assert catalogue.model("gpt-4o").id == "openai--gpt-4o"
    assert str(catalogue.price_at("tiny-priced", on).input) == "0.00035"
    assert catalogue.price_at("tiny-priced", on).output == Decimal("0.10000000000000001")
    # keys that differ only by case get provider-prefixed ids; the original key is an alias
    assert catalogue.model("azure--gpt-4o").aliases == ()
    assert catalogue.model("openai/gpt-4o").id == "openai-gpt-4o"
    maverick = catalogue.model("groq/meta-llama/llama-4-maverick-17b-128e-instruct")
    assert maverick.id == "groq-meta-llama-llama-4-maverick-17b-128e-instruct"
    assert doc["dropped_aliases"] == [
        {"alias": "GPT-4o", "model": "azure--gpt-4o", "used_by": "openai--gpt-4o"}
    ]


def test_litellm_fields_not_modelled_are_reported(run: Run, tmp_path: Path) -> None:
    doc = import_json(
        run, "--from", "litellm", str(write_litellm(tmp_path)), "--effective", "2025-09-05",
        "--into", str(tmp_path / "out"),
    )  # fmt: skip
    counts = {f["field"]: f["count"] for f in doc["not_modelled"]}
    assert counts == {
        "mode": 6, "max_tokens": 1, "input_cost_per_token_batches": 1, "supports_vision": 1,
    }  # fmt: skip
    gpt = next(m for m in doc["not_modelled_by_model"] if m["key"] == "gpt-4o")
    # a batch input cost without its output cost cannot be a batch price: still reported
    assert gpt["fields"]["input_cost_per_token_batches"] == Decimal("0.00000125")
    assert "cache_read_input_token_cost" not in gpt["fields"]  # mapped to cache_read
    entry = load_catalogue(tmp_path / "out").model("openai--gpt-4o").prices[0]
    assert (entry.cache_read, entry.batch_input) == (Decimal("1.25"), None)
    assert doc["skipped"] == [
        {"key": "sample_spec", "reason": "LiteLLM's description of the format, not a model"},
        {
            "key": "dall-e-3",
            "reason": "no input_cost_per_token and output_cost_per_token (priced by: "
            "input_cost_per_pixel)",
        },
        {"key": "snowflake/llama", "reason": "no input_cost_per_token and output_cost_per_token"},
    ]
    mapped = {m["field"]: m["to"] for m in doc["mapped"]}
    assert mapped["input_cost_per_token"] == "input (x 1,000,000)"


def test_litellm_table_report(run: Run, tmp_path: Path) -> None:
    result = run(
        "prices", "import", "--from", "litellm", str(write_litellm(tmp_path)),
        "--effective", "2025-09-05", "--into", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Import of litellm.json (litellm)"
    assert ["mode", "6", "not", "modelled", "(listed", "in", "--json)"] in [
        line.split() for line in lines
    ]
    assert (
        "Skipped 3 model(s): no input_cost_per_token and output_cost_per_token (2); " in result.out
    )


def test_litellm_provider_and_model_filters(run: Run, tmp_path: Path) -> None:
    source = write_litellm(tmp_path)
    into = tmp_path / "openai"
    doc = import_json(
        run, "--from", "litellm", str(source), "--effective", "2025-09-05", "--into", str(into),
        "--provider", "OpenAI", "--models", "gpt-4*,text-*",
    )  # fmt: skip
    assert doc["counts"]["models"] == 2  # the globs match keys: not openai/gpt-4o
    ids = sorted(m.id for m in load_catalogue(into).models())
    assert ids == ["gpt-4o", "text-embedding-3-small"]


def test_the_first_load_of_an_import_reads_the_cache_as_a_build_would_make_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import keeps the catalogue it validated in the cache: loading it builds
    nothing, and gives what a build of the files gives, providers in the order of their
    files (``vertex_ai-anthropic_models.toml`` before ``vertex_ai.toml``, though the
    import made them in the order of the ids)."""
    import tokencost.catalogue

    price = '"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06'
    source = tmp_path / "vertex.json"
    source.write_text(
        f'{{"gemini-x": {{"litellm_provider": "vertex_ai", {price}}}, '
        f'"claude-x": {{"litellm_provider": "vertex_ai-anthropic_models", {price}}}}}'
    )
    into = tmp_path / "vertex"
    import_json(
        run, "--from", "litellm", str(source), "--effective", "2026-11-01", "--into", str(into)
    )

    def unbuilt(*_: object, **__: object) -> None:
        raise AssertionError("built: not read from the cache")

    with monkeypatch.context() as patch:
        patch.setattr(tokencost.catalogue, "build_catalogue", unbuilt)
        kept = load_catalogue(into)
    monkeypatch.setenv("TOKENCOST_NO_CACHE", "1")
    built = load_catalogue(into)
    assert kept.provider_ids() == built.provider_ids() == (
        "vertex_ai-anthropic_models", "vertex_ai",
    )  # fmt: skip
    assert list(kept.models()) == list(built.models())
    assert (kept.path, kept.layers, kept.digest) == (built.path, built.layers, built.digest)


def test_import_refuses_an_existing_folder_and_bad_files(run: Run, tmp_path: Path) -> None:
    source = write_litellm(tmp_path)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "x").write_text("")
    args = ["prices", "import", "--from", "litellm", str(source), "--effective", "2025-09-05"]
    result = run(*args, "--into", str(taken))
    assert (result.code, result.err) == (
        2,
        f"error: --into: {taken} exists and is not an empty folder; choose a new one\n",
    )
    none = run(*args, "--into", str(tmp_path / "n"), "--models", "nothing*")
    assert none.code == 2
    assert "no model to import (check --provider and --models)" in none.err
    assert not (tmp_path / "n").exists()
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    result = run(
        "prices",
        "import",
        "--from",
        "litellm",
        str(bad),
        "--effective",
        "2025-09-05",
        "--into",
        str(tmp_path / "b"),
    )
    assert result.code == 2 and result.err.startswith(f"error: {bad}: not JSON: ")
    result = run(
        "prices",
        "import",
        "--from",
        "genai-prices",
        str(source),
        "--effective",
        "2025-09-05",
        "--into",
        str(tmp_path / "c"),
    )
    assert result.err == "error: not a genai-prices data file: expected a JSON list of providers\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "litellm.json", "taken"]


# -- genai-prices ---------------------------------------------------------------------------

GENAI = [
    {
        "id": "anthropic",
        "name": "Anthropic",
        "pricing_urls": ["https://www.anthropic.com/pricing#api"],
        "api_pattern": "https://api\\.anthropic\\.com",
        "models": [
            {
                "id": "claude-opus-4-8",
                "name": "Claude Opus 4.8",
                "match": {
                    "or": [{"starts_with": "claude-opus-4-8"}, {"equals": "claude-opus-4.8"}]
                },
                "context_window": 1000000,
                "price_comments": "Flat pricing across the full context window.",
                "prices": {
                    "input_mtok": 5,
                    "cache_write_mtok": 6.25,
                    "cache_read_mtok": 0.5,
                    "output_mtok": 25,
                    "cache_write_1h_mtok": 10,
                },
                "price_variants": [
                    {
                        "when": {"processing": "batch"},
                        "prices": {
                            "input_mtok": 2.5,
                            "cache_write_mtok": 3.125,
                            "cache_read_mtok": 0.25,
                            "output_mtok": 12.5,
                            "cache_write_1h_mtok": 5,
                        },
                        "constraint": {"start_date": "2026-10-14"},
                    },
                    {"when": {"speed": "fast"}, "prices": {"input_mtok": 10, "output_mtok": 50}},
                ],
            },
            {
                "id": "claude-dated",
                "match": {
                    "or": [
                        {"regex": "^claude-dated-\\d{8}$"},
                        {"and": [{"starts_with": "claude-d"}, {"ends_with": "-x"}]},
                    ]
                },
                "prices": {"input_mtok": 1, "output_mtok": 2},
                "price_variants": [
                    {"when": {"processing": "batch"}, "prices": {"input_mtok": 0.6}},
                ],
            },
            {
                "id": "claude-tiered",
                "match": {"equals": "claude-tiered"},
                "prices": [
                    {
                        "prices": {
                            "input_mtok": {"base": 5, "tiers": [{"start": 200000, "price": 10}]},
                            "output_mtok": 25,
                        }
                    },
                    {
                        "constraint": {"start_date": "2026-03-13"},
                        "prices": {"input_mtok": 5, "output_mtok": 25},
                    },
                ],
            },
        ],
    },
    {
        "id": "deepseek",
        "name": "DeepSeek",
        "model_match": {"starts_with": "deepseek"},
        "models": [
            {
                "id": "deepseek-chat",
                "name": "DeepSeek Chat",
                "match": {"equals": "deepseek-chat"},
                "prices": [
                    {"prices": {"input_mtok": 0.135, "output_mtok": 0.55}},
                    {
                        "constraint": {"start_time": "00:30:00Z", "end_time": "16:30:00Z"},
                        "prices": {"input_mtok": 0.27, "output_mtok": 1.1},
                    },
                ],
            },
            {"id": "embed", "match": {"equals": "embed"}, "prices": {"input_mtok": 0.02}},
            {"id": "free:model", "match": {"equals": "free:model"}, "prices": {}},
            {
                "id": "per-request",
                "match": {"equals": "per-request"},
                "prices": {"requests_kcount": 5},
            },
        ],
    },
    {
        "id": "openrouter",
        "name": "OpenRouter",
        "models": [
            {
                "id": "deepseek-chat",
                "match": {"equals": "deepseek-chat"},
                "prices": {"input_mtok": 0.3, "output_mtok": 0.9},
            },
        ],
    },
]


def write_genai(tmp_path: Path) -> Path:
    path = tmp_path / "data.json"
    path.write_text(json.dumps(GENAI))
    return path


def test_genai_prices_import_then_validate(run: Run, tmp_path: Path) -> None:
    into = tmp_path / "genai"
    doc = import_json(
        run, "--from", "genai-prices", str(write_genai(tmp_path)), "--effective", "2026-01-01",
        "--checked", "2026-08-21", "--into", str(into),
    )  # fmt: skip
    catalogue = load_catalogue(into)
    assert (catalogue.version, str(catalogue.manifest.updated)) == ("2026.08.0", "2026-08-21")
    assert catalogue.manifest.sources["genai-prices"].checked == date(2026, 8, 21)
    opus = catalogue.model("claude-opus-4.8")  # an alias from match.equals
    assert (opus.id, opus.context_window, opus.note) == (
        "claude-opus-4-8", 1000000, "Flat pricing across the full context window.",
    )  # fmt: skip
    assert opus.patterns == ("claude-opus-4-8*",)  # from match.starts_with
    assert catalogue.model("claude-opus-4-8-20260101").id == "claude-opus-4-8"
    entry = catalogue.price_at(opus.id, date(2026, 6, 1))
    assert (entry.input, entry.output, entry.effective) == (5, 25, date(2026, 1, 1))
    assert (entry.cache_read, entry.cache_write) == (Decimal("0.5"), Decimal("6.25"))
    assert (entry.cache_write_long, entry.cache_write_long_minutes) == (10, 60)
    assert entry.batch_discount is None  # the batch price starts on 2026-10-14
    later = catalogue.price_at(opus.id, date(2026, 10, 14))
    assert later.batch_discount == Decimal("0.5")  # every price halved, 1-hour writes too
    dated = catalogue.model("claude-dated")
    assert dated.patterns == (r"re:^claude-dated-\d{8}$", r"re:^(?:(?=claude-d)(?=.*-x$))")
    assert catalogue.model("claude-dated-20260101").id == "claude-dated"
    assert catalogue.model("claude-dz-x").id == "claude-dated"
    # a batch variant that gives only an input price: output stays the standard one
    flat = dated.prices[0]
    assert (flat.batch_input, flat.batch_output) == (Decimal("0.6"), 2)
    tiered = catalogue.model("claude-tiered").prices
    assert [(str(e.effective), e.input) for e in tiered] == [("2026-01-01", 5), ("2026-03-13", 5)]
    embed = catalogue.model("embed").prices[0]
    assert (embed.input, embed.output) == (Decimal("0.02"), 0)
    assert embed.note == "genai-prices gives no output price (not charged there): 0."
    free = catalogue.model("free-model").prices[0]
    assert (free.input, free.output) == (0, 0)
    # the same id at two providers: the one whose names they are (model_match) keeps it
    assert {m.id for m in catalogue.models()} >= {"deepseek-chat", "openrouter--deepseek-chat"}
    assert catalogue.model("deepseek-chat").id == "deepseek-chat"
    assert catalogue.provider_of("deepseek-chat").patterns == ("deepseek*",)
    assert doc["dropped_aliases"] == [
        {"alias": "deepseek-chat", "model": "openrouter--deepseek-chat", "used_by": "deepseek-chat"}
    ]
    assert doc["skipped"] == [
        {"key": "deepseek/per-request", "reason": "no per-token price (priced by: requests_kcount)"}
    ]
    counts = {f["field"]: f["count"] for f in doc["not_modelled"]}
    assert counts == {"price_variants[1] (speed: fast)": 1, "provider.api_pattern": 1}
    undated = catalogue.model("claude-tiered").prices[0]
    assert [(t.above, t.input, t.output) for t in undated.tiers or ()] == [(200000, 10, 25)]
    chat = catalogue.model("deepseek-chat").prices[0]
    assert (chat.input, chat.output) == (Decimal("0.27"), Decimal("1.1"))  # 00:30-16:30
    assert [(w.start, w.end, w.input, w.output) for w in chat.off_peak or ()] == [
        ("16:30", "00:30", Decimal("0.135"), Decimal("0.55"))
    ]
    assert chat.note == (
        "genai-prices gives this price in 00:30-16:30 UTC and a lower one the rest of the "
        "day: imported as the standard price, with the lower one as off-peak windows."
    )
    by_provider = doc["not_modelled_by_provider"]
    assert by_provider == [
        {"provider": "anthropic", "fields": {"api_pattern": "https://api\\.anthropic\\.com"}}
    ]


def test_an_undated_price_superseded_before_effective_is_left_out(run: Run, tmp_path: Path) -> None:
    into = tmp_path / "late"
    doc = import_json(
        run, "--from", "genai-prices", str(write_genai(tmp_path)), "--effective", "2026-08-21",
        "--into", str(into), "--provider", "anthropic",
    )  # fmt: skip
    tiered = load_catalogue(into).model("claude-tiered").prices
    assert [str(e.effective) for e in tiered] == ["2026-03-13"]
    detail = next(m for m in doc["not_modelled_by_model"] if m["key"] == "claude-tiered")
    assert "prices (undated, superseded before its date)" in detail["fields"]


# -- the real files, when the shared data folder is there ----------------------------------


def test_the_whole_litellm_file_imports_and_validates(run: Run, tmp_path: Path) -> None:
    source = tracker_file("litellm-model-prices-2025-09-05.json")
    into = tmp_path / "litellm"
    doc = import_json(
        run, "--from", "litellm", str(source), "--effective", "2025-09-05", "--into", str(into)
    )
    catalogue = load_catalogue(into)
    total = len(json.loads(source.read_text()))
    assert doc["counts"]["models"] + doc["counts"]["skipped"] == total
    assert doc["counts"]["models"] == sum(1 for _ in catalogue.models()) > 1000
    on = date(2025, 9, 5)
    groq = catalogue.price_at(
        catalogue.model("groq/meta-llama/llama-4-maverick-17b-128e-instruct").id, on
    )
    assert (groq.input, groq.output) == (Decimal("0.2"), Decimal("0.6"))
    assert run("prices", "validate", str(into)).code == 0


def test_the_whole_genai_prices_file_imports_and_validates(run: Run, tmp_path: Path) -> None:
    source = tracker_file("genai-prices-0.2.3-data.json")
    into = tmp_path / "genai"
    doc = import_json(
        run, "--from", "genai-prices", str(source), "--effective", "2026-11-01", "--into", str(into)
    )
    catalogue = load_catalogue(into)
    assert (doc["counts"]["models"], doc["counts"]["skipped"]) == (2304, 26)
    on = date(2026, 11, 29)
    assert catalogue.price_at("deepseek-v4-pro", on).input == Decimal("1.32")  # peak
    assert catalogue.price_at("gpt-5.5", on).batch_discount == Decimal("0.5")
    assert catalogue.price_at("openai.gpt-5.5", on).output == 33  # AWS Bedrock's own key
    assert catalogue.model("google--claude-opus-4-8").patterns == (
        "*claude-4-8-opus*", "*claude-opus-4-8*", "*claude-4.8-opus*", "*claude-opus-4.8*",
    )  # fmt: skip
    assert run("prices", "validate", str(into)).code == 0


def test_the_whole_litellm_1_110_file_keeps_1_hour_writes_windows_and_batch(
    run: Run, tmp_path: Path
) -> None:
    """LiteLLM 1.110.2 (tiers after price tables used to break the writer)."""
    source = tracker_file("litellm-1.110.2-model-prices.json")
    into = tmp_path / "litellm"
    doc = import_json(
        run, "--from", "litellm", str(source), "--effective", "2026-11-01", "--into", str(into)
    )
    catalogue = load_catalogue(into)
    assert doc["counts"]["models"] == sum(1 for _ in catalogue.models()) > 3000
    on = date(2026, 11, 1)
    data = json.loads(source.read_text(), parse_float=Decimal)
    key = "databricks/databricks-claude-fable-5"
    entry = catalogue.price_at(catalogue.model(key).id, on)
    spec = data[key]
    assert entry.cache_write_long == spec["cache_creation_input_token_cost_above_1hr"].scaleb(6)
    assert entry.cache_write_long_minutes == 60
    batched = catalogue.price_at(catalogue.model("meta.llama4-maverick-17b-instruct-v1:0").id, on)
    assert (batched.batch_input, batched.batch_output) == (Decimal("0.12"), Decimal("0.485"))
    windows = [e for m in catalogue.models() for e in m.prices if e.off_peak]
    assert windows, "LiteLLM's off_peak_pricing becomes off-peak windows"
    assert run("prices", "validate", str(into)).code == 0


def test_the_list_batch_price_of_maverick_at_aws_is_litellms() -> None:
    """genai-prices has no batch price for it; LiteLLM 1.110.2 does."""
    data = json.loads(
        tracker_file("litellm-1.110.2-model-prices.json").read_text(), parse_float=Decimal
    )
    spec = data["meta.llama4-maverick-17b-instruct-v1:0"]
    entry = load_catalogue(REPO / "prices").price_at(
        "llama-4-maverick", date(2025, 9, 5), "list", "aws-bedrock"
    )
    assert (entry.batch_input, entry.batch_output) == (
        spec["input_cost_per_token_batches"].scaleb(6),
        spec["output_cost_per_token_batches"].scaleb(6),
    )
    assert entry.note is not None and "LiteLLM 1.110.2" in entry.note


# Alibaba's DashScope models in LiteLLM's shape: ranges of input tokens per request
# (LiteLLM 1.110.2, dashscope/qwen3-coder-plus; its numbers, written here)
TIERED = """{
  "dashscope/qwen3-coder-plus": {
    "litellm_provider": "dashscope", "mode": "chat", "max_input_tokens": 997952,
    "tiered_pricing": [
      {"range": [0, 32000.0], "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06,
       "cache_read_input_token_cost": 1e-07},
      {"range": [32000.0, 128000.0], "input_cost_per_token": 1.8e-06,
       "output_cost_per_token": 9e-06, "cache_read_input_token_cost": 1.8e-07},
      {"range": [128000.0, 256000.0], "input_cost_per_token": 3e-06,
       "output_cost_per_token": 1.5e-05, "output_cost_per_reasoning_token": 3e-05}
    ]
  },
  "dashscope/no-first-range": {
    "litellm_provider": "dashscope", "mode": "chat",
    "tiered_pricing": [
      {"range": [32000, 128000], "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06}
    ]
  }
}
"""


def test_litellm_tiered_pricing_ranges_become_tiers(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "tiered.json"
    source.write_text(TIERED)
    into = tmp_path / "tiered"
    doc = import_json(
        run, "--from", "litellm", str(source), "--effective", "2026-11-01", "--into", str(into)
    )
    catalogue = load_catalogue(into)
    entry = catalogue.price_at("dashscope-qwen3-coder-plus", date(2026, 11, 1))
    assert (entry.input, entry.output, entry.cache_read) == (1, 5, Decimal("0.1"))
    assert [(t.above, t.input, t.output, t.cache_read) for t in entry.tiers or ()] == [
        (32_000, Decimal("1.8"), 9, Decimal("0.18")),
        (128_000, 3, 15, None),
    ]
    # a tier holds no reasoning price: listed as not modelled, not dropped silently
    fields = {f["field"] for f in doc["not_modelled"]}
    assert "tiered_pricing above 128000: output_cost_per_reasoning_token" in fields
    # ranges that do not start at 0 give no price of the model's own: not imported
    assert [s["key"] for s in doc["skipped"]] == ["dashscope/no-first-range"]
    # LiteLLM's rule, start < prompt <= end: a prompt of 32,000 tokens is in the first
    # range, one of 32,001 in the second; every token of the request at its range's price
    log = tmp_path / "log.jsonl"
    log.write_text(
        "".join(
            json.dumps(
                {
                    "model": "dashscope/qwen3-coder-plus",
                    "timestamp": "2026-11-02T10:00:00Z",
                    "input_tokens": prompt,
                    "output_tokens": 1_000,
                }
            )
            + "\n"
            for prompt in (32_000, 32_001)
        )
    )
    result = run("replay", str(log), "--catalogue", str(into), "--json")
    assert (result.code, result.err) == (0, "")
    cost = json.loads(result.out, parse_float=Decimal)["actual"]["cost"]
    # 32,000 x $1 + 1,000 x $5, then 32,001 x $1.8 + 1,000 x $9, per 1M
    assert cost == Decimal("0.037") + Decimal("0.0666018")

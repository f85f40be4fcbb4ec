"""Each log format tokencost reads, on a fixture written from the format's public source,
billed by hand to the last digit on the fixtures' own list prices.

The fixtures are in tests/data/logs; their prices (tests/data/logs/catalogue, source
``list``) are genai-prices 0.2.3's. Per 1M tokens: claude-sonnet-4-5 $3 in, $15 out,
$0.30 cache read, $3.75 5-minute write, $6 1-hour write, batch 50%, above 200k $6 /
$22.50 / $0.60 / $7.50; claude-haiku-4-5 $1 / $5 / $0.10 / $1.25 / $2, batch 50%;
gpt-4o $2.50 / $10 / $1.25 cached; gpt-4o-mini $0.15 / $0.60 / $0.075, batch 50%;
gpt-5 $1.25 / $10 / $0.125; gpt-5-mini $0.25 / $2 / $0.025; gemini-2.5-flash $0.30 /
$2.50 / $0.03; gemini-2.5-pro $1.25 / $10 / $0.125, above 200k $2.50 / $15 / $0.25.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, Run

DATA = REPO / "tests" / "data" / "logs"
CATALOGUE = DATA / "catalogue"


def replay(run: Run, *args: str) -> dict[str, Any]:
    """The JSON document of a replay on the fixtures' catalogue (exit code 0, no stderr)."""
    result = run("replay", *args, "--catalogue", str(CATALOGUE), "--as-of", "2025-10-31", "--json")
    assert (result.code, result.err) == (0, "")
    found: dict[str, Any] = json.loads(result.out, parse_float=Decimal)
    return found


def accounting(d: dict[str, Any]) -> dict[str, Any]:
    """The counts of the accounting that are not zero, and the skips."""
    a = d["accounting"]
    counts = {k: v for k, v in a.items() if k not in ("skipped", "lines_read") and v}
    return counts | {"skipped": [(s["reason"], s["count"], s["first_lines"]) for s in a["skipped"]]}


def test_claude_code_transcripts_count_each_message_once_keeping_its_final_usage(
    run: Run,
) -> None:
    # Claude Code 2.0 transcript lines (the shape ccusage v18.0.11's data-loader.ts reads:
    # type, sessionId, timestamp, requestId, message.{id, model, usage}); a response is
    # written a line per content block, output_tokens growing to its final count on the
    # last (ccusage issue #901, github.com/ryoppippi/ccusage). Three sessions in two projects:
    # msg_A1: 3 lines (thinking, text, tool_use), final usage 3 in, 12,000 5-minute
    #   writes, 412 out: 3 x 3 + 12,000 x 3.75 + 412 x 15 = $0.051189 (per 1M)
    # msg_A2: 5 in, 12,000 read, 2,000 1-hour writes, 230 out:
    #   5 x 3 + 12,000 x 0.30 + 2,000 x 6 + 230 x 15 = $0.019065
    # msg_B1 (haiku, 2 lines, final 300 out): 1,200 x 1 + 300 x 5 = $0.0027
    # msg_A2 again in session B (a resumed session's copy): counted once, where first read
    # msg_C1: a prompt of 50,000 + 160,000 read = 210,000 > 200,000: all at the tier:
    #   50,000 x 6 + 160,000 x 0.60 + 1,000 x 22.50 = $0.4185
    # Total $0.491454. Without usage: a summary, 3 user turns, a tool result, a
    # <synthetic> API error notice; skipped: a usage block that is a string.
    d = replay(run, str(DATA / "claude-code"), "--source", "list", "--by", "project")
    assert d["actual"]["cost"] == Decimal("0.491454")
    assert [(g["key"], g["actual_cost"], g["records"]) for g in d["groups"]] == [
        ("-home-ada-blog", Decimal("0.4185"), 1),
        ("-home-ada-shop", Decimal("0.072954"), 3),
    ]
    session_a = "claude-code/projects/-home-ada-shop/0b8e3a2c-4f1d-4a7e-9c55-2f6b1d0e8a41.jsonl"
    assert accounting(d) == {
        "records_read": 15,
        "records_priced": 4,
        "records_skipped": 1,
        "records_without_usage": 6,
        "duplicates": 4,
        "skipped": [("no token counts", 1, [f"{DATA / session_a}:9"])],
    }
    assert d["read_as"] == [{"format": "claude-code", "files": 3}]
    assert d["traffic"]["output_tokens"] == 412 + 230 + 300 + 1000  # the final counts
    tiers = {m["model"]: m["tiers"] for m in d["actual"]["models"]}
    assert tiers["claude-sonnet-4-5"] == [
        {"above": 200_000, "input": 6, "output": Decimal("22.5"), "records": 1}
    ]


def test_claude_code_by_session_and_from_the_claude_config_folder(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(DATA / "claude-code"))
    d = replay(run, "--claude-code", "--source", "list", "--by", "session")
    assert [(g["key"], g["actual_cost"]) for g in d["groups"]] == [
        ("0b8e3a2c-4f1d-4a7e-9c55-2f6b1d0e8a41", Decimal("0.070254")),  # msg_A1 + msg_A2
        ("7d41c0e9-1a2b-4c3d-8e9f-a0b1c2d3e4f5", Decimal("0.0027")),
        ("c3f0a9d8-5e6f-4a1b-9c2d-3e4f5a6b7c8d", Decimal("0.4185")),
    ]
    assert d["inputs"] == [str(DATA / "claude-code" / "projects")]


def test_claude_code_without_its_folder_says_where_it_looked(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path))
    result = run("replay", "--claude-code", "--catalogue", str(CATALOGUE))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: --claude-code: no Claude Code sessions: {tmp_path / 'projects'} does not "
        "exist (set CLAUDE_CONFIG_DIR to Claude Code's folder)\n"
    )
    both = run("replay", "--claude-code", str(tmp_path), "--catalogue", str(CATALOGUE))
    assert both.err == "error: --claude-code reads every session itself: give no LOG with it\n"


def test_openai_usage_api_page(run: Run) -> None:
    # GET /v1/organization/usage/completions?group_by=model,batch,project_id, a page as the
    # API reference shows it (OpenAPI 2.3.0, UsageCompletionsResult): input_tokens include
    # input_cached_tokens; each result is an aggregated row with num_model_requests.
    # gpt-4o: 800,000 uncached x 2.50 + 400,000 cached x 1.25 + 300,000 x 10 = $5.50;
    # gpt-4o-mini by batch (50%): 2,000,000 x 0.075 + 500,000 x 0.30 = $0.30. Total $5.80.
    # A result without a model (no group_by=model) is skipped, at its bucket's line.
    d = replay(run, str(DATA / "openai-usage-page.json"), "--source", "list", "-m", "gpt-5")
    assert d["actual"]["cost"] == Decimal("5.8")
    assert accounting(d) == {
        "records_read": 3,
        "records_priced": 2,
        "records_skipped": 1,
        "skipped": [("missing model", 1, [f"{DATA / 'openai-usage-page.json'}:4"])],
    }
    assert (d["traffic"]["requests"], d["traffic"]["aggregated_rows"]) == (1150, 2)
    assert d["traffic"]["batch_records"] == 1


def test_openai_usage_dashboard_export(run: Run) -> None:
    # The usage dashboard's CSV export, its rows as a real export wrote them (counts as
    # "59200.0", batch as FALSE, a day without usage as times only): github.com/
    # xavierjflanagan/Guardian commit 69d31e9, openai-usage-and-cost-report-2025-10-12.md.
    # 10-05 gpt-4o: 53,440 x 2.50 + 5,760 x 1.25 + 10,646 x 10 = $0.24726
    # 10-06 gpt-5: 38,072 x 1.25 + 8,192 x 0.125 + 60,000 x 10 = $0.648614
    #       gpt-5: 5,783 x 1.25 + 16,000 x 10 = $0.16722875
    # 10-07 gpt-5-mini: 80,992 x 0.25 + 274,770 x 2 = $0.569788
    # 10-10 gpt-5-mini: 124,784 x 0.25 + 154,852 x 2 = $0.3409
    # 10-11 gpt-5-mini: 22,688 x 0.25 + 33,191 x 2 = $0.072054
    # Total $2.04584475; 10-07, 10-10 and 10-11 equal what the same export's cost report
    # billed for those days.
    d = replay(run, str(DATA / "openai-usage-export.csv"), "--source", "list", "--by", "day")
    assert d["actual"]["cost"] == Decimal("2.04584475")
    assert [(g["key"], g["actual_cost"]) for g in d["groups"]] == [
        ("2025-10-05", Decimal("0.24726")),
        ("2025-10-06", Decimal("0.81584275")),
        ("2025-10-07", Decimal("0.569788")),
        ("2025-10-10", Decimal("0.3409")),
        ("2025-10-11", Decimal("0.072054")),
    ]
    assert accounting(d) == {
        "records_read": 7,
        "records_priced": 6,
        "records_without_usage": 1,
        "skipped": [],
    }
    assert d["traffic"]["requests"] == 10 + 8 + 1 + 21 + 11 + 2


def test_anthropic_usage_report(run: Run) -> None:
    # GET /v1/organizations/usage_report/messages?group_by[]=model&group_by[]=service_tier
    # &group_by[]=context_window (Anthropic API reference; the fields as the claude-cookbooks
    # notebook observability/usage_cost_api.ipynb reads them, commit 0b74646).
    # Sonnet, 0-200k: 1,500,000 x 3 + 400,000 5m x 3.75 + 200,000 1h x 6 + 3,000,000 x 0.30
    #   + 250,000 x 15 = $11.85 (12 web searches noted, not priced)
    # Sonnet, 200k-1M: every request over 200k, so at the tier: 800,000 x 6
    #   + 1,200,000 x 0.60 + 40,000 x 22.50 = $6.42
    # Haiku by batch: (1,000,000 x 1 + 100,000 x 5) x 50% = $0.75. Total $19.02.
    d = replay(run, str(DATA / "anthropic-usage-report.json"), "--source", "list", "-m", "gpt-5")
    assert d["actual"]["cost"] == Decimal("19.02")
    assert d["traffic_notes"] == [
        {
            "note": "web search requests not priced (the catalogue has no price for them)",
            "records": 1,
            "amount": 12,
        }
    ]
    assert accounting(d)["skipped"] == [
        ("missing model", 1, [f"{DATA / 'anthropic-usage-report.json'}:3"])
    ]
    sonnet = next(m for m in d["actual"]["models"] if m["model"] == "claude-sonnet-4-5")
    assert sonnet["flags"] == []  # the context window says the tier: no row is in doubt
    assert sonnet["tiers"][0]["records"] == 1


def test_litellm_spend_logs(run: Run) -> None:
    # LiteLLM_SpendLogs rows as /spend/logs returns them (schema.prisma commit 029f645;
    # metadata.usage_object, spend_tracking_utils.py commit 00907c6): prompt_tokens
    # include the cache reads and, for Anthropic, the writes (transformation.py 600fadc).
    # gpt-4o: 4,000 x 2.50 + 8,000 x 1.25 + 800 x 10 = $0.028
    # sonnet (metadata as text, as a database export has it): 10 x 3 + 20,000 x 0.30
    #   + 5,000 1-hour writes x 6 + 600 x 15 = $0.04503. Total $0.07303.
    # A response-cache hit and a failed request are without usage; a row whose cache reads
    # exceed its prompt is skipped.
    d = replay(run, str(DATA / "litellm-spend-logs.json"), "--source", "list", "--by", "session")
    assert d["actual"]["cost"] == Decimal("0.07303")
    assert [g["key"] for g in d["groups"]] == ["9f1c2b7a-5d2e-4c31-8b0a-6a7e9d3c1f20"]
    assert accounting(d) == {
        "records_read": 5,
        "records_priced": 2,
        "records_skipped": 1,
        "records_without_usage": 2,
        "skipped": [
            ("cached tokens exceed input tokens", 1, [f"{DATA / 'litellm-spend-logs.json'}:107"])
        ],
    }


def test_opentelemetry_genai_spans(run: Run) -> None:
    # OTLP JSON file exporter lines (opentelemetry.io/docs/specs/otel/protocol/file-exporter),
    # GenAI attributes of semantic conventions v1.44.0 (docs/registry/attributes/gen-ai.md:
    # input_tokens include cache reads and writes, output_tokens include reasoning).
    # gpt-4o (response model gpt-4o-2024-08-06; intValue as OTLP's decimal string and as a
    #   number): 3,000 x 2.50 + 2,000 x 1.25 + 700 x 10 = $0.017
    # sonnet (input as a stringValue, as some exporters write it): 2,000 x 3
    #   + 12,000 x 0.30 + 4,000 x 3.75 + (600 + 300 reasoning) x 15 = $0.0381. Total $0.0551.
    # A tool span has no usage; a stringValue "12.5" is skipped.
    d = replay(run, str(DATA / "otel-traces.jsonl"), "--source", "list", "--by", "project")
    assert d["actual"]["cost"] == Decimal("0.0551")
    assert [g["key"] for g in d["groups"]] == ["support-bot"]
    assert accounting(d) == {
        "records_read": 4,
        "records_priced": 2,
        "records_skipped": 1,
        "records_without_usage": 1,
        "skipped": [("non-integer tokens", 1, [f"{DATA / 'otel-traces.jsonl'}:2"])],
    }
    assert (d["traffic"]["cache_read_tokens"], d["traffic"]["reasoning_tokens"]) == (14_000, 300)


def test_langfuse_observations(run: Run) -> None:
    # GET /api/public/observations, usageDetails as Langfuse stores them (disjoint: an
    # OpenAI usage's details moved out of input and output; ingestion/types.ts commit
    # 0391b9a). gpt-4o-mini: 6,000 x 0.15 + 4,000 x 0.075 + 900 x 0.60 = $0.00174;
    # haiku: 300 x 1 + 10,000 x 0.10 + 2,000 x 1.25 + 500 x 5 = $0.0063;
    # gpt-5: 1,000 x 1.25 + (2,000 + 1,500 reasoning) x 10 = $0.03625. Total $0.04429.
    d = replay(run, str(DATA / "langfuse-observations.json"), "--source", "list")
    assert d["actual"]["cost"] == Decimal("0.04429")
    assert accounting(d) == {
        "records_read": 4,
        "records_priced": 3,
        "records_without_usage": 1,
        "skipped": [],
    }


def test_helicone_export(run: Run) -> None:
    # Helicone request rows (HeliconeRequest; packages/cost/index.ts commit 05a819c:
    # prompt_tokens are the uncached ones, cache reads and writes beside them).
    # gpt-4o-mini: 1,000 x 0.15 + 3,000 x 0.075 + 400 x 0.60 = $0.000615;
    # sonnet: 50 x 3 + 40,000 x 0.30 + 1,000 x 3.75 + 800 x 15 = $0.0279. Total $0.028515.
    d = replay(run, str(DATA / "helicone-export.jsonl"), "--source", "list", "--by", "session")
    assert d["actual"]["cost"] == Decimal("0.028515")
    assert [(g["key"], g["records"]) for g in d["groups"]] == [("sess-9", 2)]


def test_openrouter_generations(run: Run) -> None:
    # GET /api/v1/generation?id= records ({"data": ...}); the native counts are billed:
    # native prompt includes native_tokens_cached, completion includes reasoning.
    # openai/gpt-4o: 4,000 x 2.50 + 6,000 x 1.25 + 500 x 10 = $0.0225;
    # google/gemini-2.5-flash: 20,000 x 0.30 + (500 + 1,000) x 2.50 = $0.00975.
    # Total $0.03225; a record without native counts is skipped.
    d = replay(run, str(DATA / "openrouter-generations.jsonl"), "--source", "list")
    assert d["actual"]["cost"] == Decimal("0.03225")
    assert accounting(d)["skipped"] == [
        ("no token counts", 1, [f"{DATA / 'openrouter-generations.jsonl'}:3"])
    ]


def test_gemini_usage_metadata(run: Run) -> None:
    # GenerateContentResponse.usageMetadata: promptTokenCount includes
    # cachedContentTokenCount; thoughtsTokenCount is apart from candidatesTokenCount.
    # flash: 4,000 x 0.30 + 8,000 x 0.03 + (600 + 900 thoughts) x 2.50 = $0.00519
    # pro, streamed (two chunks, one responseId: the last counted): a prompt of 250,000 >
    #   200,000: 250,000 x 2.50 + 2,000 x 15 = $0.655
    # a Vertex AI batch prediction line (no batch price: flagged, standard):
    #   3,000 x 0.30 + 400 x 2.50 = $0.0019. Total $0.66209.
    d = replay(run, str(DATA / "gemini-responses.jsonl"), "--source", "list")
    assert d["actual"]["cost"] == Decimal("0.66209")
    assert accounting(d) == {
        "records_read": 4,
        "records_priced": 3,
        "duplicates": 1,
        "skipped": [],
    }
    assert d["traffic"]["batch_records"] == 1


def test_vercel_ai_sdk_usage(run: Run) -> None:
    # LanguageModelUsage of AI SDK 6 (inputTokenDetails), 5 (cachedInputTokens within
    # inputTokens, reasoningTokens within outputTokens) and 4 (promptTokens).
    # gpt-4o-mini: 1,000 x 0.15 + 4,000 x 0.075 + 700 x 0.60 = $0.00087;
    # gpt-5: 2,000 x 1.25 + 1,000 x 0.125 + (500 + 2,000) x 10 = $0.027625;
    # haiku: 800 x 1 + 200 x 5 = $0.0018. Total $0.030295.
    d = replay(run, str(DATA / "vercel-ai-usage.jsonl"), "--source", "list")
    assert d["actual"]["cost"] == Decimal("0.030295")
    assert d["traffic"]["reasoning_tokens"] == 2000


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("claude-code", "claude-code"),
        ("openai-usage-page.json", "openai-usage"),
        ("openai-usage-export.csv", "openai-usage"),
        ("anthropic-usage-report.json", "anthropic-usage"),
        ("litellm-spend-logs.json", "litellm"),
        ("otel-traces.jsonl", "otel"),
        ("langfuse-observations.json", "langfuse"),
        ("helicone-export.jsonl", "helicone"),
        ("openrouter-generations.jsonl", "openrouter"),
        ("gemini-responses.jsonl", "gemini"),
        ("vercel-ai-usage.jsonl", "vercel-ai"),
    ],
)
def test_each_format_is_detected_and_forcing_it_reads_the_same(
    run: Run, name: str, fmt: str
) -> None:
    detected = replay(run, str(DATA / name), "--source", "list")
    forced = replay(run, str(DATA / name), "--source", "list", "--log-format", fmt)
    assert {r["format"] for r in detected["read_as"]} == {fmt}
    assert forced["actual"] == detected["actual"]
    assert forced["accounting"] == detected["accounting"]


def test_a_file_read_as_the_wrong_format_exits_2_and_names_the_right_one(run: Run) -> None:
    log = DATA / "otel-traces.jsonl"
    result = run("replay", str(log), "--catalogue", str(CATALOGUE), "--log-format", "langfuse")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {log}: none of its 2 records could be read as Langfuse observations (not a "
        "record of the format read: 2); it looks like OpenTelemetry OTLP JSON traces (GenAI "
        "spans): read it with --log-format otel\n"
    )


def test_a_transcript_read_as_records_says_to_read_it_as_claude_code(run: Run) -> None:
    # the 49-of-49-lines-skipped case: a transcript read as tokencost's own records
    session = next((DATA / "claude-code" / "projects" / "-home-ada-blog").glob("*.jsonl"))
    result = run("replay", str(session), "--catalogue", str(CATALOGUE), "--log-format", "records")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {session}: none of its 2 records could be read as usage records (OpenAI or "
        "Anthropic responses or usage, flat records) (no token counts: 2); it looks like "
        "Claude Code session transcripts: read it with --log-format claude-code\n"
    )


def test_an_unknown_shape_gets_a_map_to_read_it(run: Run, tmp_path: Path) -> None:
    log = tmp_path / "calls.jsonl"
    record = {"ts": "2025-10-06T10:00:00Z", "llm": {"model": "gpt-4o"}}
    record |= {"stats": {"prompt_token_count": 1000, "completion_token_count": 10}}
    log.write_text(json.dumps(record) + "\n")
    result = run("replay", str(log), "--catalogue", str(CATALOGUE))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {log}: none of its 1 records could be read as usage records (OpenAI or "
        "Anthropic responses or usage, flat records) (no token counts: 1); its first record "
        "has the fields ts, llm, stats: name them with --map llm.model=model,"
        "stats.prompt_token_count=input_tokens,stats.completion_token_count=output_tokens, or "
        "choose a format with --log-format (claude-code, otel, openai-usage, anthropic-usage, "
        "langfuse, helicone, openrouter, litellm, gemini, vercel-ai, records)\n"
    )
    mapped = "llm.model=model,stats.prompt_token_count=input_tokens,ts=timestamp"
    d = replay(
        run, str(log), "--map", mapped, "--map", "stats.completion_token_count=output_tokens"
    )
    assert d["actual"]["cost"] == Decimal("0.0026")  # 1,000 x 2.50 + 10 x 10 per 1M


def test_nothing_priced_is_an_error_that_says_why(run: Run, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text(
        json.dumps({"model": "gpt-3.5-turbo", "input_tokens": 5, "output_tokens": 1}) + "\n"
    )
    result = run("replay", str(log), "--catalogue", str(CATALOGUE))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: no record priced: 1 record of unknown model 'gpt-3.5-turbo'; tokencost "
        "models lists the models it prices\n"
    )

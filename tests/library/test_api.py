"""The library in one call: ``tokencost.price``, ``compare`` and ``replay``, their typed
errors, the public names, and a user's script that passes ``mypy --strict``."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import tokencost
from tests.helpers import REPO, Run

JUNE = date(2026, 6, 15)


def test_price_one_request_exactly_with_its_breakdown() -> None:
    cost = tokencost.price("gpt-5.5", input_tokens=1200, output_tokens=300, when=JUNE)
    assert isinstance(cost, tokencost.RequestCost)
    # 1,200 x $2.50 / 1M + 300 x $10.00 / 1M on the article's prices of June 2026
    assert cost.total == Decimal("0.006")
    assert (cost.breakdown.input, cost.breakdown.output) == (Decimal("0.003"), Decimal("0.003"))
    assert (cost.model, cost.name, cost.provider, cost.currency) == (
        "gpt-5.5",
        "gpt-5.5",
        "openai",
        "USD",
    )
    assert (cost.source.id, cost.price.effective, cost.as_of) == ("article", date(2026, 6, 1), JUNE)
    assert cost.catalogue.version == "2026.11.6"
    assert cost.flags == ()


def test_cache_read_tokens_are_part_of_the_input_and_priced_at_the_cache_price() -> None:
    cost = tokencost.price(
        "gpt-5.5",
        input_tokens=1200,
        output_tokens=300,
        cache_read_tokens=1000,
        when="2026-06-15",
        source="list",
    )
    # list prices: input $5, cached input $0.50, output $30 per 1M
    assert cost.breakdown.input == Decimal("0.001")  # the 200 uncached
    assert cost.breakdown.cache_read == Decimal("0.0005")
    assert cost.breakdown.output == Decimal("0.009")
    assert cost.total == Decimal("0.0105")
    assert cost.price.input == Decimal("5.00")


def test_tiers_requests_batch_and_off_peak_come_from_the_same_engine(dims: Path) -> None:
    tier = tokencost.price("cachey", input_tokens=200_000, when=JUNE, catalogue=dims)
    assert tier.breakdown.tier is not None and tier.total == Decimal("1.6")  # 200k x $8 / 1M
    fee = tokencost.price("fee", input_tokens=1_000_000, when=JUNE, catalogue=dims)
    assert (fee.breakdown.requests, fee.total) == (Decimal("0.01"), Decimal("1.01"))
    # 1M input tokens is a prompt over the 100k tier ($8), billed at its batch price
    batch = tokencost.price("cachey", input_tokens=1_000_000, batch=True, when=JUNE, catalogue=dims)
    assert batch.total == Decimal("4") and batch.breakdown.batch_savings == Decimal("4")
    night = datetime(2026, 6, 15, 23, 0, tzinfo=UTC)  # inside 16:30-00:30 UTC
    cheap = tokencost.price("nightly", input_tokens=1_000_000, when=night, catalogue=dims)
    day = tokencost.price(
        "nightly", input_tokens=1_000_000, when=night.replace(hour=12), catalogue=dims
    )
    assert (cheap.total, day.total) == (Decimal("1"), Decimal("2"))
    # 01:00 at UTC+2 is 23:00 UTC: the window is read in UTC, the date as written
    local = datetime(2026, 6, 16, 1, 0, tzinfo=timezone(timedelta(hours=2)))
    shifted = tokencost.price("nightly", input_tokens=1_000_000, when=local, catalogue=dims)
    assert (shifted.total, shifted.minute, shifted.as_of) == (
        Decimal("1"),
        23 * 60,
        date(2026, 6, 16),
    )


def test_an_unknown_model_raises_the_cli_error_never_a_zero() -> None:
    with pytest.raises(tokencost.UnknownModelError) as caught:
        tokencost.price("gpt5.5", input_tokens=1)
    assert str(caught.value) == (
        "unknown model 'gpt5.5'; did you mean 'gpt-5.5'? (tokencost models lists them)"
    )
    assert caught.value.exit_code == 2
    assert isinstance(caught.value, tokencost.TokencostError)


def test_no_price_on_the_date_and_bad_arguments_are_typed_errors_naming_the_argument() -> None:
    with pytest.raises(tokencost.NoPriceError, match="no price from source 'article'"):
        tokencost.price("gpt-5.5", input_tokens=1, when="2026-01-01")
    bad: list[tuple[dict[str, Any], str]] = [
        ({"input_tokens": -1}, "input_tokens: give a whole number of tokens, 0 or more (got -1)"),
        (
            {"output_tokens": 1.5},
            "output_tokens: give a whole number of tokens, 0 or more (got 1.5)",
        ),
        (
            {"input_tokens": True},
            "input_tokens: give a whole number of tokens, 0 or more (got True)",
        ),
        (
            {"input_tokens": 10, "cache_read_tokens": 11},
            "cache_read_tokens + cache_write_tokens exceed input_tokens; "
            "they are part of the input tokens (got 11 + 0 > 10)",
        ),
        (
            {"output_tokens": 1, "reasoning_tokens": 2},
            "reasoning_tokens exceed output_tokens; they are part of the output tokens (got 2 > 1)",
        ),
        (
            {"when": "June"},
            "when: 'June' is not a date or a moment; use YYYY-MM-DD or ISO 8601, e.g. 2026-06-15 "
            "or 2026-06-15T14:30:00Z",
        ),
    ]
    for kwargs, message in bad:
        with pytest.raises(tokencost.InputError) as caught:
            tokencost.price("gpt-5.5", **kwargs)
        assert str(caught.value) == message
    with pytest.raises(tokencost.InputError, match="unknown source 'lst'; did you mean 'list'"):
        tokencost.price("gpt-5.5", input_tokens=1, source="lst", when=JUNE)


def test_when_defaults_to_today_which_tokencost_today_pins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-06-15")
    assert tokencost.price("gpt-5.5", output_tokens=1).as_of == JUNE


def test_model_names_resolve_as_replay_resolves_them() -> None:
    dated = tokencost.price("gpt-5.5-2026-04-23", input_tokens=1000, when=JUNE)
    prefixed = tokencost.price("openai/gpt-5.5", input_tokens=1000, when=JUNE)
    assert (dated.model, prefixed.model) == ("gpt-5.5", "gpt-5.5")
    assert dated.name == "gpt-5.5-2026-04-23"
    assert dated.total == prefixed.total == Decimal("0.0025")


def test_names_resolve_by_the_catalogues_patterns_too() -> None:
    """One way to resolve a name in the package: the catalogue's patterns (Anthropic's
    ``claude-opus-4-8*``) as replay and the command line use them."""
    when = "2026-11-27"
    snapshot = tokencost.price("claude-opus-4-8-20261101", input_tokens=10**6, when=when)
    assert (snapshot.model, snapshot.total) == ("claude-opus-4.8", Decimal("3.00"))
    # 100,000 input tokens (under its 200k tier) x $3 / 1M
    sonnet = tokencost.price("claude-sonnet-4-5-20250929", input_tokens=100_000, when=when,
                             source="list")  # fmt: skip
    assert (sonnet.model, sonnet.total) == ("claude-sonnet-4-5", Decimal("0.3"))


def test_a_moment_is_read_on_the_windows_clock_days_and_zone() -> None:
    """DeepSeek V4 Pro's list prices from 2026-08-23: peak $1.32 input, off-peak $0.66 on
    weekdays 18:00-09:00 and 12:00-14:00 and all weekend, Beijing time (worked by hand:
    1M input tokens cost the price per 1M)."""
    friday = tokencost.price("deepseek-v4-pro", input_tokens=10**6, source="list",
                             when="2026-11-27T10:30:00+08:00")  # fmt: skip
    saturday = tokencost.price("deepseek-v4-pro", input_tokens=10**6, source="list",
                               when="2026-11-28T10:30:00+08:00")  # fmt: skip
    # 2026-11-27 17:30 UTC is Saturday 01:30 in Beijing: the weekend's price, though the
    # date as written (UTC) is a Friday
    late = tokencost.price("deepseek-v4-pro", input_tokens=10**6, source="list",
                           when=datetime(2026, 11, 27, 17, 30, tzinfo=UTC))  # fmt: skip
    assert (friday.total, saturday.total, late.total) == (
        Decimal("1.32"), Decimal("0.66"), Decimal("0.66"),
    )  # fmt: skip
    assert (friday.minute, saturday.minute, late.minute) == (150, 150, 17 * 60 + 30)


def test_compare_in_one_call_reproduces_the_article() -> None:
    result = tokencost.compare(when=JUNE)
    rows = {row.model: row for row in result.results}
    assert rows["gpt-5.5"].monthly_cost == Decimal("1312.50")
    assert rows["claude-opus-4.8"].monthly_cost == Decimal("1800.00")
    assert rows["deepseek-v4-pro"].monthly_cost == Decimal("13.1250")
    assert rows["gpt-5.5"].ratio == 100
    assert result.baseline == "deepseek-v4-pro"
    two = tokencost.compare(
        tokens_per_day="20M", ratio="4:1", models=["gpt-5.5"], when=JUNE, source="list"
    )
    assert [(r.model, r.monthly_cost) for r in two.results] == [("gpt-5.5", Decimal("6000.00"))]
    profile = tokencost.compare(
        REPO / "examples" / "workloads" / "chat-assistant.toml", models=["gpt-5.5"], when=JUNE
    )
    assert profile.results[0].monthly_cost == Decimal("2400.00")
    with pytest.raises(tokencost.InputError, match="not both"):
        tokencost.compare(tokencost.Workload.build(), ratio="1:1")
    with pytest.raises(
        tokencost.InputError, match=r"models: give a list of names, e.g. \['gpt-5.5'\]"
    ):
        tokencost.compare(models="gpt-5.5")  # a str is a Sequence[str] to a type checker


def _june_records() -> list[object]:
    """The example log's lines as objects; its cut-off line 6 (invalid JSON) as a string."""
    found: list[object] = []
    for line in (REPO / "examples" / "logs" / "june.jsonl").read_text().splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            found.append(line)
    return found


def test_replay_of_records_in_memory_equals_the_replay_of_their_log(run: Run) -> None:
    result = tokencost.replay(_june_records(), when="2026-06-30")  # type: ignore[arg-type]
    cli = json.loads(
        run(
            "replay", str(REPO / "examples/logs/june.jsonl"), "--as-of", "2026-06-30", "--json"
        ).out,
        parse_float=Decimal,
    )
    assert result.actual_cost == cli["actual"]["cost"] == Decimal("0.15653")
    assert result.records_priced == cli["accounting"]["records_priced"] == 5
    assert result.records_read == cli["accounting"]["records_read"] == 8
    assert [(c.model, c.cost) for c in result.candidates] == [
        (c["model"], c["cost"]) for c in cli["candidates"]
    ]
    assert result.inputs == ("records",)
    skipped = {s.reason: s.lines for s in result.skipped}
    assert skipped == {
        "not a JSON object": ("records:6",),  # the log's invalid JSON line, here a string
        "missing model": ("records:7",),
        # mistral-large-2411 is Mistral Large in the whole market, which the article
        # (the default source) does not price
        "no price on the record's date": ("records:5",),
    }


def test_replay_takes_any_iterable_of_mappings_and_datetimes() -> None:
    def generate() -> Any:
        yield {
            "model": "gpt-5.5",
            "timestamp": datetime(2026, 6, 10, 9, 0),
            "usage": {"prompt_tokens": 1000, "completion_tokens": 100},
        }
        yield {"model": "openai/gpt-5.5-2026-04-23", "input_tokens": 1000, "output_tokens": 100}

    result = tokencost.replay(generate(), when=JUNE, models=["deepseek-v4-pro"])
    assert result.actual_cost == Decimal("0.0070")  # 2 x (1000 x 2.50 + 100 x 10) / 1M
    assert result.first_day == date(2026, 6, 10)
    assert [(c.model, c.cost) for c in result.candidates] == [
        ("deepseek-v4-pro", Decimal("0.000084"))
    ]


def test_replay_never_prices_what_it_cannot_read_at_zero() -> None:
    records: list[Any] = [
        {"model": "nope", "input_tokens": 5},
        {"model": "gpt-5.5", "input_tokens": "5"},
        [],
    ]
    with pytest.raises(tokencost.InputError) as raised:
        tokencost.replay(records, when=JUNE)
    assert str(raised.value) == (
        "no record priced: 1 record of unknown model 'nope'; 1 non-integer tokens; "
        "1 not a JSON object; tokencost models lists the models it prices"
    )
    with pytest.raises(tokencost.InputError, match="records: give an iterable of mappings"):
        tokencost.replay({"model": "gpt-5.5"}, when=JUNE)  # type: ignore[dict-item]
    with pytest.raises(tokencost.UnknownModelError):
        tokencost.replay([], models=["gpt5.5"], when=JUNE)


def test_the_public_names_are_listed_typed_and_lazy() -> None:
    assert sorted(tokencost.__all__) == sorted(
        [
            "Breakdown",
            "BudgetError",
            "Catalogue",
            "CatalogueError",
            "Comparison",
            "InputError",
            "ModelCost",
            "NoPriceError",
            "Replay",
            "RequestCost",
            "TokencostError",
            "UnknownModelError",
            "Usage",
            "Workload",
            "WorkloadError",
            "__version__",
            "compare",
            "load_catalogue",
            "load_workload",
            "price",
            "replay",
        ]
    )
    for name in tokencost.__all__:
        assert getattr(tokencost, name) is not None
    assert (REPO / "src" / "tokencost" / "py.typed").is_file()
    code = (
        "import sys, tokencost; "
        "print(sorted(m for m in sys.modules if m.startswith(('tokencost.', 'pydantic', 'rich'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "['tokencost.version']\n"


USER_SCRIPT = '''\
"""A user's script: one request priced in one call, checked by mypy --strict."""

from decimal import Decimal

import tokencost
from tokencost import RequestCost, TokencostError


def cost_of(model: str, prompt: int, answer: int) -> Decimal:
    result: RequestCost = tokencost.price(
        model, input_tokens=prompt, output_tokens=answer, when="2026-06-15"
    )
    return result.total + result.breakdown.input - result.breakdown.input


try:
    print(cost_of("gpt-5.5", 1200, 300))
except TokencostError as error:
    raise SystemExit(f"error: {error} (exit {error.exit_code})") from None
comparison = tokencost.compare(tokens_per_day="10M", ratio="3:1", models=["gpt-5.5"])
monthly: Decimal = comparison.results[0].monthly_cost
replayed = tokencost.replay([{"model": "gpt-5.5", "input_tokens": 10, "output_tokens": 1}])
actual: Decimal = replayed.actual_cost
print(monthly, actual)
'''


@pytest.mark.slow
@pytest.mark.parametrize(
    "script", ["user", "examples/library.py"], ids=["user-script", "examples-library"]
)
def test_a_user_script_passes_mypy_strict(tmp_path: Path, script: str) -> None:
    """Run outside the repository (none of its config), against the installed package:
    without py.typed mypy --strict calls tokencost untyped and fails."""
    path = tmp_path / "script.py"
    if script == "user":
        path.write_text(USER_SCRIPT)
    else:
        path.write_text((REPO / script).read_text())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found in 1 source file")
    run = subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "TOKENCOST_TODAY": "2026-06-15"},
    )
    assert run.returncode == 0, run.stderr
    if script == "user":
        assert run.stdout == "0.006\n1312.50 0.000035\n"

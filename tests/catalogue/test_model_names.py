"""How a name as written finds its model: ids, aliases, patterns, and which provider wins.

The catalogue below is our own. Anthropic's names are ``*claude*``; its opus has the
glob ``claude-opus-9*`` and a regular expression for dated snapshots; a host, "acloud",
sells the same model under a pattern that matches the same names, and a model of its own;
its file comes first in the catalogue.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import Run, write
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.names import Names, check_pattern, compile_pattern

MANIFEST = """\
name = "named"
version = "2026.01.0"
updated = 2026-01-15
currency = "USD"
default_source = "book"

[sources.book]
title = "Test prices"
"""

ANTHROPIC = """\
provider = "anthropic"
name = "Anthropic"
patterns = ["*claude*"]

[[models]]
id = "claude-opus-9"
name = "Claude Opus 9"
aliases = ["claude-9-opus"]
patterns = ["claude-opus-9*", 're:^claude-opus-9-\\d{8}$']

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 5
output = 25
"""

CLOUD = """\
provider = "acloud"
name = "A cloud"

[[models]]
id = "acloud--claude-opus-9"
name = "Claude Opus 9 (cloud)"
aliases = ["acloud/claude-opus-9"]
patterns = ["*claude-opus-9*"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 6
output = 30

[[models]]
id = "cloud-llama"
name = "Llama on the cloud"
patterns = ["*llama*"]

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 1
output = 2
"""


@pytest.fixture
def named(tmp_path: Path) -> Path:
    folder = tmp_path / "named"
    write(folder / "manifest.toml", MANIFEST)
    write(folder / "anthropic.toml", ANTHROPIC)
    write(folder / "acloud.toml", CLOUD)
    return folder


@pytest.mark.parametrize(
    ("pattern", "name", "matches"),
    [
        ("claude-opus-9*", "claude-opus-9-20260101", True),
        ("claude-opus-9*", "claude-opus-9", True),  # * matches no characters too
        ("claude-opus-9*", "my-claude-opus-9", False),  # a glob matches the whole name
        ("*opus*", "claude-opus-9", True),
        ("*-fp8", "llama-70b-fp8", True),
        ("composer-2.5[fast=false]*", "composer-2.5[fast=false]", True),  # [ ] are plain
        ("gpt-5.5*", "gpt-5x5", False),  # . is a dot
        ("re:^gpt-5\\.5-\\d{4}-\\d{2}-\\d{2}$", "gpt-5.5-2026-04-23", True),
        ("re:^gpt-5\\.5-\\d{4}-\\d{2}-\\d{2}$", "gpt-5.5-2026-04-23-x", False),
        ("re:opus", "claude-opus-9", True),  # a regular expression is searched
    ],
)
def test_a_pattern_matches_the_lower_cased_name(pattern: str, name: str, matches: bool) -> None:
    assert bool(compile_pattern(check_pattern(pattern)).search(name.lower())) is matches


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("claude-opus-9", "has no '*'; an exact name is an alias"),
        ("re:claude-(", "is not a regular expression"),
        ("**", "matches every name"),
        (" claude*", "without surrounding spaces"),
    ],
)
def test_a_bad_pattern_is_refused(pattern: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        check_pattern(pattern)


def test_a_bad_pattern_in_a_file_names_the_file_and_key(run: Run, named: Path) -> None:
    (named / "acloud.toml").write_text(CLOUD.replace('["*llama*"]', '["re:llama("]'))
    result = run("models", "--catalogue", str(named))
    assert result.code == 2
    assert result.out == ""
    assert "acloud.toml: models[1].patterns[0]: pattern 're:llama(' is not a regular" in result.err
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("written", "model"),
    [
        ("claude-opus-9", "claude-opus-9"),  # the id
        ("CLAUDE-9-OPUS", "claude-opus-9"),  # an alias, any case
        ("acloud/claude-opus-9", "acloud--claude-opus-9"),  # the host's own exact name
        # the provider whose names these are (*claude*) wins over the host's pattern,
        # though the host's file comes first and its pattern matches too
        ("claude-opus-9-20260101", "claude-opus-9"),
        ("claude-opus-9-fast", "claude-opus-9"),
        # Anthropic's kind of name, but none of its models' patterns matches: the first
        # model whose pattern does, the host's
        ("my-claude-opus-9-edition", "acloud--claude-opus-9"),
        # no provider claims it: the first model whose pattern matches
        ("meta-llama/llama-4-70b", "cloud-llama"),
        # a provider prefix and a date are dropped when nothing matches as written
        ("anthropic/claude-9-opus-2026-01-01", "claude-opus-9"),
        # a host's prefix off first (LiteLLM's groq/meta-llama/...): the cloud's name,
        # not Anthropic's claude-opus-9 that the last part alone would mean
        ("litellm/acloud/claude-opus-9", "acloud--claude-opus-9"),
    ],
)
def test_names_resolve_in_order(named: Path, written: str, model: str) -> None:
    assert load_catalogue(named).model(written).id == model


def test_a_name_nothing_matches_is_unknown(run: Run, named: Path) -> None:
    result = run("compare", "--models", "gpt-9", "--catalogue", str(named))
    assert result.code == 2
    assert result.err.startswith("error: unknown model 'gpt-9'")


def test_names_survive_pickling_and_compile_lazily(named: Path) -> None:
    import pickle

    names = load_catalogue(named).names
    assert names.resolve("claude-opus-9-x") == "claude-opus-9"
    copy = pickle.loads(pickle.dumps(names))
    assert copy._compiled == []  # compiled patterns are not sent
    assert copy.resolve("claude-opus-9-x") == "claude-opus-9"
    assert Names({"a": "a"}).resolve("b") is None


def test_replay_prices_a_name_found_by_pattern(run: Run, named: Path, tmp_path: Path) -> None:
    # 1M input and 1M output on the model each name means: $30 at Anthropic, $36 at
    # the cloud, $3 for the llama
    log = tmp_path / "log.jsonl"
    records = [
        {"model": "claude-opus-9-20260101", "timestamp": "2026-02-01T10:00:00Z"},
        {"model": "acloud/claude-opus-9", "timestamp": "2026-02-01T10:00:00Z"},
        {"model": "meta-llama/llama-4-70b", "timestamp": "2026-02-01T10:00:00Z"},
    ]
    tokens = {"input_tokens": 1_000_000, "output_tokens": 1_000_000}
    log.write_text("".join(json.dumps({**r, **tokens}) + "\n" for r in records))
    result = run("replay", str(log), "--catalogue", str(named), "--json")
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out, parse_float=Decimal)
    assert {m["model"]: m["cost"] for m in document["actual"]["models"]} == {
        "claude-opus-9": 30,
        "acloud--claude-opus-9": 36,
        "cloud-llama": 3,
    }
    assert document["actual"]["cost"] == 69


def test_a_name_several_hosts_write_says_how_to_name_the_host(run: Run, tmp_path: Path) -> None:
    """The shipped catalogue: Llama 4 Scout's name is written by seven sellers, none of
    them Maverick's host or the name's owner; it stays unknown, and says how to name
    the host; named, it is that host's model at that host's price."""
    log = tmp_path / "scout.jsonl"
    names = [
        "meta-llama/llama-4-scout-17b-16e-instruct",
        "groq/meta-llama/llama-4-scout-17b-16e-instruct",
    ]
    tokens = {
        "timestamp": "2026-11-27T10:00:00Z",
        "input_tokens": 1_000_000,
        "output_tokens": 1_000_000,
    }
    log.write_text("".join(json.dumps({"model": name, **tokens}) + "\n" for name in names))
    result = run("replay", str(log), "--source", "list", "--models", "gpt-5.5", "--json")
    assert (result.code, result.err) == (0, "")
    document = json.loads(result.out, parse_float=Decimal)
    [unknown] = document["unpriced_traffic"]
    assert unknown["model"] == names[0]
    assert unknown["detail"] == (
        "not in the catalogue; several hosts write this name, name the one that served it: "
        "'groq/meta-llama/llama-4-scout-17b-16e-instruct', "
        "'huggingface_groq/meta-llama/llama-4-scout-17b-16e-instruct', "
        "'huggingface_novita/meta-llama/llama-4-scout-17b-16e-instruct' and 4 more "
        "(tokencost models lists them)"
    )
    # Groq's Scout: $0.11 input, $0.34 output per 1M
    assert {m["model"]: m["cost"] for m in document["actual"]["models"]} == {
        "groq--meta-llama-llama-4-scout-17b-16e-instruct": Decimal("0.45")
    }

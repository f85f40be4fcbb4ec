"""Shared fixtures: an isolated environment, a tiny catalogue, and a CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tokencost.cli import main

REPO = Path(__file__).resolve().parent.parent

TINY_MANIFEST = """\
name = "tiny"
version = "2026.01.0"
updated = 2026-01-15
currency = "USD"
default_source = "book"

[sources.book]
title = "A price book"

[sources.list]
title = "List prices"
"""

TINY_ACME = """\
provider = "acme"
name = "Acme"

[[models]]
id = "big"
name = "Big"
aliases = ["acme/big"]
architecture = "dense"
weights = "closed"
country = "US"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 4
output = 12

[[models.prices]]
effective = 2026-01-01
source = "list"
input = 5
output = 15

[[models.prices]]
effective = 2026-03-01
source = "book"
input = 2
output = 6

[[models]]
id = "small"
name = "Small"
architecture = "moe"
weights = "open"
country = "CN"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 0.04
output = 0.12

[[models]]
id = "free"
name = "Free"
architecture = "dense"
weights = "open"
country = "CN"

[[models.prices]]
effective = 2026-02-01
source = "book"
input = 0
output = 0
"""


ARTICLE_MODELS = (
    "gpt-5.5",
    "claude-opus-4.8",
    "llama-4-maverick",
    "deepseek-v4-pro",
    "glm-5-flash",
)


@pytest.fixture(scope="session")
def article_prices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue cut down to the article's five models, every entry of theirs
    kept: the real data in a catalogue small enough for tests that list every row."""
    import tomllib
    from decimal import Decimal

    from tokencost.catalogue.tomltext import provider_toml

    folder = tmp_path_factory.mktemp("article") / "prices"
    folder.mkdir()
    for path in sorted((REPO / "prices").glob("*.toml")):
        if path.name == "manifest.toml":
            (folder / path.name).write_bytes(path.read_bytes())
            continue
        data = tomllib.loads(path.read_text(), parse_float=Decimal)
        kept = [m for m in data["models"] if m["id"] in ARTICLE_MODELS]
        if kept:
            (folder / path.name).write_text(provider_toml({**data, "models": kept}))
    return folder


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run: its entries are keyed by the files' bytes and
    location, so sharing it is safe, and the shipped catalogue (thousands of models) is
    validated once, not in every test that uses it."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, session_cache: Path) -> None:
    """No test sees the user's cache, catalogue override or colour settings."""
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(session_cache))
    for name in (
        "TOKENCOST_CATALOGUE",
        "TOKENCOST_NO_CACHE",
        "TOKENCOST_DEBUG",
        "TOKENCOST_TODAY",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder of this test's own (for tests of the cache itself)."""
    folder = tmp_path_factory.mktemp("own-cache")
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A small catalogue of our own: acme's big (two sources), small and free models."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "manifest.toml").write_text(TINY_MANIFEST)
    (folder / "acme.toml").write_text(TINY_ACME)
    return folder


def write(path: Path, text: str) -> Path:
    """Write dedented text to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


@dataclass
class Result:
    """What a CLI call produced: exit code, stdout and stderr, kept apart."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Call ``tokencost`` in-process (the real ``main``) and capture its streams."""

    def invoke(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture(scope="session")
def action_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tokencost installed by the GitHub Action's own install step, once a session
    (tests/actionrunner.py)."""
    from tests.actionrunner import install

    return install(tmp_path_factory.mktemp("runner-temp"))

"""The fixtures: an isolated environment, the tiny catalogue, a CLI runner (what else the
tests share is in tests/helpers.py)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tests.helpers import (
    DIMS,
    REPO,
    TINY,
    TINY_ACME,
    TINY_MANIFEST,
    Result,
    Run,
    collect_garbage_less_often,
    end_workers_without_freeing_memory,
    import_as_written,
    share_bytecode,
    share_rewritten_tests,
    write,
)
from tokencost.cli import main

# Names the test files imported from here before tests/helpers.py held them; importing
# them from tests.helpers is the rule (tests/house/test_suite.py), and tests/layout.py
# rewrites such imports.
__all__ = ["REPO", "TINY_ACME", "TINY_MANIFEST", "Result", "Run", "write"]


def pytest_configure(config: pytest.Config) -> None:
    end_workers_without_freeing_memory(config)
    collect_garbage_less_often()
    share_bytecode(config)
    share_rewritten_tests(config)
    import_as_written("hypothesis", "hypothesis.strategies")
    from hypothesis import settings

    # No time limit per example: on a loaded machine the first example (which pays the
    # imports) overran hypothesis' 200 ms and failed as "flaky"; speed is measured in
    # benchmarks/, never in tests.
    settings.register_profile("tokencost", deadline=None)
    settings.load_profile("tokencost")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests (deselected unless ``-m slow``) run first, so that with ``pytest -n`` the
    other workers run the rest meanwhile."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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
        text = path.read_text()
        if not any(f'"{model}"' in text for model in ARTICLE_MODELS):
            continue  # none of them here: no need to parse it
        data = tomllib.loads(text, parse_float=Decimal)
        kept = [m for m in data["models"] if m["id"] in ARTICLE_MODELS]
        if kept:
            (folder / path.name).write_text(provider_toml({**data, "models": kept}))
    return folder


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run, shared by the workers of ``pytest -n``: its
    entries are keyed by the files' bytes and location and written whole (a rename), so
    sharing it is safe, and the shipped catalogue (thousands of models) is validated
    once, not in every test or worker that uses it."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return tmp_path_factory.mktemp("cache")
    shared = tmp_path_factory.getbasetemp().parent / "cache"  # the run's, above each worker's
    shared.mkdir(exist_ok=True)
    return shared


@pytest.fixture(scope="session")
def data_folders(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each test's own data folder is made (``isolated``)."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, data_folders: Path, session_cache: Path) -> None:
    """No test sees the user's cache, catalogue override, own overlays or colour settings.
    Each test has a data folder of its own, empty (a random name: pytest's numbered
    folders list their parent each time, a second of each worker's run)."""
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(session_cache))
    monkeypatch.setenv("TOKENCOST_DATA_DIR", tempfile.mkdtemp(dir=data_folders))
    for name in (
        "TOKENCOST_CATALOGUE",
        "TOKENCOST_NO_CACHE",
        "TOKENCOST_DEBUG",
        "TOKENCOST_TODAY",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)


OUTPUT_ENV = "TOKENCOST_TEST_OUTPUT"
"""A folder for the files a person may want to look at after a run: the rasterised
charts and the browser's screenshots (.ci/run sets it and keeps the folder)."""


@pytest.fixture
def artefacts(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Where a test keeps the files it makes for people to look at: a folder named after
    the test under ``$TOKENCOST_TEST_OUTPUT`` when set, else the test's own ``tmp_path``
    (pytest keeps the last three runs' under its base temporary folder)."""
    root = os.environ.get(OUTPUT_ENV)
    if not root:
        return tmp_path
    folder = Path(root) / re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder of this test's own (for tests of the cache itself)."""
    folder = tmp_path_factory.mktemp("own-cache")
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A small catalogue of our own: acme's big (two sources), small and free models."""
    return Path(shutil.copytree(TINY, tmp_path / "tiny"))


@pytest.fixture
def dims(tiny: Path) -> Path:
    """The tiny catalogue plus three models with pricing dimensions: cachey (cache prices,
    batch discount, a long-context tier), nightly (an off-peak window) and fee (a fee per
    1,000 requests)."""
    shutil.copy(DIMS, tiny / "dims.toml")
    return tiny


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
    """The GitHub Action's RUNNER_TEMP with tokencost installed where its install step puts
    it (``tokencost-venv``): this test environment, where tokencost is installed already
    (the action's other steps run it as they run the one the install step makes).
    ``installed_action_venv`` runs that step itself."""
    temp = tmp_path_factory.mktemp("runner-temp")
    (temp / "tokencost-venv").symlink_to(sys.prefix, target_is_directory=True)
    return temp


@pytest.fixture(scope="session")
def installed_action_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GitHub Action's RUNNER_TEMP after its own install step ran (a fresh environment
    and ``pip install`` of this checkout, from PyPI), once a run: with ``pytest -n`` the
    first worker installs it, the others wait and share it (tests/actionrunner.py)."""
    from tests.actionrunner import install

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's
    temp = shared / "runner-temp"
    with (shared / "runner-temp.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (temp / "installed").exists():
            temp.mkdir(exist_ok=True)
            install(temp)
            (temp / "installed").touch()
    return temp

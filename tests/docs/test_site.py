"""The manual: README.md as a short front door, docs/ as a site that builds with warnings
as errors, every page in its nav, and each command's options reference generated from
the CLI and current. (Its console examples run in tests/docs/test_examples.py.)
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import cliref
from tests.readme import DOCS, README, REPO, pages


def test_the_readme_is_a_front_door() -> None:
    text = README.read_text()
    assert len(text.splitlines()) <= 250
    links = re.findall(r"\]\((docs/[^)#]+)", text)
    assert len(links) >= 10
    assert [link for link in links if not (REPO / link).is_file()] == []


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_options_references_are_generated_from_the_cli(page: Path) -> None:
    text = page.read_text()
    assert cliref.refresh(text) == text, f"stale: run python -m tests.readme --update ({page})"


def test_every_command_has_one_options_reference() -> None:
    found = [m["path"] for page in pages() for m in cliref.blocks(page.read_text())]
    assert sorted(found) == sorted(cliref.command_paths())


def test_a_reference_block_names_its_options() -> None:
    compare = cliref.reference("tokencost compare")
    assert compare.startswith("```text\nUsage: tokencost compare [OPTIONS] [PROFILE]\n")
    assert (
        "| `--tokens-per-day`, `-t` | `N` | Tokens a day: 10M, 1.5B, 250k, 1e7, 10\\_000\\_000. |"
        in (compare)
    )
    assert (
        "| `--format`, `-f` | `table`, `json`, `csv`, `markdown` | Output format. Default: table. |"
        in (compare)
    )
    assert "Pricing dimensions:\n\n| option |" in compare
    assert "Environment variable: TOKENCOST\\_CATALOGUE." in compare


def _nav_pages(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_pages(value)


def _config() -> dict[str, Any]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    assert isinstance(config, dict)
    return config


def test_every_page_is_in_the_nav_once() -> None:
    nav = list(_nav_pages(_config()["nav"]))
    on_disk = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert sorted(nav) == on_disk


def test_the_build_treats_warnings_as_errors() -> None:
    config = _config()
    assert config["strict"] is True
    assert set(config["validation"].values()) == {"warn"}


def _toml_blocks() -> Iterator[tuple[str, str]]:
    for page in pages():
        text = page.read_text()
        for block in re.finditer(r"^```toml[^\n]*\n(.*?)^```$", text, re.M | re.S):
            if not block.group(1).startswith("--8<--"):  # a file of the repository, included
                line = text[: block.start()].count("\n") + 1
                yield f"{page.relative_to(REPO)}:{line}", block.group(1)


@pytest.mark.parametrize(("where", "toml"), list(_toml_blocks()), ids=lambda v: v[:40])
def test_every_toml_block_parses(where: str, toml: str) -> None:
    assert tomllib.loads(toml), where


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None,
    reason="MkDocs is in the docs extra: pip install -e '.[docs]' (CI builds the site)",
)
@pytest.mark.slow
def test_the_site_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    built = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("index.html")}
    assert {"index.html", "commands/compare/index.html", "output/index.html"} <= built
    assert (tmp_path / "schemas" / "compare.schema.json").is_file()

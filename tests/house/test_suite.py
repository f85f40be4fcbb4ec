"""The test suite's own rules: what a test file may import, what conftest holds, the test
catalogues valid, the ``slow`` marker known.

Tests share code through tests/helpers.py (and the runners of the docs' examples and of
the GitHub Action), never by importing another test file: a test file is read alone.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from tests.helpers import CATALOGUES, REPO
from tokencost.catalogue import load_catalogue

TESTS = REPO / "tests"


def is_test_file(module: str) -> bool:
    """A test file or a conftest (``tests.test_x``, ``tests.commands.check.test_cli``):
    what no file imports. The other modules of tests/ are there to be imported: helpers.py
    and the runners (readme.py, cliref.py, actionrunner.py ...)."""
    last = module.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) of each import of a module under tests/ in ``path``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level:  # from .conftest import x
            found.append((node.lineno, f"tests.{node.module or ''}".rstrip(".")))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "tests":
            module = node.module or ""
            found.append((node.lineno, module))  # and each name, which may be a module:
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("tests.")]
    return found


def forbidden(path: Path, root: Path = REPO) -> list[str]:
    """Where ``path`` imports a test file or a conftest."""
    return [
        f"{path.relative_to(root)}:{line}: imports {module}"
        for line, module in imported(path)
        if is_test_file(module)
    ]


def test_no_test_file_imports_another_or_conftest() -> None:
    found = [where for path in sorted(TESTS.rglob("*.py")) for where in forbidden(path)]
    assert found == [], "import what tests share from tests.helpers:\n" + "\n".join(found)


def test_the_import_check_sees_each_way_of_importing_a_test_file(tmp_path: Path) -> None:
    source = tmp_path / "test_x.py"
    source.write_text(
        "from tests.test_x import a\nimport tests.test_y\nfrom tests import test_z\n"
        "from .conftest import z\nfrom tests.conftest import REPO\nfrom tests.helpers import w\n"
        "from tests.readme import pages\nfrom tests.commands.check import test_cli\n"
    )
    found = [where.split(": ", 1)[1] for where in forbidden(source, tmp_path)]
    assert found == [
        "imports tests.test_x",
        "imports tests.test_y",
        "imports tests.test_z",
        "imports tests.conftest",
        "imports tests.conftest",
        "imports tests.commands.check.test_cli",
    ]


def test_conftest_holds_fixtures_only() -> None:
    """Functions in a conftest.py are fixtures or pytest's hooks; what else the tests share
    is in tests/helpers.py."""
    for path in TESTS.rglob("conftest.py"):
        tree = ast.parse(path.read_text())
        others = [
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            or (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("pytest_")
                and not any("fixture" in ast.unparse(d) for d in node.decorator_list)
            )
        ]
        assert others == [], f"{path.relative_to(REPO)}: move {others} to tests/helpers.py"


@pytest.mark.parametrize(
    "folder", sorted(p.parent for p in CATALOGUES.rglob("manifest.toml")), ids=lambda p: p.name
)
def test_every_test_catalogue_validates(folder: Path) -> None:
    assert load_catalogue(folder).manifest.name == folder.name


def test_the_dims_file_validates_beside_the_tiny_catalogue(dims: Path) -> None:
    ids = {model.id for model in load_catalogue(dims).models()}
    assert ids == {"big", "small", "free", "cachey", "nightly", "fee"}


def test_the_slow_marker_is_registered_and_used_sparingly() -> None:
    """``pytest -m 'not slow'`` skips the few tests that install environments or run many
    processes; the marker is declared in pyproject.toml (``--strict-markers``)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    assert any(m.startswith("slow:") for m in config["ini_options"]["markers"])
    marked = [
        path.name
        for path in TESTS.rglob("test_*.py")
        for line in path.read_text().splitlines()
        if line.strip().startswith("@pytest.mark.slow") or "pytestmark = pytest.mark.slow" in line
    ]
    assert 0 < len(marked) <= 12, marked

"""The house rules of imports (CONTRIBUTING.md), checked on the source text.

Imports only go down: catalogue/workload -> engine -> render -> cli. Only cli imports
typer; only render and cli import rich; only validation.py imports pydantic (rules.py
hands it constraints inside pydantic's own hooks). The engine never prints, reads the
clock or touches files.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "tokencost"

LEVEL = {
    "errors": 0,
    "quantities": 0,
    "hours": 1,
    "rules": 1,
    "cache": 2,
    "atomic": 2,
    "fetch": 2,
    "validation": 3,
    "catalogue": 4,
    "workload": 5,
    "workload_file": 5,
    "traffic": 5,
    "scenarios": 5,
    "budget": 6,
    "engine": 7,
    "replay": 7,
    "render": 8,
    "cli": 9,
}
"""Each part of the package and its level: a module imports only its level or below."""


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE or p.stem in LEVEL)


def part(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in the file, at any depth (lazy ones too)."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            if node.module == "tokencost":  # from tokencost import hours
                yield from ((node.lineno, f"tokencost.{a.name}") for a in node.names)
            else:
                yield node.lineno, node.module


def test_every_part_of_the_package_has_a_level() -> None:
    parts = {part(p) for p in PACKAGE.rglob("*.py")} - {"__init__", "__main__"}
    assert parts == set(LEVEL)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path) -> None:
    mine = LEVEL[part(path)]
    upward = [
        f"line {line}: {name}"
        for line, name in imported(path)
        if name.startswith("tokencost.")
        and name.split(".")[1] in LEVEL
        and LEVEL[name.split(".")[1]] > mine
    ]
    assert upward == []


ONLY_IN = {
    "urllib": {"fetch"},
    "http": {"fetch"},
    "typer": {"cli"},
    "rich": {"render", "cli"},
    "pydantic": {"validation", "rules"},
    "pydantic_core": {"validation", "rules"},
}


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_heavy_libraries_stay_in_their_layer(library: str) -> None:
    found = {
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        for line, name in imported(path)
        if name.split(".")[0] == library and part(path) not in ONLY_IN[library]
    }
    assert found == set()


def test_only_prices_update_imports_the_network_code() -> None:
    """The one command that may use the network imports fetch, inside its function."""
    found = {
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        for line, name in imported(path)
        if name == "tokencost.fetch"
    }
    assert [where.split(":")[0] for where in found] == ["cli/prices/update.py"]
    tree = ast.parse((PACKAGE / "cli" / "prices" / "update.py").read_text())
    top_level = [
        node
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "tokencost.fetch"
    ]
    assert top_level == []


def test_pydantic_is_imported_by_rules_only_inside_its_hooks() -> None:
    tree = ast.parse((PACKAGE / "rules.py").read_text())
    top_level = {node.lineno for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)}
    inside = [line for line, name in imported(PACKAGE / "rules.py") if name.startswith("pydantic")]
    assert inside
    assert top_level.isdisjoint(inside)


FORBIDDEN_IN_ENGINE = {"print", "open", "input"}
FORBIDDEN_ATTRIBUTES = {"today", "now", "utcnow", "read_text", "read_bytes", "write_text"}


@pytest.mark.parametrize("path", sorted((PACKAGE / "engine").glob("*.py")), ids=lambda p: p.name)
def test_the_engine_never_prints_reads_the_clock_or_touches_files(path: Path) -> None:
    calls = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_IN_ENGINE:
            calls.append(f"line {node.lineno}: {func.id}()")
        if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_ATTRIBUTES:
            calls.append(f"line {node.lineno}: .{func.attr}()")
    imports = [name for _, name in imported(path) if name.split(".")[0] in {"os", "sys", "time"}]
    assert (calls, imports) == ([], [])

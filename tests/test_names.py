"""One name per idea (CONTRIBUTING.md), checked on the source text.

A class or type alias (a CapWords name bound at the top of a module: a class, or an
assignment like ``Share = Annotated[...]``) is defined once in the whole package, so
a reader who meets ``Usage`` or ``Skipped`` knows which one it is.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from tests.conftest import REPO

PACKAGE = REPO / "src" / "tokencost"
CAP_WORDS = re.compile(r"_?[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*")


def type_names(path: Path) -> list[tuple[str, int]]:
    """(name, line) of each class and CapWords alias defined at the top of a module."""
    found = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef):
            found.append((node.name, node.lineno))
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        found += [
            (t.id, node.lineno)
            for t in targets
            if isinstance(t, ast.Name) and CAP_WORDS.fullmatch(t.id)
        ]
    return found


def defined_twice(package: Path = PACKAGE) -> dict[str, list[str]]:
    """Each type name defined more than once, with where."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted(package.rglob("*.py")):
        for name, line in type_names(path):
            where[name].append(f"{path.relative_to(package)}:{line}")
    return {name: places for name, places in where.items() if len(places) > 1}


def test_each_class_and_type_name_is_defined_once() -> None:
    assert defined_twice() == {}


def test_a_second_definition_is_found(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("class Usage:\n    pass\n")
    (tmp_path / "b.py").write_text("from typing import Annotated\n\nUsage = Annotated[int, 0]\n")
    (tmp_path / "c.py").write_text("USAGE = 1\nusage = 2\n")  # constants and names: not types
    assert defined_twice(tmp_path) == {"Usage": ["a.py:1", "b.py:3"]}

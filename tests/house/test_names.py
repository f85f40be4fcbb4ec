"""One name per idea (CONTRIBUTING.md), checked on the source text.

A class or type alias (a CapWords name bound at the top of a module: a class, or an
assignment like ``Share = Annotated[...]``) is defined once in the whole package, so
a reader who meets ``Usage`` or ``Skipped`` knows which one it is.
"""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

from tests.helpers import REPO, Run

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


# -- the pricing dimensions: one name from the flag to the JSON key (docs/glossary.md) ------

GLOSSARY = REPO / "docs" / "glossary.md"


def glossary_rows() -> list[dict[str, list[str]]]:
    """The glossary's table of pricing dimensions, each cell as the names it lists."""
    text = GLOSSARY.read_text()
    table = text.split("<!-- dimensions -->\n")[1].split("<!-- end dimensions -->")[0]
    lines = [line.strip("|").split("|") for line in table.strip().splitlines()]
    header = [cell.strip().replace("`", "") for cell in lines[0]]
    return [
        {name: re.findall(r"`([^`]+)`", cell) for name, cell in zip(header, row, strict=True)}
        for row in lines[2:]
    ]


def names_in(column: str) -> set[str]:
    return {name for row in glossary_rows() for name in row[column]}


def test_the_glossary_names_the_price_fields_of_the_catalogue() -> None:
    from tokencost.catalogue.schema import PRICING_FIELDS

    assert names_in("price fields") == set(PRICING_FIELDS)


def test_the_glossary_names_every_profile_key_and_traffic_field() -> None:
    import dataclasses

    from tokencost.workload.schema import DEPRECATED_KEYS, TRAFFIC_KEYS
    from tokencost.workload.traffic import Traffic

    keys = set(TRAFFIC_KEYS) - set(DEPRECATED_KEYS)
    assert names_in("profile key") == keys == {f.name for f in dataclasses.fields(Traffic)}


def test_the_glossary_names_the_flags_of_compare() -> None:
    import typer

    from tokencost.cli.app import build_app

    command = typer.main.get_command(build_app(["compare"])).commands["compare"]  # type: ignore[attr-defined]
    panel = {
        opt
        for param in command.params
        if getattr(param, "rich_help_panel", None) == "Pricing dimensions"
        and param.name != "breakdown"
        for opt in param.opts
    }
    former = {"--cache-hits"}  # the glossary's former names
    assert names_in("compare flag") == panel - former


def test_the_glossary_names_the_engine_parts() -> None:
    from tokencost.engine.results import PARTS

    assert names_in("engine part") == (set(PARTS) - {"input", "output"}) | {"tier"}


def test_the_glossary_names_keys_of_a_replay_document(run: Run) -> None:
    result = run(
        "replay", str(REPO / "examples" / "logs" / "june.jsonl"), "--as-of", "2026-06-30",
        "--breakdown", "--json",
    )  # fmt: skip
    assert result.code == 0

    def keys(value: object) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    assert names_in("replay JSON") <= keys(json.loads(result.out))


# -- CONTRIBUTING.md is a map: the tests and modules it names exist -------------------------

CONTRIBUTING = REPO / "CONTRIBUTING.md"


def test_contributing_names_tests_that_exist() -> None:
    """Each ``tests/x.py::test_name`` (or ``test_prefix_*``) the house rules cite exists."""
    text = CONTRIBUTING.read_text()
    cited = re.findall(r"`(tests/[\w/]+\.py)::(\w+\*?)`", text)
    cited += re.findall(r"`tests/([\w/]+\.py)::\w+`, `(test_\w+)`", text)
    assert len(cited) >= 15
    missing = []
    for file, name in cited:
        path = REPO / (file if file.startswith("tests/") else f"tests/{file}")
        defined = re.findall(r"^def (test_\w+)", path.read_text(), re.M)
        found = (
            [d for d in defined if d.startswith(name[:-1])]
            if name.endswith("*")
            else ([name] if name in defined else [])
        )
        if not found:
            missing.append(f"{file}::{name}")
    assert missing == []


def test_contributing_maps_every_command_to_modules_that_exist() -> None:
    """The table of commands names every registered command and only modules that exist."""
    from tokencost.cli.app import COMMANDS

    table = [line for line in CONTRIBUTING.read_text().splitlines() if line.startswith("| `")]
    named = {re.findall(r"`([a-z]+)", line)[0] for line in table}
    assert set(COMMANDS) | {"prices"} <= named
    package = REPO / "src" / "tokencost"
    for line in table:
        layer = ""
        for module in re.findall(
            r"`((?:cli|engine|render|catalogue|replay|budgets)/[\w/]*\.?\w*)`|`(\w+\.py)`", line
        ):
            path, bare = module
            if path:
                layer = path.split("/")[0]
                assert (package / path).exists(), path
            else:
                assert (package / layer / bare).exists() or list((package / layer).rglob(bare)), (
                    f"{layer}/{bare}"
                )

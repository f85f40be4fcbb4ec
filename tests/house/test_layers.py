"""The house rules of imports (CONTRIBUTING.md), checked on the source text.

- Imports only go down the layers: a module imports modules of its own part of the
  package or of a part below it (:data:`LEVEL`), never one above; nothing inside the
  package imports the package itself (``tokencost/__init__.py``, the library's front
  door, is the top).
- No import circles anywhere: between parts or within one, lazy imports (inside a
  function) and type-checking ones included.
- Only cli imports typer; only render and cli import rich; only validation.py imports
  pydantic (rules.py inside pydantic's own hooks).
- The engine never prints, reads the clock or touches files.
- An import inside a function is a command's business (``cli``: a command imports what
  it runs when it runs) or one of the costly imports of :data:`LAZY`, each with what
  it costs and when it is needed; everywhere else imports sit at the top of the module.

Every import statement of a module counts, wherever it stands. ``from a.b import c``
is an import of the module ``a.b.c`` when there is one, else of ``a.b`` (its
``__init__``); the parent packages Python runs first are not counted (a package's
``__init__`` importing its own modules is how a facade works).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "src" / "tokencost"

LEVEL = {
    "version": 0,
    "problems": 0,
    "hours": 0,
    "zones": 1,
    "rules": 0,
    "records": 0,
    "atomic": 0,
    "errors": 1,
    "quantities": 2,
    "cache": 2,
    "fetch": 2,
    "projectfile": 2,
    "validation": 3,
    "catalogue": 4,
    "scenarios": 4,
    "workload": 5,
    "budgets": 6,
    "engine": 7,
    "replay": 8,
    "render": 9,
    "api": 10,
    "cli": 10,
    "__main__": 11,
    "tokencost": 11,
}
"""Each part of the package (a top-level module or subpackage; ``tokencost`` is the
package's own ``__init__``) and its level: a module imports modules of its own part, or
of a part of a lower level."""


Import = ast.Import | ast.ImportFrom


@functools.cache
def statements(text: str) -> tuple[list[Import], set[int]]:
    """Every import statement of a module's text at any depth (in ``ast.walk``'s order),
    and the ``id`` of those inside a function: the text parsed and walked once for all
    the checks, which only read them (they walked every module's tree a dozen times)."""
    tree = ast.parse(text)
    found = [node for node in ast.walk(tree) if isinstance(node, Import)]
    inside = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, Import)
    }
    return found, inside


def sources(package: Path = PACKAGE) -> dict[str, str]:
    """Every module of the package by dotted name (a package by its own name), with its text."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path.read_text()
    return found


def imports(name: str, text: str, known: Mapping[str, str]) -> Iterator[tuple[int, str]]:
    """(line, module) of every tokencost module ``name``'s text imports, at any depth."""
    here = name.split(".") if _is_package(name, known) else name.split(".")[:-1]
    for node in statements(text)[0]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "tokencost":
                    yield node.lineno, _existing(alias.name, known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                stem = here[: len(here) - node.level + 1]
                base = ".".join([*stem, *([node.module] if node.module else [])])
            if base.split(".")[0] != "tokencost":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield node.lineno, submodule if submodule in known else _existing(base, known)


def _is_package(name: str, known: Mapping[str, str]) -> bool:
    return any(other.startswith(name + ".") for other in known)


def _existing(name: str, known: Mapping[str, str]) -> str:
    """The longest prefix of ``name`` that is a module (``a.b.C`` -> ``a.b``)."""
    while name not in known and "." in name:
        name = name.rpartition(".")[0]
    return name


def graph(found: Mapping[str, str]) -> dict[str, set[str]]:
    """Module -> the modules it imports (itself left out)."""
    return {
        name: {target for _, target in imports(name, text, found) if target != name}
        for name, text in found.items()
    }


def circles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """One circle (``a -> b -> a``) per group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [_path_round(group, edges) for group in groups]


def _path_round(group: set[str], edges: Mapping[str, set[str]]) -> list[str]:
    """The shortest way from the group's first module back to itself, within the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(edges[node] & group):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no way round {sorted(group)}")  # cannot happen in a component


def part(name: str) -> str:
    """``tokencost.engine.cost`` -> ``engine``; the package itself is ``tokencost``."""
    pieces = name.split(".")
    return pieces[1] if len(pieces) > 1 else pieces[0]


def upward(found: Mapping[str, str]) -> list[str]:
    """``module:line -> module`` for every import of a part above the importer's level."""
    return [
        f"{name}:{line} -> {target}"
        for name, text in found.items()
        for line, target in imports(name, text, found)
        if part(target) != part(name) and LEVEL[part(target)] >= LEVEL[part(name)]
    ]


def test_every_part_of_the_package_has_a_level() -> None:
    assert {part(name) for name in sources()} == set(LEVEL)


def test_imports_only_go_down() -> None:
    assert upward(sources()) == []


def test_no_import_circles_anywhere() -> None:
    assert [" -> ".join(circle) for circle in circles(graph(sources()))] == []


def test_a_circle_is_found_through_a_lazy_import_within_a_layer() -> None:
    """The check itself: a lazy import that closes a circle inside the engine is caught."""
    found = sources()
    found["tokencost.engine.cost"] += (
        "\n\ndef _circle() -> None:\n    from tokencost.engine.pricing import compare\n"
    )
    assert [" -> ".join(c) for c in circles(graph(found))] == [
        "tokencost.engine.cost -> tokencost.engine.pricing -> tokencost.engine.cost"
    ]


def test_a_circle_through_a_package_facade_is_found() -> None:
    """``from tokencost.engine import X`` imports the engine's __init__, which imports
    the engine's modules: a module it imports that does so closes a circle."""
    found = sources()
    found["tokencost.engine.cost"] += "\n\nif False:\n    from tokencost.engine import compare\n"
    assert [" -> ".join(c) for c in circles(graph(found))] == [
        "tokencost.engine -> tokencost.engine.cost -> tokencost.engine"
    ]


def test_an_import_that_runs_up_is_found() -> None:
    found = sources()
    found["tokencost.cache"] += "\n\ndef _up() -> None:\n    from tokencost import __version__\n"
    found["tokencost.catalogue.index"] += "\nfrom tokencost.render import formatting\n"
    lines = {name: text.count("\n") for name, text in found.items()}
    assert upward(found) == [
        f"tokencost.cache:{lines['tokencost.cache']} -> tokencost",
        f"tokencost.catalogue.index:{lines['tokencost.catalogue.index']} -> "
        "tokencost.render.formatting",
    ]


LAZY = {
    "pydantic": "~70 ms with its schema building: validating a file (a cache miss)",
    "pydantic_core": "pydantic's core, in the hooks of rules.py",
    "tokencost.validation": "imports pydantic: validating a file (a cache miss)",
    "tokencost.catalogue.crossfile": "the rules across catalogue files: a cache miss (5 ms)",
    "tokencost.catalogue.merge": "laying overlays over a catalogue (~7 ms): a miss with overlays",
    "tokencost.problems": "a Problem class to build (~2 ms): a cache miss",
    "tokencost.workload.schema": "a profile's file classes (~7 ms with the what-ifs'): a miss",
    "tokencost.budgets.schema": "a budget file's classes: a cache miss",
    "tokencost.engine.dimensions": "rate and usage classes (~15 ms): a workload that uses them",
    "tokencost.render.chart": "the chart classes (~18 ms): --chart and --svg only",
    "tokencost.replay.fast": "imports msgspec, the optional fast reader",
    "tokencost.replay.fast_claude": "imports msgspec: the fast reader of Claude Code transcripts",
    "msgspec": "optional (the fast extra): looked for when a log is read",
    "sqlglot": "optional (the sql extra), ~0.8 s: writing the billing query (replay --sql)",
    "pyarrow.parquet": "optional (the parquet extra), ~0.5 s: reading a Parquet log",
    "rich": "~30 ms: drawing on a terminal or an SVG only",
    "tempfile": "~9 ms: writing a cache entry (a miss) only",
    "hashlib": "~7 ms (it loads OpenSSL): a catalogue's sha256 digest, when it is built (a miss)",
    "tomllib": "~3 ms: a project file that may name catalogue layers (a cached run has none)",
    "fcntl": "POSIX only: where a folder is locked",
    "fractions": "~2 ms: a profile that gives its input and output tokens",
    "zoneinfo": "~20 ms with its tz database: an off-peak window in a time zone only",
}
"""What a module may import inside a function, outside cli, and why (costs: CPU time of the
import on the shared 2-core development machine under load, where a frozen dataclass
costs about a millisecond to build)."""


def lazy_imports(found: Mapping[str, str]) -> list[str]:
    """``module:line -> target`` of each import inside a function of a module outside cli
    whose target is not one of :data:`LAZY`."""
    wrong = []
    for name, text in found.items():
        if part(name) in {"cli", "__main__"}:
            continue
        nodes, inside = statements(text)
        for node in nodes:
            if id(node) not in inside:
                continue
            targets = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [t for line, t in imports(name, ast.unparse(node), found)]
                or [node.module or ""]
            )
            wrong += [
                f"{name}:{node.lineno} -> {target}"
                for target in targets
                if not any(target == ok or target.startswith(ok + ".") for ok in LAZY)
            ]
    return sorted(set(wrong))


def test_imports_inside_functions_are_commands_or_costly_ones() -> None:
    assert lazy_imports(sources()) == []


def test_a_needless_import_inside_a_function_is_found() -> None:
    found = sources()
    found["tokencost.render.grid"] += (
        "\n\ndef _late() -> None:\n    from tokencost.render import formatting\n"
    )
    assert lazy_imports(found) == [
        f"tokencost.render.grid:{found['tokencost.render.grid'].count(chr(10))} -> "
        "tokencost.render.formatting"
    ]


ONLY_IN = {
    "urllib": {"fetch"},
    "http": {"fetch"},
    "typer": {"cli"},
    "rich": {"render", "cli"},
    "pydantic": {"validation", "rules"},
    "pydantic_core": {"validation", "rules"},
}


def imported_names(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every absolute import in the file, at any depth (lazy ones too)."""
    for node in statements(path.read_text())[0]:
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module


def file_part(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


@pytest.mark.parametrize("library", sorted(ONLY_IN))
def test_heavy_libraries_stay_in_their_layer(library: str) -> None:
    found = {
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        for line, name in imported_names(path)
        if name.split(".")[0] == library and file_part(path) not in ONLY_IN[library]
    }
    assert found == set()


def test_only_prices_update_imports_the_network_code() -> None:
    """The one command that may use the network imports fetch, inside its function."""
    found = {
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        for line, name in imported_names(path)
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
    inside = [
        line for line, name in imported_names(PACKAGE / "rules.py") if name.startswith("pydantic")
    ]
    assert inside
    assert top_level.isdisjoint(inside)


FORBIDDEN_IN_ENGINE = {"print", "open", "input"}
FORBIDDEN_ATTRIBUTES = {"today", "now", "utcnow", "read_text", "read_bytes", "write_text"}


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "engine").rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
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
    imports_ = [
        name for _, name in imported_names(path) if name.split(".")[0] in {"os", "sys", "time"}
    ]
    assert (calls, imports_) == ([], [])

"""The test suite laid out by command and concept: move each test file to its folder.

    python -m tests.layout            # move (git mv) and rewrite what names the files
    python -m tests.layout --dry-run  # say what it would do, change nothing

From the repository's root, in a git checkout. Each file of :data:`MOVES` that is still
at its old path is moved with ``git mv`` (its history follows it); each new folder gets
an empty ``__init__.py`` (so two ``test_cli.py`` are two modules). Then, in every file
git tracks, a path or module name of a moved file (``tests/test_check_cli.py``,
``tests.test_check_cli``) becomes the new one, and ``from tests.conftest import`` in a
test file becomes ``from tests.helpers import`` (tests/test_suite.py's rule).

Running it twice changes nothing the second time. A test file it has no place for is
listed and left where it is, and the run exits 1: give it a place in :data:`MOVES`
and run it again. Shared modules (helpers, conftest, the runners) stay in tests/.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

MOVES: dict[str, str] = {
    # the house rules: layers, names, every command's contract, the real process, files
    "test_layers.py": "house/test_layers.py",
    "test_names.py": "house/test_names.py",
    "test_suite.py": "house/test_suite.py",
    "test_cli_contract.py": "house/test_contract.py",
    "test_json_schemas.py": "house/test_json_schemas.py",
    "test_process.py": "house/test_process.py",
    "test_files.py": "house/test_files.py",
    "test_cache.py": "house/test_cache.py",
    "test_hostile_names.py": "house/test_hostile_names.py",
    "test_terminal_width.py": "house/test_terminal_width.py",
    # the manual: its console examples and generated references, the site
    "test_readme.py": "docs/test_examples.py",
    "test_docs.py": "docs/test_site.py",
    # the library's front door
    "test_library.py": "library/test_api.py",
    # the catalogue: files, sources, the shipped market, names, overlays
    "test_catalogue.py": "catalogue/test_load.py",
    "test_catalogue_sources.py": "catalogue/test_sources.py",
    "test_market.py": "catalogue/test_market.py",
    "test_model_names.py": "catalogue/test_model_names.py",
    "test_overlays.py": "catalogue/test_overlays.py",
    "test_crosscheck.py": "catalogue/test_crosscheck.py",
    # workloads: profiles, what-ifs, quantities
    "test_workload.py": "workload/test_profiles.py",
    "test_scenarios.py": "workload/test_scenarios.py",
    "test_quantities.py": "workload/test_quantities.py",
    "test_quantity_grammar.py": "workload/test_quantity_grammar.py",
    # budget files
    "test_budget.py": "budgets/test_files.py",
    "test_budget_file.py": "budgets/test_pinned.py",
    "test_budget_root.py": "budgets/test_root.py",
    # the engine: figures and laws
    "test_engine.py": "engine/test_compare.py",
    "test_decisions.py": "engine/test_decisions.py",
    "test_engine_budget.py": "engine/test_budgets.py",
    "test_dimensions_worked.py": "engine/test_dimensions_worked.py",
    "test_dimensions_laws.py": "engine/test_dimensions_laws.py",
    "test_batch_off_peak.py": "engine/test_batch_off_peak.py",
    "test_windows.py": "engine/test_windows.py",
    # the faces: tables, charts, SVG and HTML as people see them
    "test_render.py": "render/test_render.py",
    "test_chart.py": "render/test_chart.py",
    "test_svg.py": "render/test_svg.py",
    "test_pictures.py": "render/test_pictures.py",
    "test_report.py": "render/test_report.py",
    # the commands
    "test_cli.py": "commands/compare/test_cli.py",
    "test_dimensions_cli.py": "commands/compare/test_dimensions.py",
    "test_cli_decisions.py": "commands/compare/test_decisions.py",
    "test_select.py": "commands/compare/test_select.py",
    "test_check_cli.py": "commands/check/test_cli.py",
    "test_junit.py": "commands/check/test_junit.py",
    "test_action.py": "commands/check/test_action.py",
    "test_workflow.py": "commands/check/test_workflow.py",
    "test_gitlab.py": "commands/check/test_gitlab.py",
    "test_precommit.py": "commands/check/test_precommit.py",
    "test_diff_cli.py": "commands/diff/test_cli.py",
    "test_prices_cli.py": "commands/prices/test_cli.py",
    "test_prices_set.py": "commands/prices/test_set.py",
    "test_prices_import.py": "commands/prices/test_import.py",
    "test_prices_export.py": "commands/prices/test_export.py",
    "test_prices_update.py": "commands/prices/test_update.py",
    "test_replay_cli.py": "commands/replay/test_cli.py",
    "test_replay_process.py": "commands/replay/test_process.py",
    "test_replay_formats.py": "commands/replay/test_formats.py",
    "test_replay_workers.py": "commands/replay/test_workers.py",
    "test_replay_claude.py": "commands/replay/test_claude.py",
    "test_replay_dimensions.py": "commands/replay/test_dimensions.py",
    "test_replay_normalise.py": "commands/replay/test_normalise.py",
    "test_replay_rules.py": "commands/replay/test_rules.py",
    "test_replay_scan.py": "commands/replay/test_scan.py",
    "test_replay_parquet.py": "commands/replay/test_parquet.py",
    "test_replay_sql.py": "commands/replay/test_sql.py",
    "test_replay_spark.py": "commands/replay/test_spark.py",
    "test_generate_rows.py": "commands/replay/test_generate_rows.py",
}
"""Old name in tests/ -> new path under tests/."""

TEXT = {".py", ".md", ".toml", ".yml", ".yaml", ".txt", ".cfg", ".ini", ""}
"""Suffixes of the tracked files whose references are rewritten ("": .ci/run)."""


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    return done.stdout


def move(dry_run: bool) -> list[tuple[str, str]]:
    """``git mv`` each file still at its old place; the (old, new) paths moved."""
    moved = []
    for old, new in MOVES.items():
        source, target = REPO / "tests" / old, REPO / "tests" / new
        if not source.exists() or target.exists():
            continue
        moved.append((f"tests/{old}", f"tests/{new}"))
        if dry_run:
            continue
        folder = target.parent
        while folder != REPO / "tests":
            init = folder / "__init__.py"
            if not init.exists():
                folder.mkdir(parents=True, exist_ok=True)
                init.touch()
                git("add", str(init.relative_to(REPO)))
            folder = folder.parent
        git("mv", f"tests/{old}", f"tests/{new}")
    return moved


def references(planned: set[str]) -> list[tuple[re.Pattern[str], str]]:
    """Each known file's old path and module name, with what replaces it: every file of
    :data:`MOVES` at its new place (so a second run still fixes a late reference) or
    ``planned`` to move there."""
    found = []
    for old, new in MOVES.items():
        if not (REPO / "tests" / new).exists() and f"tests/{old}" not in planned:
            continue
        old_module, new_module = old.removesuffix(".py"), new.removesuffix(".py")
        found.append((re.compile(rf"\btests/{re.escape(old)}"), f"tests/{new}"))
        found.append(
            (
                re.compile(rf"\btests\.{old_module}\b(?!\.py)"),
                "tests." + new_module.replace("/", "."),
            )
        )
    return found


CONFTEST_IMPORT = re.compile(r"^(\s*)from tests\.conftest import ", re.M)


def rewrite(dry_run: bool, planned: set[str]) -> list[str]:
    """Rewrite references in every tracked text file; the files changed."""
    patterns = references(planned)
    changed = []
    for name in git("ls-files").splitlines():
        path = REPO / name
        if path.suffix not in TEXT or not path.is_file() or name == "tests/layout.py":
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        new = text
        for pattern, replacement in patterns:
            new = pattern.sub(replacement, new)
        if name.startswith("tests/") and path.name != "conftest.py":
            new = CONFTEST_IMPORT.sub(r"\1from tests.helpers import ", new)
        if new != text:
            changed.append(name)
            if not dry_run:
                path.write_text(new)
    return changed


def unplaced() -> list[str]:
    """Test files still directly in tests/: ones :data:`MOVES` has no place for."""
    return sorted(f"tests/{p.name}" for p in (REPO / "tests").glob("test_*.py"))


def main(argv: list[str]) -> int:
    dry_run = argv == ["--dry-run"]
    if argv and not dry_run:
        print("usage: python -m tests.layout [--dry-run]", file=sys.stderr)
        return 2
    moved = move(dry_run)
    for old, new in moved:
        print(f"{'would move' if dry_run else 'moved'} {old} -> {new}")
    for name in rewrite(dry_run, {old for old, _ in moved}):
        print(f"{'would rewrite' if dry_run else 'rewrote'} references in {name}")
    left = [name for name in unplaced() if name not in {old for old, _ in moved}]
    if left:
        print("no place in tests/layout.py:MOVES for (left where they are):", file=sys.stderr)
        for name in left:
            print(f"  {name}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""What every command promises, walked over every registered command (cli/app.py).

Each command and sub-command has an ``Example: tokencost ...`` line in its --help;
each JSON document starts with the envelope (schema, currency, catalogue version and
digest, as_of); each error is one ``error: ...`` line on stderr with exit code 2 and
nothing on stdout. A new command fails here until it keeps these promises.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup

from tests.helpers import REPO, Run, invoke
from tokencost.catalogue import load_catalogue
from tokencost.cli.app import COMMANDS, GROUPS, HELP, build_app

EXAMPLES = REPO / "examples"
JUNE = "2026-06-15"


@functools.cache
def _app() -> TyperGroup:
    """The click app of the registry (built once: only read here)."""
    app = typer.main.get_command(build_app())
    assert isinstance(app, TyperGroup)
    return app


def _command(path: tuple[str, ...]) -> TyperGroup | TyperCommand:
    command: TyperGroup | TyperCommand = _app()
    for name in path:
        assert isinstance(command, TyperGroup)
        found = command.commands[name]
        assert isinstance(found, TyperGroup | TyperCommand)
        command = found
    return command


def command_paths() -> list[tuple[str, ...]]:
    """Every runnable command: those of COMMANDS and the sub-commands of each group."""
    app = _app()
    paths: list[tuple[str, ...]] = [(name,) for name in COMMANDS]
    for group in GROUPS:
        sub = app.commands[group]
        assert isinstance(sub, TyperGroup)
        paths += [(group, name) for name in sub.commands]
    return paths


PATHS = command_paths()
IDS = [" ".join(path) for path in PATHS]


def test_every_command_of_the_registry_is_walked() -> None:
    assert set(_app().commands) == set(COMMANDS) | set(GROUPS)
    assert ("prices", "schema") in PATHS
    assert len(PATHS) == len(COMMANDS) + 11  # the prices sub-commands


# -- help: an example on every page ---------------------------------------------------------


@functools.cache
def _help(path: tuple[str, ...]) -> str:
    """``tokencost PATH --help`` 300 columns wide (no line of it wrapped), run once a
    command: the tests of its help only read it."""
    result = invoke(*path, "--help", env={"COLUMNS": "300"})
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_help_ends_with_an_example(path: tuple[str, ...]) -> None:
    command = _command(path)
    last = (command.help or "").strip().splitlines()[-1]
    assert last.startswith(f"Example: tokencost {' '.join(path)} "), last
    assert f"Example: tokencost {' '.join(path)} " in " ".join(_help(path).split())


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_group_and_the_root_help_have_an_example(run: Run, group: str) -> None:
    assert HELP.splitlines()[-1].startswith("Example: tokencost ")
    root = run("--help")
    assert (root.code, root.err) == (0, "")
    assert "Example: tokencost compare " in " ".join(root.out.split())
    help_text = _command((group,)).help or ""
    assert help_text.strip().splitlines()[-1].startswith(f"Example: tokencost {group} ")
    result = run(group, "--help")
    assert (result.code, result.err) == (0, "")
    assert f"Example: tokencost {group} " in " ".join(result.out.split())


# -- JSON: one envelope -----------------------------------------------------------------------


def _json_runs(tmp: Path, article: Path) -> dict[tuple[str, ...], tuple[list[str], str | None]]:
    """Per command with --json: arguments that produce its document, and the as_of expected
    (None: a document tied to no date's prices). The commands read the ``article``
    catalogue (the article's models, every real entry of theirs), not the whole market:
    the envelope and the formats are the same at any size, and the whole market's
    documents are held to their schemas in test_json_schemas.py; ``prices set`` edits
    a copy of it."""
    copy = tmp / "prices"
    shutil.copytree(article, copy)
    chat = str(EXAMPLES / "workloads" / "chat-assistant.toml")
    on = ["--catalogue", str(article)]
    return {
        ("compare",): (["--as-of", JUNE, *on], JUNE),
        ("models",): (["--as-of", JUNE, *on], JUNE),
        ("check",): ([str(EXAMPLES / "ci" / "tokencost.toml"), "--as-of", JUNE, *on], JUNE),
        ("diff",): (
            [chat, str(EXAMPLES / "ci" / "chat-assistant-pr.toml"), "--as-of", JUNE, *on],
            JUNE,
        ),
        ("gap",): (["gpt-5.5", "deepseek-v4-pro", "--as-of", JUNE, *on], JUNE),
        ("route",): (["claude-opus-4.8", "deepseek-v4-pro", "--as-of", JUNE, *on], JUNE),
        ("project",): (["--months", "2", "--as-of", JUNE, *on], JUNE),
        ("selfhost",): (
            [
                "--gpu-hourly",
                "3.5",
                "--gpus",
                "8",
                "--tokens-per-second",
                "2500",
                "--utilization",
                "60%",
                "--as-of",
                JUNE,
                *on,
            ],
            JUNE,
        ),
        ("replay",): (
            [str(EXAMPLES / "logs" / "june.jsonl"), "--as-of", "2026-06-30", *on],
            "2026-06-30",
        ),
        ("prices", "list"): (["--as-of", JUNE, *on], JUNE),
        ("prices", "show"): (["gpt-5.5", "--as-of", JUNE, *on], JUNE),
        ("prices", "history"): (["gpt-5.5", "--as-of", JUNE, *on], JUNE),
        ("prices", "diff"): (["--from", "2026-04-15", "--to", JUNE, *on], JUNE),
        ("prices", "check"): (["--as-of", JUNE, "--tolerance", "5000%", *on], JUNE),
        ("prices", "validate"): ([str(article)], None),
        ("prices", "set"): (
            [
                "gpt-5.5",
                "--input",
                "4",
                "--output",
                "24",
                "--effective",
                "2026-12-01",
                "--source",
                "list",
                "--catalogue",
                str(copy),
            ],
            None,
        ),
        ("prices", "import"): (
            [
                "--from",
                "litellm",
                str(EXAMPLES / "prices" / "litellm-excerpt.json"),
                "--effective",
                "2025-09-05",
                "--into",
                str(tmp / "imported"),
            ],
            None,
        ),
        ("prices", "update"): (
            [
                str(EXAMPLES / "prices" / "genai-prices-excerpt.json"),
                "--effective",
                "2026-08-21",
                "--into",
                str(tmp / "update"),
                *on,
            ],
            None,
        ),
    }


def _has_json_flag(path: tuple[str, ...]) -> bool:
    return any("--json" in getattr(p, "opts", ()) for p in _command(path).params)


def test_every_command_with_json_is_in_the_envelope_table(
    tmp_path: Path, article_prices: Path
) -> None:
    with_json = {path for path in PATHS if _has_json_flag(path)}
    assert with_json == set(_json_runs(tmp_path, article_prices))
    # the two without --json: export takes --format json (below); schema writes the JSON
    # Schema itself, not a document about prices (README: The prices commands)
    assert set(PATHS) - with_json == {("prices", "export"), ("prices", "schema")}


def _assert_envelope(doc: dict[str, object], as_of: str | None) -> None:
    assert next(iter(doc)) == "schema"
    schema = doc["schema"]
    assert isinstance(schema, str) and schema.startswith("tokencost.") and schema.endswith("/1")
    assert doc["currency"] == "USD"
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert {"version", "digest"} <= set(catalogue)
    assert doc["as_of"] == as_of


@pytest.mark.parametrize(
    "path", [p for p in PATHS if p not in (("prices", "export"), ("prices", "schema"))], ids=str
)
def test_every_json_document_starts_with_the_envelope(
    run: Run, tmp_path: Path, article_prices: Path, path: tuple[str, ...]
) -> None:
    args, as_of = _json_runs(tmp_path, article_prices)[path]
    result = run(*path, *args, "--json")
    assert result.code in (0, 1), result.err
    doc = json.loads(result.out)
    _assert_envelope(doc, as_of)
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    if path not in (("prices", "set"), ("prices", "import"), ("prices", "update")):  # new data
        assert catalogue["digest"] == load_catalogue(article_prices).digest


def test_export_and_schema_documents(run: Run, article_prices: Path) -> None:
    on = ("--catalogue", str(article_prices))
    export = json.loads(run("prices", "export", "--format", "json", "--as-of", JUNE, *on).out)
    _assert_envelope(export, JUNE)
    assert json.loads(run("prices", "export", "--format", "json", *on).out)["as_of"] is None
    schema = json.loads(run("prices", "schema").out)
    assert (schema["$comment"], "schema" in schema) == ("tokencost.catalogue-file/1", False)


def test_an_invalid_catalogue_still_has_the_envelope_keys(run: Run, tiny: Path) -> None:
    (tiny / "acme.toml").write_text("provider = 1\n")
    result = run("prices", "validate", str(tiny), "--json")
    assert result.code == 2
    doc = json.loads(result.out)
    assert (doc["currency"], doc["catalogue"]["digest"], doc["as_of"]) == (None, None, None)


# -- errors: one line, exit code 2, nothing on stdout ---------------------------------------

UNKNOWN_MODEL = "unknown model 'nosuch' (tokencost models lists them)"  # thousands: not listed
BAD_INPUT = {
    ("compare",): (
        ["--tokens-per-day", "lots"],
        "--tokens-per-day: 'lots' is not a number; use e.g. 10M, 1.5B, 250k, 1e7 or 10_000_000",
    ),
    ("models",): (
        ["--as-of", "2026-13-01"],
        "--as-of: '2026-13-01' is not a date; use YYYY-MM-DD, e.g. 2026-06-01",
    ),
    ("check",): (["/nonexistent.toml"], "/nonexistent.toml: no such budget file"),
    ("diff",): (
        ["/nonexistent-a.toml", "/nonexistent-b.toml"],
        "/nonexistent-a.toml: cannot read: No such file or directory",
    ),
    ("gap",): (["gpt-5.5", "nosuch"], UNKNOWN_MODEL),
    ("route",): (["gpt-5.5", "gpt-5.5"], "route: give two different models, not gpt-5.5 twice"),
    ("project",): (
        ["--growth", "-100%"],
        "--growth: -100% must be more than -100% (e.g. 8%, -5% or 0.08)",
    ),
    ("selfhost",): (
        ["--gpus", "8"],
        "selfhost needs --gpu-hourly, --tokens-per-second, --utilization (or a [selfhost] "
        "table in the profile); tokencost has no GPU prices or throughputs of its own, e.g. "
        "--gpu-hourly 3.50 --gpus 8 --tokens-per-second 2500 --utilization 60%",
    ),
    ("replay",): (
        ["/nonexistent.jsonl"],
        "/nonexistent.jsonl: cannot read: No such file or directory",
    ),
    ("prices", "list"): (
        ["--sources", "nosuch"],
        "unknown source 'nosuch'; this catalogue has: article, list, genai-prices, litellm",
    ),
    ("prices", "show"): (["nosuch"], UNKNOWN_MODEL),
    ("prices", "history"): (["nosuch"], UNKNOWN_MODEL),
    ("prices", "diff"): (
        [str(REPO / "prices")],
        "prices diff: give two catalogue folders (OLD NEW) or none",
    ),
    ("prices", "check"): (
        ["--tolerance", "-1"],
        "--tolerance: -1 is negative; give 0 or more (e.g. 5% or 0.05)",
    ),
    ("prices", "validate"): (
        ["/nonexistent"],
        "catalogue not found: /nonexistent is not a folder; point --catalogue or "
        "TOKENCOST_CATALOGUE at a folder holding manifest.toml (a catalogue) or overlay.toml "
        "(an overlay)",
    ),
    ("prices", "set"): (
        [
            "nosuch",
            "--input",
            "1",
            "--output",
            "2",
            "--effective",
            "2026-01-01",
            "--source",
            "list",
            "--catalogue",
            str(REPO / "prices"),  # the whole market: too many models to list them
        ],
        "unknown model 'nosuch'; to add a new model, give --provider (and --name)",
    ),
    ("prices", "import"): (
        [
            "--from",
            "litellm",
            "/nonexistent.json",
            "--effective",
            "2026-01-01",
            "--into",
            "/nonexistent-folder/x",
        ],
        "/nonexistent.json: cannot read: No such file or directory",
    ),
    ("prices", "update"): (
        ["/nonexistent.json"],
        "/nonexistent.json: cannot read: No such file or directory",
    ),
    ("prices", "export"): (
        ["--format", "json", "--as-of", "2026-02-30"],
        "--as-of: '2026-02-30' is not a date; use YYYY-MM-DD, e.g. 2026-06-01",
    ),
    ("prices", "schema"): (
        ["extra"],
        "Got unexpected extra argument(s) (extra) (see 'tokencost prices schema --help')",
    ),
}


@pytest.mark.parametrize("flag", ["--from", "--to"])
def test_a_bad_date_names_its_own_flag(run: Run, flag: str) -> None:
    result = run("prices", "diff", flag, "2026-13-01")
    message = f"error: {flag}: '2026-13-01' is not a date; use YYYY-MM-DD, e.g. 2026-06-01\n"
    assert (result.code, result.out, result.err) == (2, "", message)


def test_every_command_has_a_bad_input_case() -> None:
    assert set(BAD_INPUT) == set(PATHS)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_bad_input_is_one_line_and_exit_code_2(run: Run, path: tuple[str, ...]) -> None:
    args, message = BAD_INPUT[path]
    result = run(*path, *args)
    assert (result.code, result.out, result.err) == (2, "", f"error: {message}\n")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_an_unknown_flag_is_one_line_and_exit_code_2(run: Run, path: tuple[str, ...]) -> None:
    result = run(*path, "--no-such-flag")
    where = f"tokencost {' '.join(path)}"
    expected = f"error: No such option: --no-such-flag (see '{where} --help')\n"
    assert (result.code, result.out, result.err) == (2, "", expected)


# -- help: what it offers, as written ---------------------------------------------------------


def _format_choices(path: tuple[str, ...]) -> list[str]:
    for param in _command(path).params:
        if "--format" in getattr(param, "opts", ()):
            return list(getattr(param.type, "choices", ()))
    return []


FORMAT_CASES = [(p, f) for p in PATHS if p != ("prices", "export") for f in _format_choices(p)]


@pytest.mark.parametrize(
    ("path", "fmt"), FORMAT_CASES, ids=[f"{' '.join(p)}-{f}" for p, f in FORMAT_CASES]
)
def test_help_offered_format_csv_the_command_refused(
    run: Run,
    tmp_path: Path,
    article_prices: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: tuple[str, ...],
    fmt: str,
) -> None:
    """Nine commands offered ``--format csv`` in their help and then refused it."""
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    args, _ = _json_runs(tmp_path, article_prices)[path]
    result = run(*path, *args, "--format", fmt)
    assert result.code in (0, 1), result.err
    assert result.out


BRACKETED = re.compile(r"\[\[?[a-z_]+\]\]?")


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_help_lost_mix_projection_selfhost_to_rich_markup(path: tuple[str, ...]) -> None:
    """``[[mix]]``, ``[projection]`` and ``[selfhost]`` vanished from the help (rich markup)."""
    command = _command(path)
    texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
    named = {m for text in texts for m in BRACKETED.findall(text)}
    shown = _help(path)
    assert [name for name in sorted(named) if name not in shown] == []


def test_help_names_the_profile_tables() -> None:
    assert "[[mix]]" in _help(("compare",))
    assert "[projection]" in _help(("compare",))
    assert "[selfhost]" in _help(("selfhost",))

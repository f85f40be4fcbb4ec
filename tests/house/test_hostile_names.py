"""The hostile-names corpus (tests/hostile.py) through every command and format.

Names from profiles, budgets, price files and logs were drawn as rich markup or sent
as raw escape codes, and written raw into CSV cells a spreadsheet runs and into
markdown a PR comment renders. Whatever a name holds, each format shows it as text:

- table, CSV and SQL, piped (a file, a pipe, a CI log) or on a real terminal alike:
  no control character but the line feed, markup shown literally;
- markdown and the GitHub job summary: no control character, no live HTML, emphasis,
  link, mention or issue link;
- CSV: no cell a spreadsheet would run (OWASP: the cell is prefixed with ``'``);
- SQL: no raw control character in a statement but the line feed and the tab;
- JSON: the names exact, no raw C1 or bidirectional character in the text;
- GitHub annotations: one line each, no forged ``::`` command;
- JUnit XML: well formed, no control character.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from tests.helpers import Run
from tests.hostile import MODELS, NAMES, RAW, HostileFiles, check_output, hostile_files
from tests.terminal import STYLE, here_on_terminal


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileFiles:
    """The hostile files, written once for the module: the commands only read them (and
    the catalogue is validated once, not once a test)."""
    return hostile_files(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def files(hostile: HostileFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> HostileFiles:
    """The hostile files as the commands' inputs, run from the test's own folder."""
    found = hostile
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(found.catalogue))
    monkeypatch.setenv("TOKENCOST_TODAY", "2026-06-15")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.chdir(tmp_path)
    return found


def commands(f: HostileFiles) -> dict[str, list[str]]:
    """Every command, with the hostile files as its inputs."""
    profile, budget = str(f.profile), str(f.budget)
    return {
        "compare": ["compare", profile, "--mix", f"{NAMES['at']}={MODELS[3]}:50%,{MODELS[4]}:50%"],
        "compare breakdown": ["compare", profile, "--breakdown", "--cache-hits", "50%"],
        "models": ["models"],
        "gap": ["gap", MODELS[0], MODELS[5], "--source", "book,list"],
        "route": ["route", MODELS[6], MODELS[7], profile],
        "project": ["project", profile],
        "selfhost": ["selfhost", profile],
        "replay": ["replay", str(f.log), "--jobs", "1", "--models", ",".join(MODELS[:3])],
        "replay by model": ["replay", str(f.log), "--jobs", "1", "--by", "model"],
        "replay csv log": ["replay", str(f.csv_log), "--jobs", "1", "--model", MODELS[1]],
        "check": ["check", budget],
        "diff": ["diff", budget, budget],
        "prices list": ["prices", "list"],
        "prices show": ["prices", "show", MODELS[8]],
        "prices history": ["prices", "history", MODELS[9]],
        "prices check": ["prices", "check"],
        "prices diff": ["prices", "diff", "--source", "book", "--to-source", "list"],
        "prices export": ["prices", "export"],
        "prices validate": ["prices", "validate"],
    }


FORMATS = {
    "compare": ("table", "json", "csv", "markdown"),
    "models": ("table", "json", "markdown"),
    "check": ("table", "json", "markdown", "github", "junit"),
    "diff": ("table", "json", "markdown", "github", "junit"),
    "prices": ("table", "json", "markdown"),
    "prices export": ("csv", "json", "sql"),
}


def formats(name: str) -> tuple[str, ...]:
    """The formats ``name`` offers (its --format choices)."""
    first = name.split()[0]
    if name in FORMATS:
        return FORMATS[name]
    if first == "prices":
        return FORMATS["prices"]
    return FORMATS.get(first, FORMATS["compare"])


def cases() -> list[tuple[str, str]]:
    dummy = HostileFiles(*(Path(p) for p in ("c", "p", "b", "l", "v")))
    return [(name, fmt) for name in commands(dummy) for fmt in formats(name)]


@pytest.mark.parametrize(("name", "fmt"), cases())
def test_hostile_names_are_drawn_as_text(
    run: Run, files: HostileFiles, name: str, fmt: str
) -> None:
    args = commands(files)[name]
    result = run(*args, "--format", fmt)
    assert result.code in (0, 1), result.err  # check's budgets are over: exit 1
    assert RAW.search(result.err) is None
    assert all(line.startswith("warning: ") for line in result.err.splitlines())
    check_output(fmt, result.out)
    if fmt == "github":
        check_output("markdown", Path("summary.md").read_text(encoding="utf-8"))


@pytest.mark.usefixtures("files")
def test_hostile_names_survive_json_exactly(run: Run) -> None:
    document = json.loads(run("models", "--json").out)
    names = {model["id"]: model["name"] for model in document["models"]}
    assert names == {f"m-{key}": name for key, name in NAMES.items()}


@pytest.mark.usefixtures("files")
def test_csv_cells_a_spreadsheet_would_run_are_prefixed(run: Run) -> None:
    """Price notes in ``prices export --format csv`` were written raw for a spreadsheet."""
    rows = list(csv.DictReader(io.StringIO(run("prices", "export", "--format", "csv").out)))
    notes = {row["note"] for row in rows}
    assert "'" + NAMES["formula"] in notes
    assert "'" + NAMES["plus"] in notes
    assert "'" + NAMES["at"] in notes
    assert "'\\x09=1+1" in notes  # the tab escaped too, as in every text face
    assert NAMES["markup"] in notes  # nothing a spreadsheet runs: left as it is


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("name", ["compare", "check", "prices show", "replay by model", "gap"])
def test_hostile_names_on_a_terminal_send_no_escape_codes(files: HostileFiles, name: str) -> None:
    """On a real pseudo-terminal, with stdin and stdout on it, in this process: what
    reaches the terminal is what tokencost writes to it (a process adds its start-up
    only; tests/house/test_terminal_width.py draws on a terminal as a process too)."""
    args = commands(files)[name]
    drawn = here_on_terminal(
        *args,
        "--chart" if name in ("compare", "gap") else "--no-color",
        columns=100,
        env={"TERM": "xterm"},
        cwd=files.profile.parent,
    )
    assert drawn.code in (0, 1), drawn.err
    text = STYLE.sub("", drawn.text)  # tokencost's own styles (bold, dim, colour)
    assert RAW.search(text.replace("\r\n", "\n")) is None
    if name == "compare":
        assert "[bold red]RED[/]" in text  # markup shown as written, not obeyed


def test_an_error_quoting_a_name_with_a_line_break_forged_a_line_of_its_own(
    run: Run, files: HostileFiles, tmp_path: Path
) -> None:
    """``line1\\nline2\\r\\n::error::forged`` in an error message started a line of its
    own on stderr, which a CI runner reads as an annotation command."""
    only_hostile = tmp_path / "hostile-only.jsonl"  # beside the test's own files
    only_hostile.write_text(
        "".join(line + "\n" for line in files.log.read_text().splitlines()[: len(NAMES)])
    )
    result = run("replay", str(only_hostile), "--jobs", "1")
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "line1\\x0aline2\\x0d\\x0a::error::forged" in result.err
    assert RAW.search(result.err) is None

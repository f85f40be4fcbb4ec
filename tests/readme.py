"""The ``console`` examples of README.md and of every page under docs/: parse, run, rewrite.

tests/docs/test_examples.py runs every example; tests/docs/test_site.py checks the options
reference generated from the CLI (tests/cliref.py). After a change that moves outputs
on purpose (a new catalogue version, a new column, a new option), regenerate both and
review the diff:

    python -m tests.readme --update && git diff README.md docs/

An example is ``$ command`` (``> `` lines continue it), then its expected stdout up to
the next ``$`` or the block's end; a trailing ``# exit N`` gives the exit code expected
(default 0). It runs from the repository root, with ``TOKENCOST_TODAY`` set to
:data:`TODAY` (so that an example without ``--as-of`` prints the same prices and dates on
any day): each ``tokencost ARGS`` of it in-process (the real ``main``; with settings
before it, a redirection after it, its output piped into the REST of a pipe in bash or
into a ``python`` script, in a list ``A && B``), anything else in bash with this
interpreter's scripts first on PATH (:func:`run_example` says exactly which). ``/tmp/``
in a command is a folder of the run's own.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from tests import cliref
from tests.helpers import invoke

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
TODAY = "2026-06-15"
"""The day the examples take for today: the article's prices are in effect."""


def pages() -> list[Path]:
    """README.md, then every Markdown page under docs/ in path order."""
    return [README, *sorted(DOCS.rglob("*.md"))]


@dataclass(frozen=True)
class Example:
    page: Path
    command: str
    output: str
    exit_code: int
    line: int

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def examples(page: Path, text: str | None = None) -> list[Example]:
    """The examples of ``page`` (or of ``text`` read from it), in order."""
    text = page.read_text() if text is None else text
    found: list[Example] = []
    blocks = re.finditer(r"^```console\n(.*?)^```$", text, re.M | re.S)
    for block in blocks:
        first_line = text[: block.start()].count("\n") + 2
        command: list[str] = []
        output: list[str] = []
        start = 0
        for offset, line in enumerate(block.group(1).splitlines()):
            if line.startswith("$ "):
                if command:
                    found.append(example(page, command, output, start))
                command, output, start = [line[2:]], [], first_line + offset
            elif line.startswith("> ") and command and not output:
                command.append(line[2:])
            else:
                output.append(line)
        if command:
            found.append(example(page, command, output, start))
    return found


def example(page: Path, command: list[str], output: list[str], line: int) -> Example:
    text = "\n".join(command)
    match = re.search(r"#\s*exit (\d+)\s*$", text)
    code = int(match.group(1)) if match else 0
    return Example(page, text, "".join(f"{o}\n" for o in output), code, line)


def run_example(case: Example) -> subprocess.CompletedProcess[str]:
    """Run an example's command from the repository root (see the module's doc), with
    paths under /tmp/ in this run's own folder (:func:`scratch`), shown as /tmp/ again in
    what it prints.

    Each ``tokencost ARGS`` of it runs in-process (the real ``main``, as the process would
    run it): alone, after ``NAME=VALUE`` settings, with one redirection (``2>&1``,
    ``2>/dev/null``, ``> /dev/null``, ``> FILE``), or piped into a REST that bash runs on
    its output; so does ``python -c CODE`` or ``python FILE ARGS`` (the library's
    examples: :func:`_python`), alone or as the REST reading the pipe; a list ``A && B &&
    ...`` runs part by part in order (``cd DIR`` moves the later parts), each as above or
    else in bash, stopping at the first that fails.
    Anything else (a list with another builtin of the shell, a quote split by ``&&``)
    runs whole in bash. Under ``2>&1`` a run that printed on both streams runs again in
    bash: how a process interleaves them depends on its buffers, which in-process has
    not."""
    env = {
        "COLUMNS": "200",
        "TOKENCOST_TODAY": TODAY,
        **dict.fromkeys(("TOKENCOST_CATALOGUE", "TOKENCOST_NO_CACHE", "TOKENCOST_DEBUG")),
        "NO_COLOR": None,
    }
    command = case.command.replace("/tmp/", f"{scratch()}/")
    done = _run_list(command, env) or _bash(command, env)
    mine = f"{scratch()}/"
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.replace(mine, "/tmp/"), done.stderr
    )


STATEFUL = {"export", "source", ".", "set", "unset", "pushd", "popd", "shopt", "umask", "alias"}
"""Builtins that change the shell for the commands after them: a list with one runs whole
in bash."""

REDIRECTION = re.compile(r"\s+(?:2>&1|2>\s*(?P<err>[\w./-]+)|>\s*(?P<out>[\w./-]+))$")
"""One redirection at the end of a command: stderr into stdout, or a stream into a file
(/dev/null too)."""

SETTING = re.compile(r"(?P<name>[A-Z_][A-Z0-9_]*)=(?P<value>[\w./:-]*)\s+")


def _run_list(command: str, env: dict[str, str | None]) -> subprocess.CompletedProcess[str] | None:
    """``A && B && ...`` part by part (see :func:`run_example`), or None when it must run
    whole in bash."""
    text = re.sub(r"\s*#\s*exit \d+\s*$", "", command.replace("\\\n", " "))
    parts = [part.strip() for part in text.split(" && ")]
    for part in parts:
        try:
            words = shlex.split(part)
        except ValueError:  # a quote split by " && "
            return None
        if not words or words[0] in STATEFUL or SETTING.fullmatch(f"{part} "):
            return None
    cwd, out, err, status = REPO, "", "", 0
    for part in parts:
        move = re.fullmatch(r"cd\s+([\w./-]+)", part)
        if move and (cwd / move.group(1)).is_dir():
            cwd = cwd / move.group(1)
            continue
        done = _run_pipeline(part, env, cwd) or _bash(part, env, cwd=cwd)
        out, err, status = out + done.stdout, err + done.stderr, done.returncode
        if status:
            break
    return subprocess.CompletedProcess(command, status, out, err)


def _run_pipeline(
    command: str, env: dict[str, str | None], cwd: Path
) -> subprocess.CompletedProcess[str] | None:
    """``tokencost ARGS`` in-process, as a process would run it, with its settings, its
    redirection and the REST of a pipe in bash; None when it is something else, or printed
    on both streams under ``2>&1``."""
    head, bar, rest = command.partition(" | ")
    settings: dict[str, str | None] = {}
    while setting := SETTING.match(head):
        settings[setting["name"]] = setting["value"]
        head = head[setting.end() :]
    redirection = REDIRECTION.search(head)
    if redirection:
        head = head[: redirection.start()]
    argv = plain_tokencost(head)
    script = plain_tokencost(head, "python") if argv is None and not bar else None
    if argv is not None:
        first = invoke(*argv, cwd=cwd, env=env | settings)
    elif script and _runs_a_script(script):
        first = _python(script, cwd, env | settings)
    else:
        return None
    out, err = first.stdout, first.stderr
    if redirection and redirection["out"]:
        (cwd / redirection["out"]).write_text(out)
        out = ""
    elif redirection and redirection["err"]:
        (cwd / redirection["err"]).write_text(err)
        err = ""
    elif redirection:  # 2>&1
        if out and err:
            return None
        out, err = out + err, ""
    if not bar:
        return subprocess.CompletedProcess(command, first.returncode, out, err)
    # As bash -o pipefail runs it: the status of the last command that failed.
    reader = plain_tokencost(rest, "python")
    if reader and _runs_a_script(reader):
        then = _python(reader, cwd, env, stdin=out)
    else:
        then = _bash(rest, env, cwd=cwd, stdin=out)
    return subprocess.CompletedProcess(
        command, then.returncode or first.returncode, then.stdout, err + then.stderr
    )


def _runs_a_script(argv: list[str]) -> bool:
    """Whether ``python ARGV`` runs code of its own: ``-c CODE`` or ``FILE ARGS``."""
    return (argv[0] == "-c" and len(argv) == 2) or argv[0].endswith(".py")


def _python(
    argv: list[str], cwd: Path, env: dict[str, str | None], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """``python -c CODE`` or ``python FILE ARGS`` in-process, as this interpreter would
    run it: ``__main__`` with its ``sys.argv`` and ``sys.path[0]`` (the current folder,
    or the script's), ``stdin`` its standard input, in ``cwd`` with ``env`` changed; a
    traceback and exit 1 for an uncaught exception, the code of a ``SystemExit``."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ), sys.argv, list(sys.path), sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    code = 0
    os.environ.update({name: value for name, value in env.items() if value is not None})
    for name in (name for name, value in env.items() if value is None):
        os.environ.pop(name, None)
    script = None if argv[0] == "-c" else cwd / argv[0]
    sys.argv = ["-c", *argv[2:]] if script is None else argv
    sys.path.insert(0, "" if script is None else str(script.parent))
    try:
        with (
            contextlib.chdir(cwd),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                if script is None:
                    exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
                else:
                    runpy.run_path(str(script), run_name="__main__")
            except SystemExit as exit:
                if isinstance(exit.code, int) or exit.code is None:
                    code = exit.code or 0
                else:
                    print(exit.code, file=sys.stderr)
                    code = 1
            except Exception:
                traceback.print_exc()
                code = 1
    finally:
        os.environ.clear()
        os.environ.update(saved[0])
        sys.argv, sys.path[:], sys.stdin = saved[1], saved[2], saved[3]
    return subprocess.CompletedProcess(["python", *argv], code, out.getvalue(), err.getvalue())


def _bash(
    command: str, env: dict[str, str | None], *, cwd: Path = REPO, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``command`` in bash in ``cwd`` with ``env`` changed (None: unset) and this
    interpreter's scripts first on PATH, ``stdin`` its input."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    changed = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if k not in env} | changed | {"PATH": path},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def plain_tokencost(command: str, program: str = "tokencost") -> list[str] | None:
    """The arguments of ``tokencost ARGS`` (or of another ``program``) when the command is
    nothing else (no pipe, redirection, variable or second command), else None."""
    if any(char in expanded(command) for char in "$`*?~"):
        return None
    lexer = shlex.shlex(command.replace("\\\n", " "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        words = list(lexer)
    except ValueError:  # a quote left open: the part of a command before a quoted "|"
        return None
    if not words or words[0] != program or any(set(w) <= set("();<>|&") for w in words):
        return None
    return words[1:]


def expanded(command: str) -> str:
    """The characters of ``command`` bash may expand: those outside quotes and escapes,
    and ``$`` and backquotes inside double quotes (a glob in quotes is a plain word)."""
    found: list[str] = []
    quote = ""
    escaped = False
    for char in command:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
            if quote == '"' and char in "$`":
                found.append(char)
        elif char in "'\"":
            quote = char
        else:
            found.append(char)
    return "".join(found)


@functools.cache
def scratch() -> str:
    """A folder of this run's own, standing for /tmp/ in the examples: runs side by side
    (pytest -n, other checkouts) never share /tmp/my-prices."""
    folder = tempfile.mkdtemp(prefix="tc-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def update(page: Path) -> list[int]:
    """Rewrite each example's expected output with what it prints now, in order."""
    text = page.read_text()
    lines = text.splitlines(keepends=True)
    shift = 0
    changed = []
    for case in examples(page, text):  # in order: an earlier command may set up a later one
        printed = run_example(case).stdout
        if printed == case.output:
            continue
        start = case.line - 1 + shift + case.command.count("\n") + 1
        new = printed.splitlines(keepends=True)
        lines[start : start + case.output.count("\n")] = new
        shift += len(new) - case.output.count("\n")
        changed.append(case.line)
    page.write_text("".join(lines))
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.readme --update")
    for page in pages():
        name = page.relative_to(REPO)
        if cliref.update(page):
            print(f"updated the options reference in {name}")
        for line in update(page):
            print(f"updated the example at {name}:{line}")

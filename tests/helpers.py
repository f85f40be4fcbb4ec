"""What the tests share: paths, the test catalogues, writing files, a CLI call's result.

The one module test files import from the tests (beside the runners of the docs'
examples, tests/readme.py and tests/cliref.py, and of the GitHub Action,
tests/actionrunner.py); tests/conftest.py holds pytest fixtures only, and no test file
imports another (tests/house/test_suite.py holds both rules).

The test catalogues are small TOML folders under tests/data/catalogues/, read and
reviewed like the real one in prices/:

- ``tiny``: acme's ``big`` (two sources, a price cut on March 1st), ``small`` and
  ``free`` (the ``tiny`` fixture copies it to a temporary folder a test may add to);
- ``night``: models with both batch prices and off-peak windows (the laws of
  tests/engine/test_batch_off_peak.py).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import io
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tokencost.catalogue import Catalogue, PriceEntry, load_catalogue
from tokencost.catalogue.schema import CheckedEntry
from tokencost.cli import main
from tokencost.render.chart import Bar, BarChart
from tokencost.validation import validate

REPO = Path(__file__).resolve().parent.parent
CATALOGUES = REPO / "tests" / "data" / "catalogues"
TINY = CATALOGUES / "tiny"
TINY_MANIFEST = (TINY / "manifest.toml").read_text()
TRACKERS = (
    REPO.parent / "shared" / "data",
    REPO.parent.parent / "shared" / "data",
    Path("/work/shared/data"),  # this workplace's copy, for a checkout elsewhere (CI's)
)
"""Where the public trackers' real price files may be (genai-prices 0.2.3, LiteLLM
1.110.2 and older snapshots; their README names each source)."""
TINY_ACME = (TINY / "acme.toml").read_text()
DIMS = CATALOGUES / "dims" / "dims.toml"
"""A provider file the ``dims`` fixture adds to the tiny catalogue: cachey, nightly, fee."""
NIGHT = CATALOGUES / "night"

SMALL_LIST_PRICE = """
[[models.prices]]
effective = 2026-01-01
source = "list"
input = 0.1
output = 0.2
"""
"""A ``list`` price for tiny's ``small``, to append to its entry in acme.toml."""

JUNE = "2026-06-15"
"""The day the budget tests price at (tiny's March prices are in effect)."""

W1 = 'name = "w1"\ntokens_per_day = "1M"\nratio = "3:1"\n'
"""A profile: 1M tokens a day at 3:1 ($90 a month on tiny's big, $1.80 on small)."""

MIX = """\
[[budgets]]
name = "chat"
workload = "w1.toml"
models = ["big", "small"]
monthly_limit = 100
warn_at = 0.8

[[budgets]]
name = "agents"
model = "acme/big"
monthly_limit = 80

[budgets.workload]
tokens_per_day = "1M"
ratio = "3:1"

[[budgets]]
name = "team"
workloads = [
  "w1.toml",
  { name = "batch", tokens_per_day = "2M", ratio = "1:0", days_per_month = 10 },
]
model = "big"
max_ratio = 60
warn_at = 0.8
"""
"""A budget file of every kind of check on tiny (one over, two warnings, one ok)."""

BUDGETS = """\
# The shop's LLM budgets.
[[budgets]]
name = "support chat"
workload = "workloads/chat.toml"
model = "gpt-5.5"
monthly_limit = 2000
warn_at = 0.8
"""
"""The budget file of the repository the GitHub Action and pre-commit tests set up."""

CHAT = 'name = "chat"\ntokens_per_day = "{tokens}"\nratio = "4:1"\n'
"""10M a day at 4:1 on gpt-5.5 (article prices): $1,200.00 a month; 20M: $2,400.00."""

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")
"""An SGR sequence that sets a foreground colour (not bold, dim or italic)."""


def catalogue_doc(
    path: Path | str, name: str, version: str, digest: str, updated: str, origin: str
) -> dict[str, object]:
    """The JSON ``catalogue`` of a result priced by one catalogue without overlays."""
    layer = {
        "kind": "catalogue",
        "origin": origin,
        "name": name,
        "version": version,
        "digest": digest,
        "updated": updated,
        "path": str(path),
    }
    return {
        "name": name,
        "version": version,
        "digest": digest,
        "updated": updated,
        "layers": [layer],
    }


def write(path: Path, text: str) -> Path:
    """Write dedented text to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def entry_of(**fields: Any) -> PriceEntry:
    """A validated price entry of the ``list`` source from 2026-01-01, as a catalogue file
    would give it (``input=4, output=12, batch_discount=...``)."""
    value: PriceEntry = validate(
        CheckedEntry, {"effective": date(2026, 1, 1), "source": "list", **fields}
    )
    return value


@dataclass
class Result:
    """What a CLI call produced: exit code, stdout and stderr, kept apart."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]
"""The ``run`` fixture: ``run("compare", "--json")`` calls ``tokencost`` in-process."""


def invoke(
    *args: str, cwd: Path | None = None, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tokencost ARGS`` in-process (the real ``main``) in ``cwd`` with ``env`` changed
    (None: unset), its exit code, stdout and stderr kept apart as a process's would be.

    For tests without the ``run`` fixture (module-level helpers); start a process only
    where the process is the point (tests/house/test_process.py)."""
    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        with (
            contextlib.chdir(cwd or Path.cwd()),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            code = main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["tokencost", *args], code, out.getvalue(), err.getvalue())


def tokencost(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tokencost ARGS`` in ``cwd`` with the tiny catalogue and June prices, in-process,
    outside GitHub Actions unless ``env`` says so (the budget tests)."""
    changes: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": None, **(env or {})}
    return invoke(*args, "--catalogue", "tiny", "--as-of", JUNE, cwd=cwd, env=changes)


def digest(project: Path) -> str:
    """The digest of the catalogue ``tiny/`` in ``project``."""
    return load_catalogue(project / "tiny").digest


def on_a_terminal(*args: str, env: dict[str, str]) -> str:
    """Run tokencost with stdout on a pseudo-terminal and return what it drew."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tokencost", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "160", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode()


def bars(*values: str) -> BarChart:
    return BarChart(
        "Costs",
        tuple(Bar(f"m{i}", Decimal(v), f"${v}") for i, v in enumerate(values)),
        ("a footnote",),
    )


# hostile names for the pictures (SVG, HTML) tests
EVIL = "<script>alert(1)</script> & \"q\" 's' \u202eevil \x1b[31mred"
"""A name with markup, quotes, an ampersand, a right-to-left override and an ANSI code."""
EVIL_SHOWN = "<script>alert(1)</script> & \"q\" 's' \\u202eevil \\x1b[31mred"


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (ESC written as its escape)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\u001b")
    return f'"{escaped}"'


def evil_catalogue(folder: Path) -> Path:
    """The tiny catalogue (conftest.py) as a user's price files might hold it: the
    catalogue's name, the source's title, the provider's and model's names, a note and
    an alias all :data:`EVIL`."""
    evil = toml_string(EVIL)
    manifest = TINY_MANIFEST.replace('"tiny"', evil).replace('"A price book"', evil)
    acme = TINY_ACME.replace('"Acme"', evil).replace('"Big"', evil)
    acme = acme.replace('aliases = ["acme/big"]', f'aliases = ["acme/big", {evil}]\nnote = {evil}')
    write(folder / "evil-prices" / "manifest.toml", manifest)
    return write(folder / "evil-prices" / "acme.toml", acme).parent


def evil_compare(tmp_path: Path) -> list[str]:
    """``compare`` of a workload and a mix named :data:`EVIL`, on :func:`evil_catalogue`."""
    profile = write(
        tmp_path / "evil.toml",
        f'name = {toml_string(EVIL)}\ntokens_per_day = "10M"\nratio = "3:1"\n',
    )
    return [
        *("compare", str(profile), "--catalogue", str(evil_catalogue(tmp_path))),
        *("--mix", f"{EVIL}=big:50%,small:50%"),
    ]


def tracker_file(name: str) -> Path:
    """A tracker's real price file of :data:`TRACKERS`; the test is skipped, saying
    where it looked, when this machine has none."""
    for folder in TRACKERS:
        if (folder / name).is_file():
            return folder / name
    pytest.skip(f"{name} not found in {', '.join(map(str, TRACKERS))}")


# -- the run itself: tests/conftest.py calls these from pytest_configure --


def collect_garbage_less_often() -> None:
    """The tests' process holds large catalogues for the whole run (tokencost/cache.py
    keeps the last ones read), and each full collection at Python's default thresholds
    (700, 10, 10) walked them again: ~8% of the CPU of in-process tests (5.1 s of 60 s
    for test_contract, commands/compare and docs/ together). Collected less often, not
    less: the same garbage goes, later."""
    gc.set_threshold(10_000, 20, 20)


def share_bytecode(config: pytest.Config) -> None:
    """The Python processes the tests start (``python -m tokencost``, bash running
    ``tokencost``, the examples' scripts) keep the bytecode they compile in one folder of
    the run, removed at its end: under ``PYTHONDONTWRITEBYTECODE`` (set where CI runs)
    each of them compiled every module of tokencost from source again, about 0.1 s a
    process. The xdist controller makes the folder; its workers start as any Python does
    (the bytecode pip wrote for the libraries) and point their own processes at it."""
    folder = os.environ.get("TOKENCOST_TEST_PYCACHE")
    if folder is None:
        folder = tempfile.mkdtemp(prefix="tokencost-pycache-")
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        os.environ["TOKENCOST_TEST_PYCACHE"] = folder
    if getattr(config.option, "dist", "no") != "no" and not hasattr(config, "workerinput"):
        return  # the controller of pytest -n: its workers are not pointed at the folder
    os.environ["PYTHONPYCACHEPREFIX"] = folder
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def share_rewritten_tests(config: pytest.Config) -> None:
    """Each test module's asserts rewritten once a run, not once per worker. Under
    ``PYTHONDONTWRITEBYTECODE`` pytest keeps no rewritten module, so every worker of
    ``pytest -n`` parsed, rewrote and compiled all the test modules itself (~3 s a
    worker, half its start). Here each worker first rewrites them into the run's
    bytecode folder, starting at its own share (worker 1 of 2 halfway down the list)
    and skipping those already there, so two workers each do about half; then pytest's
    own import reads them there. pytest's internals are used as they are
    (``_rewrite_test``, ``_write_pyc``, ``get_cache_dir``); if a release changes them,
    this does nothing and the workers rewrite as before."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None or not sys.dont_write_bytecode:
        return  # one process, or pytest keeps rewritten modules across runs itself
    if config.getoption("assertmode") != "rewrite":
        return
    from _pytest.assertion import rewrite

    used = ("get_cache_dir", "_rewrite_test", "_write_pyc", "PYC_TAIL", "assertstate_key")
    if not all(hasattr(rewrite, name) for name in used):
        return
    folder = Path(os.environ["TOKENCOST_TEST_PYCACHE"], "rewritten")

    def cache_dir(file_path: Path) -> Path:
        return folder.joinpath(*file_path.parts[1:-1])

    rewrite.get_cache_dir = cache_dir
    patterns = config.getini("python_files")
    named = [config.invocation_params.dir / arg.split("::")[0] for arg in config.args]
    modules = sorted(
        {
            path.resolve()
            for arg in named
            for path in (arg.rglob("*.py") if arg.is_dir() else [arg])
            if any(path.match(pattern) for pattern in patterns)
        }
    )
    start = len(modules) * int(workerinput["workerid"][2:]) // int(workerinput["workercount"])
    state = config.stash[rewrite.assertstate_key]
    for path in modules[start:] + modules[:start]:
        pyc = cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
        if pyc.exists():
            continue
        pyc.parent.mkdir(parents=True, exist_ok=True)
        source_hash, code = rewrite._rewrite_test(path, config)
        rewrite._write_pyc(state, code, source_hash, pyc)


def end_workers_without_freeing_memory(config: pytest.Config) -> None:
    """A worker of ``pytest -n`` ends once all else has run at its exit, without
    Python's own teardown, which freed one by one every object the run made (the
    catalogues the cache keeps among them): about a second at the end of each run, while
    the controller waited for its workers. Fixtures, pytest's cleanups and its last
    collection of garbage run before any exit handler; exit handlers run last registered
    first, so every one registered after this one (at ``pytest_configure``) runs before
    it: multiprocessing's among them. The two registered at the worker's start, logging's
    shutdown and execnet's cleanup of gateways the worker never made, do not run."""
    if hasattr(config, "workerinput"):
        atexit.register(_exit_at_once)


def _exit_at_once() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def import_as_written(*names: str) -> None:
    """Import the libraries ``names`` as Python does without pytest, from the bytecode pip
    wrote: pytest rewrites the asserts of every module of a distribution that has a
    pytest plugin (hypothesis: 73 modules), from source, in each worker (under
    ``PYTHONDONTWRITEBYTECODE`` it keeps none), about a second a worker for asserts of
    theirs no test reads. Later imports of the tests' own modules are rewritten as usual."""
    hooks = [hook for hook in sys.meta_path if type(hook).__module__ == "_pytest.assertion.rewrite"]
    for hook in hooks:
        sys.meta_path.remove(hook)
    try:
        for name in names:
            importlib.import_module(name)
    finally:
        sys.meta_path[:0] = hooks


def load_under(cache: Path, folder: Path) -> Catalogue:
    """``load_catalogue(folder)`` in the run's cache folder ``cache`` (the
    ``session_cache`` fixture): for a fixture of a wider scope than ``isolated``, which
    sets the cache folder for each test only (a module's fixture runs before it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TOKENCOST_CACHE_DIR", str(cache))
        return load_catalogue(folder)

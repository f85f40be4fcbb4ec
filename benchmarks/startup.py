"""Startup benchmark: how much a ``tokencost compare`` call costs over its imports.

Run by hand, not in the test suite:

    python benchmarks/startup.py            # 25 runs of each, interleaved
    python benchmarks/startup.py --runs 50

It times, in the same run and interleaved so drift hits all alike:

- baseline: ``python -c "import typer, rich, pydantic"`` with the same interpreter;
- ``tokencost compare --json`` (stdout a pipe);
- ``tokencost compare`` with stdout a pipe (the plain-text table);
- ``tokencost compare`` with stdout a pseudo-terminal (the rich table);
- ``tokencost compare --json`` with the cache turned off (validation with pydantic).

and prints each median, its ratio to the baseline and the targets from the issue
(JSON <= 1.3x, table <= 1.6x). One warm-up run of each fills the catalogue cache and
writes bytecode.
"""

from __future__ import annotations

import argparse
import os
import pty
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def command_path() -> str:
    """The ``tokencost`` script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "tokencost"
    found = str(beside) if beside.exists() else shutil.which("tokencost")
    if not found:
        sys.exit("tokencost is not installed for this interpreter: pip install -e .")
    return found


def piped(args: list[str], env: dict[str, str]) -> Callable[[], float]:
    def once() -> float:
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, env=env, check=True)
        return time.perf_counter() - start

    return once


def on_terminal(args: list[str], env: dict[str, str]) -> Callable[[], float]:
    def once() -> float:
        leader, follower = pty.openpty()
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        while True:
            try:
                if not os.read(leader, 65536):
                    break
            except OSError:
                break
        process.wait()
        elapsed = time.perf_counter() - start
        os.close(leader)
        if process.returncode:
            sys.exit(f"{' '.join(args)} failed with {process.returncode}")
        return elapsed

    return once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="runs of each command (>= 20)")
    runs = parser.parse_args().runs
    tool = command_path()
    env = {**os.environ, "COLUMNS": "120", "TERM": os.environ.get("TERM", "xterm")}
    # Measure what a user has: bytecode written once and reused (pip compiles installed
    # packages; an editable checkout writes __pycache__ on its first run), even where
    # the shell sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    no_cache = {**env, "TOKENCOST_NO_CACHE": "1"}
    cases: dict[str, Callable[[], float]] = {
        "baseline: import typer, rich, pydantic": piped(
            [sys.executable, "-c", "import typer, rich, pydantic"], env
        ),
        "tokencost compare --json": piped([tool, "compare", "--json"], env),
        "tokencost compare (table, piped)": piped([tool, "compare"], env),
        "tokencost compare (table, terminal)": on_terminal([tool, "compare"], env),
        "tokencost compare --json (no cache)": piped([tool, "compare", "--json"], no_cache),
    }
    for once in cases.values():  # warm up: bytecode, the catalogue cache
        once()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, once in cases.items():
            times[name].append(once())
    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    base = medians["baseline: import typer, rich, pydantic"]
    targets = {
        "tokencost compare --json": 1.3,
        "tokencost compare (table, piped)": 1.6,
        "tokencost compare (table, terminal)": 1.6,
    }
    print(f"{runs} runs each, median wall time, {sys.executable}")
    for name, median in medians.items():
        target = targets.get(name)
        verdict = ""
        if target is not None:
            verdict = f"  target <= {target}x: {'met' if median / base <= target else 'MISSED'}"
        print(f"  {name:<42} {median:7.1f} ms  {median / base:5.2f}x{verdict}")


if __name__ == "__main__":
    main()

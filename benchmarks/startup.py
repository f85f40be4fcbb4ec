"""Startup benchmark: how much a ``tokencost compare`` call costs over its imports.

Run by hand, not in the test suite:

    python benchmarks/startup.py            # 25 runs of each, interleaved
    python benchmarks/startup.py --runs 50

It times, in the same run and interleaved so drift hits all alike:

- baseline: ``python -c "import typer, rich, pydantic"`` with the same interpreter;
- ``tokencost compare --json`` (stdout a pipe);
- ``tokencost compare`` with stdout a pipe (the plain-text table);
- ``tokencost compare`` with stdout a pseudo-terminal (the rich table);
- ``tokencost compare --json`` with the cache turned off (validation with pydantic);
- ``tokencost compare --models 'gpt-*' --json`` (a glob over the whole market; left out,
  saying so, where this build's ``--models`` takes no globs);
- ``tokencost models --json`` (every model of the whole market).

and prints each median, its ratio to the baseline and the targets from the issue
(JSON <= 1.3x, table <= 1.6x, a glob <= 1.5x, ``models --json`` <= 2x), for the wall
time and for the CPU time of the process (user + system, which moves less when other
work shares the machine). One warm-up
run of each fills the catalogue cache and writes bytecode.
"""

from __future__ import annotations

import argparse
import os
import pty
import resource
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


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of the process) of one run."""


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def piped(args: list[str], env: dict[str, str]) -> Callable[[], Timing]:
    def once() -> Timing:
        cpu, start = _cpu(), time.perf_counter()
        subprocess.run(args, capture_output=True, env=env, check=True)
        return time.perf_counter() - start, _cpu() - cpu

    return once


def on_terminal(args: list[str], env: dict[str, str]) -> Callable[[], Timing]:
    def once() -> Timing:
        leader, follower = pty.openpty()
        cpu, start = _cpu(), time.perf_counter()
        process = subprocess.Popen(args, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        while True:
            try:
                if not os.read(leader, 65536):
                    break
            except OSError:
                break
        process.wait()
        elapsed, used = time.perf_counter() - start, _cpu() - cpu
        os.close(leader)
        if process.returncode:
            sys.exit(f"{' '.join(args)} failed with {process.returncode}")
        return elapsed, used

    return once


BASELINE = "baseline: import typer, rich, pydantic"
TARGETS = {
    "tokencost compare --json": 1.3,
    "tokencost compare (table, piped)": 1.6,
    "tokencost compare (table, terminal)": 1.6,
    "tokencost compare --models 'gpt-*' --json": 1.5,
    "tokencost models --json": 2.0,
}
"""The issue's targets: wall time over the baseline's."""
GLOB_ARGS = ["compare", "--models", "gpt-*", "--json"]


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
    cases: dict[str, Callable[[], Timing]] = {
        BASELINE: piped([sys.executable, "-c", "import typer, rich, pydantic"], env),
        "tokencost compare --json": piped([tool, "compare", "--json"], env),
        "tokencost compare (table, piped)": piped([tool, "compare"], env),
        "tokencost compare (table, terminal)": on_terminal([tool, "compare"], env),
        "tokencost compare --json (no cache)": piped([tool, "compare", "--json"], no_cache),
        "tokencost compare --models 'gpt-*' --json": piped([tool, *GLOB_ARGS], env),
        "tokencost models --json": piped([tool, "models", "--json"], env),
    }
    glob = "tokencost compare --models 'gpt-*' --json"
    if subprocess.run([tool, *GLOB_ARGS], capture_output=True, env=env).returncode:
        print(f"  ({glob} left out: this build's --models takes no globs)")
        del cases[glob]
    for once in cases.values():  # warm up: bytecode, the catalogue cache
        once()
    times: dict[str, list[Timing]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, once in cases.items():
            times[name].append(once())
    wall = {name: statistics.median(t[0] for t in runs_) * 1000 for name, runs_ in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs_) * 1000 for name, runs_ in times.items()}
    print(f"{runs} runs each, medians of the wall and of the CPU time, {sys.executable}")
    for name in cases:
        ratio, target = wall[name] / wall[BASELINE], TARGETS.get(name)
        verdict = (
            f"  target <= {target}x: {'met' if ratio <= target else 'MISSED'}" if target else ""
        )
        print(
            f"  {name:<40} {wall[name]:7.1f} ms {ratio:5.2f}x  CPU {cpu[name]:7.1f} ms "
            f"{cpu[name] / cpu[BASELINE]:5.2f}x{verdict}"
        )


if __name__ == "__main__":
    main()

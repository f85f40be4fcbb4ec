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
(JSON and the piped table <= 1.3x, the table on a terminal <= 1.6x, a glob <= 1.5x,
``models --json`` <= 2x), for the wall time and for the CPU time of the process
(user + system, which moves less when other work shares the machine). One warm-up
run of each fills the catalogue cache and writes bytecode. The shipped catalogue is
the whole market (2,300+ models); the cold validation of all of it is
:mod:`benchmarks.catalogue`'s.

``--instructions`` counts instead the instructions each command runs, once, under
``valgrind --tool=cachegrind`` (exact and the same on a loaded machine: the ratios
it gives do not move with the other builds; it misses only waiting for the disk).
"""

from __future__ import annotations

import argparse
import os
import pty
import re
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


def counted(args: list[str], env: dict[str, str]) -> Callable[[], Timing]:
    """Instructions the command runs (millions, twice: no wall and CPU apart), counted
    by valgrind's cachegrind."""

    def once() -> Timing:
        run = subprocess.run(
            [
                "valgrind",
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
        if found is None:
            sys.exit(f"no instruction count from valgrind for {' '.join(args)}")
        millions = int(found.group(1).replace(",", "")) / 1e6
        return millions, millions

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
    "tokencost compare (table, piped)": 1.3,
    "tokencost compare (table, terminal)": 1.6,
    "tokencost compare --models 'gpt-*' --json": 1.5,
    "tokencost models --json": 2.0,
}
"""The issue's targets: wall time over the baseline's."""
GLOB_ARGS = ["compare", "--models", "gpt-*", "--json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="runs of each command (>= 20)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind), not time"
    )
    args = parser.parse_args()
    runs, instructions = (1 if args.instructions else args.runs), args.instructions
    tool = command_path()
    env = {**os.environ, "COLUMNS": "120", "TERM": os.environ.get("TERM", "xterm")}
    # Measure what a user has: bytecode written once and reused (pip compiles installed
    # packages; an editable checkout writes __pycache__ on its first run), even where
    # the shell sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    no_cache = {**env, "TOKENCOST_NO_CACHE": "1"}
    way = counted if instructions else piped
    cases: dict[str, Callable[[], Timing]] = {
        BASELINE: way([sys.executable, "-c", "import typer, rich, pydantic"], env),
        "tokencost compare --json": way([tool, "compare", "--json"], env),
        "tokencost compare (table, piped)": way([tool, "compare"], env),
        "tokencost compare (table, terminal)": on_terminal([tool, "compare"], env),
        "tokencost compare --json (no cache)": way([tool, "compare", "--json"], no_cache),
        "tokencost compare --models 'gpt-*' --json": way([tool, *GLOB_ARGS], env),
        "tokencost models --json": way([tool, "models", "--json"], env),
    }
    if instructions:  # a pseudo-terminal is not counted
        del cases["tokencost compare (table, terminal)"]
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
    scale = 1 if instructions else 1000
    wall = {name: statistics.median(t[0] for t in ts) * scale for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) * scale for name, ts in times.items()}
    what = "instructions (millions)" if instructions else "medians of the wall and CPU time"
    load = os.getloadavg()[0]
    print(f"{runs} runs each, {what}, {sys.executable}; load average {load:.1f}")
    for name in cases:
        ratio, target = wall[name] / wall[BASELINE], TARGETS.get(name)
        verdict = (
            f"  target <= {target}x: {'met' if ratio <= target else 'MISSED'}" if target else ""
        )
        processor = f" CPU {cpu[name]:7.1f} ms {cpu[name] / cpu[BASELINE]:5.2f}x"
        unit = "M" if instructions else "ms"
        print(
            f"  {name:<42} {wall[name]:8.1f} {unit} {ratio:5.2f}x"
            f"{'' if instructions else processor}{verdict}"
        )


if __name__ == "__main__":
    main()

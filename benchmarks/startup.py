"""Startup benchmark: how much a ``tokencost compare`` call costs over its imports.

Run by hand, not in the test suite:

    python benchmarks/startup.py            # 25 runs of each, interleaved
    python benchmarks/startup.py --runs 50
    python benchmarks/startup.py --market   # the same on a catalogue of the whole market

It times, in the same run and interleaved so drift hits all alike:

- baseline: ``python -c "import typer, rich, pydantic"`` with the same interpreter;
- ``tokencost compare --json`` (stdout a pipe);
- ``tokencost compare`` with stdout a pipe (the plain-text table);
- ``tokencost compare`` with stdout a pseudo-terminal (the rich table);
- ``tokencost compare --json`` with the cache turned off (validation with pydantic).

and prints each median, its ratio to the baseline and the targets from the issue
(JSON <= 1.3x, table <= 1.6x), for the wall time and for the CPU time of the process
(user + system, which moves less when other work shares the machine). One warm-up
run of each fills the catalogue cache and writes bytecode.

``--instructions`` counts instead the instructions each command runs, once, under
``valgrind --tool=cachegrind`` (exact and the same on a loaded machine: the ratios
it gives do not move with the other builds; it misses only waiting for the disk).

``--market`` times, on a catalogue of 2,000+ models (the shipped one once it holds the
market, else one built by :mod:`benchmarks.synthetic` from the shared genai-prices file,
or ``--catalogue PATH``), beside the same baseline: ``tokencost compare`` (the article's
five; target 1.3x), ``compare --models 'gpt-*'`` (1.5x), ``models --json`` (2x), and the
validation of the whole catalogue with the cache off (``prices validate``; target
under 2 s).
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
from collections.abc import Callable, Iterator
from pathlib import Path


def command_path() -> str:
    """The ``tokencost`` script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "tokencost"
    found = str(beside) if beside.exists() else shutil.which("tokencost")
    if not found:
        sys.exit("tokencost is not installed for this interpreter: pip install -e .")
    return found


Timing = tuple[float, float]
"""(wall seconds, CPU seconds of the process) of one run; under valgrind, the
instructions counted (millions) twice."""


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
    """Instructions the command runs (millions), counted by valgrind's cachegrind."""

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
    "tokencost compare (table, piped)": 1.6,
    "tokencost compare (table, terminal)": 1.6,
}
"""The issue's targets: wall time over the baseline's."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="runs of each command (>= 20)")
    parser.add_argument("--market", action="store_true", help="time a 2,000+ model catalogue")
    parser.add_argument("--catalogue", type=Path, help="the catalogue for --market")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind), not time"
    )
    args = parser.parse_args()
    tool = command_path()
    env = {**os.environ, "COLUMNS": "120", "TERM": os.environ.get("TERM", "xterm")}
    # Measure what a user has: bytecode written once and reused (pip compiles installed
    # packages; an editable checkout writes __pycache__ on its first run), even where
    # the shell sets PYTHONDONTWRITEBYTECODE.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.market:
        market(tool, env, args.runs, args.catalogue, args.instructions)
        return
    no_cache = {**env, "TOKENCOST_NO_CACHE": "1"}
    cases: dict[str, Callable[[], Timing]] = {
        BASELINE: piped([sys.executable, "-c", "import typer, rich, pydantic"], env),
        "tokencost compare --json": piped([tool, "compare", "--json"], env),
        "tokencost compare (table, piped)": piped([tool, "compare"], env),
        "tokencost compare (table, terminal)": on_terminal([tool, "compare"], env),
        "tokencost compare --json (no cache)": piped([tool, "compare", "--json"], no_cache),
    }
    report(cases, args.runs, TARGETS)


def report(
    cases: dict[str, Callable[[], Timing]],
    runs: int,
    targets: dict[str, float],
    limits: dict[str, float] | None = None,
    unit: str = "ms",
) -> None:
    """Run the cases interleaved and print each median with its ratio to the baseline,
    and the target it has (a ratio, or an absolute limit in ms)."""
    for once in cases.values():  # warm up: bytecode, the catalogue cache
        once()
    times: dict[str, list[Timing]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, once in cases.items():
            times[name].append(once())
    scale = 1000 if unit == "ms" else 1
    wall = {name: statistics.median(t[0] for t in ts) * scale for name, ts in times.items()}
    cpu = {name: statistics.median(t[1] for t in ts) * scale for name, ts in times.items()}
    load = os.getloadavg()[0]
    what = "medians of the wall and of the CPU time"
    if unit != "ms":
        what = "instructions (millions, valgrind)"
    print(f"{runs} runs each, {what}, {sys.executable}; load average {load:.1f}")
    for name in cases:
        ratio, verdict = wall[name] / wall[BASELINE], ""
        target, limit = targets.get(name), (limits or {}).get(name)
        if target is not None:
            verdict = f"  target <= {target}x: {'met' if ratio <= target else 'MISSED'}"
        elif limit is not None:
            verdict = f"  target < {limit:.0f} ms: {'met' if wall[name] < limit else 'MISSED'}"
        processor = f"  CPU {cpu[name]:7.1f} ms {cpu[name] / cpu[BASELINE]:5.2f}x"
        print(
            f"  {name:<46} {wall[name]:8.1f} {unit}  {ratio:5.2f}x"
            f"{processor if unit == 'ms' else ''}{verdict}"
        )


def market(
    tool: str, env: dict[str, str], runs: int, catalogue: Path | None, instructions: bool
) -> None:
    """The commands of issue 10's speed targets on a catalogue of the whole market."""
    import tempfile

    folder = catalogue or _market_catalogue(Path(tempfile.mkdtemp(prefix="tokencost-market-")))
    big = {**env, "TOKENCOST_CATALOGUE": str(folder)}
    cold = {**big, "TOKENCOST_NO_CACHE": "1"}
    models = sum(1 for _ in _models(folder))
    print(f"catalogue {folder}: {models} models")
    way = counted if instructions else piped
    cases: dict[str, Callable[[], Timing]] = {
        BASELINE: way([sys.executable, "-c", "import typer, rich, pydantic"], env),
        "tokencost compare (the five, piped table)": way([tool, "compare"], big),
        "tokencost compare --json (the five)": way([tool, "compare", "--json"], big),
        "tokencost compare --models 'gpt-*'": way([tool, "compare", "--models", "gpt-*"], big),
        "tokencost models --json": way([tool, "models", "--json"], big),
        "prices validate, cache off (cold validation)": way(
            [tool, "prices", "validate", str(folder)], cold
        ),
    }
    targets = {
        "tokencost compare (the five, piped table)": 1.3,
        "tokencost compare --json (the five)": 1.3,
        "tokencost compare --models 'gpt-*'": 1.5,
        "tokencost models --json": 2.0,
    }
    limits = {} if instructions else {"prices validate, cache off (cold validation)": 2000.0}
    report(cases, 1 if instructions else runs, targets, limits, "M" if instructions else "ms")


def _market_catalogue(into: Path) -> Path:
    from tokencost.catalogue import load_catalogue

    shipped = load_catalogue()
    if sum(1 for _ in shipped.model_ids()) >= 2000:
        return shipped.path
    from benchmarks.synthetic import SHARED_FILE, build

    if not SHARED_FILE.is_file():
        sys.exit(f"no market catalogue: give --catalogue PATH ({SHARED_FILE} is not here)")
    folder = into / "market"
    build(folder)
    return folder


def _models(folder: Path) -> Iterator[str]:
    from tokencost.catalogue import load_catalogue

    yield from load_catalogue(folder).model_ids()


if __name__ == "__main__":
    main()

"""Benchmark: ``tokencost replay --claude-code`` against ccusage on one Claude Code folder.

One command, from the repository root (``pip install -e '.[fast]'`` first):

    python -m benchmarks.claude_code.run            # 1M lines, 3 interleaved runs each

It generates the folder once (``generate.py``; under /tmp, about 1.9 GB for 1M lines,
kept for the next run; never commit it), then runs, turn about, the real commands end
to end (process start-up included), both reading the folder as ``$CLAUDE_CONFIG_DIR``:

- ``tokencost replay --claude-code --catalogue benchmarks/claude_code/catalogue --json``
- ``ccusage daily --json --offline --mode calculate --timezone UTC``

and reports the median wall time of each, their ratio, the CPU time of each process
tree, and whether the totals agree: both price with the same prices (the catalogue
here holds the ones ccusage 18.0.11 bundles), so tokencost's tokens and cost must
equal the generator's ``final`` sums to the token and the cent's last digit, and
ccusage's its ``first`` sums (ccusage keeps the first line of a streamed message, a
snapshot with 1 output token, where tokencost keeps the last): the whole difference
between the two totals is those output tokens, which the report prices.

ccusage is an npm package, installed for the benchmark only:

    npm install --prefix /tmp/ccusage ccusage@18.0.11

(18.0.11 is the last release that is JavaScript and runs on Node 20; the 20.x releases
start a native binary from an optional per-platform package.) The machine is shared:
interleaved runs and medians, and the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.claude_code import generate
from benchmarks.replay.run import measure
from tokencost.catalogue import load_catalogue

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "catalogue"
CCUSAGE = Path("/tmp/ccusage/node_modules/ccusage/dist/index.js")
MILLION = Decimal(1_000_000)


def tokencost() -> str:
    beside = Path(sys.executable).parent / "tokencost"
    found = str(beside) if beside.exists() else shutil.which("tokencost")
    if not found:
        sys.exit("tokencost is not installed for this interpreter: pip install -e '.[fast]'")
    return found


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds of the whole process tree, peak MiB of the tree, stdout),
    the tree polled from /proc as benchmarks/replay/run.py does."""
    done = measure(command, env)
    return done.wall, done.cpu, done.memory_sum_kib / 1024, done.output.decode()


def expected_cost(sums: dict[str, list[int]]) -> tuple[Decimal, list[int]]:
    """Cost and [requests, input, cache read, cache write, output] of a rule's sums."""
    catalogue = load_catalogue(str(CATALOGUE))
    cost = Decimal(0)
    totals = [0] * 5
    for model, counts in sums.items():
        entry = catalogue.price_at(catalogue.model(model).id, date(2025, 10, 15), "list")
        _, uncached, read, written, output = counts
        assert entry.cache_read is not None
        assert entry.cache_write is not None
        cost += (
            uncached * entry.input
            + read * entry.cache_read
            + written * entry.cache_write
            + output * entry.output
        ) / MILLION
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return cost, totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ccusage", type=Path, default=CCUSAGE)
    args = parser.parse_args()
    folder = args.folder or Path(f"/tmp/tokencost-claude-code-{args.lines}")
    if not (folder / "expected.json").exists():
        print(f"generating {folder} ...", flush=True)
        generate.write(folder, args.lines)
    if not args.ccusage.exists():
        sys.exit(
            f"ccusage is not at {args.ccusage}: npm install --prefix /tmp/ccusage ccusage@18.0.11"
        )
    expected = json.loads((folder / "expected.json").read_text())
    env = {**os.environ, "CLAUDE_CONFIG_DIR": str(folder), "TZ": "UTC"}
    ours = [tokencost(), "replay", "--claude-code", "--catalogue", str(CATALOGUE), "--json"]
    theirs = ["node", str(args.ccusage), "daily", "--json", "--offline", "--mode", "calculate"]
    theirs += ["--timezone", "UTC"]
    times: dict[str, list[tuple[float, float, float]]] = {"tokencost": [], "ccusage": []}
    outputs: dict[str, str] = {}
    for _ in range(args.runs):
        for name, command in (("tokencost", ours), ("ccusage", theirs)):
            wall, cpu, memory, out = timed(command, env)
            times[name].append((wall, cpu, memory))
            outputs[name] = out
            print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {memory:.0f} MiB", flush=True)
    report(folder, expected, times, outputs, args.ccusage)


def report(
    folder: Path,
    expected: dict[str, Any],
    times: dict[str, list[tuple[float, float, float]]],
    outputs: dict[str, str],
    ccusage: Path,
) -> None:
    ours = json.loads(outputs["tokencost"], parse_float=Decimal)
    theirs = json.loads(outputs["ccusage"])["totals"]
    final_cost, final = expected_cost(expected["final"])
    first_cost, first = expected_cost(expected["first"])
    t = ours["traffic"]
    our_tokens = [t["records"], t["input_tokens"], t["cache_read_tokens"], t["cache_write_tokens"]]
    our_tokens.append(t["output_tokens"] + t["reasoning_tokens"])
    their_tokens = [
        theirs["inputTokens"],
        theirs["cacheReadTokens"],
        theirs["cacheCreationTokens"],
        theirs["outputTokens"],
    ]
    wall = {name: statistics.median(r[0] for r in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(r[1] for r in runs) for name, runs in times.items()}
    memory = {name: max(r[2] for r in runs) for name, runs in times.items()}
    version = json.loads((ccusage.parent.parent / "package.json").read_text())["version"]
    size = sum(f.stat().st_size for f in folder.rglob("*.jsonl"))
    print()
    print(
        f"folder: {folder}, {expected['lines']:,} lines in {expected['sessions']:,} files, "
        f"{size / 2**20:,.0f} MiB; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs (shared machine)"
    )
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"runs: {len(times['tokencost'])} each, interleaved; ccusage {version}, node {node}")
    print()
    print(
        "| command | wall time, median | CPU time (all processes), median | peak memory | lines/s |"
    )
    print("|---|---|---|---|---|")
    for name in ("tokencost", "ccusage"):
        print(
            f"| {name} | {wall[name]:.2f} s | {cpu[name]:.2f} s | {memory[name]:,.0f} MiB | "
            f"{expected['lines'] / wall[name]:,.0f} |"
        )
    print(
        f"\ntokencost is {wall['ccusage'] / wall['tokencost']:.2f}x faster (median wall time), "
        f"{cpu['ccusage'] / cpu['tokencost']:.2f}x less CPU"
    )
    print()
    print(f"tokencost: {our_tokens[0]:,} messages, cost ${ours['actual']['cost']}")
    print(f"  expected (last line of each message): {final[0]:,} messages, ${final_cost}")
    print(
        f"  tokens equal: {our_tokens == final}; cost equal: {ours['actual']['cost'] == final_cost}"
    )
    print(f"ccusage: cost ${theirs['totalCost']}")
    print(f"  expected (first line of each message): ${first_cost}")
    print(
        f"  tokens equal: {their_tokens == first[1:]}; cost differs by "
        f"{abs(Decimal(str(theirs['totalCost'])) - first_cost):.2E} (floating point)"
    )
    print(
        f"the difference, ${final_cost - first_cost}, is {final[4] - first[4]:,} output tokens "
        "ccusage reads from streaming snapshots (1 token each) instead of the final count"
    )


if __name__ == "__main__":
    main()

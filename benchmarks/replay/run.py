"""Benchmark of ``tokencost replay`` end to end: records a second and peak memory.

Run by hand, never as a test (timings on a shared machine are noisy):

    python -m benchmarks.replay.run          # from the repository root: 100k and 1M records
    python -m benchmarks.replay.run --sizes 100k,1m,10m --reference --others --pure
    python -m benchmarks.replay.run --sizes 1m --dimensions --source list --reference

For each size it generates a realistic JSON Lines log under /tmp (kept for the next
run; ``--clean`` removes them; never commit them), then runs the installed
``tokencost replay LOG --json`` as a subprocess, several times, and reports:

- wall time and records a second (lines read / wall time, start-up included), and
  the CPU time of its process tree (records per CPU second varies less than wall time
  on a machine shared with other work);
- peak memory: while it runs, the peak resident size (VmHWM) of every process of its
  tree (the command, the fork server, the workers) is read from /proc; the sum of
  those peaks bounds the memory it ever held at once, the largest is one process;
- ``--pure``: the same with the pure-Python reader (``TOKENCOST_REPLAY_PARSER=python``);
- ``--reference``: whether its totals equal, to the last digit, a slow record-by-record
  Decimal reference (``reference.py``) over the same file;
- ``--dimensions``: a log with long prompts, batch records, 1-hour cache writes, UTC
  offsets and batch output lines (``generate.py --dimensions``), and ``--source``
  the catalogue source to price it with (``list`` has cache prices and a tier);
- ``--others``: records a second of a loop over genai-prices' ``calc_price`` and
  litellm's ``cost_per_token`` on the first records of the same log (json.loads and
  reading the usage included), when those packages are installed (they are never
  tokencost dependencies).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.replay import generate, reference

AS_OF = "2026-06-30"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def command() -> str:
    """The ``tokencost`` script beside this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "tokencost"
    found = str(beside) if beside.exists() else shutil.which("tokencost")
    if not found:
        sys.exit("tokencost is not installed for this interpreter: pip install -e '.[fast]'")
    return found


def log_for(size: str, dimensions: bool = False) -> Path:
    path = Path(f"/tmp/tokencost-replay-{size}{'-dimensions' if dimensions else ''}.jsonl")
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        partial = path.with_suffix(".partial")
        generate.write(
            str(partial),
            SIZES[size],
            generate.DEFAULT_MODELS,
            date(2026, 6, 1),
            30,
            dimensions=dimensions,
        )
        partial.rename(path)
    return path


def tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def peak_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Run:
    """One measured run of the command."""

    wall: float
    memory_sum_kib: int
    memory_largest_kib: int
    cpu: float
    output: bytes


def measure(args: list[str], env: dict[str, str]) -> Run:
    """Run ``args``, polling its process tree for peak memory and CPU time."""
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    chunks: list[bytes] = []
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    while process.poll() is None:
        for pid in tree(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), peak_kib(pid))
            cpu[pid] = max(cpu.get(pid, 0.0), cpu_seconds(pid))
        chunk = process.stdout.read()
        if chunk:
            chunks.append(chunk)
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    rest = process.stdout.read()
    if rest:
        chunks.append(rest)
    if process.returncode:
        sys.exit(f"{' '.join(args)} failed: {process.stderr.read() if process.stderr else ''!r}")
    largest = max(peaks.values(), default=0)
    return Run(elapsed, sum(peaks.values()), largest, sum(cpu.values()), b"".join(chunks))


def run_tokencost(
    path: Path, runs: int, env: dict[str, str], source: str | None = None
) -> tuple[dict[str, Any], str]:
    args = [command(), "replay", str(path), "--json", "--as-of", AS_OF]
    if source:
        args += ["--source", source]
    done = [measure(args, env) for _ in range(runs)]
    doc = json.loads(done[-1].output, parse_float=Decimal)
    lines = doc["accounting"]["lines_read"]
    wall = statistics.median(r.wall for r in done)
    cpu = statistics.median(r.cpu for r in done)
    report = (
        f"{lines / wall:>10,.0f} records/s, {wall:.2f} s (median of {runs}; best "
        f"{min(r.wall for r in done):.2f} s); CPU {cpu:.1f} s = {lines / cpu:,.0f} records "
        f"per CPU second; peak memory {max(r.memory_sum_kib for r in done) / 1024:.0f} MiB "
        f"all processes, {max(r.memory_largest_kib for r in done) / 1024:.0f} MiB largest"
    )
    return doc, report


def check_reference(path: Path, doc: dict[str, Any], source: str | None = None) -> str:
    catalogue = reference.Catalogue.read(reference.REPO / "prices", source)
    candidates = [c["model"] for c in doc["candidates"]]
    start = time.perf_counter()
    totals = reference.price_log(path, catalogue, date.fromisoformat(AS_OF), candidates)
    elapsed = time.perf_counter() - start
    same = (
        totals.actual == doc["actual"]["cost"]
        and totals.priced == doc["accounting"]["records_priced"]
        and totals.lines == doc["accounting"]["lines_read"]
        and all(totals.candidates[c["model"]] == c["cost"] for c in doc["candidates"])
    )
    verdict = "EQUAL to the last digit" if same else "DIFFERENT"
    return (
        f"reference: {verdict} (actual {totals.actual} USD; reference took {elapsed:.1f} s, "
        f"{totals.lines / elapsed:,.0f} records/s)"
    )


def usage_of(record: dict[str, Any]) -> tuple[str, int, int, int, int]:
    """(model, input incl. cache, cache read, cache write, output) as those libraries take."""
    usage = record.get("usage") or record
    if "prompt_tokens" in usage:
        cached = usage.get("prompt_tokens_details", {}).get("cached_tokens", 0)
        return record["model"], usage["prompt_tokens"], cached, 0, usage["completion_tokens"]
    if "input_tokens_details" in usage:
        cached = usage["input_tokens_details"].get("cached_tokens", 0)
        return record["model"], usage["input_tokens"], cached, 0, usage["output_tokens"]
    read = usage.get("cache_read_input_tokens", 0) + usage.get("cached_tokens", 0)
    write = usage.get("cache_creation_input_tokens", 0)
    inputs = usage.get("input_tokens", 0) + usage.get("cache_read_input_tokens", 0) + write
    return record["model"], inputs, read, write, usage.get("output_tokens", 0)


KNOWN = {  # names those libraries know for the generated models (others: gpt-5.5)
    "gpt-5.5": ("gpt-5.5", "openai", "gpt-5.5"),
    "claude-opus-4.8": ("claude-opus-4-8", "anthropic", "claude-opus-4-8"),
    "deepseek-v4-pro": ("deepseek-v4-pro", "deepseek", "deepseek/deepseek-chat"),
}


def library_name(written: str) -> tuple[str, str, str]:
    """(genai-prices model, its provider, litellm model) for a generated model name."""
    name = written.split("/")[-1]
    for model_id, known in KNOWN.items():
        if name.startswith(model_id):
            return known
    return KNOWN["gpt-5.5"]


def others(path: Path, count: int) -> list[str]:
    with open(path, "rb") as handle:
        lines = [handle.readline() for _ in range(count)]
    found = []
    try:
        genai = importlib.import_module("genai_prices")
    except ImportError:
        found.append("genai-prices: not installed (pip install genai-prices)")
    else:
        found.append(_time_loop("genai-prices calc_price", lines, _genai_call(genai)))
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        litellm = importlib.import_module("litellm")
    except ImportError:
        found.append("litellm: not installed (pip install litellm)")
    else:
        found.append(_time_loop("litellm cost_per_token", lines, _litellm_call(litellm)))
    return found


def _genai_call(genai: Any) -> Any:
    def call(model: str, inputs: int, read: int, write: int, output: int) -> object:
        ref, provider, _ = library_name(model)
        usage = genai.Usage(
            input_tokens=inputs, cache_read_tokens=read, cache_write_tokens=write,
            output_tokens=output,
        )  # fmt: skip
        return genai.calc_price(usage, model_ref=ref, provider_id=provider).total_price

    return call


def _litellm_call(litellm: Any) -> Any:
    def call(model: str, inputs: int, read: int, write: int, output: int) -> object:
        _, _, ref = library_name(model)
        return litellm.cost_per_token(
            model=ref, prompt_tokens=inputs, completion_tokens=output,
            cache_read_input_tokens=read, cache_creation_input_tokens=write,
        )  # fmt: skip

    return call


def _time_loop(name: str, lines: list[bytes], call: Any) -> str:
    priced = 0
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # litellm prints on unknown models
        for line in lines:
            try:
                record = json.loads(line)
                call(*usage_of(record))
                priced += 1
            except Exception:  # broken lines, unknown models: skipped, as tokencost does
                continue
    elapsed = time.perf_counter() - start
    return (
        f"{name}: {len(lines) / elapsed:,.0f} records/s ({len(lines):,} records, "
        f"{priced:,} priced, in process)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m", help="comma-separated: 100k, 1m, 10m")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--pure", action="store_true", help="also the pure-Python reader")
    parser.add_argument("--reference", action="store_true", help="check exactness (slow)")
    parser.add_argument("--others", action="store_true", help="genai-prices and litellm loops")
    parser.add_argument("--others-records", type=int, default=20_000)
    parser.add_argument("--clean", action="store_true", help="remove the generated logs")
    parser.add_argument("--dimensions", action="store_true", help="tiers, batch, offsets ...")
    parser.add_argument("--source", default=None, help="catalogue source (default: its own)")
    args = parser.parse_args()
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    print(f"tokencost replay benchmark on {os.cpu_count()} CPUs, {sys.executable}")
    for size in sizes:
        path = log_for(size, args.dimensions)
        print(f"\n{size}: {path} ({path.stat().st_size / 2**20:,.0f} MiB)", flush=True)
        env = {k: v for k, v in os.environ.items() if k != "TOKENCOST_REPLAY_PARSER"}
        doc, report = run_tokencost(path, args.runs, env, args.source)
        print(f"  tokencost replay (msgspec): {report}", flush=True)
        if args.pure:
            pure = {**env, "TOKENCOST_REPLAY_PARSER": "python"}
            _, report = run_tokencost(path, 1, pure, args.source)
            print(f"  tokencost replay (pure Python): {report}", flush=True)
        if args.reference:
            print(f"  {check_reference(path, doc, args.source)}", flush=True)
        if args.others:
            for line in others(path, min(args.others_records, SIZES[size])):
                print(f"  {line}", flush=True)
        if args.clean:
            path.unlink()


if __name__ == "__main__":
    main()

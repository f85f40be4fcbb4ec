"""Cold validation of the shipped catalogue: how long a run without the cache takes.

Run by hand, not in the test suite:

    python benchmarks/catalogue.py            # 9 runs of each, interleaved
    python benchmarks/catalogue.py --runs 21

It times, interleaved so drift hits all alike, each in a fresh process:

- baseline: ``python -c "import typer, rich, pydantic"``;
- cold: ``load_catalogue()`` of the shipped catalogue with ``TOKENCOST_NO_CACHE=1``
  (read every file, parse the TOML, validate with pydantic, the rules across files,
  the digest);

and prints each median of the wall and of the CPU time (user + system, which moves
less when other work shares the machine; the target: cold under 2 s on the project's
2-core machine), then, in this process, where the cold time goes (parse, validate, cross-file rules,
digest).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

COLD = "from tokencost.catalogue import load_catalogue; load_catalogue()"
BASELINE = "import typer, rich, pydantic"


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process) of one run of ``code``."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    return time.perf_counter() - start, _cpu() - cpu


def stages() -> dict[str, float]:
    """Seconds of each stage of a cold validation, in this process."""
    from tokencost.catalogue.crossfile import cross_file_problems
    from tokencost.catalogue.load import catalogue_files, default_catalogue_path, digest_of
    from tokencost.catalogue.schema import Manifest, ProviderFile
    from tokencost.errors import CatalogueError
    from tokencost.validation import parse_toml, validate

    folder = default_catalogue_path()
    found: dict[str, float] = {}
    start = time.perf_counter()
    contents = {path: path.read_bytes() for path in catalogue_files(folder)}
    raw = {path: parse_toml(path, text, CatalogueError) for path, text in contents.items()}
    found["read and parse TOML"] = time.perf_counter() - start
    start = time.perf_counter()
    manifest = validate(Manifest, raw.pop(folder / "manifest.toml"))
    files = {str(path): validate(ProviderFile, data) for path, data in raw.items()}
    found["validate (pydantic, schema built)"] = time.perf_counter() - start
    start = time.perf_counter()
    problems = list(cross_file_problems(manifest, files))
    found["rules across files"] = time.perf_counter() - start
    start = time.perf_counter()
    digest_of(manifest, files.values())
    found["digest"] = time.perf_counter() - start
    assert not problems, problems[0]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    env = dict(os.environ, TOKENCOST_NO_CACHE="1")
    env.pop("TOKENCOST_CATALOGUE", None)
    times: dict[str, list[tuple[float, float]]] = {"baseline": [], "cold": []}
    timed(COLD, env)  # bytecode written once
    for _ in range(args.runs):
        times["baseline"].append(timed(BASELINE, env))
        times["cold"].append(timed(COLD, env))
    wall = {name: statistics.median(t[0] for t in runs) for name, runs in times.items()}
    cpu = {name: statistics.median(t[1] for t in runs) for name, runs in times.items()}
    print(f"{args.runs} runs each, medians; load average {os.getloadavg()[0]:.1f} at the end")
    for name in times:
        print(
            f"{name:9} wall {wall[name]:.3f} s ({wall[name] / wall['baseline']:.2f}x)  "
            f"CPU {cpu[name]:.3f} s ({cpu[name] / cpu['baseline']:.2f}x)"
        )
    verdict = "under" if wall["cold"] < 2 else "OVER"
    print(f"cold validation: {verdict} the 2 s target (wall; CPU {cpu['cold']:.3f} s)")
    print("\nwhere a cold validation goes (this process):")
    for stage, seconds in stages().items():
        print(f"  {stage:36} {seconds:.3f} s")
    print(f"\ncatalogue: {Path(__file__).resolve().parent.parent / 'prices'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

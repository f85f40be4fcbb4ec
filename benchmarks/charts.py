"""Chart files: tokencost's own SVG writer against matplotlib drawing the same chart.

Run by hand, not in the test suite, in an environment that has matplotlib as well
(it is no dependency of tokencost; without it only tokencost's side is measured):

    python -m venv /tmp/mpl && /tmp/mpl/bin/pip install -e . matplotlib
    /tmp/mpl/bin/python benchmarks/charts.py --runs 20 --out /tmp/charts

It measures, interleaved so drift hits all alike (medians of ``--runs``):

- start-up: ``python -c "pass"``, importing tokencost's SVG writer, importing
  matplotlib with its SVG backend;
- a whole run: ``tokencost compare`` without and with ``--svg``, against a script that
  computes nothing and only draws the same five bars on the same log axis with
  matplotlib;
- the files: their size, and whether their text is text (searchable, selectable,
  set in the viewer's font) or glyph outlines;
- the installed size of matplotlib and every package it brings in.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

MATPLOTLIB_CHART = """
import sys
import matplotlib
matplotlib.use("svg")
matplotlib.rcParams["svg.fonttype"] = sys.argv[2]
import matplotlib.pyplot as plt
labels = ["glm-5-flash", "deepseek-v4-pro", "llama-4-maverick", "gpt-5.5", "claude-opus-4.8"]
costs = [0, 13.125, 900, 1312.5, 1800]
texts = ["$0.00", "$13.13", "$900.00", "$1,312.50", "$1,800.00"]
figure, axes = plt.subplots(figsize=(8.6, 2.6))
axes.barh(labels, costs, color=["C0", "C1", "C2", "C3", "C4"])
axes.set_xscale("log")
axes.set_xlim(10, 10000)
axes.invert_yaxis()
for row, (cost, text) in enumerate(zip(costs, texts)):
    axes.text(max(cost, 10) * 1.05, row, text, va="center")
axes.set_title("Monthly cost, workload 'default': 10M tokens/day, 3:1 (log scale)")
figure.tight_layout()
figure.savefig(sys.argv[1])
"""
MATPLOTLIB_DISTRIBUTIONS = (
    "matplotlib",
    "numpy",
    "pillow",
    "fonttools",
    "kiwisolver",
    "contourpy",
    "cycler",
    "pyparsing",
    "python-dateutil",
    "packaging",
    "six",
)


def timed(args: list[str]) -> Callable[[], float]:
    def once() -> float:
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        return time.perf_counter() - start

    return once


def installed_size(names: tuple[str, ...]) -> tuple[int, list[str]]:
    """Bytes on disk of these distributions' files, and the names found."""
    total, found = 0, []
    for name in names:
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        found.append(f"{name} {dist.version}")
        for file in dist.files or ():
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
    return total, found


def describe(path: Path) -> str:
    text = path.read_text()
    kind = "text as <text>" if "<text" in text else "text as glyph outlines"
    return f"{path.stat().st_size:,} bytes, {kind}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("/tmp/tokencost-charts"))
    options = parser.parse_args()
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    tool = str(Path(python).parent / "tokencost")
    has_matplotlib = importlib.util.find_spec("matplotlib") is not None
    script = out / "matplotlib_chart.py"
    script.write_text(MATPLOTLIB_CHART)
    cases: dict[str, Callable[[], float]] = {
        "python -c pass": timed([python, "-c", "pass"]),
        "import tokencost.render.svg": timed([python, "-c", "import tokencost.render.svg"]),
        "tokencost compare": timed([tool, "compare", "--as-of", "2026-06-15"]),
        "tokencost compare --svg": timed(
            [tool, "compare", "--as-of", "2026-06-15", "--svg", str(out / "tokencost.svg")]
        ),
    }
    if has_matplotlib:
        cases["import matplotlib (svg backend)"] = timed(
            [python, "-c", "import matplotlib; matplotlib.use('svg'); import matplotlib.pyplot"]
        )
        for fonttype in ("path", "none"):
            cases[f"matplotlib bars, svg.fonttype={fonttype}"] = timed(
                [python, str(script), str(out / f"matplotlib-{fonttype}.svg"), fonttype]
            )
    for once in cases.values():  # warm-up: bytecode, caches, matplotlib's font list
        once()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(options.runs):
        for name, once in cases.items():
            times[name].append(once())
    base = statistics.median(times["python -c pass"])
    print(f"{options.runs} interleaved runs, medians:")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:42} {median * 1000:7.1f} ms  ({median / base:.2f}x python -c pass)")
    print("files:")
    for path in sorted(out.glob("*.svg")):
        print(f"  {path.name:28} {describe(path)}")
    size, found = installed_size(MATPLOTLIB_DISTRIBUTIONS)
    if found:
        print(f"matplotlib and what it brings: {size / 2**20:.1f} MiB on disk ({', '.join(found)})")


if __name__ == "__main__":
    main()

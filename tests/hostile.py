"""A corpus of hostile names, and files that carry them into every command.

Each name is something a user's file may hold that an output must not act on: rich
markup, terminal escape codes (CSI, OSC, 8-bit C1), bidirectional overrides, formulas
a spreadsheet runs, markdown and HTML a PR comment renders, line breaks that forge a
GitHub annotation, and text wider than any terminal. :func:`hostile_files` writes a
catalogue, a profile, a budget file and a usage log whose every free-text field is
one of them; tests/house/test_hostile_names.py runs every command and format over them, and
tests/hostile_run.py feeds them (and much else) to the real process.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import tomli_w

NAMES: dict[str, str] = {
    "markup": "[bold red]RED[/] [link=https://evil.example]click[/link]",
    "csi": "clear\x1b[2J\x1b[Hscreen",
    "osc": "title\x1b]0;pwned\x07set",
    "c1": "eight-bit\x9b31mcsi",
    "bidi": "evil\u202egnp.exe",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "plus": "+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "markdown": "**bold** <img src=x onerror=alert(1)> [x](http://evil.example) @octocat #1 `t`",
    "newline": "line1\nline2\r\n::error::forged",
    "pipe": "a|b||c",
    "wide": "模型名称🚀",
    "long": "x" * 300,
}
"""Hostile names by what they try."""

MODELS = tuple(f"m-{key}" for key in NAMES)
"""Model ids of the hostile catalogue (ids are identifiers; their names are hostile)."""


@dataclass(frozen=True)
class HostileFiles:
    """The files :func:`hostile_files` wrote."""

    catalogue: Path
    profile: Path
    budget: Path
    log: Path
    csv_log: Path


def hostile_files(folder: Path) -> HostileFiles:
    """Write a catalogue, a profile, a budget file and usage logs full of hostile names."""
    names = list(NAMES.values())
    catalogue = folder / "catalogue"
    catalogue.mkdir(parents=True, exist_ok=True)
    _toml(
        catalogue / "manifest.toml",
        {
            "name": names[0],
            "version": "2026.01.0",
            "updated": date(2026, 1, 15),
            "currency": "USD",
            "default_source": "book",
            "sources": {
                "book": {"title": names[1], "author": names[2], "note": names[3]},
                "list": {"title": names[4], "url": names[5]},
            },
        },
    )
    models = []
    for index, (key, name) in enumerate(NAMES.items()):
        price = Decimal(index + 1) / 4
        models.append(
            {
                "id": f"m-{key}",
                "name": name,
                "aliases": [f"acme/m-{key}"],
                "architecture": "dense",
                "weights": "open",
                "note": names[-1 - index],
                "prices": [
                    {
                        "effective": date(2026, 1, 1),
                        "source": "book",
                        "input": price,
                        "output": price * 3,
                        "note": name,
                        "derived": names[(index + 3) % len(names)],
                    },
                    {
                        "effective": date(2026, 1, 1),
                        "source": "list",
                        "input": price * 2,
                        "output": price * 5,
                        "note": names[(index + 5) % len(names)],
                    },
                ],
            }
        )
    _toml(catalogue / "acme.toml", {"provider": "acme", "name": names[6], "models": models})
    profile = _toml(
        folder / "profile.toml",
        {
            "name": NAMES["markdown"],
            "description": NAMES["osc"],
            "tokens_per_day": "10M",
            "ratio": "3:1",
            "mix": [
                {
                    "name": NAMES["formula"],
                    "parts": [
                        {"model": MODELS[0], "share": "10%"},
                        {"model": MODELS[1], "share": "90%"},
                    ],
                }
            ],
            "projection": {"months": 3, "growth": "8%"},
            "selfhost": {
                "gpu_hourly": Decimal("3.5"),
                "gpus": 2,
                "tokens_per_second": 2500,
                "utilization": "60%",
                "model": MODELS[2],
            },
        },
    )
    budget = _toml(
        folder / "tokencost.toml",
        {
            "budgets": [
                {
                    "name": name,
                    "workloads": [{"name": NAMES["bidi"], "tokens_per_day": "10M", "ratio": "3:1"}],
                    "model": MODELS[index % len(MODELS)],
                    "monthly_limit": 5,
                    "warn_at": Decimal("0.5"),
                }
                for index, name in enumerate(names)
            ]
        },
    )
    records = [
        {
            "timestamp": "2026-01-10T10:00:00Z",
            "model": name,
            "input_tokens": 100,
            "output_tokens": 10,
        }
        for name in names
    ] + [
        {
            "timestamp": "2026-01-10T10:00:00Z",
            "model": model,
            "input_tokens": 1000,
            "output_tokens": 100,
        }
        for model in MODELS
    ]
    log = folder / "usage.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    csv_log = folder / "usage.csv"
    rows = ["day,model,input_tokens,output_tokens"]
    rows += [f'2026-01-10,"{name.replace(chr(34), chr(34) * 2)}",100,10' for name in names]
    rows += [f"2026-01-10,{model},1000,100" for model in MODELS]
    csv_log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return HostileFiles(catalogue, profile, budget, log, csv_log)


def _toml(path: Path, data: dict[str, object]) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


RAW = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""A control character no drawn text may hold raw (the line feed aside)."""
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\x00")
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def check_output(fmt: str, out: str) -> None:
    """The invariants of ``out``, one format's output, on a terminal or not:

    - table, CSV and SQL: no control character but the line feed (and in SQL the tab),
      markup shown literally;
    - markdown and the GitHub job summary: no control character, no live HTML,
      emphasis, link, mention or issue link;
    - CSV: no cell a spreadsheet would run (OWASP: the cell is prefixed with ``'``);
    - JSON: valid, no raw C1 or bidirectional character in the text;
    - GitHub annotations: one line each, no forged ``::`` command;
    - JUnit XML: well formed, no control character.
    """
    assert out.strip()
    if fmt == "sql":
        assert RAW.search(out.replace("\t", " ")) is None  # a tab in a text: layout only
        return
    if fmt == "json":
        assert re.search("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]", out) is None
        json.loads(out)
        return
    if fmt == "junit":
        assert RAW.search(out) is None
        ElementTree.fromstring(out.encode())
        return
    if fmt == "csv":
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                assert not cell.startswith(FORMULA) or NUMBER.fullmatch(cell), cell
        assert RAW.search(out.replace("\r\n", "\n")) is None
        return
    assert RAW.search(out) is None
    if fmt == "table":
        return
    if fmt == "github":
        for line in out.splitlines():
            assert line.startswith(("::error ", "::warning ", "::notice ")) or "::" not in line
        return
    # markdown: nothing a renderer would act on
    assert "<img" not in out
    assert re.search(r"(?<!\\)\]\(http", out) is None
    assert "**bold**" not in out
    assert re.search(r"(?<![\w&])@octocat", out) is None
    assert re.search(r"(?<!\\)\[bold red\]", out) is None


"""A corpus of hostile names, and files that carry them into every command.

Each name is something a user's file may hold that an output must not act on: rich
markup, terminal escape codes (CSI, OSC, 8-bit C1), bidirectional overrides, formulas
a spreadsheet runs, markdown and HTML a PR comment renders, line breaks that forge a
GitHub annotation, and text wider than any terminal. :func:`hostile_files` writes a
catalogue, a profile, a budget file and a usage log whose every free-text field is
one of them; tests/house/test_hostile_names.py runs every command and format over them, and
tests/hostile_run.py feeds them (and much else) to the real process. :func:`hostile_log`
writes a log of each format ``tokencost replay`` reads with them as its model, project
and session names (tests/house/test_hostile_replay.py); :func:`check_output` holds what
every output format must show of them.
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


# -- the usage logs replay reads, carrying hostile names ---------------------------------

LOGS = Path(__file__).resolve().parent / "data" / "logs"
"""The fixtures of every format `tokencost replay` reads (tests/data/logs), and their catalogue."""


@dataclass(frozen=True)
class HostileLog:
    """A usage log of one format whose model names and labels are the hostile names.

    ``path``: the file or folder to replay; ``models``: the model names it carries that
    the catalogue does not know, as listed not priced (without the white space around
    them, which a model name and a CSV cell are read without); ``labels``: ``--by`` (project,
    session) to the group names it carries. Every log also holds priced records."""

    path: Path
    models: frozenset[str]
    labels: dict[str, frozenset[str]]


_FIXTURES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # format: (fixture, its model names, project names, session names to replace)
    "openai-usage": (
        "openai-usage-page.json",
        ("gpt-4o-mini-2024-07-18",),
        ("proj_4BhNtYH0z7dWbBtzhibxa65W",),
        (),
    ),
    "openai-usage export": (
        "openai-usage-export.csv",
        ("gpt-4o-2024-08-06",),
        ("proj_4BhNtYH0z7dWbBtzhibxa65W",),
        (),
    ),
    "anthropic-usage": (
        "anthropic-usage-report.json",
        ("claude-haiku-4-5-20251001",),
        ("wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ",),
        (),
    ),
    "litellm": (
        "litellm-spend-logs.json",
        ("gpt-4o",),
        (),
        ("9f1c2b7a-5d2e-4c31-8b0a-6a7e9d3c1f20",),
    ),
    # (the conversation's span keeps its model: groups count priced records only)
    "otel": ("otel-traces.jsonl", ("claude-sonnet-4-5",), ("support-bot",), ("conv-1",)),
    "langfuse": ("langfuse-observations.json", ("gpt-4o-mini",), ("cm1proj000",), ()),
    "helicone": ("helicone-export.jsonl", ("gpt-4o-mini",), (), ("sess-9",)),
    "openrouter": ("openrouter-generations.jsonl", ("google/gemini-2.5-flash",), (), ()),
    "gemini": ("gemini-responses.jsonl", ("gemini-2.5-flash",), (), ()),
    "vercel-ai": ("vercel-ai-usage.jsonl", ("gpt-4o-mini",), (), ()),
}
_IDS = re.compile(r'("(?:id|requestId|responseId|request_id)"\s*:\s*"[^"]*)"')
"""The ids a reader counts a message once by: each copy of a fixture gets its own."""
FORMATS = (*_FIXTURES, "claude-code", "records", "records csv", "parquet")
"""Every format `tokencost replay` reads (docs/replay-formats.md), by name."""


def hostile_log(folder: Path, fmt: str) -> HostileLog:
    """A log of ``fmt`` (one of :data:`FORMATS`) in ``folder``: one copy of its fixture
    per hostile name, that name in place of the fixture's (last) model name and of its
    project and session names; the tokencost flat shapes written from scratch."""
    folder.mkdir(parents=True, exist_ok=True)
    names = list(NAMES.values())
    if fmt == "claude-code":
        return _claude_code(folder, names)
    if fmt in ("records", "records csv", "parquet"):
        return _records(folder, fmt, names)
    fixture, models, projects, sessions = _FIXTURES[fmt]
    text = (LOGS / fixture).read_text(encoding="utf-8")
    for index, name in enumerate(names):
        copy = text if fixture.endswith(".csv") else _IDS.sub(rf'\1-{index}"', text)
        for value in (*models, *projects, *sessions):
            copy = _replace(copy, value, name, csv_file=fixture.endswith(".csv"))
        (folder / f"{index:02d}-{fixture}").write_text(copy, encoding="utf-8")
    shown = _trimmed(names) if fixture.endswith(".csv") else frozenset(names)
    labels = {
        "project": shown if projects else frozenset(),
        "session": shown if sessions else frozenset(),
    }
    return HostileLog(folder, _trimmed(names), labels)


def _replace(text: str, value: str, name: str, *, csv_file: bool) -> str:
    if csv_file:
        quoted = '"' + name.replace('"', '""') + '"'
        return text.replace(f",{value},", f",{quoted},")
    return text.replace(json.dumps(value), json.dumps(name))


def _claude_code(folder: Path, names: list[str]) -> HostileLog:
    """Claude Code's projects folder: a project per hostile name (its folder: the name,
    or ``slash-N`` where it holds a ``/``, at most 200 characters), the name as every
    session id and as the Haiku model's name."""
    projects = folder / "projects"
    found: set[str] = set()
    for index, name in enumerate(names):
        project = (name if "/" not in name else f"slash-{index}")[:200]
        found.add(project)
        for source in sorted((LOGS / "claude-code" / "projects").glob("*/*.jsonl")):
            text = _IDS.sub(rf'\1-{index}"', source.read_text(encoding="utf-8"))
            session = f'"sessionId": {json.dumps(name)}'.replace("\\", "\\\\")
            text = re.sub(r'"sessionId": "[^"]*"', session, text)
            text = text.replace('"claude-haiku-4-5-20251001"', json.dumps(name))
            target = projects / project / f"{source.parent.name}-{source.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    labels = {"project": frozenset(found), "session": frozenset(names)}
    return HostileLog(projects, _trimmed(names), labels)


def _records(folder: Path, fmt: str, names: list[str]) -> HostileLog:
    """tokencost's flat records (JSON Lines, CSV or Parquet): for each name a priced
    record and an unpriced one of that model, both with that project and session."""
    rows = [
        {
            "timestamp": "2025-10-10T10:00:00Z",
            "model": model,
            "project": name,
            "session": name,
            "input_tokens": 1000,
            "output_tokens": 100,
        }
        for name in names
        for model in ("gpt-4o", name)
    ]
    if fmt == "records":
        path = folder / "usage.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    elif fmt == "records csv":
        path = folder / "usage.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = folder / "usage.parquet"
        pq.write_table(pa.Table.from_pylist(rows), path)
    every = _trimmed(names) if fmt == "records csv" else frozenset(names)
    return HostileLog(path, _trimmed(names), {"project": every, "session": every})


def _trimmed(names: list[str]) -> frozenset[str]:
    """The names as a model name or a CSV cell is read: without white space around."""
    return frozenset(name.strip() for name in names)

"""Generate a Claude Code projects folder: sessions as Claude Code writes them.

    python -m benchmarks.claude_code.generate 1000000 /tmp/claude-1m

writes ``<out>/projects/<project>/<session>.jsonl`` (about 500 lines a session, 20
projects) and ``<out>/expected.json``: the token sums per model the two counting rules
give, so a run can be checked to the token:

- ``final``: each message once, by ``message.id`` and ``requestId``, its last line
  within a file (the final usage), its first file across files (tokencost's rule);
- ``first``: each message once, its first line wherever it is (ccusage's rule).

Each turn: a user prompt, then a response written a line per content block (thinking,
text, tool calls: 1 to 4 lines sharing the message's id and request id; usage is a
streaming snapshot, ``output_tokens`` 1 on the earlier lines and the final count on
the last), then a tool result per tool call (0.5 to 8 kB of file contents). The
prompt grows with the session (cache reads up to about 150,000 tokens; never over
200,000, so no long-context price applies), cache writes are 5-minute ones. 2% of
sessions are resumed: after the project's previous session ends, they start with a
copy of its last messages (lines Claude Code copies; counted once). Some sessions start with a
summary line; 0.5% of responses are Claude Code's own ``<synthetic>`` notices. Models:
Claude Sonnet 4.5 (70%), Haiku 4.5 (20%), Opus 4.5 (10%). Timestamps over 30 days of
October 2025, UTC. The same seed gives the same folder.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

MODELS = (
    ("claude-sonnet-4-5-20250929", 0.7),
    ("claude-haiku-4-5-20251001", 0.2),
    ("claude-opus-4-5-20251101", 0.1),
)
START = datetime(2025, 10, 1, tzinfo=UTC)
PROJECTS = 20
LINES_PER_SESSION = 500
WORDS = [
    *(
        [
            "def",
            "class",
            "return",
            "import",
            "self",
            "value",
            "tokens",
            "price",
            "model",
            "cache",
            "read",
            "write",
            "the",
            "a",
            "of",
        ]
    ),
    *(
        [
            "to",
            "in",
            "for",
            "with",
            "on",
            "test",
            "assert",
            "data",
            "file",
            "path",
            "line",
            "json",
            "usage",
            "cost",
            "total",
            "day",
        ]
    ),
    "month",
]


_BLOB = " ".join(random.Random(0).choices(WORDS, k=200_000))


def _text(rnd: random.Random, size: int) -> str:
    """``size`` characters of words (a window of a fixed random text)."""
    start = rnd.randrange(len(_BLOB) - size)
    return _BLOB[start : start + size]


class Session:
    """Writes one session's lines and keeps the counts of both rules."""

    def __init__(self, rnd: random.Random, project: str, cwd: str, expected: Expected) -> None:
        self.rnd, self.project, self.cwd, self.expected = rnd, project, cwd, expected
        self.id = str(uuid.UUID(int=rnd.getrandbits(128)))
        self.lines: list[str] = []
        self.parent: str | None = None
        self.context = 0
        self.finals: list[tuple[str, str, str, dict[str, Any]]] = []
        """(line, key, model, usage) of each response's last line."""
        self.end = START

    def line(self, kind: str, when: datetime, extra: dict[str, Any]) -> str:
        me = str(uuid.UUID(int=self.rnd.getrandbits(128)))
        value = {
            "parentUuid": self.parent,
            "isSidechain": False,
            "userType": "external",
            "cwd": self.cwd,
            "sessionId": self.id,
            "version": "2.0.14",
            "gitBranch": "main",
            "type": kind,
            **extra,
            "uuid": me,
            "timestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        self.parent = me
        text = json.dumps(value, separators=(",", ":"))
        self.lines.append(text)
        return text

    def turn(self, when: datetime) -> datetime:
        rnd = self.rnd
        prompt = _text(rnd, rnd.randint(40, 600))
        self.line("user", when, {"message": {"role": "user", "content": prompt}})
        when += timedelta(seconds=rnd.randint(2, 20))
        model = rnd.choices([m for m, _ in MODELS], [w for _, w in MODELS])[0]
        tools = rnd.choice((0, 1, 1, 2, 3))
        blocks = ["thinking"] * rnd.choice((0, 1)) + ["text"] + ["tool_use"] * tools
        synthetic = rnd.random() < 0.005
        written = rnd.choice((0, 0, rnd.randint(200, 8000)))
        usage: dict[str, Any] = {
            "input_tokens": rnd.randint(1, 20),
            "cache_creation_input_tokens": written,
            "cache_read_input_tokens": min(self.context, 150_000),
            "cache_creation": {
                "ephemeral_5m_input_tokens": written,
                "ephemeral_1h_input_tokens": 0,
            },
            "output_tokens": rnd.randint(20, 2000),
            "service_tier": "standard",
        }
        self.context += written + usage["input_tokens"] + rnd.randint(100, 3000)
        message_id = "msg_01" + "".join(
            rnd.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789", k=22)
        )
        request_id = "req_011C" + "".join(rnd.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=18))
        if synthetic:
            model = "<synthetic>"
            blocks = ["text"]
            usage = {
                "input_tokens": 0,
                "output_tokens": 0,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
            }
        key = f"{message_id}:{request_id}"
        for index, kind in enumerate(blocks):
            last = index == len(blocks) - 1
            snapshot = (
                dict(usage) if last else {**usage, "output_tokens": min(1, usage["output_tokens"])}
            )
            block: dict[str, Any]
            if kind == "thinking":
                block = {
                    "type": "thinking",
                    "thinking": _text(rnd, rnd.randint(100, 1500)),
                    "signature": "EqQBCkYIBRgC",
                }
            elif kind == "text":
                block = {"type": "text", "text": _text(rnd, rnd.randint(50, 800))}
            else:
                block = {
                    "type": "tool_use",
                    "id": "toolu_01" + str(rnd.getrandbits(40)),
                    "name": "Read",
                    "input": {"file_path": f"{self.cwd}/src/m{rnd.randint(1, 99)}.py"},
                }
            message = {
                "id": message_id,
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": [block],
                "stop_reason": ("tool_use" if tools else "end_turn") if last else None,
                "stop_sequence": None,
                "usage": snapshot,
            }
            text = self.line("assistant", when, {"message": message, "requestId": request_id})
            if model != "<synthetic>":
                self.expected.line(key, model, snapshot)
            if last and model != "<synthetic>":
                self.finals.append((text, key, model, snapshot))
            when += timedelta(milliseconds=rnd.randint(200, 3000))
        for _ in range(tools):
            content = _text(rnd, rnd.randint(500, 8000))
            result = {
                "role": "user",
                "content": [{"tool_use_id": "toolu_01", "type": "tool_result", "content": content}],
            }
            self.line("user", when, {"message": result, "toolUseResult": {"type": "text"}})
            when += timedelta(seconds=rnd.randint(1, 5))
        self.end = when + timedelta(seconds=rnd.randint(5, 120))
        return self.end


class Expected:
    """Token sums per model under the two rules."""

    def __init__(self) -> None:
        self.final: dict[str, list[int]] = {}
        self.first: dict[str, list[int]] = {}
        self.first_seen: set[str] = set()
        self.file_final: dict[str, tuple[str, dict[str, Any]]] = {}
        self.counted: set[str] = set()

    def line(self, key: str, model: str, usage: dict[str, Any]) -> None:
        if key not in self.first_seen:
            self.first_seen.add(key)
            _add(self.first, model, usage)
        self.file_final[key] = (model, usage)

    def end_file(self) -> None:
        for key, (model, usage) in self.file_final.items():
            if key not in self.counted:
                self.counted.add(key)
                _add(self.final, model, usage)
        self.file_final = {}


def _add(sums: dict[str, list[int]], model: str, usage: dict[str, Any]) -> None:
    found = sums.setdefault(model, [0, 0, 0, 0, 0])
    found[0] += 1
    found[1] += usage["input_tokens"]
    found[2] += usage["cache_read_input_tokens"]
    found[3] += usage["cache_creation_input_tokens"]
    found[4] += usage["output_tokens"]


def write(out: Path, lines: int, seed: int = 11) -> None:
    """Write the folder (about ``lines`` lines) and expected.json."""
    rnd = random.Random(seed)
    expected = Expected()
    previous: dict[str, Session] = {}
    total = 0
    number = 0
    while total < lines:
        project_index = number % PROJECTS
        project = f"-home-dev-work-project{project_index:02d}"
        cwd = f"/home/dev/work/project{project_index:02d}"
        session = Session(rnd, project, cwd, expected)
        when = START + timedelta(seconds=rnd.randint(0, 30 * 86400 - 8 * 3600))
        if project in previous and rnd.random() < 0.02:
            # resumed after the session it continues, with a copy of its last messages
            when = previous[project].end + timedelta(minutes=rnd.randint(1, 600))
            for text, key, model, usage in previous[project].finals[-10:]:
                session.lines.append(text)
                expected.line(key, model, usage)
        elif rnd.random() < 0.3:
            summary = {
                "type": "summary",
                "summary": _text(rnd, 40),
                "leafUuid": str(uuid.UUID(int=rnd.getrandbits(128))),
            }
            session.lines.append(json.dumps(summary, separators=(",", ":")))
        while len(session.lines) < LINES_PER_SESSION and total + len(session.lines) < lines:
            when = session.turn(when)
        folder = out / "projects" / project
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{session.id}.jsonl").write_text("\n".join(session.lines) + "\n")
        expected.end_file()
        previous[project] = session
        total += len(session.lines)
        number += 1
    (out / "expected.json").write_text(
        json.dumps(
            {"lines": total, "sessions": number, "final": expected.final, "first": expected.first},
            indent=1,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lines", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    write(args.out, args.lines, args.seed)


if __name__ == "__main__":
    main()

"""One pull-request comment, created once and then updated in place, through ``gh api``.

The comment carries a hidden marker (an HTML comment on its first line); a later run
finds the comment with the same marker among the pull request's comments and edits it
rather than adding another. The GitHub CLI that runners have does the HTTP, with the
token in ``GH_TOKEN``. A failure of any call (no ``gh``, no permission, an outage) is a
:class:`CommentError` whose message says what went wrong: the caller reports it as a
warning, since the verdict does not depend on the comment.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

GH = "gh"
MAX_BODY = 65_536
"""GitHub's limit on a comment's length, in characters."""
TIMEOUT = 60


class CommentError(Exception):
    """The comment could not be read or written; the message says why."""


@dataclass(frozen=True)
class Posted:
    """A comment written: its id, its address, and whether it was new."""

    id: int
    url: str
    created: bool


def marker(key: str) -> str:
    """The hidden first line that identifies this action's comment for ``key`` (e.g. the
    budget file): ``<!-- tokencost: examples/ci/tokencost.toml -->``."""
    return f"<!-- tokencost: {key.replace('--', '- -')} -->"


def upsert(repository: str, number: int, key: str, body: str) -> Posted:
    """Create the pull request's comment for ``key``, or update the one already there.

    ``body`` is the comment's text below the marker. Raises CommentError.
    """
    mark = marker(key)
    text = f"{mark}\n{body}"
    if len(text) > MAX_BODY:
        raise CommentError(
            f"the report is {len(text):,} characters, more than a comment holds "
            f"({MAX_BODY:,}); it is in the job summary"
        )
    found = [c for c in _comments(repository, number) if str(c.get("body", "")).startswith(mark)]
    if found:
        answer = _call(
            ["--method", "PATCH", f"repos/{repository}/issues/comments/{found[0]['id']}"], text
        )
    else:
        answer = _call(["--method", "POST", f"repos/{repository}/issues/{number}/comments"], text)
    ident = answer.get("id")
    if not isinstance(ident, int):
        raise CommentError(f"gh api answered without a comment id: {answer!r:.200}")
    return Posted(ident, str(answer.get("html_url", "")), not found)


def _comments(repository: str, number: int) -> list[dict[str, object]]:
    """Every comment of the pull request (``--paginate`` prints one JSON array a page)."""
    out = _run(["api", "--paginate", f"repos/{repository}/issues/{number}/comments"])
    text = out.strip()
    decoder = json.JSONDecoder()
    found: list[dict[str, object]] = []
    index = 0
    try:
        while index < len(text):
            page, index = decoder.raw_decode(text, index)
            if not isinstance(page, list):
                raise ValueError("not a list")
            found += [c for c in page if isinstance(c, dict)]
            while index < len(text) and text[index].isspace():
                index += 1
    except ValueError:
        raise CommentError(
            f"gh api listed the comments as something else than JSON arrays: {text!r:.200}"
        ) from None
    return found


def _call(args: list[str], text: str) -> dict[str, object]:
    """``gh api ARGS --input BODY.json`` with ``{"body": text}``; its JSON answer."""
    with tempfile.TemporaryDirectory(prefix="tokencost-comment-") as folder:
        request = Path(folder) / "body.json"
        request.write_text(json.dumps({"body": text}), encoding="utf-8")
        out = _run(["api", *args, "--input", str(request)])
    try:
        answer = json.loads(out)
    except ValueError:
        raise CommentError(f"gh api answered something else than JSON: {out!r:.200}") from None
    if not isinstance(answer, dict):
        raise CommentError(f"gh api answered something else than a comment: {out!r:.200}")
    return answer


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(
            [GH, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise CommentError("the GitHub CLI (gh) is not installed on this runner") from None
    except subprocess.TimeoutExpired:
        raise CommentError(f"gh {args[1]} did not answer within {TIMEOUT} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = lines[-1].strip() if lines else f"exit code {done.returncode}"
        raise CommentError(f"gh api failed: {why}")
    return done.stdout

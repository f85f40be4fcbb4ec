"""``claude-code``: Claude Code session transcripts,
``~/.claude/projects/<project>/<session>.jsonl``.

Each line is one event of a session: user turns, tool results, summaries, snapshots and
assistant messages. An assistant line carries the Anthropic Messages API response it
belongs to under ``message``: ``message.id``, ``message.model`` and ``message.usage``
(Anthropic's counts: ``input_tokens`` without the cache, ``cache_read_input_tokens``,
``cache_creation_input_tokens`` with ``cache_creation.ephemeral_1h_input_tokens`` the
1-hour part, ``output_tokens`` with any thinking), the request's ``requestId`` and the
line's ``timestamp``.

Claude Code writes one line per content block of a response (thinking, text, each tool
call), each repeating the message's id and usage; the usage of the earlier lines is a
snapshot taken while streaming (``output_tokens`` grows), the last line has the final
count. So a message is counted once, by its ``message.id`` and ``requestId`` (the
session when a line has no ``requestId``, as gateways write), keeping its last line;
a message copied into a later session file (a resumed session) is counted once, where
it was read first. Lines that are no model call are *without usage*: user, system and
summary lines, and assistant lines Claude Code writes itself (model ``<synthetic>``,
such as API error notices). A usage block of the wrong type is skipped.

A response in fast mode (``usage.speed`` ``"fast"``) is billed at other prices, which
the catalogue names ``<model>-fast``; without such a model it is listed as not priced.
Project: the folder under ``projects/`` (Claude Code's encoding of the working folder);
session: ``sessionId`` (else the file's name).

Sources: ccusage v18.0.11 ``apps/ccusage/src/data-loader.ts`` (the line schema and the
``messageId:requestId`` key; it keeps the first line of a message, see ccusage issue
#901 for why the last is the final one), https://github.com/ryoppippi/ccusage.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from tokencost.replay.formats.base import (
    IGNORED,
    WRONG_SHAPE,
    Context,
    Item,
    LogFormat,
    Row,
    stamp,
    text,
)
from tokencost.replay.normalise import NO_TOKENS, Skip, counts

SYNTHETIC = "<synthetic>"


def read(value: Any, context: Context) -> Iterator[Item]:
    """One item a line."""
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        yield WRONG_SHAPE
        return
    if value["type"] != "assistant":
        yield IGNORED
        return
    message = value.get("message")
    if not isinstance(message, dict) or message.get("usage") is None:
        yield IGNORED
        return
    usage = message["usage"]
    model = message.get("model")
    if model == SYNTHETIC:
        yield IGNORED
        return
    try:
        if not isinstance(usage, dict):
            raise Skip(NO_TOKENS)
        found = counts(usage)
        when = stamp(value.get("timestamp"))
    except Skip as skip:
        yield str(skip)
        return
    if isinstance(model, str) and usage.get("speed") == "fast":
        model += "-fast"
    session = text(value.get("sessionId")) or context.session
    yield Row(
        model if isinstance(model, str) or model is None else "",
        when,
        found,
        project=context.project,
        session=session,
        key=message_key(message.get("id"), value.get("requestId"), session),
    )


def message_key(message_id: Any, request_id: Any, session: str | None) -> str | None:
    """``<message id>:<request id>``; without a request id ``<message id>@<session>``;
    None without a message id (such a line is counted as it is)."""
    if not isinstance(message_id, str) or not message_id:
        return None
    if isinstance(request_id, str) and request_id:
        return f"{message_id}:{request_id}"
    return f"{message_id}@{session or ''}"


def looks_like(value: Any) -> bool:
    """A transcript line: a ``type`` and a ``sessionId`` or ``parentUuid``."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("type"), str)
        and ("sessionId" in value or "parentUuid" in value or "leafUuid" in value)
    )


def place(path: str) -> tuple[str | None, str | None]:
    """(project, session) a transcript's path says: the folder under ``projects/`` (else
    the file's folder) and the file's name without ``.jsonl``."""
    parts = PurePath(path).parts
    project = None
    if "projects" in parts[:-1]:
        index = len(parts) - 1 - parts[::-1].index("projects")
        if index + 1 < len(parts) - 1:
            project = parts[index + 1]
    elif len(parts) > 1:
        project = parts[-2]
    name = parts[-1] if parts else ""
    for suffix in (".gz", ".jsonl"):
        name = name.removesuffix(suffix)
    return project, name or None


FORMAT = LogFormat(
    name="claude-code",
    title="Claude Code session transcripts",
    read=read,
    looks_like=looks_like,
    without_usage="user, summary and tool lines of transcripts, and Claude Code's own messages",
    dedupe=True,
)

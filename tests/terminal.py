"""Run ``tokencost`` on a pseudo-terminal of a given size: as a real process
(:func:`on_terminal`), or in this process with its standard input and output on the
terminal (:func:`here_on_terminal`: the same terminal, without a process's start-up).

The window size is set on the terminal itself (``TIOCSWINSZ``), as a terminal
emulator does, and COLUMNS/LINES are removed from the environment, so the width
tokencost sees is the terminal's own; stdin is the same terminal (rich asks stdin
first). What it drew is kept as drawn and with colour and styles removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tokencost.cli import main

STYLE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Drawn:
    """What the process drew on the terminal, its stderr and exit code."""

    code: int
    styled: str
    """As drawn: with the escape codes of colour and styles."""
    err: str

    @property
    def text(self) -> str:
        """What was drawn, styles removed."""
        return STYLE.sub("", self.styled)


def on_terminal(
    *args: str,
    columns: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Drawn:
    """Run ``tokencost ARGS`` with stdin and stdout on a terminal ``columns`` wide."""
    leader, follower = _terminal(columns)
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen(
        [sys.executable, "-m", "tokencost", *args],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**environ, "TERM": "xterm", **(env or {})},
        cwd=cwd,
    )
    os.close(follower)
    text = _read(leader, timeout)
    code = process.wait(timeout=timeout)
    assert process.stderr is not None
    err = process.stderr.read().decode()
    process.stderr.close()
    return Drawn(code, text, err)


def here_on_terminal(
    *args: str,
    columns: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Drawn:
    """:func:`on_terminal` in this process: file descriptors 0 and 1 and ``sys.stdin`` and
    ``sys.stdout`` on the terminal while the real ``main`` runs (stderr is kept apart, as
    the process's pipe is); all put back after."""
    leader, follower = _terminal(columns)
    drawn: list[str] = []
    reader = threading.Thread(target=lambda: drawn.append(_read(leader, timeout)))
    reader.start()
    saved = [os.dup(0), os.dup(1)]
    err = io.StringIO()
    try:
        with pytest.MonkeyPatch.context() as patch, contextlib.ExitStack() as stack:
            for name in ("COLUMNS", "LINES"):
                patch.delenv(name, raising=False)
            for name, value in {"TERM": "xterm", **(env or {})}.items():
                patch.setenv(name, value)
            if cwd is not None:
                patch.chdir(cwd)
            os.dup2(follower, 0)
            os.dup2(follower, 1)
            stdin = stack.enter_context(open(0, closefd=False, encoding="utf-8"))
            stdout = stack.enter_context(open(1, "w", closefd=False, encoding="utf-8"))
            patch.setattr(sys, "stdin", stdin)
            patch.setattr(sys, "stdout", stdout)
            patch.setattr(sys, "stderr", err)
            try:
                code = main(list(args))
            finally:
                stdout.flush()
    finally:
        for fd, copy in enumerate(saved):
            os.dup2(copy, fd)
            os.close(copy)
        os.close(follower)  # the terminal's last writer: the reader sees it close
        reader.join(timeout)
    return Drawn(code, drawn[0], err.getvalue())


def _terminal(columns: int) -> tuple[int, int]:
    """A pseudo-terminal ``columns`` wide (its two ends)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.ONLCR  # no CR before each LF: the text as written
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
    return leader, follower


def _read(leader: int, timeout: float) -> str:
    """What was drawn on the terminal until it closed; closes ``leader``."""
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return b"".join(chunks).decode()

"""Run the real ``tokencost`` process on a pseudo-terminal of a given size.

The window size is set on the terminal itself (``TIOCSWINSZ``), as a terminal
emulator does, and COLUMNS/LINES are removed from the environment, so the width
tokencost sees is the terminal's own; stdin is the same terminal (rich asks stdin
first). Colour and styles are stripped from what it drew.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path

STYLE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Drawn:
    """What the process drew on the terminal (styles removed), its stderr and exit code."""

    code: int
    text: str
    err: str


def on_terminal(
    *args: str,
    columns: int,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Drawn:
    """Run ``tokencost ARGS`` with stdin and stdout on a terminal ``columns`` wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    attrs = termios.tcgetattr(follower)
    attrs[1] &= ~termios.ONLCR  # no CR before each LF: the text as written
    termios.tcsetattr(follower, termios.TCSANOW, attrs)
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
    code = process.wait(timeout=timeout)
    assert process.stderr is not None
    err = process.stderr.read().decode()
    process.stderr.close()
    return Drawn(code, STYLE.sub("", b"".join(chunks).decode()), err)

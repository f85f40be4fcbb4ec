"""A progress bar on stderr for long reads (rich.progress), only on a terminal."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator

Advance = Callable[[int], None]
SHOW_AFTER = 0.5
"""Seconds of reading before the bar appears: short inputs never flash one."""


@contextlib.contextmanager
def quiet() -> Iterator[Advance | None]:
    """No progress: stderr is not a terminal."""
    yield None


@contextlib.contextmanager
def bar(logs: list[str]) -> Iterator[Advance | None]:
    """A transient bar of bytes read; its total is known unless stdin or a pipe is read."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    console = Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")))
    progress = Progress(
        TextColumn("replay"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("replay", total=_total_bytes(logs))
    started = time.monotonic()
    shown = False

    def advance(read: int) -> None:
        nonlocal shown
        progress.advance(task, read)
        if not shown and time.monotonic() - started >= SHOW_AFTER:
            progress.start()
            shown = True

    try:
        yield advance
    finally:
        if shown:
            progress.stop()


def _total_bytes(logs: list[str]) -> int | None:
    from tokencost.errors import InputError
    from tokencost.replay.sources import expand

    total = 0
    for name in logs:
        if name == "-":
            return None
        try:
            total += sum(os.path.getsize(file) for file in expand(name))
        except (OSError, InputError):
            return None  # the scan reports unreadable files
    return total

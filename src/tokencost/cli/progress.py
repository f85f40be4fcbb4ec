"""A progress bar on stderr for long reads (rich.progress), only on a terminal."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

Advance = Callable[[int], None]


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

    total: int | None = 0
    for name in logs:
        try:
            total = None if name == "-" or total is None else total + os.path.getsize(name)
        except OSError:
            total = None  # the scan reports unreadable files
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
    task = progress.add_task("replay", total=total)
    with progress:
        yield lambda read: progress.advance(task, read)

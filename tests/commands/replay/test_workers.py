"""``replay``'s worker processes: bounded, gone with their parent, never a hang.

Regression tests of a hostile-input run: ``--jobs`` had no upper bound (100,000
started 4,269 workers and used 22 GB), the workers outlived a killed parent, a worker
killed by the system hung the pool, and Ctrl-C or SIGTERM printed worker tracebacks
and no "interrupted" line.

The runs read their log from a pipe the test holds open, so the workers are started
(the first pieces are in) and the run is waiting for more when the test acts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import TINY, Run, write
from tokencost.replay.parallel import capped_jobs, default_jobs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or default_jobs() < 2,
    reason="needs Linux's /proc and two CPUs",
)

LINE = json.dumps(
    {"timestamp": "2026-03-10T10:00:00Z", "model": "small", "input_tokens": 7, "output_tokens": 3}
).encode()
PIECES = (LINE + b"\n") * ((7 << 20) // len(LINE))  # over three stream pieces of 2 MiB


def test_jobs_100000_started_4269_workers(run: Run, tmp_path: Path) -> None:
    assert capped_jobs(100_000) == default_jobs()
    assert (capped_jobs(None), capped_jobs(1)) == (default_jobs(), 1)
    log = write(tmp_path / "usage.jsonl", (LINE + b"\n").decode() * 3)
    result = run("replay", str(log), "--catalogue", str(TINY), "--jobs", "100000", "--json")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out)["accounting"]["records_priced"] == 3


STARTED: list[tuple[subprocess.Popen[bytes], set[int]]] = []


@pytest.fixture(autouse=True)
def _stop_leftovers() -> Iterator[None]:
    """Whatever a failed test left running (the run and every process below it) is killed."""
    yield
    while STARTED:
        process, below = STARTED.pop()
        for pid in alive(below | workers(process.pid)):
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        process.communicate()


def start(*args: str) -> subprocess.Popen[bytes]:
    """``tokencost replay -`` on a pipe, fed until its workers are running (the tiny
    catalogue where it is, so that every run finds it validated in the cache)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tokencost", "replay", "-", "--catalogue", str(TINY), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
    )
    assert process.stdin is not None
    process.stdin.write(PIECES)
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while len(workers(process.pid)) < 2:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    STARTED.append((process, workers(process.pid)))
    return process


def children() -> dict[int, list[int]]:
    """Each live process's children, from /proc."""
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                found.setdefault(int(fields[1]), []).append(int(entry))
    return found


def workers(pid: int) -> set[int]:
    """The live processes below ``pid`` (the fork server and the workers it started)."""
    tree, found, todo = children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    running = {p for ps in children().values() for p in ps}
    return pids & running


def reading_a_pipe(pid: int) -> bool:
    """Whether the process is blocked reading a pipe (its stdin: it writes the others),
    by the kernel function it waits in."""
    try:
        waiting = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False
    return waiting in ("pipe_read", "anon_pipe_read", "pipe_wait")


def wait_gone(pids: set[int], seconds: float = 30) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive(pids)


def finish(process: subprocess.Popen[bytes]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        for pid in workers(process.pid):  # they hold its stdout open
            os.kill(pid, signal.SIGKILL)
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"the run hung: {err.decode()}")
    return process.returncode, out.decode(), err.decode()


def test_workers_outlived_a_killed_parent() -> None:
    process = start("--jobs", "2")
    below = workers(process.pid)
    process.kill()
    process.wait()
    assert wait_gone(below) == set()


def test_a_worker_killed_by_the_system_hung_the_pool() -> None:
    process = start("--jobs", "2", "--json")
    tree = children()
    pool = [p for server in tree[process.pid] for p in tree.get(server, [])]
    os.kill(pool[0], signal.SIGKILL)  # a worker (a child of the fork server), as the OOM killer
    assert process.stdin is not None
    try:
        process.stdin.write(PIECES)
        process.stdin.close()
    except BrokenPipeError:
        pass  # the run has already stopped
    code, out, err = finish(process)
    assert (code, out) == (3, "")
    assert err == (
        "error: a worker process died before it finished (killed by the system: out of "
        "memory?); run again with fewer --jobs, and report it if it happens again\n"
    )


@pytest.mark.parametrize(
    ("signum", "group", "code", "line"),
    [
        (signal.SIGINT, True, 130, "error: interrupted\n"),  # Ctrl-C: the whole group
        (signal.SIGTERM, False, 143, "error: terminated\n"),  # kill PID: the parent alone
    ],
)
def test_ctrl_c_or_sigterm_printed_worker_tracebacks_and_no_interrupted_line(
    signum: int, group: bool, code: int, line: str
) -> None:
    process = start("--jobs", "2")
    below = workers(process.pid)
    if group:
        os.killpg(process.pid, signum)
    else:
        os.kill(process.pid, signum)
    assert finish(process) == (code, "", line)
    assert wait_gone(below) == set()


def test_ctrl_c_while_reading_one_piece_in_the_process_itself() -> None:
    """Ctrl-C gives one line and 130 from any depth: here, waiting on stdin (no pool)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tokencost", "replay", "-", "--catalogue", str(TINY)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdin is not None
    process.stdin.write(LINE + b"\n")
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while not reading_a_pipe(process.pid):  # started, and waiting on stdin for more
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        assert time.monotonic() < deadline, "the run did not wait on its stdin"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)
    assert finish(process) == (130, "", "error: interrupted\n")


LONG_LINE = r"""
import io, sys
from tokencost.replay import sources
sources.STREAM_PIECE = 64  # many reads for one line, as gzip or a pipe gives them
log = sources.LogInput("-", None, None)
data = b"0" * (8 << 20) + b"\n{}\n"
pieces = list(sources.stream_pieces(log, io.BytesIO(data), io.BytesIO(b""), b""))
assert b"".join(p.data for p in pieces) == data, "lost bytes"
print(len(pieces))
"""


def test_a_long_line_from_gzip_or_stdin_was_read_in_quadratic_time() -> None:
    """An 8 MiB line read 64 bytes at a time: linear, well under a second; the old
    reader searched and copied the growing line on every read (a terabyte of work).
    Not a timing test: the timeout only stops a run that would take hours."""
    done = subprocess.run(
        [sys.executable, "-c", LONG_LINE], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "1\n"

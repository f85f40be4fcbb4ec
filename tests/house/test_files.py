"""Files and the environment: what tokencost writes, what it reads, and how it fails.

Regression tests of a hostile-input run: ``--svg PATH`` replaced whatever was at PATH
(a device, a symlink, a FIFO); ``prices set`` replaced a symlinked provider file with
a copy; a file that never ends (``/dev/zero``, a FIFO) was read until memory ran out;
``diff <(cat a) <(cat b)`` misread process substitution; TOML nested 500 deep was
exit 3; and a full disk, ``> /dev/full``, a closed stream or an ASCII-only locale
were exit 3, "a bug", instead of 2 with the path and the fix.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, Run, invoke, write

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files")

GAP = ("gap", "gpt-5.5", "deepseek-v4-pro", "--as-of", "2026-06-15")
PROFILE = 'name = "p"\ntokens_per_day = "10M"\nratio = "3:1"\n'


def here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``tokencost ARGS`` in this process (the real ``main``): where what it writes or
    refuses is the point, not the process."""
    return invoke(*args, cwd=cwd, env={"TOKENCOST_TODAY": "2026-06-15"})


def tokencost(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tokencost ARGS`` as a process: where a bug would hang it (a FIFO opened to wait
    for a reader: its timeout ends it), or the process's environment is the point."""
    return subprocess.run(
        [sys.executable, "-m", "tokencost", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "TOKENCOST_TODAY": "2026-06-15", **(env or {})},
        timeout=120,
    )


def a_device(folder: Path) -> Path:
    """A character device to point a path at: a null device of our own where we may make
    one (root), else /dev/null (which nobody but root could replace)."""
    if os.geteuid() == 0:
        node = folder / "null-device"
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    return Path("/dev/null")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` made read-only: by its permissions, or (for root, whom permissions do
    not stop) by a read-only bind mount of it; skipped where neither is possible."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mounted = folder.parent / f"{folder.name}-ro"
    mounted.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(mounted)], check=False)
    if done.returncode != 0:
        pytest.skip("cannot make a read-only folder here (root, and no bind mount)")
    try:
        yield mounted
    finally:
        subprocess.run(["umount", str(mounted)], check=False)


# -- writing: regular files only --------------------------------------------------------------


def test_svg_replaced_a_device(tmp_path: Path) -> None:
    device = a_device(tmp_path)
    result = here(*GAP, "--svg", str(device))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: --svg: cannot write: {device}: is a character device, not a regular file; "
        "tokencost writes only regular files\n"
    )
    assert stat.S_ISCHR(device.stat().st_mode)


def test_svg_replaced_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "chart.svg"
    os.mkfifo(fifo)
    result = tokencost(*GAP, "--svg", str(fifo))
    assert (result.returncode, result.stdout) == (2, "")
    assert "is a FIFO (named pipe), not a regular file; tokencost writes only regular" in (
        result.stderr
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["chart.svg"]  # no temporary file left


def test_svg_replaced_a_symlink_instead_of_writing_through_it(tmp_path: Path) -> None:
    target = tmp_path / "charts" / "gap.svg"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.svg"
    link.symlink_to(target)
    result = here(*GAP, "--svg", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')


def test_prices_set_replaced_a_symlinked_provider_file_with_a_copy(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared" / "acme.toml"
    shared.parent.mkdir()
    shutil.move(tiny / "acme.toml", shared)
    (tiny / "acme.toml").symlink_to(shared)
    result = run(
        "prices",
        "set",
        "small",
        "--catalogue",
        str(tiny),
        "--input",
        "0.05",
        "--output",
        "0.15",
        "--effective",
        "2026-07-01",
        "--source",
        "book",
    )
    assert result.code == 0, result.err
    assert (tiny / "acme.toml").is_symlink()
    assert "effective = 2026-07-01" in shared.read_text()


def test_a_read_only_folder_was_a_bug_not_a_fix(tiny: Path) -> None:
    with read_only(tiny) as folder:
        result = here(
            "prices",
            "set",
            "small",
            "--catalogue",
            str(folder),
            "--input",
            "0.05",
            "--output",
            "0.15",
            "--effective",
            "2026-07-01",
            "--source",
            "book",
        )
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr.startswith(f"error: not written: {folder / 'acme.toml'}: ")
        assert (
            "read-only file system: write somewhere else" in result.stderr
            or "permission denied: check the permissions" in result.stderr
        )
        svg = here(*GAP, "--svg", str(folder / "x.svg"))
        assert (svg.returncode, svg.stdout) == (2, "")
        assert svg.stderr.startswith(f"error: --svg: cannot write: {folder / 'x.svg'}: ")


def test_a_step_summary_that_is_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "summary"
    os.mkfifo(fifo)
    result = tokencost(
        "check",
        str(REPO / "examples" / "ci" / "tokencost.toml"),
        "--format",
        "github",
        env={"GITHUB_STEP_SUMMARY": str(fifo)},
    )
    assert result.returncode == 0
    assert "warning: GITHUB_STEP_SUMMARY: cannot append to" in result.stderr


# -- reading: regular files and pipes, bounded ------------------------------------------------


def test_a_workload_of_dev_zero_was_read_until_memory_ran_out(run: Run) -> None:
    result = run("compare", "/dev/zero")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: /dev/zero: cannot read: is a character device, not a regular file; "
        "tokencost reads regular files and pipes\n"
    )


def test_a_fifo_that_never_ends_was_read_until_memory_ran_out(run: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "endless.toml"
    os.mkfifo(fifo)
    stop, opened = threading.Event(), threading.Event()

    def endless() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as pipe:
            opened.set()
            block = b"# " + b"x" * 65533 + b"\n"
            while not stop.is_set():
                pipe.write(block)

    # A reader of ours, so that the writer's open returns before tokencost opens the
    # FIFO: a FIFO nobody writes to yet reads as empty (on a loaded machine the thread
    # came late, and tokencost read an empty file).
    ours = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    try:
        assert opened.wait(timeout=30)
        result = run("compare", str(fifo))
    finally:
        stop.set()
        os.close(ours)
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        f"error: {fifo}: cannot read: is larger than 64 MiB, the most tokencost reads of a "
        "file like it\n"
    )


def test_a_file_over_the_limit_is_refused_before_it_is_read(run: Run, tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with open(big, "wb") as handle:
        handle.truncate((64 << 20) + 1)  # sparse: nothing to read, only its size
    assert "is larger than 64 MiB" in run("compare", str(big)).err


def test_a_folder_is_not_a_profile(run: Run, tmp_path: Path) -> None:
    result = run("compare", str(tmp_path))
    assert result.err == (
        f"error: {tmp_path}: cannot read: is a folder, not a regular file; tokencost reads "
        "regular files and pipes\n"
    )


def test_diff_misread_process_substitution(tmp_path: Path) -> None:
    write(tmp_path / "base.toml", PROFILE)
    write(tmp_path / "new.toml", PROFILE.replace("10M", "20M"))
    shell = f"{sys.executable} -m tokencost diff <(cat base.toml) <(cat new.toml) --json"
    result = subprocess.run(
        ["bash", "-c", shell],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "TOKENCOST_TODAY": "2026-06-15"},
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert '"total"' in result.stdout
    plain = here("diff", "base.toml", "new.toml", "--json", cwd=tmp_path)
    assert result.stdout.replace("/dev/fd/63", "base.toml").replace("/dev/fd/62", "new.toml").count(
        '"monthly_cost"'
    ) == plain.stdout.count('"monthly_cost"')


def test_toml_nested_500_deep_was_exit_3(run: Run, tmp_path: Path) -> None:
    deep = write(tmp_path / "deep.toml", "a = " + "[" * 500 + "]" * 500 + "\n")
    result = run("compare", str(deep))
    assert (result.code, result.out) == (2, "")
    assert result.err == f"error: {deep}: invalid TOML: nested too deeply\n"
    assert run("check", str(deep)).code == 2


# -- the environment: exit 2 with the path and the fix ----------------------------------------


def test_output_to_dev_full_was_exit_3() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "tokencost", "compare"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr == (
        "error: cannot write the result to stdout: /dev/full: No space left on device "
        "(the disk is full: free some space, or write somewhere else)\n"
    )


def test_a_closed_stdout_was_exit_3() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tokencost", "compare"],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert result.stderr == (
        "error: cannot write the result: stdout is closed; give tokencost somewhere to write "
        "(a terminal, a file or a pipe)\n"
    )


def test_an_ascii_only_locale_with_chart_was_exit_3() -> None:
    env = {
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONUTF8": "0",
        "PYTHONCOERCECLOCALE": "0",
        "PYTHONIOENCODING": "",
    }
    result = tokencost("compare", "--chart", env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(
        "error: cannot write the result: stdout's encoding (ascii) cannot show "
    )
    assert result.stderr.endswith(
        "; use a UTF-8 locale (e.g. LANG=C.UTF-8) or set PYTHONIOENCODING=utf-8\n"
    )

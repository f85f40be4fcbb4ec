"""The command line: parse, call the engine, render, and map errors to exit codes.

:func:`main` is the one error boundary. A TokencostError prints ``error: ...`` on
one line of stderr and exits with its code (2 for invalid input); a bad flag is a
usage error (2); anything else is a bug (3) whose traceback ``--debug`` shows.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence

from tokencost.errors import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, TokencostError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("TOKENCOST_DEBUG"))
    if debug:  # accepted anywhere on the line; the root option only documents it
        args = [arg for arg in args if arg != "--debug"]
    previous = _catch_signals()
    try:
        return _run(args)
    except Interrupted as exc:
        _error("interrupted" if exc.signum == signal.SIGINT else "terminated")
        return 128 + exc.signum
    except TokencostError as exc:
        from tokencost.cli.output import PipeClosed

        if isinstance(exc, PipeClosed):
            _silence_stdout()
            return EXIT_OK
        if debug:
            _traceback()
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except OSError as exc:  # the machine refused (a full disk, a read-only folder ...)
        from tokencost.errors import environment_message

        if debug:
            _traceback()
        _error(environment_message(exc))
        return EXIT_INVALID
    except Exception as exc:
        if debug:
            _traceback()
        _error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(a bug; re-run with --debug for the traceback and please report it)"
        )
        return EXIT_INTERNAL
    finally:
        _restore_signals(previous)


class Interrupted(BaseException):
    """Ctrl-C (SIGINT) or SIGTERM, raised by :func:`main`'s handler wherever the run is:
    not a KeyboardInterrupt, which click turns into "Aborted!"; a BaseException, so no
    ``except Exception`` on the way stops it, while every ``finally`` runs (the replay
    workers are stopped, no half-written file stays). One line, exit 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def _catch_signals() -> dict[int, object]:
    """Install :func:`_interrupt` for Ctrl-C and SIGTERM (from the main thread only, as
    Python allows); the handlers it replaced, to restore."""
    previous: dict[int, object] = {}
    try:
        for signum in _SIGNALS:
            previous[signum] = signal.signal(signum, _interrupt)
    except ValueError:  # not the main thread (a library caller's worker thread)
        pass
    return previous


def _restore_signals(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)  # type: ignore[arg-type]


def _run(args: list[str]) -> int:
    import typer

    from tokencost.cli.app import click_command

    command = click_command(args)
    try:
        result = command.main(args=args, prog_name="tokencost", standalone_mode=False)
    except typer.Abort:
        _error("aborted")
        return EXIT_INVALID
    except typer.TyperException as exc:  # click's usage errors: bad flag, bad value
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `tokencost`: help was shown
            return EXIT_OK
        where = getattr(getattr(exc, "ctx", None), "command_path", "tokencost")
        _error(f"{exc.format_message()} (see '{where} --help')")
        return EXIT_INVALID
    return result if isinstance(result, int) else EXIT_OK


def _traceback() -> None:
    import traceback

    traceback.print_exc()


def _error(message: str) -> None:
    """``error: message`` on one line of stderr: control characters from a file's names
    escaped, line breaks too (a name holding ``\n::error::`` cannot forge a CI
    annotation on a line of its own)."""
    from tokencost.render.safe import visible

    print(f"error: {visible(message)}", file=sys.stderr)


def _silence_stdout() -> None:
    """After the reader closed stdout, point it at /dev/null so exit flushes quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)

"""The GitHub Action (``action.yml`` at the repository's root) as one program.

``python -m tokencost.cli.action`` is the action's check step. It reads the action's
inputs from ``INPUT_*`` variables (action.yml passes them), then:

1. checks the budgets (``tokencost check``), with ``fail-on: warn`` as ``--strict``;
2. with ``compare-base``, checks out the base branch beside the workspace (``git fetch``
   and ``git worktree``: the base's budget file with the base's profiles) and diffs the
   spend (``tokencost diff``, ``--fail-above`` from ``fail-above``);
3. prints the annotations of both (``::error`` on the line of the workload that drives
   a breach), appends both markdown reports to the job summary, writes the JSON
   reports and the step's outputs (``over``, ``warn``, ``total-monthly``, ``delta``,
   ``report``, ``diff-report``, ``comment-url``);
4. with ``comment``, on a pull request, posts both reports as one comment, created once
   and then updated in place (:mod:`tokencost.cli.comment`). A comment that cannot be
   posted is a warning: the verdict stands.

Exit code: the check's contract, 1 when a budget is over (or warns, with ``fail-on:
warn``) or the spend rose above ``fail-above``, 2 on invalid input (an input that is
not a known value, a missing budget file, a base branch that does not exist): then
one ``error:`` line names it, and nothing is posted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from tokencost.errors import EXIT_BREACH, EXIT_OK, InputError, TokencostError

if TYPE_CHECKING:
    from datetime import date

    from tokencost.budgets import BudgetSet
    from tokencost.engine.check import BudgetReport
    from tokencost.engine.diff import SpendDiff, Threshold

Diffed: TypeAlias = "tuple[SpendDiff, str] | str | None"
"""The diff and the base branch it was taken against, or a note why there is none."""

FAIL_ON = ("over", "warn")
BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Inputs:
    """The action's inputs, checked."""

    budget_file: str | None
    source: str | None
    as_of: str | None
    fail_on: str
    compare_base: bool
    base_ref: str | None
    fail_above: str | None
    comment: bool
    catalogue: str | None


def read_inputs(env: dict[str, str] | os._Environ[str]) -> Inputs:
    """The inputs from ``INPUT_NAME`` variables (``budget-file`` is ``INPUT_BUDGET_FILE``);
    an empty one is not given. A value that is not a known one raises InputError naming
    the input."""

    def text(name: str) -> str | None:
        value = env.get("INPUT_" + name.upper().replace("-", "_"), "").strip()
        return value or None

    def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
        value = (text(name) or default).lower()
        if value not in allowed:
            raise InputError(f"input {name}: {text(name)!r} is not one of {', '.join(allowed)}")
        return value

    def flag(name: str, default: str) -> bool:
        return BOOLEANS[choice(name, tuple(BOOLEANS), default)]

    as_of = text("as-of")
    if as_of is not None:
        from tokencost.quantities import parse_date

        parse_date(as_of, "input as-of")
    return Inputs(
        budget_file=text("budget-file"),
        source=text("source"),
        as_of=as_of,
        fail_on=choice("fail-on", FAIL_ON, "over"),
        compare_base=flag("compare-base", "true"),
        base_ref=text("base-ref"),
        fail_above=text("fail-above"),
        comment=flag("comment", "true"),
        catalogue=text("catalogue"),
    )


def main() -> int:
    """Run the action's check step; the exit code is the check's contract."""
    try:
        return run(read_inputs(os.environ))
    except TokencostError as exc:
        from tokencost.render.github import annotation

        print(annotation("error", str(exc), title="tokencost: invalid input"))
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def run(inputs: Inputs) -> int:
    """Check, diff, report and comment (the module's doc); returns the exit code."""
    from tokencost.budgets import load_budgets
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.check import check_budgets
    from tokencost.engine.diff import Threshold
    from tokencost.quantities import parse_date, today
    from tokencost.render.check import CheckView

    threshold = Threshold.parse(inputs.fail_above) if inputs.fail_above else None
    pinned = parse_date(inputs.as_of, "input as-of") if inputs.as_of else None
    as_of = pinned or today()
    catalogue = load_catalogue(inputs.catalogue)
    budgets = load_budgets(inputs.budget_file).overridden(as_of=pinned, source=inputs.source)
    report = check_budgets(
        catalogue, budgets, as_of=as_of, source=inputs.source, strict=inputs.fail_on == "warn"
    )
    diff = _diff(inputs, budgets, as_of, threshold, pinned) if inputs.compare_base else None
    folder = _reports_folder()
    check_json = _write_json(folder / "check.json", CheckView(report).document())
    diff_json = None
    if isinstance(diff, tuple):
        from tokencost.render.diff import DiffView

        diff_json = _write_json(folder / "diff.json", DiffView(diff[0]).document())
    body = _report(report, diff)
    _annotate(report, diff)
    from tokencost.cli.output import append_step_summary

    append_step_summary(body)
    url = _comment(str(budgets.path), body) if inputs.comment else ""
    _set_outputs(report, diff, check_json, diff_json, url)
    failed = not report.ok or (isinstance(diff, tuple) and diff[0].breached)
    return EXIT_BREACH if failed else EXIT_OK


def _diff(
    inputs: Inputs,
    budgets: BudgetSet,
    as_of: date,
    threshold: Threshold | None,
    pinned: date | None,
) -> tuple[SpendDiff, str] | str:
    """The spend against the base branch's version of the budget file and the branch, or
    a note why there is none (no base branch: not a pull request; no file on the base)."""
    from tokencost.budgets import load_budgets
    from tokencost.catalogue import load_catalogue
    from tokencost.engine.diff import diff_budgets

    base_ref = inputs.base_ref
    if base_ref is None:
        return "No base branch (not a pull request): no spend diff."
    root = Path(_git(["rev-parse", "--show-toplevel"], "the workspace is not a git repository"))
    base = _checkout_base(base_ref)
    try:
        relative = os.path.relpath(budgets.path.resolve(), root.resolve())
        base_file = base / relative
        if not base_file.is_file():
            return f"No {relative} on {base_ref} yet: no spend diff."
        new_catalogue = load_catalogue(inputs.catalogue)
        base_catalogue = new_catalogue
        if inputs.catalogue is not None:
            inside = os.path.relpath(Path(inputs.catalogue).resolve(), root.resolve())
            base_catalogue = load_catalogue(str(base / inside))
        # named as the branch's file, not the temporary checkout's path
        label = f"{base_ref}:{relative}"
        base_set = load_budgets(base_file).overridden(as_of=pinned, source=inputs.source)
        base_budgets = replace(base_set, label=label)
        result = diff_budgets(
            (base_catalogue, base_budgets),
            (new_catalogue, budgets),
            as_of=as_of,
            source=inputs.source,
            threshold=threshold,
        )
    finally:
        _git(["worktree", "remove", "--force", str(base)], "cannot remove the base's checkout")
    return result, base_ref


def _checkout_base(ref: str) -> Path:
    """The base branch checked out whole in a new folder (its profiles too)."""
    import tempfile

    _git(
        ["fetch", "--no-tags", "--depth=1", "origin", ref],
        f"input base-ref: cannot fetch branch '{ref}' from origin",
    )
    folder = Path(tempfile.mkdtemp(prefix="base-", dir=_reports_folder()))
    _git(
        ["worktree", "add", "--detach", str(folder), "FETCH_HEAD"],
        f"cannot check out '{ref}' beside the workspace",
    )
    return folder


def _git(args: list[str], failure: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        why = lines[-1].strip() if lines else f"git exited {done.returncode}"
        raise InputError(f"{failure}: {why}")
    return done.stdout.strip()


def _reports_folder() -> Path:
    """Where the JSON reports go: ``$RUNNER_TEMP/tokencost`` (a temporary folder off a
    runner)."""
    base = os.environ.get("RUNNER_TEMP", "").strip()
    if not base:
        import tempfile

        base = tempfile.gettempdir()
    folder = Path(base) / "tokencost"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write_json(path: Path, document: dict[str, object]) -> Path:
    from tokencost.atomic import write_atomic
    from tokencost.render.jsonout import dumps

    write_atomic(path, (dumps(document) + "\n").encode())
    return path


def _report(report: BudgetReport, diff: Diffed) -> str:
    """The markdown of the check, then of the diff (or the note why there is none)."""
    from tokencost.render.check import CheckView
    from tokencost.render.view import markdown

    parts = [markdown(CheckView(report))]
    if isinstance(diff, tuple):
        from tokencost.render.diff import DiffView

        parts.append(markdown(DiffView(diff[0])))
    elif diff is not None:
        parts.append(f"_{diff}_\n")
    return "\n".join(parts)


def _annotate(report: BudgetReport, diff: Diffed) -> None:
    """The annotations of the check and of the diff, on stdout (the runner reads them)."""
    from tokencost.cli.output import write
    from tokencost.render.check import CheckView
    from tokencost.render.github import workflow_commands

    write(workflow_commands(CheckView(report).conclusion()))
    if isinstance(diff, tuple):
        from tokencost.render.diff import DiffView

        write(workflow_commands(DiffView(diff[0]).conclusion()))
    elif diff is not None:
        write(diff + "\n")


def _comment(key: str, body: str) -> str:
    """Post ``body`` as the pull request's comment; its address, or "" with a warning
    saying why it was not posted (or a notice, off a pull request)."""
    from tokencost.cli.comment import CommentError, upsert
    from tokencost.cli.output import write
    from tokencost.render.github import annotation

    number, repository = _pull_request()
    if number is None or repository is None:
        write(annotation("notice", "not a pull request: no comment posted", title="tokencost"))
        return ""
    try:
        posted = upsert(repository, number, key, body)
    except CommentError as exc:
        write(
            annotation(
                "warning",
                f"the pull-request comment was not posted: {exc}. The verdict stands; the "
                "report is in the job summary.",
                title="tokencost: no comment",
            )
        )
        return ""
    write(f"{'Posted' if posted.created else 'Updated'} the comment {posted.url}\n")
    return posted.url


def _pull_request() -> tuple[int | None, str | None]:
    """The pull request's number (from the event) and the repository (owner/name)."""
    repository = os.environ.get("GITHUB_REPOSITORY", "").strip() or None
    path = os.environ.get("GITHUB_EVENT_PATH", "").strip()
    if not path:
        return None, repository
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, repository
    pull = event.get("pull_request") if isinstance(event, dict) else None
    number = pull.get("number") if isinstance(pull, dict) else None
    return (number if isinstance(number, int) else None), repository


def _set_outputs(
    report: BudgetReport,
    diff: Diffed,
    check_json: Path,
    diff_json: Path | None,
    url: str,
) -> None:
    """The step's outputs, appended to ``$GITHUB_OUTPUT`` (printed when it is not set)."""
    from decimal import localcontext

    from tokencost.quantities import CONTEXT, plain

    with localcontext(CONTEXT):
        total = sum((v.monthly_cost for v in report.verdicts), Decimal(0))
    values = {
        "over": str(report.count("over")),
        "warn": str(report.count("warn")),
        "total-monthly": plain(total),
        "delta": plain(diff[0].total.change) if isinstance(diff, tuple) else "",
        "report": str(check_json),
        "diff-report": str(diff_json or ""),
        "comment-url": url,
    }
    lines = "".join(f"{name}={value}\n" for name, value in values.items())
    target = os.environ.get("GITHUB_OUTPUT", "").strip()
    if not target:
        sys.stdout.write(lines)
        return
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(lines)


if __name__ == "__main__":
    sys.exit(main())

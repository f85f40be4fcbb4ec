"""``tokencost replay``: a usage log's actual cost, and the same traffic on other models."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tokencost.cli.options import (
    AsOfOpt,
    CatalogueOpt,
    ChartOpt,
    FormatOpt,
    HtmlOpt,
    JsonOpt,
    NoColorOpt,
    SourceOpt,
    SvgOpt,
    as_of_date,
    split_list,
)
from tokencost.cli.output import output_format, show
from tokencost.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from tokencost.replay.results import Replay


class By(StrEnum):
    """Groupings of ``--by``."""

    day = "day"
    week = "week"
    month = "month"
    model = "model"
    project = "project"
    session = "session"


def replay(
    logs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="LOG...",
            help="Usage logs: files (JSON Lines, JSON, CSV, .gz too, or Parquet), folders, "
            "globs; - for stdin.",
            show_default=False,
        ),
    ] = None,
    log_format: Annotated[
        str | None,
        typer.Option(
            "--log-format",
            metavar="NAME",
            help="Read the logs as this format (claude-code, openai-usage, anthropic-usage, "
            "litellm, otel, langfuse, helicone, openrouter, gemini, vercel-ai, records). "
            "Default: detected from each log.",
        ),
    ] = None,
    claude_code: Annotated[
        bool,
        typer.Option(
            "--claude-code",
            help="Read every Claude Code session (~/.claude/projects, or $CLAUDE_CONFIG_DIR).",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="WHEN", help="Only records from this date or time."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="WHEN", help="Only records up to this date or time."),
    ] = None,
    models: Annotated[
        str | None,
        typer.Option(
            "--models", "-m", metavar="IDS", help="Re-price on these models: a,b,c. Default: all."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", metavar="ID", help="Model of records that name none. Default: skip them."
        ),
    ] = None,
    by: Annotated[
        By | None,
        typer.Option(
            "--by", help="One row per day, week, month, recorded model, project or session."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 2 if any record is skipped, printing nothing.")
    ] = False,
    renames: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="OLD=NEW",
            help="Read a CSV or Parquet column or a JSON field (a dotted path) as a field "
            "tokencost reads, e.g. --map usage.in=input_tokens.",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Worker processes, at most the CPUs. Default: CPUs.",
        ),
    ] = None,
    breakdown: Annotated[
        bool,
        typer.Option(
            "--breakdown",
            help="Cost by dimension (input, cache, output, reasoning, requests, savings).",
        ),
    ] = False,
    sql: Annotated[
        str | None,
        typer.Option(
            "--sql",
            metavar="DIALECT",
            help="Print the billing query for a usage table instead of reading logs: "
            "duckdb, spark, postgres, bigquery or snowflake.",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table", metavar="NAME", help="With --sql: the usage table. Default: usage."
        ),
    ] = None,
    as_of: AsOfOpt = None,
    source: SourceOpt = None,
    catalogue: CatalogueOpt = None,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    no_color: NoColorOpt = False,
    chart: ChartOpt = False,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
) -> None:
    """Price usage logs as recorded, and the same traffic on each model.

    Each record is priced at its model and at the price in effect on its own day.

    Records without a timestamp are priced at --as-of (default: today).

    The same tokens are re-priced on every candidate, with the ratio to the actual cost.

    Reads Claude Code transcripts, OpenAI and Anthropic usage API pages, LiteLLM spend
    logs, OpenTelemetry GenAI spans, Langfuse, Helicone and OpenRouter exports, Gemini
    and Vercel AI SDK usage, and OpenAI or Anthropic responses or flat records: JSON
    Lines, JSON documents or CSV, each format detected from the content, and Parquet
    files of such records (with the parquet extra).

    Every pricing dimension the catalogue has is used: cache reads and writes, reasoning,
    per-request fees, batch prices, long-context tiers (per record) and off-peak windows
    (by each record's UTC time of day); --breakdown shows the cost by dimension.

    Skipped records are counted by reason, with the first line numbers; an input none
    of whose records can be read, or nothing priced at all, exits 2.

    --sql prints the same billing as one SQL query for a usage table in a warehouse.

    Example: tokencost replay usage.jsonl.gz --models deepseek-v4-pro,gpt-5.5 --by month
    """
    if sql is not None:
        _sql_conflicts(
            logs, log_format, claude_code, since, until, jobs, strict, renames, breakdown, by,
            fmt, as_json, chart, svg, html,
        )  # fmt: skip
        _print_sql(sql, table, catalogue, as_of, source, models, model)
        return
    from tokencost.catalogue import load_catalogue
    from tokencost.errors import InputError
    from tokencost.render import replay as render  # not for --sql: 4% of its time
    from tokencost.replay import replay as run_replay
    from tokencost.replay.csvlog import parse_map

    if table is not None:
        raise InputError("--table goes with --sql (the usage table the query reads)")
    output = output_format(fmt, as_json, chart=chart)
    inputs = _inputs(logs or [], claude_code, log_format)
    loaded = load_catalogue(catalogue)
    with _progress(inputs) as progress:
        result = run_replay(
            loaded,
            inputs,
            as_of=as_of_date(as_of),
            models=split_list(models),
            source=source,
            by=by.value if by else None,
            default_model=model,
            renames=parse_map(_split_maps(renames)),
            jobs=jobs,
            progress=progress,
            log_format="claude-code" if claude_code else log_format,
            since=since,
            until=until,
        )
    if strict and result.records_skipped:
        _fail_strict(result)
    view = render.ReplayView(result, breakdown)
    show(view, output, no_color=no_color, chart=chart, svg=svg, html=html)


def _sql_conflicts(logs: list[str] | None, *given: object) -> None:
    """--sql prints a query: no LOG, and none of the options about reading or showing logs."""
    from tokencost.errors import InputError

    if logs:
        raise InputError(
            "--sql prints a query for a usage table (--table) and reads no LOG; give one or "
            "the other"
        )
    names = (
        "--log-format", "--claude-code", "--since", "--until", "--jobs", "--strict", "--map",
        "--breakdown", "--by", "--format", "--json", "--chart", "--svg", "--html",
    )  # fmt: skip
    for name, value in zip(names, given, strict=True):
        if value:
            raise InputError(f"{name} does not go with --sql (it prints a query, not a bill)")


def _print_sql(
    dialect: str,
    table: str | None,
    catalogue: list[Path] | None,
    as_of: str | None,
    source: str | None,
    models: str | None,
    model: str | None,
) -> None:
    from tokencost.catalogue import load_catalogue
    from tokencost.cli.output import write
    from tokencost.errors import InputError
    from tokencost.render.replay_sql import billing_query, check_table, dialect_for
    from tokencost.replay.sqlplan import plan_for

    name = dialect_for(dialect)
    usage = check_table(table or "usage")
    try:
        import sqlglot  # noqa: F401
    except ImportError:
        raise InputError(
            "--sql needs sqlglot, which writes the dialects: pip install 'tokencost[sql]'"
        ) from None
    loaded = load_catalogue(catalogue)
    plan = plan_for(
        loaded,
        as_of=as_of_date(as_of),
        source=source,
        models=split_list(models),
        default_model=model,
    )
    write(billing_query(plan, name, usage))


def _inputs(logs: list[str], claude_code: bool, log_format: str | None) -> list[str]:
    """The logs given, or with --claude-code the Claude Code projects folders."""
    from tokencost.errors import InputError

    if not claude_code:
        if not logs:
            raise InputError("give at least one usage log (a file, a folder, or - for stdin)")
        return logs
    if logs:
        raise InputError("--claude-code reads every session itself: give no LOG with it")
    if log_format not in (None, "claude-code"):
        raise InputError(f"--claude-code reads Claude Code transcripts, not {log_format}")
    from tokencost.replay.sources import claude_projects

    return claude_projects()


def _split_maps(items: list[str] | None) -> list[str]:
    return [part for item in items or () for part in item.split(",") if part.strip()]


def _fail_strict(result: Replay) -> None:

    reasons = "; ".join(
        f"{s.reason}: {s.count:,} (first: {', '.join(s.lines)})" for s in result.skipped
    )
    raise InputError(
        f"--strict: {result.records_skipped:,} of {result.records_read:,} records skipped: "
        f"{reasons}"
    )


def _progress(logs: list[str]) -> AbstractContextManager[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal; otherwise nothing."""
    from tokencost.cli.progress import bar, quiet

    return bar(logs) if sys.stderr is not None and sys.stderr.isatty() else quiet()

"""The reference of each command's options, generated from the CLI itself.

A page under docs/ holds, for each command it documents, a block

    <!-- reference: tokencost compare -->
    ...
    <!-- end reference -->

whose inside :func:`reference` writes from the click command that typer builds: the
usage line, the help text, and a table of the arguments and of the options (by help
panel) with their values, defaults and environment variables. So the reference cannot
drift from the CLI: ``python -m tests.readme --update`` rewrites every block, and
tests/docs/test_site.py fails while one is stale or a command has none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from tokencost.cli.app import COMMANDS, GROUPS, build_app

Command = TyperCommand | TyperGroup

BLOCK = re.compile(
    r"^<!-- reference: (?P<path>tokencost[a-z -]*?) -->\n(?P<body>.*?)^<!-- end reference -->$",
    re.M | re.S,
)


@functools.cache
def root() -> TyperGroup:
    """The whole application, every command registered: made once per process (typer
    builds it in ~0.1 s; a reference only reads it)."""
    app = typer.main.get_command(build_app())
    assert isinstance(app, TyperGroup)
    return app


def command_paths() -> list[str]:
    """``tokencost``, each command, each group and each group's sub-commands."""
    app = root()
    paths = ["tokencost"] + [f"tokencost {name}" for name in COMMANDS]
    for group in GROUPS:
        sub = app.commands[group]
        assert isinstance(sub, TyperGroup)
        paths += [f"tokencost {group}"] + [f"tokencost {group} {name}" for name in sub.commands]
    return paths


def _resolve(path: str) -> tuple[Command, typer.Context]:
    command: Command = root()
    ctx = typer.Context(command, info_name="tokencost")
    for name in path.split()[1:]:
        assert isinstance(command, TyperGroup), path
        sub = command.commands[name]
        assert isinstance(sub, TyperCommand | TyperGroup), path
        command = sub
        ctx = typer.Context(command, info_name=name, parent=ctx)
    return command, ctx


def reference(path: str) -> str:
    """The Markdown reference of the command ``path`` (e.g. ``tokencost prices list``)."""
    command, ctx = _resolve(path)
    usage = " ".join([path, *command.collect_usage_pieces(ctx)])
    lines = ["```text", f"Usage: {usage}", ""]
    lines += [line.rstrip() for line in (command.help or "").strip().splitlines()]
    lines += ["```", ""]
    if isinstance(command, TyperGroup):
        lines += ["| command | what it does |", "|---|---|"]
        for name, sub in command.commands.items():
            summary = (sub.help or "").strip().split("\n\n")[0]
            lines.append(f"| `{path} {name}` | {_cell(summary)} |")
        lines.append("")
    arguments = [p for p in command.params if isinstance(p, TyperArgument)]
    if arguments:
        lines += ["| argument | what it is |", "|---|---|"]
        lines += [f"| {_argument_name(p)} | {_cell(_argument_help(p))} |" for p in arguments]
        lines.append("")
    for panel, options in _panels(command):
        if panel:
            lines += [f"{panel}:", ""]
        lines += ["| option | value | what it does |", "|---|---|---|"]
        lines += [f"| {_names(o)} | {_value(o)} | {_cell(_option_help(o))} |" for o in options]
        lines.append("")
    lines.append("`--help` (`-h`) prints this and exits.")
    return "\n".join(lines) + "\n"


def _panels(command: Command) -> Iterator[tuple[str, list[TyperOption]]]:
    panels: dict[str, list[TyperOption]] = {}
    for param in command.params:
        if isinstance(param, TyperOption) and not param.hidden:
            panels.setdefault(getattr(param, "rich_help_panel", None) or "", []).append(param)
    yield from panels.items()


def _argument_name(param: TyperArgument) -> str:
    name = (param.metavar or param.name or "").strip("[]").rstrip(".").upper()
    extra = [] if param.required else ["optional"]
    if param.nargs != 1:
        extra.append("one or more" if param.required else "any number")
    return f"`{name}`" + (f" ({', '.join(extra)})" if extra else "")


def _argument_help(param: TyperArgument) -> str:
    return str(getattr(param, "help", None) or "")


def _names(option: TyperOption) -> str:
    return ", ".join(f"`{name}`" for name in [*option.opts, *option.secondary_opts])


def _value(option: TyperOption) -> str:
    if option.is_flag:
        return ""
    choices = getattr(option.type, "choices", None)
    if choices:
        return ", ".join(f"`{choice}`" for choice in choices)
    return f"`{option.metavar or option.type.name.upper()}`"


def _option_help(option: TyperOption) -> str:
    text = (option.help or "").strip()
    notes = []
    if option.required:
        notes.append("Required.")
    default = option.show_default if isinstance(option.show_default, str) else None
    shown = option.show_default and not option.is_flag and option.default not in (None, (), [])
    if default is None and shown:
        default = str(option.default)
    if default is not None and "default" not in text.lower():
        notes.append(f"Default: {default}.")
    if option.multiple and "repeat" not in text.lower():
        notes.append("Repeatable.")
    if option.envvar:
        notes.append(f"Environment variable: {option.envvar}.")
    return " ".join([text, *notes]).strip()


def _cell(text: str) -> str:
    """Text in a Markdown table cell, shown as written (no markup, no HTML)."""
    text = " ".join(text.split())
    text = text.replace("\\", "\\\\")
    for char in "`*_[]|":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def blocks(text: str) -> Iterator[re.Match[str]]:
    """The reference blocks of a page."""
    return BLOCK.finditer(text)


def refresh(text: str) -> str:
    """The page with every reference block rewritten from the CLI."""
    return BLOCK.sub(
        lambda m: f"<!-- reference: {m['path']} -->\n{reference(m['path'])}<!-- end reference -->",
        text,
    )


def update(path: Path) -> bool:
    """Rewrite the reference blocks of the page at ``path``; True when it changed."""
    text = path.read_text()
    new = refresh(text)
    if new != text:
        path.write_text(new)
    return new != text

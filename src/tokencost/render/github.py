"""GitHub Actions workflow commands: ``::error title=...::message`` annotations.

The runner reads them from stdout. Values are escaped as the Actions toolkit does:
in the message ``%``, CR and LF; in a property also ``:`` and ``,``.
"""

from __future__ import annotations

from tokencost.render.view import Conclusion, Level


def escape_data(text: str) -> str:
    """Escape a message: ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, and ``:`` -> ``%3A``, ``,`` -> ``%2C``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: Level,
    message: str,
    *,
    title: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> str:
    """One workflow command line, e.g. ``::warning file=a.toml,line=3,title=T::message``."""
    props = [
        f"{key}={escape_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("title", title))
        if value is not None
    ]
    return (
        f"::{level} {','.join(props)}::{escape_data(message)}"
        if props
        else (f"::{level}::{escape_data(message)}")
    )


def workflow_commands(conclusion: Conclusion) -> str:
    """The GitHub face of a CI command: an annotation per finding, then the summary."""
    lines = [
        annotation(f.level, f.message, title=f.title, file=f.file, line=f.line)
        for f in conclusion.findings
    ]
    return "\n".join([*lines, conclusion.summary]) + "\n"

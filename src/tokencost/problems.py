"""What is wrong with a file, as data: :class:`Problem` (the file, the key path, the fix).

Validation finds them (:mod:`tokencost.validation`, the rules across catalogue files);
``prices validate`` lists them and the loaders raise the first as an error, each from
the same fields; nothing parses a message back.
"""

from __future__ import annotations

from dataclasses import dataclass

Loc = tuple[int | str, ...]
"""A key path as data: ``("models", 0, "prices", 1, "input")``."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (the file, the key path in it) and what to fix."""

    file: str
    loc: Loc
    """The key path in the file; empty for the file as a whole (or a rule of a table
    that spans its keys)."""
    message: str
    """What is wrong and how to fix it."""

    @property
    def key(self) -> str | None:
        """The key path as written in messages, e.g. ``models[0].prices[1].input``."""
        return key_path(self.loc) or None

    def __str__(self) -> str:
        """``file: key: message``, or ``file: message``."""
        return (
            f"{self.file}: {self.key}: {self.message}"
            if self.loc
            else (f"{self.file}: {self.message}")
        )


def key_path(loc: Loc) -> str:
    """``('models', 0, 'prices', 1, 'input')`` -> ``models[0].prices[1].input``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

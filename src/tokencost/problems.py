"""What is wrong with a file, as data: :class:`Problem` (the file, the key path, what is
wrong, how to fix it).

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
    """One thing wrong with a file: where (the file, the key path in it), what is wrong and
    how to fix it."""

    file: str
    loc: Loc
    """The key path in the file; empty for the file as a whole (or a rule of a table
    that spans its keys)."""
    message: str
    """What is wrong (with how to fix it, where ``fix`` does not say it apart)."""
    fix: str | None = None
    """How to fix it, when it is said apart from what is wrong."""

    @property
    def key(self) -> str | None:
        """The key path as written in messages, e.g. ``models[0].prices[1].input``."""
        return key_path(self.loc) or None

    @property
    def sentence(self) -> str:
        """What is wrong and how to fix it: ``message; fix``."""
        return f"{self.message}; {self.fix}" if self.fix else self.message

    def __str__(self) -> str:
        """``file: key: message; fix``, or ``file: message; fix``."""
        where = f"{self.file}: {self.key}" if self.loc else self.file
        return f"{where}: {self.sentence}"


def key_path(loc: Loc) -> str:
    """``('models', 0, 'prices', 1, 'input')`` -> ``models[0].prices[1].input``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text

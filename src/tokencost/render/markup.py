"""Text made safe to write into SVG and HTML: whatever a name holds, it shows as text.

Names come from users' files and flags (a model in a usage log, a workload, a mix, a
file name). In a picture or a page they must never become markup, break the XML, or
steer how the text around them is drawn. :func:`text` escapes ``& < > " '`` and shows
every character that is not text as its escape, in the form Python writes it:

- control characters (C0, DEL, C1; an ANSI colour sequence starts with ESC): ``\\x1b``
  (XML 1.0 cannot hold most of them at all);
- bidirectional controls (right-to-left overrides, embeddings, isolates and marks),
  which would reorder the text after them on the line: ``\\u202e``;
- lone surrogates (a file name that is not UTF-8) and the non-characters U+FFFE/FFFF.

Ordinary right-to-left letters (Arabic, Hebrew) stay as they are: they are text.
"""

from __future__ import annotations

import re

_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_SPECIAL = re.compile("[&<>\"']")


def visible(value: str) -> str:
    """``value`` with each control, bidirectional control or lone surrogate written as its
    escape (``\\x1b``, ``\\u202e``), so it shows instead of acting."""
    return _INVISIBLE.sub(_escape, value)


def text(value: str) -> str:
    """``value`` as SVG/HTML text or attribute content: :func:`visible`, then ``&``, ``<``,
    ``>`` and both quotes as entities."""
    return _SPECIAL.sub(lambda m: _MARKUP[m.group()], visible(value))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

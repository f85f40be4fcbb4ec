"""Fetching a tracker's price file: the only network access tokencost has.

Imported by ``tokencost prices update`` alone, and only when it runs (no other command
imports it: tests/house/test_layers.py checks). A URL (http or https) is downloaded with the
standard library; anything else is a local file. Either way the bytes must be whole:

- the server must answer 200 with a JSON-ish content type (``application/json``,
  ``text/json``, ``text/plain`` as raw.githubusercontent.com sends, or
  ``application/octet-stream``); an HTML page (a login or error page) is refused;
- at most ``max_bytes`` bytes (a larger ``Content-Length`` is refused before reading,
  a body that grows past it is cut off and refused);
- a body shorter than its ``Content-Length`` (a dropped connection) is refused;
- the whole exchange must finish within ``timeout`` seconds of silence.

Every failure is one :class:`~tokencost.errors.InputError` line naming the source and
what to do; nothing is returned, so nothing is written.
"""

from __future__ import annotations

import hashlib
import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from tokencost.errors import InputError
from tokencost.version import __version__

MAX_BYTES = 64 * 1024 * 1024
"""The largest file fetched by default: 64 MiB (LiteLLM's map is ~3.5 MB)."""
TIMEOUT = 60.0
"""Seconds of silence after which a download is given up."""
ACCEPTED_TYPES = ("application/json", "text/json", "text/plain", "application/octet-stream")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Fetched:
    """The bytes of a tracker's file and where they came from."""

    location: str
    """The URL or the file's path, as given."""
    data: bytes
    sha256: str
    """``sha256:`` and the hex digest of ``data``."""


def is_url(location: str) -> bool:
    """True for an http(s) URL (anything else is a local file)."""
    return location.lower().startswith(("http://", "https://"))


def fetch(location: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Fetched:
    """The whole file at ``location`` (a URL or a path), or InputError saying why not."""
    data = (
        _download(location, max_bytes, timeout) if is_url(location) else _read(location, max_bytes)
    )
    return Fetched(location, data, "sha256:" + hashlib.sha256(data).hexdigest())


def _read(location: str, max_bytes: int) -> bytes:
    path = Path(location)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(_too_big(location, size, max_bytes))
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{location}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(_too_big(location, len(data), max_bytes))
    return data


def _download(url: str, max_bytes: int, timeout: float) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": f"tokencost/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            _check_response(url, response.status, response.headers, max_bytes)
            return _body(url, response, max_bytes)
    except urllib.error.HTTPError as exc:
        raise InputError(
            f"{url}: the server answered {exc.code} {exc.reason}; check the URL"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise InputError(_slow(url, timeout)) from None
        raise InputError(
            f"{url}: cannot connect: {_reason(exc.reason)}; check the URL and your network"
        ) from None
    except TimeoutError:
        raise InputError(_slow(url, timeout)) from None
    except http.client.IncompleteRead as exc:
        raise InputError(_truncated(url, len(exc.partial), exc.expected)) from None
    except (http.client.HTTPException, OSError) as exc:
        raise InputError(f"{url}: the download failed: {_reason(exc)}; try again") from None


def _check_response(url: str, status: int, headers: Message, max_bytes: int) -> None:
    if status != 200:
        raise InputError(f"{url}: the server answered {status}, not 200; check the URL")
    kind = (headers.get_content_type() or "").lower()
    if kind not in ACCEPTED_TYPES:
        raise InputError(
            f"{url}: the server sent {kind}, not a JSON file (a web page instead of the data?); "
            "give the URL of the raw file"
        )
    length = headers.get("Content-Length")
    if length is not None and length.strip().isdigit() and int(length) > max_bytes:
        raise InputError(_too_big(url, int(length), max_bytes))


def _body(url: str, response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise InputError(_too_big(url, max_bytes, max_bytes, at_least=True))
        parts.append(chunk)
    expected = response.getheader("Content-Length")
    if expected is not None and expected.strip().isdigit() and size < int(expected):
        raise InputError(_truncated(url, size, int(expected)))
    return b"".join(parts)


def _too_big(location: str, size: int, max_bytes: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"{location}: {more}{size:,} bytes, over the limit of {max_bytes:,}; is it the right "
        "file? (--max-size raises the limit)"
    )


def _slow(url: str, timeout: float) -> str:
    return f"{url}: no answer within {timeout:g} seconds; try again later or raise --timeout"


def _truncated(url: str, got: int, expected: int | None) -> str:
    of = f" of {expected:,}" if expected is not None else ""
    return f"{url}: the download was cut off after {got:,}{of} bytes; try again"


def _reason(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason)
    return str(text).rstrip(".")

"""A real headless Chromium, driven over the Chrome DevTools Protocol through a pipe.

No driver package and no chromedriver: started with ``--remote-debugging-pipe``,
Chromium reads JSON commands on its file descriptor 3 and writes answers and events on
4, each message ended by a NUL byte (the protocol: chromedevtools.github.io/devtools-
protocol). The tests open the HTML report as a file, log every network request the page
makes (``Network.requestWillBeSent``), read the DOM with ``Runtime.evaluate``, take
screenshots and print to PDF.

Chromium is the Debian package (``/usr/bin/chromium``; ``$TOKENCOST_CHROMIUM`` names
another). The flags are those this machine needs (no sandbox as root, no GPU, no
background networking: the network is closed) and a fresh profile each time.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

CHROMIUM_ENV = "TOKENCOST_CHROMIUM"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0


def find_chromium() -> str | None:
    """The browser to use: ``$TOKENCOST_CHROMIUM``, else chromium on the PATH."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return named
    return next(
        (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))),
        None,
    )


class Chromium:
    """One browser process with a fresh profile under ``folder``."""

    def __init__(self, executable: str, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        to_browser, self._ours_out = _high_pipe()
        self._ours_in, from_browser = _high_pipe()
        self.log = folder / "chromium.log"

        def place_pipes() -> None:  # in the child, before exec: the pipe on fds 3 and 4
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={folder / 'profile'}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(3, 4),
                preexec_fn=place_pipes,
            )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.version = self.call("Browser.getVersion")["product"]

    def call(self, method: str, params: dict[str, Any] | None = None, **where: str) -> Any:
        """Send a command (to a page's ``sessionId`` if given) and return its result."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}, **where}
        os.write(self._ours_out, json.dumps(message).encode() + b"\0")
        answer = self._until(lambda m: m.get("id") == self._next_id, f"answer to {method}")
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]

    def wait_for(self, method: str, session: str, since: int = 0) -> dict[str, Any]:
        """Wait for an event of a page; one that came already (after the first ``since``
        events) counts."""
        for event in self.events[since:]:
            if event["method"] == method and event.get("sessionId") == session:
                return event
        return self._until(
            lambda m: m.get("method") == method and m.get("sessionId") == session, method
        )

    def _until(self, wanted: Any, what: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message  # type: ignore[no-any-return]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._ours_in], [], [], left)[0]:
                raise TimeoutError(f"Chromium sent no {what} in {TIMEOUT:.0f} s ({self.log})")
            chunk = os.read(self._ours_in, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe (see {self.log})")
            self._buffer += chunk

    def close(self) -> None:
        """Close the browser and wait for it."""
        try:
            self.call("Browser.close")
        except (OSError, RuntimeError, TimeoutError):
            self.process.kill()
        finally:
            self.process.wait(timeout=30)
            os.close(self._ours_out)
            os.close(self._ours_in)


class Page:
    """A tab of its own size, whose requests are logged from the start."""

    def __init__(self, browser: Chromium, width: int, height: int, *, mobile: bool) -> None:
        self.browser = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self.call("Network.enable")
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def call(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """A command to this page."""
        return self.browser.call(method, params, sessionId=self.session)

    def open(self, path: Path) -> str:
        """Load a file and wait for its load event; returns its URL."""
        url = path.resolve().as_uri()
        since = len(self.browser.events)
        self.call("Page.navigate", {"url": url})
        self.browser.wait_for("Page.loadEventFired", self.session, since)
        return url

    def requests(self) -> list[str]:
        """Every URL this page asked for so far."""
        return [
            e["params"]["request"]["url"]
            for e in self.browser.events
            if e["method"] == "Network.requestWillBeSent" and e.get("sessionId") == self.session
        ]

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values)."""
        found = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in found:
            raise RuntimeError(f"{expression}: {found['exceptionDetails']}")
        return found["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """The whole page (beyond the window's height) as PNG."""
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def pdf(self, path: Path) -> Path:
        """The page printed (print CSS) to PDF on A4."""
        printed = self.call("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})
        path.write_bytes(base64.b64decode(printed["data"]))
        return path


def _high_pipe() -> tuple[int, int]:
    """A pipe whose ends are numbered 10 or above, so placing them on 3 and 4 in the child
    cannot overwrite one with the other."""
    read, write = os.pipe()
    high = (
        fcntl.fcntl(read, fcntl.F_DUPFD_CLOEXEC, 10),
        fcntl.fcntl(write, fcntl.F_DUPFD_CLOEXEC, 10),
    )
    os.close(read)
    os.close(write)
    return high

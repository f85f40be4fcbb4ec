"""``tokencost prices update`` against a real HTTP server on 127.0.0.1 (no internet).

The server (http.server in a thread) serves small excerpts written here, the real
tracker files (tests.helpers.TRACKERS) when this machine has them (skipped, saying so,
elsewhere), and broken answers: cut off, the wrong content type, 404, slow, too large,
not JSON. A broken download is one line on stderr, exit 2, and nothing written.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.helpers import REPO, Run, tracker_file, write
from tokencost.catalogue.layers import update_path, user_prices_path

REAL_GENAI = "genai-prices-0.2.3-data.json"
REAL_LITELLM = "litellm-1.110.2-model-prices.json"

GENAI: list[dict[str, Any]] = [
    {
        "id": "openai",
        "name": "OpenAI",
        "pricing_urls": ["https://openai.com/api/pricing/"],
        "models": [
            {
                "id": "gpt-5.5",
                "name": "GPT-5.5",
                "prices": {"input_mtok": 5, "output_mtok": 30, "cache_read_mtok": 0.5},
            },
            {
                "id": "acme-gpt-1",
                "name": "GPT-4o",
                "match": {"or": [{"equals": "acme-gpt-1"}, {"equals": "acme-gpt-1-2024-08-06"}]},
                "context_window": 128000,
                "prices": {"input_mtok": 2.5, "output_mtok": 10, "cache_read_mtok": 1.25},
            },
        ],
    },
    {
        "id": "groq",
        "name": "Groq",
        "models": [
            {
                "id": "llama-4-maverick",
                "name": "Llama 4 Maverick",
                "prices": {"input_mtok": 0.25, "output_mtok": 0.6},
            }
        ],
    },
]
LITELLM = (
    '{"acme-gpt-1": {"litellm_provider": "openai", "input_cost_per_token": 2.5e-06, '
    '"output_cost_per_token": 1e-05, "max_input_tokens": 128000}}'
)


@dataclass(frozen=True)
class Answer:
    """What the server sends for a path."""

    body: bytes
    status: int = 200
    kind: str = "application/json"
    length: int | None = None
    """Content-Length to declare (default: the body's; -1: none, the body ends at close)."""
    delay: float = 0.0


class Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Answer]] = {}

    def do_GET(self) -> None:
        answer = self.routes.get(self.path)
        if answer is None:
            answer = Answer(b"not here", status=404, kind="text/plain")
        time.sleep(answer.delay)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.kind)
        length = len(answer.body) if answer.length is None else answer.length
        if length >= 0:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (too large)
            self.wfile.write(answer.body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def running() -> Iterator[str]:
    """http://127.0.0.1:PORT serving Handler.routes: one server for the module (stopping
    one waits for its loop's next poll, half a second)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(running: str) -> str:
    """The server, serving no path until the test sets its routes."""
    Handler.routes = {}
    return running


def serve(path: str, answer: Answer) -> None:
    Handler.routes[path] = answer


def update(run: Run, *args: str) -> tuple[int, str, str]:
    result = run("prices", "update", *args)
    return result.code, result.out, result.err


def monthly(run: Run, *args: str) -> Decimal:
    result = run("compare", "--json", "--source", "list", "--as-of", "2026-12-02", *args)
    assert result.code == 0, result.err
    [row] = json.loads(result.out, parse_float=Decimal)["results"]
    value: Decimal = row["monthly_cost"]
    return value


# -- a good file: what changes, written as your overlay -------------------------------------


def test_an_update_over_http_writes_your_overlay(run: Run, server: str) -> None:
    serve("/data.json", Answer(json.dumps(GENAI).encode()))
    code, out, err = update(run, f"{server}/data.json", "--effective", "2026-12-01", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out, parse_float=Decimal)
    assert (doc["schema"], doc["from"], doc["written"], doc["into"]) == (
        "tokencost.prices.update/1",
        "genai-prices",
        True,
        str(update_path()),
    )
    assert doc["counts"] == {
        "models_in_file": 3,
        "skipped": 0,
        "matched": 2,
        "unchanged_entries": 1,  # gpt-5.5: $5 / $30, cache $0.50, as shipped
        "new_models": 1,
        "new_prices": 0,
        "changed_prices": 1,
    }
    changes = [
        (c["change"], c["model"], c["host"], c["effective"], c["fields"]) for c in doc["changes"]
    ]
    assert changes == [
        ("new model", "acme-gpt-1", None, "2026-12-01", []),
        ("changed price", "llama-4-maverick", "groq", "2026-12-01", ["input"]),
    ]
    layers = doc["catalogue"]["layers"]
    assert [(x["origin"], x["kind"]) for x in layers] == [
        ("shipped", "catalogue"),
        ("prices update", "overlay"),
    ]
    # every command now sees it: acme-gpt-1 at $2.50 / $10, Maverick at groq $0.25 / $0.60
    assert monthly(run, "--models", "acme-gpt-1-2024-08-06") == Decimal("1312.5")
    assert monthly(run, "--models", "llama-4-maverick", "--host", "groq") == Decimal("101.25")
    # before the update's date the shipped groq price holds
    result = run(
        "compare",
        "--json",
        "--source",
        "list",
        "--as-of",
        "2026-11-30",
        "--models",
        "llama-4-maverick",
        "--host",
        "groq",
    )
    assert json.loads(result.out)["results"][0]["monthly_cost"] == 90


def test_the_overlay_names_the_file_it_came_from(run: Run, server: str) -> None:
    data = json.dumps(GENAI).encode()
    serve("/data.json", Answer(data, kind="text/plain; charset=utf-8"))
    assert update(run, f"{server}/data.json", "--effective", "2026-12-01")[0] == 0
    import hashlib
    import tomllib

    head = tomllib.loads((update_path() / "overlay.toml").read_text())
    assert head["fetched"]["location"] == f"{server}/data.json"
    assert head["fetched"]["sha256"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert head["fetched"]["format"] == "genai-prices"
    source = head["sources"]["genai-prices-update"]
    assert source["url"] == "https://github.com/pydantic/genai-prices"
    assert sorted(p.name for p in update_path().iterdir()) == [
        "meta.toml",
        "openai.toml",
        "overlay.toml",
    ]


def test_a_second_run_shows_nothing_new_and_a_dry_run_writes_nothing(run: Run, server: str) -> None:
    serve("/data.json", Answer(json.dumps(GENAI).encode()))
    url = f"{server}/data.json"
    assert update(run, url, "--effective", "2026-12-01")[0] == 0
    before = {p.name: p.read_bytes() for p in update_path().iterdir()}
    code, out, err = update(run, url, "--effective", "2026-12-01", "--json")
    assert (code, err, json.loads(out)["changes"]) == (0, "", [])
    # the overlay is written anew, with the same data
    assert {p.name: p.read_bytes() for p in update_path().iterdir()} == before
    changed = [dict(GENAI[0], models=GENAI[0]["models"][:1])]  # the file drops acme-gpt-1
    serve("/less.json", Answer(json.dumps(changed).encode()))
    code, out, _ = update(run, f"{server}/less.json", "--dry-run")
    assert code == 0
    assert "Dry run: nothing written" in out
    assert {p.name: p.read_bytes() for p in update_path().iterdir()} == before


def test_a_litellm_map_and_a_local_file(run: Run, server: str, tmp_path: Path) -> None:
    serve("/map.json", Answer(LITELLM.encode()))
    into = tmp_path / "lite"
    code, out, err = update(
        run, f"{server}/map.json", "--into", str(into), "--effective", "2026-12-01"
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Prices update from {server}/map.json: 1 changes"
    assert monthly(run, "--models", "acme-gpt-1", "--catalogue", str(into)) == Decimal("1312.5")
    local = write(tmp_path / "genai.json", json.dumps(GENAI))
    code, out, err = update(run, str(local), "--from", "genai-prices", "--dry-run", "--json")
    assert (code, err, json.loads(out)["counts"]["new_models"]) == (0, "", 1)


def test_without_a_location_the_trackers_published_file_is_fetched(
    run: Run, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = importlib.import_module("tokencost.cli.prices.update")
    serve("/published.json", Answer(json.dumps(GENAI).encode()))
    monkeypatch.setitem(command.TRACKERS, "genai-prices", f"{server}/published.json")
    code, out, _ = update(run, "--dry-run")
    assert code == 0
    assert out.startswith(f"Prices update from {server}/published.json: ")


def test_the_data_a_table_parses_back_to_is_what_its_text_parses_to() -> None:
    """What an update validates for the file's models (tomltext.parsed_back) is what
    tomllib reads from the text written for them, value for value."""
    import tomllib

    from tokencost.catalogue.tomltext import parsed_back, provider_toml

    table = {
        "provider": "acme",
        "name": 'Acme "quoted"',
        "models": [
            {
                "id": "m1",
                "aliases": ("m-1", "m one"),
                "context_window": 128_000,
                "note": None,
                "prices": [
                    {
                        "effective": date(2026, 12, 1),
                        "input": Decimal("2.50"),
                        "output": Decimal("1E+1"),
                        "cache_read": Decimal("0.00000025"),
                        "reasoning": Decimal("3"),
                        "batch_discount": None,
                        "tiers": [{"above": 200_000, "input": Decimal("5.0"), "output": None}],
                    }
                ],
            }
        ],
    }
    text = provider_toml(table)
    parsed = tomllib.loads(text, parse_float=Decimal)
    assert repr(parsed_back(table)) == repr(parsed)


@pytest.mark.parametrize(
    ("kind", "source"),
    [
        ("litellm", (REPO / "examples" / "prices" / "litellm-excerpt.json").read_text()),
        ("genai-prices", (REPO / "examples" / "prices" / "genai-prices-excerpt.json").read_text()),
    ],
    ids=["litellm", "genai-prices"],
)
def test_the_update_validates_what_the_import_would_write(kind: str, source: str) -> None:
    """An update converts the file as ``prices import`` does but validates the data its
    TOML files would parse back to, without writing them (its own overlay is written and
    validated as it parses): the same catalogue, every value as the text gives it."""
    from tokencost.catalogue.importers import convert

    data = json.loads(source, parse_float=Decimal)
    made = [
        convert(kind, data, label="f.json", folder=REPO, effective=date(2026, 12, 1), text=text)
        for text in (True, False)
    ]
    written, unwritten = (m.catalogue for m in made)
    assert written is not None and unwritten is not None
    assert (repr(unwritten.manifest), repr(unwritten.providers), unwritten.digest) == (
        repr(written.manifest),
        repr(written.providers),
        written.digest,
    )
    assert (made[0].files != {}, made[1].files) == (True, {})


# -- the real tracker files, where this machine has them -------------------------------------


def _real(name: str) -> bytes:
    return tracker_file(name).read_bytes()


def test_the_real_genai_prices_file_over_http(run: Run, server: str) -> None:
    serve("/real.json", Answer(_real(REAL_GENAI), kind="text/plain; charset=utf-8"))
    code, out, err = update(run, f"{server}/real.json", "--effective", "2026-12-01", "--json")
    assert (code, err) == (0, "")
    doc = json.loads(out, parse_float=Decimal)
    assert doc["counts"]["models_in_file"] + doc["counts"]["skipped"] == 2330
    assert doc["bytes"] == tracker_file(REAL_GENAI).stat().st_size
    # the shipped list source is built from this very file: it adds no model
    assert [c for c in doc["changes"] if c["change"] == "new model"] == []


def test_the_real_litellm_file_over_http(run: Run, server: str, tmp_path: Path) -> None:
    serve("/real.json", Answer(_real(REAL_LITELLM)))
    into = tmp_path / "lite"
    code, out, err = update(
        run, f"{server}/real.json", "--into", str(into), "--effective", "2026-12-01", "--json"
    )
    assert (code, err) == (0, ""), err
    assert json.loads(out)["counts"]["models_in_file"] > 1000


# -- broken downloads: one line, exit 2, nothing written -------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


BODY = json.dumps(GENAI).encode()


@pytest.mark.parametrize(
    ("answer", "flags", "message"),
    [
        (
            Answer(BODY[:100], length=len(BODY)),
            [],
            "{url}: the download was cut off after 100 of {size:,} bytes; try again",
        ),
        (
            Answer(BODY[:100], length=-1),
            [],
            "{url}: not JSON (Expecting value at line 1, column 101); a cut-off or damaged "
            "download? try again",
        ),
        (
            Answer(b"<html>Sign in</html>", kind="text/html"),
            [],
            "{url}: the server sent text/html, not a JSON file (a web page instead of the "
            "data?); give the URL of the raw file",
        ),
        (
            Answer(b"gone", status=404, kind="text/plain"),
            [],
            "{url}: the server answered 404 Not Found; check the URL",
        ),
        (
            Answer(b"{}", delay=3),
            ["--timeout", "0.5"],
            "{url}: no answer within 0.5 seconds; try again later or raise --timeout",
        ),
        (
            Answer(BODY),
            ["--max-size", "100"],
            "{url}: {size:,} bytes, over the limit of 100; is it the right file? (--max-size "
            "raises the limit)",
        ),
        (
            Answer(BODY * 3, length=-1),
            ["--max-size", "1k"],
            "{url}: more than 1,000 bytes, over the limit of 1,000; is it the right file? "
            "(--max-size raises the limit)",
        ),
        (
            Answer(b'{"gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 1e-06, '),
            [],
            "{url}: not JSON (Expecting property name enclosed in double quotes at line 1, "
            "column 74); a cut-off or damaged download? try again",
        ),
        (
            Answer(b'"just a string"'),
            [],
            "{url}: neither a genai-prices file (a list of providers) nor a LiteLLM map (an "
            "object of models); give --from",
        ),
    ],
    ids=[
        "cut off",
        "cut off, no length",
        "wrong content type",
        "404",
        "slow",
        "too large (declared)",
        "too large (streamed)",
        "malformed",
        "not a tracker file",
    ],
)
def test_a_broken_download_writes_nothing(
    run: Run, server: str, tmp_path: Path, answer: Answer, flags: list[str], message: str
) -> None:
    serve("/broken", answer)
    url = f"{server}/broken"
    into = tmp_path / "update"
    code, out, err = update(run, url, "--into", str(into), *flags)
    expected = message.format(url=url, size=len(BODY))
    assert (code, out, err) == (2, "", f"error: {expected}\n")
    assert not into.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_server_writes_nothing(run: Run, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/data.json"
    code, out, err = update(run, url, "--into", str(tmp_path / "u"))
    assert (code, out) == (2, "")
    assert (
        err == f"error: {url}: cannot connect: Connection refused; check the URL and your network\n"
    )
    assert not (tmp_path / "u").exists()


def test_a_broken_download_leaves_the_previous_update_alone(run: Run, server: str) -> None:
    serve("/data.json", Answer(json.dumps(GENAI).encode()))
    assert update(run, f"{server}/data.json", "--effective", "2026-12-01")[0] == 0
    before = {p.name: p.read_bytes() for p in update_path().iterdir()}
    serve("/broken", Answer(b"[{", length=-1))
    assert update(run, f"{server}/broken")[0] == 2
    assert {p.name: p.read_bytes() for p in update_path().iterdir()} == before


# -- where it may write ------------------------------------------------------------------------


def test_update_never_writes_the_catalogue_or_your_own_prices(run: Run, tmp_path: Path) -> None:
    local = write(tmp_path / "genai.json", json.dumps(GENAI))
    code, out, err = update(run, str(local), "--into", str(REPO / "prices"))
    assert (code, out) == (2, "")
    assert err == (
        f"error: --into {REPO / 'prices'}: that is the catalogue itself; an update is written "
        "as an overlay beside it (leave --into out for your data folder's)\n"
    )
    mine = user_prices_path()
    write(mine / "overlay.toml", 'name = "your prices"\n')
    code, out, err = update(run, str(local), "--into", str(mine))
    assert (code, out) == (2, "")
    assert err == (
        f"error: --into {mine}: holds files that `prices update` did not write (its "
        "overlay.toml has no [fetched] table); an update rewrites its folder whole, so give an "
        "empty or new folder\n"
    )
    assert sorted(p.name for p in mine.iterdir()) == ["overlay.toml"]


def test_no_other_command_imports_the_network_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tokencost.cli import main\n"
        "for args in (['compare'], ['models', '--json'], ['prices', 'list']):\n"
        "    main(args)\n"
        "print(sorted(m for m in ('tokencost.fetch', 'urllib.request', 'http.client') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.splitlines()[-1] == "[]"

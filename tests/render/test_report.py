"""The HTML report as a person sees it: opened in a real headless Chromium.

Each test writes a report with ``--html``, opens it in Debian's Chromium at a phone's
and a desktop's size (driven over the DevTools protocol, :mod:`tests.chromium`), takes
screenshots and a PDF into the test's output folder (``$TOKENCOST_TEST_OUTPUT``, see
``artefacts`` in conftest.py), logs every request the page makes and reads the DOM:
every model row, every chart, no request but the page itself, no script, no sideways
scrolling of the page on a phone, tables unfolded in print.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import Chromium, Page, find_chromium
from tests.helpers import EVIL_SHOWN, REPO, Run, evil_compare

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found: Debian package chromium (.ci/run installs it); "
    "$TOKENCOST_CHROMIUM names another browser",
)

JUNE = "2026-06-15"
PHONE = {"width": 390, "height": 844, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "mobile": False}
FACTS = """(() => {
  const text = (e) => e.textContent;
  const screenWidth = document.documentElement.clientWidth;  // innerWidth grows with the page
  const fits = [...document.querySelectorAll('h1, h2, p, li, dt, dd, figcaption, footer')]
    .filter((e) => e.getBoundingClientRect().right > screenWidth + 0.5).map(text);
  return {
    title: document.title,
    tables: [...document.querySelectorAll('table')].map((t) =>
      [...t.tBodies[0].rows].map((r) => r.cells[0].textContent)),
    sections: [...document.querySelectorAll('section')].map((s) => ({
      title: s.querySelector('h2').textContent,
      headers: [...s.querySelectorAll('thead th')].map(text),
      rows: [...s.querySelectorAll('tbody tr')].map((r) => [...r.cells].map(text)),
      notes: [...s.querySelectorAll('.notes li')].map(text),
    })),
    headings: [...document.querySelectorAll('h2')].map(text),
    headers: [...document.querySelectorAll('thead th')].map(text),
    figures: [...document.querySelectorAll('figure')].map((f) => {
      const box = f.querySelector('svg').getBoundingClientRect();
      return {caption: f.querySelector('figcaption').textContent,
              bars: f.querySelectorAll('svg rect').length,
              curves: f.querySelectorAll('svg polyline').length,
              labels: [...f.querySelectorAll('svg text')].map(text),
              width: box.width, height: box.height,
              viewBox: f.querySelector('svg').getAttribute('viewBox')};
    }),
    catalogue: [...document.querySelectorAll('dd')].map(text),
    scripts: document.querySelectorAll('script').length,
    elements: [...new Set([...document.querySelectorAll('*')].map((e) => e.localName))],
    pageWidth: document.documentElement.scrollWidth,
    screenWidth: screenWidth,
    overflowing: fits,
  };
})()"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One browser for the module (a fresh profile); each test opens its own tabs."""
    assert CHROMIUM is not None
    started = Chromium(CHROMIUM, tmp_path_factory.mktemp("chromium"))
    yield started
    started.close()


def report(run: Run, folder: Path, name: str, *args: str) -> tuple[dict[str, Any], Path]:
    """Run a command with --json and --html; its JSON document and the page's path."""
    path = folder / f"{name}.html"
    result = run(*args, "--as-of", JUNE, "--json", "--html", str(path))
    assert (result.code, result.err) == (0, ""), result.err
    return json.loads(result.out, parse_float=Decimal), path


def markdown_sections(text: str) -> list[dict[str, Any]]:
    """The tables of ``--format markdown`` as the DOM facts show a page's sections: the
    title, the headers, every row's cells, the notes under the table."""
    found: list[dict[str, Any]] = []
    for line in text.splitlines():
        if line.startswith("### "):
            found.append({"title": line[4:], "headers": [], "rows": [], "notes": []})
        elif line.startswith("|") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            found[-1]["rows" if found[-1]["headers"] else "headers"].append(cells)
        elif line.startswith("- "):
            found[-1]["notes"].append(line[2:])
    for section in found:
        (section["headers"],) = section["headers"]
    return found


def sections(run: Run, args: tuple[str, ...]) -> list[dict[str, Any]]:
    """The tables of the command's markdown, as :func:`markdown_sections` reads them: a
    page must show each, cell for cell, with every note (every model, every figure,
    every assumption)."""
    markdown = run(*args, "--as-of", JUNE, "--format", "markdown")
    assert (markdown.code, markdown.err) == (0, "")
    expected = markdown_sections(markdown.out)
    assert expected and all(section["rows"] for section in expected)
    return expected


def look(browser: Chromium, path: Path, shot: Path, size: dict[str, Any]) -> dict[str, Any]:
    """Open the page in a new tab, take a screenshot, return what the DOM shows; the page
    must ask for nothing but itself."""
    tab = Page(browser, size["width"], size["height"], mobile=size["mobile"])
    url = tab.open(path)
    facts: dict[str, Any] = tab.evaluate(FACTS)
    tab.screenshot(shot)
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert tab.requests() == [url]  # no font, image, script or anything else fetched
    assert facts["scripts"] == 0
    assert facts["screenWidth"] == size["width"]
    assert facts["pageWidth"] == size["width"]  # no sideways scrolling of the page
    assert facts["overflowing"] == []  # and no text past the right edge
    return facts


def test_the_compare_report_on_a_phone_and_a_desktop(
    run: Run, artefacts: Path, browser: Chromium
) -> None:
    args = (
        "compare",
        "--months",
        "3",
        "--growth",
        "5%",
        "--mix",
        "t=gpt-5.5:50%,deepseek-v4-pro:50%",
    )
    doc, path = report(run, artefacts, "compare", *args)
    models = [row["model"] for row in doc["results"]]
    tables = sections(run, args)
    for size, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        facts = look(browser, path, artefacts / f"compare-{name}.png", size)
        assert facts["title"] == "tokencost compare: default"
        assert facts["tables"][0] == models  # every model's row
        assert [len(rows) for rows in facts["tables"]] == [5, 5, 4]  # costs, the mix, months
        assert facts["sections"] == tables
        monthly = {row[0]: row[5] for row in facts["sections"][0]["rows"]}
        assert monthly == {  # the article's monthly costs
            "glm-5-flash": "$0.00",
            "deepseek-v4-pro": "$13.13",
            "llama-4-maverick": "$900.00",
            "gpt-5.5": "$1,312.50",
            "claude-opus-4.8": "$1,800.00",
        }
        catalogue = doc["catalogue"]
        assert facts["catalogue"] == [
            f"{catalogue['name']} {catalogue['version']}",
            catalogue["digest"],
            catalogue["updated"],
            JUNE,
            "USD",
        ]
        bars, curves = facts["figures"]
        assert bars["caption"].startswith("Monthly cost, workload 'default'")
        assert bars["bars"] == 5  # four models and the mix; glm-5-flash costs $0
        assert {*models, "t", "$1,312.50", "$10", "$100", "$1k", "$10k"} <= set(bars["labels"])
        assert curves["caption"].startswith("Monthly spend, workload 'default'")
        assert curves["curves"] == 5
        for figure in (bars, curves):  # drawn whole, no smaller than 3/4 of its size
            _, _, width, height = map(int, figure["viewBox"].split())
            assert figure["width"] >= width * 3 / 4
            assert figure["height"] == pytest.approx(figure["width"] * height / width, abs=1)


def test_a_report_prints_with_its_tables_unfolded(
    run: Run, artefacts: Path, browser: Chromium
) -> None:
    _, path = report(run, artefacts, "project", "project", "--months", "12", "--growth", "8%")
    tab = Page(browser, PHONE["width"], PHONE["height"], mobile=True)
    tab.open(path)
    box = "getComputedStyle(document.querySelector('.scroll')).overflowX"
    assert tab.evaluate(box) == "auto"  # on screen a wide table scrolls in its own box
    tab.call("Emulation.setEmulatedMedia", {"media": "print"})
    assert tab.evaluate(box) == "visible"  # printed, it is shown whole
    tab.screenshot(artefacts / "project-print.png")
    assert tab.pdf(artefacts / "project.pdf").read_bytes().startswith(b"%PDF-")


def test_the_replay_report_has_every_period(run: Run, artefacts: Path, browser: Chromium) -> None:
    log = str(REPO / "examples" / "logs" / "june.jsonl")
    doc, path = report(run, artefacts, "replay", "replay", log, "--by", "day")
    facts = look(browser, path, artefacts / "replay-phone.png", PHONE)
    assert facts["sections"] == sections(run, ("replay", log, "--by", "day"))
    keys = [group["key"] for group in doc["groups"]]
    assert facts["tables"] == [[*keys, "total", "vs actual"]]
    assert facts["headers"][3:] == ["Actual", *(c["model"] for c in doc["candidates"])]
    (figure,) = facts["figures"]
    assert figure["curves"] == 5  # actual and four candidates (glm-5-flash is free)
    assert {keys[0], keys[-1], "actual (as logged)"} <= set(figure["labels"])


def test_names_are_text_in_the_browser(run: Run, artefacts: Path, browser: Chromium) -> None:
    _, path = report(run, artefacts, "names", *evil_compare(artefacts))
    events = len(browser.events)
    facts = look(browser, path, artefacts / "names-desktop.png", DESKTOP)
    assert set(facts["elements"]).isdisjoint({"script", "b", "iframe", "img"})
    assert facts["title"] == f"tokencost compare: {EVIL_SHOWN}"
    assert f"Mix '{EVIL_SHOWN}' of workload '{EVIL_SHOWN}': 10M tokens/day" in facts["headings"]
    # from the user's price files: the provider's name in each row, the catalogue's name
    assert {row[1] for row in facts["sections"][0]["rows"]} == {EVIL_SHOWN}
    assert facts["catalogue"][0] == f"{EVIL_SHOWN} 2026.01.0"
    opened = [e["method"] for e in browser.events[events:]]
    assert "Page.javascriptDialogOpening" not in opened  # no alert(1)
    bars = facts["figures"][0]
    assert any(label.startswith("<script>alert(1)</script>") for label in bars["labels"])

"""A View as one self-contained HTML page: ``--html FILE``.

The page holds what the other faces hold, for people to open, share and print: the
result's name, the catalogue (name, version, full digest, date) and the price date
from the JSON envelope, each table with its footer of assumptions, and each chart as
inline vector graphics (:mod:`tokencost.render.svg`). It needs nothing else: the CSS
is inline, there is no script, no font, no image and no link, and a Content Security
Policy tells the browser to fetch nothing and run nothing even so. Every string is
escaped (:mod:`tokencost.render.markup`).

On a phone the text wraps to the screen and each table scrolls sideways in its own
box; the charts scale to the width. Printed, the tables unfold and the charts keep to
the page. The page is the same for the same result (no clock, no random ids).
"""

from __future__ import annotations

from collections.abc import Mapping

from tokencost.render import svg
from tokencost.render.grid import Grid
from tokencost.render.markup import text
from tokencost.render.view import View
from tokencost.version import __version__

POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""Nothing may load or run but the page's own inline style."""

STYLE = """\
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1a1a1a;font:16px/1.5 system-ui,-apple-system,"Segoe UI",\
Roboto,Helvetica,Arial,sans-serif}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.1rem;line-height:1.3;margin:2rem 0 .6rem}
h1,h2,p,li,dd,figcaption{overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem 1rem;margin:0}
dt{color:#555}
dd{margin:0}
code{font:.9em ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace}
.scroll{overflow-x:auto;max-width:100%;border:1px solid #ddd;border-radius:4px}
table{border-collapse:collapse;min-width:100%;font-variant-numeric:tabular-nums}
th,td{padding:.35rem .7rem;border-bottom:1px solid #eee;text-align:left;white-space:nowrap}
th{background:#f4f4f4;font-weight:600}
.num{text-align:right}
.strong{font-weight:600}
.notes{color:#444;font-size:.9rem;padding-left:1.2rem;margin:.6rem 0 0}
figure{margin:1.5rem 0}
.chart{overflow-x:auto}
.chart svg{display:block;width:100%;max-width:48rem;min-width:30rem;height:auto}
figcaption{font-weight:600;margin-bottom:.4rem}
footer{color:#555;font-size:.85rem;margin-top:2rem;border-top:1px solid #ddd;padding-top:.5rem}
@media print{
body{font-size:10pt}
main{max-width:none;padding:0}
.scroll,.chart{overflow:visible;border:0}
.chart svg{min-width:0}
th,td{white-space:normal;padding:.15rem .4rem}
figure,tr,li{break-inside:avoid}
h2{break-after:avoid}
@page{margin:14mm}
}
"""


def page(view: View) -> str:
    """The whole HTML document of ``view``."""
    title = text(view.name)
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f'<meta name="generator" content="tokencost {__version__}">\n'
        f"<title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n"
    )
    body = [f"<h1>{title}</h1>", _catalogue(view.document())]
    body += [_table(grid) for grid in view.grids()]
    charts = view.charts()
    colours = svg.palette(charts)
    body += [
        _figure(svg.picture(chart, colours, title=False, footer=False, width=svg.PAGE_WIDTH))
        for chart in charts
    ]
    body.append(f"<footer>Written by tokencost {__version__}.</footer>")
    return head + "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"


def _catalogue(document: Mapping[str, object]) -> str:
    """What priced the result, from the JSON envelope: catalogue, digest, price date."""
    found = document.get("catalogue")
    cat = found if isinstance(found, Mapping) else {}
    rows = [
        ("Catalogue", f"{cat.get('name', '')} {cat.get('version', '')}".strip()),
        ("Digest", cat.get("digest")),
        ("Catalogue updated", cat.get("updated")),
        ("Prices as of", document.get("as_of")),
        ("Currency", document.get("currency")),
    ]
    items = "".join(
        f"<dt>{name}</dt><dd>{_code(name, str(value))}</dd>" for name, value in rows if value
    )
    return f'<dl class="catalogue">{items}</dl>'


def _code(name: str, value: str) -> str:
    return f"<code>{text(value)}</code>" if name == "Digest" else text(value)


def _table(grid: Grid) -> str:
    """A table in its own scrolling box, its title above and its footer below."""

    def cls(index: int) -> str:
        column = grid.columns[index]
        names = [n for n, on in (("num", column.align == "right"), ("strong", column.strong)) if on]
        return f' class="{" ".join(names)}"' if names else ""

    head = "".join(
        f'<th scope="col"{cls(i)}>{text(column.header)}</th>'
        for i, column in enumerate(grid.columns)
    )
    rows = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{text(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in grid.rows
    )
    notes = "".join(f"<li>{text(note)}</li>" for note in grid.footer)
    return (
        f"<section>\n<h2>{text(grid.title)}</h2>\n"
        f'<div class="scroll" role="region" aria-label="{text(grid.title)}" tabindex="0">'
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>\n"
        + (f'<ul class="notes">{notes}</ul>\n' if notes else "")
        + "</section>"
    )


def _figure(pic: svg.Picture) -> str:
    """A chart: its title as the caption (text that wraps), the drawing below."""
    return (
        f"<figure>\n<figcaption>{text(pic.title)}</figcaption>\n"
        f'<div class="chart">{svg.inline(pic)}</div>\n</figure>'
    )

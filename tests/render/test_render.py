from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tokencost.catalogue import load_catalogue
from tokencost.engine import compare
from tokencost.render import compare as render
from tokencost.render import formatting as fmt
from tokencost.render import safe
from tokencost.render.csvout import to_csv
from tokencost.render.grid import Column, Grid, to_markdown, to_text
from tokencost.render.jsonout import dumps
from tokencost.render.terminal import _wrapped, fit, print_grid
from tokencost.workload import Workload


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1312.5", "$1,312.50"),
        ("13.125", "$13.13"),
        ("0.4375", "$0.44"),
        ("0", "$0.00"),
        ("0.0044", "$0.0044"),
        ("0.004449", "$0.0044"),
        ("0.000012345", "$0.000012"),
        ("0.005", "$0.01"),
        ("1234567.891", "$1,234,567.89"),
        ("-2.5", "-$2.50"),
    ],
)
def test_money_is_rounded_to_cents_but_never_to_a_false_zero(value: str, text: str) -> None:
    assert fmt.money(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2.5", "$2.50"),
        ("0.035", "$0.035"),
        ("0.003625", "$0.003625"),
        ("10", "$10.00"),
        ("0", "$0.00"),
        ("1000", "$1,000.00"),
    ],
)
def test_prices_are_exact(value: str, text: str) -> None:
    assert fmt.price(Decimal(value)) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("100", "100x"),
        ("71.42857142857142857142857142857142857143", "71.43x"),
        ("119.047619", "119.05x"),
        ("1.5", "1.5x"),
        ("1", "1x"),
        ("0.01", "0.01x"),
        ("0.0035", "0.0035x"),
        ("1234.5", "1,234.5x"),
    ],
)
def test_ratios_read_like_the_article(value: str, text: str) -> None:
    assert fmt.ratio(Decimal(value)) == text


def test_quantities_short_form() -> None:
    assert [fmt.quantity(Decimal(v)) for v in ("10000000", "1500000000", "250000", "999", "0")] == [
        "10M",
        "1.5B",
        "250k",
        "999",
        "0",
    ]


def test_json_numbers_are_written_from_the_exact_decimal() -> None:
    text = dumps({"a": Decimal("0.00001"), "b": Decimal("0.1") + Decimal("0.2"), "c": [1, None]})
    assert '"a": 0.00001' in text
    assert '"b": 0.3' in text
    assert "e-" not in text
    assert json.loads(text, parse_float=Decimal) == {
        "a": Decimal("0.00001"),
        "b": Decimal("0.3"),
        "c": [1, None],
    }


def test_json_refuses_what_it_cannot_write_exactly() -> None:
    with pytest.raises(ValueError, match="cannot write Infinity"):
        dumps({"x": Decimal("Infinity")})
    with pytest.raises(TypeError, match="cannot write float"):
        dumps({"x": 0.1})


class Ratio(float):
    """A float by another name (as numpy's float64 is)."""


class Frozen(Mapping[str, object]):
    """A mapping that is not a dict: the writer copies it into one."""

    def __init__(self, **items: object) -> None:
        self.items_ = items

    def __getitem__(self, key: str) -> object:
        return self.items_[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.items_)

    def __len__(self) -> int:
        return len(self.items_)


@pytest.mark.parametrize(
    "value",
    [
        0.5,
        [Decimal(1), 0.5],
        {"deep": [{"in": ({"tuple": 0.5},)}]},
        {"x": Ratio(2)},
        {"x": Frozen(y=0.5)},
        {"x": (Decimal(1), [Frozen(z=[1, 0.5])])},
    ],
)
@pytest.mark.parametrize("indent", [None, 2])
def test_json_refuses_a_float_wherever_it_is(value: object, indent: int | None) -> None:
    """On one line (the C encoder, which writes floats) as indented: nested in dicts,
    lists, tuples and other mappings, and a float subclass too."""
    with pytest.raises(TypeError, match=r"cannot write float (0\.5|2\.0) as JSON; give a Decimal"):
        dumps(value, indent=indent)


def test_json_writes_decimals_as_their_text_on_one_line_and_indented() -> None:
    value = {"a": Decimal("0.00001"), "b": [Decimal("1312.50"), Decimal("-3")], "c": "0.1"}
    assert dumps(value, indent=None) == '{"a": 0.00001, "b": [1312.5, -3], "c": "0.1"}'
    assert dumps(value, indent=1) == (
        '{\n "a": 0.00001,\n "b": [\n  1312.5,\n  -3\n ],\n "c": "0.1"\n}'
    )


def test_json_dates_nesting_and_empty_containers() -> None:
    assert dumps({"d": date(2026, 6, 1), "e": [], "f": {}}, indent=1) == (
        '{\n "d": "2026-06-01",\n "e": [],\n "f": {}\n}'
    )


GRID = Grid(
    "Title",
    (Column("Name"), Column("Cost", "right")),
    (("a", "$1.00"), ("longer | name", "$10.00")),
    ("note one",),
)


def test_plain_text_grid() -> None:
    assert to_text(GRID) == (
        "Title\n"
        "\n"
        "Name             Cost\n"
        "-------------  ------\n"
        "a               $1.00\n"
        "longer | name  $10.00\n"
        "\n"
        "note one\n"
    )


def test_markdown_grid_escapes_pipes() -> None:
    assert to_markdown(GRID) == (
        "### Title\n"
        "\n"
        "| Name | Cost |\n"
        "|---|---:|\n"
        "| a | $1.00 |\n"
        "| longer \\| name | $10.00 |\n"
        "\n"
        "- note one\n"
    )


def test_table_and_json_are_drawn_from_the_same_result(tiny: Path) -> None:
    result = compare(load_catalogue(tiny), Workload.build(), as_of=date(2026, 6, 15))
    grid = render.grid(result)
    doc = json.loads(dumps(render.document(result)), parse_float=Decimal)
    assert [row[0] for row in grid.rows] == [r["model"] for r in doc["results"]]
    assert [row[5] for row in grid.rows] == [
        fmt.money(Decimal(r["monthly_cost"])) for r in doc["results"]
    ]


def test_csv_is_exact(tiny: Path) -> None:
    result = compare(load_catalogue(tiny), Workload.build(ratio="1:2"), as_of=date(2026, 6, 15))
    table = render.CompareView(result).csv()
    lines = to_csv(table.header, table.rows).splitlines()
    assert lines[0] == (
        "model,provider,source,effective,input_price,output_price,blended_price,"
        "daily_cost,monthly_cost,yearly_cost,ratio"
    )
    assert lines[1] == "free,acme,book,2026-02-01,0,0,0,0,0,0,0"
    assert lines[2].startswith("small,acme,book,2026-01-01,0.04,0.12,0.09333333333333333333333")


def test_one_line_json_is_exact_and_refuses_floats() -> None:
    value = {"a": Decimal("0.00001"), "b": [1, None, {"c": Decimal("0.1") + Decimal("0.2")}]}
    assert dumps(value, indent=None) == '{"a": 0.00001, "b": [1, null, {"c": 0.3}]}'
    assert json.loads(dumps(value, indent=None), parse_float=Decimal) == json.loads(
        dumps(value), parse_float=Decimal
    )
    with pytest.raises(TypeError, match="cannot write float"):
        dumps({"x": [{"y": 0.1}]}, indent=None)
    with pytest.raises(ValueError, match="cannot write NaN"):
        dumps({"x": Decimal("NaN")}, indent=None)


def test_json_text_escapes_every_raw_control_in_any_kind_of_text() -> None:
    """DEL, C1 and the bidirectional and separator characters are written ``\\uXXXX`` in
    ASCII text, in Latin-1 text and in text with an astral character (a quick byte screen
    decides first that most texts have none)."""
    every = "".join(map(chr, range(0x110000)))  # one search, not a match per character
    raw = safe._JSON_RAW.findall(every)
    assert len(raw) == 47
    for char in raw:
        for before in ('"a', '"\u00e9', '"\U0001f42c'):
            escaped = f"\\u{ord(char):04x}"
            assert safe.json_text(f'{before}{char}b"') == f'{before}{escaped}b"'
    for clean in ('"plain"', '"caf\u00e9 \u00a9"', '"Dolphin \U0001f42c"', '"\u2027\u2030"'):
        assert safe.json_text(clean) == clean


# -- the terminal: tokencost lays out what rich's Table and print would, byte for byte ----

TERMINAL_GRID = Grid(
    "A title long enough to wrap between its words on a narrow terminal",
    (
        Column("Model"),
        Column("Provider", drop=1),
        Column("Input $/1M", "right", short="In"),
        Column("Monthly", "right", strong=True),
    ),
    (
        ("gpt-5.5", "OpenAI", "$2.50", "$1,312.50"),
        ("模型-ünïcode", "", "$0.035", "13 元"),  # cells wider than their length
        ("glm-5-flash 🚀", "Zhipu AI", "$0.00", ""),
    ),
    ("A note under the table.", "", "Another note, long enough to wrap onto a second line."),
)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _rich_reference(grid: Grid, columns: int, *, color: bool) -> str:
    """What rich itself drew of ``grid``: its Table as a table when it fits, else each row
    stacked as a Text built piece by piece; every text printed as one Text (rich wraps
    nothing of it: soft wrap). The drawing tokencost had before it laid these out itself."""
    out = _Terminal()
    console = Console(file=out, no_color=not color, highlight=False, soft_wrap=False)

    def lines(text: str, style: str) -> None:
        wrapped = [
            Text(line, style=style)
            for paragraph in text.split("\n")
            for line in textwrap.wrap(
                paragraph, columns, break_long_words=False, break_on_hyphens=False
            )
            or [""]
        ]
        console.print(Text("\n").join(wrapped), soft_wrap=True)

    fitted = fit(grid, columns)
    shown = fitted or grid
    lines(shown.title, "italic")
    if fitted is not None:
        table = Table(header_style="bold")
        for index, column in enumerate(shown.columns):
            width = max(cell_len(cell) for cell in (column.header, *(r[index] for r in shown.rows)))
            table.add_column(
                Text(column.header),
                justify=column.align,
                no_wrap=True,
                style="bold cyan" if column.strong else None,
                width=width,
            )
        for row in shown.rows:
            table.add_row(*map(Text, row))
        console.print(table)
    else:
        label_width = max(cell_len(c.header) for c in grid.columns[1:])
        stacked = []
        for row in grid.rows:
            stacked += [Text(), Text(row[0], style="bold")]
            pairs = list(zip(grid.columns[1:], row[1:], strict=True))
            value_width = max(cell_len(v) for c, v in pairs if c.align == "right")
            for column, cell in pairs:
                pad = value_width - cell_len(cell) if column.align == "right" else 0
                line = Text("  ")
                line.append(column.header + " " * (label_width - cell_len(column.header)))
                line.append("  ")
                line.append(" " * pad + cell, style="bold cyan" if column.strong else "")
                stacked.append(line)
        stacked.append(Text())
        console.print(Text("\n").join(stacked), soft_wrap=True)
    notes = "\n".join(shown.footer)
    if notes:
        lines(notes, "dim")
    return out.getvalue()


@pytest.mark.parametrize("color", [True, False], ids=["colour", "no-colour"])
@pytest.mark.parametrize("columns", [20, 40, 50, 60])
def test_a_terminal_table_is_what_rich_draws(
    monkeypatch: pytest.MonkeyPatch, columns: int, color: bool
) -> None:
    """tokencost lays out the segments of a table, a stacked grid and its notes itself
    (rich's Table took ~0.4 ms a row): the bytes on the terminal, escape codes and all,
    are those rich makes, at each width (stacked; without the droppable column; with the
    short headers; whole), with colour and without."""
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _Terminal()
    print_grid(TERMINAL_GRID, out, color=color)
    assert out.getvalue() == _rich_reference(TERMINAL_GRID, columns, color=color)
    assert ("\x1b[1;36m" in out.getvalue()) == color  # the strong column, in colour


WORDS = ["a", "bc", "a-long-word", " ", "  ", "\t", "\r", "\xa0", "\u3000", "é", "漢字"]


@given(st.lists(st.sampled_from(WORDS), max_size=20).map("".join), st.integers(1, 30))
@example("a bc a-long-word bc", 4)  # a line exactly full; a word longer than a line
@example("a \xa0 bc", 1)  # textwrap drops the no-break space at a line's end
def test_notes_wrap_as_textwrap_wraps_them(text: str, width: int) -> None:
    """The notes under a table are wrapped by searching for spaces where the words are
    single-spaced: the lines textwrap gives, whatever the spaces (a no-break space at a
    line's end, which textwrap drops, once slipped through)."""
    expected = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    assert _wrapped(text, width) == (expected or [""])

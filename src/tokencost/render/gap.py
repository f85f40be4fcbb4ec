"""A Gap as a JSON document, a Grid (a ratio column per source), CSV and a line chart."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from tokencost.engine.gap import Bound, Gap, GapPoint, Interval, SourceGap, split_of
from tokencost.engine.results import PriceUsed
from tokencost.render import formatting as fmt
from tokencost.render.chart import Curve, LineChart
from tokencost.render.grid import Column, Grid
from tokencost.render.jsonout import envelope
from tokencost.render.notes import byline, catalogue_line, price_unit, source_document
from tokencost.render.view import Csv, View

SCHEMA = "tokencost.gap/1"
RATIO_RULE = (
    "price of 1M tokens on model A / on model B at each input share s, a price being "
    "s x input price + (1 - s) x output price"
)


def document(gap: Gap) -> dict[str, object]:
    """The JSON document (schema ``tokencost.gap/1``)."""
    doc = envelope(SCHEMA, gap.catalogue, gap.as_of, gap.currency)
    doc |= {
        "assumptions": {
            "ratio": RATIO_RULE,
            "input_share": "share of the tokens that are input: 1 input-only, 0.75 = 3:1, "
            "0 output-only",
            "price_unit": price_unit(gap.currency),
        },
        "models": {
            "a": {"id": gap.a.id, "name": gap.a.name},
            "b": {"id": gap.b.id, "name": gap.b.name},
        },
        "range": None if gap.range is None else {"low": gap.range[0], "high": gap.range[1]},
        "step": gap.step,
        "sources": [_source_document(s) for s in gap.sources],
        "skipped": [{"source": sid, "reason": reason} for sid, reason in gap.skipped],
    }
    return doc


def _source_document(found: SourceGap) -> dict[str, object]:
    span = found.span
    return {
        "source": source_document(found.source),
        "prices": {"a": _price(found.a_price), "b": _price(found.b_price)},
        "points": [_point(p) for p in found.points],
        "curve": [_point(p) for p in found.curve],
        "min_ratio": None if span is None else span[0],
        "max_ratio": None if span is None else span[1],
        "range_holds": None if found.holds is None else _interval(found.holds),
    }


def _price(price: PriceUsed) -> dict[str, object]:
    return {
        "input": price.input,
        "output": price.output,
        "effective": price.effective,
        "note": price.note,
        "derived": price.derived,
    }


def _point(point: GapPoint) -> dict[str, object]:
    return {
        "label": point.label or None,
        "input_share": point.input_share,
        "split": split_of(point.input_share),
        "a_price": point.a_price,
        "b_price": point.b_price,
        "ratio": point.ratio,
    }


def _interval(interval: Interval) -> dict[str, object]:
    return {"from": _bound(interval.low), "to": _bound(interval.high)}


def _bound(bound: Bound) -> dict[str, object]:
    return {
        "input_share": bound.decimal,
        "exact": f"{bound.share.numerator}/{bound.share.denominator}",
        "split": split_of(bound.share),
        "included": bound.closed,
    }


def grid(gap: Gap) -> Grid:
    """A row per input share (input-only first), a ratio column per source."""
    columns = (
        Column("Input share", "right"),
        Column("Split", "right"),
        Column("Point"),
        *(Column(f"Ratio on '{s.source.id}'", "right", strong=True) for s in gap.sources),
    )
    tables = [{p.input_share: p for p in s.rows()} for s in gap.sources]
    shares = sorted({share for table in tables for share in table}, reverse=True)
    rows = tuple(
        (
            fmt.share(share),
            split_of(share),
            next((t[share].label for t in tables if share in t), ""),
            *(_ratio_cell(t.get(share)) for t in tables),
        )
        for share in shares
    )
    title = f"Price ratio {gap.a.id} / {gap.b.id} by input share, prices of {gap.as_of}"
    return Grid(title, columns, rows, footer(gap))


def _ratio_cell(point: GapPoint | None) -> str:
    if point is None:
        return ""
    return "n/a" if point.ratio is None else fmt.ratio(point.ratio)


def footer(gap: Gap) -> tuple[str, ...]:
    """Prices per source, where the range holds, the rule and the catalogue."""
    lines = [f"Ratio: {RATIO_RULE}."]
    for found in gap.sources:
        src, a, b = found.source, found.a_price, found.b_price
        by = byline(src)
        lines.append(
            f"Prices on '{src.id}' (\"{src.title}\"{', ' + by if by else ''}), "
            f"{gap.currency} per 1M tokens in/out, in effect on {gap.as_of}: "
            f"{gap.a.id} {fmt.price(a.input)}/{fmt.price(a.output)} (since {a.effective}), "
            f"{gap.b.id} {fmt.price(b.input)}/{fmt.price(b.output)} (since {b.effective})."
        )
        if found.span is None:
            lines.append(
                f"Ratio on '{src.id}': undefined at every input share ({gap.b.id} is free "
                "there; a ratio to a free price is undefined, never infinite)."
            )
        if gap.range is not None:
            lines.append(_range_line(gap.range, found))
    lines.extend(f"Not shown: source '{sid}': {reason}" for sid, reason in gap.skipped)
    lines.append(catalogue_line(gap.catalogue))
    return tuple(lines)


def _range_line(range_: tuple[Decimal, Decimal], found: SourceGap) -> str:
    wanted = f"{fmt.ratio(range_[0])} to {fmt.ratio(range_[1])}"
    span = found.span
    runs = (
        ""
        if span is None
        else f"; the ratio runs from {fmt.ratio(span[0])} to {fmt.ratio(span[1])}"
    )
    if found.holds is None:
        return f"Range {wanted} on '{found.source.id}': holds at no input share{runs}."
    low, high = found.holds.low, found.holds.high
    return (
        f"Range {wanted} on '{found.source.id}': holds for input shares from "
        f"{_bound_text(low)} to {_bound_text(high)}{runs}."
    )


def _bound_text(bound: Bound) -> str:
    named = {Fraction(1): "input-only", Fraction(0): "output-only"}.get(
        bound.share, split_of(bound.share)
    )
    shown = f"{fmt.share(bound.decimal)} ({named})"
    return shown if bound.closed else f"{shown}, excluded"


CSV_FIELDS = ("source", "input_share", "split", "point", "a_price", "b_price", "ratio")


def csv(gap: Gap) -> Csv:
    """One row per source and input share, exact values."""
    return Csv(
        CSV_FIELDS,
        tuple(
            (
                s.source.id,
                p.input_share,
                split_of(p.input_share),
                p.label,
                p.a_price,
                p.b_price,
                p.ratio,
            )
            for s in gap.sources
            for p in s.rows()
        ),
    )


NAMED_TICKS = (
    (Decimal(1), "input-only"),
    (Decimal("0.75"), "3:1"),
    (Decimal("0.5"), "1:1"),
    (Decimal(0), "output-only"),
)


def chart(gap: Gap) -> LineChart:
    """The ratio against the input share, a curve per source; the range as guide lines."""
    curves = tuple(
        Curve(
            f"{gap.a.id} / {gap.b.id} on '{s.source.id}'",
            tuple((p.input_share, p.ratio) for p in s.rows()),
        )
        for s in gap.sources
    )
    guides = () if gap.range is None else tuple((v, fmt.ratio(v)) for v in gap.range)
    return LineChart(
        title=f"Price ratio {gap.a.id} / {gap.b.id} by input share, prices of {gap.as_of}",
        x_label="input share of the tokens (input-only to output-only)",
        curves=curves,
        x_ticks=NAMED_TICKS,
        y_kind="ratio",
        footer=footer(gap),
        guides=guides,
        x_descending=True,
    )


class GapView(View):
    """``gap``'s result: the price ratio of two models by input share."""

    def __init__(self, gap: Gap) -> None:
        self.gap = gap
        self.name = f"tokencost gap: {gap.a.id} / {gap.b.id}"

    def document(self) -> dict[str, object]:
        return document(self.gap)

    def grids(self) -> tuple[Grid, ...]:
        return (grid(self.gap),)

    def csv(self) -> Csv:
        return csv(self.gap)

    def charts(self) -> tuple[LineChart, ...]:
        return (chart(self.gap),)

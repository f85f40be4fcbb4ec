"""SVG files rasterised by a maintained renderer, and what their pixels show.

The renderer is librsvg's ``rsvg-convert`` (Debian package librsvg2-bin; .ci/run
installs it): what GNOME, ImageMagick and Wikipedia draw SVG with. It knows nothing of
how tokencost placed things; the tests find bars, ticks, labels and curves in the
pixels it draws (read with Pillow) and check them against the figures of the JSON
output, so a chart whose bars and axis disagree in a real viewer fails.

Bars and curves are the only saturated pixels; ink (text, axes, tick marks) is dark
and grey; grid lines are light grey and count as neither.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops

RSVG = shutil.which("rsvg-convert")
needs_rsvg = pytest.mark.skipif(
    RSVG is None, reason="rsvg-convert not found: Debian package librsvg2-bin (.ci/run installs it)"
)
ZOOM = 2
"""Rasterised at twice the size: a pixel of the SVG is two here."""
SATURATED = 60
"""A pixel whose brightest and darkest channels differ by more is a bar's or a curve's."""
DARK = 150
"""A grey pixel with no channel brighter than this is ink."""

RGB = tuple[int, int, int]


def clusters(positions: Iterable[int], gap: int = 3) -> list[tuple[int, int]]:
    """Sorted positions grouped where they are at most ``gap`` apart: (first, last) each."""
    found: list[tuple[int, int]] = []
    for at in sorted(set(positions)):
        if found and at - found[-1][1] <= gap:
            found[-1] = (found[-1][0], at)
        else:
            found.append((at, at))
    return found


def centres(positions: Iterable[int], gap: int = 3) -> list[float]:
    """The middle of each cluster of positions."""
    return [(first + last) / 2 for first, last in clusters(positions, gap)]


@dataclass(frozen=True)
class Band:
    """A horizontal band of saturated pixels: a bar, or a legend's swatch."""

    top: int
    bottom: int
    left: int
    right: int
    colour: RGB


class Raster:
    """A rasterised SVG and masks of its ink and colour, one byte a pixel (0 or 255)."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image.convert("RGB")
        self.width, self.height = self.image.size
        red, green, blue = self.image.split()
        brightest = ImageChops.lighter(red, ImageChops.lighter(green, blue))
        darkest = ImageChops.darker(red, ImageChops.darker(green, blue))
        colour = ImageChops.subtract(brightest, darkest).point(
            lambda v: 255 if v > SATURATED else 0
        )
        ink = ImageChops.subtract(brightest.point(lambda v: 255 if v < DARK else 0), colour)
        self.colour, self.ink = colour.tobytes(), ink.tobytes()
        self.pixels = self.image.tobytes()

    def rgb(self, x: int, y: int) -> RGB:
        """The colour of one pixel."""
        at = 3 * (y * self.width + x)
        return (self.pixels[at], self.pixels[at + 1], self.pixels[at + 2])

    def _row(self, mask: bytes, y: int) -> bytes:
        return mask[y * self.width : (y + 1) * self.width]

    def _column(self, mask: bytes, x: int) -> bytes:
        return mask[x :: self.width]

    def longest_row_run(self, y: int) -> int:
        """The longest run of ink in row ``y``."""
        return _longest_run(self._row(self.ink, y))

    def longest_column_run(self, x: int) -> int:
        """The longest run of ink in column ``x``."""
        return _longest_run(self._column(self.ink, x))

    def ink_in_row(self, y: int, xs: range) -> list[int]:
        """The x of each ink pixel of row ``y`` within ``xs``."""
        row = self._row(self.ink, y)
        return [x for x in xs if row[x]]

    def ink_in_column(self, x: int, ys: range) -> list[int]:
        """The y of each ink pixel of column ``x`` within ``ys``."""
        column = self._column(self.ink, x)
        return [y for y in ys if column[y]]

    def ink_columns(self, ys: range, xs: range) -> list[int]:
        """The x of each column holding ink somewhere in rows ``ys``."""
        rows = [self._row(self.ink, y) for y in ys]
        return [x for x in xs if any(row[x] for row in rows)]

    def ink_rows(self, ys: range, xs: range) -> list[int]:
        """The y of each row holding ink somewhere in columns ``xs``."""
        return [y for y in ys if any(self._row(self.ink, y)[xs.start : xs.stop])]

    def bands(self, rows: range | None = None) -> list[Band]:
        """Runs of rows holding saturated pixels, top to bottom, with their extent."""
        lit = {}
        for y in rows or range(self.height):
            row = self._row(self.colour, y)
            if any(row):
                lit[y] = [x for x in range(self.width) if row[x]]
        found = []
        for top, bottom in clusters(lit, gap=1):
            middle = lit[(top + bottom) // 2]
            left = min(min(lit[y]) for y in range(top, bottom + 1))
            colour = self.rgb((middle[0] + middle[-1]) // 2, (top + bottom) // 2)
            found.append(Band(top, bottom, left, max(middle), colour))
        return found

    def colour_rows(self, x: int, colour: RGB, ys: range, within: int = 30) -> list[int]:
        """The y of each pixel of column ``x`` in ``colour``, give or take anti-aliasing."""
        return [
            y
            for y in ys
            if all(abs(a - b) <= within for a, b in zip(self.rgb(x, y), colour, strict=True))
        ]


_RUN = re.compile(b"[^\0]+")


def _longest_run(mask: bytes) -> int:
    """The longest run of set bytes in a line of a mask (the runs found by the regex
    engine: splitting at each clear byte made a string per pixel, most of the time the
    pictures' tests took)."""
    return max(map(len, _RUN.findall(mask)), default=0)


def rasterise(svg: Path) -> Raster:
    """``svg`` drawn by rsvg-convert to a PNG beside it (kept with the test's files)."""
    assert RSVG is not None
    png = svg.with_suffix(".png")
    subprocess.run(
        [RSVG, "--zoom", str(ZOOM), "--output", str(png), str(svg)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Raster(Image.open(png))

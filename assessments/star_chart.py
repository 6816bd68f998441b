"""The Outcome Star as an SVG radar chart: a pure function of scales and readings.

The same SVG is served inside the case's Outcome Star page and embedded in PDFs, so
it draws with presentation attributes only (no CSS, no script) and describes itself
for screen readers with <title> and <desc> (the page also shows the same numbers as
a table).

Geometry: scale i of n sits at angle -90° + 360°·i/n (the first scale straight up,
then clockwise); a score v is drawn at distance radius·v/max_value from the centre.
With one reading the chart shows it alone; with more, the first reading against the
latest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 640
HEIGHT = 560
CX = 320.0
CY = 260.0
RADIUS = 180.0
LABEL_GAP = 16.0

FIRST_COLOUR = "#505a5f"  # GOV.UK dark grey
LATEST_COLOUR = "#1d70b8"  # GOV.UK blue
GRID_COLOUR = "#b1b4b6"  # GOV.UK mid grey
TEXT_COLOUR = "#0b0c0c"


@dataclass(frozen=True)
class ChartReading:
    label: str  # e.g. "Start, 4 March 2025"
    values: Sequence[int | None]  # one per scale, in the scales' order


def _round(value: float) -> float:
    rounded = round(value, 1)
    return 0.0 if rounded == 0 else rounded  # never "-0.0"


def angle(index: int, count: int) -> float:
    """The angle (radians) of scale `index` of `count`: the first straight up, clockwise."""
    return -math.pi / 2 + 2 * math.pi * index / count


def point(
    index: int,
    count: int,
    value: float,
    *,
    max_value: int = 10,
    cx: float = CX,
    cy: float = CY,
    radius: float = RADIUS,
) -> tuple[float, float]:
    """Where score `value` of scale `index` is drawn, rounded to 0.1."""
    distance = radius * max(0.0, min(float(value), float(max_value))) / max_value
    a = angle(index, count)
    return _round(cx + distance * math.cos(a)), _round(cy + distance * math.sin(a))


def polygon_points(values: Sequence[int | None], *, max_value: int = 10) -> str:
    """The `points` attribute of a reading's polygon ("x,y x,y ..."); a gap counts as 0."""
    count = len(values)
    coords = [point(i, count, v or 0, max_value=max_value) for i, v in enumerate(values)]
    return " ".join(f"{x:g},{y:g}" for x, y in coords)


def _label_lines(text: str, width: int = 16) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [text]


def _describe(scales: Sequence[str], shown: list[tuple[str, ChartReading]], star_name: str) -> str:
    if not shown:
        return f"No {star_name} readings have been recorded yet."
    if len(shown) == 1:
        reading = shown[0][1]
        parts = [
            f"{scale}: {value if value is not None else 'not scored'}"
            for scale, value in zip(scales, reading.values, strict=False)
        ]
        return f"One reading ({reading.label}). " + "; ".join(parts) + "."
    first, latest = shown[0][1], shown[1][1]
    parts = []
    for scale, a, b in zip(scales, first.values, latest.values, strict=False):
        parts.append(f"{scale}: {a if a is not None else '-'} to {b if b is not None else '-'}")
    return (
        f"First confirmed reading ({first.label}) against the latest ({latest.label}). "
        + "; ".join(parts)
        + "."
    )


def star_svg(
    *,
    scales: Sequence[str],
    readings: Sequence[ChartReading],
    star_name: str = "Outcome Star",
    max_value: int = 10,
    id_prefix: str = "star-chart",
) -> str:
    """The chart as an SVG document fragment. `readings` are oldest first."""
    count = len(scales)
    if count < 3:
        raise ValueError("A star needs at least three scales")
    shown: list[tuple[str, ChartReading]] = []
    if len(readings) == 1:
        shown = [("only", readings[0])]
    elif len(readings) > 1:
        shown = [("first", readings[0]), ("latest", readings[-1])]

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'class="app-star-chart" font-family="arial, sans-serif">',
        f'<title id="{title_id}">{escape(star_name)}: '
        f"{'first and latest readings' if len(shown) == 2 else 'reading'}</title>",
        f'<desc id="{desc_id}">{escape(_describe(scales, shown, star_name))}</desc>',
    ]
    # Grid: a ring every two points, and a spoke per scale.
    out.append('<g data-part="grid" fill="none" stroke="' + GRID_COLOUR + '" stroke-width="1">')
    for level in range(2, max_value + 1, 2):
        ring = polygon_points([level] * count, max_value=max_value)
        out.append(f'<polygon points="{ring}" data-level="{level}"/>')
    for i in range(count):
        x, y = point(i, count, max_value, max_value=max_value)
        out.append(f'<line x1="{CX:g}" y1="{CY:g}" x2="{x:g}" y2="{y:g}"/>')
    out.append("</g>")
    # Scale names around the outside.
    out.append(f'<g data-part="labels" font-size="13" fill="{TEXT_COLOUR}">')
    for i, name in enumerate(scales):
        a = angle(i, count)
        x = CX + (RADIUS + LABEL_GAP) * math.cos(a)
        y = CY + (RADIUS + LABEL_GAP) * math.sin(a)
        anchor = "start" if math.cos(a) > 0.1 else "end" if math.cos(a) < -0.1 else "middle"
        lines = _label_lines(name)
        first_dy = -(len(lines) - 1) * 15 if math.sin(a) < -0.1 else 0
        if -0.1 <= math.sin(a) <= 0.1:
            first_dy = -(len(lines) - 1) * 7
        if math.sin(a) > 0.1:
            first_dy = 10
        out.append(
            f'<text x="{_round(x):g}" y="{_round(y):g}" text-anchor="{anchor}">'
            + "".join(
                f'<tspan x="{_round(x):g}" dy="{first_dy if n == 0 else 15}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            + "</text>"
        )
    out.append("</g>")
    # The readings: the first dashed and grey, the latest (or only) solid and blue.
    for role, reading in shown:
        points = polygon_points(list(reading.values), max_value=max_value)
        if role == "first":
            out.append(
                f'<polygon data-reading="first" points="{points}" fill="none" '
                f'stroke="{FIRST_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/>'
            )
        else:
            out.append(
                f'<polygon data-reading="{role}" points="{points}" fill="{LATEST_COLOUR}" '
                f'fill-opacity="0.2" stroke="{LATEST_COLOUR}" stroke-width="3"/>'
            )
    # Legend under the star.
    legend_y = HEIGHT - 40
    for n, (role, reading) in enumerate(shown):
        y = legend_y + n * 22
        if role == "first":
            out.append(
                f'<line x1="40" y1="{y}" x2="80" y2="{y}" stroke="{FIRST_COLOUR}" '
                'stroke-width="2" stroke-dasharray="6 4"/>'
            )
            text = f"First confirmed reading: {reading.label}"
        else:
            out.append(
                f'<line x1="40" y1="{y}" x2="80" y2="{y}" stroke="{LATEST_COLOUR}" '
                'stroke-width="3"/>'
            )
            text = ("Latest reading: " if role == "latest" else "Reading: ") + reading.label
        out.append(
            f'<text x="90" y="{y + 5}" font-size="14" fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
    out.append("</svg>")
    return "".join(out)

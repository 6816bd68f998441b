# mypy: disallow-untyped-defs
"""A trend chart as server-rendered SVG: a pure function of its values, the same markup in
the page and in the PDF. Accessible: role="img" with a <title> and a <desc> that states
every value, so a screen reader (and a reader of the PDF's tags) gets the figures.

It scales with its container (a viewBox and no fixed width: the page's CSS caps it at the
column), writes in the GOV.UK sans-serif, marks its axis at round numbers, and says in
words under the axis which months have no figure, so a break in the line is explained."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
FONT = "'GDS Transport', arial, sans-serif"
FONT_SIZE = 13
GAP_LINE = 18  # height of one line of the "no figure" note under the month names
GAP_CHARS = 70  # characters of that note on one line at FONT_SIZE across WIDTH


def _format(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def _tick_text(value: float) -> str:
    return f"{round(value, 6):g}"


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round axis marks (steps of 1, 2 or 5 times a power of ten) from at or below `low`
    to at or above `high`, no more than `most` of them."""
    span = (high - low) or 1.0
    raw = span / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw - 1e-9)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    count = round((last - first) / step)
    return [round(first + n * step, 10) for n in range(count + 1)]


def _gap_note(labels: Sequence[str], values: Sequence[float | None], reasons: Sequence[str]) -> str:
    """'No figure for Sep 2026 (fewer than 5), Oct 2026 (no cases).'"""
    missing = [
        f"{label} ({reason.lower()})" if reason else label
        for label, v, reason in zip(labels, values, reasons, strict=True)
        if v is None
    ]
    if not missing:
        return ""
    if len(missing) == len(values):
        return "No figure for any month shown."
    return "No figure for " + ", ".join(missing) + "."


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def trend_svg(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str = "",
    target: float | None = None,
    id_prefix: str = "chart",
    gap_reasons: Sequence[str] | None = None,
) -> str:
    """A line chart of `values` (None: no figure, e.g. suppressed) over `labels`;
    `gap_reasons` says, month by month, why a value is None."""
    if len(labels) != len(values):
        raise ValueError("One label per value")
    reasons = list(gap_reasons) if gap_reasons is not None else [""] * len(values)
    if len(reasons) != len(values):
        raise ValueError("One reason per value")
    present = [v for v in values if v is not None]
    ticks = nice_ticks(min([*present, 0.0]), max([*present, target or 0, 1.0]))
    bottom, top = ticks[0], ticks[-1]
    span = (top - bottom) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values) - 1, 1)
    note = _gap_note(labels, values, reasons)
    note_lines = _wrap(note, GAP_CHARS) if note else []
    height = HEIGHT + GAP_LINE * len(note_lines)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h - (v - bottom) / span * plot_h

    safe_id = escape(id_prefix, quote=True)
    described = "; ".join(
        f"{label}: {_format(v) + (' ' + unit if unit else '') if v is not None else 'no figure'}"
        for label, v in zip(labels, values, strict=True)
    )
    if target is not None:
        described += f". Target: {_format(target)}{' ' + unit if unit else ''}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-trend-chart" '
        f'viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{FONT}" role="img" '
        f'aria-labelledby="{safe_id}-title {safe_id}-desc" focusable="false">',
        f'<title id="{safe_id}-title">{escape(title)}</title>',
        f'<desc id="{safe_id}-desc">{escape(described)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#505a5f" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" '
        'stroke="#505a5f" stroke-width="1"/>',
    ]
    for tick in ticks:
        parts.append(
            f'<text class="app-trend-chart__tick" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end" font-size="{FONT_SIZE}" fill="#0b0c0c">'
            f"{escape(_tick_text(tick))}</text>"
        )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{LEFT + plot_w}" y2="{y(target):.1f}" '
            'stroke="#00703c" stroke-width="2" stroke-dasharray="6 4"/>'
        )
    if present:
        # Each month without a figure is marked where its point would be: a grey dotted
        # line up from the axis, named in the note under the chart.
        for i, v in enumerate(values):
            if v is None:
                parts.append(
                    f'<line class="app-trend-chart__gap" x1="{x(i):.1f}" y1="{TOP}" '
                    f'x2="{x(i):.1f}" y2="{TOP + plot_h}" stroke="#505a5f" stroke-width="1" '
                    'stroke-dasharray="2 4"/>'
                )
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, v in enumerate(values):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(v):.1f}")
    if segment:
        segments.append(segment)
    for points in segments:
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="#1d70b8" '
                'stroke-width="3"/>'
            )
    for i, v in enumerate(values):
        if v is not None:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="#1d70b8"/>')
    # Counted back from the latest, so the gaps are even and the latest is always named;
    # the latest ends at the axis rather than running past the edge.
    every = max(1, len(labels) // 6)
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if (last - i) % every == 0:
            anchor = "end" if i == last and last > 0 else "middle"
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="{anchor}" '
                f'font-size="{FONT_SIZE}" fill="#0b0c0c">{escape(label)}</text>'
            )
    for n, line in enumerate(note_lines):
        parts.append(
            f'<text class="app-trend-chart__gaps" x="0" y="{HEIGHT - 4 + n * GAP_LINE}" '
            f'text-anchor="start" font-size="{FONT_SIZE}" fill="#0b0c0c">{escape(line)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)

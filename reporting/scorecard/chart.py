# mypy: disallow-untyped-defs
"""A trend chart as server-rendered SVG: a pure function of its values, the same markup in
the page and in the PDF. Accessible: role="img" with a <title> and a <desc> that states
every value, so a screen reader (and a reader of the PDF's tags) gets the figures."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 560, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40


def _format(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"


def trend_svg(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    unit: str = "",
    target: float | None = None,
    id_prefix: str = "chart",
) -> str:
    """A line chart of `values` (None: not shown, e.g. suppressed) over `labels`."""
    if len(labels) != len(values):
        raise ValueError("One label per value")
    present = [v for v in values if v is not None]
    top = max([*present, target or 0, 1.0])
    bottom = min([*present, 0.0])
    span = (top - bottom) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h - (v - bottom) / span * plot_h

    safe_id = escape(id_prefix, quote=True)
    described = "; ".join(
        f"{label}: {_format(v) + (' ' + unit if unit else '') if v is not None else 'not shown'}"
        for label, v in zip(labels, values, strict=True)
    )
    if target is not None:
        described += f". Target: {_format(target)}{' ' + unit if unit else ''}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-trend-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{safe_id}-title {safe_id}-desc" focusable="false">',
        f'<title id="{safe_id}-title">{escape(title)}</title>',
        f'<desc id="{safe_id}-desc">{escape(described)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#505a5f" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" '
        'stroke="#505a5f" stroke-width="1"/>',
    ]
    for tick in (bottom, (bottom + top) / 2, top):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#0b0c0c">{escape(_format(round(tick, 1)))}</text>'
        )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{LEFT + plot_w}" y2="{y(target):.1f}" '
            'stroke="#00703c" stroke-width="2" stroke-dasharray="6 4"/>'
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
                f'font-size="11" fill="#0b0c0c">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)

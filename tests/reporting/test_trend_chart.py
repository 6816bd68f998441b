"""The scorecard's trend chart names its months evenly, always the latest, and keeps
every name inside the chart."""

from __future__ import annotations

import re

from reporting.scorecard.chart import HEIGHT, LEFT, RIGHT, WIDTH, trend_svg

MONTHS = [f"M{n:02d} 2026" for n in range(1, 13)]


def _axis_labels(svg: str) -> list[tuple[float, str, str]]:
    below_axis = HEIGHT - 40 + 18
    return [
        (float(x), anchor, text)
        for x, y, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="(\d+)" text-anchor="(\w+)"[^>]*>([^<]*)</text>', svg
        )
        if int(y) == below_axis
    ]


def test_twelve_months_are_named_every_other_month_ending_with_the_latest():
    svg = trend_svg(title="t", labels=MONTHS, values=[float(n) for n in range(12)])
    named = [text for _, _, text in _axis_labels(svg)]
    assert named == MONTHS[1::2]
    assert named[-1] == "M12 2026"


def test_the_latest_month_ends_at_the_axis_so_it_is_not_cut_off():
    svg = trend_svg(title="t", labels=MONTHS, values=[1.0] * 12)
    x, anchor, _ = _axis_labels(svg)[-1]
    assert anchor == "end" and x == WIDTH - RIGHT
    assert all(a == "middle" for _, a, _ in _axis_labels(svg)[:-1])


def test_one_month_alone_is_named_centred_on_its_point():
    svg = trend_svg(title="t", labels=["M01 2026"], values=[3.0])
    assert _axis_labels(svg) == [(float(LEFT), "middle", "M01 2026")]

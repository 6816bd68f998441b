"""The scorecard's trend chart names its months evenly, always the latest, and keeps
every name inside the chart."""

from __future__ import annotations

import itertools
import math
import re

from reporting.scorecard.chart import HEIGHT, LEFT, RIGHT, WIDTH, nice_ticks, trend_svg

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


def _ticks(svg: str) -> list[str]:
    return re.findall(r'class="app-trend-chart__tick"[^>]*>([^<]*)</text>', svg)


def test_the_value_axis_is_marked_at_round_numbers():
    # 22.9 at the top once gave marks of 0, 11.5 and 22.9.
    svg = trend_svg(title="t", labels=MONTHS[:3], values=[3.0, 22.9, 17.0])
    assert _ticks(svg) == ["0", "10", "20", "30"]


def test_round_marks_for_a_percentage_and_for_small_rates():
    assert nice_ticks(0, 100) == [0, 50, 100]
    assert nice_ticks(0, 1.3) == [0, 0.5, 1.0, 1.5]
    assert nice_ticks(-3, 7) == [-5, 0, 5, 10]
    for low, high in [(0, 22.9), (0, 11.5), (0, 3), (0, 640), (-12, 48)]:
        marks = nice_ticks(low, high)
        assert marks[0] <= low and marks[-1] >= high and len(marks) <= 5
        step = marks[1] - marks[0]
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert round(mantissa, 6) in {1, 2, 5}
        assert all(round(b - a, 6) == round(step, 6) for a, b in itertools.pairwise(marks))


def test_the_chart_writes_in_the_govuk_sans_serif_not_the_browser_default():
    svg = trend_svg(title="t", labels=MONTHS, values=[1.0] * 12)
    root = svg.split(">", 1)[0]
    assert "font-family=\"'GDS Transport', arial, sans-serif\"" in root


def test_the_chart_scales_with_its_column_instead_of_a_fixed_width():
    svg = trend_svg(title="t", labels=MONTHS, values=[1.0] * 12)
    root = svg.split(">", 1)[0]
    assert f'viewBox="0 0 {WIDTH} {HEIGHT}"' in root
    assert " width=" not in root and " height=" not in root


def test_a_break_in_the_line_is_explained_under_the_chart():
    values: list[float | None] = [4.0] * 12
    values[8] = values[9] = None
    reasons = [""] * 12
    reasons[8], reasons[9] = "fewer than 5", "No cases"
    svg = trend_svg(title="t", labels=MONTHS, values=values, gap_reasons=reasons)
    note = " ".join(re.findall(r'class="app-trend-chart__gaps"[^>]*>([^<]*)</text>', svg))
    assert note == "No figure for M09 2026 (fewer than 5), M10 2026 (no cases)."
    assert svg.count('class="app-trend-chart__gap"') == 2
    assert "M09 2026: no figure" in svg  # and in the description read aloud


def test_a_chart_without_gaps_has_no_note():
    svg = trend_svg(title="t", labels=MONTHS, values=[1.0] * 12)
    assert "app-trend-chart__gap" not in svg

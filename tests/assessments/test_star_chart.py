"""The Outcome Star chart: polygon geometry for known values, and what it tells a screen reader."""

import math
import re
import xml.etree.ElementTree as ET

import pytest

from assessments.star_chart import CX, CY, RADIUS, ChartReading, point, polygon_points, star_svg

SVG = "{http://www.w3.org/2000/svg}"
SCALES = [
    "Physical health",
    "Your well-being",
    "Meeting emotional needs",
    "Keeping your children safe",
    "Social networks",
    "Education and learning",
    "Boundaries and behaviour",
    "Family routine",
    "Home and money",
    "Progress to work",
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def reading_polygons(root: ET.Element) -> dict[str, list[tuple[float, float]]]:
    found = {}
    for polygon in root.iter(f"{SVG}polygon"):
        role = polygon.get("data-reading")
        if role:
            found[role] = [
                tuple(float(n) for n in pair.split(",")) for pair in polygon.get("points").split()
            ]
    return found


def expected(values: list[int]) -> list[tuple[float, float]]:
    """Independently computed: scale i at -90° + 36°·i, distance 180·v/10 from (320, 260)."""
    out = []
    for i, v in enumerate(values):
        a = math.radians(-90 + 360 * i / len(values))
        out.append(
            (round(320 + 18 * v * math.cos(a), 1) + 0.0, round(260 + 18 * v * math.sin(a), 1) + 0.0)
        )
    return out


def test_the_first_scale_points_straight_up_and_the_next_clockwise():
    assert (CX, CY, RADIUS) == (320.0, 260.0, 180.0)
    assert point(0, 10, 10) == (320.0, 80.0)
    assert point(0, 10, 5) == (320.0, 170.0)
    # Scale 3 of 10 (index 2) is 18° above the horizontal, to the right.
    assert point(2, 10, 10) == (491.2, 204.4)
    # Scale 6 of 10 (index 5) points straight down.
    assert point(5, 10, 10) == (320.0, 440.0)
    assert point(5, 10, 1) == (320.0, 278.0)


def test_one_reading_draws_one_polygon_at_the_right_points():
    values = [3, 4, 5, 6, 7, 2, 1, 8, 9, 10]
    root = parse(star_svg(scales=SCALES, readings=[ChartReading("Start, 1 March 2026", values)]))
    polygons = reading_polygons(root)
    assert list(polygons) == ["only"]
    assert polygons["only"] == expected(values)
    assert polygons["only"][0] == (320.0, 206.0)  # 3 straight up: 260 - 54
    assert polygons["only"][9] == (214.2, 114.4)  # 10 on the last scale, up and to the left


def test_two_readings_draw_the_first_dashed_and_the_latest_solid():
    first = [2] * 10
    latest = [6, 6, 6, 6, 6, 6, 6, 6, 6, 7]
    root = parse(
        star_svg(
            scales=SCALES,
            readings=[ChartReading("Start", first), ChartReading("Review", latest)],
        )
    )
    polygons = reading_polygons(root)
    assert set(polygons) == {"first", "latest"}
    assert polygons["first"] == expected(first)
    assert polygons["latest"] == expected(latest)
    dashed = root.find(f".//{SVG}polygon[@data-reading='first']")
    assert dashed.get("stroke-dasharray") == "6 4"
    assert dashed.get("fill") == "none"


def test_six_readings_draw_only_the_first_against_the_latest():
    readings = [ChartReading(f"Reading {n}", [n] * 10) for n in range(1, 7)]
    readings[-1] = ChartReading("Closure", [9, 8, 7, 6, 5, 4, 3, 2, 1, 10])
    root = parse(star_svg(scales=SCALES, readings=readings))
    polygons = reading_polygons(root)
    assert set(polygons) == {"first", "latest"}
    assert polygons["first"] == expected([1] * 10)
    assert polygons["latest"] == expected([9, 8, 7, 6, 5, 4, 3, 2, 1, 10])
    # The middle readings are not drawn: five grid rings and two readings, nothing else.
    assert len(list(root.iter(f"{SVG}polygon"))) == 7
    for n in (3, 5):
        assert polygon_points([n] * 10) not in star_svg(scales=SCALES, readings=readings)


def test_the_grid_has_a_ring_every_two_points_and_a_spoke_per_scale():
    root = parse(star_svg(scales=SCALES, readings=[]))
    rings = [p for p in root.iter(f"{SVG}polygon") if p.get("data-level")]
    assert [r.get("data-level") for r in rings] == ["2", "4", "6", "8", "10"]
    outer = rings[-1].get("points").split()
    assert outer[0] == "320,80"
    assert len(root.findall(f".//{SVG}g[@data-part='grid']/{SVG}line")) == 10


def test_the_chart_describes_itself_for_screen_readers():
    svg = star_svg(
        scales=SCALES,
        readings=[
            ChartReading("Start, 1 March 2026", [2] * 10),
            ChartReading("Review, 1 June 2026", [5] * 10),
        ],
        star_name="Family Star Plus (Edition 1)",
        id_prefix="case-star",
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "case-star-title case-star-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == "case-star-title"
    assert title.text.startswith("Family Star Plus (Edition 1)")
    assert "Physical health: 2 to 5" in desc.text
    assert "Progress to work: 2 to 5" in desc.text
    assert "Start, 1 March 2026" in desc.text


def test_text_is_escaped_and_the_svg_needs_no_script_or_style():
    svg = star_svg(scales=["A & B", "<C>", "D"], readings=[ChartReading("x<y", [1, 2, 3])])
    parse(svg)  # well-formed
    assert "<script" not in svg and "style=" not in svg
    assert re.search(r"A &amp; B", svg)


def test_a_star_needs_three_scales():
    with pytest.raises(ValueError):
        star_svg(scales=["A", "B"], readings=[])


def test_a_missing_score_is_drawn_at_the_centre():
    root = parse(star_svg(scales=["A", "B", "C"], readings=[ChartReading("r", [None, 10, 10])]))
    assert reading_polygons(root)["only"][0] == (320.0, 260.0)

"""The household diagram's geometry: who sits where, which shape, and what joins them."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from cases.genogram import CELL, MARGIN, ROW, SHAPE, GenogramPerson, describe, render_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def person(name: str, relationship: str, sex: str, age: int | None, **kw: object) -> GenogramPerson:
    return GenogramPerson(
        name=name,
        relationship=relationship,
        relationship_label=relationship.title(),
        sex=sex,
        age=age,
        **kw,  # type: ignore[arg-type]
    )


def cx(column: int) -> int:
    return MARGIN + column * CELL + CELL // 2


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own markup


def test_parents_above_children_with_shapes_by_sex_and_a_triangle_for_the_unborn():
    people = [
        person("Grace Okafor", "parent", "F", 34),
        person("Tunde Okafor", "parent", "M", 36),
        person("Ada Okafor", "child", "F", 9, is_subject=True),
        person("Femi Okafor", "child", "M", 6),
        person("Baby Okafor", "child", "U", None, expected_on=dt.date(2026, 9, 3)),
    ]
    root = parse(render_svg(people, title="Household diagram"))
    adult_y, child_y = MARGIN + SHAPE, MARGIN + SHAPE + ROW
    circles = root.findall(".//svg:circle", NS)
    assert [(int(c.get("cx")), int(c.get("cy"))) for c in circles] == [  # type: ignore[arg-type]
        (cx(0), adult_y),
        (cx(0), child_y),
    ]
    rects = root.findall(".//svg:rect", NS)
    half = SHAPE // 2
    assert [(int(r.get("x")), int(r.get("y"))) for r in rects] == [  # type: ignore[arg-type]
        (cx(1) - half, adult_y - half),
        (cx(1) - half, child_y - half),
    ]
    (triangle,) = root.findall(".//svg:polygon", NS)
    assert triangle.get("points") == (
        f"{cx(2)},{child_y - half} {cx(2) + half},{child_y + half} {cx(2) - half},{child_y + half}"
    )
    # Ada, the child the enquiry is about, has the thick outline; the others do not.
    assert circles[1].get("stroke-width") == "4" and circles[0].get("stroke-width") == "2"
    assert root.get("width") == str(MARGIN * 2 + 3 * CELL)


def test_lines_join_the_parents_to_each_child():
    people = [
        person("Grace", "parent", "F", 34),
        person("Tunde", "parent", "M", 36),
        person("Ada", "child", "F", 9),
        person("Femi", "child", "M", 6),
    ]
    root = parse(render_svg(people, title="Household diagram"))
    lines = [
        tuple(int(line.get(k)) for k in ("x1", "y1", "x2", "y2"))  # type: ignore[arg-type]
        for line in root.findall(".//svg:line", NS)
    ]
    adult_y, child_y = MARGIN + SHAPE, MARGIN + SHAPE + ROW
    bar_y = child_y - SHAPE // 2 - 25
    trunk_x = MARGIN + CELL  # between the two parents' columns
    assert (cx(0), adult_y, cx(1), adult_y) in lines  # across the parents
    assert (trunk_x, adult_y, trunk_x, bar_y) in lines  # down to the children
    assert (cx(0), bar_y, cx(1), bar_y) in lines  # the bar above the children
    for column in (0, 1):  # a drop to each child
        assert (cx(column), bar_y, cx(column), child_y - SHAPE // 2) in lines


def test_seven_children_wrap_onto_a_second_row_and_names_are_escaped():
    children = [person(f"Child {n}", "child", "M", n) for n in range(7)]
    parent = person("<script>Mum</script>", "parent", "F", 40)
    svg = render_svg([parent, *children], title="A & B")
    root = parse(svg)
    ys = sorted({int(r.get("y")) for r in root.findall(".//svg:rect", NS)})  # type: ignore[arg-type]
    assert len(ys) == 2 and ys[1] - ys[0] == ROW
    assert "<script>" not in svg and "&lt;script&gt;Mum&lt;/script&gt;" in svg
    assert root.find("svg:title", NS).text == "A & B"  # type: ignore[union-attr]


def test_the_description_says_the_same_as_the_drawing():
    people = [
        person("Grace", "parent", "F", 34),
        person("Ada", "child", "F", 9, is_subject=True),
    ]
    assert describe(people) == (
        "Parents and carers: Grace (Parent, 34). "
        "Children: Ada (Child, 9, the enquiry is about them). "
        "Lines join the parents and carers to the children."
    )


def _label_boxes(root: ET.Element) -> list[tuple[float, float, float, float, str]]:
    """Each label's box, from its anchor, size and length: wide enough for bold capitals
    (0.62 of the font size a character) and from cap height to descender."""
    boxes = []
    for t in root.findall(".//svg:text", NS):
        size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))  # type: ignore[arg-type]
        half = len(t.text or "") * 0.62 * size / 2
        boxes.append((x - half, y - 0.75 * size, x + half, y + 0.25 * size, t.text or ""))
    return boxes


def _crosses(line: ET.Element, box: tuple[float, float, float, float, str]) -> bool:
    x1, y1, x2, y2 = (float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))  # type: ignore[arg-type]
    left, top, right, bottom, _ = box
    if x1 == x2:  # vertical
        return left <= x1 <= right and min(y1, y2) <= bottom and max(y1, y2) >= top
    return top <= y1 <= bottom and min(x1, x2) <= right and max(x1, x2) >= left


def test_no_name_or_detail_runs_into_a_line():
    households = [
        # One parent: the line down to the children runs just beside her label.
        [
            person("Alexandra Montgomery-Fitzgerald", "parent", "F", 41),
            person("Christopher Adeyemi-Okonkwo", "child", "M", 9),
            person("Oluwaseun Adebayo", "child", "F", 7),
        ],
        # Four carers: the line down falls between the second and third.
        [
            person("Bartholomew Featherstonehaugh", "parent", "M", 45),
            person("Maximiliana Wolfeschlegelstein", "step_parent", "F", 39),
            person("Grandmother Evangelina Rosalind", "carer", "F", 70),
            person("Uncle Konstantinos", "carer", "M", None),
            person("Baby", "child", "U", None, expected_on=dt.date(2027, 3, 14)),
            *[person(f"Child Number {n} Longname", "child", "M", n) for n in range(7)],
        ],
    ]
    for people in households:
        root = parse(render_svg(people, title="t"))
        lines = root.findall(".//svg:line", NS)
        for box in _label_boxes(root):
            assert not any(_crosses(line, box) for line in lines), box


def test_a_long_name_wraps_onto_a_second_line_instead_of_being_cut():
    people = [
        person("Oluwaseun Adeyemi-Okonkwo", "parent", "F", 41),
        person("Alexandra Montgomery-Fitzgerald", "parent", "F", 41),
    ]
    root = parse(render_svg(people, title="t"))
    texts = [t.text for t in root.findall(".//svg:text", NS)]
    assert texts[:3] == ["Oluwaseun", "Adeyemi-Okonkwo", "Parent, 41"]
    assert texts[3:6] == ["Alexandra", "Montgomery-Fitz…", "Parent, 41"]

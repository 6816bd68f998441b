"""A genogram-style diagram of a household, as server-rendered SVG.

Parents and carers sit in the top row(s), children in the row(s) below, joined by
lines: a line across the adults, a line down from it, and a bar above each row of
children with a short line to each child. Shapes follow genogram custom: a square
for male, a circle for female, a diamond when sex is not known, a triangle for an
unborn child; the people the enquiry is about have a thick outline.

Pure Python: it builds markup from plain values and escapes every name. The SVG is
labelled (<title> and <desc>, role="img") and `describe` gives the same content as
text for a list beside it. No inline styles: colours are presentation attributes,
so the strict Content Security Policy holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from cases.codes import ADULT_RELATIONSHIPS, Relationship, Sex

CELL = 170  # width of one person's column
ROW = 165  # height of one row: a shape and up to four lines of label, clear of the next bar
SHAPE = 40  # shapes are SHAPE x SHAPE
MARGIN = 20
PER_ROW = 6
# Labels wrap onto a second line rather than run into the next column, where the line
# down from the parents passes: at these sizes a line of 16 bold or 18 plain characters
# stays within about 145 of the column's 170 pixels.
NAME_CHARS = 16
DETAIL_CHARS = 18
LINE_GAP = 18
LABEL_LINES = 4  # at most two of name and two of detail
INK = "#0b0c0c"
PAPER = "#ffffff"
SUBJECT_FILL = "#d2e2f1"  # light blue: the people the enquiry is about


@dataclass(frozen=True)
class GenogramPerson:
    name: str
    relationship: str  # a Relationship value
    relationship_label: str
    sex: str = Sex.UNKNOWN
    age: int | None = None
    expected_on: dt.date | None = None  # for an unborn child
    is_subject: bool = False

    @property
    def is_unborn(self) -> bool:
        return self.age == -1 or (self.age is None and self.expected_on is not None)

    @property
    def in_adult_row(self) -> bool:
        if self.relationship in ADULT_RELATIONSHIPS:
            return True
        if self.relationship == Relationship.OTHER:
            return self.age is not None and self.age >= 18
        return False

    @property
    def detail(self) -> str:
        """'Child, 9', 'Parent, 34', 'Unborn, due 3 Sep 2026'."""
        if self.is_unborn:
            due = (
                f", due {self.expected_on.day} {self.expected_on:%b %Y}" if self.expected_on else ""
            )
            return f"Unborn{due}"
        if self.age is None:
            return f"{self.relationship_label}, age not known"
        return f"{self.relationship_label}, {self.age}"


def _rows(people: Sequence[GenogramPerson]) -> list[list[GenogramPerson]]:
    return [list(people[i : i + PER_ROW]) for i in range(0, len(people), PER_ROW)]


def _cx(column: int) -> int:
    return MARGIN + column * CELL + CELL // 2


def _shape(person: GenogramPerson, cx: int, cy: int) -> str:
    half = SHAPE // 2
    fill = SUBJECT_FILL if person.is_subject else PAPER
    width = 4 if person.is_subject else 2
    common = f'fill="{fill}" stroke="{INK}" stroke-width="{width}"'
    if person.is_unborn:
        points = f"{cx},{cy - half} {cx + half},{cy + half} {cx - half},{cy + half}"
        return f'<polygon points="{points}" {common}/>'
    if person.sex == Sex.MALE:
        return f'<rect x="{cx - half}" y="{cy - half}" width="{SHAPE}" height="{SHAPE}" {common}/>'
    if person.sex == Sex.FEMALE:
        return f'<circle cx="{cx}" cy="{cy}" r="{half}" {common}/>'
    points = f"{cx},{cy - half} {cx + half},{cy} {cx},{cy + half} {cx - half},{cy}"
    return f'<polygon points="{points}" {common}/>'


def wrap_label(text: str, width: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of at most `width` characters, broken between
    words or after a hyphen (a longer word is split), the last line ending "…" if there
    is more."""
    pieces: list[tuple[str, str]] = []  # (what joins it to the piece before, the piece)
    for word in text.split():
        # A hyphenated name may break after its hyphen; a word longer than a line, anywhere.
        for n, part in enumerate(re.findall(r"[^-]+-?|-", word)):
            for i in range(0, len(part), width):
                pieces.append((" " if n == 0 and i == 0 else "", part[i : i + width]))
    out: list[str] = []
    starts: list[int] = []  # the piece each line starts with
    for n, (joint, piece) in enumerate(pieces):
        if out and len(out[-1]) + len(joint) + len(piece) <= width:
            out[-1] = f"{out[-1]}{joint}{piece}"
        else:
            out.append(piece)
            starts.append(n)
    if len(out) > lines:
        rest = pieces[starts[lines - 1] :]
        last = rest[0][1] + "".join(joint + piece for joint, piece in rest[1:])
        out = [*out[: lines - 1], last[: width - 1].rstrip() + "…"]
    return out or [""]


def _labels(person: GenogramPerson, cx: int, cy: int) -> str:
    # A paper-coloured outline behind the letters keeps them clear of any line they meet.
    halo = f'stroke="{PAPER}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    y = cy + SHAPE // 2 + 20
    out = []
    for line in wrap_label(person.name, NAME_CHARS):
        out.append(
            f'<text x="{cx}" y="{y}" text-anchor="middle" font-size="15" font-weight="700" '
            f'fill="{INK}" {halo}>{escape(line)}</text>'
        )
        y += LINE_GAP
    for line in wrap_label(person.detail, DETAIL_CHARS):
        out.append(
            f'<text x="{cx}" y="{y}" text-anchor="middle" font-size="14" '
            f'fill="{INK}" {halo}>{escape(line)}</text>'
        )
        y += LINE_GAP
    return "".join(out)


def _line(x1: int, y1: int, x2: int, y2: int) -> str:
    return f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="2"/>'


def split(people: Iterable[GenogramPerson]) -> tuple[list[GenogramPerson], list[GenogramPerson]]:
    """(parents and carers, children), in the order given."""
    adults: list[GenogramPerson] = []
    children: list[GenogramPerson] = []
    for person in people:
        (adults if person.in_adult_row else children).append(person)
    return adults, children


def describe(people: Iterable[GenogramPerson]) -> str:
    """The diagram's content as one sentence per row, for <desc> and screen readers."""
    adults, children = split(people)

    def listed(group: list[GenogramPerson]) -> str:
        return "; ".join(
            f"{p.name} ({p.detail}{', the enquiry is about them' if p.is_subject else ''})"
            for p in group
        )

    parts = []
    if adults:
        parts.append(f"Parents and carers: {listed(adults)}.")
    if children:
        parts.append(f"Children: {listed(children)}.")
    if adults and children:
        parts.append("Lines join the parents and carers to the children.")
    return " ".join(parts) or "No one is recorded in the household."


def render_svg(people: Iterable[GenogramPerson], *, title: str, id_prefix: str = "genogram") -> str:
    """The household diagram as an SVG element (markup, every text escaped)."""
    people = list(people)
    adults, children = split(people)
    adult_rows, child_rows = _rows(adults), _rows(children)
    columns = max([len(r) for r in adult_rows + child_rows] + [2])
    width = MARGIN * 2 + columns * CELL
    rows = max(1, len(adult_rows) + len(child_rows))
    # The last row's labels end below its shapes: up to four lines, the first 20 below.
    height = MARGIN * 2 + SHAPE + (rows - 1) * ROW + 20 + LABEL_LINES * LINE_GAP
    parts: list[str] = []
    lines: list[str] = []

    # Where the line down from the adults falls: between the middle adults' columns,
    # never through a person or their label.
    first_adults = adult_rows[0] if adult_rows else []
    trunk_x = MARGIN + max(1, len(first_adults) // 2) * CELL if first_adults else None

    y = MARGIN + SHAPE
    for row in adult_rows:
        if trunk_x is not None:
            left = _cx(0)
            right = max(_cx(len(row) - 1), trunk_x)
            lines.append(_line(left, y, right, y))
        for column, person in enumerate(row):
            parts.append(_shape(person, _cx(column), y))
            parts.append(_labels(person, _cx(column), y))
        y += ROW
    trunk_top = MARGIN + SHAPE
    trunk_bottom = None
    for row in child_rows:
        bar_y = y - SHAPE // 2 - 25
        left, right = _cx(0), _cx(len(row) - 1)
        if trunk_x is not None:
            left, right = min(left, trunk_x), max(right, trunk_x)
            trunk_bottom = bar_y
        lines.append(_line(left, bar_y, right, bar_y))
        for column, person in enumerate(row):
            lines.append(_line(_cx(column), bar_y, _cx(column), y - SHAPE // 2))
            parts.append(_shape(person, _cx(column), y))
            parts.append(_labels(person, _cx(column), y))
        y += ROW
    if trunk_x is not None and trunk_bottom is not None:
        lines.append(_line(trunk_x, trunk_top, trunk_x, trunk_bottom))

    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-genogram" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="arial, sans-serif">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(describe(people))}</desc>'
        f'<g class="app-genogram__lines">{"".join(lines)}</g>'
        f'<g class="app-genogram__people">{"".join(parts)}</g>'
        "</svg>"
    )


def from_household(
    members: Iterable[object], *, about: set[int], today: dt.date
) -> list[GenogramPerson]:
    """People for the diagram from loaded household rows (no queries)."""
    people = []
    for member in members:
        person = member.person  # type: ignore[attr-defined]
        people.append(
            GenogramPerson(
                name=person.full_name,
                relationship=member.relationship,  # type: ignore[attr-defined]
                relationship_label=member.get_relationship_display(),  # type: ignore[attr-defined]
                sex=person.sex,
                age=person.age_on(today),
                expected_on=person.expected_date_of_birth,
                is_subject=person.pk in about,
            )
        )
    return people

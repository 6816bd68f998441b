"""The scorecard's breakdowns by type of agency (P3, Q3b), its CSV and XLSX exports cell
by cell, and secondary suppression wherever a total sits beside its parts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment, OutcomeFramework
from cases.models import Enquiry
from cases.workflow_states import State
from partners.models import Agency
from partners.roles import AgencyKind, Role
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.engine import rollup
from reporting.scorecard.measures import BY_KEY
from reporting.scorecard.periods import Period, Scope
from reporting.scorecard.present import FEWER, HIDDEN, breakdown_texts
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, UserFactory, member
from tests.reporting.scorecard_data import at, journey

pytestmark = pytest.mark.django_db

D = dt.date
JAN_2026 = Period.parse("2026-01")


@pytest.mark.parametrize(
    ("counts", "suppress", "shown"),
    [
        ([10, 3, 7], False, ["10", "3", "7"]),
        # One small cell: the total would give it away, so the smallest other goes too,
        # and both read the same.
        ([10, 3, 7], True, ["10", HIDDEN, HIDDEN]),
        ([0, 5, 3], True, ["0", HIDDEN, HIDDEN]),
        # Two small cells summing to 5 can be 1+4, 2+3, ...: enough on their own.
        ([10, 2, 3], True, ["10", FEWER, FEWER]),
        # Two small cells summing to 2 can only be 1+1: one more is hidden.
        ([10, 1, 1], True, [HIDDEN, HIDDEN, HIDDEN]),
        ([20, 9, 1, 1], True, ["20", HIDDEN, HIDDEN, HIDDEN]),
        # A small total is itself hidden: nothing to subtract from.
        ([3, 1], True, [FEWER, FEWER]),
        ([12, 0, 6], True, ["12", "0", "6"]),
    ],
)
def test_breakdown_cells_are_hidden_so_the_total_gives_none_away(counts, suppress, shown):
    assert breakdown_texts(counts, suppress=suppress) == shown


def test_a_breakdown_of_only_small_cells_that_the_total_would_reveal_is_not_shown():
    assert breakdown_texts([4, 4], suppress=True) is None  # 8 can only be 4 + 4
    assert breakdown_texts([4, 4], suppress=False) == ["4", "4"]


def _agency(kind: str) -> Agency:
    return AgencyFactory(kind=kind)


def _enquiries(agency: Agency | None, count: int, day: dt.date | None = None) -> None:
    """`count` enquiries raised by `agency` (None: by the family itself)."""
    for _ in range(count):
        case = journey(
            received=day or D(2026, 1, 12), raised_by_agency=agency, state=State.SCREENING
        )
        if agency is None:
            Enquiry.objects.filter(case=case).update(raised_by_agency=None)


def _assessments(agency: Agency, count: int) -> None:
    framework = OutcomeFramework.objects.get(is_current=True)
    for _ in range(count):
        Assessment.objects.create(
            case=CaseFactory(lead_agency=agency),
            number=1,
            state="signed_off",
            framework=framework,
            started_by=UserFactory(),
            signed_off_at=at(D(2026, 1, 20)),
        )


@pytest.fixture
def january() -> None:
    """P3 in January 2026: 6 from a school, 5 from the police, 2 from health visiting,
    7 from families themselves; Q3b: 3 assessments led by schools, 1 by the police."""
    school, police = _agency(AgencyKind.SCHOOL), _agency(AgencyKind.POLICE)
    _enquiries(school, 6)
    _enquiries(police, 5)
    _enquiries(_agency(AgencyKind.HEALTH_VISITING), 2)
    _enquiries(None, 7)
    _assessments(school, 3)
    _assessments(police, 1)
    rollup(first=D(2025, 2, 1), last=D(2026, 1, 1), today=D(2026, 2, 1))


def _breakdown(card, key):  # type: ignore[no-untyped-def]
    return next(b for b in card.breakdowns if b.measure.key == key)


def test_p3_and_q3b_are_broken_down_by_type_of_agency(january):
    card = scorecard(period=JAN_2026, scope=Scope(), suppress=False)
    assert card.rows_by_key["P3"].value.text == "20"
    assert _breakdown(card, "P3").rows == [
        ("Families and others (no agency)", "7"),
        ("School", "6"),
        ("Police", "5"),
        ("Health visiting", "2"),
    ]
    assert card.rows_by_key["Q3b"].value.text == "4"
    assert _breakdown(card, "Q3b").rows == [("School", "3"), ("Police", "1")]


def test_strategic_leads_see_the_breakdowns_with_secondary_suppression(january):
    card = scorecard(period=JAN_2026, scope=Scope(), suppress=True)
    assert card.rows_by_key["P3"].value.text == "20"
    # Health visiting's 2 would be 20 - 7 - 6 - 5, so the smallest other cell, the
    # police's 5, is hidden too; both read the same and come last, by name.
    assert _breakdown(card, "P3").rows == [
        ("Families and others (no agency)", "7"),
        ("School", "6"),
        ("Health visiting", HIDDEN),
        ("Police", HIDDEN),
    ]
    # Q3b's total is itself fewer than 5: every cell is simply small.
    assert card.rows_by_key["Q3b"].value.text == FEWER
    assert _breakdown(card, "Q3b").rows == [("Police", FEWER), ("School", FEWER)]


def test_a_breakdown_that_cannot_be_protected_is_withheld(signed_in_client):
    _enquiries(_agency(AgencyKind.SCHOOL), 4)
    _enquiries(_agency(AgencyKind.POLICE), 4)
    rollup(first=D(2026, 1, 1), last=D(2026, 1, 1), today=D(2026, 2, 1))
    card = scorecard(period=JAN_2026, scope=Scope(), suppress=True)
    assert card.rows_by_key["P3"].value.text == "8"
    assert _breakdown(card, "P3").withheld and _breakdown(card, "P3").rows == []
    page = signed_in_client(member(Role.STRATEGIC_LEAD)).get(
        reverse("scorecard") + "?period=2026-01"
    )
    assert "P3 by type of agency is not shown" in page.content.decode()


def test_the_months_of_a_quarter_are_protected_against_the_quarters_total():
    school = _agency(AgencyKind.SCHOOL)
    _enquiries(school, 6, D(2026, 1, 12))
    _enquiries(school, 2, D(2026, 2, 10))
    _enquiries(school, 7, D(2026, 3, 10))
    rollup(first=D(2025, 4, 1), last=D(2026, 3, 1), today=D(2026, 4, 1))
    quarter = Period.parse("2026-Q1")
    lead = scorecard(period=quarter, scope=Scope(), suppress=True).rows_by_key["P3"]
    assert lead.value.text == "15"
    # 15 - 6 - 7 would give February's 2 away: January goes too.
    assert [v.text for v in lead.trend[-3:]] == [HIDDEN, HIDDEN, "7"]
    assert [v.text for v in lead.trend[:-3]] == ["0"] * 9
    manager = scorecard(period=quarter, scope=Scope(), suppress=False).rows_by_key["P3"]
    assert [v.text for v in manager.trend[-3:]] == ["6", "2", "7"]
    # A month on its own is not a breakdown of anything shown.
    month = scorecard(period=Period.parse("2026-02"), scope=Scope(), suppress=True)
    assert month.rows_by_key["P3"].trend[-2].text == "6"
    assert month.rows_by_key["P3"].value.text == FEWER


def _csv(client, query: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("scorecard-csv") + query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="scorecard-2026-01-the-whole-area.csv"'
    )
    return list(csv.reader(io.StringIO(response.content.decode())))


def _xlsx(client, query: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("scorecard-xlsx") + query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Scorecard"]
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in book["Scorecard"].iter_rows(values_only=True)
    ]


def _months() -> list[str]:
    return [p.short_label for p in Period.parse("2026-01").previous(12)]


def test_the_csv_holds_every_shown_measure_and_the_breakdowns_as_the_reader_sees_them(
    january, signed_in_client
):
    manager = _csv(signed_in_client(member(Role.MANAGER)), "?period=2026-01")
    header = manager[0]
    assert header == [
        "Measure",
        "Title",
        "Period",
        "Scope",
        "Numerator",
        "Denominator",
        "Value",
        "Unit",
        "Target",
        "How it is calculated",
        "Agency basis",
        *_months(),
    ]
    rows = {row[0] + ("|" + row[1] if "by agency type" in row[0] else ""): row for row in manager}
    p3 = BY_KEY["P3"]
    assert rows["P3"] == [
        "P3",
        p3.title,
        "January 2026",
        "The whole area",
        "20",
        "",
        "20",
        "enquiries",
        "",
        p3.how,
        p3.agency_basis,
        *(["0"] * 11),
        "20",
    ]
    assert rows["P3 by agency type|Health visiting"][4:8] == ["2", "", "2", "enquiries"]
    assert rows["Q3b by agency type|Police"][4:8] == ["1", "", "1", "assessments"]
    measure_keys = [row[0] for row in manager[1:] if "by agency type" not in row[0]]
    from reporting.scorecard.measures import SHOWN

    assert measure_keys[: len(SHOWN)] == [m.key for m in SHOWN]
    assert measure_keys[len(SHOWN) :] == ["O1 scale"] * 10

    lead = _csv(signed_in_client(member(Role.STRATEGIC_LEAD)), "?period=2026-01")
    by_type = [(row[0], row[1], row[6]) for row in lead if "by agency type" in row[0]]
    assert by_type == [
        ("P3 by agency type", "Families and others (no agency)", "7"),
        ("P3 by agency type", "School", "6"),
        ("P3 by agency type", "Health visiting", HIDDEN),
        ("P3 by agency type", "Police", HIDDEN),
        ("Q3b by agency type", "Police", FEWER),
        ("Q3b by agency type", "School", FEWER),
    ]
    q3b = next(row for row in lead if row[0] == "Q3b")
    assert q3b[4:7] == [FEWER, "", FEWER]
    assert q3b[-1] == FEWER


def test_the_xlsx_holds_the_same_cells_as_the_csv(january, signed_in_client):
    for role, note in ((Role.MANAGER, False), (Role.STRATEGIC_LEAD, True)):
        client = signed_in_client(member(role))
        rows = _csv(client, "?period=2026-01")
        sheet = _xlsx(client, "?period=2026-01")
        assert sheet[0][0] == "Scorecard: The whole area, January 2026"
        start = 3 if note else 2
        if note:
            assert sheet[1][0].startswith("Numbers from 1 to 4 are shown as 'fewer than 5'")
        assert all(cell == "" for cell in sheet[start - 1])
        width = len(rows[0])
        table = [(row + [""] * width)[:width] for row in sheet[start:]]
        assert table == [(row + [""] * width)[:width] for row in rows]


def test_the_xlsx_is_named_for_its_period_and_scope(january, signed_in_client):
    response = signed_in_client(member(Role.MANAGER)).get(
        reverse("scorecard-xlsx") + "?period=2026-Q1"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="scorecard-2026-Q1-the-whole-area.xlsx"'
    )

"""How long a 300-entry case PDF takes to render, and pages per second (target: < 5 s)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.services import note_add
from partners.roles import Role
from reporting.exports.case_pdf import render_case_html
from reporting.exports.pdf import render_pdf
from tests.bench.conftest import report, timed
from tests.cases.factories import CaseFactory, HouseholdMemberFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db

TARGET_SECONDS = 5.0


def test_bench_case_pdf_of_300_entries():
    lead = AgencyFactory()
    worker = member(Role.PRACTITIONER, agency=lead)
    manager = member(Role.MANAGER, agency=lead)
    case = CaseFactory(lead_agency=lead, lead_practitioner=worker)
    for _ in range(4):
        HouseholdMemberFactory(family=case.family)
    start = timezone.localdate() - dt.timedelta(days=320)
    for n in range(300):
        note_add(
            actor=worker,
            case=case,
            note_type="visit",
            contact_date=start + dt.timedelta(days=n),
            text=f"Visit {n}: talked through the morning routine with mum; the children "
            "were settled and school attendance is improving week on week.",
        )

    html_seconds, html = timed(lambda: render_case_html(case=case, viewer=manager))
    pdf_seconds, rendered = timed(lambda: render_pdf(str(html)))
    total = html_seconds + pdf_seconds
    pages = rendered.pages  # type: ignore[attr-defined]
    report(
        "Case audit PDF, 300 notes + 300 chronology entries",
        [
            ("pages", f"{pages}"),
            ("gather + template (median of 3)", f"{html_seconds:.2f} s"),
            ("layout + PDF (median of 3)", f"{pdf_seconds:.2f} s"),
            ("total", f"{total:.2f} s  ({total / TARGET_SECONDS:.0%} of the 5 s target)"),
            ("pages per second", f"{pages / total:.1f}"),
        ],
    )
    assert pages > 10

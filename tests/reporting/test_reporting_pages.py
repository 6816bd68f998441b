"""Reporting pages: strategic leads reach nothing identifiable from any reporting URL or
export; every page answers in as many queries for many rows as for few."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from cases.models import PersonIdentifier
from cases.workflow_states import State
from partners.roles import Role
from reporting.exports import services as export_services
from reporting.models import AuditFramework, CaseAudit, FamilyClaim
from reporting.scorecard.engine import default_range, rollup
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db

NHS = ["9434765919", "9434765870", "9434765889"]


def _families(zone, count: int, *, agency=None, start: int = 0):  # type: ignore[no-untyped-def]
    """Closed and open cases with synthetic, recognisable names and NHS numbers."""
    today = timezone.localdate()
    agency = agency or AgencyFactory()
    made = []
    for n in range(start, start + count):
        family = FamilyFactory(name=f"The Qwertyson{n} family", family_hub__zone=zone)
        child = PersonFactory(given_names=f"Zebedee{n}", family_name=f"Qwertyson{n}")
        HouseholdMemberFactory(family=family, person=child)
        if n < len(NHS):
            PersonIdentifier.objects.create(person=child, type="nhs_number", value=NHS[n])
        received = today - dt.timedelta(days=60 + n)
        closed = n % 2 == 0
        case = journey(
            received=received,
            steps={"allocate": received + dt.timedelta(days=7)},
            family=family,
            raised_by_agency=agency,
            lead_agency=agency,
            reference=f"EHQ{n:05d}",
            state=State.CLOSED if closed else State.PLAN_AND_REVIEW,
            closed_on=today - dt.timedelta(days=5) if closed else None,
        )
        made.append(case)
    return made


def _identifiers(cases) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for case in cases:
        found += [case.reference, case.family.name]
        for hm in case.family.members.select_related("person"):
            found.append(hm.person.full_name)
    return found + NHS


def _routes() -> list[tuple[str, URLPattern]]:
    from tests.earlyhelp.test_url_policy import all_patterns

    found = [(route, p) for route, p in all_patterns() if route.startswith("reporting/")]
    assert len(found) >= 15
    return found


def test_strategic_lead_sees_nothing_identifiable_on_any_reporting_page_or_export(signed_in_client):
    zone = ZoneFactory()
    cases = _families(zone, 8)
    framework = AuditFramework.objects.get(is_current=True)
    audit = CaseAudit.objects.create(
        case=cases[0],
        framework=framework,
        auditor=member(Role.MANAGER),
        status="completed",
        overall_grade="good",
        completed_on=timezone.localdate(),
        learning="Hear the child sooner.",
    )
    FamilyClaim.objects.create(case=cases[0], claimed_on=timezone.localdate())
    rollup(*(), first=default_range()[0], last=default_range()[1])
    lead = member(Role.STRATEGIC_LEAD)
    client = signed_in_client(lead)
    forbidden = _identifiers(cases)
    month = timezone.localdate().strftime("%Y-%m")
    ids = {"zone_id": zone.pk, "case_id": cases[0].pk, "audit_id": audit.pk}
    visited = []
    for route, pattern in _routes():
        kwargs = {k: ids[k] for k in pattern.pattern.converters}
        url = reverse(pattern.name, kwargs=kwargs)
        for query in ("", f"?zone={zone.pk}", f"?period={month}&zone={zone.pk}"):
            response = client.get(url + query)
            body = (
                response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
            )
            if url.endswith(".xlsx") and response.status_code == 200:
                from openpyxl import load_workbook

                book = load_workbook(io.BytesIO(response.content))
                body = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row)
            for text in forbidden:
                assert text not in body, f"{text!r} shown to a strategic lead at {url}{query}"
            visited.append((route, response.status_code))
        # Pages that write: refused or unavailable to a strategic lead.
        assert client.post(url, {}).status_code in (200, 302, 403, 404, 405)
    assert {r for r, status in visited if status == 200} >= {
        "reporting/",
        "reporting/scorecard.csv",
        "reporting/scorecard.xlsx",
        "reporting/supporting-families/",
        "reporting/supporting-families/return.csv",
        "reporting/zones/",
        "reporting/zones/<int:zone_id>/",
        "reporting/partnership/",
        "reporting/board-pack/",
        "reporting/cost-benefit/",
    }
    # The audit pages and the case-level actions are closed to strategic leads.
    assert client.get(reverse("audit", args=[audit.pk])).status_code == 404
    assert client.get(reverse("audits")).status_code == 403
    # The board pack they can request.
    from pypdf import PdfReader

    response = client.post(reverse("board-pack"), {"period": month, "zone": zone.pk})
    assert response.status_code == 302
    job = lead.export_jobs.get()
    export_services.export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.message
    path = export_services.export_download(actor=lead, job=job)
    reader = PdfReader(str(path))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Scorecard" in text
    assert all(settings_marking_in(page.extract_text()) for page in reader.pages)
    for text_found in forbidden:
        assert text_found not in text


def settings_marking_in(text: str) -> bool:
    from django.conf import settings

    return settings.PROTECTIVE_MARKING in text


def test_managers_see_exact_small_numbers_and_strategic_leads_do_not(signed_in_client):
    zone = ZoneFactory()
    _families(zone, 3)
    rollup(first=default_range()[0], last=default_range()[1])
    url = reverse("supporting-families")
    lead_page = signed_in_client(member(Role.STRATEGIC_LEAD)).get(
        reverse("scorecard") + f"?zone={zone.pk}"
    )
    assert "fewer than 5" in lead_page.content.decode()
    manager_page = signed_in_client(member(Role.MANAGER, zone=zone)).get(
        reverse("scorecard") + f"?zone={zone.pk}"
    )
    assert "fewer than 5" not in manager_page.content.decode()
    assert signed_in_client(member(Role.PRACTITIONER)).get(url).status_code == 403


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("role", "name", "args"),
    [
        (Role.STRATEGIC_LEAD, "scorecard", False),
        (Role.STRATEGIC_LEAD, "scorecard-csv", False),
        (Role.STRATEGIC_LEAD, "scorecard-xlsx", False),
        (Role.MANAGER, "supporting-families", False),
        (Role.STRATEGIC_LEAD, "supporting-families-return", False),
        (Role.STRATEGIC_LEAD, "zone-profiles", False),
        (Role.STRATEGIC_LEAD, "zone-profile", True),
        (Role.STRATEGIC_LEAD, "partnership", False),
        (Role.MANAGER, "audits", False),
        (Role.STRATEGIC_LEAD, "board-pack", False),
    ],
)
def test_reporting_pages_run_as_many_queries_for_50_cases_as_for_5(
    signed_in_client, role, name, args
):
    zone = ZoneFactory()
    agency = AgencyFactory()
    framework = AuditFramework.objects.get(is_current=True)
    manager = member(Role.MANAGER, agency=agency, zone=zone)
    user = manager if role == Role.MANAGER else member(role)
    client = signed_in_client(user)
    url = reverse(name, args=[zone.pk] if args else [])
    counts = []
    for size in (5, 50):
        cases = _families(zone, size - (5 if size == 50 else 0), agency=agency, start=size)
        for case in cases:
            CaseAudit.objects.create(case=case, framework=framework, auditor=manager)
        rollup(first=default_range()[0], last=default_range()[1])
        client.get(url)  # warm caches
        counts.append(_count(client, url))
    assert counts[1] <= counts[0], counts

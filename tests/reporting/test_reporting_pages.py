"""Reporting pages: every URL answers each role with its exact status; strategic leads
reach nothing identifiable and no number from 1 to 4 from any reporting page or export;
every page answers in as many queries for many rows as for few."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse
from django.utils import timezone

from cases.models import Case, Person, PersonIdentifier, StepDown
from cases.workflow_states import State
from partners.models import Zone
from partners.roles import Role
from reporting.exports import services as export_services
from reporting.models import AuditFramework, CaseAudit, FamilyClaim, ImportBatch
from reporting.scorecard.engine import default_range, rollup
from reporting.scorecard.periods import Period
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member
from tests.reporting.scorecard_data import at, journey

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


def _routes() -> list[tuple[str, URLPattern]]:
    from tests.earlyhelp.test_url_policy import all_patterns

    found = [(route, p) for route, p in all_patterns() if route.startswith("reporting/")]
    assert len(found) >= 15
    return found


# The status each role gets, GET then POST (an empty form), in the order of ROLES:
# practitioner, coordinator, manager, partner viewer, strategic lead, system administrator.
# A signed-out visitor is sent to sign in (302) everywhere. Roles without the page's role
# get 403; a case-level page answers 404 to whoever cannot see the case; a page that only
# reads answers 405 to a POST.
ROLES = [
    Role.PRACTITIONER,
    Role.COORDINATOR,
    Role.MANAGER,
    Role.PARTNER_VIEWER,
    Role.STRATEGIC_LEAD,
    Role.SYSTEM_ADMIN,
]
READ = ("403 200 200 403 200 200", "403 405 405 403 405 405")
RETURNS_READ = ("403 200 200 403 403 403", "403 405 405 403 403 403")
EXPECTED: dict[str, tuple[str, str]] = {
    "reporting/": READ,
    "reporting/scorecard.csv": READ,
    "reporting/scorecard.xlsx": READ,
    "reporting/rebuild/": ("403 403 405 403 403 405", "403 403 400 403 403 400"),
    "reporting/supporting-families/": READ,
    "reporting/supporting-families/return.csv": READ,
    # The manager's empty POST is refused with a message on the page it returns to.
    "reporting/supporting-families/cases/<int:case_id>/evidence/": (
        "405 405 405 405 405 405",
        "404 403 302 404 404 404",
    ),
    "reporting/supporting-families/cases/<int:case_id>/claim/": (
        "405 405 405 405 405 405",
        "404 403 302 404 404 404",
    ),
    "reporting/zones/": READ,
    "reporting/zones/<int:zone_id>/": READ,
    "reporting/partnership/": READ,
    "reporting/partnership/self-assessment/": (
        "403 403 200 403 403 403",
        "403 403 200 403 403 403",
    ),
    "reporting/board-pack/": ("403 403 200 403 200 403", "403 403 200 403 200 403"),
    "reporting/audits/": ("403 403 200 403 403 403", "403 403 405 403 403 403"),
    "reporting/audits/sample/": ("403 403 200 403 403 403", "403 403 200 403 403 403"),
    # An audit is read by those who see its case (the zone's coordinator too); only its
    # managers may save it.
    "reporting/audits/<int:audit_id>/": ("404 200 200 404 404 404", "404 200 200 404 404 404"),
    "reporting/cost-benefit/": READ,
    "reporting/cost-benefit/import/": ("403 403 403 403 403 200", "403 403 403 403 403 200"),
    "reporting/returns/": RETURNS_READ,
    "reporting/returns/annex-a/": ("403 405 405 403 403 403", "403 200 200 403 403 403"),
    "reporting/returns/ssd/": ("403 405 405 403 403 403", "403 302 302 403 403 403"),
    "reporting/returns/cin-census/": ("403 405 405 403 403 403", "403 200 200 403 403 403"),
    "reporting/returns/families-first/": (
        "403 405 405 403 403 403",
        "403 200 200 403 403 403",
    ),
    "reporting/returns/data-linking/": ("403 405 405 403 403 403", "403 403 200 403 403 403"),
    "reporting/data-quality/": RETURNS_READ,
    "reporting/import-batches/": ("403 403 403 403 403 200", "403 403 403 403 403 405"),
    # The administrator's POST rolls the (empty) batch back.
    "reporting/import-batches/<int:batch_id>/rollback/": (
        "403 403 403 403 403 200",
        "403 403 403 403 403 302",
    ),
}


def _url(pattern: URLPattern, ids: dict[str, int]) -> str:
    return reverse(pattern.name, kwargs={k: ids[k] for k in pattern.pattern.converters})


def test_every_reporting_url_answers_each_role_with_its_exact_status(signed_in_client):
    zone = ZoneFactory()
    cases = _families(zone, 2)
    audit = CaseAudit.objects.create(
        case=cases[0],
        framework=AuditFramework.objects.get(is_current=True),
        auditor=member(Role.MANAGER, zone=zone),
    )
    batch = ImportBatch.objects.create(source="ssd", folder="/exports/2026-11")
    ids = {"zone_id": zone.pk, "case_id": cases[0].pk, "audit_id": audit.pk, "batch_id": batch.pk}
    clients = {
        role: signed_in_client(
            member(role, zone=zone) if role in (Role.COORDINATOR, Role.MANAGER) else member(role)
        )
        for role in ROLES
    }
    routes = _routes()
    assert {route for route, _ in routes} == set(EXPECTED), (
        "Each reporting URL needs its expected status for every role in EXPECTED"
    )
    anonymous = Client()
    found: dict[str, tuple[str, str]] = {}
    for route, pattern in routes:
        url = _url(pattern, ids)
        gets = " ".join(str(clients[role].get(url).status_code) for role in ROLES)
        posts = " ".join(str(clients[role].post(url, {}).status_code) for role in ROLES)
        found[route] = (gets, posts)
        assert anonymous.get(url).status_code == 302, url
        assert anonymous.post(url, {}).status_code == 302, url
    assert found == EXPECTED


NUMBER = re.compile(
    r"(?<![\w.,£:/-])(\d+)(?![\w.,%:/])"
    r"(?!\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December))"
)
CELL = re.compile(
    r'<(td|dd|span)\b[^>]*class="[^"]*\b(?:govuk-table__cell--numeric|govuk-summary-list__value'
    r'|num|value)\b[^"]*"[^>]*>(.*?)</\1>',
    re.S,
)
COUNTED = re.compile(r"counted ([^<·]+?)(?: of ([^<·]+?))?(?: ·|</p>)")


def _small_in_html(body: str) -> list[str]:
    """Numbers from 1 to 4 in the cells that hold figures (table cells, summary values, the
    board pack's values and 'counted x of y'), which a reader of suppressed figures must
    never see."""
    texts = [re.sub(r"<[^>]+>", " ", m.group(2)) for m in CELL.finditer(body)]
    texts += [" ".join(x for x in m.groups() if x) for m in COUNTED.finditer(body)]
    return [t.strip() for t in texts if any(1 <= int(n) <= 4 for n in NUMBER.findall(t))]


def _small_in_table(rows: list[list[str]], columns: set[int] | None = None) -> list[str]:
    """Cells of an export that are a bare number from 1 to 4."""
    return [
        cell
        for row in rows
        for i, cell in enumerate(row)
        if (columns is None or i in columns or (i >= 11 and 11 in columns))
        and re.fullmatch(r"[1-4]", cell.strip())
    ]


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    return [
        ["" if c is None else str(c) for c in row]
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
    ]


def _small_world(zone: Zone) -> list[str]:
    """Every reporting figure small: a zone of eight families (recognisable names and
    NHS numbers), two Supporting Families families (one claimed), a few enquiries,
    assessments, audits and step-downs last month, and closures valued for the cost
    avoided. Returns what identifies anyone in it."""
    from tests.reporting.cost_data import outcomes_data
    from tests.reporting.supporting_families_data import claim_case

    cases = _families(zone, 8)
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=10)
    police = AgencyFactory(kind="police")
    for _ in range(3):
        journey(
            received=last_month,
            raised_by_agency=police,
            state=State.SCREENING,
            family=FamilyFactory(family_hub__zone=zone),
        )
    claimed = claim_case(zone=zone)
    claim_case(zone=zone, closed_days_ago=None)
    FamilyClaim.objects.create(
        case=claimed.case, evidence_checked_on=last_month, claimed_on=last_month
    )
    framework = AuditFramework.objects.get(is_current=True)
    for case in cases[:3]:
        CaseAudit.objects.create(
            case=case,
            framework=framework,
            auditor=member(Role.MANAGER),
            status="completed",
            overall_grade="good",
            completed_on=last_month,
            zone=zone,
            learning="Hear the child sooner.",
        )
    StepDown.objects.create(
        case=cases[1],
        social_care_reference="SC-1",
        summary="Stepped down",
        recorded_by=member(Role.MANAGER),
        recorded_at=at(last_month),
    )
    outcomes_data(today.year - 1)  # cost avoided: small counts behind each amount
    rollup(first=default_range()[0], last=default_range()[1])
    forbidden = []
    for case in Case.objects.select_related("family"):
        forbidden += [case.reference or "", case.family.name]
    forbidden += [p.full_name for p in Person.objects.all()]
    return [f for f in forbidden if f] + NHS


def test_strategic_leads_see_nothing_identifiable_and_no_small_number_anywhere(signed_in_client):
    zone = ZoneFactory()
    forbidden = _small_world(zone)
    lead = member(Role.STRATEGIC_LEAD)
    client = signed_in_client(lead)
    today = timezone.localdate()
    month = (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    quarter = Period.containing("quarter", today).code
    queries = [
        "",
        f"?zone={zone.pk}",
        f"?period={month}",
        f"?period={month}&zone={zone.pk}",
        f"?period={quarter}",
        f"?period={today.year}&zone={zone.pk}",
        f"?year={today.year}",
        f"?year={today.year - 1}&zone={zone.pk}",
    ]
    audit = CaseAudit.objects.first()
    assert audit is not None
    ids = {"zone_id": zone.pk, "case_id": audit.case_id, "audit_id": audit.pk}
    readable = [
        (route, pattern)
        for route, pattern in _routes()
        if EXPECTED[route][0].split()[ROLES.index(Role.STRATEGIC_LEAD)] == "200"
    ]
    assert {route for route, _ in readable} == {
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
    suppressed_seen = 0
    for _route, pattern in readable:
        url = _url(pattern, ids)
        for query in queries:
            response = client.get(url + query)
            assert response.status_code == 200, url + query
            where = f"{url}{query}"
            if url.endswith(".xlsx"):
                rows = _xlsx_rows(response.content)
                body = " ".join(" ".join(row) for row in rows)
                small = _small_in_table(rows, {4, 5, 6, 11})
            elif url.endswith(".csv"):
                rows = list(csv.reader(io.StringIO(response.content.decode())))
                body = response.content.decode()
                small = _small_in_table(rows, {2} if "supporting" in url else {4, 5, 6, 11})
            else:
                body = response.content.decode()
                small = _small_in_html(body)
            assert small == [], f"small numbers shown to a strategic lead at {where}: {small}"
            for text in forbidden:
                assert text not in body, f"{text!r} shown to a strategic lead at {where}"
            suppressed_seen += body.count("fewer than 5")
    assert suppressed_seen > 50  # the data are small: suppression was at work

    # The detector finds small numbers where they are shown: a manager's pages.
    manager = signed_in_client(member(Role.MANAGER, zone=zone))
    assert _small_in_html(manager.get(reverse("scorecard") + f"?period={month}").content.decode())
    assert _small_in_html(manager.get(reverse("cost-benefit")).content.decode())

    # The board pack: the same HTML the PDF is made of, and the PDF itself.
    from pypdf import PdfReader

    from reporting.board_pack import board_pack_html

    for chosen in (None, zone):
        html = board_pack_html(user=lead, period=Period.parse(month), zone=chosen)
        assert _small_in_html(html) == [], _small_in_html(html)
        for text in forbidden:
            assert text not in html
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
    # The audit pages and the case-level actions are closed to strategic leads.
    assert client.get(reverse("audit", args=[audit.pk])).status_code == 404
    assert client.get(reverse("audits")).status_code == 403


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

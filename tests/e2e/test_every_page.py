"""Browser: the pages no journey reaches, each opened by a role that may see it and
checked with axe-core (WCAG 2.2 A and AA). With the journeys' own checks, every page of
the service has been in a real browser (the guard in tests/e2e/page_coverage.py says
which are not)."""

from __future__ import annotations

from typing import Any

import pytest

from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from partners.roles import Role
from reporting import audits
from reporting.models import CaseAudit, ImportBatch
from tests.assessments.factories import family_case
from tests.e2e.conftest import ERROR_TITLES, axe_violations, sign_in
from tests.e2e.page_coverage import record_visit
from tests.e2e.test_practitioners_day import check_reflow
from tests.family_plans.factories import agreed_plan, planned_case
from tests.partners.factories import TEST_PASSWORD, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit_each(page: Any, base: str, paths: list[str]) -> None:
    """Open every path, and fail naming each page that was refused, missing or had axe
    violations (all of them, not only the first)."""
    problems: dict[str, Any] = {}
    for path in paths:
        page.goto(base + path)
        title = page.title()
        if title.startswith(ERROR_TITLES):
            problems[path] = title
            continue
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
        else:
            record_visit(path)
    assert problems == {}, problems


def test_a_managers_pages_pass_axe(page, live_server):
    ensure_reference_data()
    fc = family_case(state=State.PLAN_AND_REVIEW)
    zone = fc.case.family.family_hub.zone
    audits.audit_sample_create(actor=fc.manager, criteria=audits.SampleCriteria("random", 1))
    audit = CaseAudit.objects.filter(case=fc.case).first()
    sign_in(page, live_server, fc.manager.email, TEST_PASSWORD)
    case = f"/cases/{fc.case.pk}"
    paths = [
        f"{case}/step-up/",
        f"{case}/lead/",
        f"{case}/access/",
        f"{case}/export/",
        "/caseloads/",
        f"/caseloads/{fc.worker.pk}/",
        f"/caseloads/{fc.worker.pk}/reassign/",
        "/drift/",
        "/your-enquiries/",
        "/sign-off/",
        "/openings-to-review/",
        "/reporting/audits/",
        "/reporting/audits/sample/",
        "/reporting/partnership/",
        "/reporting/partnership/self-assessment/",
        "/reporting/board-pack/",
        "/reporting/zones/",
        f"/reporting/zones/{zone.pk}/",
        "/reporting/cost-benefit/",
        "/reporting/supporting-families/",
        "/reporting/returns/",
        "/reporting/data-quality/",
        "/identified/",
        "/identified/import/",
        "/identified/review/",
        "/identified/data-sets/",
        "/possible-duplicates/",
        "/exports/",
    ]
    if audit is not None:
        paths.append(f"/reporting/audits/{audit.pk}/")
    visit_each(page, live_server.url, paths)


def test_the_lead_practitioners_case_pages_pass_axe(page, live_server):
    ensure_reference_data()
    fc = planned_case()
    agreed_plan(fc)
    case = f"/cases/{fc.case.pk}"
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            f"{case}/step-across/",
            f"{case}/closure/",
            f"{case}/return-codes/",
            f"{case}/chronology/",
            f"{case}/family/",
            f"{case}/family/people/{fc.children[0].pk}/change/",
            f"{case}/family/people/add/",
            f"{case}/sharing/",
            f"{case}/sharing/team/add/",
            f"{case}/sharing/consent/add/",
            f"{case}/sharing/shares/add/",
            f"{case}/sharing/disclosures/add/",
            f"{case}/notes/",
            f"{case}/notes/add/",
            f"{case}/outcome-star/",
            f"{case}/outcome-star/new/",
            f"{case}/outcome-star/measures/new/",
            f"{case}/meetings/",
            f"{case}/meetings/taf/new/",
            f"{case}/meetings/network/new/",
            f"{case}/plan/",
            "/my-cases/",
            "/my-work/",
            "/diary/",
            "/notifications/settings/",
            "/account/",
            "/account/password/",
            "/account/sessions/",
            "/account/passkeys/",
            "/directory/",
            "/directory/new/",
        ],
    )
    # Wide tables scroll inside their own focusable box: the page reflows at 320 px.
    for path in (f"{case}/family/", f"{case}/sharing/", "/my-work/", f"{case}/plan/"):
        check_reflow(page, live_server.url + path)


def test_an_administrators_pages_pass_axe(page, live_server):
    admin = member(Role.SYSTEM_ADMIN)
    batch = ImportBatch.objects.create(source="legacy", folder="/moving-in/2026-11", created=42)
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            "/staff/",
            "/staff/invite/",
            "/staff/not-signed-in/",
            "/security-events/",
            "/reporting/cost-benefit/import/",
            "/reporting/import-batches/",
            f"/reporting/import-batches/{batch.pk}/rollback/",
            "/directory/import/",
        ],
    )

"""Browser: the pages no journey reaches, each opened by a role that may see it and
checked with axe-core (WCAG 2.2 A and AA). With the journeys' own checks, every page of
the service has been in a real browser (the guard in tests/e2e/page_coverage.py says
which are not)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from partners.roles import Role
from reporting import audits
from reporting.models import CaseAudit, ImportBatch
from tests.assessments.factories import family_case
from tests.e2e.conftest import (
    ERROR_TITLES,
    assert_accessible,
    assert_title_starts,
    axe_violations,
    family_signed_in,
    sign_in,
)
from tests.e2e.page_coverage import record_visit
from tests.e2e.test_practitioners_day import check_reflow
from tests.family_plans.factories import agreed_plan, planned_case
from tests.identity.sessions import give_authenticator, totp_code
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
            record_visit(urlsplit(page.url).path)  # the route, without any query
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


def test_the_change_pages_of_a_plan_and_its_meetings_pass_axe(page, live_server):
    from family_plans.models import FamilyNetworkMeeting
    from tests.family_plans.factories import MeetingFactory, days
    from tests.partners.directory.factories import ServiceFactory

    ensure_reference_data()
    fc = planned_case()
    plan = agreed_plan(fc)
    ServiceFactory(name="Dads' group")
    outcome = plan.outcomes.first()
    first_action = plan.actions.first()
    assert outcome is not None and first_action is not None
    meeting = MeetingFactory(case=fc.case, organiser=fc.worker)
    network = FamilyNetworkMeeting.objects.create(
        case=fc.case, offered_on=days(-3), created_by=fc.worker
    )
    case = f"/cases/{fc.case.pk}"
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            f"{case}/plan/outcomes/{outcome.pk}/",
            f"{case}/plan/actions/{first_action.pk}/service/",
            f"{case}/meetings/taf/{meeting.pk}/change/",
            f"{case}/meetings/network/{network.pk}/change/",
        ],
    )


def test_the_comparison_of_two_assessments_and_progress_on_a_problem_pass_axe(page, live_server):
    from assessments.models import Assessment
    from assessments.selectors import section_rows
    from assessments.services import (
        assessment_section_save,
        assessment_sign_off,
        assessment_start,
        assessment_submit,
    )
    from tests.assessments.factories import complete_assessment

    ensure_reference_data()
    fc = family_case(children=1, adults=1)
    first = complete_assessment(assessment_start(actor=fc.worker, case=fc.case), fc.worker)
    first = assessment_submit(actor=fc.worker, assessment=first, expected_version=first.version)
    assessment_sign_off(actor=fc.manager, assessment=first)
    headline = Assessment.objects.get(pk=first.pk).problems.order_by("headline__number")[0].headline
    fc.case.state = State.PLAN_AND_REVIEW
    fc.case.save()
    second = assessment_start(actor=fc.worker, case=fc.case)
    row = section_rows(assessment=second)["views"]
    assessment_section_save(
        actor=fc.worker,
        assessment=second,
        key="views",
        values={**row.data, "family_goals": "Keep the new routine going"},
        complete=True,
        expected_version=row.version,
    )
    case = f"/cases/{fc.case.pk}"
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            f"{case}/assessment/compare/?from=1&to=2",
            f"{case}/assessment/problems/{headline.pk}/progress/",
        ],
    )


def test_an_administrators_pages_about_one_member_of_staff_pass_axe(page, live_server):
    admin = member(Role.SYSTEM_ADMIN)
    agency = admin.memberships.get().agency
    colleague = member(Role.PRACTITIONER, agency=agency)
    give_authenticator(colleague)
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            f"/staff/{colleague.pk}/",
            f"/staff/{colleague.pk}/roles/{agency.pk}/",
            f"/staff/{colleague.pk}/second-factor/",
            f"/staff/{colleague.pk}/deactivate/",
        ],
    )


def test_an_information_governance_officers_pages_pass_axe(page, live_server):
    from django.utils import timezone

    from governance import rights
    from governance.models import RightsKind
    from tests.governance.factories import officer, person_in_two_families

    the_officer = officer()
    world = person_in_two_families()
    request = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.RESTRICTION,
        person=world.person,
        requester_name="Marisol Quenby",
        grounds="Please stop using my records while I complain.",
        received_on=timezone.localdate(),
    )
    person = f"/governance/people/{world.person.pk}"
    sign_in(page, live_server, the_officer.email, TEST_PASSWORD)
    visit_each(
        page,
        live_server.url,
        [
            f"{person}/rights-request/",
            f"{person}/legal-hold/",
            f"/governance/rights-requests/{request.pk}/",
            f"/governance/cases/{world.first.pk}/history/",
            "/governance/retention/",
            "/governance/processing/",
        ],
    )


def test_a_managers_history_of_a_case_passes_axe(page, live_server):
    ensure_reference_data()
    fc = family_case()
    sign_in(page, live_server, fc.manager.email, TEST_PASSWORD)
    visit_each(page, live_server.url, [f"/cases/{fc.case.pk}/history/"])


def test_the_sign_in_pages_that_only_a_failure_or_a_sensitive_page_reach_pass_axe(
    page, live_server, settings
):
    """A failed single sign-on lands on its own page; a sensitive page asks the person to
    confirm it is them (here by making every confirmation stale), and once they have,
    replacing the authenticator opens its set-up page, and the backup-code page opens."""
    visit_each(page, live_server.url, ["/sign-in/organisation/failed/"])
    user = member(Role.PRACTITIONER)
    sign_in(page, live_server, user.email, TEST_PASSWORD)
    device = give_authenticator(user)

    settings.REAUTHENTICATION_WINDOW = 0
    page.goto(f"{live_server.url}/account/authenticator/")
    assert_title_starts(page, "Confirm it is you")
    assert_accessible(page)
    settings.REAUTHENTICATION_WINDOW = 15 * 60
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    assert_title_starts(page, "Set up your authenticator app")
    assert_accessible(page)
    visit_each(page, live_server.url, ["/account/backup-codes/"])


def test_the_enquiry_steps_for_a_family_already_known_pass_axe(page, live_server):
    """A school raising an enquiry about a family it already works with is shown the
    possible match, then asked which of the family's children it is about."""
    from partners.models import PostcodeArea
    from partners.roles import AgencyKind
    from tests.cases.factories import (
        CaseFactory,
        FamilyFactory,
        HouseholdMemberFactory,
        PersonFactory,
        TeamMemberFactory,
    )
    from tests.cases.pages import people_data, years_ago
    from tests.partners.factories import AgencyFactory, FamilyHubFactory

    hub = FamilyHubFactory(name="Mill Lane Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=hub)
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    teacher = member(Role.PRACTITIONER, agency=school)
    family = FamilyFactory(name="The Okafor family", postcode="NB1 4AB")
    HouseholdMemberFactory(
        family=family,
        person=PersonFactory(given_names="Ada", family_name="Okafor", date_of_birth=years_ago(9)),
    )
    TeamMemberFactory(case=CaseFactory(family=family), agency=school)
    sign_in(page, live_server, teacher.email, TEST_PASSWORD)

    base = live_server.url
    page.goto(f"{base}/my-work/")
    post_form(page, "/enquiries/new/", {})
    post_form(page, "/enquiries/new/who/", {"action": "new"})
    post_form(
        page,
        "/enquiries/new/family/",
        {
            "name": "The Okafor family",
            "address_line_1": "12 Mill Lane",
            "town": "Northborough",
            "postcode": "NB1 4AB",
            "language": "English",
            "interpreter_needed": "no",
        },
    )
    post_form(page, "/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    page.goto(f"{base}/enquiries/new/matches/")
    assert_title_starts(page, "We may already know this family")
    assert_accessible(page)
    page.get_by_label("The Okafor family").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/enquiries/new/children/")
    assert_accessible(page)


def post_form(page: Any, path: str, data: dict[str, Any]) -> None:
    """Send one step of a form as the browser would, with the page's session and the
    form's CSRF token (the steps before the ones a test checks, without typing them)."""
    from urllib.parse import urlencode

    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    response = page.request.post(
        origin + path,
        data=urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": page.url},
        max_redirects=0,
    )
    assert response.status in (200, 302), (path, response.status)


def test_the_familys_own_pages_and_the_withdrawal_of_their_access_pass_axe(browser, live_server):
    """The family member signed in (as the link and code leave the session) sees the
    Star and, as the case closes, the feedback page, signs out, and the sign-in page asks
    for a new link; the practitioner's page to withdraw their access passes too."""
    from tests.family_view.factories import family_with_plan, invited

    ensure_reference_data()
    fwp = family_with_plan()
    access = invited(fwp)
    base = live_server.url

    staff_context = browser.new_context(bypass_csp=True)
    staff = staff_context.new_page()
    sign_in(staff, live_server, fwp.fc.worker.email, TEST_PASSWORD)
    visit_each(staff, base, [f"/cases/{fwp.case.pk}/family-online/{access.pk}/withdraw/"])
    staff_context.close()

    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    family_signed_in(context, base, access)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    visit_each(phone, base, ["/family/star/"])
    fwp.case.state = State.CLOSING  # the family's feedback is asked for at closure
    fwp.case.save(update_fields=["state"])
    visit_each(phone, base, ["/family/feedback/"])
    phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_url(f"{base}/family/sign-out/")
    assert_accessible(phone)
    visit_each(phone, base, ["/family/sign-in/"])
    context.close()

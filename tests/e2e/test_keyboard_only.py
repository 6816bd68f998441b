"""Browser: the main paths work with the keyboard alone (WCAG 2.1.1), and focus can be
seen on every control it reaches (WCAG 2.4.7).

No clicks: Tab and Shift+Tab move, Enter follows links and presses buttons, the arrow
keys and Space choose among radios, and text is typed. On each control that takes focus
on the way, the test checks an outline, a box shadow or GOV.UK's yellow focus background
shows it (GOV.UK's radios and checkboxes draw it on their label). The skip link takes
focus to the main content.
"""

from __future__ import annotations

from typing import Any

import pytest

from assessments.models import Assessment, AssessmentState
from assessments.services import assessment_start, assessment_submit
from cases.models import Case
from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from family_plans.models import ActionStatus
from tests.assessments.factories import complete_assessment, family_case
from tests.cases.factories import CaseFactory, EnquiryFactory, FamilyFactory, HouseholdMemberFactory
from tests.cases.places import build_place
from tests.e2e.conftest import assert_title_starts, family_signed_in, sign_in
from tests.family_view.factories import family_with_plan, invited
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_SHOWN = """() => {
  const shows = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                      && s.outlineColor !== 'rgba(0, 0, 0, 0)')
                     || (s.boxShadow && s.boxShadow !== 'none')
                     || s.backgroundColor === 'rgb(255, 221, 0)';
  const e = document.activeElement;
  if (!e || e === document.body) return false;
  if (shows(getComputedStyle(e))) return true;
  const label = e.labels && e.labels[0];
  return !!label && (shows(getComputedStyle(label, '::before'))
                     || shows(getComputedStyle(label)));
}"""

ACTIVE = """() => {
  const e = document.activeElement;
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
         + ' ' + (e.innerText || e.value || e.getAttribute('aria-label') || '').slice(0, 40);
}"""


def focus_is_visible(page: Any) -> None:
    assert page.evaluate(FOCUS_SHOWN), f"focus is not visible on {page.evaluate(ACTIVE)}"


def tab_to(page: Any, target: Any, *, backwards: bool = False, most: int = 150) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, checking focus shows on each
    control reached on the way."""
    target.wait_for()
    handle = target.element_handle()
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            continue  # past the last control, the browser's own controls come next
        focus_is_visible(page)
        if page.evaluate("e => e === document.activeElement", handle):
            return
    raise AssertionError(f"Tab never reached {target}")


def choose_radio(page: Any, label: str) -> None:
    """Tab into the radio group, then move with the arrow keys to the answer."""
    target = page.get_by_label(label, exact=True)
    group = page.locator(f"input[type=radio][name='{target.get_attribute('name')}']")
    tab_to(page, group.first)
    handle = target.element_handle()
    for _ in range(group.count()):
        if page.evaluate("e => e === document.activeElement", handle):
            break
        page.keyboard.press("ArrowDown")
    if not target.is_checked():
        page.keyboard.press("Space")  # Tab focuses the first radio of a group without choosing it
    focus_is_visible(page)
    assert target.is_checked()


@pytest.fixture(autouse=True)
def _reference(transactional_db):  # type: ignore[no-untyped-def]
    ensure_reference_data()


def test_the_skip_link_is_the_first_stop_and_takes_focus_to_the_main_content(page, live_server):
    fc = family_case()
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{fc.case.pk}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.is_visible()
    focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")
    assert page.evaluate("() => document.activeElement.id") == "main-content"
    # The next Tab goes into the page's own content, past the header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_a_coordinator_screens_an_enquiry_with_the_keyboard(page, live_server):
    place = build_place()
    family = FamilyFactory(family_hub=place.hub, surname="Mensah")
    child = HouseholdMemberFactory(family=family).person
    case = CaseFactory(family=family, state=State.ENQUIRY_RECEIVED)
    EnquiryFactory(case=case).children.add(child)
    sign_in(page, live_server, place.coordinator.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/front-door/")

    tab_to(page, page.get_by_role("link", name="The Mensah family").first)
    page.keyboard.press("Enter")
    assert_title_starts(page, "Summary")
    tab_to(page, page.get_by_role("button", name="Record the screening decision"))
    page.keyboard.press("Enter")
    assert_title_starts(page, "Screening decision")
    choose_radio(page, "Early help assessment")
    tab_to(page, page.get_by_label("Reasons for the decision"))
    page.keyboard.type("Attendance and wellbeing: a whole-family assessment will help.")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    page.get_by_text("Screening decision recorded").wait_for()
    assert Case.objects.get(pk=case.pk).state == State.AWAITING_ALLOCATION


def test_a_manager_signs_off_an_assessment_with_the_keyboard(page, live_server):
    fc = family_case()
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)
    assessment_submit(actor=fc.worker, assessment=assessment, expected_version=assessment.version)
    sign_in(page, live_server, fc.manager.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{fc.case.pk}/assessment/")

    tab_to(page, page.get_by_role("link", name="Review and sign off"))
    page.keyboard.press("Enter")
    assert_title_starts(page, "Sign off the assessment")
    choose_radio(page, "Sign off the assessment")
    tab_to(page, page.get_by_role("button", name="Confirm decision"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/cases/{fc.case.pk}/assessment/")
    assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.SIGNED_OFF


def test_a_mother_marks_her_action_done_with_the_keyboard(browser, live_server):
    fwp = family_with_plan()
    access = invited(fwp)
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    family_signed_in(context, live_server.url, access)
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}/family/")

    tab_to(phone, phone.get_by_role("link", name="See your family's plan"))
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"{live_server.url}/family/plan/")
    tab_to(phone, phone.get_by_role("button", name="I have done this").first)
    phone.keyboard.press("Enter")
    phone.get_by_text("is marked as done").wait_for()
    fwp.mothers_action.refresh_from_db()
    assert fwp.mothers_action.status == ActionStatus.DONE
    context.close()


def test_a_lead_practitioner_updates_a_plan_action_with_the_keyboard(page, live_server):
    from family_plans.models import PlanAction
    from tests.family_plans.factories import agreed_plan, planned_case

    pc = planned_case()
    plan = agreed_plan(pc, actions=1)
    first = PlanAction.objects.get(plan=plan)
    sign_in(page, live_server, pc.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{pc.case.pk}/plan/")

    tab_to(page, page.get_by_role("link", name="Change action 1"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/cases/{pc.case.pk}/plan/actions/{first.pk}/")
    choose_radio(page, "In progress")
    tab_to(page, page.get_by_role("button", name="Save the action"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/cases/{pc.case.pk}/plan/")
    first.refresh_from_db()
    assert first.status == ActionStatus.IN_PROGRESS

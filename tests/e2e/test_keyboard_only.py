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
from cases.models import Case, LeadPractitionerAssignment
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


# The autocomplete's suggestions show focus as GOV.UK designs it: the focused option turns
# blue with white text, unlike every other option.
OPTION_FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e.getAttribute('role') !== 'option') return false;
  const on = getComputedStyle(e);
  const others = [...e.parentElement.children].filter(o => o !== e);
  return on.color !== on.backgroundColor
         && others.every(o => getComputedStyle(o).backgroundColor !== on.backgroundColor);
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
    choose(page, page.get_by_label(label, exact=True))


def choose(page: Any, target: Any) -> None:
    """Tab into the radio group `target` belongs to, then arrow to it."""
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


def tick(page: Any, checkbox: Any) -> None:
    """Tab to a checkbox and tick it with Space."""
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    assert checkbox.is_checked()


def type_into(page: Any, box: Any, text: str) -> None:
    """Tab to a text box and type."""
    tab_to(page, box)
    page.keyboard.type(text)


def select_option(page: Any, select: Any, value: str) -> None:
    """Tab to a select and move through its options with the arrow keys (a closed select
    changes its choice as the arrows move)."""
    tab_to(page, select)
    page.keyboard.press("Home")
    for _ in range(select.locator("option").count()):
        if select.input_value() == value:
            break
        page.keyboard.press("ArrowDown")
    assert select.input_value() == value


def press(page: Any, button: Any) -> None:
    """Tab to a button or link and press Enter."""
    tab_to(page, button)
    page.keyboard.press("Enter")


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


def test_a_school_raises_an_enquiry_with_the_keyboard(page, live_server):
    import datetime as dt

    from partners.models import PostcodeArea
    from partners.roles import AgencyKind, Role
    from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

    hub = FamilyHubFactory(name="Riverside Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=hub)
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary School")
    dsl = member(Role.PRACTITIONER, agency=school)
    sign_in(page, live_server, dsl.email, TEST_PASSWORD)

    press(page, page.get_by_role("link", name="New enquiry"))
    assert_title_starts(page, "Raise an enquiry")
    press(page, page.get_by_role("button", name="Start now"))
    assert_title_starts(page, "Who is the enquiry about?")
    press(page, page.get_by_role("button", name="Continue with a family not known to us"))

    assert_title_starts(page, "About the family")
    type_into(page, page.get_by_label("What is the household known as?"), "The Mensah family")
    type_into(page, page.get_by_label("Address line 1"), "4 Canal Street")
    type_into(page, page.get_by_label("Town or city"), "Northborough")
    type_into(page, page.get_by_label("Postcode"), "NB1 2CD")
    choose_radio(page, "No")
    press(page, page.get_by_role("button", name="Continue"))

    assert_title_starts(page, "People in the household")
    type_into(page, page.locator("#id_person-0-given_names"), "Kofi")
    select_option(page, page.locator("#id_person-0-relationship"), "child")
    born = dt.date(2017, 9, 3)
    for part, value in (("day", born.day), ("month", born.month), ("year", born.year)):
        type_into(page, page.locator(f"#id_person-0-date_of_birth_{part}"), str(value))
    select_option(page, page.locator("#id_person-0-sex"), "M")
    tick(page, page.locator("#id_person-0-enquiry_is_about"))
    press(page, page.get_by_role("button", name="Continue", exact=True))

    assert_title_starts(page, "The concerns")
    tick(page, page.get_by_label("School attendance or exclusion"))
    type_into(
        page,
        page.get_by_label("What are the concerns?"),
        "Kofi has missed 12 days this term and seems withdrawn.",
    )
    choose_radio(page, "Routine")
    choose_radio(page, "Yes, the family knows and agrees")
    press(page, page.get_by_role("button", name="Continue"))

    assert_title_starts(page, "Check your answers")
    press(page, page.get_by_role("button", name="Send the enquiry"))
    assert_title_starts(page, "Enquiry sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    case = Case.objects.get(reference=reference)
    assert case.family_hub == hub and case.state == State.ENQUIRY_RECEIVED


def test_a_coordinator_allocates_a_lead_practitioner_with_the_keyboard(page, live_server):
    import re

    from django.utils import timezone

    from tests.cases.factories import waiting_case

    place = build_place()
    waiting = waiting_case(place.hub, received_days_ago=4, surname="Asante")
    sign_in(page, live_server, place.coordinator.email, TEST_PASSWORD)

    press(page, page.get_by_role("link", name="Allocation", exact=True))
    assert_title_starts(page, "Allocation meetings")
    press(page, page.get_by_role("button", name="Plan a meeting"))
    assert_title_starts(page, "Plan an allocation meeting")
    select_option(page, page.get_by_label("Zone or family hub"), f"zone:{place.zone.pk}")
    type_into(
        page, page.get_by_label("Date of the meeting"), timezone.localdate().strftime("%d/%m/%Y")
    )
    press(page, page.get_by_role("button", name="Plan the meeting"))

    assert_title_starts(page, "Allocation meeting,")
    press(page, page.get_by_role("link", name=re.compile("The Asante family")))
    assert_title_starts(page, "The Asante family")
    choose_radio(page, "Allocate")
    # The accessible autocomplete: type part of a name, arrow down to the person, Enter.
    picker = page.get_by_role("combobox", name="Lead practitioner")
    type_into(page, picker, place.worker.full_name.split()[-1][:4])
    suggestion = page.get_by_role("option", name=re.compile(re.escape(place.worker.full_name)))
    suggestion.wait_for()
    for _ in range(page.get_by_role("option").count()):
        page.keyboard.press("ArrowDown")
        assert page.evaluate(OPTION_FOCUS_SHOWN), f"focus is not visible on {page.evaluate(ACTIVE)}"
        if "autocomplete__option--focused" in (suggestion.get_attribute("class") or ""):
            break
    page.keyboard.press("Enter")
    assert picker.input_value().startswith(place.worker.full_name)
    choose_radio(page, "Multiple or complex")
    press(page, page.get_by_role("button", name="Record the decision", exact=True))

    assert_title_starts(page, "Allocation meeting,")
    waiting.refresh_from_db()
    assert waiting.state == State.ALLOCATED and waiting.lead_practitioner == place.worker


def test_a_lead_practitioner_arranges_and_records_a_taf_meeting_with_the_keyboard(
    page, live_server
):
    import datetime as dt

    import redis
    from django.conf import settings
    from django.utils import timezone

    from family_plans.models import MeetingStatus, TafMeeting
    from tests.family_plans.factories import agreed_plan, planned_case

    pc = planned_case()
    agreed_plan(pc, actions=1)
    case = pc.case
    base = live_server.url
    sign_in(page, live_server, pc.worker.email, TEST_PASSWORD)
    page.goto(f"{base}/cases/{case.pk}/meetings/")

    press(page, page.get_by_role("link", name="Arrange a Team Around the Family meeting"))
    assert_title_starts(page, "Arrange a Team Around the Family meeting")
    day = timezone.localdate() + dt.timedelta(days=9)
    type_into(page, page.get_by_label("Date of the meeting"), f"{day.day}/{day.month}/{day.year}")
    type_into(page, page.get_by_label("Start time"), "10:00")
    type_into(page, page.get_by_label("End time"), "11:30")
    type_into(page, page.get_by_label("Where"), "Northborough Family Hub, Room 2")
    press(page, page.get_by_role("button", name="Arrange the meeting and send invitations"))
    page.get_by_text("Meeting arranged").wait_for()
    meeting = TafMeeting.objects.get(case=case)
    assert page.url == f"{base}/cases/{case.pk}/meetings/taf/{meeting.pk}/"
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")  # no worker here

    # The day comes (moved into the past here: the test cannot wait nine days).
    TafMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )
    page.reload()
    press(page, page.get_by_role("link", name="Record the meeting"))
    assert_title_starts(page, "Record the meeting")
    came = page.locator("input[type='radio'][value='attended']").all()
    assert came
    for attended in came:
        choose(page, attended)
    type_into(page, page.get_by_label("The family's views"), "Mum says mornings are calmer.")
    type_into(page, page.get_by_label("The child's views"), "Ada says breakfast club is fun.")
    type_into(page, page.get_by_label("Minutes"), "We went through every action together.")
    type_into(page, page.get_by_label("Decisions"), "The school takes over the walk to school.")
    choose(page, page.locator("input[name='progress_made'][value='yes']"))
    type_into(page, page.get_by_label("Progress since the last review"), "On time most days.")
    press(page, page.get_by_role("button", name="Save the record of the meeting"))
    page.wait_for_url(f"{base}/cases/{case.pk}/meetings/taf/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.invitees.filter(attendance="attended").count() == len(came)


def test_a_case_is_proposed_for_closure_and_signed_off_with_the_keyboard(page, live_server):
    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    LeadPractitionerAssignment.objects.create(
        case=case, user=place.worker, agency=place.council, assigned_by=place.coordinator
    )
    sign_in(page, live_server, place.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")

    press(page, page.get_by_role("button", name="Propose closing the case"))
    assert_title_starts(page, "Propose closing the case")
    choose_radio(page, "Needs met")
    type_into(page, page.get_by_label("Exit plan: what will the family do"), "Keep the routine.")
    type_into(
        page, page.get_by_label("Where can the family get help from now on?"), "The hub drop-in."
    )
    choose_radio(page, "Additional")
    choose_radio(page, "Yes")
    type_into(page, page.get_by_label("What did the family say about the help?"), "It helped.")
    press(page, page.get_by_role("button", name="Propose closing the case"))
    page.get_by_text("waiting for a manager to sign it off").wait_for()
    page.context.clear_cookies()

    sign_in(page, live_server, place.manager.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/my-work/")
    press(page, page.get_by_role("link", name="Sign off or return the closure"))
    assert_title_starts(page, "Sign off the closure")
    choose_radio(page, "Sign off: close the case")
    press(page, page.get_by_role("button", name="Record your decision"))
    page.get_by_text("This case is closed").wait_for()
    case.refresh_from_db()
    assert case.state == State.CLOSED

"""Browser tests of the assessment: a family of five assessed, submitted and signed off
through the pages, read by a partner on the Team Around the Family and not found by one
who is not; the conflict page; recording a Star reading. axe checks every page."""

import datetime as dt

import pytest
from django.utils import timezone

from assessments import sections as s
from assessments.models import Assessment, AssessmentState, StarReading
from assessments.selectors import section_context
from assessments.services import assessment_section_save, assessment_start
from tests.assessments.factories import default_star, family_case, star_scales, values_for
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """Other transactional tests empty the database: restore the seeded reference data."""
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()


def fill_section(page, section: s.SectionDef, values: dict) -> None:
    for f in section.fields:
        value = values.get(f.name)
        if value in (None, "", False):
            continue
        if f.kind == s.TEXT:
            page.locator(f"textarea[name='{f.name}']").fill(str(value))
        elif f.kind == s.CHOICE:
            page.locator(f"input[name='{f.name}'][value='{value}']").check()
        elif f.kind == s.BOOL:
            page.locator(f"input[name='{f.name}']").check()
        elif f.kind == s.DATE:
            date = s.parse_date(value)
            page.locator(f"input[name='{f.name}_day']").fill(str(date.day))
            page.locator(f"input[name='{f.name}_month']").fill(str(date.month))
            page.locator(f"input[name='{f.name}_year']").fill(str(date.year))


def new_page(browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_a_practitioner_assesses_a_family_of_five_and_a_manager_signs_it_off(
    page, browser, live_server
):
    fc = family_case(children=3, adults=2)
    case = fc.case
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/assessment/")
    assert_accessible(page)
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/assessment/1/")
    assert page.get_by_role("heading", level=1).inner_text() == "Early Help Assessment"
    assert_accessible(page)

    assessment = Assessment.objects.get(case=case)
    context = section_context(assessment=assessment)
    definitions = s.section_definitions(context)
    assert (
        len(definitions) == 10
    )  # consent, 3 children, 2 adults, family, views, problems, analysis
    for n, section in enumerate(definitions):
        page.get_by_role("link", name=section.title, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == section.title
        if n in (0, 1, 8):  # consent, a child, the headline problems
            assert_accessible(page)
        fill_section(page, section, values_for(section, context))
        page.locator("input[name='completed'][value='yes']").check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{live_server.url}/cases/{case.pk}/assessment/1/")
        assert f"'{section.title}' saved" in page.locator(".govuk-notification-banner").inner_text()
    assert "You have completed 10 of 10 sections" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Check your answers and submit").click()
    assert_title_starts(page, "Check your answers")
    assert_accessible(page)
    page.get_by_role("button", name="Submit for sign-off").click()
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/assessment/")
    assert_accessible(page)
    assert Assessment.objects.get(case=case).state == AssessmentState.SUBMITTED

    manager_context, manager = new_page(browser)
    sign_in(manager, live_server, fc.manager.email, TEST_PASSWORD)
    manager.goto(f"{live_server.url}/cases/{case.pk}/assessment/")
    manager.get_by_role("link", name="Review and sign off").click()
    assert_accessible(manager)
    manager.get_by_role("button", name="Confirm decision").click()  # no decision chosen
    assert manager.title().startswith("Error: Sign off the assessment")
    assert_accessible(manager)
    manager.get_by_label("Sign off the assessment").check()
    manager.get_by_role("button", name="Confirm decision").click()
    manager.wait_for_url(f"{live_server.url}/cases/{case.pk}/assessment/")
    assert "Signed off" in manager.content()
    assert_accessible(manager)
    manager_context.close()
    assert Assessment.objects.get(case=case).state == AssessmentState.SIGNED_OFF

    partner_context, partner = new_page(browser)
    sign_in(partner, live_server, fc.partner.email, TEST_PASSWORD)
    partner.goto(f"{live_server.url}/cases/{case.pk}/assessment/1/")
    assert partner.get_by_role("heading", level=1).inner_text() == "Early Help Assessment"
    assert "The child's voice" in partner.content() or "child&#x27;s voice" in partner.content()
    assert_accessible(partner)
    partner_context.close()

    outsider_context, outsider = new_page(browser)
    sign_in(outsider, live_server, fc.outsider.email, TEST_PASSWORD)
    response = outsider.goto(f"{live_server.url}/cases/{case.pk}/assessment/1/")
    assert response.status == 404
    assert outsider.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(outsider)
    outsider_context.close()


def test_the_conflict_page_shows_both_answers_and_is_accessible(page, live_server):
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{fc.case.pk}/assessment/1/section/views/")
    page.locator("textarea[name='family_view']").fill("Mum says the mornings are hardest.")
    # Meanwhile the manager saves the same section.
    assessment_section_save(
        actor=fc.manager,
        assessment=assessment,
        key="views",
        values={"family_view": "Dad says money is the worry."},
        complete=False,
        expected_version=0,
    )
    page.locator("input[name='completed'][value='no']").check()
    page.get_by_role("button", name="Save and continue").click()
    assert_title_starts(page, "Someone else saved this section")
    assert "Dad says money is the worry." in page.content()
    assert "Mum says the mornings are hardest." in page.content()
    assert_accessible(page)
    page.locator("input[name='choice__family_view'][value='merge']").check()
    page.locator("textarea[name='merged__family_view']").fill(
        "Dad says money is the worry; mum says the mornings are hardest."
    )
    page.get_by_role("button", name="Save these answers").click()
    page.wait_for_url(f"{live_server.url}/cases/{fc.case.pk}/assessment/1/")
    row = assessment.sections.get(key="views")
    assert row.data["family_view"] == (
        "Dad says money is the worry; mum says the mornings are hardest."
    )


def test_a_star_reading_is_recorded_and_the_chart_page_is_accessible(page, live_server):
    fc = family_case(children=2, adults=1)
    sign_in(page, live_server, fc.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{fc.case.pk}/outcome-star/")
    assert_accessible(page)
    for n, values in enumerate(([3] * 10, [6] * 10)):
        page.get_by_role("link", name="Record a reading").click()
        if n == 0:
            assert_accessible(page)
            # The family's own scores show only once they are said to see it differently.
            family_first = page.locator(f"input[name='family_score_{star_scales()[0].pk}']")
            assert not family_first.is_visible()
            page.locator("input[name='way'][value='disagree']").check()
            assert family_first.is_visible()
        day = timezone.localdate() - dt.timedelta(days=20 - n * 10)
        page.locator("input[name='taken_on_day']").fill(str(day.day))
        page.locator("input[name='taken_on_month']").fill(str(day.month))
        page.locator("input[name='taken_on_year']").fill(str(day.year))
        page.locator(f"input[name='occasion'][value='{'start' if n == 0 else 'review'}']").check()
        page.locator("input[name='way'][value='joint']").check()
        page.locator(f"input[name='present'][value='{fc.adults[0].pk}']").check()
        for scale, value in zip(star_scales(), values, strict=True):
            page.locator(f"input[name='score_{scale.pk}']").fill(str(value))
        page.get_by_role("button", name="Save the reading").click()
        page.wait_for_url(f"{live_server.url}/cases/{fc.case.pk}/outcome-star/*/")
        assert_accessible(page)
        page.goto(f"{live_server.url}/cases/{fc.case.pk}/outcome-star/")
    assert StarReading.objects.filter(case=fc.case, star_type=default_star()).count() == 2
    chart = page.locator("svg.app-star-chart")
    assert chart.get_attribute("role") == "img"
    assert (
        chart.locator("polygon[data-reading='first']")
        .get_attribute("points")
        .startswith("320,206 ")
    )
    assert (
        chart.locator("polygon[data-reading='latest']")
        .get_attribute("points")
        .startswith("320,152 ")
    )
    assert_accessible(page)

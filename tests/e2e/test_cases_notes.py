"""Browser: the notes, tabs and sharing record of a case.

A practitioner adds a restricted note; every tab of a case is accessible; information
shared outside the system is recorded from the Sharing tab, errors and all.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import CaseNote, NoteVisibility, ShareBasis
from tests.cases.relations import build_relations
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASH = "\N{EN DASH}"  # page titles: the page, an en dash, the case reference


def test_a_practitioner_adds_a_restricted_note(page, live_server):
    world = build_relations()
    lead = world["lead practitioner"]
    taf = world["TAF partner practitioner"]
    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Notes").click()
    assert_title_starts(page, f"Notes {DASH} {world.case.reference}")
    assert_accessible(page)

    page.get_by_role("button", name="Add a note").first.click()
    assert_title_starts(page, f"Add a note {DASH} {world.case.reference}")
    assert_accessible(page)
    page.get_by_label("Visit").check()
    today = timezone.localdate()
    page.locator("#id_contact_date_day").fill(str(today.day))
    page.locator("#id_contact_date_month").fill(str(today.month))
    page.locator("#id_contact_date_year").fill(str(today.year))
    page.get_by_label("Note", exact=True).fill("Mum spoke about a previous partner's threats.")
    page.get_by_label("Is it about something sensitive?").select_option("domestic_abuse")
    # The sensitive category selects "only the people I name" for the author.
    assert page.get_by_label("Only the people I name").is_checked()
    page.get_by_label(taf.full_name).check()
    page.get_by_role("button", name="Save note").click()

    assert_title_starts(page, f"Notes {DASH} {world.case.reference}")
    assert "Note added" in page.content()
    card = page.locator(".govuk-summary-card", has_text="previous partner's threats")
    assert "Restricted" in card.inner_text()
    assert taf.full_name in card.inner_text()
    assert_accessible(page)
    note = CaseNote.objects.get(text__contains="previous partner's threats")
    assert note.visibility == NoteVisibility.RESTRICTED
    assert set(note.readers.values_list("user_id", flat=True)) == {lead.pk, taf.pk}


def test_every_tab_of_a_case_is_accessible(page, live_server):
    world = build_relations()
    manager = world["zone manager"]
    sign_in(page, live_server, manager.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    assert_accessible(page)
    for tab in ("Family", "Chronology", "Notes", "Sharing", "Access"):
        page.locator(".moj-sub-navigation").get_by_role("link", name=tab, exact=True).click()
        assert_title_starts(page, f"{tab} {DASH} {world.case.reference}")
        assert_accessible(page)
    for path in (
        "sharing/team/add/",
        "sharing/consent/add/",
        "sharing/shares/add/",
        f"sharing/shares/{world.share.pk}/end/",
        "sharing/disclosures/add/",
        f"sharing/team/{world.team_member.pk}/end/",
        "access/grant/",
        "screening/",
    ):
        page.goto(f"{live_server.url}/cases/{world.case.pk}/{path}")
        assert_accessible(page)
    for path in ("/my-cases/", "/find-a-family/", "/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    page.goto(f"{live_server.url}/find-a-family/")
    page.get_by_label("Name").fill("Okafor")
    page.get_by_role("button", name="Search").click()
    assert world.case.reference in page.content()
    assert_accessible(page)


def test_information_shared_by_phone_is_recorded_from_the_sharing_tab(page, live_server):
    world = build_relations()
    sign_in(page, live_server, world["zone coordinator"].email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/sharing/")
    page.get_by_role("button", name="Record information shared").click()
    page.wait_for_url(f"{live_server.url}/cases/{world.case.pk}/sharing/disclosures/add/")
    assert_title_starts(page, f"Record information shared {DASH} {world.case.reference}")
    page.get_by_label("What was shared?").fill("The family plan's actions for school")
    page.get_by_role("button", name="Record it").click()
    page.locator(".govuk-error-summary").wait_for()

    assert_title_starts(page, "Error: Record information shared")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    assert page.get_by_label("What was shared?").input_value() == (
        "The family plan's actions for school"
    )
    page.get_by_label("Which agency was it shared with?").select_option(label=world.school.name)
    page.get_by_label("Purpose of sharing").fill("Planning the attendance support")
    page.get_by_label(ShareBasis.CONSENT.label).check()
    page.get_by_label("Reasoning behind the decision to share").fill(
        "The mother agreed the school should know the plan's actions"
    )
    page.get_by_role("button", name="Record it").click()
    page.wait_for_url(f"{live_server.url}/cases/{world.case.pk}/sharing/")

    assert_title_starts(page, f"Sharing {DASH} {world.case.reference}")
    table = page.locator("table", has_text="The family plan's actions for school")
    assert world.school.name in table.inner_text()
    assert_accessible(page)


def test_a_team_member_without_consent_joins_only_on_a_lawful_basis(page, live_server):
    from cases.models import CaseTeamMember, Disclosure
    from partners.roles import AgencyKind, Role
    from tests.partners.factories import AgencyFactory, member

    world = build_relations()
    nursing = AgencyFactory(kind=AgencyKind.SCHOOL_NURSING, name="School Nursing Service")
    nurse = member(Role.PRACTITIONER, agency=nursing)
    sign_in(page, live_server, world["lead practitioner"].email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/sharing/team/add/")
    reason = page.get_by_label("Why is sharing without consent necessary?")
    assert not reason.is_visible()  # revealed only by choosing a lawful basis
    page.get_by_label("Agency", exact=True).select_option(label="School Nursing Service")
    page.get_by_label("Email address of a named person (optional)").fill(nurse.email)
    page.get_by_role("button", name="Add to the team").click()

    assert_title_starts(page, "Error: Add someone to the team")
    assert "consent does not cover School Nursing Service" in page.content()
    assert_accessible(page)
    page.get_by_label("A lawful basis for sharing without consent").check()
    assert reason.is_visible()
    page.get_by_label("Lawful basis", exact=True).select_option(ShareBasis.SAFEGUARDING.value)
    reason.fill("Health checks for a child at risk of harm")
    assert_accessible(page)
    page.get_by_role("button", name="Add to the team").click()

    assert_title_starts(page, f"Sharing {DASH} {world.case.reference}")
    assert CaseTeamMember.objects.filter(case=world.case, user=nurse).exists()
    assert Disclosure.objects.filter(
        case=world.case, shared_with_agency=nursing, basis=ShareBasis.SAFEGUARDING
    ).exists()

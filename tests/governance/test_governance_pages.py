"""Every information governance page against every role, and what the pages show.

The matrix enumerates governance/urls.py: a new page fails here until its expected
access is declared. The officer reaches every page; the record of processing is also
for system administrators; every other role is refused (403) and a signed-out visitor
is sent to sign in. POST-only URLs answer 405 to a GET from those allowed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern
from django.utils import timezone

from governance import rights
from governance import sar as sar_services
from governance import urls as governance_urls
from governance.models import LegalHold, RightsKind
from partners.roles import Role
from tests.governance.factories import officer, person_in_two_families
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

POST_ONLY = {
    "governance-access-request-export",
    "governance-access-request-redactions",
    "governance-access-request-release",
    "governance-restriction-lift",
    "governance-legal-hold-lift",
    "governance-retention-approve",
}
FOR_ADMINS_TOO = {"governance-processing"}
CASE_PAGES = {"case-history"}  # through the case: tests in test_restriction_and_history.py
NOT_YET = {"governance-access-request-file": 404}  # nothing released yet


@pytest.fixture
def world():
    the_officer = officer()
    family = person_in_two_families()
    sar = sar_services.sar_record(
        actor=the_officer,
        person=family.person,
        requester_name="Marisol",
        identity_checked=True,
        received_on=timezone.localdate(),
    )
    made = rights.rights_request_record(
        actor=the_officer,
        kind=RightsKind.RESTRICTION,
        person=family.person,
        requester_name="Marisol",
        grounds="Please stop using my records while I complain.",
        received_on=timezone.localdate(),
    )
    hold = LegalHold.objects.create(person=family.person, reason="Claim", placed_by=the_officer)
    kwargs = {
        "person_id": family.person.pk,
        "pk": sar.pk,
        "case_id": family.first.pk,
        "name": "sar.pdf",
    }
    return {"officer": the_officer, "kwargs": kwargs, "made": made, "hold": hold}


def _url(pattern: URLPattern, world: dict) -> str:
    route = str(pattern.pattern)
    values = dict(world["kwargs"])
    if pattern.name == "governance-rights-request":
        values["pk"] = world["made"].pk
    if pattern.name == "governance-legal-hold-lift":
        values["pk"] = world["hold"].pk
    for key, value in values.items():
        route = route.replace(f"<int:{key}>", str(value)).replace(f"<str:{key}>", str(value))
    return "/" + route


def _patterns() -> list[URLPattern]:
    return [p for p in governance_urls.urlpatterns if p.name not in CASE_PAGES]


@pytest.mark.parametrize("role", [*Role.values, "signed out"])
def test_every_governance_page_is_for_the_officer_only(role, world, signed_in_client):
    if role == Role.INFORMATION_GOVERNANCE:
        client = signed_in_client(world["officer"])
    elif role == "signed out":
        client = Client()
    else:
        client = signed_in_client(member(role))
    wrong = []
    for pattern in _patterns():
        url = _url(pattern, world)
        allowed = role == Role.INFORMATION_GOVERNANCE or (
            role == Role.SYSTEM_ADMIN and pattern.name in FOR_ADMINS_TOO
        )
        if role == "signed out":
            expected = 302
        elif not allowed:
            expected = 403
        elif pattern.name in POST_ONLY:
            expected = 405
        else:
            expected = NOT_YET.get(pattern.name, 200)
        status = client.get(url).status_code
        if status != expected:
            wrong.append((pattern.name, url, status, expected))
        if not allowed and pattern.name in POST_ONLY:
            posted = client.post(url).status_code
            if posted != expected:
                wrong.append((pattern.name, url, "POST", posted, expected))
    assert wrong == []


def test_the_dashboard_lists_open_requests_by_due_date(world, signed_in_client):
    the_officer = world["officer"]
    earlier = sar_services.sar_record(
        actor=the_officer,
        person=world["made"].person,
        requester_name="Earlier",
        identity_checked=True,
        received_on=timezone.localdate() - dt.timedelta(days=20),
    )
    page = signed_in_client(the_officer).get("/governance/").text
    later = world["kwargs"]["pk"]
    assert page.index(f"Request {earlier.pk} about") < page.index(f"Request {later} about")


def test_the_record_of_processing_is_built_from_the_configuration(signed_in_client, settings):
    from governance.processing import Category

    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    page = client.get("/governance/processing/").text
    assert "Who the family are" in page
    assert "6 years after the family" in page and "youngest child is 25" in page
    assert "given names" in page  # read from the model's fields

    settings.RECORD_OF_PROCESSING = [
        Category(
            "notes",
            "Notes only",
            ("cases.CaseNote",),
            ("A purpose set in configuration",),
            ("A basis set in configuration",),
        )
    ]
    page = client.get("/governance/processing/").text
    assert "Notes only" in page and "A purpose set in configuration" in page
    assert "Who the family are" not in page


def test_the_officer_records_a_request_and_a_mistake_keeps_what_was_typed(world, signed_in_client):
    client = signed_in_client(world["officer"])
    url = f"/governance/people/{world['kwargs']['person_id']}/access-request/"
    page = client.post(url, {"requester_name": "Marisol's aunt", "identity_checked": ""})
    assert page.status_code == 200
    assert "Select whether their identity has been checked" in page.text
    assert "govuk-error-summary" in page.text and 'value="Marisol' in page.text


def test_a_system_administrator_finds_the_record_of_processing_in_their_navigation(
    signed_in_client,
):
    """They may read it, so their navigation leads there; the officer's other sections,
    which would refuse them, are not offered on it."""
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    home = client.get("/").text
    assert 'href="/governance/processing/"' in home
    page = client.get("/governance/processing/").text
    assert 'href="/governance/retention/"' not in page
    assert 'href="/governance/people/"' not in page
    assert 'aria-current="page">Record of processing' in page


def test_the_officer_reaches_every_section_from_the_record_of_processing(signed_in_client):
    client = signed_in_client(officer())
    page = client.get("/governance/processing/").text
    for href in ("/governance/", "/governance/people/", "/governance/retention/"):
        assert f'href="{href}"' in page
    home = client.get("/").text
    assert home.count('href="/governance/processing/"') == 0  # through its own section


# Configuration and figures that field history also tracks: about the partnership, not
# about any person, so not categories of personal data.
NOT_PERSONAL = {
    "cases.DriftThresholds",
    "cases.WorkingDayTargets",
    "reporting.AuditFramework",
    "reporting.AuditQuestion",
    "reporting.ChildPopulation",
    "reporting.ClaimRules",
    "reporting.ClaimRule",
    "reporting.FamiliesEstimate",
    "reporting.LeadPractitionerTraining",
    "reporting.PartnershipPledge",
    "reporting.PartnershipStrand",
    "reporting.SocialCareFigures",
}


def test_the_record_of_processing_names_every_model_that_holds_personal_data():
    """Every model with field history (the personal data the service keeps), and the
    case documents and the family's own contributions, sit in a category."""
    from django.apps import apps

    from governance.processing import DEFAULT_CATEGORIES

    tracked = {
        m._meta.get_field("pgh_obj").related_model._meta.label
        for m in apps.get_models()
        if hasattr(m, "pgh_obj")
    }
    listed = {label for category in DEFAULT_CATEGORIES for label in category.models}
    personal = (tracked - NOT_PERSONAL) | {
        "documents.Document",
        "family_view.FamilyAccess",
        "family_view.FamilyContribution",
    }
    assert personal - listed == set()

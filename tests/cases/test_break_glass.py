"""Break-glass: the service's staff open a case with no relationship only by saying why;
it lasts BREAK_GLASS_HOURS, is audited, and the lead agency's manager reviews it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from cases.break_glass import break_glass_open, break_glass_review, review_queue
from cases.models import AuditEntry, BreakGlassAccess
from cases.models.audit import AuditAction
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory
from tests.cases.relations import fresh
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db

REASON = "Out of hours: the children were brought to the emergency duty team"


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Family Support")
    out_of_hours = AgencyFactory(
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Emergency Duty Team", runs_service=True
    )
    case = CaseFactory(
        family=FamilyFactory(family_hub=hub), state=State.PLAN_AND_REVIEW, lead_agency=council
    )
    return {
        "case": case,
        "duty worker": member(Role.PRACTITIONER, agency=out_of_hours),
        "lead manager": member(Role.MANAGER, agency=council),
        "school": member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.SCHOOL)),
    }


def _opens(client, case) -> int:  # type: ignore[no-untyped-def]
    return client.get(f"/cases/{case.pk}/").status_code


def test_the_404_offers_the_service_staff_the_opening_with_a_reason(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case = setting["case"]
    client = signed_in_client(setting["duty worker"])
    refused = client.get(f"/cases/{case.pk}/")
    assert refused.status_code == 404
    assert f'href="/cases/{case.pk}/open-with-reason/"'.encode() in refused.content
    # The same offer for a case number that does not exist: it reveals nothing.
    missing = client.get("/cases/987654/")
    assert (
        missing.status_code == 404 and b'href="/cases/987654/open-with-reason/"' in missing.content
    )


def test_others_are_offered_nothing_and_refused_the_page(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case = setting["case"]
    client = signed_in_client(setting["school"])
    assert b"open-with-reason" not in client.get(f"/cases/{case.pk}/").content
    assert client.get(f"/cases/{case.pk}/open-with-reason/").status_code == 403
    response = client.post(f"/cases/{case.pk}/open-with-reason/", {"reason": REASON})
    assert response.status_code == 403
    assert not BreakGlassAccess.objects.exists()


def test_opening_needs_a_reason_kept_beside_the_field(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case = setting["case"]
    client = signed_in_client(setting["duty worker"])
    response = client.post(f"/cases/{case.pk}/open-with-reason/", {"reason": ""})
    assert response.status_code == 200
    assert b"Enter why you need to open this case" in response.content
    assert not BreakGlassAccess.objects.exists()


def test_stating_a_reason_opens_the_case_for_24_hours_and_is_audited(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case = setting["case"]
    client = signed_in_client(setting["duty worker"])
    response = client.post(f"/cases/{case.pk}/open-with-reason/", {"reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert _opens(client, case) == 200
    opening = BreakGlassAccess.objects.get()
    assert opening.expires_at - opening.opened_at == dt.timedelta(hours=24)
    entry = AuditEntry.objects.get(action=AuditAction.BREAK_GLASS)
    assert entry.case_id == case.pk and entry.reason == REASON
    # Read only: the opening gives no note, no work, no team.
    assert client.get(f"/cases/{case.pk}/notes/add/").status_code == 403


def test_the_opening_ends_after_24_hours(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case = setting["case"]
    worker = setting["duty worker"]
    break_glass_open(actor=worker, case_id=case.pk, reason=REASON)
    client = signed_in_client(fresh(worker))
    assert _opens(client, case) == 200
    BreakGlassAccess.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _opens(client, case) == 404


@override_settings(BREAK_GLASS_HOURS=2)
def test_the_period_is_a_setting(setting):  # type: ignore[no-untyped-def]
    break_glass_open(actor=setting["duty worker"], case_id=setting["case"].pk, reason=REASON)
    opening = BreakGlassAccess.objects.get()
    assert opening.expires_at - opening.opened_at == dt.timedelta(hours=2)


def test_the_lead_agencys_manager_reviews_it_from_their_home_page(setting, signed_in_client):  # type: ignore[no-untyped-def]
    case, manager = setting["case"], setting["lead manager"]
    break_glass_open(actor=setting["duty worker"], case_id=case.pk, reason=REASON)
    client = signed_in_client(manager)
    home = client.get("/").content.decode()
    assert 'href="/openings-to-review/"' in home and "1 to review" in home
    queue = client.get("/openings-to-review/")
    assert REASON in queue.content.decode()
    opening = BreakGlassAccess.objects.get()
    page = f"/openings-to-review/{opening.pk}/"
    refused = client.post(page, {"appropriate": "no", "comments": ""})
    assert b"Say why it was not appropriate" in refused.content
    done = client.post(page, {"appropriate": "no", "comments": "The duty team had the file"})
    assert done.status_code == 302
    opening.refresh_from_db()
    assert opening.appropriate is False and opening.reviewed_by == manager
    review = AuditEntry.objects.get(action=AuditAction.BREAK_GLASS_REVIEW)
    assert review.reason == "not appropriate" and review.case_id == case.pk
    assert not review_queue(user=fresh(manager)).exists()
    assert "Nothing to review" in client.get("/").content.decode()


def test_another_agencys_manager_cannot_review_it(setting):  # type: ignore[no-untyped-def]
    case = setting["case"]
    break_glass_open(actor=setting["duty worker"], case_id=case.pk, reason=REASON)
    other = member(Role.MANAGER, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP))
    from django.http import Http404

    with pytest.raises(Http404):
        break_glass_review(
            actor=other, opening_id=BreakGlassAccess.objects.get().pk, appropriate=True
        )


def test_a_practitioner_of_a_partner_agency_cannot_break_the_glass(setting):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        break_glass_open(actor=setting["school"], case_id=setting["case"].pk, reason=REASON)

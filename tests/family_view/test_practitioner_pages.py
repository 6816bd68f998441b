"""The practitioner's Family online tab: who may open it, invite and withdraw, and the
invitation form's errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from family_plans.models import TafMeeting
from family_view.models import FamilyAccess, FamilyContribution
from tests.family_view.factories import family_client, family_with_plan, invited

pytestmark = pytest.mark.django_db


def test_the_tab_opens_for_those_who_see_the_case_and_is_404_to_others(signed_in_client):
    fwp = family_with_plan()
    access = invited(fwp)
    case = fwp.case.pk
    pages = [
        f"/cases/{case}/family-online/",
        f"/cases/{case}/family-online/invite/",
        f"/cases/{case}/family-online/{access.pk}/withdraw/",
    ]
    lead = signed_in_client(fwp.fc.worker)
    viewer = signed_in_client(fwp.fc.partner)  # the school's viewer: sees the case, reads only
    outsider = signed_in_client(fwp.fc.outsider)

    assert [lead.get(p).status_code for p in pages] == [200, 200, 200]
    assert [viewer.get(p).status_code for p in pages] == [200, 403, 403]
    assert [outsider.get(p).status_code for p in pages] == [404, 404, 404]
    assert Client().get(pages[0]).status_code == 302
    assert viewer.post(pages[2], {"reason": "x"}).status_code == 403
    assert outsider.post(f"/cases/{case}/family-online/views/1/minutes/").status_code == 404


def test_an_access_of_another_case_is_404_under_this_one(signed_in_client):
    mine = family_with_plan()
    theirs = family_with_plan()
    other = invited(theirs)
    lead = signed_in_client(mine.fc.worker)

    response = lead.get(f"/cases/{mine.case.pk}/family-online/{other.pk}/withdraw/")

    assert response.status_code == 404


def test_the_invitation_form_keeps_what_was_typed_and_says_what_is_wrong(signed_in_client):
    fwp = family_with_plan()
    lead = signed_in_client(fwp.fc.worker)

    response = lead.post(
        f"/cases/{fwp.case.pk}/family-online/invite/",
        {"person": fwp.teenager.pk, "email": "teen@example.net", "code_channel": "email"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "A young person can be invited only if they have agreed to it" in body
    assert 'value="teen@example.net"' in body
    assert not FamilyAccess.objects.exists()


def test_withdrawing_needs_a_reason_and_then_ends_the_access(signed_in_client):
    fwp = family_with_plan()
    access = invited(fwp)
    lead = signed_in_client(fwp.fc.worker)
    url = f"/cases/{fwp.case.pk}/family-online/{access.pk}/withdraw/"

    assert b"Enter why their access is ending" in lead.post(url, {"reason": ""}).content
    assert lead.post(url, {"reason": "She asked us to"}).status_code == 302

    access.refresh_from_db()
    assert access.withdrawn_at is not None and access.withdrawn_by_id == fwp.fc.worker.pk


def test_the_familys_view_brought_in_is_already_in_the_form_that_records_the_meeting(
    signed_in_client,
):
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    client.post("/family/your-views/", {"text": "We would like the meeting after school."})
    lead = signed_in_client(fwp.fc.worker)
    contribution = FamilyContribution.objects.get()
    lead.post(f"/cases/{fwp.case.pk}/family-online/views/{contribution.pk}/minutes/")
    TafMeeting.objects.filter(pk=fwp.meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )

    page = lead.get(f"/cases/{fwp.case.pk}/meetings/taf/{fwp.meeting.pk}/record/")

    assert page.status_code == 200
    assert "We would like the meeting after school." in page.content.decode()

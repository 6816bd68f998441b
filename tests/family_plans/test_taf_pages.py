"""A Team Around the Family meeting through the pages in one flow: arranged and invited,
moved, held and minuted, and the plan changes agreed at it applied as a new version;
cancelling; the calendar download; family network meetings."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cases.models import ChronologyEntry
from earlyhelp.models import OutboxMessage
from family_plans import services
from family_plans.models import (
    ActionStatus,
    FamilyNetworkMeeting,
    MeetingStatus,
    OfferResponse,
    TafMeeting,
)
from tests.family_plans.factories import agreed_plan, days, meeting_details, planned_case

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def uk(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def run_outbox() -> None:
    """What the worker does with the invitation messages the outbox holds."""
    for message in OutboxMessage.objects.filter(task=services.INVITATIONS_TASK):
        services.taf_meeting_invitations_deliver(meeting_id=message.args[0])


def meeting_form(pc, day: dt.date, start: str, end: str = "11:30", **extra) -> dict:
    data = {
        "date": uk(day),
        "start_time": start,
        "end_time": end,
        "location": "Northborough Family Hub, Room 2",
        "online_link": "",
        "team": [f"worker:{pc.worker.pk}", f"worker:{pc.school_worker.pk}"],
        "family": [f"family:{pc.adults[0].pk}"],
        "others-TOTAL_FORMS": "0",
        "others-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_a_taf_meeting_is_arranged_invited_held_minuted_and_its_plan_changes_applied(
    signed_in_client,
):
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    first, second = plan.actions.order_by("number")
    case = pc.case
    worker = signed_in_client(pc.worker)

    # Arrange: the team and the family's adults are ticked to start with.
    form = worker.get(f"/cases/{case.pk}/meetings/taf/new/")
    assert form.status_code == 200
    page = text(form)
    assert 'data-module="moj-date-picker"' in page
    assert re.search(rf'value="worker:{pc.school_worker.pk}"[^>]*checked', page)
    # "Add someone else" posts the page back with a row, keeping what was typed.
    day = timezone.localdate() + dt.timedelta(days=7)
    more = worker.post(
        f"/cases/{case.pk}/meetings/taf/new/", {**meeting_form(pc, day, "10am"), "add": "others"}
    )
    assert 'name="others-0-name"' in text(more) and 'value="10am"' in text(more)
    arranged = worker.post(
        f"/cases/{case.pk}/meetings/taf/new/",
        {
            **meeting_form(pc, day, "10am"),
            "others-TOTAL_FORMS": "1",
            "others-0-name": "Sam Patel",
            "others-0-organisation": "Housing",
            "others-0-email": "sam@housing.example",
        },
    )
    assert arranged.status_code == 302, text(arranged)
    meeting = TafMeeting.objects.get(case=case)
    assert arranged["Location"] == f"/cases/{case.pk}/meetings/taf/{meeting.pk}/"
    assert timezone.localtime(meeting.starts_at).hour == 10
    run_outbox()
    assert len(mail.outbox) == 3
    assert {str(Calendar.from_ical(m.attachments[0][1])["METHOD"]) for m in mail.outbox} == {
        "REQUEST"
    }

    # Move it to the afternoon: the same event, SEQUENCE 1, to everyone.
    mail.outbox.clear()
    changed = worker.post(
        f"/cases/{case.pk}/meetings/taf/{meeting.pk}/change/",
        {
            **meeting_form(pc, day, "2pm", "3pm", version=str(meeting.version)),
            "others-TOTAL_FORMS": "1",
            "others-0-name": "Sam Patel",
            "others-0-organisation": "Housing",
            "others-0-email": "sam@housing.example",
        },
    )
    assert changed.status_code == 302, text(changed)
    run_outbox()
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        [event] = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
        assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == meeting.uid

    # The meeting happens (it is moved into the past here: the clock cannot wait).
    TafMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    detail = text(worker.get(f"/cases/{case.pk}/meetings/taf/{meeting.pk}/"))
    assert "Record the meeting" in detail
    record_page = worker.get(f"/cases/{case.pk}/meetings/taf/{meeting.pk}/record/")
    invitees = list(meeting.invitees.order_by("id"))
    data = {f"i{i.pk}": "attended" for i in invitees}
    data[f"i{invitees[-1].pk}"] = "apologies"
    data.update(
        {
            "version": str(meeting.version),
            "family_views": "Mum says mornings are better.",
            "child_views": "Ada likes breakfast club.",
            "minutes": "We went through the plan together.",
            "decisions": "Keep going; the school takes over the walk to school.",
            "progress_made": "yes",
            "progress_note": "On time four days out of five.",
            f"a{first.pk}_status": "in_progress",
            f"a{second.pk}_status": "done",
            "next_review_on": "",
        }
    )
    assert "Who came" in text(record_page)
    missing = worker.post(
        f"/cases/{case.pk}/meetings/taf/{meeting.pk}/record/", {**data, "minutes": ""}
    )
    assert "Enter the minutes of the meeting" in text(missing)
    assert "We went through" not in text(missing) and "Mum says mornings" in text(missing)
    recorded = worker.post(f"/cases/{case.pk}/meetings/taf/{meeting.pk}/record/", data)
    assert recorded.status_code == 302, text(recorded)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    second.refresh_from_db()
    assert second.status == ActionStatus.DONE

    # The plan changes agreed at it.
    changes_url = f"/cases/{case.pk}/meetings/taf/{meeting.pk}/plan-changes/"
    plan.refresh_from_db()
    outcome = plan.outcomes.get()
    changes = {
        "plan_version": str(plan.version),
        f"c{first.pk}_due_on": uk(days(35)),
        f"c{first.pk}_owner": f"agency:{pc.school.pk}",
        f"c{first.pk}_status": "in_progress",
        "new-TOTAL_FORMS": "1",
        "new-INITIAL_FORMS": "0",
        "new-0-outcome": str(outcome.pk),
        "new-0-what": "Join the homework club",
        "new-0-owner": f"family:{pc.adults[0].pk}",
        "new-0-start_on": uk(days(0)),
        "new-0-due_on": uk(days(21)),
        "summary": "The school walks Ada to school; homework club added.",
    }
    assert worker.get(changes_url).status_code == 200
    applied = worker.post(changes_url, changes)
    assert applied.status_code == 302, text(applied)
    plan.refresh_from_db()
    assert plan.agreed_version == 2
    version = plan.versions.get(number=2)
    assert version.meeting == meeting
    detail = text(worker.get(f"/cases/{case.pk}/meetings/taf/{meeting.pk}/"))
    assert "Version 2 of the plan" in detail
    assert "On time four days out of five." not in detail  # on the review page, linked
    assert "Progress made" in detail
    titles = set(ChronologyEntry.objects.filter(case=case).values_list("title", flat=True))
    assert "Family plan changed at the Team Around the Family meeting (version 2)" in titles
    assert any(t.startswith("TAF meeting held") for t in titles)
    tab = text(worker.get(f"/cases/{case.pk}/plan/"))
    assert "Join the homework club" in tab


def test_cancelling_through_the_page_sends_cancellations(signed_in_client):
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    run_outbox()
    mail.outbox.clear()
    worker = signed_in_client(pc.worker)
    url = f"/cases/{pc.case.pk}/meetings/taf/{meeting.pk}/cancel/"
    refused = worker.post(url, {"version": meeting.version, "reason": ""})
    assert "Enter why the meeting is cancelled" in text(refused)
    done = worker.post(url, {"version": meeting.version, "reason": "Mum is unwell"})
    assert done.status_code == 302
    run_outbox()
    assert {str(Calendar.from_ical(m.attachments[0][1])["METHOD"]) for m in mail.outbox} == {
        "CANCEL"
    }


def test_the_calendar_file_downloads_from_the_meeting_page(signed_in_client):
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    response = signed_in_client(pc.school_worker).get(
        f"/cases/{pc.case.pk}/meetings/taf/{meeting.pk}/calendar.ics"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["UID"]) == meeting.uid


def test_a_family_network_meeting_is_offered_accepted_and_held_with_the_network(
    signed_in_client,
):
    pc = planned_case()
    worker = signed_in_client(pc.worker)
    url = f"/cases/{pc.case.pk}/meetings/network/new/"
    offered_on = timezone.localdate() - dt.timedelta(days=20)
    base = {
        "offered_on": uk(offered_on),
        "response": "accepted",
        "response_on": uk(offered_on + dt.timedelta(days=2)),
        "network-TOTAL_FORMS": "2",
        "network-INITIAL_FORMS": "0",
        "network-0-name": "Maureen Okafor",
        "network-0-relationship": "relative",
        "network-0-relationship_detail": "maternal grandmother",
        "network-0-attended": "yes",
        "network-1-name": "Pastor Ade",
        "network-1-relationship": "connected",
        "network-1-attended": "no",
    }
    refused = worker.post(url, {**base, "facilitated_on": uk(offered_on + dt.timedelta(days=10))})
    assert "Enter the name of the independent facilitator" in text(refused)
    saved = worker.post(
        url,
        {
            **base,
            "facilitator_name": "Chris Lowe",
            "facilitator_organisation": "Family Group Conference Service",
            "facilitated_on": uk(offered_on + dt.timedelta(days=10)),
            "private_family_time": "yes",
            "family_plan": "Grandma does the school run on Mondays and Tuesdays.",
            "outcome": "A family plan everyone signed.",
        },
    )
    assert saved.status_code == 302, text(saved)
    meeting = FamilyNetworkMeeting.objects.get(case=pc.case)
    assert (meeting.offered_on, meeting.facilitated_on) == (
        offered_on,
        offered_on + dt.timedelta(days=10),
    )
    assert meeting.response == OfferResponse.ACCEPTED
    assert [p.name for p in meeting.network.all()] == ["Maureen Okafor", "Pastor Ade"]
    detail = text(worker.get(saved["Location"]))
    assert "Grandma does the school run" in detail and "maternal grandmother" in detail
    titles = set(ChronologyEntry.objects.filter(case=pc.case).values_list("title", flat=True))
    assert {
        "Family network meeting offered",
        "Family network meeting accepted by the family",
        "Family network meeting held",
    } <= titles
    tab = text(worker.get(f"/cases/{pc.case.pk}/meetings/"))
    assert "Maureen Okafor" in tab


def test_a_declined_offer_needs_a_reason(signed_in_client):
    pc = planned_case()
    worker = signed_in_client(pc.worker)
    response = worker.post(
        f"/cases/{pc.case.pk}/meetings/network/new/",
        {
            "offered_on": uk(timezone.localdate()),
            "response": "declined",
            "response_on": uk(timezone.localdate()),
            "network-TOTAL_FORMS": "0",
            "network-INITIAL_FORMS": "0",
        },
    )
    assert "Enter why the family declined" in text(response)
    assert FamilyNetworkMeeting.objects.count() == 0

"""A person's diary: the Team Around the Family meetings they organise or are invited to
over the next weeks, as a page and as one calendar file to import.

Only scheduled meetings of cases the person may see are listed; a meeting they were
taken off the invitation list for is not theirs any more. The calendar file is
METHOD:PUBLISH (a copy to import, not an invitation to answer), with each meeting's own
UID and SEQUENCE, so importing it again updates the same events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from cases.access import visible_cases
from family_plans import ics
from family_plans.models import MeetingInvitee, MeetingStatus, TafMeeting

DIARY_WEEKS = 6
PUBLISH = "PUBLISH"


def diary_meetings(*, user: Any, weeks: int = DIARY_WEEKS) -> QuerySet[TafMeeting]:
    """The person's scheduled meetings from today for `weeks` weeks, soonest first."""
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    invited = MeetingInvitee.objects.filter(
        meeting=OuterRef("pk"), user_id=user.pk, removed_at__isnull=True
    )
    return (
        TafMeeting.objects.filter(
            Q(organiser_id=user.pk) | Q(Exists(invited)),
            case__in=visible_cases(user),
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(weeks=weeks),
        )
        .select_related("case", "case__family", "organiser")
        .order_by("starts_at", "pk")
    )


def diary_calendar(meetings: list[TafMeeting]) -> bytes:
    """One .ics file holding every meeting of the diary (no attendees named)."""
    zone = ics._zone()
    calendar = Calendar()
    calendar.add("prodid", ics.PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", PUBLISH)
    calendar.add("x-wr-calname", f"{settings.SERVICE_NAME}: my meetings")
    calendar.add_component(ics._vtimezone(zone, timezone.now()))
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting.uid)
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", timezone.now().astimezone(dt.UTC))
        event.add("dtstart", timezone.localtime(meeting.starts_at, zone))
        event.add("dtend", timezone.localtime(meeting.ends_at, zone))
        event.add("summary", f"Team Around the Family meeting ({meeting.case.reference})")
        where = ", ".join(p for p in (meeting.location, meeting.online_link) if p)
        if where:
            event.add("location", where)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())

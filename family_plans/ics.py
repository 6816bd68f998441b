"""Calendar files (.ics, iCalendar / iTIP) for Team Around the Family meetings.

An invitation is METHOD:REQUEST; a change is the same event (the same UID) with a
higher SEQUENCE, so calendar programs move the event rather than add a second one; a
cancellation is METHOD:CANCEL with STATUS:CANCELLED. Times are written in the
service's time zone (Europe/London) with its VTIMEZONE, so a 10am meeting shows at
10am on either side of a clock change.

Each recipient's copy names only them as an attendee: the family's and other agencies'
email addresses are not shared through the calendar file.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PRODUCT_ID = "-//Early Help case management//Team Around the Family meetings//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str


@dataclass(frozen=True)
class MeetingEvent:
    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str = ""
    online_link: str = ""
    description: str = ""
    organiser_name: str = ""


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _vtimezone(zone: zoneinfo.ZoneInfo, around: dt.datetime) -> Timezone:
    """The zone's rules for the years around the meeting (a small VTIMEZONE)."""
    first = dt.date(around.year - 1, 1, 1)
    last = dt.date(around.year + 2, 1, 1)
    return Timezone.from_tzinfo(zone, tzid=settings.TIME_ZONE, first_date=first, last_date=last)


def meeting_calendar(
    event: MeetingEvent, *, method: str = REQUEST, attendees: list[Attendee] | None = None
) -> bytes:
    """The .ics file for one meeting: an invitation or update (REQUEST), or a CANCEL."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown iTIP method {method}")
    zone = _zone()
    starts = timezone.localtime(event.starts_at, zone)
    ends = timezone.localtime(event.ends_at, zone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add_component(_vtimezone(zone, starts))

    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC))
    vevent.add("dtstart", starts)
    vevent.add("dtend", ends)
    vevent.add("summary", event.summary)
    where = ", ".join(p for p in (event.location, event.online_link) if p)
    if where:
        vevent.add("location", where)
    if event.online_link:
        vevent.add("url", event.online_link)
    if event.description:
        vevent.add("description", event.description)
    vevent.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organiser.params["CN"] = vText(event.organiser_name or settings.SERVICE_NAME)
    vevent.add("organizer", organiser, encode=False)
    for attendee in attendees or []:
        if not attendee.email:
            continue
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["CN"] = vText(attendee.name)
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("FALSE")
        vevent.add("attendee", address, encode=False)
    calendar.add_component(vevent)
    return bytes(calendar.to_ical())


def content_type(method: str) -> str:
    return f'text/calendar; charset="utf-8"; method={method}'

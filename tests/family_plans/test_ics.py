"""Calendar invitations parse with the icalendar package and carry the right local times
on either side of the clock change at the end of October."""

import datetime as dt
import zoneinfo

import pytest
from icalendar import Calendar

from family_plans import ics

LONDON = zoneinfo.ZoneInfo("Europe/London")


def last_sunday_of_october(year: int) -> dt.date:
    day = dt.date(year, 10, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def event(day: dt.date, *, sequence: int = 0) -> ics.MeetingEvent:
    starts = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    return ics.MeetingEvent(
        uid="taf-1234@earlyhelp.example.gov.uk",
        sequence=sequence,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1, minutes=30),
        summary="Team Around the Family meeting (EH000041)",
        location="Northborough Family Hub",
        online_link="https://meet.example.com/taf-41",
        organiser_name="Jo Practitioner (Early Help)",
    )


def parse(data: bytes) -> tuple[Calendar, object]:
    calendar = Calendar.from_ical(data)
    [vevent] = calendar.walk("VEVENT")
    return calendar, vevent


@pytest.mark.parametrize("year", [2026, 2027])
def test_a_10am_meeting_is_at_10am_london_time_before_and_after_the_clocks_go_back(year):
    change = last_sunday_of_october(year)
    before = change - dt.timedelta(days=5)  # British Summer Time: 09:00 UTC
    after = change + dt.timedelta(days=2)  # Greenwich Mean Time: 10:00 UTC

    for day, utc_hour in ((before, 9), (after, 10)):
        calendar, vevent = parse(ics.meeting_calendar(event(day)))
        starts = vevent.decoded("dtstart")
        assert (starts.date(), starts.hour, starts.minute) == (day, 10, 0)
        assert starts.astimezone(dt.UTC).hour == utc_hour
        assert vevent["DTSTART"].params["TZID"] == "Europe/London"
        # The calendar's own VTIMEZONE says the same, for programs that rely on it.
        [vtimezone] = calendar.walk("VTIMEZONE")
        zone = vtimezone.to_tz()
        naive = vevent["DTSTART"].dt.replace(tzinfo=None)
        assert naive.replace(tzinfo=zone).astimezone(dt.UTC).hour == utc_hour
        ends = vevent.decoded("dtend")
        assert (ends.hour, ends.minute) == (11, 30)


def test_an_invitation_is_a_request_with_a_stable_uid_and_its_update_a_higher_sequence():
    day = dt.date(2026, 6, 17)
    first = parse(ics.meeting_calendar(event(day), attendees=[ics.Attendee("Ann Lee", "a@x.org")]))
    second = parse(ics.meeting_calendar(event(day, sequence=1)))

    assert str(first[0]["METHOD"]) == "REQUEST"
    assert str(first[1]["UID"]) == str(second[1]["UID"]) == "taf-1234@earlyhelp.example.gov.uk"
    assert int(first[1]["SEQUENCE"]) == 0
    assert int(second[1]["SEQUENCE"]) == 1
    assert str(first[1]["STATUS"]) == "CONFIRMED"
    attendee = first[1]["ATTENDEE"]
    assert str(attendee) == "mailto:a@x.org"
    assert attendee.params["CN"] == "Ann Lee"
    assert "https://meet.example.com/taf-41" in str(first[1]["LOCATION"])


def test_a_cancellation_is_method_cancel_with_the_same_uid():
    calendar, vevent = parse(
        ics.meeting_calendar(event(dt.date(2026, 6, 17), sequence=2), method=ics.CANCEL)
    )
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == "taf-1234@earlyhelp.example.gov.uk"
    assert int(vevent["SEQUENCE"]) == 2


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        ics.meeting_calendar(event(dt.date(2026, 6, 17)), method="PUBLISH")

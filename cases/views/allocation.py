"""The weekly allocation meeting: the meetings, planning one, its agenda, who attended,
the decision about each case, and the printable record.

Meetings are named by id and answer 404 to anyone who does not cover their zone or
family hub; the agenda shows only cases the person may see.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import services
from cases.audit_reads import audit_cases_shown
from cases.enquiry_consent import consent_covers_allocation
from cases.forms.allocation import AttendanceForm, AttendeeFormSet, DecisionForm, MeetingForm
from cases.forms.leads import LeadOptions, key_of
from cases.forms.lists import MeetingFilterForm
from cases.models import AllocationItem, AllocationMeeting, CaseType, Decision, NeedLevel
from cases.selectors import allocation as meetings
from cases.selectors.allocation import MEETING_ROLES
from cases.selectors.caseloads import (
    agencies_serving,
    caseload_agencies,
    caseload_of,
    caseloads,
    lead_choices,
)
from cases.selectors.journey import earlier_case_if_visible
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted

meeting_pages = access_policy(Policy.OVERSIGHT, roles=MEETING_ROLES)
BLANK_ATTENDEE_ROWS = 3


@meeting_pages
def meeting_list(request: HttpRequest) -> HttpResponse:
    filters = MeetingFilterForm(request.GET)
    when = filters.value("when", "all")
    page = page_of(request, meetings.meeting_list(user=request.user, when=when))
    return render(request, "cases/allocation/meetings.html", {"filters": filters, "page": page})


@meeting_pages
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    zones, hubs = meetings.meeting_places(user=user)
    form = MeetingForm(posted(request), zones=zones, hubs=hubs)
    if request.method == "POST" and form.is_valid():
        zone, hub = form.chosen_place()
        try:
            meeting = services.allocation_meeting_create(
                actor=user,
                zone=zone,
                family_hub=hub,
                held_on=form.cleaned_data["held_on"],
                starts_at=form.cleaned_data.get("starts_at"),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Allocation meeting planned: its agenda is below")
            return redirect("allocation-meeting", meeting_id=meeting.pk)
    return render(request, "cases/allocation/meeting_new.html", {"form": form})


def _agenda_context(request: HttpRequest, meeting: AllocationMeeting) -> dict[str, object]:
    rows = meetings.agenda(user=request.user, meeting=meeting)
    audit_cases_shown(
        actor=request.user,
        case_ids=[row.case.pk for row in rows],
        what="Allocation meeting agenda",
        detail={"meeting": meeting.pk},
    )
    return {
        "meeting": meeting,
        "rows": rows,
        "attendees": list(meeting.attendees.select_related("agency")),
        "agencies": list(meeting.agencies.order_by("name")),
    }


@meeting_pages
def meeting_agenda(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meetings.meeting_for(user=request.user, meeting_id=meeting_id)
    return render(request, "cases/allocation/agenda.html", _agenda_context(request, meeting))


@meeting_pages
@require_POST
def meeting_refresh(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meetings.meeting_for(user=request.user, meeting_id=meeting_id)
    added = services.allocation_meeting_refresh(actor=acting_user(request), meeting=meeting)
    messages.success(
        request,
        f"{added} case{'s' if added != 1 else ''} added to the agenda"
        if added
        else "No other cases are waiting",
    )
    return redirect("allocation-meeting", meeting_id=meeting.pk)


@meeting_pages
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = acting_user(request)
    meeting = meetings.meeting_for(user=user, meeting_id=meeting_id)
    agencies = caseload_agencies(user=user)
    attendee_kwargs = {"form_kwargs": {"agencies": agencies}, "prefix": "people"}
    if request.method == "POST":
        form = AttendanceForm(request.POST, agencies=agencies)
        people = AttendeeFormSet(request.POST, **attendee_kwargs)  # type: ignore[arg-type]
        if request.POST.get("action") == "more":
            data = request.POST.copy()
            data["people-TOTAL_FORMS"] = str(people.total_form_count() + BLANK_ATTENDEE_ROWS)
            people = AttendeeFormSet(data, **attendee_kwargs)  # type: ignore[arg-type]
            form = AttendanceForm(data, agencies=agencies)
            return render(
                request,
                "cases/allocation/attendance.html",
                {"meeting": meeting, "form": form, "people": people, "quiet": True},
            )
        if form.is_valid() and people.is_valid():
            try:
                services.allocation_meeting_attendance(
                    actor=user,
                    meeting=meeting,
                    agencies=list(form.cleaned_data["agencies"]),
                    people=[d for f in people.forms if (d := f.details()) is not None],
                    notes=form.cleaned_data.get("notes") or "",
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "Attendance recorded")
                return redirect("allocation-meeting", meeting_id=meeting.pk)
    else:
        present = [
            {"name": a.name, "role": a.role, "agency": a.agency_id}
            for a in meeting.attendees.order_by("id")
        ]
        form = AttendanceForm(
            initial={"agencies": list(meeting.agencies.all()), "notes": meeting.notes},
            agencies=agencies,
        )
        people = AttendeeFormSet(
            initial=present + [{}] * BLANK_ATTENDEE_ROWS,
            **attendee_kwargs,  # type: ignore[arg-type]
        )
    return render(
        request,
        "cases/allocation/attendance.html",
        {"meeting": meeting, "form": form, "people": people},
    )


def _decision_form(
    request: HttpRequest, meeting: AllocationMeeting, row: meetings.AgendaRow, data: object
) -> DecisionForm:
    zone_id = meeting.zone_id or (meeting.family_hub.zone_id if meeting.family_hub else None)
    members = lead_choices(
        agencies=agencies_serving(zone_id=zone_id).values_list("pk", flat=True),
        excluding=request.user,
    )
    options = LeadOptions(members, caseloads(m.user_id for m in members))
    item = row.item
    initial = {
        "version": item.version,
        "case_version": row.case.version,
        "decision": item.decision if item.decision != Decision.PENDING else None,
        "lead": key_of(item.lead_practitioner, item.lead_agency),
        "family_preference": item.family_preference,
        "need_level": item.need_level_id,
        "case_type": item.case_type_id
        or CaseType.objects.filter(is_default=True).values_list("pk", flat=True).first(),
        "reason": item.reason,
    }
    return DecisionForm(
        data,  # type: ignore[arg-type]
        initial=initial,
        leads=options,
        levels=NeedLevel.objects.filter(is_active=True),
        case_types=CaseType.objects.filter(is_active=True),
    )


@meeting_pages
def meeting_decision(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    user = acting_user(request)
    meeting = meetings.meeting_for(user=user, meeting_id=meeting_id)
    row = meetings.agenda_item(user=user, meeting=meeting, item_id=item_id)
    form = _decision_form(request, meeting, row, posted(request))
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            item = services.allocation_decide(actor=user, item=row.item, **form.decision_kwargs())
        except ConcurrentChangeError as exc:
            # Show what the other person decided, keep what this person typed.
            conflict = True
            row = meetings.agenda_item(user=user, meeting=meeting, item_id=item_id)
            fresh = request.POST.copy()
            fresh["version"] = str(row.item.version)
            fresh["case_version"] = str(row.case.version)
            form = _decision_form(request, meeting, row, fresh)
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            _decided_message(request, item)
            following = meetings.agenda_neighbours(meeting=meeting, item=item).next_id
            if following and request.POST.get("then") == "next":
                return redirect("allocation-decision", meeting_id=meeting.pk, item_id=following)
            return redirect(
                reverse("allocation-meeting", kwargs={"meeting_id": meeting.pk})
                + f"#item-{item.pk}"
            )
    earlier = earlier_case_if_visible(user=user, case=row.case)
    audit_cases_shown(
        actor=user,
        case_ids=[row.case.pk, getattr(earlier, "pk", None)],
        what="Allocation decision",
        detail={"meeting": meeting.pk, "item": row.item.pk},
    )
    return render(
        request,
        "cases/allocation/decision.html",
        {
            "meeting": meeting,
            "row": row,
            "case": row.case,
            "form": form,
            "conflict": conflict,
            "children": meetings.item_enquiry_children(item=row.item),
            "neighbours": meetings.agenda_neighbours(meeting=meeting, item=row.item),
            "earlier": earlier,
            "consent_held": consent_covers_allocation(row.case),
        },
    )


def _decided_message(request: HttpRequest, item: AllocationItem) -> None:
    family = item.case.family.name
    if item.decision == Decision.ALLOCATE and item.lead_practitioner is not None:
        load = caseload_of(item.lead_practitioner)
        messages.success(request, f"{family}: allocated to {item.lead_practitioner.full_name}")
        if load.over_limit:
            messages.warning(
                request,
                f"{item.lead_practitioner.full_name} now leads {load.open_cases} cases, over "
                f"their limit of {load.limit}",
            )
    else:
        messages.success(request, f"{family}: {item.get_decision_display().lower()}")


@meeting_pages
def meeting_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meetings.meeting_for(user=request.user, meeting_id=meeting_id)
    record = meetings.meeting_record(user=request.user, meeting=meeting)
    audit_cases_shown(
        actor=request.user,
        case_ids=[row.case.pk for row in record.rows],
        what="Allocation meeting record",
        detail={"meeting": meeting.pk},
    )
    return render(request, "cases/allocation/record.html", {"record": record, "meeting": meeting})

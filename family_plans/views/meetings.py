"""The Meetings tab: Team Around the Family meetings, from arranging one to the plan
changes agreed at it (family network meetings, on the same tab, are in network.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.access import Action, can
from cases.case_page import case_page
from cases.models import Case
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted
from family_plans import selectors, services
from family_plans.forms import (
    CancelForm,
    MeetingForm,
    MeetingRecordForm,
    NewActions,
    OtherInvitees,
    PlanChangesForm,
    yes_no,
)
from family_plans.models import InviteeKind, TafMeeting
from family_plans.services import (
    ActionChange,
    ActionDetails,
    ActionUpdate,
    MeetingDetails,
    MeetingRecord,
    NewAction,
    OtherInvitee,
    ReviewDetails,
)
from family_plans.views.base import error_forms, has_errors, rows_changed

TAB = "meetings"


@case_page()
def meetings_tab(request: HttpRequest, case: Case) -> HttpResponse:
    return render(
        request,
        "family_plans/meetings_tab.html",
        {
            "case": case,
            "tab": TAB,
            "page": selectors.meetings_page(case=case),
            "can_arrange": can(request.user, Action.WORK, case)
            and case.state in services.MEETING_STATES,
        },
    )


def _meeting_forms(
    request: HttpRequest, case: Case, meeting: TafMeeting | None
) -> tuple[MeetingForm, Any, bool]:
    """The meeting form and its 'someone else' rows, and whether they were just edited."""
    workers, family = selectors.invitee_choices(case)
    team = [(c.key, c.label) for c in workers]
    people = [(c.key, c.label) for c in family]
    changed = rows_changed(request, "others")
    if meeting is not None:
        current = [i for i in meeting.invitees.all() if i.removed_at is None]
        keys = [selectors.invitee_key(i) for i in current]
        known = {c.key for c in (*workers, *family)}
        for invitee in current:  # someone invited who has since left the team
            key = selectors.invitee_key(invitee)
            if invitee.kind in (InviteeKind.WORKER, InviteeKind.AGENCY) and key not in known:
                team.append((key, f"{invitee.name} (no longer on the team)"))
        start = timezone.localtime(meeting.starts_at)
        initial: dict[str, Any] = {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": timezone.localtime(meeting.ends_at).time(),
            "location": meeting.location,
            "online_link": meeting.online_link,
            "team": [k for k in keys if k.startswith(("worker:", "agency:"))],
            "family": [k for k in keys if k.startswith("family:")],
            "version": meeting.version,
        }
        others_initial = [
            {"name": i.name, "organisation": i.organisation, "email": i.email}
            for i in current
            if i.kind == InviteeKind.OTHER
        ]
    else:
        initial = {
            "team": [c.key for c in workers if c.default],
            "family": [c.key for c in family if c.default],
        }
        others_initial = []
    if changed is not None:
        form = MeetingForm(changed, team=team, family=people, quiet=True)
        others = OtherInvitees(changed, prefix="others", quiet=True)
    elif request.method == "POST":
        form = MeetingForm(request.POST, team=team, family=people)
        others = OtherInvitees(request.POST, prefix="others")
    else:
        form = MeetingForm(initial=initial, team=team, family=people)
        others = OtherInvitees(prefix="others", initial=others_initial)
    return form, others, changed is not None


def _meeting_details(form: MeetingForm, others: Any) -> tuple[MeetingDetails, list[int]]:
    data = form.cleaned_data
    starts, ends = form.moments()
    rows = [(n, f) for n, f in enumerate(others.forms) if f.has_content()]
    details = MeetingDetails(
        starts_at=starts,
        ends_at=ends,
        location=data["location"],
        online_link=data["online_link"],
        invite=[*data["team"], *data["family"]],
        others=[
            OtherInvitee(
                name=f.cleaned_data["name"],
                organisation=f.cleaned_data["organisation"],
                email=f.cleaned_data["email"],
            )
            for _, f in rows
        ],
    )
    return details, [n for n, _ in rows]


def _date_errors(form: MeetingForm) -> None:
    """Missing parts of the date and time, said before the service is asked."""
    data = form.cleaned_data
    if data.get("date") is None and "date" not in form.errors:
        form.add_error("date", "Enter the date of the meeting")
    if data.get("start_time") is None and "start_time" not in form.errors:
        form.add_error("start_time", "Enter the start time")
    if data.get("end_time") is None and "end_time" not in form.errors:
        form.add_error("end_time", "Enter the end time")


def _place_meeting_errors(
    exc: ApplicationError, form: MeetingForm, others: Any, positions: list[int]
) -> None:
    extra = dict(exc.extra)
    for name, field in (("starts_at", "date"), ("ends_at", "end_time"), ("invite", "team")):
        if name in extra:
            extra[field] = extra.pop(name)
    add_application_error(
        form, ApplicationError(exc.message, extra), {"others": others}, {"others": positions}
    )


def _render_meeting_form(
    request: HttpRequest, case: Case, form: MeetingForm, others: Any, meeting: TafMeeting | None
) -> HttpResponse:
    return render(
        request,
        "family_plans/meeting_form.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "others": others,
            "meeting": meeting,
            "error_forms": error_forms(form, others),
            "has_errors": has_errors(form, others),
        },
    )


@case_page(Action.WORK)
def meeting_new(request: HttpRequest, case: Case) -> HttpResponse:
    """Arrange a TAF meeting: when, where, and who from the team and the family."""
    form, others, edited = _meeting_forms(request, case, None)
    if request.method == "POST" and not edited:
        valid = form.is_valid() & others.is_valid()
        if valid:
            _date_errors(form)
        if valid and not form.errors:
            details, positions = _meeting_details(form, others)
            try:
                meeting = services.taf_meeting_schedule(
                    actor=acting_user(request), case=case, details=details
                )
            except ApplicationError as exc:
                _place_meeting_errors(exc, form, others, positions)
            else:
                messages.success(request, "Meeting arranged. Invitations are on their way.")
                return redirect("taf-meeting", case_id=case.pk, meeting_id=meeting.pk)
    return _render_meeting_form(request, case, form, others, None)


@case_page(Action.WORK)
def meeting_change(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    """Change the time, place or people invited: everyone gets the updated invitation."""
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    meeting.case = case
    form, others, edited = _meeting_forms(request, case, meeting)
    if request.method == "POST" and not edited:
        valid = form.is_valid() & others.is_valid()
        if valid:
            _date_errors(form)
        if valid and not form.errors:
            details, positions = _meeting_details(form, others)
            try:
                services.taf_meeting_update(
                    actor=acting_user(request),
                    meeting=meeting,
                    expected_version=form.cleaned_data["version"] or 0,
                    details=details,
                )
            except ApplicationError as exc:
                _place_meeting_errors(exc, form, others, positions)
            else:
                messages.success(request, "Meeting changed. Everyone invited will be told.")
                return redirect("taf-meeting", case_id=case.pk, meeting_id=meeting.pk)
    return _render_meeting_form(request, case, form, others, meeting)


@case_page()
def meeting_detail(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    review, versions = selectors.meeting_outcomes(meeting=meeting)
    works = can(request.user, Action.WORK, case) and case.state in services.MEETING_STATES
    plan = selectors.plan_for_case(case)
    return render(
        request,
        "family_plans/meeting_detail.html",
        {
            "case": case,
            "tab": TAB,
            "meeting": meeting,
            "invitees": [i for i in meeting.invitees.all() if i.removed_at is None],
            "review": review,
            "versions": versions,
            "can_work": works,
            "can_change_plan": works
            and meeting.is_held
            and plan is not None
            and case.state in services.PLAN_STATES,
            "started": meeting.starts_at <= timezone.now(),
        },
    )


@case_page()
def meeting_calendar(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    """The meeting as a calendar file, to add it to a calendar by hand."""
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    meeting.case = case
    content = services.taf_meeting_calendar(actor=acting_user(request), meeting=meeting)
    response = HttpResponse(content, content_type='text/calendar; charset="utf-8"')
    response["Content-Disposition"] = f'attachment; filename="taf-meeting-{meeting.pk}.ics"'
    return response


@case_page(Action.WORK)
def meeting_cancel(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    meeting.case = case
    form = CancelForm(posted(request), initial={"version": meeting.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.taf_meeting_cancel(
                actor=acting_user(request),
                meeting=meeting,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Meeting cancelled. Everyone invited will be told.")
            return redirect("taf-meeting", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request,
        "family_plans/meeting_cancel.html",
        {"case": case, "tab": TAB, "form": form, "meeting": meeting},
    )


@case_page(Action.WORK)
def meeting_record(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    """Record what happened: attendance, views, minutes, decisions, progress, next review."""
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    meeting.case = case
    invitees = [i for i in meeting.invitees.all() if i.removed_at is None]
    plan = selectors.plan_for_case(case)
    reviewing = plan is not None and plan.agreed_version > 0
    actions = selectors.open_actions(plan=plan) if plan is not None and reviewing else []
    held_on = timezone.localdate(meeting.starts_at)
    form = MeetingRecordForm(
        posted(request),
        invitees=invitees,
        actions=actions,
        review=reviewing,
        initial={
            "version": meeting.version,
            "next_review_on": selectors.default_next_review(held_on),
            # The family's views already brought in (from the family's own section).
            "family_views": meeting.family_views,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        review = None
        if reviewing:
            review = ReviewDetails(
                reviewed_on=held_on,
                progress_made=yes_no(data.get("progress_made")),
                note=data.get("progress_note") or "",
                updates=[
                    ActionUpdate(
                        action_id=a.pk,
                        status=data.get(f"a{a.pk}_status") or a.status,
                        note=data.get(f"a{a.pk}_note") or "",
                        dropped_reason=data.get(f"a{a.pk}_dropped_reason") or "",
                    )
                    for a in actions
                ],
            )
        try:
            services.taf_meeting_record(
                actor=acting_user(request),
                meeting=meeting,
                expected_version=data["version"],
                record=MeetingRecord(
                    attendance=form.attendance(),
                    minutes=data["minutes"],
                    family_views=data["family_views"],
                    child_views=data["child_views"],
                    decisions=data["decisions"],
                    next_review_on=data["next_review_on"],
                    review=review,
                ),
            )
        except ApplicationError as exc:
            extra = dict(exc.extra)
            if "note" in extra:
                extra["progress_note"] = extra.pop("note")
            add_application_error(form, ApplicationError(exc.message, extra))
        else:
            messages.success(request, "Meeting recorded")
            return redirect("taf-meeting", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request,
        "family_plans/meeting_record.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "meeting": meeting,
            "reviewing": reviewing,
        },
    )


@case_page(Action.WORK)
def meeting_plan_changes(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    """The changes to the plan agreed at the meeting, applied as a new version of it."""
    meeting = selectors.taf_meeting_for(case=case, meeting_id=meeting_id)
    meeting.case = case
    plan = selectors.plan_for_case(case)
    if plan is None:
        messages.error(request, "Start the family's plan before you change it")
        return redirect("plan-tab", case_id=case.pk)
    actions = selectors.open_actions(plan=plan)
    owners = selectors.owner_choices(case)
    outcomes = [
        (str(o.pk), f"{o.number}. {o.wanted[:80]}") for o in selectors.active_outcomes(plan=plan)
    ]
    changed = rows_changed(request, "new")
    if changed is not None:
        form = PlanChangesForm(changed, actions=actions, owners=owners, quiet=True)
        new = NewActions(changed, prefix="new", owners=owners, outcomes=outcomes, quiet=True)
    elif request.method == "POST":
        form = PlanChangesForm(request.POST, actions=actions, owners=owners)
        new = NewActions(request.POST, prefix="new", owners=owners, outcomes=outcomes)
    else:
        form = PlanChangesForm(
            initial={"plan_version": plan.version}, actions=actions, owners=owners
        )
        new = NewActions(prefix="new", owners=owners, outcomes=outcomes)
    if request.method == "POST" and changed is None and (form.is_valid() & new.is_valid()):
        data = form.cleaned_data
        rows = [(n, f) for n, f in enumerate(new.forms) if f.has_content()]
        try:
            version = services.taf_meeting_plan_changes_apply(
                actor=acting_user(request),
                meeting=meeting,
                expected_plan_version=data["plan_version"],
                changes=[
                    ActionChange(
                        action_id=a.pk,
                        due_on=data.get(f"c{a.pk}_due_on"),
                        owner=data.get(f"c{a.pk}_owner") or "",
                        status=data.get(f"c{a.pk}_status") or "",
                        dropped_reason=data.get(f"c{a.pk}_dropped_reason") or "",
                    )
                    for a in actions
                ],
                new_actions=[
                    NewAction(
                        outcome_id=int(f.cleaned_data["outcome"])
                        if f.cleaned_data.get("outcome")
                        else None,
                        details=ActionDetails(
                            what=f.cleaned_data.get("what") or "",
                            owner=f.cleaned_data.get("owner") or "",
                            start_on=f.cleaned_data.get("start_on"),
                            due_on=f.cleaned_data.get("due_on"),
                        ),
                    )
                    for _, f in rows
                ],
                summary=data["summary"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc, {"new": new}, {"new": [n for n, _ in rows]})
        else:
            messages.success(
                request, f"Plan changes applied: version {version.number} of the plan agreed"
            )
            return redirect("taf-meeting", case_id=case.pk, meeting_id=meeting.pk)
    return render(
        request,
        "family_plans/meeting_plan_changes.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "new": new,
            "meeting": meeting,
            "plan": plan,
            "error_forms": error_forms(form, new),
            "has_errors": has_errors(form, new),
        },
    )

"""Pages of a person's own day across cases: the managers' sign-off queue and the diary
of meetings (with its calendar file)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases.audit_reads import audit_cases_shown
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user
from family_plans.diary import DIARY_WEEKS, diary_calendar, diary_meetings
from family_plans.sign_off_queue import SIGN_OFF_WORKING_DAYS, sign_off_queue
from partners.roles import CASEWORK_ROLES, Role


@access_policy(Policy.ROLES, roles={Role.MANAGER})
def sign_off_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    queue = sign_off_queue(user=user, today=today)
    audit_cases_shown(actor=user, case_ids=[w.case.pk for w in queue], what="Sign-off queue")
    return render(
        request,
        "family_plans/sign_off_queue.html",
        {
            "rows": [{"item": w, "past_due": w.past_due(today)} for w in queue],
            "target": SIGN_OFF_WORKING_DAYS,
        },
    )


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES)
def diary(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    meetings = list(diary_meetings(user=user))
    audit_cases_shown(actor=user, case_ids=[m.case_id for m in meetings], what="My diary")
    return render(request, "family_plans/diary.html", {"meetings": meetings, "weeks": DIARY_WEEKS})


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES)
def diary_ics(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    meetings = list(diary_meetings(user=user))
    audit_cases_shown(actor=user, case_ids=[m.case_id for m in meetings], what="My diary file")
    response = HttpResponse(diary_calendar(meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-meetings.ics"'
    return response

"""Break-glass: opening a case with no relationship to it, by stating a reason.

Only someone of an agency that runs the service (a practitioner, coordinator or
manager there) may, after proving both factors again; the case's 404 page offers it to
them (for any case number, so it says nothing about whether the case exists). The
opening lasts BREAK_GLASS_HOURS, is written to the audit log with its reason, and waits
in the review queue of the lead agency's managers (the zone's, before a case has a lead
agency), who mark it appropriate or not; that is audited too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.access import forget_reach, reach_of, visible_cases
from cases.audit import audit_record, audit_refusal
from cases.models import BreakGlassAccess, Case
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.roles import CASEWORK_ROLES
from partners.selectors import active_memberships


def may_break_glass(user: Any) -> bool:
    """A casework role at an agency that runs the service."""
    return any(
        m.role in CASEWORK_ROLES and m.agency.runs_service for m in active_memberships(user=user)
    )


def break_glass_open(*, actor: Any, case_id: int, reason: str) -> Case:
    """Open a case the actor cannot otherwise see, for BREAK_GLASS_HOURS; audited.

    A case they can already see needs no reason and is not recorded as an opening."""
    if not may_break_glass(actor):
        audit_refusal(actor=actor, reason="break-glass is for the service's staff", case_id=case_id)
        raise PermissionDenied("Only the service's staff may open a case this way")
    if not reason.strip():
        message = "Enter why you need to open this case"
        raise ApplicationError(message, {"reason": [message]})
    with transaction.atomic():
        case = Case.objects.filter(pk=case_id).first()
        if case is None:
            raise Http404("No such case")
        if visible_cases(actor).filter(pk=case.pk).exists():
            return case
        now = timezone.now()
        opening = BreakGlassAccess.objects.create(
            case=case,
            user=actor,
            reason=reason.strip(),
            opened_at=now,
            expires_at=now + dt.timedelta(hours=settings.BREAK_GLASS_HOURS),
        )
        audit_record(
            actor=actor,
            action=AuditAction.BREAK_GLASS,
            obj=opening,
            case=case,
            reason=opening.reason,
            detail={"expires_at": opening.expires_at.isoformat()},
        )
    forget_reach(actor)
    return case


def review_queue(*, user: Any) -> QuerySet[BreakGlassAccess]:
    """Openings awaiting review by this manager: of cases their agency leads, or of the
    zones they oversee for cases with no lead agency yet."""
    reach = reach_of(user)
    if not (reach.manager_agency_ids or reach.manager_zone_ids or reach.manager_hub_ids):
        return BreakGlassAccess.objects.none()
    theirs = Q(case__lead_agency_id__in=reach.manager_agency_ids) | Q(
        Q(case__lead_agency__isnull=True)
        & (
            Q(case__zone_id__in=reach.manager_zone_ids)
            | Q(case__family_hub_id__in=reach.manager_hub_ids)
        )
    )
    return (
        BreakGlassAccess.objects.awaiting_review()
        .filter(theirs)
        .select_related("case", "case__family", "user")
        .order_by("opened_at", "id")
    )


def break_glass_review(
    *, actor: Any, opening_id: int, appropriate: bool, comments: str = ""
) -> BreakGlassAccess:
    """The lead agency's manager marks an opening appropriate or not; audited."""
    with transaction.atomic():
        opening = (
            review_queue(user=actor).select_for_update(of=("self",)).filter(pk=opening_id).first()
        )
        if opening is None:
            raise Http404("No such opening awaiting your review")
        if opening.user_id == actor.pk:
            raise PermissionDenied("Someone else reviews your own opening of a case")
        if not appropriate and not comments.strip():
            message = "Say why it was not appropriate"
            raise ApplicationError(message, {"comments": [message]})
        opening.reviewed_by = actor
        opening.reviewed_at = timezone.now()
        opening.appropriate = appropriate
        opening.review_comments = comments.strip()
        opening.save(update_fields=["reviewed_by", "reviewed_at", "appropriate", "review_comments"])
        audit_record(
            actor=actor,
            action=AuditAction.BREAK_GLASS_REVIEW,
            obj=opening,
            case=opening.case,
            reason="appropriate" if appropriate else "not appropriate",
            detail={"opened_by": opening.user.email, "comments": opening.review_comments},
        )
    return opening

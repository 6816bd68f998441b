# mypy: disallow-untyped-defs
"""Case file audits: picking a sample, auditing each case against the quality framework,
grading it, recording actions for the lead practitioner (who is notified) and learning.

Every case is read through cases.access: a manager samples and audits only the cases
they may see, and completing an audit needs the manager's oversight of the case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.access import Action, access_case, require, visible_cases
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from cases.timeline import event_add
from earlyhelp.errors import ApplicationError
from earlyhelp.templatetags.govuk import govuk_date
from earlyhelp.versioning import lock_version
from partners.notifications import notify
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.events import ReportingEvent
from reporting.models import (
    AuditFramework,
    AuditQuestion,
    AuditSample,
    AuditStatus,
    CaseAudit,
    CaseAuditAction,
    CaseAuditAnswer,
    Grade,
)

NOTIFICATION_KIND = "audit_action"
MAX_SAMPLE = 50


def current_framework() -> AuditFramework | None:
    return AuditFramework.objects.filter(is_current=True).first()


@dataclass(frozen=True)
class SampleCriteria:
    method: str  # "random" or "criteria"
    size: int
    zone_id: int | None = None
    state: str = ""
    lead_agency_id: int | None = None
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None


def sample_candidates(*, user: Any, criteria: SampleCriteria) -> QuerySet[Case]:
    cases = visible_cases(user).exclude(state__in=["enquiry_received", "screening"])
    if criteria.zone_id:
        cases = cases.filter(zone_id=criteria.zone_id)
    if criteria.state:
        cases = cases.filter(state=criteria.state)
    if criteria.lead_agency_id:
        cases = cases.filter(lead_agency_id=criteria.lead_agency_id)
    if criteria.closed_from:
        cases = cases.filter(closed_on__gte=criteria.closed_from)
    if criteria.closed_to:
        cases = cases.filter(closed_on__lte=criteria.closed_to)
    return cases


def audit_sample_create(*, actor: Any, criteria: SampleCriteria) -> AuditSample:
    """Pick cases (at random among those matching) and open an audit of each."""
    if not user_has_any_role(user=actor, roles={Role.MANAGER}):
        raise PermissionDenied("Only managers audit case files")
    if not 1 <= criteria.size <= MAX_SAMPLE:
        raise ApplicationError(
            f"Enter a sample size from 1 to {MAX_SAMPLE}",
            {"size": [f"Enter a sample size from 1 to {MAX_SAMPLE}"]},
        )
    framework = current_framework()
    if framework is None:
        raise ApplicationError("There is no current audit framework: ask the administrator")
    already = CaseAudit.objects.filter(status=AuditStatus.IN_PROGRESS).values("case_id")
    chosen = list(
        sample_candidates(user=actor, criteria=criteria)
        .exclude(pk__in=already)
        .order_by("?")
        .values_list("pk", flat=True)[: criteria.size]
    )
    if not chosen:
        raise ApplicationError("No cases you can see match: change the criteria")
    with transaction.atomic():
        sample = AuditSample.objects.create(
            created_by=actor,
            method=criteria.method,
            criteria={
                k: (v.isoformat() if isinstance(v, dt.date) else v)
                for k, v in criteria.__dict__.items()
            },
            description=f"{len(chosen)} case{'s' if len(chosen) != 1 else ''}, "
            f"{'random' if criteria.method == 'random' else 'by criteria'}, "
            f"{govuk_date(timezone.localdate())}",
        )
        CaseAudit.objects.bulk_create(
            CaseAudit(case_id=case_id, framework=framework, sample=sample, auditor=actor)
            for case_id in chosen
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=sample,
            reason="case file audit sample",
            detail={"cases": len(chosen)},
        )
    return sample


def audit_for(*, user: Any, audit_id: Any) -> CaseAudit:
    """One audit of a case the user may see (404 otherwise, audited as a case view)."""
    try:
        pk = int(audit_id)
    except (TypeError, ValueError):
        raise Http404("No such audit") from None
    audit = (
        CaseAudit.objects.select_related("framework", "auditor", "sample")
        .prefetch_related(
            Prefetch("answers", queryset=CaseAuditAnswer.objects.select_related("question")),
            Prefetch("actions", queryset=CaseAuditAction.objects.select_related("for_user")),
        )
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404("No such audit")
    audit.case = access_case(user=user, case_id=audit.case_id)
    return audit


def questions(audit: CaseAudit) -> list[AuditQuestion]:
    return list(audit.framework.questions.filter(is_active=True).order_by("number"))


@dataclass(frozen=True)
class AnswerInput:
    question_id: int
    grade: str
    comment: str


def audit_save(
    *,
    actor: Any,
    audit: CaseAudit,
    version: int,
    answers: list[AnswerInput],
    overall_grade: str,
    summary: str,
    learning: str,
    actions: list[str],
    action_due: dt.date | None,
    complete: bool,
) -> CaseAudit:
    """Save the audit (optionally completing it). A completed audit no longer changes."""
    case = audit.case
    require(actor, Action.SIGN_OFF, case)
    if audit.is_completed:
        raise ApplicationError("This audit is completed and can no longer be changed")
    known = {q.pk for q in questions(audit)}
    if complete:
        problems: dict[str, list[str]] = {}
        graded = {a.question_id for a in answers if a.grade}
        for qid in sorted(known - graded):
            problems[f"grade_{qid}"] = ["Select a grade for this question"]
        if overall_grade not in Grade.values:
            problems["overall_grade"] = ["Select the overall grade"]
        if not learning.strip():
            problems["learning"] = ["Enter what the partnership can learn from this case"]
        if problems:
            raise ApplicationError("Complete every question before completing the audit", problems)
    with transaction.atomic():
        locked = lock_version(
            CaseAudit.objects,
            pk=audit.pk,
            expected=version,
            stale="Someone else saved this audit since you opened it: reload it to see their "
            "changes",
        )
        for answer in answers:
            if answer.question_id not in known:
                continue
            CaseAuditAnswer.objects.update_or_create(
                audit=locked,
                question_id=answer.question_id,
                defaults={"grade": answer.grade, "comment": answer.comment.strip()},
            )
        locked.overall_grade = overall_grade if overall_grade in Grade.values else ""
        locked.summary = summary.strip()
        locked.learning = learning.strip()
        locked.version += 1
        new_actions = [
            CaseAuditAction.objects.create(
                audit=locked, text=text.strip(), due_on=action_due, for_user=case.lead_practitioner
            )
            for text in actions
            if text.strip()
        ]
        if complete:
            locked.status = AuditStatus.COMPLETED
            locked.completed_on = timezone.localdate()
            locked.zone_id = case.zone_id
            locked.family_hub_id = case.family_hub_id
            locked.lead_agency_id = case.lead_agency_id
            event_add(
                case=case,
                kind=ReportingEvent.CASE_FILE_AUDIT_COMPLETED.kind,
                title=f"Case file audit completed: {Grade(locked.overall_grade).label}",
                actor=actor,
            )
            to_tell = [a for a in locked.actions.filter(notified_at__isnull=True) if a.for_user_id]
            if to_tell and case.lead_practitioner is not None:
                notify(
                    recipients=[case.lead_practitioner],
                    kind=NOTIFICATION_KIND,
                    title=f"Case file audit of {case.reference}: {len(to_tell)} action"
                    f"{'s' if len(to_tell) != 1 else ''} for you",
                    body="\n".join(f"- {a.text}" for a in to_tell),
                    url=f"/cases/{case.pk}/",
                )
                CaseAuditAction.objects.filter(pk__in=[a.pk for a in to_tell]).update(
                    notified_at=timezone.now()
                )
        locked.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            reason="case file audit completed" if complete else "case file audit saved",
            detail={"actions_added": len(new_actions), "grade": locked.overall_grade},
        )
    locked.case = case
    return locked


def audit_list(*, user: Any) -> QuerySet[CaseAudit]:
    """Audits of the cases the user may see, newest first."""
    return (
        CaseAudit.objects.filter(case__in=visible_cases(user))
        .select_related("case", "case__family", "auditor")
        .order_by("status", "-completed_on", "-started_at", "-id")
    )


@dataclass
class GradeRow:
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def good_or_better(self) -> int:
        return self.counts.get(Grade.OUTSTANDING, 0) + self.counts.get(Grade.GOOD, 0)


def grades_over_time(*, user: Any) -> list[GradeRow]:
    """Completed audits per quarter and grade (one query)."""
    from django.db.models.functions import TruncQuarter

    rows = (
        audit_list(user=user)
        .filter(status=AuditStatus.COMPLETED)
        .annotate(quarter=TruncQuarter("completed_on"))
        .values("quarter", "overall_grade")
        .annotate(n=Count("pk"))
        .order_by("quarter")
    )
    by_quarter: dict[dt.date, dict[str, int]] = {}
    for row in rows:
        by_quarter.setdefault(row["quarter"], {})[row["overall_grade"]] = row["n"]
    return [
        GradeRow(f"Q{(q.month - 1) // 3 + 1} {q.year}", counts)
        for q, counts in sorted(by_quarter.items())
    ]


def learning_list(*, user: Any, limit: int = 10) -> QuerySet[CaseAudit]:
    return (
        audit_list(user=user)
        .filter(status=AuditStatus.COMPLETED)
        .exclude(learning="")
        .filter(~Q(learning=""))
        .order_by("-completed_on", "-id")[:limit]
    )

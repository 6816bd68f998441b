# mypy: disallow-untyped-defs
"""Supporting Families: eligible and engaged families, progress per need, and the claim
engine that checks every condition of a successful family outcome (OUTCOMES.md):

1. a lead practitioner;
2. a whole-family assessment (signed off);
3. a family plan, agreed, covering every identified need;
4. support provided (a plan action done, or a Team Around the Family meeting held);
5. every identified need with a positive outcome (significant, or significant and
   sustained progress), sustained for the configured months after closure (the case
   closed that long ago, not stepped up, and the family not re-referred);
6. the internal audit of the evidence, recorded before the claim.

Each condition is an annotation of one queryset (EXISTS and sub-queries), so a list of
families is checked in one query whatever its length.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentProblem,
    HeadlineProblem,
    OutcomeFramework,
    ProblemProgress,
    ProgressStatus,
)
from cases.access import Action, require, visible_cases
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from cases.timeline import event_add
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError
from family_plans.models import FamilyPlan, PlanAction, PlanOutcome, TafMeeting
from reporting.models import ClaimRules, FamilyClaim
from reporting.scorecard.periods import Period

POSITIVE = [ProgressStatus.SIGNIFICANT, ProgressStatus.SUSTAINED]


@dataclass(frozen=True)
class Condition:
    key: str
    label: str


CONDITIONS = [
    Condition("has_lead", "A lead practitioner"),
    Condition("has_assessment", "A whole-family assessment, signed off"),
    Condition("plan_covers_needs", "An agreed family plan covering every identified need"),
    Condition("support_given", "Support provided (a plan action done or a TAF meeting held)"),
    Condition("needs_positive", "Every identified need with a positive outcome"),
    Condition("sustained", "Sustained after closure for the required months"),
    Condition("evidence_checked", "Internal audit of the evidence"),
]


def claim_rules() -> ClaimRules:
    rules = ClaimRules.objects.order_by("pk").first()
    return rules or ClaimRules(sustained_months=6)


def _latest_assessment() -> Subquery:
    return Subquery(
        Assessment.objects.filter(case=OuterRef("pk"), state="signed_off")
        .order_by("-number")
        .values("pk")[:1]
    )


def annotate_conditions(cases: QuerySet[Case], *, today: dt.date | None = None) -> QuerySet[Case]:
    """Annotate each case with its needs, eligibility and every claim condition."""
    today = today or timezone.localdate()
    months = claim_rules().sustained_months
    closed_by = months_before(today, months)
    cases = cases.annotate(latest_assessment_id=_latest_assessment())
    problems = AssessmentProblem.objects.filter(assessment_id=OuterRef("latest_assessment_id"))
    need_count = Subquery(
        problems.order_by().values("assessment_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    min_needs = Subquery(
        Assessment.objects.filter(pk=OuterRef("latest_assessment_id")).values(
            "framework__min_needs"
        )[:1],
        output_field=IntegerField(),
    )
    covered = PlanOutcome.objects.filter(
        plan__case_id=OuterRef(OuterRef("pk")),
        headline_problems=OuterRef("headline_id"),
    ).exclude(status="removed")
    uncovered = problems.exclude(Exists(covered))
    latest_progress = Subquery(
        ProblemProgress.objects.filter(
            case_id=OuterRef(OuterRef("pk")), headline_id=OuterRef("headline_id")
        )
        .order_by("-recorded_on", "-id")
        .values("status")[:1]
    )
    not_positive = problems.annotate(latest=latest_progress).filter(
        Q(latest__isnull=True) | ~Q(latest__in=POSITIVE)
    )
    claim = FamilyClaim.objects.filter(case_id=OuterRef("pk"))
    return cases.annotate(
        need_count=Coalesce(need_count, Value(0)),
        min_needs=Coalesce(min_needs, Value(3)),
        has_lead=ExpressionWrapper(Q(lead_practitioner__isnull=False), output_field=BooleanField()),
        has_assessment=ExpressionWrapper(
            Q(latest_assessment_id__isnull=False), output_field=BooleanField()
        ),
        plan_covers_needs=ExpressionWrapper(
            Q(Exists(FamilyPlan.objects.filter(case_id=OuterRef("pk"), agreed_version__gt=0)))
            & Q(latest_assessment_id__isnull=False)
            & ~Q(Exists(uncovered)),
            output_field=BooleanField(),
        ),
        support_given=ExpressionWrapper(
            Q(Exists(PlanAction.objects.filter(plan__case_id=OuterRef("pk"), status="done")))
            | Q(Exists(TafMeeting.objects.filter(case_id=OuterRef("pk"), status="held"))),
            output_field=BooleanField(),
        ),
        needs_positive=ExpressionWrapper(
            Q(latest_assessment_id__isnull=False) & ~Q(Exists(not_positive)),
            output_field=BooleanField(),
        ),
        sustained=ExpressionWrapper(
            Q(state="closed", closed_on__lte=closed_by)
            & ~Q(closure_reason="stepped_up")
            & ~Q(Exists(Case.objects.filter(rereferral_of_id=OuterRef("pk")))),
            output_field=BooleanField(),
        ),
        evidence_checked=Exists(claim.filter(evidence_checked_on__isnull=False)),
        claimed=Exists(claim.filter(claimed_on__isnull=False)),
    ).annotate(
        eligible=ExpressionWrapper(
            Q(need_count__gte=F("min_needs")) & Q(latest_assessment_id__isnull=False),
            output_field=BooleanField(),
        )
    )


@dataclass
class FamilyCheck:
    case: Case
    met: list[Condition]
    missing: list[Condition]

    @property
    def claimable(self) -> bool:
        return not self.missing and not getattr(self.case, "claimed", False)

    @property
    def ready_for_evidence_audit(self) -> bool:
        return [c.key for c in self.missing] == ["evidence_checked"]


def check_of(case: Case) -> FamilyCheck:
    met: list[Condition] = []
    missing: list[Condition] = []
    for condition in CONDITIONS:
        (met if getattr(case, condition.key) else missing).append(condition)
    return FamilyCheck(case, met, missing)


def eligible_cases(*, user: Any, zone_id: int | None = None) -> QuerySet[Case]:
    """Eligible families' cases the user may see (identifiable: managers and coordinators)."""
    cases = visible_cases(user)
    if zone_id:
        cases = cases.filter(zone_id=zone_id)
    return (
        annotate_conditions(cases)
        .filter(eligible=True)  # type: ignore[misc]
        .select_related("family", "lead_agency", "lead_practitioner", "zone")
        .order_by("-claimed", "reference")
    )


@dataclass
class NeedProgress:
    headline: HeadlineProblem
    families: int
    positive: int


@dataclass
class Summary:
    eligible: int
    engaged: int
    claimable: int
    awaiting_evidence_audit: int
    claimed: int
    needs: list[NeedProgress]


def summary(*, zone_id: int | None = None) -> Summary:
    """Counts over every case (aggregates only: nothing identifiable). Three queries."""
    cases = Case.objects.all()
    if zone_id:
        cases = cases.filter(zone_id=zone_id)
    annotated = (
        annotate_conditions(cases)
        .filter(eligible=True)  # type: ignore[misc]
        .annotate(
            engaged=Exists(FamilyPlan.objects.filter(case_id=OuterRef("pk"), agreed_version__gt=0))
        )
    )
    all_met = Q(
        has_lead=True,
        has_assessment=True,
        plan_covers_needs=True,
        support_given=True,
        needs_positive=True,
        sustained=True,
    )

    def how_many(condition: Q) -> int:
        return Case.objects.filter(pk__in=annotated.filter(condition).values("pk")).count()

    counts = {
        "eligible": how_many(Q()),
        "engaged": how_many(Q(engaged=True)),
        "claimable": how_many(all_met & Q(evidence_checked=True, claimed=False)),
        "awaiting": how_many(all_met & Q(evidence_checked=False)),
        "claimed": how_many(Q(claimed=True)),
    }
    framework = OutcomeFramework.objects.filter(is_current=True).first()
    needs: list[NeedProgress] = []
    if framework is not None:
        latest_ids = annotated.values("latest_assessment_id")
        positive = (
            ProblemProgress.objects.filter(
                case_id=OuterRef("assessment__case_id"), headline_id=OuterRef("headline_id")
            )
            .order_by("-recorded_on", "-id")
            .values("status")[:1]
        )
        rows = (
            AssessmentProblem.objects.filter(assessment_id__in=latest_ids)
            .annotate(latest=Subquery(positive))
            .values("headline_id")
            .annotate(families=Count("pk"), good=Count("pk", filter=Q(latest__in=POSITIVE)))
        )
        by_headline = {r["headline_id"]: r for r in rows}
        for headline in framework.headlines.order_by("number"):
            row = by_headline.get(headline.pk, {"families": 0, "good": 0})
            needs.append(NeedProgress(headline, int(row["families"]), int(row["good"])))
    return Summary(
        eligible=counts["eligible"],
        engaged=counts["engaged"],
        claimable=counts["claimable"],
        awaiting_evidence_audit=counts["awaiting"],
        claimed=counts["claimed"],
        needs=needs,
    )


def _claim_for(case: Case) -> FamilyClaim:
    claim, _ = FamilyClaim.objects.select_for_update().get_or_create(case=case)
    return claim


def evidence_audit_record(*, actor: Any, case: Case, note: str) -> FamilyClaim:
    """A manager records that the claim's evidence was audited."""
    require(actor, Action.SIGN_OFF, case)
    if not note.strip():
        raise ApplicationError(
            "Enter what evidence was checked", {"note": ["Enter what evidence was checked"]}
        )
    check = check_of(annotate_conditions(Case.objects.filter(pk=case.pk)).get())
    missing = [c for c in check.missing if c.key != "evidence_checked"]
    if missing:
        raise ApplicationError(
            f"The evidence cannot be audited yet: {missing[0].label.lower()} is missing"
        )
    with transaction.atomic():
        claim = _claim_for(case)
        claim.evidence_checked_by = actor
        claim.evidence_checked_on = timezone.localdate()
        claim.evidence_note = note.strip()
        claim.save()
        event_add(
            case=case,
            kind="supporting_families",
            title="Supporting Families evidence audited",
            actor=actor,
        )
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=claim, case=case, reason="evidence audited"
        )
    return claim


def claim_record(*, actor: Any, case: Case) -> FamilyClaim:
    """Record the claim of a family whose every condition is met."""
    require(actor, Action.SIGN_OFF, case)
    check = check_of(annotate_conditions(Case.objects.filter(pk=case.pk)).get())
    if getattr(check.case, "claimed", False):
        raise ApplicationError("A claim has already been made for this family")
    if check.missing:
        raise ApplicationError(
            f"The claim cannot be made: {check.missing[0].label.lower()} is missing"
        )
    with transaction.atomic():
        claim = _claim_for(case)
        claim.claimed_by = actor
        claim.claimed_on = timezone.localdate()
        claim.evidence = {c.key: True for c in check.met}
        claim.save()
        event_add(
            case=case,
            kind="supporting_families",
            title="Supporting Families claim made",
            actor=actor,
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=claim, case=case, reason="claim made"
        )
    return claim


def quarterly_return(*, quarter: Period, zone_id: int | None = None) -> list[tuple[str, int]]:
    """The quarter's figures for the return: counts only."""
    from reporting.scorecard.engine import compute
    from reporting.scorecard.periods import Scope

    scope = Scope(zone_id=zone_id)
    figures = [
        ("Families identified and eligible (P2a)", compute("P2a", quarter, scope).numerator),
        ("Eligible families engaged with (P2b)", compute("P2b", quarter, scope).numerator),
        ("Claims made (S8)", compute("S8", quarter, scope).numerator),
    ]
    current = summary(zone_id=zone_id)
    figures += [
        ("Eligible families to date", current.eligible),
        ("Families claimable now", current.claimable),
        ("Families awaiting the evidence audit", current.awaiting_evidence_audit),
        ("Claims made to date", current.claimed),
    ]
    for need in current.needs:
        figures.append(
            (f"Need {need.headline.number}, {need.headline.name}: families", need.families)
        )
        figures.append(
            (f"Need {need.headline.number}, {need.headline.name}: positive progress", need.positive)
        )
    return figures


def require_identifiable_reader(user: Any) -> None:
    from partners.roles import Role
    from partners.selectors import user_has_any_role

    if not user_has_any_role(user=user, roles={Role.MANAGER, Role.COORDINATOR}):
        raise PermissionDenied("Lists of families are for managers and coordinators")

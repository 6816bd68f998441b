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
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
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
from cases.events import case_event_record
from cases.models import Case, HouseholdMember
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError
from family_plans.models import FamilyPlan, PlanAction, PlanOutcome, PlanVersion, TafMeeting
from reporting.claim_rules import MonthsAfter, RuleBook, claim_year, rule_months
from reporting.events import ReportingEvent
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
    """The single period for claims of years before any ClaimRule (claim_rules.py)."""
    rules = ClaimRules.objects.order_by("pk").first()
    return rules or ClaimRules(sustained_months=6)


def _latest_assessment() -> Subquery:
    return Subquery(
        Assessment.objects.filter(case=OuterRef("pk"), state="signed_off")
        .order_by("-number")
        .values("pk")[:1]
    )


class YearsBefore(Func):
    """The date `years` years before a date, as PostgreSQL subtracts an interval (so 29
    February less a year is 28 February): the same arithmetic as the scorecard's SQL."""

    template = "((%(expressions)s) - interval '%(years)s years')::date"
    output_field = DateField()

    def __init__(self, expression: Any, *, years: int) -> None:
        super().__init__(expression, years=int(years))


def _dependent_child() -> Exists:
    """A member of the household (who has not left) who was a child on the day the latest
    assessment was signed off — under 18, or under 25 with special educational needs or
    disability — or a child expected: the rule P2a applies in SQL
    (reporting.scorecard.sql.ELIGIBLE), so the scorecard and the claim engine
    count the same families."""
    day = OuterRef("latest_signed_on")
    born_by_then = Q(person__date_of_birth__isnull=False, person__date_of_birth__lte=day)
    young_enough = Q(person__date_of_birth__gt=YearsBefore(day, years=18)) | Q(
        person__send=True, person__date_of_birth__gt=YearsBefore(day, years=25)
    )
    expected = Q(person__date_of_birth__isnull=True, person__expected_date_of_birth__isnull=False)
    return Exists(
        HouseholdMember.objects.filter(
            family_id=OuterRef("family_id"), left_on__isnull=True
        ).filter((born_by_then & young_enough) | expected)
    )


def annotate_conditions(cases: QuerySet[Case], *, today: dt.date | None = None) -> QuerySet[Case]:
    """Annotate each case with its needs, eligibility and every claim condition.

    Eligible: the latest signed-off assessment records at least the framework's number
    of needs, and, where the framework asks for it, the family has a dependent child
    (or expects one) on the day it was signed off — exactly as P2a counts."""
    today = today or timezone.localdate()
    cases = cases.annotate(
        latest_assessment_id=_latest_assessment(), claim_year=claim_year("closed_on")
    )
    # Each need holds for its outcome's rule of the claim's programme year (claim_rules.py).
    cases = cases.annotate(
        sustained_until=MonthsAfter(
            F("closed_on"), rule_months(year=OuterRef("claim_year"), headline=None)
        )
    )
    # order_by(): the default ordering joins the case, which would capture OuterRef.
    latest = Assessment.objects.filter(pk=OuterRef("latest_assessment_id")).order_by()
    cases = cases.annotate(
        latest_signed_on=Subquery(
            latest.annotate(on=TruncDate("signed_off_at")).values("on")[:1],
            output_field=DateField(),
        ),
        requires_children=Coalesce(
            Subquery(
                latest.values("framework__requires_dependent_children")[:1],
                output_field=BooleanField(),
            ),
            Value(True),
        ),
    )
    problems = AssessmentProblem.objects.filter(assessment_id=OuterRef("latest_assessment_id"))
    need_count = Subquery(
        problems.order_by().values("assessment_id").annotate(n=Count("pk")).values("n")[:1],
        output_field=IntegerField(),
    )
    min_needs = Subquery(latest.values("framework__min_needs")[:1], output_field=IntegerField())
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
    not_yet_sustained = problems.annotate(
        until=MonthsAfter(
            OuterRef("closed_on"),
            rule_months(year=OuterRef(OuterRef("claim_year")), headline=OuterRef("headline_id")),
        )
    ).filter(until__gt=today)
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
            Q(state="closed", closed_on__isnull=False)
            & ~Q(Exists(not_yet_sustained))
            & (Q(Exists(problems)) | Q(sustained_until__lte=today))
            & ~Q(closure_reason="stepped_up")
            & ~Q(Exists(Case.objects.filter(rereferral_of_id=OuterRef("pk")))),
            output_field=BooleanField(),
        ),
        evidence_checked=Exists(claim.filter(evidence_checked_on__isnull=False)),
        claimed=Exists(claim.filter(claimed_on__isnull=False)),
    ).annotate(
        eligible=ExpressionWrapper(
            Q(need_count__gte=F("min_needs"))
            & Q(latest_assessment_id__isnull=False)
            & (Q(requires_children=False) | Q(_dependent_child())),
            output_field=BooleanField(),
        )
    )


@dataclass
class FamilyCheck:
    case: Case
    met: list[Condition]
    missing: list[Condition]
    evidence: dict[str, list[str]] = field(default_factory=dict)  # condition key -> lines

    @property
    def met_with_evidence(self) -> list[tuple[Condition, list[str]]]:
        return [(c, self.evidence.get(c.key, [])) for c in self.met]

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
    """Eligible families' cases the user may see (identifiable: managers and coordinators),
    with what evidences each condition annotated (see family_checks)."""
    cases = visible_cases(user)
    if zone_id:
        cases = cases.filter(zone_id=zone_id)
    return (
        _annotate_evidence(annotate_conditions(cases).filter(eligible=True))  # type: ignore[misc]
        .select_related("family", "lead_agency", "lead_practitioner", "zone")
        .order_by("-claimed", "reference")
    )


def _annotate_evidence(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The facts behind the conditions, as sub-queries of the same query."""
    latest = Assessment.objects.filter(pk=OuterRef("latest_assessment_id")).order_by()
    plan = FamilyPlan.objects.filter(case_id=OuterRef("pk")).order_by()
    claim = FamilyClaim.objects.filter(case_id=OuterRef("pk")).order_by()
    return cases.annotate(
        latest_assessment_number=Subquery(latest.values("number")[:1]),
        plan_agreed_version=Subquery(plan.values("agreed_version")[:1]),
        plan_agreed_on=Subquery(
            PlanVersion.objects.filter(
                plan__case_id=OuterRef("pk"), number=F("plan__agreed_version")
            )
            .order_by()
            .values("agreed_on")[:1]
        ),
        actions_done=Coalesce(
            Subquery(
                PlanAction.objects.filter(plan__case_id=OuterRef("pk"), status="done")
                .order_by()
                .values("plan__case_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        last_meeting_held=Subquery(
            TafMeeting.objects.filter(case_id=OuterRef("pk"), status="held")
            .order_by("-starts_at")
            .values("starts_at")[:1]
        ),
        evidence_checked_on=Subquery(claim.values("evidence_checked_on")[:1]),
        evidence_checked_by=Subquery(claim.values("evidence_checked_by__full_name")[:1]),
    )


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value.day} {value:%B %Y}"


def family_checks(cases: list[Case]) -> list[FamilyCheck]:
    """The check of each case (from eligible_cases) with the evidence behind every
    condition met: who leads, when the assessment was signed off, which plan version was
    agreed, what support was given, each need's latest progress, the closure and the
    evidence audit. Two queries for the needs and their progress, whatever the number
    of cases."""
    assessment_ids = [c.latest_assessment_id for c in cases if c.latest_assessment_id]  # type: ignore[attr-defined]
    needs: dict[int, list[HeadlineProblem]] = {}
    for problem in (
        AssessmentProblem.objects.filter(assessment_id__in=assessment_ids)
        .select_related("headline")
        .order_by("headline__number")
    ):
        needs.setdefault(problem.assessment_id, []).append(problem.headline)
    progress: dict[tuple[int, int], tuple[str, dt.date, int]] = {}
    for case_id, headline_id, status, on in (
        ProblemProgress.objects.filter(case_id__in=[c.pk for c in cases])
        .order_by("case_id", "headline_id", "-recorded_on", "-id")
        .values_list("case_id", "headline_id", "status", "recorded_on")
    ):
        key = (case_id, headline_id)
        if key in progress:
            latest_status, latest_on, records = progress[key]
            progress[key] = (latest_status, latest_on, records + 1)
        else:
            progress[key] = (status, on, 1)
    labels = dict(ProgressStatus.choices)
    book = RuleBook.load()
    checks = []
    for case in cases:
        check = check_of(case)
        c: Any = case
        case_needs = needs.get(c.latest_assessment_id, [])
        lines: dict[str, list[str]] = {
            "has_lead": [
                ", ".join(
                    x
                    for x in (
                        case.lead_practitioner.full_name if case.lead_practitioner else "",
                        case.lead_agency.name if case.lead_agency else "",
                    )
                    if x
                )
            ],
            "has_assessment": [
                f"Assessment {c.latest_assessment_number} signed off on {_day(c.latest_signed_on)}"
            ],
            "plan_covers_needs": [
                f"Plan version {c.plan_agreed_version} agreed on {_day(c.plan_agreed_on)}",
                f"Covers all {len(case_needs)} identified needs",
            ],
            "support_given": [
                line
                for line in (
                    f"{c.actions_done} plan action{'s' if c.actions_done != 1 else ''} done"
                    if c.actions_done
                    else "",
                    f"TAF meeting held on {_day(c.last_meeting_held)}"
                    if c.last_meeting_held
                    else "",
                )
                if line
            ],
            "needs_positive": [
                f"{h.number}. {h.name}: {labels.get(found[0], found[0])} on {_day(found[1])}"
                f" ({found[2]} progress record{'s' if found[2] != 1 else ''})"
                for h in case_needs
                if (found := progress.get((case.pk, h.pk)))
            ],
            "sustained": _sustained_lines(case, case_needs, book),
            "evidence_checked": [
                f"Audited on {_day(c.evidence_checked_on)}"
                + (f" by {c.evidence_checked_by}" if c.evidence_checked_by else "")
            ],
        }
        check.evidence = {cond.key: lines.get(cond.key, []) for cond in check.met}
        checks.append(check)
    return checks


def _sustained_lines(case: Case, needs: list[HeadlineProblem], book: RuleBook) -> list[str]:
    """When the outcome was sustained long enough, by the rule of the claim's year."""
    if not case.closed_on:
        return []
    rules = book.months_for(closed_on=case.closed_on, headline_ids=[h.pk for h in needs])
    periods = sorted({rules[h.pk] for h in needs} or {rules[None]})
    months = periods[-1]
    held = f"{months} months" if len(periods) == 1 else f"up to {months} months by outcome"
    return [
        f"Closed on {_day(case.closed_on)}; {held} passed on "
        f"{_day(add_months_to(case.closed_on, months))}, without a step-up or a re-referral"
    ]


def add_months_to(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if it has none)."""
    return months_before(day, -months)


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
        case_event_record(
            event=ReportingEvent.EVIDENCE_AUDITED,
            case=case,
            actor=actor,
            obj=claim,
            title="Supporting Families evidence audited",
            reason="evidence audited",
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
        case_event_record(
            event=ReportingEvent.CLAIM_MADE,
            case=case,
            actor=actor,
            obj=claim,
            title="Supporting Families claim made",
            reason="claim made",
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

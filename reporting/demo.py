"""Demo reporting data for `manage.py seed_demo`: unit costs and spend, child population
and the other administrator figures, a few case file audits and agency self-assessments,
then the scorecard rollup of the last 24 months. Idempotent: running it twice adds
nothing new (the rollup replaces its months)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from partners.demo import email_for
from partners.models import Agency, User, Zone
from partners.roles import Role
from reporting.models import (
    AgencySelfAssessment,
    CaseAudit,
    ChildPopulation,
    EarlyHelpSpend,
    FamiliesEstimate,
    Grade,
    LeadPractitionerTraining,
    Maturity,
    SocialCareFigures,
    UnitCost,
)

UNIT_COSTS = Path(__file__).with_name("unit_costs_example.csv")
SEED = 20260407


def _admin() -> User | None:
    return User.objects.filter(email=email_for("admin")).first()


def _unit_costs(years: list[int]) -> int:
    from reporting.costs.importing import unit_costs_import

    imported = 0
    content = UNIT_COSTS.read_text(encoding="utf-8")
    for year in years:
        if not UnitCost.objects.filter(year=year, zone__isnull=True).exists():
            imported += unit_costs_import(actor=_admin(), content=content, year=year).imported
    return imported


def _figures(years: list[int], rng: random.Random) -> int:
    made = 0
    zones = list(Zone.objects.order_by("name"))
    for year in years:
        _, new = EarlyHelpSpend.objects.get_or_create(
            year=year, zone=None, defaults={"amount_gbp": Decimal("4200000.00"), "note": "Demo"}
        )
        made += new
        total_children = total_families = 0
        for zone in zones:
            children = 9000 + rng.randrange(6000)
            families = children // 2
            total_children += children
            total_families += families
            made += ChildPopulation.objects.get_or_create(
                year=year, zone=zone, defaults={"children": children, "source": "Demo estimate"}
            )[1]
            made += FamiliesEstimate.objects.get_or_create(
                year=year, zone=zone, defaults={"families": families}
            )[1]
            made += SocialCareFigures.objects.get_or_create(
                year=year,
                zone=zone,
                defaults={
                    "children_in_need": children * 33 // 1000,
                    "children_in_care": children * 7 // 1000,
                    "cases_closed": children * 30 // 1000,
                },
            )[1]
        made += ChildPopulation.objects.get_or_create(
            year=year, zone=None, defaults={"children": total_children, "source": "Demo estimate"}
        )[1]
        made += FamiliesEstimate.objects.get_or_create(
            year=year, zone=None, defaults={"families": total_families}
        )[1]
    return made


def _training(rng: random.Random) -> int:
    if LeadPractitionerTraining.objects.exists():
        return 0
    from partners.models import Membership

    today = timezone.localdate()
    rows = []
    for membership in (
        Membership.objects.active().filter(role=Role.PRACTITIONER).select_related("agency")[:25]
    ):
        rows.append(
            LeadPractitionerTraining(
                user=membership.user,
                agency=membership.agency,
                zone=membership.zone,
                completed_on=today - dt.timedelta(days=rng.randrange(30, 700)),
            )
        )
    LeadPractitionerTraining.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _audits(rng: random.Random) -> int:
    from reporting import audits

    if CaseAudit.objects.exists():
        return 0
    auditor = User.objects.filter(email=email_for("manager.north")).first()
    if auditor is None:
        return 0
    try:
        sample = audits.audit_sample_create(
            actor=auditor, criteria=audits.SampleCriteria(method="random", size=6)
        )
    except Exception:
        return 0
    grades = [
        Grade.GOOD,
        Grade.OUTSTANDING,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.GOOD,
        Grade.INADEQUATE,
    ]
    for n, audit in enumerate(sample.audits.select_related("case", "framework")[:5]):
        audit = audits.audit_for(user=auditor, audit_id=audit.pk)
        grade = grades[n % len(grades)]
        audits.audit_save(
            actor=auditor,
            audit=audit,
            version=audit.version,
            answers=[
                audits.AnswerInput(q.pk, rng.choice([grade, Grade.GOOD]), "")
                for q in audits.questions(audit)
            ],
            overall_grade=grade,
            summary="Demo audit.",
            learning="Record the child's own words at every review, not only in the assessment.",
            actions=["Update the family plan after the next review"]
            if grade != Grade.OUTSTANDING
            else [],
            action_due=None,
            complete=True,
        )
    return sample.audits.count()


def _self_assessments(rng: random.Random) -> int:
    from reporting import partnership

    if AgencySelfAssessment.objects.exists():
        return 0
    made = 0
    strands = partnership.strands()
    for agency in Agency.objects.filter(memberships__role=Role.MANAGER).distinct()[:4]:
        manager = User.objects.filter(
            memberships__agency=agency, memberships__role=Role.MANAGER
        ).first()
        if manager is None:
            continue
        partnership.self_assessment_record(
            actor=manager,
            agency=agency,
            ratings={s.pk: (rng.choice(Maturity.values), "") for s in strands},
            pledge_ids=[p.pk for s in strands for p in s.pledges.all() if rng.random() < 0.6],
            notes="Demo self-assessment.",
        )
        made += 1
    return made


def _whole_borough(families: int) -> str:
    return f"Demo borough of {families} families loaded"


def loaded_whole(families: int) -> bool:
    """Whether every builder has run to the end for `families` families: the demo's
    scorecard rebuild, the last step, is marked when it finishes."""
    from reporting.models import RollupRun, RollupStatus

    return RollupRun.objects.filter(
        source="demo", status=RollupStatus.DONE, message=_whole_borough(families)
    ).exists()


def build(*, password: str, families: int, stdout: Any = None, **_: object) -> dict[str, int]:
    from reporting.models import RollupRun
    from reporting.scorecard.services import rollup_now

    rng = random.Random(SEED)
    this_year = timezone.localdate().year
    years = [this_year - 1, this_year]
    with transaction.atomic():
        counts = {
            "unit costs": _unit_costs(years),
            "administrator figures": _figures(years, rng),
            "training records": _training(rng),
            "case file audits": _audits(rng),
            "self-assessments": _self_assessments(rng),
        }
    run = rollup_now(source="demo")
    RollupRun.objects.filter(pk=run.pk).update(message=_whole_borough(families))
    counts["scorecard snapshot rows"] = run.rows
    return counts

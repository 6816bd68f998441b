"""The record of processing (UK GDPR article 30), built from configuration.

Each category names the models that hold it, so the page lists the fields actually held
(from the models themselves); its purposes and lawful bases are declared here once, and
its retention period is read from the schedule a system administrator sets. A council
may replace the categories with the RECORD_OF_PROCESSING setting (same shape).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings

from governance.models import RecordType
from governance.retention import rule_for


@dataclass(frozen=True)
class Category:
    key: str
    title: str
    models: tuple[str, ...]
    purposes: tuple[str, ...]
    lawful_bases: tuple[str, ...]
    record_type: str = RecordType.CLOSED_CASE


PUBLIC_TASK = (
    "UK GDPR article 6(1)(e): public task (Children Act 1989 s.17, Children Act 2004 s.10)"
)
SPECIAL_CATEGORY = (
    "UK GDPR article 9(2)(g) and DPA 2018 schedule 1 paragraph 6 (statutory purposes) and "
    "paragraph 18 (safeguarding of children and individuals at risk)"
)

DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        "identity",
        "Who the family are",
        (
            "cases.Person",
            "cases.PersonIdentifier",
            "cases.Family",
            "cases.HouseholdMember",
            "cases.FamilyNames",
        ),
        ("Identify the family and each person in it", "Match records across agencies"),
        (PUBLIC_TASK, SPECIAL_CATEGORY),
    ),
    Category(
        "casework",
        "Early help casework",
        ("cases.Case", "cases.Enquiry", "cases.CaseNote", "cases.ChronologyEntry"),
        ("Coordinate help for the family", "Keep a chronology of what happened"),
        (PUBLIC_TASK, SPECIAL_CATEGORY),
    ),
    Category(
        "consent",
        "Consent and information sharing",
        ("cases.ConsentRecord", "cases.CaseShare", "cases.Disclosure"),
        ("Record what the family agreed to share, and sharing without consent",),
        (PUBLIC_TASK, "UK GDPR article 6(1)(c): legal obligation (where sharing is required)"),
    ),
    Category(
        "assessment",
        "Assessment and outcomes",
        ("assessments.Assessment", "assessments.AssessmentSection", "assessments.StarReading"),
        ("Understand the family's needs and strengths", "Measure progress"),
        (PUBLIC_TASK, SPECIAL_CATEGORY),
    ),
    Category(
        "plan",
        "Family plans and meetings",
        (
            "family_plans.FamilyPlan",
            "family_plans.PlanOutcome",
            "family_plans.PlanAction",
            "family_plans.TafMeeting",
            "family_plans.FamilyNetworkMeeting",
        ),
        ("Agree and review what will be done, and by whom",),
        (PUBLIC_TASK,),
    ),
    Category(
        "documents",
        "Case documents",
        ("documents.Document",),
        (
            "Keep the papers of the family's help with their case: signed consent forms, "
            "letters, reports and meeting papers",
        ),
        (PUBLIC_TASK, SPECIAL_CATEGORY),
    ),
    Category(
        "family_view",
        "The family's own view",
        ("family_view.FamilyAccess", "family_view.FamilyContribution"),
        (
            "Let family members see and add to their own plan",
            "Record their views, the actions they mark done, their consent and feedback",
        ),
        (PUBLIC_TASK,),
    ),
    Category(
        "audit",
        "Access and audit",
        ("cases.AuditEntry",),
        ("Show who saw and changed each record", "Answer subject access requests"),
        ("UK GDPR article 6(1)(c): legal obligation (article 5(2) accountability)",),
    ),
)


def categories() -> tuple[Category, ...]:
    configured = getattr(settings, "RECORD_OF_PROCESSING", None)
    return tuple(configured) if configured else DEFAULT_CATEGORIES


def record_of_processing() -> list[dict[str, Any]]:
    """Each category with the fields its models hold and its retention period."""
    rows = []
    for category in categories():
        held = []
        for label in category.models:
            model = apps.get_model(label)
            fields = [
                str(f.verbose_name)
                for f in model._meta.concrete_fields
                if not f.primary_key and not f.is_relation
            ]
            held.append(
                {"name": str(model._meta.verbose_name_plural).capitalize(), "fields": fields}
            )
        rule = rule_for(category.record_type)
        period = f"{rule.years_after_closure} years after the family's last case closed"
        if rule.until_youngest_age:
            period += f", or until the youngest child is {rule.until_youngest_age} if later"
        rows.append({"category": category, "held": held, "retention": period, "rule": rule})
    return rows

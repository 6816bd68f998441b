"""Factories and builders for assessments tests (synthetic data only).

`family_case` builds an allocated case with a household and the people around it;
`answers_for` fills every section of an assessment with valid answers, so a test can
complete an assessment through the services in a few lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessments import sections as s
from assessments.models import (
    Assessment,
    MeasureType,
    NeedLevel,
    StarScale,
    StarType,
)
from assessments.selectors import section_context, section_rows
from cases.codes import Relationship
from cases.models import Case
from cases.workflow_states import State
from partners.models import Agency, User
from partners.roles import AgencyKind, Role
from tests.cases.factories import (
    CaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    TeamMemberFactory,
)
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return born - dt.timedelta(days=days)


@dataclass
class FamilyCase:
    case: Case
    council: Agency
    worker: User  # the lead practitioner
    manager: User  # a manager covering the case's zone
    colleague: User  # another practitioner of the lead agency
    partner: User  # a partner viewer whose agency is on the Team Around the Family
    outsider: User  # a partner viewer whose agency is not
    school: Agency
    children: list[Any]
    adults: list[Any]


def family_case(
    *,
    children: int = 3,
    adults: int = 2,
    state: str = State.ALLOCATED,
    opened_days_ago: int = 60,
    child_ages: list[int] | None = None,
) -> FamilyCase:
    """An allocated case for a household of `children` children and `adults` adults."""
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    worker = member(Role.PRACTITIONER, agency=council)
    colleague = member(Role.PRACTITIONER, agency=council)
    # The service's zone manager: of a team that runs the service, not the case's lead.
    manager = member(
        Role.MANAGER, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP), zone=hub.zone
    )
    partner = member(Role.PARTNER_VIEWER, agency=school)
    outsider = member(Role.PARTNER_VIEWER)
    family = FamilyFactory(family_hub=hub, surname="Okafor")
    case = CaseFactory(
        family=family,
        state=state,
        lead_agency=council,
        lead_practitioner=worker,
        opened_on=timezone.localdate() - dt.timedelta(days=opened_days_ago),
    )
    TeamMemberFactory(case=case, agency=school)
    ages = child_ages or [14, 9, 4, 2, 1, 11, 7, 6][:children]
    kids = [
        HouseholdMemberFactory(
            family=family,
            person=PersonFactory(
                family_name="Okafor", given_names=f"Child{n}", date_of_birth=years_ago(age, 10)
            ),
            relationship=Relationship.CHILD,
        ).person
        for n, age in enumerate(ages[:children], start=1)
    ]
    grown = [
        HouseholdMemberFactory(
            family=family,
            person=PersonFactory(
                family_name="Okafor", given_names=f"Parent{n}", date_of_birth=years_ago(35 + n)
            ),
            relationship=Relationship.PARENT,
            is_main_carer=n == 1,
        ).person
        for n in range(1, adults + 1)
    ]
    return FamilyCase(
        case, council, worker, manager, colleague, partner, outsider, school, kids, grown
    )


def default_star() -> StarType:
    return StarType.objects.get(name="Family Star Plus", edition="Edition 1")


def star_scales(star: StarType | None = None) -> list[StarScale]:
    return list((star or default_star()).scales.order_by("number"))


def sdq() -> MeasureType:
    return MeasureType.objects.get(short_name="SDQ total difficulties")


def values_for(
    section: s.SectionDef, context: s.SectionContext, *, problems: int = 3, tag: str = ""
) -> dict[str, Any]:
    """Valid answers for one section ("complete" may be marked)."""
    today = timezone.localdate()
    values: dict[str, Any] = {}
    adults = [m for m in context.members if not m.is_child]
    if section.kind == s.Kind.CONSENT:
        for m in context.members:
            if m.is_unborn:
                continue
            age = m.age_on(today)
            self_ok = not m.is_child or (age is not None and age >= s.SELF_CONSENT_AGE)
            values[f"c{m.person_id}_decision"] = "given"
            values[f"c{m.person_id}_given_by"] = (
                "self" if self_ok else str(adults[0].person_id if adults else "self")
            )
            values[f"c{m.person_id}_method"] = "verbal"
            values[f"c{m.person_id}_date"] = (today - dt.timedelta(days=3)).isoformat()
        values["may_see"] = "Everyone on the Team Around the Family"
        values["confirmed"] = True
        return values
    if section.kind == s.Kind.PROBLEMS:
        for h in context.headlines[:problems]:
            values[f"p{h.id}"] = True
            values[f"p{h.id}_evidence"] = f"Evidence for {h.name}{tag}"
            values[f"p{h.id}_identified_on"] = (today - dt.timedelta(days=10)).isoformat()
        return values
    for f in section.fields:
        if f.kind == s.CHOICE:
            values[f.name] = f.choices[-2][0] if len(f.choices) > 1 else f.choices[0][0]
        elif f.kind == s.TEXT:
            values[f.name] = f"{f.label} of {section.title}{tag}"
    return values


def answers_for(assessment: Assessment, *, problems: int = 3, tag: str = "") -> dict[str, dict]:
    context = section_context(assessment=assessment, rows=section_rows(assessment=assessment))
    return {
        d.key: values_for(d, context, problems=problems, tag=tag)
        for d in s.section_definitions(context)
    }


def complete_assessment(assessment: Assessment, actor: User, **kwargs: Any) -> Assessment:
    """Save every section as completed through the service."""
    from assessments.services import assessment_section_save

    rows = section_rows(assessment=assessment)
    for key, values in answers_for(assessment, **kwargs).items():
        row = rows.get(key)
        assessment_section_save(
            actor=actor,
            assessment=assessment,
            key=key,
            values=values,
            complete=True,
            expected_version=row.version if row else 0,
        )
    assessment.refresh_from_db()
    return assessment


def need_level(number: int) -> NeedLevel:
    return NeedLevel.objects.get(number=number)

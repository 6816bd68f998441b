# mypy: disallow-untyped-defs
"""Supporting Families / Families First: progress per need for a quarter, and the
identifiers file for the national impact study's data linking.

The families worked with in a quarter are the cases allocated by its last day and not
closed before its first. For each, the progress file gives the needs (headline
problems) its latest assessment started by the quarter's end identified, and the
latest progress recorded on each by that day; a need the family does not have is
blank. The identifiers file lists the people of those families with what the
national data linking matches on (names, date of birth, sex, address, NHS number, NI
number): it is personal data in bulk, so only the roles named in the settings
(DATA_LINKING_ROLES) may produce it, and every request and download is audited.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentProblem,
    OutcomeFramework,
    ProblemProgress,
    ProgressStatus,
)
from cases.models import Case, CaseTransition, HouseholdMember, Person, PersonIdentifier
from cases.workflow_states import State
from reporting.models import FamilyClaim
from reporting.returns.tables import ISO_DATE, Cell, Table
from reporting.scorecard.periods import Period

PROGRESS_FIXED_COLUMNS = (
    "Family ID",
    "Case ID",
    "Zone",
    "Lead agency",
    "Start date",
    "End date",
    "Needs identified",
    "Eligible",
)
IDENTIFIER_COLUMNS = (
    "Family ID",
    "Person ID",
    "Family name",
    "Given names",
    "Date of birth",
    "Sex",
    "Address line 1",
    "Address line 2",
    "Town",
    "Postcode",
    "UPRN",
    "NHS number",
    "NI number",
)


def _midnight_after(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def worked_with(cases: QuerySet[Case], quarter: Period) -> QuerySet[Case]:
    """Cases allocated by the quarter's end and not closed before its start."""
    allocated = CaseTransition.objects.filter(
        case=OuterRef("pk"), to_state=State.ALLOCATED, at__lt=_midnight_after(quarter.end)
    )
    return cases.filter(Exists(allocated)).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=quarter.start)
    )


def _framework() -> OutcomeFramework | None:
    return OutcomeFramework.objects.filter(is_current=True).first()


def progress_table(*, cases: QuerySet[Case], quarter: Period) -> Table:
    framework = _framework()
    headlines = list(framework.headlines.order_by("number")) if framework else []
    columns = [*PROGRESS_FIXED_COLUMNS, *(f"Need {h.number}: {h.name}" for h in headlines)]
    columns.append("Claim made")
    table = Table(f"Families First progress {quarter.code}", columns, date_format=ISO_DATE)
    ends = _midnight_after(quarter.end)
    families = list(
        worked_with(cases, quarter)
        .annotate(
            allocated_at=Min("transitions__at", filter=Q(transitions__to_state=State.ALLOCATED)),
        )
        .select_related("zone", "lead_agency")
        .order_by("pk")
    )
    latest = Assessment.objects.filter(
        case__in=[c.pk for c in families], started_at__lt=ends
    ).order_by("case_id", "-number")
    latest_ids: dict[int, int] = {}
    for case_id, assessment_id in latest.values_list("case_id", "pk"):
        latest_ids.setdefault(case_id, assessment_id)
    needs: dict[int, set[int]] = defaultdict(set)
    for assessment_id, headline_id in AssessmentProblem.objects.filter(
        assessment_id__in=latest_ids.values()
    ).values_list("assessment_id", "headline_id"):
        needs[assessment_id].add(headline_id)
    progress: dict[tuple[int, int], str] = {}
    for case_id, headline_id, status in (
        ProblemProgress.objects.filter(case_id__in=latest_ids.keys(), recorded_on__lte=quarter.end)
        .order_by("case_id", "headline_id", "-recorded_on", "-id")
        .values_list("case_id", "headline_id", "status")
    ):
        progress.setdefault((case_id, headline_id), status)
    labels = dict(ProgressStatus.choices)
    claims = dict(
        FamilyClaim.objects.filter(
            case__in=[c.pk for c in families], claimed_on__lte=quarter.end
        ).values_list("case_id", "claimed_on")
    )
    min_needs = framework.min_needs if framework else 3
    for case in families:
        found = needs.get(latest_ids.get(case.pk, 0), set())
        per_need: list[Cell] = []
        for headline in headlines:
            if headline.pk not in found:
                per_need.append(None)
            else:
                latest_status = progress.get((case.pk, headline.pk))
                per_need.append(
                    labels.get(latest_status, latest_status) if latest_status else "Identified"
                )
        allocated_at: dt.datetime = case.allocated_at  # type: ignore[attr-defined]
        table.add(
            [
                str(case.family_id),
                str(case.pk),
                case.zone.name if case.zone else "",
                case.lead_agency.name if case.lead_agency else "",
                timezone.localdate(allocated_at),
                case.closed_on if case.closed_on and case.closed_on <= quarter.end else None,
                len(found),
                "Y" if len(found) >= min_needs else "N",
                *per_need,
                claims.get(case.pk),
            ]
        )
    return table


def identifiers_table(*, cases: QuerySet[Case], quarter: Period) -> Table:
    table = Table(f"Data linking identifiers {quarter.code}", IDENTIFIER_COLUMNS)
    families = worked_with(cases, quarter).values("family_id")
    members = (
        HouseholdMember.objects.filter(family_id__in=families)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=quarter.start))
        .select_related("family")
        .prefetch_related(
            Prefetch(
                "person",
                queryset=Person.objects.prefetch_related(
                    Prefetch(
                        "identifiers",
                        queryset=PersonIdentifier.objects.filter(
                            valid_until__isnull=True,
                            type__in=[
                                PersonIdentifier.Type.NHS_NUMBER,
                                PersonIdentifier.Type.NI_NUMBER,
                            ],
                        ),
                    )
                ),
            )
        )
        .order_by("family_id", "person_id", "pk")
    )
    seen: set[tuple[int, int]] = set()
    for member in members:
        if (member.family_id, member.person_id) in seen:
            continue
        seen.add((member.family_id, member.person_id))
        person, family = member.person, member.family
        numbers = {i.type: i.value for i in person.identifiers.all()}
        table.add(
            [
                str(family.pk),
                str(person.pk),
                person.family_name,
                person.given_names,
                person.date_of_birth or (None if person.expected_date_of_birth else ""),
                person.sex,
                family.address_line_1,
                family.address_line_2 or None,
                family.town,
                family.postcode,
                family.uprn or None,
                numbers.get(PersonIdentifier.Type.NHS_NUMBER),
                numbers.get(PersonIdentifier.Type.NI_NUMBER),
            ]
        )
    return table

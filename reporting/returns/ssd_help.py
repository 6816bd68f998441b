# mypy: disallow-untyped-defs
"""The Standard Safeguarding Dataset tables of the help given: section 17 Family Help
episodes, SDQ scores, special educational needs and the child's voice.

- ssd_cin_episodes: one row per child per case of a type marked "Children in Need
  census" (section 17 Family Help), with the census codes;
- ssd_sdq_scores: every SDQ total difficulties score recorded for a child;
- ssd_send: each person recorded with special educational needs or disability, with
  their current UPN;
- ssd_voice_of_child: the child's wishes and feelings in their own words, as written in
  each assessment (the dataset's Y/N questions are not asked here and stay blank; the
  words, the case and the date are extra columns so the export re-imports in full).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone

from assessments.models import AssessmentSection, MeasureOccasion, MeasureReading
from cases.codes import ContactSource
from cases.models import Case, Person, PersonIdentifier
from cases.workflow_states import ScreeningOutcome
from reporting.returns.tables import ISO_DATE, Table

CIN_COLUMNS = (
    "cine_referral_id",
    "cine_person_id",
    "cine_referral_date",
    "cine_cin_primary_need_code",
    "cine_referral_source_code",
    "cine_referral_source_desc",
    "cine_referral_outcome_json",
    "cine_referral_nfa",
    "cine_close_reason",
    "cine_close_date",
    "cine_referral_team",
    "cine_referral_worker_id",
    "cine_case_id",
)
SDQ_COLUMNS = (
    "csdq_table_id",
    "csdq_person_id",
    "csdq_sdq_completed_date",
    "csdq_sdq_score",
    "csdq_sdq_reason",
    "csdq_case_id",
)
SEND_COLUMNS = ("send_table_id", "send_person_id", "send_upn", "send_uln", "send_upn_unknown")
VOICE_COLUMNS = (
    "voch_table_id",
    "voch_person_id",
    "voch_explained_worries",
    "voch_story_help_understand",
    "voch_agree_worker",
    "voch_plan_safe",
    "voch_tablet_help_explain",
    "voch_case_id",
    "voch_recorded_date",
    "voch_child_words",
)
# The SDQ measure as seeded (assessments/migrations/0002): its total difficulties score.
SDQ = Q(measure__short_name__istartswith="SDQ") | Q(measure__name__istartswith="Strengths and")
SDQ_REASON = dict(MeasureOccasion.choices)


def cin_table(
    cases: QuerySet[Case], about: dict[int, list[Person]], outcome_json: Callable[[str], str]
) -> Table:
    table = Table("ssd_cin_episodes", CIN_COLUMNS, date_format=ISO_DATE)
    labels = dict(ContactSource.choices)
    for case in (
        cases.filter(case_type__cin_census=True)
        .select_related("enquiry", "lead_agency")
        .order_by("pk")
    ):
        enquiry = getattr(case, "enquiry", None)
        source = enquiry.contact_source if enquiry else ""
        for child in about.get(case.pk, []):
            table.add(
                [
                    f"{case.pk}-{child.pk}",
                    str(child.pk),
                    timezone.localdate(enquiry.received_at) if enquiry else case.opened_on,
                    case.cin_primary_need or None,
                    source or None,
                    labels.get(source) if source else None,
                    outcome_json(case.screening_outcome),
                    "Y" if case.screening_outcome == ScreeningOutcome.NO_FURTHER_ACTION else "N",
                    case.cin_closure_reason or None,
                    case.closed_on,
                    case.lead_agency.name if case.lead_agency else None,
                    str(case.lead_practitioner_id) if case.lead_practitioner_id else None,
                    str(case.pk),
                ]
            )
    return table


def sdq_table(cases: QuerySet[Case]) -> Table:
    table = Table("ssd_sdq_scores", SDQ_COLUMNS, date_format=ISO_DATE)
    readings = (
        MeasureReading.objects.filter(SDQ, case__in=cases)
        .order_by("taken_on", "pk")
        .only("pk", "person_id", "taken_on", "score", "occasion", "case_id")
    )
    for reading in readings:
        table.add(
            [
                str(reading.pk),
                str(reading.person_id),
                reading.taken_on,
                reading.score,
                SDQ_REASON.get(reading.occasion, reading.occasion),
                str(reading.case_id),
            ]
        )
    return table


def send_table(people: list[Person], today: dt.date) -> Table:
    table = Table("ssd_send", SEND_COLUMNS, date_format=ISO_DATE)
    for person in people:
        if not person.send:
            continue
        upn = next(
            (
                i.value
                for i in person.identifiers.all()  # prefetched by ssd._people
                if i.type == PersonIdentifier.Type.UPN
                and (i.valid_until is None or i.valid_until > today)
            ),
            None,
        )
        table.add([str(person.pk), str(person.pk), upn, None, "N" if upn else "Y"])
    return table


def voice_table(cases: QuerySet[Case]) -> Table:
    table = Table("ssd_voice_of_child", VOICE_COLUMNS, date_format=ISO_DATE)
    sections = (
        AssessmentSection.objects.filter(
            assessment__case__in=cases, kind="child", person__isnull=False
        )
        .select_related("assessment")
        .order_by("assessment__case_id", "assessment__number", "pk")
    )
    for section in sections:
        words = str((section.data or {}).get("voice") or "").strip()
        if not words:
            continue
        table.add(
            [
                str(section.pk),
                str(section.person_id),
                None,
                None,
                None,
                None,
                None,
                str(section.assessment.case_id),
                timezone.localdate(section.assessment.started_at),
                words,
            ]
        )
    return table

"""Reads about assessments, Outcome Star readings, headline problems and measures.

Every function takes a case the caller has already fetched through
cases.access.access_case (so it is visible to the user) and reads only that case's
rows. Other apps build on these: family plans link actions to `assessed_needs`,
reporting computes `star_distance_travelled` and `headline_problems`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from assessments import sections as s
from assessments.eligibility import Eligibility, programme_eligibility
from assessments.models import (
    Assessment,
    AssessmentProblem,
    AssessmentReview,
    AssessmentSection,
    AssessmentState,
    HeadlineProblem,
    MeasureReading,
    MeasureType,
    NeedLevel,
    OutcomeFramework,
    ProblemProgress,
    SectionStatus,
    StarReading,
    StarScale,
    StarScore,
    StarType,
)
from assessments.star_chart import ChartReading
from cases.models import Case, HouseholdMember, Person
from cases.refusals import refused_outside_case
from cases.selectors import household

# ------------------------------------------------------------------ reference data


def current_framework() -> OutcomeFramework | None:
    return OutcomeFramework.objects.filter(is_current=True).first()


def need_level_choices() -> list[tuple[str, str]]:
    return [(str(level.pk), level.name) for level in NeedLevel.objects.filter(is_active=True)]


def active_star_types() -> list[StarType]:
    return list(StarType.objects.filter(is_active=True).prefetch_related("scales", "bands"))


def star_type_list() -> QuerySet[StarType]:
    """Stars in use, with their scales, for systems that record readings (the API)."""
    return StarType.objects.filter(is_active=True).prefetch_related(
        Prefetch("scales", queryset=StarScale.objects.order_by("number"))
    )


def active_measures() -> QuerySet[MeasureType]:
    return MeasureType.objects.filter(is_active=True).order_by("name")


# ------------------------------------------------------------------ assessments of a case


def case_assessments(*, case: Case) -> list[Assessment]:
    """Every version, oldest first."""
    return list(
        Assessment.objects.filter(case=case)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level")
        .order_by("number")
    )


def assessment_versions(*, case: Case) -> QuerySet[Assessment]:
    """Every version of the case's assessment, as a queryset to page through."""
    return Assessment.objects.filter(case=case).select_related(
        "started_by", "submitted_by", "signed_off_by", "need_level"
    )


def assessment_for(*, case: Case, number: Any) -> Assessment:
    """One version of the case's assessment, or 404."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        raise Http404("No such assessment") from None
    found = (
        Assessment.objects.filter(case=case, number=wanted)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level", "framework")
        .first()
    )
    if found is None:
        raise Http404("No such assessment")
    return found


def latest_assessment(*, case: Case) -> Assessment | None:
    return (
        Assessment.objects.filter(case=case)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level")
        .order_by("-number")
        .first()
    )


def latest_signed_off_assessment(case: Case) -> Assessment | None:
    """The assessment the family's plan and outcomes stand on."""
    return (
        Assessment.objects.filter(case=case, state=AssessmentState.SIGNED_OFF)
        .select_related("need_level", "framework", "signed_off_by")
        .order_by("-number")
        .first()
    )


def assessment_reviews(*, assessment: Assessment) -> list[AssessmentReview]:
    return list(assessment.reviews.select_related("reviewed_by").order_by("-reviewed_at", "-id"))


def section_rows(*, assessment: Assessment) -> dict[str, AssessmentSection]:
    rows = AssessmentSection.objects.filter(assessment=assessment).select_related("updated_by")
    return {row.key: row for row in rows}


def section_answers_at(*, section: AssessmentSection | None, version: int) -> dict[str, Any] | None:
    """A section's answers as they were at `version` (from its field history), if known.

    Version 0 is the section before anyone saved it: no answers.
    """
    if version == 0:
        return {}
    if section is None:
        return None
    events = apps.get_model("assessments", "AssessmentSectionEvent")
    data = (
        events.objects.filter(pgh_obj_id=section.pk, version=version)
        .order_by("-pgh_id")
        .values_list("data", flat=True)
        .first()
    )
    return dict(data) if isinstance(data, dict) else None


def section_context(
    *,
    assessment: Assessment,
    rows: Mapping[str, AssessmentSection] | None = None,
    members: Sequence[HouseholdMember] | None = None,
) -> s.SectionContext:
    """What the assessment's sections depend on: its people, headlines and levels of need.

    A draft is about the household as it is now (and anyone it already has answers
    for); a submitted or signed-off version is about the people its answers name.
    """
    rows = rows if rows is not None else section_rows(assessment=assessment)
    found: dict[int, s.Member] = {}
    if assessment.is_draft:
        current = members if members is not None else household(family=assessment.case.family)
        for hm in current:
            found[hm.person_id] = s.member_of(hm.person, hm.relationship)
    named: set[int] = {row.person_id for row in rows.values() if row.person_id}
    consent = rows.get("consent")
    if consent is not None and not assessment.is_draft:
        named |= s.consent_person_ids(consent.data)
    missing = named - set(found)
    if missing:
        relationships = dict(
            HouseholdMember.objects.filter(
                family_id=assessment.case.family_id, person_id__in=missing
            )
            .order_by("left_on")
            .values_list("person_id", "relationship")
        )
        kinds = {row.person_id: row.kind for row in rows.values() if row.person_id}
        for person in Person.objects.filter(pk__in=missing):
            relationship = relationships.get(person.pk, "")
            member = s.member_of(person, relationship, in_household=False)
            if person.pk in kinds:  # keep the section the answers were given in
                member = s.Member(
                    **{**member.__dict__, "is_child": kinds[person.pk] == s.Kind.CHILD}
                )
            found[person.pk] = member
    ordered = sorted(
        found.values(),
        key=lambda m: (
            not m.is_child,
            m.date_of_birth is None and not m.is_unborn,
            m.date_of_birth or dt.date.max,
            m.person_id,
        ),
    )
    framework = assessment.framework
    headlines: list[s.Headline] = []
    if framework is not None:
        headlines = [
            s.Headline(h.pk, h.number, h.name, h.descriptors)
            for h in HeadlineProblem.objects.filter(framework=framework).order_by("number")
        ]
    return s.SectionContext(
        members=ordered,
        headlines=headlines,
        need_levels=need_level_choices(),
        framework_name=framework.name if framework else "",
    )


@dataclass(frozen=True)
class Task:
    section: s.SectionDef
    status: str
    row: AssessmentSection | None

    @property
    def status_label(self) -> str:
        return SectionStatus(self.status).label


@dataclass(frozen=True)
class TaskGroup:
    heading: str
    tasks: list[Task]


def task_list(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[TaskGroup]:
    """Sections grouped under their headings, each with its status."""
    groups: dict[str, list[Task]] = {heading: [] for heading in s.GROUPS}
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        status = row.status if row is not None else SectionStatus.NOT_STARTED
        groups.setdefault(section.group, []).append(Task(section, status, row))
    return [TaskGroup(heading, tasks) for heading, tasks in groups.items() if tasks]


def incomplete_sections(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[s.SectionDef]:
    return [
        section
        for section in s.section_definitions(context)
        if (row := rows.get(section.key)) is None or row.status != SectionStatus.COMPLETED
    ]


@dataclass(frozen=True)
class SectionAnswers:
    section: s.SectionDef
    status: str
    answers: list[s.Answer]
    row: AssessmentSection | None


def assessment_answers(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[SectionAnswers]:
    """Every section with its answers, for 'check your answers' and the read-only view."""
    shown = []
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        values = row.data if row is not None else {}
        shown.append(
            SectionAnswers(
                section=section,
                status=row.status if row is not None else SectionStatus.NOT_STARTED,
                answers=s.answers(section, values, context),
                row=row,
            )
        )
    return shown


# ------------------------------------------------------------------ comparing versions


@dataclass(frozen=True)
class FieldComparison:
    label: str
    group: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class SectionComparison:
    key: str
    title: str
    group: str
    fields: list[FieldComparison]
    only_in: str = ""  # "before" / "after" when the section exists in one version only

    @property
    def changed(self) -> bool:
        return bool(self.only_in) or any(f.changed for f in self.fields)

    @property
    def changed_count(self) -> int:
        return sum(1 for f in self.fields if f.changed)


def compare_versions(*, before: Assessment, after: Assessment) -> list[SectionComparison]:
    """Section by section, field by field: what changed from one version to another."""
    rows_before = section_rows(assessment=before)
    rows_after = section_rows(assessment=after)
    ctx_before = section_context(assessment=before, rows=rows_before)
    ctx_after = section_context(assessment=after, rows=rows_after)
    defs_before = {d.key: d for d in s.section_definitions(ctx_before)}
    defs_after = {d.key: d for d in s.section_definitions(ctx_after)}
    keys = list(defs_after) + [k for k in defs_before if k not in defs_after]
    out: list[SectionComparison] = []
    for key in keys:
        d_after, d_before = defs_after.get(key), defs_before.get(key)
        definition = d_after or d_before
        if definition is None:
            continue
        values_before = rows_before[key].data if key in rows_before else {}
        values_after = rows_after[key].data if key in rows_after else {}
        names: list[str] = []
        for d in (d_after, d_before):
            for each in d.fields if d else ():
                if each.name not in names:
                    names.append(each.name)
        fields = []
        for name in names:
            f = (d_after.field(name) if d_after else None) or (
                d_before.field(name) if d_before else None
            )
            if f is None:
                continue
            fields.append(
                FieldComparison(
                    label=f.label,
                    group=f.group,
                    before=s.display(f, values_before.get(name), ctx_before),
                    after=s.display(f, values_after.get(name), ctx_after),
                )
            )
        only_in = ""
        if key not in rows_before and key in rows_after:
            only_in = "after"
        elif key in rows_before and key not in rows_after:
            only_in = "before"
        out.append(
            SectionComparison(
                key=key,
                title=definition.title,
                group=definition.group,
                fields=[f for f in fields if f.before or f.after],
                only_in=only_in,
            )
        )
    return out


# ------------------------------------------------------------------ needs and headline problems


@dataclass(frozen=True)
class AssessedNeed:
    """A need the signed-off assessment records, for plans to link their actions to.

    `key` is stable across versions ("child-12", "family"), so a plan can keep its
    links when the family is reassessed.
    """

    key: str
    title: str
    person_id: int | None
    needs: str
    strengths: str


def assessed_needs(case: Case) -> list[AssessedNeed]:
    """The needs of every child, adult and the family in the latest signed-off assessment."""
    assessment = latest_signed_off_assessment(case)
    if assessment is None:
        return []
    rows = section_rows(assessment=assessment)
    context = section_context(assessment=assessment, rows=rows)
    found = []
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        if row is None or "needs" not in section.field_names:
            continue
        needs = str(row.data.get("needs", "")).strip()
        if needs:
            found.append(
                AssessedNeed(
                    key=section.key,
                    title=section.title,
                    person_id=section.person_id,
                    needs=needs,
                    strengths=str(row.data.get("strengths", "")).strip(),
                )
            )
    return found


@dataclass(frozen=True)
class ProblemSummary:
    headline_id: int
    number: int
    name: str
    evidence: str
    identified_on: dt.date | None
    progress: ProblemProgress | None


def headline_problems(case: Case, *, assessment: Assessment | None = None) -> list[ProblemSummary]:
    """The family's headline problems (latest signed-off assessment) with latest progress."""
    assessment = assessment or latest_signed_off_assessment(case)
    if assessment is None:
        return []
    problems = list(
        AssessmentProblem.objects.filter(assessment=assessment)
        .select_related("headline")
        .order_by("headline__number")
    )
    latest: dict[int, ProblemProgress] = {}
    progress = (
        ProblemProgress.objects.filter(case=case, headline_id__in=[p.headline_id for p in problems])
        .select_related("recorded_by")
        .order_by("headline_id", "-recorded_on", "-id")
        .distinct("headline_id")
    )
    for row in progress:
        latest[row.headline_id] = row
    return [
        ProblemSummary(
            headline_id=p.headline_id,
            number=p.headline.number,
            name=p.headline.name,
            evidence=p.evidence,
            identified_on=p.identified_on,
            progress=latest.get(p.headline_id),
        )
        for p in problems
    ]


def problem_progress_history(*, case: Case) -> list[ProblemProgress]:
    return list(
        ProblemProgress.objects.filter(case=case)
        .select_related("headline", "recorded_by")
        .order_by("-recorded_on", "-id")
    )


def family_eligibility(case: Case) -> Eligibility | None:
    """Whether the family meets its framework's rule, from the signed-off assessment."""
    assessment = latest_signed_off_assessment(case)
    if assessment is None or assessment.framework is None:
        return None
    framework = assessment.framework
    problems = headline_problems(case, assessment=assessment)
    today = timezone.localdate()
    people = [hm.person for hm in household(family=case.family)]
    dependent = sum(1 for p in people if p.date_of_birth and p.is_child_on(today))
    expecting = any(p.is_unborn for p in people)
    return programme_eligibility(
        framework=framework.name,
        min_needs=framework.min_needs,
        headline_count=framework.headlines.count(),
        requires_dependent_children=framework.requires_dependent_children,
        needs=[p.name for p in problems],
        dependent_children=dependent,
        expecting=expecting,
    )


# ------------------------------------------------------------------ Outcome Star


def star_readings(*, case: Case) -> QuerySet[StarReading]:
    """The case's readings, oldest first, with their scores and who was present."""
    return (
        StarReading.objects.filter(case=case)
        .select_related("star_type", "recorded_by", "paired_with")
        .prefetch_related(
            Prefetch("scores", queryset=StarScore.objects.select_related("scale")),
            Prefetch("present", queryset=Person.objects.order_by("given_names")),
        )
        .order_by("taken_on", "id")
    )


def star_reading_for(*, case: Case, reading_id: Any) -> StarReading:
    try:
        pk = int(reading_id)
    except (TypeError, ValueError):
        raise Http404("No such reading") from None
    reading = star_readings(case=case).filter(pk=pk).first()
    if reading is None:
        raise refused_outside_case(case=case, model=StarReading, pk=pk, what="reading")
    return reading


@dataclass(frozen=True)
class ScaleChange:
    scale: str
    first: int | None
    latest: int | None
    band: str

    @property
    def change(self) -> int | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass
class DistanceTravelled:
    """Last confirmed reading minus first confirmed reading, per scale and in total."""

    star_type: StarType
    first: StarReading
    latest: StarReading
    readings: int
    scales: list[ScaleChange] = field(default_factory=list)

    @property
    def total_first(self) -> int:
        return sum(c.first or 0 for c in self.scales)

    @property
    def total_latest(self) -> int:
        return sum(c.latest or 0 for c in self.scales)

    @property
    def total_change(self) -> int:
        return sum(c.change or 0 for c in self.scales)


def _band_name(bands: Sequence[Any], value: int | None) -> str:
    if value is None:
        return ""
    return next((b.name for b in bands if b.low <= value <= b.high), "")


def _main_star_type(readings: Sequence[StarReading]) -> StarType | None:
    """The star of the first confirmed reading: distance is measured on one star."""
    confirmed = [r for r in readings if r.counts_in_reports]
    return confirmed[0].star_type if confirmed else None


def distance_from(readings: Sequence[StarReading]) -> DistanceTravelled | None:
    """Distance travelled from already-loaded readings (oldest first)."""
    star_type = _main_star_type(readings)
    if star_type is None:
        return None
    confirmed = [r for r in readings if r.counts_in_reports and r.star_type_id == star_type.pk]
    first, latest = confirmed[0], confirmed[-1]
    scales = list(StarScale.objects.filter(star_type=star_type).order_by("number"))
    bands = list(star_type.bands.all())
    first_values = {sc.scale_id: sc.value for sc in first.scores.all()}
    latest_values = {sc.scale_id: sc.value for sc in latest.scores.all()}
    return DistanceTravelled(
        star_type=star_type,
        first=first,
        latest=latest,
        readings=len(confirmed),
        scales=[
            ScaleChange(
                scale=scale.name,
                first=first_values.get(scale.pk),
                latest=latest_values.get(scale.pk),
                band=_band_name(bands, latest_values.get(scale.pk)),
            )
            for scale in scales
        ],
    )


def star_distance_travelled(case: Case) -> DistanceTravelled | None:
    """First against latest confirmed reading of the case's star (None without readings)."""
    return distance_from(list(star_readings(case=case)))


@dataclass
class StarPage:
    readings: list[StarReading]
    distance: DistanceTravelled | None
    scales: list[str]
    chart: list[ChartReading]
    star_name: str


def star_page(*, case: Case) -> StarPage:
    """Everything the Outcome Star tab shows, in a fixed number of queries."""
    readings = list(star_readings(case=case))
    distance = distance_from(readings)
    if distance is None:
        return StarPage(readings, None, [], [], "")
    star_type = distance.star_type
    scale_rows = list(StarScale.objects.filter(star_type=star_type).order_by("number"))
    confirmed = [r for r in readings if r.counts_in_reports and r.star_type_id == star_type.pk]

    def values(reading: StarReading) -> list[int | None]:
        by_scale = {sc.scale_id: sc.value for sc in reading.scores.all()}
        return [by_scale.get(scale.pk) for scale in scale_rows]

    def label(reading: StarReading) -> str:
        return f"{reading.get_occasion_display()}, {reading.taken_on.day} {reading.taken_on:%B %Y}"

    chart = [ChartReading(label(r), values(r)) for r in confirmed]
    return StarPage(readings, distance, [sc.name for sc in scale_rows], chart, str(star_type))


# ------------------------------------------------------------------ measures


def measure_readings(*, case: Case) -> list[MeasureReading]:
    return list(
        MeasureReading.objects.filter(case=case)
        .select_related("measure", "person", "recorded_by")
        .order_by("measure__name", "person__given_names", "taken_on", "id")
    )


@dataclass(frozen=True)
class MeasureChange:
    measure: MeasureType
    person: Person
    first: MeasureReading
    latest: MeasureReading

    @property
    def change(self) -> int:
        return self.latest.score - self.first.score

    @property
    def improved(self) -> bool:
        if self.change == 0:
            return False
        return (self.change > 0) == self.measure.higher_is_better


def measure_changes(readings: Sequence[MeasureReading]) -> list[MeasureChange]:
    """Before against after for each person and measure with two or more readings."""
    grouped: dict[tuple[int, int], list[MeasureReading]] = {}
    for reading in readings:
        grouped.setdefault((reading.measure_id, reading.person_id), []).append(reading)
    changes = []
    for rows in grouped.values():
        if len(rows) >= 2:
            ordered = sorted(rows, key=lambda r: (r.taken_on, r.pk))
            changes.append(
                MeasureChange(ordered[0].measure, ordered[0].person, ordered[0], ordered[-1])
            )
    return changes


def household_people(*, case: Case) -> list[Person]:
    return [hm.person for hm in household(family=case.family)]

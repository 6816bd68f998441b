# mypy: disallow-untyped-defs
"""Ofsted ILACS Annex A: List 1 (contacts) and List 2 (early help).

The lists cover the six months before the inspection date, up to and including it.

- List 1 has one row per child per contact: every enquiry received in the window, a
  row for each child it is about (a contact about three children is three rows).
- List 2 has one row per child per early help assessment started in the window, plus
  the current early help interventions (cases allocated and not closed on the
  inspection date), however long ago they began: each with its latest assessment, or
  with blank assessment dates if none has started. A completion date is the sign-off
  date, blank when the assessment was not signed off by the inspection date.

Every mandatory cell is filled, or the row is left out and the reason given on the
data quality page (`AnnexA.left_out`). What the guidance asks of each column:

- Child Unique ID, Gender, Ethnicity: always filled. A gender never recorded is
  `c) Not stated/recorded` and an ethnicity never asked is `s) NOBT`: both are codes of
  the lists, and the data quality page names the children whose record lacks them.
- Date of Birth and Age of Child: mandatory. A child with neither a date of birth nor
  an expected date of birth is left out of both lists.
- Date of Contact (List 1): the date the enquiry was received, always known.
- Contact Source (List 1): mandatory. An enquiry whose source was not recorded is
  `u) 10: Unknown` (the census code for it), and listed on the data quality page.
- Assessment start date (List 2): mandatory. List 2 is of early help assessments: a
  current intervention whose assessment has not started by the inspection date is not
  an assessment yet, so it is left out with that reason (and joins the list once the
  assessment starts).
- Assessment completion date: blank while not completed, as the guidance says.
- Organisation completing assessment: mandatory; the assessing organisation, or the
  lead agency. An assessment with neither is left out.

Ages are whole years at the inspection date; an unborn child is -1 and its expected
date of birth stands in the date of birth column. The Child Unique ID is the
product's own stable id of the person (never the NHS number). Codes come from the
record as stored (cases/codes.py) with the lettered prefixes DATA-RETURNS.md lists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from assessments.models import Assessment, AssessmentSection
from cases.codes import (
    CONTACT_SOURCE_ANNEX_A,
    ETHNICITY_ANNEX_A,
    GENDER_ANNEX_A,
    Gender,
    Relationship,
)
from cases.models import Case, CaseTransition, Enquiry, HouseholdMember, Person
from cases.workflow_states import State
from cases.working_days import months_before
from reporting.returns.tables import UK_DATE, Cell, Table

LIST_1 = "List 1 - Contacts"
LIST_2 = "List 2 - Early Help"

LIST_1_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of Contact",
    "Contact Source",
)
LIST_2_COLUMNS = (
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
)

# Coded answers that say the record does not know (a refusal is an answer, not this).
UNKNOWN_CODES = frozenset(
    {
        GENDER_ANNEX_A[Gender.NOT_STATED],
        ETHNICITY_ANNEX_A["NOBT"],
        CONTACT_SOURCE_ANNEX_A["10"],
    }
)


@dataclass(frozen=True)
class Window:
    """The six months before the inspection date, both ends included."""

    inspection_date: dt.date

    @property
    def start(self) -> dt.date:
        return months_before(self.inspection_date, 6)

    @property
    def starts_at(self) -> dt.datetime:
        return _midnight(self.start)

    @property
    def ends_before(self) -> dt.datetime:
        """The first moment after the inspection date."""
        return _midnight(self.inspection_date + dt.timedelta(days=1))


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class LeftOut:
    """A row a list would have had, left out because a mandatory cell would be blank."""

    list_name: str
    person: Person
    case: Case
    reason: str


NO_DATE_OF_BIRTH = (
    "No date of birth or expected date of birth (Date of Birth and Age are mandatory)"
)
NO_ASSESSMENT = (
    "Allocated for early help, but no assessment started by the inspection date "
    "(Assessment start date is mandatory)"
)
NO_ORGANISATION = "No assessing organisation or lead agency (mandatory on List 2)"


@dataclass
class AnnexA:
    window: Window
    contacts: Table
    early_help: Table
    # Every child on either list, with the latest case that put them there: what the
    # data quality page checks and links to.
    children: dict[int, tuple[Person, Case]] = field(default_factory=dict)
    # Contacts whose source would be blank or "unknown" on List 1.
    contacts_without_source: list[Enquiry] = field(default_factory=list)
    # Rows left out, each with the reason: shown on the data quality page.
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [self.contacts, self.early_help]


def child_cells(person: Person, on: dt.date) -> list[Cell]:
    """The five columns both lists start with."""
    gender = Gender(person.gender) if person.gender in Gender.values else Gender.NOT_STATED
    return [
        str(person.pk),
        GENDER_ANNEX_A[gender],
        ETHNICITY_ANNEX_A.get(person.ethnicity, ETHNICITY_ANNEX_A["NOBT"]),
        person.date_of_birth or person.expected_date_of_birth or "",
        _or_blank(person.age_on(on)),
    ]


def _or_blank(value: int | None) -> Cell:
    return "" if value is None else value


def _contacts(cases: QuerySet[Case], window: Window, lists: AnnexA) -> None:
    table = lists.contacts
    enquiries = (
        Enquiry.objects.filter(
            case__in=cases,
            received_at__gte=window.starts_at,
            received_at__lt=window.ends_before,
        )
        .select_related("case", "raised_by_agency")
        .prefetch_related(Prefetch("children", queryset=Person.objects.order_by("pk")))
        .order_by("received_at", "pk")
    )
    for enquiry in enquiries:
        received = timezone.localdate(enquiry.received_at)
        source = CONTACT_SOURCE_ANNEX_A.get(enquiry.contact_source, "")
        if source in ("", CONTACT_SOURCE_ANNEX_A["10"]):
            lists.contacts_without_source.append(enquiry)
            source = CONTACT_SOURCE_ANNEX_A["10"]
        for child in enquiry.children.all():
            lists.children[child.pk] = (child, enquiry.case)
            if not _has_birth_date(child):
                lists.left_out.append(LeftOut(LIST_1, child, enquiry.case, NO_DATE_OF_BIRTH))
                continue
            table.add([*child_cells(child, window.inspection_date), received, source])


def _has_birth_date(person: Person) -> bool:
    return bool(person.date_of_birth or person.expected_date_of_birth)


def _assessed_children(assessments: list[Assessment]) -> dict[int, list[Person]]:
    """The children each assessment has a section for, by assessment id."""
    sections = (
        AssessmentSection.objects.filter(
            assessment__in=assessments, kind="child", person__isnull=False
        )
        .select_related("person")
        .order_by("person_id")
    )
    children: dict[int, list[Person]] = defaultdict(list)
    for section in sections:
        if section.person is not None:
            children[section.assessment_id].append(section.person)
    return children


def _household_children(families: set[int], window: Window) -> dict[int, list[Person]]:
    """Children living in each family during the window, by family id."""
    members = (
        HouseholdMember.objects.filter(
            family_id__in=families,
            relationship=Relationship.CHILD,
            joined_on__lte=window.inspection_date,
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=window.start))
        .select_related("person")
        .order_by("person_id")
    )
    children: dict[int, list[Person]] = defaultdict(list)
    for member in members:
        if member.person not in children[member.family_id]:
            children[member.family_id].append(member.person)
    return children


def current_interventions(cases: QuerySet[Case], on: dt.date) -> QuerySet[Case]:
    """Cases allocated on or before the date and not closed by it."""
    allocated = CaseTransition.objects.filter(
        case=OuterRef("pk"), to_state=State.ALLOCATED, at__lt=_midnight(on + dt.timedelta(days=1))
    )
    return cases.filter(Exists(allocated), opened_on__lte=on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on)
    )


def _early_help(cases: QuerySet[Case], window: Window, lists: AnnexA) -> None:
    table = lists.early_help
    on = window.inspection_date
    started_by_then = Assessment.objects.filter(started_at__lt=window.ends_before)
    in_window = list(
        started_by_then.filter(case__in=cases, started_at__gte=window.starts_at)
        .select_related("organisation", "case__lead_agency", "case__family")
        .order_by("started_at", "pk")
    )
    open_cases: list[Case] = list(
        current_interventions(cases, on)
        .select_related("lead_agency", "family")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=started_by_then.select_related("organisation").order_by("-number"),
                to_attr="assessments_by_then",
            )
        )
        .order_by("opened_on", "pk")
    )
    listed = {a.pk for a in in_window}
    rows: list[tuple[Case, Assessment | None]] = [(a.case, a) for a in in_window]
    for open_case in open_cases:
        by_then: list[Assessment] = open_case.assessments_by_then  # type: ignore[attr-defined]
        latest = by_then[0] if by_then else None
        if latest is None or latest.pk not in listed:
            rows.append((open_case, latest))
    assessed = _assessed_children([a for _, a in rows if a is not None])
    household = _household_children({case.family_id for case, _ in rows}, window)
    for case, assessment in rows:
        children = (assessed.get(assessment.pk) if assessment else None) or household.get(
            case.family_id, []
        )
        organisation = (
            assessment.organisation if assessment and assessment.organisation else case.lead_agency
        )
        started = timezone.localdate(assessment.started_at) if assessment else None
        signed_off = (
            assessment.signed_off_at
            if assessment
            and assessment.signed_off_at
            and assessment.signed_off_at < window.ends_before
            else None
        )
        completed = timezone.localdate(signed_off) if signed_off else None
        for child in children:
            lists.children[child.pk] = (child, case)
            reason = (
                NO_ASSESSMENT
                if assessment is None
                else NO_ORGANISATION
                if organisation is None
                else ""
                if _has_birth_date(child)
                else NO_DATE_OF_BIRTH
            )
            if reason:
                lists.left_out.append(LeftOut(LIST_2, child, case, reason))
                continue
            table.add(
                [
                    *child_cells(child, on),
                    started,
                    completed,
                    organisation.name if organisation else "",
                ]
            )


def annex_a(*, cases: QuerySet[Case], inspection_date: dt.date) -> AnnexA:
    """Both lists for the cases given (the requester's visible cases, or every case)."""
    window = Window(inspection_date)
    lists = AnnexA(
        window,
        Table(LIST_1, LIST_1_COLUMNS, date_format=UK_DATE, unknown_values=UNKNOWN_CODES),
        Table(LIST_2, LIST_2_COLUMNS, date_format=UK_DATE, unknown_values=UNKNOWN_CODES),
    )
    _contacts(cases, window, lists)
    _early_help(cases, window, lists)
    return lists

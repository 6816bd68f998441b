# mypy: disallow-untyped-defs
"""Before an inspection or a return: the records that would give a blank or an unknown.

For the requester's cases it lists, with a link to put each right:
- children on either Annex A list whose record lacks a code the lists and the dataset
  need (ethnicity not yet obtained, gender or sex not recorded, no date of birth, or an
  expected date of birth that has passed);
- contacts whose source is blank or "unknown";
- rows left out of the Annex A lists because a mandatory cell would be blank, with the
  reason (reporting/returns/annex_a.py says what each column needs);
- active agencies whose kind has no contact source mapping (every enquiry they raise
  would have a blank source), for the system administrator to map;
- section 17 Family Help episodes without a primary need code, or closed without a
  reason for closure code (the Children in Need census fields).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cases.codes import Ethnicity, Gender, Sex
from cases.contact_sources import agencies_without_a_source
from cases.models import Case, Enquiry, Person
from partners.models import Agency
from reporting.returns.annex_a import LeftOut, annex_a


@dataclass(frozen=True)
class ChildProblem:
    person: Person
    case: Case
    problems: list[str]


@dataclass
class DataQuality:
    inspection_date: dt.date
    children: list[ChildProblem] = field(default_factory=list)
    contacts_without_source: list[Enquiry] = field(default_factory=list)
    agencies_without_source: list[Agency] = field(default_factory=list)
    census_episodes: list[tuple[Case, list[str]]] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not (
            self.children
            or self.contacts_without_source
            or self.agencies_without_source
            or self.census_episodes
            or self.left_out
        )


def person_problems(person: Person, on: dt.date) -> list[str]:
    """What a return would lack for this person, in words a practitioner can act on."""
    problems = []
    if person.ethnicity == Ethnicity.NOBT:
        problems.append("Ethnicity not yet obtained")
    if person.gender == Gender.NOT_STATED:
        problems.append("Gender not recorded")
    if person.sex == Sex.UNKNOWN:
        problems.append("Sex not recorded")
    if person.date_of_birth is None and person.expected_date_of_birth is None:
        problems.append("No date of birth")
    elif person.date_of_birth is None and (person.expected_date_of_birth or on) < on:
        problems.append("Expected date of birth has passed: record the date of birth")
    return problems


def census_problems(cases: QuerySet[Case]) -> list[tuple[Case, list[str]]]:
    episodes = (
        cases.filter(case_type__cin_census=True)
        .filter(Q(cin_primary_need="") | Q(closed_on__isnull=False, cin_closure_reason=""))
        .select_related("family", "case_type")
        .order_by("opened_on", "pk")
    )
    found = []
    for case in episodes:
        problems = []
        if not case.cin_primary_need:
            problems.append("No primary need code")
        if case.closed_on and not case.cin_closure_reason:
            problems.append("Closed without a reason for closure code")
        found.append((case, problems))
    return found


def data_quality(*, cases: QuerySet[Case], inspection_date: dt.date) -> DataQuality:
    lists = annex_a(cases=cases, inspection_date=inspection_date)
    report = DataQuality(inspection_date)
    for person, case in sorted(
        lists.children.values(), key=lambda pc: (pc[0].family_name, pc[0].given_names, pc[0].pk)
    ):
        problems = person_problems(person, inspection_date)
        if problems:
            report.children.append(ChildProblem(person, case, problems))
    report.contacts_without_source = lists.contacts_without_source
    report.left_out = lists.left_out
    report.agencies_without_source = list(agencies_without_a_source())
    report.census_episodes = census_problems(cases)
    return report

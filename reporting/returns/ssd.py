# mypy: disallow-untyped-defs
"""The Standard Safeguarding Dataset (data-to-insight) tables this product can fill.

Councils pull every case system into the dataset's tables for their warehouse and
returns. Field names are the dataset's own; dates are yyyy-mm-dd; codes are the ones
the dataset documents (sex F/M/U, gender 00/01/02/09, DfE ethnicity, CIN contact
source). What is written, per table:

- ssd_person: every person in the families of the cases covered;
- ssd_family: each person's membership of a household (the family id is ours);
- ssd_linked_identifiers: NHS numbers, UPNs, NI numbers and local ids, with validity;
- ssd_contacts: one row per child per enquiry, with the screening outcome as the
  dataset's outcome flags;
- ssd_early_help_episodes: one row per child per case that reached allocation, from
  the allocation date to closure;
- ssd_involvements: lead practitioners (with their history) and named Team Around the
  Family members, per child of the episode;
- ssd_professionals: everyone named in an episode or involvement;
- ssd_address: each member's address while in the household;
- ssd_disability: each person's recorded disability;
- ssd_cin_episodes, ssd_sdq_scores, ssd_send and ssd_voice_of_child: see ssd_help.py.

Where this product holds more than the dataset's columns (names, the household, the case
behind a contact), extra columns follow the dataset's own, so that an export imports
back in full (reporting/moving_in/).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from cases.codes import ContactSource, Gender, Relationship, Sex
from cases.models import (
    Case,
    CaseTeamMember,
    Enquiry,
    HouseholdMember,
    LeadPractitionerAssignment,
    Person,
    PersonIdentifier,
)
from cases.models.enquiries import ConcernCategory
from cases.workflow_states import OPEN_STATES, ClosureReason, ScreeningOutcome, State
from partners.models import Membership, User
from reporting.returns.ssd_help import cin_table, sdq_table, send_table, voice_table
from reporting.returns.tables import ISO_DATE, Cell, Table

PERSON_COLUMNS = (
    "pers_person_id",
    "pers_sex",
    "pers_gender",
    "pers_ethnicity",
    "pers_dob",
    "pers_common_child_id",
    "pers_legacy_id",
    "pers_upn_unknown",
    "pers_send_flag",
    "pers_expected_dob",
    "pers_death_date",
    "pers_is_mother",
    "pers_nationality",
    # The dataset's optional name fields, and what this product also holds of a person.
    "pers_forename",
    "pers_surname",
    "pers_preferred_name",
    "pers_dob_estimated",
)
# The dataset's two columns, then the household details this product holds (so that an
# export re-imports in full: see reporting/moving_in/).
FAMILY_COLUMNS = (
    "fami_family_id",
    "fami_person_id",
    "fami_family_name",
    "fami_relationship",
    "fami_main_carer",
    "fami_joined_date",
    "fami_left_date",
)
ADDRESS_COLUMNS = (
    "addr_table_id",
    "addr_person_id",
    "addr_address_json",
    "addr_address_postcode",
    "addr_address_start_date",
    "addr_address_end_date",
)
DISABILITY_COLUMNS = ("disa_table_id", "disa_person_id", "disa_disability_code")
IDENTIFIER_COLUMNS = (
    "link_table_id",
    "link_person_id",
    "link_identifier_type",
    "link_identifier_value",
    "link_valid_from_date",
    "link_valid_to_date",
)
CONTACT_COLUMNS = (
    "cont_contact_id",
    "cont_person_id",
    "cont_contact_date",
    "cont_contact_source_code",
    "cont_contact_source_desc",
    "cont_contact_outcome_json",
    # What this product also holds of the case the contact opened (reporting/moving_in/
    # reads them back): the case's id and household, its state, type, screening outcome
    # and closure (dates yyyy-mm-dd, codes as stored here).
    "cont_case_id",
    "cont_family_id",
    "cont_case_state",
    "cont_case_type",
    "cont_screening_outcome",
    "cont_closed_date",
    "cont_closure_reason",
)
EPISODE_COLUMNS = (
    "earl_episode_id",
    "earl_person_id",
    "earl_episode_start_date",
    "earl_episode_end_date",
    "earl_episode_reason",
    "earl_episode_end_reason",
    "earl_episode_organisation",
    "earl_episode_worker_id",
    "earl_case_id",  # the case (one per family) the child's episode belongs to
)
INVOLVEMENT_COLUMNS = (
    "invo_involvements_id",
    "invo_professional_id",
    "invo_professional_role_id",
    "invo_professional_team",
    "invo_involvement_start_date",
    "invo_involvement_end_date",
    "invo_worker_change_reason",
    "invo_person_id",
    "invo_referral_id",
)
PROFESSIONAL_COLUMNS = (
    "prof_professional_id",
    "prof_staff_id",
    "prof_professional_name",
    "prof_social_worker_registration_no",
    "prof_professional_job_title",
    "prof_professional_caseload",
    "prof_professional_department",
    "prof_full_time_equivalency",
    "prof_agency_worker_flag",
)

SSD_GENDER = {Gender.MALE: "01", Gender.FEMALE: "02", Gender.NOT_STATED: "00", Gender.NEITHER: "09"}
SSD_IDENTIFIER_TYPE = {
    PersonIdentifier.Type.NHS_NUMBER: "NHS Number",
    PersonIdentifier.Type.UPN: "Unique Pupil Number",
    PersonIdentifier.Type.NI_NUMBER: "National Insurance Number",
    PersonIdentifier.Type.LOCAL_ID: "Case Number",
}
OUTCOME_FLAGS = (
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)
# The flag each screening decision raises; early help and single-agency support are
# "other outcomes" to the dataset, a step-up is a new referral to social care.
OUTCOME_FLAG_OF = {
    ScreeningOutcome.STEP_UP: "NEW_REFERRAL_FLAG",
    ScreeningOutcome.NO_FURTHER_ACTION: "NFA_FLAG",
    ScreeningOutcome.SIGNPOST: "ADVICE_FLAG",
    ScreeningOutcome.EARLY_HELP_ASSESSMENT: "OTHER_OUTCOMES_EXIST_FLAG",
    ScreeningOutcome.SINGLE_AGENCY: "OTHER_OUTCOMES_EXIST_FLAG",
}
END_REASON = {
    ClosureReason.NEEDS_MET: "Outcomes met",
    ClosureReason.STEPPED_UP: "Step-up",
    ClosureReason.FAMILY_DECLINED: "Family declined",
    ClosureReason.MOVED_AWAY: "Moved away",
    ClosureReason.OTHER: "Other",
}
TABLE_NAMES = (
    "ssd_person",
    "ssd_family",
    "ssd_linked_identifiers",
    "ssd_contacts",
    "ssd_early_help_episodes",
    "ssd_involvements",
    "ssd_professionals",
    "ssd_address",
    "ssd_disability",
    "ssd_cin_episodes",
    "ssd_sdq_scores",
    "ssd_send",
    "ssd_voice_of_child",
)


def outcome_json(screening_outcome: str) -> str:
    """Every key the dataset defines, Y for the decision's flag, N for the rest."""
    raised = OUTCOME_FLAG_OF.get(screening_outcome)  # type: ignore[call-overload]
    return json.dumps({flag: "Y" if flag == raised else "N" for flag in OUTCOME_FLAGS})


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


def _people(family_ids: set[int]) -> list[Person]:
    return list(
        Person.objects.filter(households__family_id__in=family_ids)
        .distinct()
        .prefetch_related(
            Prefetch("identifiers", queryset=PersonIdentifier.objects.order_by("valid_from", "pk"))
        )
        .order_by("pk")
    )


def _young_mothers(people: list[Person], today: dt.date) -> set[int]:
    """Children (under 18) who are a parent in some household, and not recorded male."""
    parents = set(
        HouseholdMember.objects.filter(
            person__in=people, relationship=Relationship.PARENT
        ).values_list("person_id", flat=True)
    )
    return {
        p.pk
        for p in people
        if p.pk in parents and p.sex != Sex.MALE and (p.age_on(today) or 99) < 18
    }


def _person_table(people: list[Person], today: dt.date) -> tuple[Table, Table]:
    persons = Table("ssd_person", PERSON_COLUMNS, date_format=ISO_DATE)
    identifiers = Table("ssd_linked_identifiers", IDENTIFIER_COLUMNS, date_format=ISO_DATE)
    mothers = _young_mothers(people, today)
    for person in people:
        current = {
            i.type: i.value
            for i in person.identifiers.all()
            if i.valid_until is None or i.valid_until > today
        }
        persons.add(
            [
                str(person.pk),
                person.sex,
                SSD_GENDER.get(Gender(person.gender), "00"),
                person.ethnicity,
                person.date_of_birth or (None if person.expected_date_of_birth else ""),
                current.get(PersonIdentifier.Type.NHS_NUMBER),
                current.get(PersonIdentifier.Type.LOCAL_ID),
                None,
                "Y" if person.send else "N",
                person.expected_date_of_birth if person.date_of_birth is None else None,
                None,
                "Y" if person.pk in mothers else "N",
                None,
                person.given_names,
                person.family_name,
                person.preferred_name or None,
                "Y" if person.date_of_birth_accuracy == Person.DobAccuracy.ESTIMATED else "N",
            ]
        )
        for identifier in person.identifiers.all():
            identifiers.add(
                [
                    str(identifier.pk),
                    str(person.pk),
                    SSD_IDENTIFIER_TYPE[PersonIdentifier.Type(identifier.type)],
                    identifier.value,
                    identifier.valid_from,
                    identifier.valid_until,
                ]
            )
    return persons, identifiers


def _family_table(family_ids: set[int]) -> tuple[Table, Table]:
    """Household memberships, and each member's address while in the household (the
    address is the household's: one row per membership, keyed family-person)."""
    table = Table("ssd_family", FAMILY_COLUMNS, date_format=ISO_DATE)
    addresses = Table("ssd_address", ADDRESS_COLUMNS, date_format=ISO_DATE)
    for member in (
        HouseholdMember.objects.filter(family_id__in=family_ids)
        .select_related("family")
        .order_by("family_id", "person_id", "joined_on", "pk")
    ):
        family = member.family
        table.add(
            [
                str(family.pk),
                str(member.person_id),
                family.name,
                member.relationship,
                "Y" if member.is_main_carer else "N",
                member.joined_on,
                member.left_on,
            ]
        )
        address = {
            "line_1": family.address_line_1,
            "line_2": family.address_line_2,
            "town": family.town,
            "uprn": family.uprn,
            "language": family.language,
            "interpreter_needed": family.interpreter_needed,
        }
        addresses.add(
            [
                f"{family.pk}-{member.person_id}-{member.joined_on.isoformat()}",
                str(member.person_id),
                json.dumps(address, sort_keys=True),
                family.postcode,
                member.joined_on,
                member.left_on,
            ]
        )
    return table, addresses


def _disability_table(people: list[Person]) -> Table:
    """The disability as recorded (free text here; the dataset expects a code)."""
    table = Table("ssd_disability", DISABILITY_COLUMNS)
    for person in people:
        if person.disability.strip():
            table.add([str(person.pk), str(person.pk), person.disability])
    return table


def _contact_table(cases: QuerySet[Case]) -> tuple[Table, dict[int, list[Person]]]:
    """Contacts, and the children each case's enquiry is about (by case id)."""
    table = Table("ssd_contacts", CONTACT_COLUMNS, date_format=ISO_DATE)
    about: dict[int, list[Person]] = defaultdict(list)
    enquiries = (
        Enquiry.objects.filter(case__in=cases)
        .select_related("case", "case__case_type")
        .prefetch_related(Prefetch("children", queryset=Person.objects.order_by("pk")))
        .order_by("received_at", "pk")
    )
    labels = dict(ContactSource.choices)
    for enquiry in enquiries:
        for child in enquiry.children.all():
            about[enquiry.case_id].append(child)
            table.add(
                [
                    f"{enquiry.pk}-{child.pk}",
                    str(child.pk),
                    timezone.localdate(enquiry.received_at),
                    enquiry.contact_source,
                    labels.get(enquiry.contact_source, ""),
                    outcome_json(enquiry.case.screening_outcome),
                    *_case_cells(enquiry.case),
                ]
            )
    return table, about


def _case_cells(case: Case) -> list[Cell]:
    return [
        str(case.pk),
        str(case.family_id),
        case.state,
        case.case_type.name if case.case_type else None,
        case.screening_outcome or None,
        case.closed_on,
        case.closure_reason or None,
    ]


def _end_reason(case: Case) -> Cell:
    if not case.closed_on:
        return None
    if case.closure_reason in ClosureReason.values:
        return END_REASON[ClosureReason(case.closure_reason)]
    return case.closure_label or ""


def _episode_table(
    cases: QuerySet[Case], about: dict[int, list[Person]]
) -> tuple[Table, list[Case]]:
    table = Table("ssd_early_help_episodes", EPISODE_COLUMNS, date_format=ISO_DATE)
    episodes: list[Case] = list(
        cases.annotate(
            allocated_at=Min("transitions__at", filter=Q(transitions__to_state=State.ALLOCATED))
        )
        .filter(allocated_at__isnull=False)
        .select_related("lead_agency", "enquiry")
        .order_by("pk")
    )
    concern_labels = dict(ConcernCategory.choices)
    for case in episodes:
        enquiry = getattr(case, "enquiry", None)
        reason = "; ".join(
            concern_labels.get(c, c) for c in (enquiry.concern_categories if enquiry else [])
        )
        for child in about.get(case.pk, []):
            table.add(
                [
                    f"{case.pk}-{child.pk}",
                    str(child.pk),
                    _day(case.allocated_at),  # type: ignore[attr-defined]
                    case.closed_on,
                    reason,
                    _end_reason(case),
                    case.lead_agency.name if case.lead_agency else "",
                    str(case.lead_practitioner_id) if case.lead_practitioner_id else "",
                    str(case.pk),
                ]
            )
    return table, episodes


def _involvement_table(
    episodes: list[Case], about: dict[int, list[Person]]
) -> tuple[Table, set[int]]:
    table = Table("ssd_involvements", INVOLVEMENT_COLUMNS, date_format=ISO_DATE)
    professionals: set[int] = set()
    leads = (
        LeadPractitionerAssignment.objects.filter(case__in=episodes)
        .select_related("agency")
        .order_by("case_id", "started_at", "pk")
    )
    first_of_case: set[int] = set()
    for assignment in leads:
        reason = "FCONTA" if assignment.case_id not in first_of_case else "OTHERS"
        first_of_case.add(assignment.case_id)
        professionals.add(assignment.user_id)
        for child in about.get(assignment.case_id, []):
            table.add(
                [
                    f"L{assignment.pk}-{child.pk}",
                    str(assignment.user_id),
                    "Lead practitioner",
                    assignment.agency.name,
                    _day(assignment.started_at),
                    _day(assignment.ended_at),
                    reason,
                    str(child.pk),
                    str(assignment.case_id),
                ]
            )
    members = (
        CaseTeamMember.objects.filter(case__in=episodes, user__isnull=False)
        .select_related("agency")
        .order_by("case_id", "started_on", "pk")
    )
    for member in members:
        if member.user_id is None:
            continue
        professionals.add(member.user_id)
        for child in about.get(member.case_id, []):
            table.add(
                [
                    f"T{member.pk}-{child.pk}",
                    str(member.user_id),
                    member.role_on_case or "Team Around the Family member",
                    member.agency.name,
                    member.started_on,
                    member.ended_on,
                    None,
                    str(child.pk),
                    str(member.case_id),
                ]
            )
    return table, professionals


def _professional_table(user_ids: Iterable[int]) -> Table:
    table = Table("ssd_professionals", PROFESSIONAL_COLUMNS)
    users = (
        User.objects.filter(pk__in=set(user_ids))
        .annotate(
            caseload=Count("led_cases", filter=Q(led_cases__state__in=OPEN_STATES), distinct=True)
        )
        .order_by("pk")
    )
    agencies: dict[int, set[str]] = defaultdict(set)
    for user_id, name in Membership.objects.filter(
        user_id__in=set(user_ids), ended_on__isnull=True
    ).values_list("user_id", "agency__name"):
        agencies[user_id].add(name)
    for user in users:
        table.add(
            [
                str(user.pk),
                user.email,  # how this product knows its staff: ssd_import matches on it
                user.full_name,
                None,
                user.job_title or None,
                user.caseload,  # type: ignore[attr-defined]
                "; ".join(sorted(agencies[user.pk])),
                None,
                None,
            ]
        )
    return table


def household_tables(*, family_ids: set[int], today: dt.date | None = None) -> list[Table]:
    """ssd_person, ssd_family, ssd_linked_identifiers, ssd_address and ssd_disability for
    the households given: what `manage.py ssd_import` reads back."""
    today = today or timezone.localdate()
    people = _people(family_ids)
    persons, identifiers = _person_table(people, today)
    families, addresses = _family_table(family_ids)
    return [persons, families, identifiers, addresses, _disability_table(people)]


def ssd_tables(*, cases: QuerySet[Case], today: dt.date | None = None) -> list[Table]:
    """The tables, in TABLE_NAMES order, for the cases given."""
    today = today or timezone.localdate()
    family_ids = set(cases.values_list("family_id", flat=True))
    people = _people(family_ids)
    persons, identifiers = _person_table(people, today)
    contacts, about = _contact_table(cases)
    episodes, episode_cases = _episode_table(cases, about)
    involvements, professional_ids = _involvement_table(episode_cases, about)
    professional_ids |= {c.lead_practitioner_id for c in episode_cases if c.lead_practitioner_id}
    families, addresses = _family_table(family_ids)
    return [
        persons,
        families,
        identifiers,
        contacts,
        episodes,
        involvements,
        _professional_table(professional_ids),
        addresses,
        _disability_table(people),
        cin_table(cases, about, outcome_json),
        sdq_table(cases),
        send_table(people, today),
        voice_table(cases),
    ]

# mypy: disallow-untyped-defs
"""Checking the casework tables of the Standard Safeguarding Dataset before anything is
written: professionals, contacts (each opens a case), early help episodes, involvements,
section 17 episodes, SDQ scores, special educational needs and the child's voice.

A case is keyed by `cont_case_id` (this product's extra column), or else by the contact's
own id. An episode, involvement, census episode, score or voice names its case by its
`..._case_id` / `invo_referral_id`; an episode without one belongs to its child's latest
contact on or before the episode's start."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from assessments.models import MeasureOccasion, MeasureType
from cases.codes import CinClosureReason, ContactSource, PrimaryNeed
from cases.models import CaseType
from cases.workflow_states import CLOSURE_LABELS, ScreeningOutcome, State
from partners.models import Agency
from reporting.moving_in.ssd_rows import Bundle, Row, check_dates, read_csv, read_households, unique

CASEWORK = (
    "ssd_professionals",
    "ssd_contacts",
    "ssd_early_help_episodes",
    "ssd_involvements",
    "ssd_cin_episodes",
    "ssd_sdq_scores",
    "ssd_send",
    "ssd_voice_of_child",
)
LEAD_ROLE = "Lead practitioner"
TEAM_ROLE = "Team Around the Family member"
OCCASION_OF = {label: code for code, label in MeasureOccasion.choices} | {
    code: code for code in MeasureOccasion.values
}
CASE_FIELDS = (
    "cont_family_id",
    "cont_case_state",
    "cont_case_type",
    "cont_screening_outcome",
    "cont_closed_date",
    "cont_closure_reason",
)


@dataclass
class CaseIndex:
    """The cases the contacts open, and what the other tables hang on them."""

    contacts: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    episodes: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    # Each child's contacts and episodes as (date, case), to join rows without an id.
    contacted: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    helped: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    agencies: dict[str, Agency] = field(default_factory=dict)
    case_types: dict[str, CaseType] = field(default_factory=dict)
    sdq: MeasureType | None = None

    def departments(self, row: Row) -> list[str]:
        return [d.strip() for d in row.get("prof_professional_department").split(";") if d.strip()]


def case_of_contact(row: Row) -> str:
    return row.get("cont_case_id") or row.get("cont_contact_id")


def _latest(dated: list[tuple[str, str]], start: str) -> str:
    """The case of the latest (date, case) on or before `start` (yyyy-mm-dd text)."""
    return max(((d, c) for d, c in dated if d <= start), default=("", ""))[1]


def episode_case(index: CaseIndex, row: Row) -> str:
    """The case an episode row belongs to (see the module's note)."""
    if row.get("earl_case_id"):
        return row.get("earl_case_id")
    return _latest(index.contacted[row.get("earl_person_id")], row.get("earl_episode_start_date"))


def involvement_case(index: CaseIndex, row: Row) -> str:
    """The case an involvement belongs to: `invo_referral_id` when it names a case with an
    early help episode, or else the child's episode running on the involvement's start."""
    if row.get("invo_referral_id") in index.episodes:
        return row.get("invo_referral_id")
    return _latest(index.helped[row.get("invo_person_id")], row.get("invo_involvement_start_date"))


def involvement_key(row: Row, case: str = "") -> str:
    """One lead practitioner period or team membership, whichever children it names."""
    return "|".join(
        [case or row.get("invo_referral_id")]
        + [
            row.get(c)
            for c in (
                "invo_professional_id",
                "invo_professional_role_id",
                "invo_involvement_start_date",
            )
        ]
    )


def _check_professionals(bundle: Bundle, index: CaseIndex) -> set[str]:
    table = "ssd_professionals"
    ids = unique(bundle, table, "prof_professional_id")
    staff: set[str] = set()
    for row in bundle.rows(table):
        if not row.get("prof_professional_name"):
            bundle.flag(table, row, "prof_professional_name is blank")
        staff_id = row.get("prof_staff_id").lower()
        if staff_id and staff_id in staff:
            bundle.flag(table, row, f"prof_staff_id {staff_id} appears more than once")
        staff.add(staff_id)
        for name in index.departments(row):
            if name not in index.agencies:
                bundle.flag(table, row, f"there is no agency named '{name}': add it first")
    return ids


def _check_contacts(bundle: Bundle, people: set[str], families: set[str], index: CaseIndex) -> None:
    table = "ssd_contacts"
    unique(bundle, table, "cont_contact_id")
    member_of = {r.get("fami_person_id") for r in bundle.rows("ssd_family")}
    for row in bundle.rows(table):
        index.contacts[case_of_contact(row)].append(row)
        index.contacted[row.get("cont_person_id")].append(
            (row.get("cont_contact_date"), case_of_contact(row))
        )
        if row.get("cont_person_id") not in people:
            bundle.flag(table, row, f"no person {row.get('cont_person_id')} in ssd_person")
        elif not row.get("cont_family_id") and row.get("cont_person_id") not in member_of:
            bundle.flag(table, row, "the child is in no household of ssd_family")
        if not row.get("cont_contact_date"):
            bundle.flag(table, row, "cont_contact_date is blank")
        check_dates(bundle, table, row, "cont_contact_date", "cont_closed_date")
        checks = (
            ("cont_contact_source_code", ContactSource.values),
            ("cont_case_state", State.values),
            ("cont_screening_outcome", ScreeningOutcome.values),
            ("cont_closure_reason", list(CLOSURE_LABELS)),
            ("cont_case_type", list(index.case_types)),
        )
        for column, allowed in checks:
            if row.get(column) and row.get(column) not in allowed:
                bundle.flag(table, row, f"{column} '{row.get(column)}' is not known here")
        if row.get("cont_family_id") and row.get("cont_family_id") not in families:
            bundle.flag(table, row, f"no household {row.get('cont_family_id')} in ssd_family")
    for rows in index.contacts.values():
        first = rows[0]
        for row in rows[1:]:
            differ = [c for c in CASE_FIELDS if row.get(c) != first.get(c)]
            if differ:
                bundle.flag(table, row, f"{', '.join(differ)} differ from line {first.line}")


def _check_episodes(bundle: Bundle, people: set[str], staff: set[str], index: CaseIndex) -> None:
    table = "ssd_early_help_episodes"
    unique(bundle, table, "earl_episode_id")
    for row in bundle.rows(table):
        if row.get("earl_person_id") not in people:
            bundle.flag(table, row, f"no person {row.get('earl_person_id')} in ssd_person")
        if not row.get("earl_episode_start_date"):
            bundle.flag(table, row, "earl_episode_start_date is blank")
        check_dates(bundle, table, row, "earl_episode_start_date", "earl_episode_end_date")
        organisation = row.get("earl_episode_organisation")
        if organisation and organisation not in index.agencies:
            bundle.flag(table, row, f"there is no agency named '{organisation}': add it first")
        if row.get("earl_episode_worker_id") and row.get("earl_episode_worker_id") not in staff:
            bundle.flag(table, row, "its worker is not in ssd_professionals")
        case = episode_case(index, row)
        if case not in index.contacts:
            bundle.flag(table, row, "no contact in ssd_contacts opened its case")
        else:
            index.episodes[case].append(row)
            index.helped[row.get("earl_person_id")].append(
                (row.get("earl_episode_start_date"), case)
            )


def _check_involvements(
    bundle: Bundle, people: set[str], staff: set[str], index: CaseIndex
) -> None:
    table = "ssd_involvements"
    unique(bundle, table, "invo_involvements_id")
    open_leads: dict[str, set[str]] = defaultdict(set)
    for row in bundle.rows(table):
        if row.get("invo_person_id") not in people:
            bundle.flag(table, row, f"no person {row.get('invo_person_id')} in ssd_person")
        if row.get("invo_professional_id") not in staff:
            bundle.flag(table, row, "its professional is not in ssd_professionals")
        case = involvement_case(index, row)
        if not case:
            bundle.flag(table, row, "no early help episode of the child's holds it")
        team = row.get("invo_professional_team")
        if team not in index.agencies:
            bundle.flag(table, row, f"there is no agency named '{team}': add it first")
        if not row.get("invo_involvement_start_date"):
            bundle.flag(table, row, "invo_involvement_start_date is blank")
        check_dates(bundle, table, row, "invo_involvement_start_date", "invo_involvement_end_date")
        if row.get("invo_professional_role_id") == LEAD_ROLE and not row.get(
            "invo_involvement_end_date"
        ):
            open_leads[case].add(involvement_key(row, case))
            if len(open_leads[case]) > 1:
                bundle.flag(table, row, "a second current lead practitioner for the same case")


def _check_help(bundle: Bundle, people: set[str], index: CaseIndex) -> None:
    for table, key, person, case in (
        ("ssd_cin_episodes", "cine_referral_id", "cine_person_id", "cine_case_id"),
        ("ssd_sdq_scores", "csdq_table_id", "csdq_person_id", "csdq_case_id"),
        ("ssd_voice_of_child", "voch_table_id", "voch_person_id", "voch_case_id"),
        ("ssd_send", "send_table_id", "send_person_id", ""),
    ):
        unique(bundle, table, key)
        for row in bundle.rows(table):
            if row.get(person) not in people:
                bundle.flag(table, row, f"no person {row.get(person)} in ssd_person")
            if case and row.get(case) not in index.contacts:
                bundle.flag(table, row, f"{case} names no case opened in ssd_contacts")
    census = [t for t in index.case_types.values() if t.cin_census]
    for row in bundle.rows("ssd_cin_episodes"):
        if not census:
            bundle.flag("ssd_cin_episodes", row, "no case type is marked for the census")
        for column, allowed in (
            ("cine_cin_primary_need_code", PrimaryNeed.values),
            ("cine_close_reason", CinClosureReason.values),
        ):
            if row.get(column) and row.get(column) not in allowed:
                bundle.flag("ssd_cin_episodes", row, f"{column} '{row.get(column)}' is not a code")
    for row in bundle.rows("ssd_sdq_scores"):
        check_dates(bundle, "ssd_sdq_scores", row, "csdq_sdq_completed_date")
        if not row.get("csdq_sdq_completed_date"):
            bundle.flag("ssd_sdq_scores", row, "csdq_sdq_completed_date is blank")
        if index.sdq is None:
            bundle.flag("ssd_sdq_scores", row, "the SDQ measure is not set up here")
            continue
        score = row.get("csdq_sdq_score")
        if not score.isdigit() or not index.sdq.min_score <= int(score) <= index.sdq.max_score:
            bundle.flag("ssd_sdq_scores", row, f"csdq_sdq_score '{score}' is not 0 to 40")
        if row.get("csdq_sdq_reason") and row.get("csdq_sdq_reason") not in OCCASION_OF:
            bundle.flag("ssd_sdq_scores", row, "csdq_sdq_reason is not before, during or after")
    seen: set[tuple[str, str, str]] = set()
    for row in bundle.rows("ssd_voice_of_child"):
        check_dates(bundle, "ssd_voice_of_child", row, "voch_recorded_date")
        if not row.get("voch_recorded_date") or not row.get("voch_child_words"):
            bundle.flag("ssd_voice_of_child", row, "voch_recorded_date or voch_child_words blank")
        voice = (row.get("voch_case_id"), row.get("voch_recorded_date"), row.get("voch_person_id"))
        if voice in seen:
            bundle.flag("ssd_voice_of_child", row, "the child's voice twice for one assessment")
        seen.add(voice)


def check_casework(bundle: Bundle, people: set[str]) -> CaseIndex:
    """Check every casework row; return the cases found, for the writer."""
    index = CaseIndex(
        agencies={a.name: a for a in Agency.objects.all()},
        case_types={t.name: t for t in CaseType.objects.all()},
        sdq=MeasureType.objects.filter(short_name__istartswith="SDQ").order_by("pk").first(),
    )
    families = {r.get("fami_family_id") for r in bundle.rows("ssd_family")}
    staff = _check_professionals(bundle, index)
    _check_contacts(bundle, people, families, index)
    _check_episodes(bundle, people, staff, index)
    _check_involvements(bundle, people, staff, index)
    _check_help(bundle, people, index)
    return index


def read_bundle(folder: Path) -> tuple[Bundle, CaseIndex]:
    """Every table present in `folder`, checked; and the cases found."""
    bundle, people = read_households(folder)
    for name in CASEWORK:
        path = folder / f"{name}.csv"
        if path.exists():
            bundle.tables[name] = read_csv(path)
    return bundle, check_casework(bundle, people)

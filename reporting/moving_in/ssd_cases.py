# mypy: disallow-untyped-defs
"""Writing the casework tables of the Standard Safeguarding Dataset, after every row has
been checked (ssd_case_rows.py): professionals, then one case per contact group with its
enquiry, allocation and closure, its lead practitioners and team, its section 17 codes,
SDQ scores and the child's voice.

Professionals are matched to this product's staff by `prof_staff_id` when it is the email
address of someone already here (they are left as they are); anyone else is created as
inactive staff of the agencies named in `prof_professional_department`, with no usable
password, to be invited or activated by an administrator. What the dataset does not
carry (who raised an enquiry, who allocated a case) is recorded as the import's actor."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentSection,
    AssessmentSource,
    AssessmentState,
    MeasureReading,
    SectionStatus,
)
from cases.models import Case, CaseTeamMember, CaseTransition, Enquiry, Family, Person
from cases.models import LeadPractitionerAssignment as Lead
from cases.models.enquiries import ConcernCategory, FamilyConsent
from cases.workflow_states import ScreeningOutcome, State
from partners.models import Membership, User
from partners.roles import Role
from reporting.models import ImportedRecord
from reporting.moving_in.ssd_case_rows import (
    LEAD_ROLE,
    OCCASION_OF,
    TEAM_ROLE,
    CaseIndex,
    involvement_case,
    involvement_key,
)
from reporting.moving_in.ssd_rows import Bundle, Row, parse_date
from reporting.returns.ssd import END_REASON

Put = Callable[[type[models.Model], str, str, dict[str, Any]], Any]
# An inactive account that can never sign in ("!" marks a password as unusable).
NO_PASSWORD = "!moved-in"  # noqa: S105 (not a password: marks there is none)
IMPORT_ACTOR_EMAIL = "moving-in@earlyhelp.invalid"
CATEGORY_OF = {label: code for code, label in ConcernCategory.choices} | {
    code: code for code in ConcernCategory.values
}
# A contact never allocated, with no state given: closed at the front door on its date,
# with the outcome its flags show.
OUTCOME_OF_FLAG = {
    "NEW_REFERRAL_FLAG": ScreeningOutcome.STEP_UP,
    "NFA_FLAG": ScreeningOutcome.NO_FURTHER_ACTION,
    "ADVICE_FLAG": ScreeningOutcome.SIGNPOST,
    "OTHER_OUTCOMES_EXIST_FLAG": ScreeningOutcome.EARLY_HELP_ASSESSMENT,
}


def noon(value: dt.date | None) -> dt.datetime | None:
    """A day held as a moment: midday, local time, so that its date never shifts."""
    if value is None:
        return None
    return timezone.make_aware(dt.datetime.combine(value, dt.time(12)))


def import_actor(actor: User | None) -> User:
    """Who the records say did what the dataset does not name: the person running the
    import, or an inactive account standing for the previous system."""
    if actor is not None:
        return actor
    user, _ = User.objects.get_or_create(
        email=IMPORT_ACTOR_EMAIL,
        defaults={
            "full_name": "Moved in from the previous system",
            "is_active": False,
            "password": NO_PASSWORD,
        },
    )
    return user


class CaseworkWriter:
    def __init__(
        self,
        bundle: Bundle,
        index: CaseIndex,
        put: Put,
        remember: Callable[[str, str, models.Model], None],
        actor: User,
    ) -> None:
        self.bundle, self.index, self.put, self.remember = bundle, index, put, remember
        self.actor = actor
        self.staff: dict[str, User] = {}
        self.cases: dict[str, Case] = {}
        self.first_household: dict[str, str] = {}

    # --------------------------------------------------------------------- professionals

    def professionals(self, known: dict[tuple[str, str], ImportedRecord]) -> None:
        for row in self.bundle.rows("ssd_professionals"):
            source_id = row.get("prof_professional_id")
            email = row.get("prof_staff_id").lower()
            made = known.get(("ssd_professionals", source_id))
            matched = known.get(("ssd_professionals_matched", source_id))
            if matched is not None:
                user = User.objects.filter(pk=matched.object_id).first()
            elif made is None and "@" in email:
                user = User.objects.filter(email__iexact=email).first()
            else:
                user = None
            if user is not None:  # staff already here: used, never changed
                self.remember("ssd_professionals_matched", source_id, user)
                self.staff[source_id] = user
                continue
            if made is not None:
                user = User.objects.filter(pk=made.object_id).first()
                if user is not None and (user.is_active or user.last_login):
                    # Given access since it was made: the account is theirs now.
                    self.remember("ssd_professionals", source_id, user)
                    self.staff[source_id] = user
                    continue
            values = {
                "email": email if "@" in email else f"ssd-{source_id}@earlyhelp.invalid",
                "full_name": row.get("prof_professional_name"),
                "job_title": row.get("prof_professional_job_title"),
            }
            user = self.put(User, "ssd_professionals", source_id, values)
            if not user.password:  # just made: inactive, and no password can sign in
                user.is_active = False
                user.set_unusable_password()
                user.save(update_fields=["is_active", "password"])
            self.staff[source_id] = user
            for name in self.index.departments(row):
                self.put(
                    Membership,
                    "ssd_professional_memberships",
                    f"{source_id}|{name}",
                    {"user": user, "agency": self.index.agencies[name], "role": Role.PRACTITIONER},
                )

    # --------------------------------------------------------------------------- cases

    def _state(self, first: Row, episodes: list[Row]) -> tuple[str, dt.date | None, str]:
        """The case's state, closure date and closure reason."""
        if first.get("cont_case_state"):
            return (
                first.get("cont_case_state"),
                parse_date(first.get("cont_closed_date")),
                first.get("cont_closure_reason"),
            )
        if episodes:
            ends = [parse_date(e.get("earl_episode_end_date")) for e in episodes]
            if all(ends):
                said = episodes[-1].get("earl_episode_end_reason")
                reason = next((c for c, label in END_REASON.items() if label == said), "other")
                return State.CLOSED, max(e for e in ends if e), reason
            return State.ALLOCATED, None, ""
        return State.CLOSED, parse_date(first.get("cont_contact_date")), self._outcome(first)

    def _outcome(self, row: Row) -> str:
        if row.get("cont_screening_outcome"):
            return row.get("cont_screening_outcome")
        flags = row.get("cont_contact_outcome_json")
        return next((o for f, o in OUTCOME_OF_FLAG.items() if f'"{f}": "Y"' in flags), "")

    def _family(self, first: Row, families: dict[str, Family]) -> Family:
        if first.get("cont_family_id"):
            return families[first.get("cont_family_id")]
        if not self.first_household:
            for row in self.bundle.rows("ssd_family"):
                self.first_household.setdefault(
                    row.get("fami_person_id"), row.get("fami_family_id")
                )
        return families[self.first_household[first.get("cont_person_id")]]

    def cases_and_enquiries(self, people: dict[str, Person], families: dict[str, Family]) -> None:
        census = [t for t in self.index.case_types.values() if t.cin_census]
        cin = {r.get("cine_case_id"): r for r in self.bundle.rows("ssd_cin_episodes")}
        for key, contacts in self.index.contacts.items():
            first = contacts[0]
            episodes = self.index.episodes.get(key, [])
            state, closed_on, closure_reason = self._state(first, episodes)
            opened = parse_date(first.get("cont_contact_date"))
            starts = [parse_date(e.get("earl_episode_start_date")) for e in episodes]
            started = min((d for d in starts if d), default=None)
            lead = episodes[0] if episodes else None
            family = self._family(first, families)
            case_type = self.index.case_types.get(first.get("cont_case_type"))
            if case_type is None and key in cin and census:
                case_type = census[0]
            values: dict[str, Any] = {
                "family": family,
                "zone": family.zone,
                "family_hub": family.family_hub,
                "state": state,
                "state_changed_at": noon(closed_on or started or opened),
                "opened_on": opened,
                "closed_on": closed_on,
                "closure_reason": closure_reason,
                "screening_outcome": self._outcome(first),
                "case_type": case_type,
                "lead_agency": self.index.agencies.get(lead.get("earl_episode_organisation"))
                if lead
                else None,
                "lead_practitioner": self.staff.get(lead.get("earl_episode_worker_id"))
                if lead
                else None,
                "cin_primary_need": cin[key].get("cine_cin_primary_need_code")
                if key in cin
                else "",
                "cin_closure_reason": cin[key].get("cine_close_reason") if key in cin else "",
            }
            case: Case = self.put(Case, "ssd_case", key, values)
            if case.reference is None:
                prefix = getattr(settings, "CASE_REFERENCE_PREFIX", "EH")
                case.reference = f"{prefix}{case.pk:06d}"
                case.save(update_fields=["reference"])
            self.cases[key] = case
            self._enquiry(key, case, contacts, episodes, people)
            if started is not None:
                self._transition(
                    key, case, "allocate", State.AWAITING_ALLOCATION, State.ALLOCATED, started
                )
            if closed_on is not None:
                self._transition(key, case, "close", State.CLOSING, State.CLOSED, closed_on)

    def _enquiry(
        self,
        key: str,
        case: Case,
        contacts: list[Row],
        episodes: list[Row],
        people: dict[str, Person],
    ) -> None:
        first = contacts[0]
        reason = episodes[0].get("earl_episode_reason") if episodes else ""
        parts = [p.strip() for p in reason.split(";") if p.strip()]
        values = {
            "case": case,
            "received_at": noon(parse_date(first.get("cont_contact_date"))),
            "raised_by": self.actor,
            "contact_source": first.get("cont_contact_source_code"),
            "concern_categories": [CATEGORY_OF[p] for p in parts if p in CATEGORY_OF],
            "concerns": reason or "Recorded in the previous system.",
            # The dataset does not say; consent is recorded on the case afterwards.
            "family_consent": FamilyConsent.NOT_TOLD,
        }
        enquiry: Enquiry = self.put(Enquiry, "ssd_contacts", key, values)
        children = [people[r.get("cont_person_id")] for r in contacts]
        if set(enquiry.children.values_list("pk", flat=True)) != {c.pk for c in children}:
            enquiry.children.set(children)

    def _transition(
        self, key: str, case: Case, name: str, source: str, target: str, on: dt.date
    ) -> None:
        values = {
            "case": case,
            "name": name,
            "from_state": source,
            "to_state": target,
            "at": noon(on),
            "actor": self.actor,
            "reason": "Recorded in the previous system.",
        }
        self.put(CaseTransition, f"ssd_case_{name}", key, values)

    # ---------------------------------------------------------------------- involvements

    def involvements(self) -> None:
        groups: dict[str, Row] = {}
        case_of: dict[str, str] = {}
        for row in self.bundle.rows("ssd_involvements"):
            case_key = involvement_case(self.index, row)
            key = involvement_key(row, case_key)
            groups.setdefault(key, row)
            case_of[key] = case_key
        # Periods that ended first, so that a case never has two current leads.
        ordered = sorted(
            groups.items(),
            key=lambda kv: (
                kv[1].get("invo_involvement_end_date") == "",
                kv[1].get("invo_involvement_start_date"),
            ),
        )
        for key, row in ordered:
            case = self.cases[case_of[key]]
            user = self.staff[row.get("invo_professional_id")]
            agency = self.index.agencies[row.get("invo_professional_team")]
            start = parse_date(row.get("invo_involvement_start_date"))
            end = parse_date(row.get("invo_involvement_end_date"))
            role = row.get("invo_professional_role_id")
            if role == LEAD_ROLE:
                values: dict[str, Any] = {
                    "case": case,
                    "user": user,
                    "agency": agency,
                    "started_at": noon(start),
                    "ended_at": noon(end),
                    "assigned_by": self.actor,
                    "ended_by": self.actor if end else None,
                    "reason": "Recorded in the previous system.",
                }
                self.put(Lead, "ssd_involvements", key, values)
            else:
                values = {
                    "case": case,
                    "user": user,
                    "agency": agency,
                    "role_on_case": "" if role == TEAM_ROLE else role,
                    "started_on": start,
                    "ended_on": end,
                    "added_by": self.actor,
                }
                self.put(CaseTeamMember, "ssd_involvements", key, values)

    # ------------------------------------------------------------- scores and the voice

    def scores_and_voice(self, people: dict[str, Person]) -> None:
        for row in self.bundle.rows("ssd_sdq_scores"):
            values: dict[str, Any] = {
                "case": self.cases[row.get("csdq_case_id")],
                "measure": self.index.sdq,
                "person": people[row.get("csdq_person_id")],
                "score": int(row.get("csdq_sdq_score")),
                "taken_on": parse_date(row.get("csdq_sdq_completed_date")),
                "occasion": OCCASION_OF.get(row.get("csdq_sdq_reason"), "before"),
                "recorded_by": self.actor,
            }
            self.put(MeasureReading, "ssd_sdq_scores", row.get("csdq_table_id"), values)
        by_assessment: dict[tuple[str, str], list[Row]] = defaultdict(list)
        for row in self.bundle.rows("ssd_voice_of_child"):
            by_assessment[(row.get("voch_case_id"), row.get("voch_recorded_date"))].append(row)
        numbers: dict[str, int] = defaultdict(int)
        for (case_key, day), rows in sorted(by_assessment.items()):
            numbers[case_key] += 1
            case = self.cases[case_key]
            started = noon(parse_date(day))
            # Recorded elsewhere and entered here: signed off in the previous system.
            values = {
                "case": case,
                "number": numbers[case_key],
                "state": AssessmentState.SIGNED_OFF,
                "source": AssessmentSource.IMPORTED,
                "started_at": started,
                "started_by": self.actor,
                "signed_off_at": started,
                "signed_off_by": self.actor,
                "organisation": case.lead_agency,
            }
            assessment = self.put(Assessment, "ssd_voice_assessment", f"{case_key}|{day}", values)
            for row in rows:
                person = people[row.get("voch_person_id")]
                section = {
                    "assessment": assessment,
                    "key": f"child-{person.pk}",
                    "kind": "child",
                    "person": person,
                    "data": {"voice": row.get("voch_child_words")},
                    "status": SectionStatus.COMPLETED,
                    "updated_by": self.actor,
                }
                self.put(AssessmentSection, "ssd_voice_of_child", row.get("voch_table_id"), section)

"""TAF meetings and family network meetings of one case, and who may be invited."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from cases.models import Case, Person
from cases.refusals import refused_outside_case
from cases.selectors import case_team, household
from family_plans.models import (
    ActionProgress,
    FamilyNetworkMeeting,
    InviteeKind,
    MeetingInvitee,
    NetworkMember,
    PlanReview,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors.plan_settings import _pk
from partners.models import User


@dataclass
class MeetingsPage:
    upcoming: Sequence[TafMeeting]
    past: Sequence[TafMeeting]
    network: Sequence[FamilyNetworkMeeting]


def meetings_page(*, case: Case) -> MeetingsPage:
    """The case's TAF meetings (upcoming first, then past and cancelled, newest first) and
    family network meetings, with who was invited: four queries."""
    now = timezone.now()
    meetings = list(
        TafMeeting.objects.filter(case=case)
        .select_related("organiser")
        .annotate(
            invited=Count("invitees", filter=Q(invitees__removed_at__isnull=True)),
            attended=Count("invitees", filter=Q(invitees__attendance="attended")),
        )
        .order_by("starts_at", "id")
    )
    upcoming = [m for m in meetings if m.is_scheduled and m.ends_at >= now]
    past = [m for m in reversed(meetings) if m not in upcoming]
    network = list(
        FamilyNetworkMeeting.objects.filter(case=case)
        .prefetch_related(Prefetch("network", queryset=NetworkMember.objects.order_by("id")))
        .order_by("-offered_on", "-id")
    )
    return MeetingsPage(upcoming, past, network)


def taf_meeting_for(*, case: Case, meeting_id: Any) -> TafMeeting:
    """One TAF meeting of the case with its invitees (404 for any other)."""
    found = (
        TafMeeting.objects.filter(case=case, pk=_pk(meeting_id))
        .select_related("organiser", "recorded_by")
        .prefetch_related(
            Prefetch(
                "invitees",
                queryset=MeetingInvitee.objects.select_related("user", "agency", "person").order_by(
                    "removed_at", "kind", "id"
                ),
            )
        )
        .first()
    )
    if found is None:
        raise refused_outside_case(case=case, model=TafMeeting, pk=meeting_id, what="meeting")
    return found


def meeting_outcomes(*, meeting: TafMeeting) -> tuple[PlanReview | None, list[PlanVersion]]:
    """The review recorded at the meeting and the plan versions it agreed."""
    review = (
        PlanReview.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("action").order_by("action__number"),
            )
        )
        .first()
    )
    versions = list(
        PlanVersion.objects.filter(meeting=meeting).defer("snapshot").order_by("number")
    )
    return review, versions


def network_meeting_for(*, case: Case, meeting_id: Any) -> FamilyNetworkMeeting:
    found = (
        FamilyNetworkMeeting.objects.filter(case=case, pk=_pk(meeting_id))
        .select_related("created_by")
        .prefetch_related(Prefetch("network", queryset=NetworkMember.objects.order_by("id")))
        .first()
    )
    if found is None:
        raise refused_outside_case(
            case=case, model=FamilyNetworkMeeting, pk=meeting_id, what="meeting"
        )
    return found


@dataclass(frozen=True)
class InviteeChoice:
    key: str  # 'worker:<id>', 'agency:<id>', 'family:<id>'
    label: str
    name: str
    organisation: str  # their agency, or their relationship to the family
    email: str
    default: bool  # ticked when the form opens


def invitee_choices(case: Case) -> tuple[list[InviteeChoice], list[InviteeChoice]]:
    """(workers and agencies of the Team Around the Family, family members) to invite.

    Named people are invited by their own address; an agency with no named person on
    the team is invited through its shared inbox.
    """
    workers: list[InviteeChoice] = []
    seen: set[str] = set()
    if case.lead_practitioner is not None:
        lead = case.lead_practitioner
        agency = case.lead_agency.name if case.lead_agency else ""
        seen.add(f"worker:{lead.pk}")
        workers.append(
            InviteeChoice(
                f"worker:{lead.pk}",
                f"{lead.full_name}, {agency} (lead practitioner)" if agency else lead.full_name,
                lead.full_name,
                agency,
                lead.email,
                True,
            )
        )
    team = list(case_team(case=case, current_only=True))
    named_agencies = {m.agency_id for m in team if m.user_id}
    for member in team:
        if member.user is not None:
            key = f"worker:{member.user_id}"
            if key not in seen:
                seen.add(key)
                role = f" ({member.role_on_case})" if member.role_on_case else ""
                workers.append(
                    InviteeChoice(
                        key,
                        f"{member.user.full_name}, {member.agency.name}{role}",
                        member.user.full_name,
                        member.agency.name,
                        member.user.email,
                        True,
                    )
                )
        elif member.agency_id not in named_agencies:
            key = f"agency:{member.agency_id}"
            if key not in seen:
                seen.add(key)
                inbox = f" ({member.agency.email})" if member.agency.email else ""
                workers.append(
                    InviteeChoice(
                        key,
                        f"{member.agency.name}{inbox}",
                        member.agency.name,
                        member.agency.name,
                        member.agency.email,
                        True,
                    )
                )
    today = timezone.localdate()
    family = [
        InviteeChoice(
            f"family:{hm.person_id}",
            f"{hm.person.full_name} ({hm.get_relationship_display().lower()})",
            hm.person.full_name,
            hm.get_relationship_display(),
            "",
            not hm.person.is_child_on(today),
        )
        for hm in household(family=case.family)
    ]
    return workers, family


def invitee_key(invitee: MeetingInvitee) -> str:
    """How the meeting form names an invitee: 'worker:<id>', 'agency:<id>', 'family:<id>'."""
    if invitee.kind == InviteeKind.WORKER:
        return f"worker:{invitee.user_id}"
    if invitee.kind == InviteeKind.AGENCY:
        return f"agency:{invitee.agency_id}"
    if invitee.kind == InviteeKind.FAMILY:
        return f"family:{invitee.person_id}"
    return f"other:{invitee.name.lower()}:{invitee.email}"


def people_by_id(*, ids: Iterable[int]) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.filter(pk__in=set(ids))}


def users_by_id(*, ids: Iterable[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=set(ids))}

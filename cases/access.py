"""The access policy: who may see a case, and what they may do with it.

One selector, `visible_cases(user)`, computes visibility from the domain relations
and is used by every list, page, API endpoint, export and search. A case is visible
to:

- members of its lead agency with a casework role (practitioner, coordinator,
  manager) — which includes its lead practitioner while they remain in that agency;
- coordinators and managers of an agency that runs the service, covering the case's
  zone or family hub, and coordinators and managers holding a current zone grant for
  its zone (a partner agency's manager reaches only the cases their agency is part of);
- agencies (and named people) on its Team Around the Family, while they are on it;
- agencies it is shared with under recorded consent or a recorded lawful basis;
  (a partner agency keeps a closed case through these for
  PARTNER_ACCESS_AFTER_CLOSURE_MONTHS after its closure, and no longer);
- anyone granted access to it explicitly, for a period, with a reason;
- someone of the service who opened it without a relationship, stating a reason, for
  BREAK_GLASS_HOURS (cases/break_glass.py).

Strategic leads see aggregates only and system administrators manage reference data:
neither role alone shows any case. A person who has left an agency sees nothing
through it. `access_case` fetches one case for one user and answers 404 whether it
is missing or not visible, so existence is never revealed; the refusal is audited.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.audit import audit_record, audit_refusal
from cases.capabilities import CAPABILITIES, Action, CaseRole, capabilities_of
from cases.models import (
    BreakGlassAccess,
    Case,
    CaseGrant,
    CaseNote,
    CaseNoteReader,
    CaseShare,
    CaseTeamMember,
    Family,
    HouseholdMember,
    NoteVisibility,
    PersonRestriction,
)
from cases.models.audit import AuditAction
from cases.workflow_states import FRONT_DOOR_STATES, State
from cases.working_days import months_before
from earlyhelp.expressions import ApplicationNow, KeptSubquery
from partners.models import Agency
from partners.roles import CASEWORK_ROLES, Role
from partners.selectors import active_memberships, oversight_memberships

_REACH_ATTR = "_case_reach_cache"


@dataclass(frozen=True)
class Reach:
    """What a user's active memberships give them, computed once per request."""

    user_id: int | None
    roles: frozenset[str]
    # Agencies whose membership lets the person see cases shared with / teamed with them.
    partner_agency_ids: frozenset[int]
    casework_agency_ids: frozenset[int]
    manager_agency_ids: frozenset[int]
    # Zones and hubs covered by coordinator and manager roles.
    coordinator_zone_ids: frozenset[int]
    coordinator_hub_ids: frozenset[int]
    manager_zone_ids: frozenset[int]
    manager_hub_ids: frozenset[int]

    @property
    def zone_ids(self) -> frozenset[int]:
        return self.coordinator_zone_ids | self.manager_zone_ids

    @property
    def hub_ids(self) -> frozenset[int]:
        return self.coordinator_hub_ids | self.manager_hub_ids

    @property
    def sees_cases(self) -> bool:
        return bool(self.partner_agency_ids or self.zone_ids or self.hub_ids)


NO_REACH = Reach(None, frozenset(), *(frozenset() for _ in range(7)))


def reach_of(user: Any) -> Reach:
    """The user's reach, cached on the user object (which lives for one request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_REACH
    cached = getattr(user, _REACH_ATTR, None)
    if cached is not None:
        return cached
    memberships = active_memberships(user=user)
    # Zone reach is decided here and nowhere else: only oversight memberships (a
    # coordinator or manager of an agency that runs the service, or one holding a current
    # zone grant) reach a zone; a partner agency's manager reaches their own agency's cases.
    overseeing = oversight_memberships(user=user)
    unscoped = [
        m for m in overseeing if m.agency.runs_service and not (m.zone_id or m.family_hub_id)
    ]
    served: dict[int, set[int]] = {}
    if unscoped:
        through = Agency.zones.through.objects.filter(
            agency_id__in={m.agency_id for m in unscoped}
        ).values_list("agency_id", "zone_id")
        for agency_id, zone_id in through:
            served.setdefault(agency_id, set()).add(zone_id)

    def zones_of(role: str) -> frozenset[int]:
        ids: set[int] = set()
        for m in overseeing:
            if m.role != role:
                continue
            ids |= set(getattr(m, "granted_zone_ids", None) or ())
            if not m.agency.runs_service or m.family_hub_id:
                continue
            ids |= {m.zone_id} if m.zone_id else served.get(m.agency_id, set())
        return frozenset(ids)

    def hubs_of(role: str) -> frozenset[int]:
        return frozenset(
            m.family_hub_id
            for m in overseeing
            if m.role == role and m.family_hub_id and m.agency.runs_service
        )

    seeing_roles = CASEWORK_ROLES | {Role.PARTNER_VIEWER}
    reach = Reach(
        user_id=user.pk,
        roles=frozenset(m.role for m in memberships),
        partner_agency_ids=frozenset(m.agency_id for m in memberships if m.role in seeing_roles),
        casework_agency_ids=frozenset(m.agency_id for m in memberships if m.role in CASEWORK_ROLES),
        manager_agency_ids=frozenset(m.agency_id for m in memberships if m.role == Role.MANAGER),
        coordinator_zone_ids=zones_of(Role.COORDINATOR),
        coordinator_hub_ids=hubs_of(Role.COORDINATOR),
        manager_zone_ids=zones_of(Role.MANAGER),
        manager_hub_ids=hubs_of(Role.MANAGER),
    )
    setattr(user, _REACH_ATTR, reach)
    return reach


def forget_reach(user: Any) -> None:
    """Drop the cached reach after the user's memberships change."""
    for attr in (_REACH_ATTR, "_active_memberships_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def _current_team(today: dt.date) -> QuerySet[CaseTeamMember]:
    return CaseTeamMember.objects.current(on=today).filter(case=OuterRef("pk"))


def _within_partner_period(today: dt.date, months: int) -> Q:
    """Open, or closed less than PARTNER_ACCESS_AFTER_CLOSURE_MONTHS ago: how long a
    partner agency keeps a case through the team or a share. The lead agency and the
    service's zone roles keep a closed case."""
    return Q(closed_on__isnull=True) | Q(closed_on__gt=months_before(today, months))


def visible_cases(user: Any) -> QuerySet[Case]:
    """Every case the user may see: one queryset, built from the domain relations."""
    reach = reach_of(user)
    if not reach.sees_cases:
        return Case.objects.none()
    return _visible_to(reach, timezone.localdate(), _months_after_closure())[1].all()


def visible_case_ids(
    user: Any, *, states: Iterable[str] = ()
) -> KeptSubquery | QuerySet[Case, Any]:
    """The ids of the cases the user may see (in `states`, when given), as a sub-query
    for another model's list filtered by its case (`case__in=`).

    The same cases as `visible_cases`, in the same SQL, compiled once a day per reach
    and kept (`KeptSubquery`): My work filters three lists by it on every request, and
    building the condition's dozen sub-queries again took about 4 ms a list.
    """
    reach = reach_of(user)
    if not reach.sees_cases:
        return Case.objects.none().values("pk")
    kept = _kept_ids(reach, timezone.localdate(), _months_after_closure(), tuple(states))
    return copy.copy(kept)


@functools.lru_cache(maxsize=256)
def _kept_ids(
    reach: Reach, today: dt.date, months_after_closure: int, states: tuple[str, ...]
) -> KeptSubquery:
    cases = _visible_to(reach, today, months_after_closure)[1].all()
    if states:
        cases = cases.filter(state__in=states)
    return KeptSubquery.of(cases.order_by().values("pk"))


def visible_case_condition(user: Any) -> Q:
    """The condition `visible_cases` filters cases by. Only for a query that must also
    count cases beyond the user's sight (a caseload is the whole of it) and so marks
    the ones they may see (`Count(..., filter=...)`) instead of filtering by it; every
    list of cases is read through `visible_cases`."""
    reach = reach_of(user)
    if not reach.sees_cases:
        return Q(pk__isnull=True)  # no case: every case has a key
    return _visible_to(reach, timezone.localdate(), _months_after_closure())[0]


def _months_after_closure() -> int:
    return int(settings.PARTNER_ACCESS_AFTER_CLOSURE_MONTHS)


@functools.lru_cache(maxsize=256)
def _visible_to(
    reach: Reach, today: dt.date, months_after_closure: int
) -> tuple[Q, QuerySet[Case]]:
    """The condition a reach sees cases by on a day, and the queryset filtered by it.

    Building them (Django resolving a dozen subqueries) is most of the time a scoped list
    takes over an unscoped one, so each is built once a day per reach (a reach names its
    person) and every read takes a copy (`.all()`): the kept queryset is never read
    itself, and a Q is never changed by a filter that uses it. Everything they depend on
    is in the key, or is read by the query when it runs: grants and break-glass openings
    by their expiry against `ApplicationNow`, restrictions and shares from their tables.
    """
    visible = Q(lead_agency_id__in=reach.casework_agency_ids)
    if reach.zone_ids:
        visible |= Q(zone_id__in=reach.zone_ids)
    if reach.hub_ids:
        visible |= Q(family_hub_id__in=reach.hub_ids)
    if reach.partner_agency_ids:
        partner = Q(
            Exists(_current_team(today).filter(agency_id__in=reach.partner_agency_ids))
        ) | Q(
            Exists(
                CaseShare.objects.current(on=today).filter(
                    case=OuterRef("pk"), agency_id__in=reach.partner_agency_ids
                )
            )
        )
        visible |= partner & _within_partner_period(today, months_after_closure)
    # One person's grants and openings are few: as uncorrelated `IN` lists PostgreSQL
    # reads them once per query (a hashed subplan) instead of once per case row.
    visible |= Q(
        pk__in=CaseGrant.objects.filter(
            user_id=reach.user_id or 0, expires_at__gt=ApplicationNow()
        ).values("content_object_id")
    )
    visible |= Q(
        pk__in=BreakGlassAccess.objects.current()
        .filter(user_id=reach.user_id or 0)
        .values("case_id")
    )
    # A restricted person's cases: hidden from all but the lead agency's managers. The
    # restricted families are few: an uncorrelated list, read once per query (a hashed
    # subplan), is cheaper to plan and to run than a join per case row.
    restricted = Q(
        family_id__in=HouseholdMember.objects.filter(
            person__in=PersonRestriction.objects.current().values("person_id")
        ).values("family_id")
    )
    condition = visible & (~restricted | Q(lead_agency_id__in=reach.manager_agency_ids))
    return condition, Case.objects.filter(condition)


def case_restrictions(case: Case) -> list[PersonRestriction]:
    """The current restrictions on people of the case's family, for the banner."""
    return list(
        PersonRestriction.objects.current()
        .filter(person__households__family_id=case.family_id)
        .select_related("person")
        .distinct()
    )


def visible_families(user: Any) -> QuerySet[Family]:
    """Families with at least one case the user may see."""
    return Family.objects.filter(Exists(visible_cases(user).filter(family_id=OuterRef("pk"))))


def access_case(*, user: Any, case_id: Any, audit: bool = True) -> Case:
    """Fetch one case the user may see, recording the view; 404 otherwise (audited).

    The read and its audit entry happen in one transaction.
    """
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise Http404("No such case") from None
    with transaction.atomic():
        case = (
            visible_cases(user)
            .select_related(
                "family",
                "lead_agency",
                "lead_practitioner",
                "zone",
                "family_hub",
                "case_type",
                "allocation_level",
                "closure_level",
            )
            .filter(pk=pk)
            .first()
        )
        if case is not None and audit:
            audit_record(actor=user, action=AuditAction.VIEW, case=case)
    if case is None:
        if Case.objects.filter(pk=pk).exists():
            audit_refusal(actor=user, reason="case not visible to this user", case_id=pk)
        raise Http404("No such case")
    return case


def _covers(reach: Reach, case: Case, *, coordinators: bool, managers: bool) -> bool:
    zone_ids: set[int] = set()
    hub_ids: set[int] = set()
    if coordinators:
        zone_ids |= reach.coordinator_zone_ids
        hub_ids |= reach.coordinator_hub_ids
    if managers:
        zone_ids |= reach.manager_zone_ids
        hub_ids |= reach.manager_hub_ids
    return (case.zone_id in zone_ids) or (case.family_hub_id in hub_ids)


def _on_team_as_worker(reach: Reach, case: Case) -> bool:
    """On the TAF (or shared with) through a casework membership."""
    today = timezone.localdate()
    if not reach.casework_agency_ids:
        return False
    team = CaseTeamMember.objects.current(on=today).filter(
        case=case, agency_id__in=reach.casework_agency_ids
    )
    shares = CaseShare.objects.current().filter(case=case, agency_id__in=reach.casework_agency_ids)
    return team.exists() or shares.exists()


def case_roles_of(reach: Reach, case: Case) -> frozenset[CaseRole]:
    """The case roles that need no query: lead, lead agency, the service's zone roles.

    Being on the team (or shared with) is asked only when it would make a difference
    (`can`), since it takes a query."""
    roles: set[CaseRole] = set()
    in_lead_agency = case.lead_agency_id in reach.casework_agency_ids
    if in_lead_agency:
        roles.add(CaseRole.LEAD_AGENCY_WORKER)
        if case.lead_practitioner_id == reach.user_id:
            roles.add(CaseRole.LEAD_PRACTITIONER)
    if case.lead_agency_id in reach.manager_agency_ids:
        roles.add(CaseRole.LEAD_AGENCY_MANAGER)
    if _covers(reach, case, coordinators=True, managers=False):
        roles.add(CaseRole.SERVICE_ZONE_COORDINATOR)
    if _covers(reach, case, coordinators=False, managers=True):
        roles.add(CaseRole.SERVICE_ZONE_MANAGER)
    return frozenset(roles)


def can(user: Any, action: Action, case: Case) -> bool:
    """May the user do `action` to `case`? Callers have already checked visibility.

    Answered from the capability table (cases/capabilities.py) and nothing else. This is
    who may act, whatever the case's state; `can_change` adds what a closed case still
    allows.
    """
    reach = reach_of(user)
    if not reach.sees_cases:
        return False
    if action == Action.VIEW:
        return visible_cases(user).filter(pk=case.pk).exists()
    if action in capabilities_of(case_roles_of(reach, case)):
        return True
    return action in CAPABILITIES[CaseRole.TEAM_WORKER] and _on_team_as_worker(reach, case)


def require(user: Any, action: Action, case: Case) -> None:
    """Raise PermissionDenied (403) for an action on a case the user can see."""
    from django.core.exceptions import PermissionDenied

    if not can(user, action, case):
        audit_refusal(actor=user, reason=f"action '{action}' not allowed", case_id=case.pk)
        raise PermissionDenied(f"You cannot {action.replace('_', ' ')} on this case")


# What may still be done once a case is closed: read it, manage who may read it, export
# it, correct the family's record for returns, and a manager's oversight (a closing
# note, naming a reader of a restricted note).
# Nothing else changes a closed case (notes, team, consent, shares, its lead, its work):
# a new enquiry opens a new case.
CLOSED_CASE_ACTIONS = frozenset(
    {
        Action.VIEW,
        Action.SIGN_OFF,
        Action.GRANT_ACCESS,
        Action.VIEW_ACCESS_LOG,
        Action.EXPORT,
        Action.CORRECT_RECORD,
    }
)


def can_change(user: Any, action: Action, case: Case) -> bool:
    """`can`, and on a closed case only CLOSED_CASE_ACTIONS, and a note only for those who
    may sign the case off (managers: a closing note or a correction). Pages use it to
    offer an action; services refuse with `refuse_if_closed`."""
    if case.state == State.CLOSED and action not in CLOSED_CASE_ACTIONS:
        return action == Action.ADD_NOTE and can(user, Action.SIGN_OFF, case)
    return can(user, action, case)


def require_change(user: Any, action: Action, case: Case) -> None:
    """`require`, for a page that changes the case: 403 on a closed case too."""
    from django.core.exceptions import PermissionDenied

    require(user, action, case)
    if not can_change(user, action, case):
        audit_refusal(actor=user, reason=f"action '{action}' on a closed case", case_id=case.pk)
        raise PermissionDenied("This case is closed")


def refuse_if_closed(user: Any, action: Action, case: Case, refused: str) -> None:
    """Services: refuse a change to a closed case with a message that says why.

    `refused` completes "This case is closed, so ...", e.g. "notes can no longer be
    added". Called before `require`, so the person sees the reason, not a bare 403.
    """
    if case.state == State.CLOSED and not can_change(user, action, case):
        from earlyhelp.errors import ApplicationError

        raise ApplicationError(f"This case is closed, so {refused}")


def readable_by_visibility(
    user: Any, case: Case, *, readers: type[models.Model], author_field: str = "author_id"
) -> Q:
    """Which records of `case` with a note's visibility levels the user may read.

    One rule for everything that carries `NoteVisibility` (notes, documents): everyone
    on the case; the lead agency's casework roles; the people named in `readers` (a
    guardian object-permission table whose `content_object` is the record); and always
    the record's author (`author_field`)."""
    reach = reach_of(user)
    readable = Q(visibility=NoteVisibility.EVERYONE) | Q(**{author_field: reach.user_id})
    if case.lead_agency_id and case.lead_agency_id in reach.casework_agency_ids:
        readable |= Q(visibility=NoteVisibility.LEAD_AGENCY)
    readable |= Q(visibility=NoteVisibility.RESTRICTED) & Q(
        Exists(
            readers._default_manager.filter(
                content_object=OuterRef("pk"), user_id=reach.user_id or 0
            )
        )
    )
    return readable


def visible_notes(user: Any, case: Case) -> QuerySet[CaseNote]:
    """Notes of a case the user may read: by visibility, authorship and named readers."""
    return CaseNote.objects.filter(case=case).filter(
        readable_by_visibility(user, case, readers=CaseNoteReader)
    )


def is_front_door_case(case: Case) -> bool:
    return case.state in FRONT_DOOR_STATES

"""A zone with its front door, a council team and a school, for allocation and journey tests."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import AllocationMeeting, Case, CaseType, Decision, NeedLevel
from cases.services import allocation_decide
from partners.models import Agency, FamilyHub, User
from partners.roles import AgencyKind, Role
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member


@dataclass
class Place:
    hub: FamilyHub
    council: Agency
    school: Agency
    coordinator: User
    manager: User
    worker: User
    second_worker: User
    teacher: User
    other_coordinator: User  # covers another zone

    @property
    def zone(self):  # type: ignore[no-untyped-def]
        return self.hub.zone


def build_place() -> Place:
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name=f"Family Support {hub.pk}")
    council.zones.set([hub.zone])
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    school.zones.set([hub.zone])
    return Place(
        hub=hub,
        council=council,
        school=school,
        coordinator=member(Role.COORDINATOR, agency=council, zone=hub.zone),
        manager=member(Role.MANAGER, agency=council, zone=hub.zone),
        worker=member(Role.PRACTITIONER, agency=council),
        second_worker=member(Role.PRACTITIONER, agency=council),
        teacher=member(Role.PRACTITIONER, agency=school),
        other_coordinator=member(Role.COORDINATOR, agency=council, zone=FamilyHubFactory().zone),
    )


def level(number: int) -> NeedLevel:
    return NeedLevel.objects.get(number=number)


def case_type(default: bool = True) -> CaseType:
    return (
        CaseType.objects.get(is_default=True)
        if default
        else CaseType.objects.filter(is_default=False).first()
    )  # type: ignore[return-value]


def allocate_one_defer_another(
    place: Place,
    meeting: AllocationMeeting,
    *,
    allocated: Case,
    deferred: Case,
    family_preference: str = "No preference",
) -> None:
    """Decide two cases on a meeting's agenda: one allocated to the council's worker at
    level 3, the other deferred for more information from school."""
    items = {i.case_id: i for i in meeting.items.all()}
    allocation_decide(
        actor=place.coordinator,
        item=items[allocated.pk],
        decision=Decision.ALLOCATE,
        expected_version=1,
        lead_practitioner=place.worker,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
        family_preference=family_preference,
    )
    allocation_decide(
        actor=place.coordinator,
        item=items[deferred.pk],
        decision=Decision.DEFER,
        expected_version=1,
        reason="More information needed from school",
    )

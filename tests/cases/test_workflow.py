"""The case workflow: legal transitions happen with who and when; illegal ones are refused."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import CaseTransition, ChronologyEntry, NeedLevel
from cases.services import (
    PersonDetails,
    case_screen,
    case_transition,
    consent_record,
    enquiry_create,
    family_create,
    person_add_to_family,
)
from cases.workflow import TRANSITIONS, transitions_from
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_door():
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    return {
        "hub": hub,
        "council": council,
        "school": school,
        "coordinator": member(Role.COORDINATOR, agency=council, zone=hub.zone),
        "manager": member(Role.MANAGER, agency=council, zone=hub.zone),
        "worker": member(Role.PRACTITIONER, agency=council),
        "teacher": member(Role.PRACTITIONER, agency=school),
    }


def raise_enquiry(fd, family_consent="given"):
    family = family_create(
        actor=fd["teacher"], name="The Okafor family", postcode="NB1 4AB", family_hub=fd["hub"]
    )
    child = person_add_to_family(
        actor=fd["teacher"],
        family=family,
        details=PersonDetails(
            family_name="Okafor",
            given_names="Ada",
            relationship="child",
            date_of_birth=timezone.localdate().replace(year=2016),
        ),
    )
    return enquiry_create(
        actor=fd["teacher"],
        family=family,
        children=[child],
        concerns="Ada is often late and tired.",
        family_consent=family_consent,
        agency=fd["school"],
    )


def test_an_enquiry_opens_a_case_in_the_familys_zone_with_a_reference(front_door):
    case = raise_enquiry(front_door)
    assert case.state == State.ENQUIRY_RECEIVED
    assert case.zone == front_door["hub"].zone
    assert case.family_hub == front_door["hub"]
    assert case.reference == f"EH{case.pk:06d}"
    assert case.enquiry.contact_source == "2A"  # Schools
    assert ChronologyEntry.objects.filter(case=case, kind="enquiry").exists()


def test_screening_to_assessment_then_allocation_records_each_transition(front_door):
    fd = front_door
    case = raise_enquiry(fd)
    case = case_screen(
        actor=fd["coordinator"],
        case=case,
        outcome="early_help_assessment",
        reason="Multiple needs: attendance, housing",
    )
    assert case.state == State.AWAITING_ALLOCATION
    consent_record(
        actor=fd["coordinator"], case=case, decision="given", person=case.enquiry.children.first()
    )
    case = case_transition(
        actor=fd["coordinator"],
        case=case,
        name="allocate",
        data={
            "lead_agency": fd["council"],
            "lead_practitioner": fd["worker"],
            "need_level": NeedLevel.objects.get(number=3),
        },
    )
    assert case.state == State.ALLOCATED
    assert case.lead_practitioner == fd["worker"]
    assert case.case_type.is_default  # the default type when the allocation names none
    names = list(CaseTransition.objects.filter(case=case).values_list("name", flat=True))
    assert names == ["start_screening", "accept_for_allocation", "allocate"]
    assert all(t.actor == fd["coordinator"] for t in CaseTransition.objects.filter(case=case))


def test_closing_at_screening_needs_an_outcome_and_a_reason(front_door):
    fd = front_door
    case = raise_enquiry(fd)
    with pytest.raises(ApplicationError, match="Enter the reason"):
        case_screen(actor=fd["coordinator"], case=case, outcome="signpost", reason=" ")
    case = case_screen(
        actor=fd["coordinator"],
        case=case,
        outcome="signpost",
        reason="Signposted to the parenting course at Hillside hub",
    )
    assert case.state == State.CLOSED
    assert case.closed_on == timezone.localdate()
    assert case.screening_outcome == "signpost"


def test_allocation_without_consent_is_refused_with_the_reason(front_door):
    """The enquiry's "the family knows and agrees" becomes consent; a family that knows
    but has not agreed has given none, so allocation is refused."""
    fd = front_door
    case = case_screen(
        actor=fd["coordinator"],
        case=raise_enquiry(fd, family_consent="knows_not_agreed"),
        outcome="early_help_assessment",
        reason="Needs assessment",
    )
    with pytest.raises(ApplicationError) as error:
        case_transition(
            actor=fd["coordinator"],
            case=case,
            name="allocate",
            data={
                "lead_agency": fd["council"],
                "lead_practitioner": fd["worker"],
                "need_level": NeedLevel.objects.get(number=3),
            },
        )
    assert "consent" in error.value.message


def test_an_illegal_transition_is_refused_with_a_clear_message(front_door):
    fd = front_door
    case = raise_enquiry(fd)
    with pytest.raises(ApplicationError) as error:
        case_transition(
            actor=fd["manager"], case=case, name="close", data={"closure_reason": "needs_met"}
        )
    assert error.value.message == ("You cannot close the case while the case is 'enquiry received'")
    case.refresh_from_db()
    assert case.state == State.ENQUIRY_RECEIVED


def test_a_partner_cannot_screen_even_a_case_they_raised(front_door):
    from django.core.exceptions import PermissionDenied

    fd = front_door
    case = raise_enquiry(fd)
    with pytest.raises(PermissionDenied):
        case_screen(actor=fd["teacher"], case=case, outcome="signpost", reason="x")


def test_a_change_made_from_a_stale_version_is_refused(front_door):
    fd = front_door
    case = raise_enquiry(fd)
    seen_version = case.version
    case_transition(
        actor=fd["coordinator"], case=case, name="start_screening", expected_version=seen_version
    )
    with pytest.raises(ConcurrentChangeError, match="Someone else changed this case"):
        case_screen(
            actor=fd["coordinator"],
            case=case,
            outcome="signpost",
            reason="stale",
            expected_version=seen_version,
        )


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_cannot_both_win():
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    first = member(Role.COORDINATOR, agency=council, zone=hub.zone)
    second = member(Role.COORDINATOR, agency=council, zone=hub.zone)
    case = CaseFactory(state=State.SCREENING, family__family_hub=hub)
    version = case.version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(who, outcome):
        try:
            barrier.wait(timeout=5)
            case_screen(
                actor=who,
                case=case,
                outcome=outcome,
                reason=f"{outcome} decision",
                expected_version=version,
            )
            outcomes[outcome] = "won"
        except ConcurrentChangeError:
            outcomes[outcome] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, "signpost")),
        threading.Thread(target=decide, args=(second, "early_help_assessment")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes.values()) == ["refused", "won"]
    case.refresh_from_db()
    winner = next(o for o, r in outcomes.items() if r == "won")
    assert case.screening_outcome == winner
    assert case.version == version + 1


def test_every_transition_names_real_states_and_each_open_state_has_a_way_forward():
    for transition in TRANSITIONS.values():
        assert transition.target in State.values
        assert transition.sources <= set(State)
    for state in set(State) - {State.CLOSED}:
        assert transitions_from(state), f"no way out of {state}"
    assert transitions_from(State.CLOSED) == []


def test_a_person_cannot_be_born_in_the_future(front_door):
    fd = front_door
    family = family_create(actor=fd["teacher"], name="The Shah family")
    with pytest.raises(ApplicationError) as error:
        person_add_to_family(
            actor=fd["teacher"],
            family=family,
            details=PersonDetails(
                family_name="Shah",
                given_names="Zara",
                relationship="child",
                date_of_birth=timezone.localdate().replace(year=2099),
            ),
        )
    assert error.value.extra["date_of_birth"] == ["Date of birth must be in the past"]


def test_the_same_nhs_number_name_and_birth_date_is_the_same_person_in_a_second_household(
    front_door,
):
    fd = front_door
    first = family_create(actor=fd["teacher"], name="Mum's household")
    second = family_create(actor=fd["teacher"], name="Dad's household")
    details = {
        "family_name": "Jones",
        "given_names": "Rhys",
        "relationship": "child",
        "nhs_number": "943 476 5919",
        "date_of_birth": timezone.localdate().replace(year=2017, month=3, day=1),
    }
    one = person_add_to_family(actor=fd["teacher"], family=first, details=PersonDetails(**details))
    two = person_add_to_family(actor=fd["teacher"], family=second, details=PersonDetails(**details))
    assert one == two
    assert one.households.count() == 2


def test_a_family_created_with_a_known_postcode_area_takes_its_hub_and_zone(front_door):
    from partners.models import PostcodeArea

    PostcodeArea.objects.create(prefix="NB7", family_hub=front_door["hub"])
    family = family_create(actor=front_door["teacher"], name="The Ali family", postcode="nb7 2qq")
    assert family.postcode == "NB7 2QQ"
    assert family.family_hub == front_door["hub"]
    assert family.zone == front_door["hub"].zone


def test_duplicate_detection_matches_nhs_number_or_name_dob_and_postcode_loosely(front_door):
    from cases.services import duplicate_check

    fd = front_door
    case = raise_enquiry(fd)
    child = case.enquiry.children.get()
    coordinator = fd["coordinator"]
    visible, hidden = duplicate_check(
        user=coordinator, people=[("  okafor ", child.date_of_birth)], postcode="nb14ab"
    )
    assert visible == [case.family] and hidden == []

    outsider = member(Role.PRACTITIONER)
    visible, hidden = duplicate_check(
        user=outsider, people=[("OKAFOR", child.date_of_birth)], postcode="NB1 4AB"
    )
    assert visible == [] and hidden == [case.family]

    nobody_visible, nobody_hidden = duplicate_check(
        user=outsider, people=[("Okafor", child.date_of_birth)], postcode="NB9 9ZZ"
    )
    assert nobody_visible == [] and nobody_hidden == []

"""The names family search reads (`FamilyNames`) follow the records they are copied from.

The database keeps them, by trigger, however a family, a household or a name changes:
a save, a bulk update, a bulk insert, a service, a merge of households, an anonymisation.
Each test compares the rows with what the records say now.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Family, FamilyNames, HouseholdMember, Person
from cases.selectors import family_search
from cases.services import person_update
from governance import retention
from governance.holdings import family_holdings
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.governance.factories import person_in_two_families, renamed

pytestmark = pytest.mark.django_db


def names_from_the_records() -> dict[int, str]:
    """Every family's names as the records give them: the family's name, then each
    current member's given, preferred and family names, in the order they joined."""
    expected = {family.pk: [family.name] for family in Family.objects.all()}
    current = (
        HouseholdMember.objects.filter(left_on__isnull=True).select_related("person").order_by("id")
    )
    for member in current:
        person = member.person
        expected[member.family_id].append(
            f"{person.given_names} {person.preferred_name} {person.family_name}"
        )
    return {pk: " ".join(parts) for pk, parts in expected.items()}


def names_kept() -> dict[int, str]:
    return dict(FamilyNames.objects.values_list("family_id", "names"))


def test_a_familys_names_follow_its_name_its_members_and_their_names() -> None:
    family = FamilyFactory(name="The Quist family")
    other = FamilyFactory(name="The Brennan family")
    assert names_kept()[family.pk] == "The Quist family"

    ada = PersonFactory(given_names="Ada", family_name="Quist")
    tom = PersonFactory(given_names="Tom", family_name="Quist", preferred_name="Tommy")
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(family=family, person=ada, relationship="parent"),
            HouseholdMember(family=family, person=tom, relationship="child"),
        ]
    )
    assert names_kept()[family.pk] == "The Quist family Ada  Quist Tom Tommy Quist"

    ada.given_names = "Adaeze"
    ada.save()
    Family.objects.filter(pk=family.pk).update(name="The Quist-Okafor family")
    assert names_kept()[family.pk] == "The Quist-Okafor family Adaeze  Quist Tom Tommy Quist"

    # Tom moves to the other household; Ada leaves hers.
    HouseholdMember.objects.filter(person=tom).update(family=other)
    HouseholdMember.objects.filter(person=ada).update(left_on=timezone.localdate())
    assert names_kept() == names_from_the_records()
    assert names_kept()[family.pk] == "The Quist-Okafor family"
    assert names_kept()[other.pk] == "The Brennan family Tom Tommy Quist"

    HouseholdMember.objects.filter(person=tom).delete()
    other.delete()
    assert other.pk not in names_kept()
    assert names_kept() == names_from_the_records()


def test_a_correction_of_a_name_finds_every_household_of_the_person_by_the_new_name() -> None:
    world = person_in_two_families()
    details = renamed(world.person, family_name="Quenby", given_names="Marisela")

    person_update(
        actor=world.worker,
        case=world.first,
        person=world.person,
        details=details,
        version=world.person.version,
    )

    found = set(family_search(user=world.worker, name="marisela"))
    assert found == {world.first.family, world.second.family}
    assert not family_search(user=world.worker, name="marisol").exists()


def test_an_anonymised_family_cannot_be_found_by_the_names_it_had() -> None:
    family = FamilyFactory(name="The Farrowdale family")
    CaseFactory(family=family)
    for given_names in ("Tobiah", "Wren"):
        HouseholdMemberFactory(
            family=family, person=PersonFactory(given_names=given_names, family_name="Farrowdale")
        )
    with transaction.atomic():
        retention.anonymise(family_holdings(family))

    kept = names_kept()[family.pk]
    assert not {"Farrowdale", "Tobiah", "Wren"} & set(kept.split())
    assert kept.startswith("Anonymised family")
    assert names_kept() == names_from_the_records()


def _join(other: psycopg.Connection, family: Family, person: Person) -> None:  # type: ignore[type-arg]
    """A member joining, written by another session as another request would."""
    other.execute(
        "INSERT INTO cases_householdmember (relationship, is_main_carer, joined_on,"
        " family_id, person_id) VALUES ('child', false, CURRENT_DATE, %s, %s)",
        [family.pk, person.pk],
    )


@pytest.mark.django_db(transaction=True)
def test_two_members_joining_a_family_at_once_are_both_in_its_names() -> None:
    family = FamilyFactory(name="The Quist family")
    ada, tom = PersonFactory(given_names="Ada"), PersonFactory(given_names="Tom")
    params = connection.get_connection_params()
    with psycopg.connect(**params) as first, psycopg.connect(**params) as second:
        _join(first, family, ada)  # not yet committed: it holds the family's names row

        def join_and_commit() -> None:
            _join(second, family, tom)  # waits for the first to commit
            second.commit()

        waiting = threading.Thread(target=join_and_commit)
        waiting.start()
        time.sleep(0.5)
        assert waiting.is_alive()
        first.commit()
        waiting.join(timeout=10)

    names = names_kept()[family.pk].split()
    assert "Ada" in names and "Tom" in names
    assert names_kept() == names_from_the_records()


# A borough in small: three families and five people, changed at random.
changes = st.lists(
    st.tuples(
        st.sampled_from(["join", "leave", "move", "rename person", "rename family", "remove"]),
        st.integers(0, 2),
        st.integers(0, 4),
        st.sampled_from(["Ada", "Rosa Marlowe", "", "Kwame", "Ng"]),
    ),
    max_size=12,
)


def apply(change: tuple[str, int, int, str], families: list[Family], people: list[Person]) -> None:
    what, f, p, name = change
    family, person = families[f], people[p]
    current = HouseholdMember.objects.filter(person=person, left_on__isnull=True)
    if what == "join" and not current.filter(family=family).exists():
        HouseholdMemberFactory(family=family, person=person)
    elif what == "leave":
        current.update(left_on=timezone.localdate() - dt.timedelta(days=1))
    elif what == "move" and not current.filter(family=family).exists():
        HouseholdMember.objects.filter(pk__in=current.values("pk")[:1]).update(family=family)
    elif what == "rename person":
        Person.objects.filter(pk=person.pk).update(preferred_name=name, given_names=name or "Jo")
    elif what == "rename family":
        Family.objects.filter(pk=family.pk).update(name=f"The {name or 'Smith'} family")
    elif what == "remove":
        HouseholdMember.objects.filter(person=person, family=family).delete()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=changes)
def test_after_any_changes_every_familys_names_are_what_its_records_say(changes) -> None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        families = [FamilyFactory() for _ in range(3)]
        people = [PersonFactory() for _ in range(5)]
        for index, person in enumerate(people):
            HouseholdMemberFactory(family=families[index % 3], person=person)
        for change in changes:
            apply(change, families, people)
        assert names_kept() == names_from_the_records()
        transaction.set_rollback(True)

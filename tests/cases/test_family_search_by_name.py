"""Family search by name finds a family by its own name or by the name, given names or
preferred name of anyone living in it now, within what the user may see, and reads
the same number of queries however many families match."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.access import visible_families
from cases.models import Family, Person
from cases.selectors import family_search
from cases.selectors.search import family_results, family_search_ids, family_search_results
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.cases.places import Place, build_place

pytestmark = pytest.mark.django_db


def searched_one_family_at_a_time(user: object, name: str) -> QuerySet[Family]:
    """The search as an OR across the join to the people, family by family: the answer
    the indexed search must keep giving."""
    families = visible_families(user)
    people = Person.objects.filter(
        households__family=OuterRef("pk"), households__left_on__isnull=True
    )
    for word in name.split():
        families = families.filter(
            Q(name__icontains=word)
            | Exists(
                people.filter(
                    Q(family_name__icontains=word)
                    | Q(given_names__icontains=word)
                    | Q(preferred_name__icontains=word)
                )
            )
        )
    return families.order_by("name", "id")


def family_in(place: Place, surname: str, *members: dict[str, str]) -> Family:
    family: Family = FamilyFactory(family_hub=place.hub, surname=surname)  # type: ignore[assignment]
    CaseFactory(family=family)
    for names in members:
        HouseholdMemberFactory(family=family, person=PersonFactory(**names))
    return family


@pytest.fixture
def families() -> tuple[Place, dict[str, Family]]:
    place = build_place()
    made = {
        "by_family_name": family_in(
            place, "Marlowe", {"family_name": "Quist", "given_names": "Ada"}
        ),
        "by_person_surname": family_in(
            place, "Brennan", {"family_name": "Marlowe-Price", "given_names": "Tom"}
        ),
        "by_given_names": family_in(
            place, "Ng", {"family_name": "Ng", "given_names": "Rosa Marlowe"}
        ),
        "by_preferred_name": family_in(
            place,
            "Osei",
            {"family_name": "Osei", "given_names": "Kwame", "preferred_name": "Marlo"},
        ),
        "two_words_two_people": family_in(
            place,
            "Haddad",
            {"family_name": "Haddad", "given_names": "Rosa"},
            {"family_name": "Haddad", "given_names": "Yusuf", "preferred_name": "Joe"},
        ),
        "no_match": family_in(place, "Kowalski", {"family_name": "Kowalski", "given_names": "Ewa"}),
    }
    # Someone who has left the household no longer finds it.
    left = family_in(place, "Adeyemi", {"family_name": "Adeyemi", "given_names": "Bola"})
    HouseholdMemberFactory(
        family=left,
        person=PersonFactory(family_name="Marlowe", given_names="Jack"),
        left_on=timezone.localdate() - dt.timedelta(days=3),
    )
    made["member_has_left"] = left
    # A family the coordinator does not work with is never found, whatever its name.
    hidden: Family = FamilyFactory(surname="Marlowe")  # type: ignore[assignment]
    CaseFactory(family=hidden)
    HouseholdMemberFactory(family=hidden, person=PersonFactory(given_names="Marlowe"))
    made["hidden"] = hidden
    return place, made


def test_a_name_finds_families_by_their_name_and_by_any_current_members_names(families):
    place, made = families

    found = set(family_search(user=place.coordinator, name="marlo"))

    assert found == {
        made["by_family_name"],
        made["by_person_surname"],
        made["by_given_names"],
        made["by_preferred_name"],
    }


@pytest.mark.parametrize(
    "name",
    [
        "marlo",
        "MARLOWE",
        "Marlowe price",
        "rosa",
        "rosa joe",
        "rosa haddad",
        "ada marlowe",
        "o",
        "adeyemi",
        "jack",
        "kowalski ewa",
        "nobody",
        "100%",
        "_",
    ],
)
def test_the_indexed_search_finds_exactly_what_the_search_family_by_family_found(families, name):
    place, _made = families

    found = list(family_search(user=place.coordinator, name=name))

    assert found == list(searched_one_family_at_a_time(place.coordinator, name))


def test_every_word_must_match_though_different_people_may_match_them(families):
    place, made = families

    assert list(family_search(user=place.coordinator, name="rosa joe")) == [
        made["two_words_two_people"]
    ]
    assert list(family_search(user=place.coordinator, name="rosa kwame")) == []


def test_searching_by_name_reads_the_same_queries_for_one_family_or_many(families):
    place, _made = families
    list(family_search(user=place.coordinator, name="nobody"))  # reads the user's roles once

    with CaptureQueriesContext(connection) as for_one:
        one = list(family_search_results(user=place.coordinator, name="kowalski"))
    for number in range(6):
        family_in(place, f"Kowalski{number}", {"family_name": "Kowalski", "given_names": "Jan"})
    with CaptureQueriesContext(connection) as for_many:
        many = list(family_search_results(user=place.coordinator, name="kowalski"))

    assert len(one) == 1 and len(many) == 7
    # The families, their households, the cases the user may see.
    assert len(for_one) == len(for_many) == 3
    assert all(len(family.current_members) >= 1 for family in many)
    assert all(len(family.visible_case_list) == 1 for family in many)


def test_the_pages_read_by_id_list_what_the_search_lists_and_nothing_the_user_may_not_see(
    families,
):
    place, made = families

    ids = family_search_ids(user=place.coordinator, name="marlo")

    assert ids == [family.pk for family in family_search(user=place.coordinator, name="marlo")]
    assert made["hidden"].pk not in ids
    # A page is read by its ids, in their order, and only through what the user may see.
    page = family_results(user=place.coordinator, ids=[*reversed(ids), made["hidden"].pk])
    assert [family.pk for family in page] == list(reversed(ids))
    assert all(family.visible_case_list for family in page)


def test_the_results_page_runs_the_search_once_for_its_count_and_its_page(client, families):
    place, _made = families
    for number in range(30):
        family_in(place, f"Kowalski{number:02}", {"family_name": "Kowalski", "given_names": "Jan"})
    client.force_login(place.coordinator)
    client.post("/find-a-family/", {"name": "kowalski"})

    with CaptureQueriesContext(connection) as second_page:
        response = client.get("/find-a-family/?page=2")

    assert response.status_code == 200
    assert "Showing 26 to 31 of 31 results" in response.content.decode()
    assert "Kowalski25" in response.content.decode()
    searches = [q for q in second_page if "LIKE" in q["sql"] and "cases_family" in q["sql"]]
    assert len(searches) == 1

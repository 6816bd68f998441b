"""Directory search: need, age, place and free text narrow the list and rank it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from partners.directory.models import ServiceStatus
from partners.directory.selectors import ServiceFilters, place_for, service_search
from partners.models import PostcodeArea
from tests.partners.directory.factories import PostcodeLocationFactory, ServiceFactory
from tests.partners.factories import FamilyHubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    """Two zones: North (hub at NB1, whose centre we know) and South."""
    north_hub = FamilyHubFactory(name="Millbrook Family Hub")
    south_hub = FamilyHubFactory(name="Southgate Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=north_hub)
    PostcodeArea.objects.create(prefix="NB9", family_hub=south_hub)
    PostcodeLocationFactory(
        prefix="NB1", latitude=Decimal("52.40000"), longitude=Decimal("-1.50000")
    )
    return north_hub, south_hub


def names(filters: ServiceFilters, public_only: bool = False) -> list[str]:
    return [s.name for s in service_search(filters=filters, public_only=public_only)]


def test_search_ranks_by_need_then_place_then_distance_for_an_age(borough):
    north_hub, south_hub = borough
    north, south = north_hub.zone, south_hub.zone
    # Both needs, borough-wide, far away.
    ServiceFactory(
        name="Whole-family support",
        needs=["parenting", "behaviour"],
        min_age=0,
        max_age=18,
        latitude=Decimal("52.50000"),
        longitude=Decimal("-1.50000"),
    )
    # One need, at the family's own hub, near.
    ServiceFactory(
        name="Hub parenting group",
        needs=["parenting"],
        family_hub=north_hub,
        zones=[north],
        min_age=2,
        max_age=11,
        latitude=Decimal("52.40100"),
        longitude=Decimal("-1.50000"),
    )
    # One need, serving the zone, a little further.
    ServiceFactory(
        name="North parenting drop-in",
        needs=["parenting"],
        zones=[north],
        latitude=Decimal("52.42000"),
        longitude=Decimal("-1.50000"),
    )
    # One need, borough-wide, nearer than the drop-in but not local.
    ServiceFactory(
        name="Borough parenting line",
        needs=["parenting"],
        latitude=Decimal("52.41000"),
        longitude=Decimal("-1.50000"),
    )
    # Excluded: another zone only; too old an age range; other needs; withdrawn.
    ServiceFactory(name="South parenting", needs=["parenting"], zones=[south])
    ServiceFactory(name="Teen parenting", needs=["parenting"], min_age=13)
    ServiceFactory(name="Debt advice", needs=["money"])
    ServiceFactory(name="Closed course", needs=["parenting"], status=ServiceStatus.WITHDRAWN)

    found = names(ServiceFilters(needs=["parenting", "behaviour"], age=5, postcode="NB1 4AA"))

    assert found == [
        "Whole-family support",  # answers both needs
        "Hub parenting group",  # the family's own hub
        "North parenting drop-in",  # serves their zone
        "Borough parenting line",  # serves everywhere
    ]


def test_distance_is_measured_from_the_postcode_centre_where_known(borough):
    ServiceFactory(name="Near", latitude=Decimal("52.40900"), longitude=Decimal("-1.50000"))
    ServiceFactory(name="Unknown place")

    found = {
        s.name: s.distance_km
        for s in service_search(filters=ServiceFilters(postcode="nb1 4aa"), public_only=False)
    }

    assert found["Near"] == pytest.approx(1.0, abs=0.01)
    assert found["Unknown place"] is None


def test_a_postcode_without_a_known_centre_still_finds_its_zone(borough):
    _, south_hub = borough
    place = place_for(postcode="NB9 1ZZ")
    assert place.zone == south_hub.zone and not place.has_point


def test_free_text_is_ranked_name_first(borough):
    ServiceFactory(name="Talking therapies", description="Counselling for young people")
    ServiceFactory(name="Youth club", description="Games, sport and counselling on request")
    ServiceFactory(name="Food bank", description="Emergency food parcels")

    assert names(ServiceFilters(q="counselling")) == ["Talking therapies", "Youth club"]
    assert names(ServiceFilters(q="youth club")) == ["Youth club"]


def test_free_text_finds_stemmed_words(borough):
    ServiceFactory(name="Parenting course", description="Courses for parents")
    assert names(ServiceFilters(q="parents")) == ["Parenting course"]


def test_the_public_search_shows_only_public_active_services(borough):
    ServiceFactory(name="Public")
    ServiceFactory(name="Staff only", is_public=False)
    ServiceFactory(name="Withdrawn", status=ServiceStatus.WITHDRAWN)

    assert names(ServiceFilters(), public_only=True) == ["Public"]
    assert names(ServiceFilters()) == ["Public", "Staff only"]
    assert names(ServiceFilters(include_withdrawn=True)) == ["Public", "Staff only", "Withdrawn"]

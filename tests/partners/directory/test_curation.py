"""Curating entries: providers keep their own, the council's team keeps every one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.directory.models import Service, ServiceStatus
from partners.roles import AgencyKind, Role
from tests.partners.directory.factories import ServiceFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Dads' group",
    "organisation_name": "",
    "description": "Saturday mornings for dads and children",
    "needs": ["parenting", "family_relationships"],
    "min_age": "0",
    "max_age": "11",
    "cost": "free",
    "referral_route": "self",
    "is_public": "on",
}


@pytest.fixture
def charity():  # type: ignore[no-untyped-def]
    return AgencyFactory(name="Northborough Dads", kind=AgencyKind.VOLUNTARY)


def test_a_provider_adds_a_service_for_their_own_agency(signed_in_client, charity):
    worker = member(Role.PRACTITIONER, agency=charity)
    zone = ZoneFactory()

    response = signed_in_client(worker).post(
        reverse("directory-service-new"), {**NEW, "agency": charity.pk, "zones": [zone.pk]}
    )

    service = Service.objects.get(name="Dads' group")
    assert response.status_code == 302
    assert service.agency == charity and service.organisation_name == "Northborough Dads"
    assert list(service.zones.all()) == [zone]
    assert service.last_reviewed_on == timezone.localdate()


def test_a_provider_cannot_add_a_service_for_another_agency(signed_in_client, charity):
    worker = member(Role.PRACTITIONER, agency=charity)
    other = AgencyFactory()

    response = signed_in_client(worker).post(
        reverse("directory-service-new"), {**NEW, "agency": other.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Service.objects.exists()


def test_a_bad_entry_shows_errors_beside_the_fields_keeping_what_was_typed(
    signed_in_client, charity
):
    worker = member(Role.PRACTITIONER, agency=charity)

    response = signed_in_client(worker).post(
        reverse("directory-service-new"),
        {**NEW, "agency": charity.pk, "min_age": "12", "max_age": "4", "website": "not a site"},
    )

    html = response.content.decode()
    assert "Enter an oldest age the same as or more than the youngest" in html
    assert "Enter a web address like https://www.example.org" in html
    assert "Saturday mornings for dads and children" in html
    assert not Service.objects.exists()


def test_a_provider_may_change_only_their_own_entries(signed_in_client, charity):
    worker = member(Role.PRACTITIONER, agency=charity)
    ours = ServiceFactory(agency=charity)
    theirs = ServiceFactory()
    client = signed_in_client(worker)

    assert client.get(reverse("directory-service-edit", args=[ours.pk])).status_code == 200
    assert client.get(reverse("directory-service-edit", args=[theirs.pk])).status_code == 403


def test_the_council_team_curates_every_entry(signed_in_client):
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    coordinator = member(Role.COORDINATOR, agency=council)
    service = ServiceFactory(agency=None, organisation_name="Allotment club")

    response = signed_in_client(coordinator).post(
        reverse("directory-service-edit", args=[service.pk]),
        {**NEW, "organisation_name": "Allotment club", "version": service.version},
    )

    service.refresh_from_db()
    assert response.status_code == 302
    assert service.name == "Dads' group" and service.version == 2


def test_a_partner_viewer_cannot_open_the_curation_pages(signed_in_client):
    viewer = member(Role.PARTNER_VIEWER)
    service = ServiceFactory()
    client = signed_in_client(viewer)

    assert client.get(reverse("directory")).status_code == 200  # reading is for everyone
    assert client.get(reverse("directory-service-new")).status_code == 403
    assert client.get(reverse("directory-service-edit", args=[service.pk])).status_code == 403


def test_two_curators_editing_at_once_do_not_overwrite_each_other(signed_in_client, charity):
    first = member(Role.PRACTITIONER, agency=charity)
    second = member(Role.MANAGER, agency=charity)
    service = ServiceFactory(agency=charity, name="Original")
    read_version = service.version

    signed_in_client(first).post(
        reverse("directory-service-edit", args=[service.pk]),
        {**NEW, "agency": charity.pk, "name": "First change", "version": read_version},
    )
    response = signed_in_client(second).post(
        reverse("directory-service-edit", args=[service.pk]),
        {**NEW, "agency": charity.pk, "name": "Second change", "version": read_version},
    )

    service.refresh_from_db()
    assert service.name == "First change"
    assert "Someone else changed this service" in response.content.decode()
    assert "Second change" in response.content.decode()  # kept as typed


def test_confirming_an_entry_makes_it_no_longer_stale(signed_in_client, charity):
    worker = member(Role.PRACTITIONER, agency=charity)
    old = timezone.localdate() - dt.timedelta(days=200)
    service = ServiceFactory(agency=charity, last_reviewed_on=old)
    assert service.is_stale

    signed_in_client(worker).post(
        reverse("directory-service-reviewed", args=[service.pk]), {"version": service.version}
    )

    service.refresh_from_db()
    assert not service.is_stale and service.last_reviewed_on == timezone.localdate()


def test_a_withdrawn_service_leaves_the_directory_but_not_the_record(signed_in_client, charity):
    worker = member(Role.PRACTITIONER, agency=charity)
    service = ServiceFactory(agency=charity, name="Closed course")
    client = signed_in_client(worker)

    client.post(
        reverse("directory-service-status", args=[service.pk]),
        {"status": "withdrawn", "version": service.version},
    )

    service.refresh_from_db()
    assert service.status == ServiceStatus.WITHDRAWN
    client.get(reverse("directory-service", args=[service.pk]))  # shows the message
    assert "Closed course" not in client.get(reverse("directory")).content.decode()
    assert client.get(reverse("directory-service", args=[service.pk])).status_code == 200


def test_the_staff_list_costs_the_same_queries_for_5_or_50_services(
    signed_in_client, django_assert_max_num_queries
):
    client = signed_in_client(member(Role.PRACTITIONER))
    ServiceFactory.create_batch(5)
    client.get(reverse("directory"))  # the session's first request settles its own writes
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("directory"), {"need": "parenting", "zone": ""})
    ServiceFactory.create_batch(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("directory"), {"need": "parenting", "zone": ""})

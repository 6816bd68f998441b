"""The public directory: no sign-in, public services only, searchable without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from partners.directory.models import ServiceStatus
from tests.partners.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_public_page_answers_without_a_session_and_sets_no_cookie():
    ServiceFactory(name="Stay and play", description="Play sessions for under fives")

    response = Client().get(reverse("services"))

    assert response.status_code == 200
    assert "Stay and play" in response.content.decode()
    assert response.cookies == {}  # no session, no CSRF cookie: nothing to sign in to
    assert "Exit this page" in response.content.decode()


def test_the_public_pages_link_the_accessibility_statement_from_their_footer():
    response = Client().get(reverse("services"))

    assert f'href="{reverse("accessibility")}">Accessibility statement</a>' in (
        response.content.decode()
    )


def test_the_public_page_searches_free_text_from_q():
    ServiceFactory(name="Stay and play", description="Play sessions for under fives")
    ServiceFactory(name="Debt advice", description="Help with money worries")

    html = Client().get(reverse("services"), {"q": "money"}).content.decode()

    assert "Debt advice" in html and "Stay and play" not in html


def test_the_public_page_hides_staff_only_and_withdrawn_services():
    ServiceFactory(name="For staff", is_public=False)
    withdrawn = ServiceFactory(name="Gone", status=ServiceStatus.WITHDRAWN)
    staff_only = ServiceFactory(name="Referral only", is_public=False)

    html = Client().get(reverse("services")).content.decode()

    assert "For staff" not in html and "Gone" not in html
    assert Client().get(reverse("service", args=[withdrawn.pk])).status_code == 404
    assert Client().get(reverse("service", args=[staff_only.pk])).status_code == 404


def test_a_bad_age_is_shown_beside_the_field_with_what_was_typed():
    response = Client().get(reverse("services"), {"age": "seven", "q": "play"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the age as a number, like 7" in html
    assert 'value="seven"' in html and 'value="play"' in html
    assert "<title>Error:" in html


def test_a_public_service_page_shows_how_to_get_help():
    service = ServiceFactory(
        name="Young carers group", referral_detail="Ring Sam on 01632 960 000", is_public=True
    )

    html = Client().get(reverse("service", args=[service.pk])).content.decode()

    assert "Young carers group" in html and "Ring Sam on 01632 960 000" in html


def test_the_print_view_lists_every_service_of_the_search_in_full():
    ServiceFactory(name="Stay and play", opening_times="Mondays 10am")
    ServiceFactory(name="Debt advice", needs=["money"])

    html = Client().get(reverse("services-print"), {"need": "parenting"}).content.decode()

    assert "Stay and play" in html and "Mondays 10am" in html
    assert "Debt advice" not in html


def test_the_public_page_answers_in_the_same_queries_for_5_or_50_services(
    django_assert_max_num_queries,
):
    ServiceFactory.create_batch(5)
    client = Client()
    with django_assert_max_num_queries(5) as few:  # place (2), count, page, zones
        client.get(reverse("services"), {"postcode": "NB1 4AA", "need": "parenting"})
    ServiceFactory.create_batch(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("services"), {"postcode": "NB1 4AA", "need": "parenting"})

import pytest
from django.test import Client

from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_a_nul_character_in_a_query_string_is_a_clear_400_on_pages(signed_in_client):
    client = signed_in_client(member(Role.COORDINATOR))
    response = client.get("/?q=%00")
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_a_nul_character_in_a_form_is_a_clear_400():
    response = Client().post("/sign-in/", {"username": "a\x00b@x.example", "password": "x"})
    assert response.status_code == 400


def test_a_nul_character_in_an_api_query_is_a_structured_400():
    response = Client().get("/api/v1/families/?name=%00")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request contains")

"""The 500 answer when the database is what failed: no error inside the error handler."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from earlyhelp import views

pytestmark = pytest.mark.django_db


def test_an_api_request_gets_a_json_500():
    response = views.server_error(RequestFactory().get("/api/v1/cases/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


def test_a_page_gets_a_bare_500_when_its_context_cannot_be_read(monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database is restarting")

    monkeypatch.setattr(views, "render", broken)
    response = views.server_error(RequestFactory().get("/cases/1/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content

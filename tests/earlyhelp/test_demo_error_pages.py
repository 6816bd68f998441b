"""`make run`'s demo shows the service's own 404 and 500 pages while DEBUG stays on."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.test import Client, override_settings
from django.urls import get_resolver, path

from earlyhelp import launcher
from earlyhelp.url_policy import Policy, access_policy

pytestmark = pytest.mark.django_db


@access_policy(Policy.PUBLIC)
def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a view")


@access_policy(Policy.PUBLIC)
def _own_not_found(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound("the view's own answer")


urlpatterns = [
    path("broken/", _broken),
    path("own-404/", _own_not_found),
    *get_resolver("composition.urls").url_patterns,
]

DEMO = override_settings(
    DEBUG=True,
    ROOT_URLCONF=__name__,
    MIDDLEWARE=["earlyhelp.error_pages.ServiceErrorPagesMiddleware", *settings.MIDDLEWARE],
)


@DEMO
def test_the_demo_shows_the_services_page_not_found_not_djangos_debug_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"NOARCHIVE" not in response.content and b"URLconf" not in response.content


@DEMO
def test_the_demo_shows_the_services_500_page_not_the_traceback():
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    assert b"a fault in a view" not in response.content


@DEMO
def test_a_404_a_view_returns_on_purpose_passes_through():
    assert Client().get("/own-404/").content == b"the view's own answer"


@override_settings(DEBUG=True, ROOT_URLCONF=__name__)
def test_developers_without_the_setting_keep_djangos_debug_page():
    assert b"NOARCHIVE" in Client().get("/no-such-page/").content


def test_make_run_turns_the_services_error_pages_on_in_the_development_settings():
    assert "SERVICE_ERROR_PAGES" in inspect.getsource(launcher.run)
    first = subprocess.run(
        [
            sys.executable,
            "-c",
            "import earlyhelp.settings.development as s; print(s.MIDDLEWARE[0], s.DEBUG)",
        ],
        env={**os.environ, "SERVICE_ERROR_PAGES": "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert first == ["earlyhelp.error_pages.ServiceErrorPagesMiddleware", "True"]

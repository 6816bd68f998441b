"""Bounded input: no request, and no draft kept in a session, can make the server build
more form rows than a form may hold, and over-large bodies get a clear refusal."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from cases.views.enquiry_draft import DRAFT
from earlyhelp.input_limits import MAX_FORMSET_ROWS
from partners.roles import AgencyKind, Role
from tests.cases.pages import people_data
from tests.cases.test_enquiry_pages import FAMILY
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(signed_in_client) -> Client:
    teacher = member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.SCHOOL))
    client = signed_in_client(teacher)
    client.post("/enquiries/new/")
    client.post("/enquiries/new/who/", {"action": "new"})
    client.post("/enquiries/new/family/", FAMILY)
    return client


def test_a_form_asking_for_100000_rows_is_refused_fast_with_a_clear_error(client):
    data = people_data({"given_names": "Grace"}, action="add")
    data["person-TOTAL_FORMS"] = "100000"

    started = time.perf_counter()
    response = client.post("/enquiries/new/people/", data)
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert f"at most {MAX_FORMSET_ROWS} rows" in response.content.decode()
    assert elapsed < 2
    # Nothing was kept: the people page still holds what it held before.
    assert "people" not in client.session[DRAFT].get("typed", {})


def test_a_draft_already_holding_100000_people_shows_at_most_the_maximum_fast(client):
    session = client.session
    draft = session[DRAFT]
    stored = {k: [v] for k, v in people_data({"given_names": "Grace"}).items()}
    stored["person-TOTAL_FORMS"] = ["100000"]
    draft.setdefault("typed", {})["people"] = stored
    session[DRAFT] = draft
    session.save()

    started = time.perf_counter()
    response = client.get("/enquiries/new/people/")
    elapsed = time.perf_counter() - started

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="person-') < (MAX_FORMSET_ROWS + 1) * 40
    assert f'name="person-{MAX_FORMSET_ROWS}-given_names"' not in html
    assert elapsed < 10


def test_adding_a_row_stops_at_the_maximum(client):
    people = [{"given_names": f"Child {n}"} for n in range(MAX_FORMSET_ROWS)]
    data = people_data(*people, action="add")
    client.post("/enquiries/new/people/", data)
    typed = client.session[DRAFT]["typed"]["people"]
    assert typed["person-TOTAL_FORMS"] == [str(MAX_FORMSET_ROWS)]


def test_an_over_large_body_is_refused_with_413_before_it_is_read(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = client.post("/enquiries/new/people/", {"notes": "x" * 4096}, HTTP_ACCEPT="text/html")
    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_an_api_request_over_the_limit_gets_a_structured_413(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = client.post(
        "/api/v1/cases/", data="{" + '"x": 1,' * 500 + '"y": 1}', content_type="application/json"
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_too_many_fields_get_a_clear_error_not_a_bare_bad_request(client):
    data = {f"field{n}": "1" for n in range(6000)}
    response = client.post("/enquiries/new/people/", data)
    assert response.status_code == 400
    assert "too many fields" in response.content.decode()


def test_every_formset_of_the_service_has_the_absolute_maximum():
    """A formset made without `bounded_formset_options` would build as many rows as a
    request asks for: every one reachable from the URLs is found and checked."""
    import pkgutil
    from importlib import import_module

    from django.forms.formsets import BaseFormSet
    from django.urls import get_resolver

    from earlyhelp.input_limits import MAX_FORMSET_ROWS

    get_resolver().url_patterns  # noqa: B018 (imports every view, and so its forms)
    for app in ("cases", "assessments", "family_plans", "partners", "identity", "reporting"):
        for module in pkgutil.walk_packages(import_module(app).__path__, f"{app}."):
            if ".forms" in module.name or module.name.endswith("forms"):
                import_module(module.name)

    def made(cls: type) -> list[type]:
        found = []
        for sub in cls.__subclasses__():
            if hasattr(sub, "form") and not sub.form.__module__.startswith("django."):
                found.append(sub)  # a formset_factory's class: named by its form
            found.extend(made(sub))
        return found

    formsets = {f"{cls.form.__module__}.{cls.__name__}": cls for cls in made(BaseFormSet)}
    assert len(formsets) >= 5, formsets
    unbounded = {
        name: (cls.absolute_max, cls.max_num)
        for name, cls in formsets.items()
        if not name.startswith("tests.")
        and (cls.absolute_max > MAX_FORMSET_ROWS or cls.max_num > MAX_FORMSET_ROWS)
    }
    assert unbounded == {}

"""The pages and the API answer the same, for every person of the permission matrix.

Each row pairs a page with the API route that reads the same thing. For every person in
a relation to the case (tests/cases/relations.py), both are asked, signed in as that
person, and must give the same answer: shown, refused (403), or hidden (404, as if it did
not exist). For the lists, the cases shown must be the same too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cases.models import Case
from tests.cases.relations import Relations, build_relations

pytestmark = pytest.mark.django_db

SHOWN, REFUSED, HIDDEN = "shown", "refused", "hidden"

Url = Callable[[Relations], str]

# (what, page URL, API URL)
ROUTES: list[tuple[str, Url, Url]] = [
    ("a case", lambda r: f"/cases/{r.case.pk}/", lambda r: f"/api/v1/cases/{r.case.pk}/"),
    (
        "a case's notes",
        lambda r: f"/cases/{r.case.pk}/notes/",
        lambda r: f"/api/v1/cases/{r.case.pk}/notes/",
    ),
    (
        "a case's family",
        lambda r: f"/cases/{r.case.pk}/family/",
        lambda r: f"/api/v1/families/{r.case.family_id}/",
    ),
    (
        "a case's assessments",
        lambda r: f"/cases/{r.case.pk}/assessment/",
        lambda r: f"/api/v1/cases/{r.case.pk}/assessments/",
    ),
    (
        "a case's Outcome Star readings",
        lambda r: f"/cases/{r.case.pk}/outcome-star/",
        lambda r: f"/api/v1/cases/{r.case.pk}/star-readings/",
    ),
    (
        "a case's TAF meetings",
        lambda r: f"/cases/{r.case.pk}/meetings/",
        lambda r: f"/api/v1/cases/{r.case.pk}/meetings/",
    ),
    (
        "a closed case",
        lambda r: f"/cases/{r.closed_case.pk}/",
        lambda r: f"/api/v1/cases/{r.closed_case.pk}/",
    ),
    (
        "a case's documents",
        lambda r: f"/cases/{r.case.pk}/documents/",
        lambda r: f"/api/v1/cases/{r.case.pk}/documents/",
    ),
    ("what became of enquiries", lambda r: "/your-enquiries/", lambda r: "/api/v1/enquiries/"),
]


def _answer(status: int) -> str:
    return {200: SHOWN, 403: REFUSED, 404: HIDDEN}.get(status, f"status {status}")


def _cases_named(content: str, cases: list[Case]) -> set[str]:
    return {case.reference for case in cases if case.reference in content}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_person_gets_the_same_answer_from_a_page_and_its_api_route():
    relations = build_relations()
    cases = list(Case.objects.all())
    disagreements: list[str] = []
    for name, user in relations.people.items():
        if user is None:
            continue
        client = _client(user)
        for what, page_url, api_url in ROUTES:
            page = client.get(page_url(relations))
            api = client.get(api_url(relations), HTTP_ACCEPT="application/json")
            if _answer(page.status_code) != _answer(api.status_code):
                disagreements.append(
                    f"{name}: {what}: page {page.status_code}, API {api.status_code}"
                )
            elif page.status_code == 200 and what == "what became of enquiries":
                shown_on_page = _cases_named(page.content.decode(), cases)
                shown_by_api = _cases_named(api.content.decode(), cases)
                if shown_on_page != shown_by_api:
                    disagreements.append(
                        f"{name}: {what}: page {sorted(shown_on_page)}, API {sorted(shown_by_api)}"
                    )
    assert disagreements == []


def test_a_strategic_lead_is_refused_enquiries_by_the_api_as_by_the_page(signed_in_client):  # type: ignore[no-untyped-def]
    relations = build_relations()
    lead = relations["strategic lead"]
    client = signed_in_client(lead)
    assert client.get("/your-enquiries/").status_code == 403
    assert client.get("/api/v1/enquiries/").status_code == 403

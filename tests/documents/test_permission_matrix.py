"""Every document route against every relation to a case (tests/cases/relations.py).

The matrix enumerates the URL patterns of documents/urls.py: a new route fails this
test until its expected access is declared. A person who may not see the case gets
404 for every route, reads and writes alike; those who see it may list and download a
document everyone on the case may see; the upload page is for those who may add notes.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern

from documents import urls as document_urls
from tests.cases.relations import Relations, build_relations
from tests.cases.test_pages_permission_matrix import (
    EVERYONE,
    NOTE_WRITERS,
    SEES_CASE,
    SIGN_IN,
    client_for,
    outcome,
)
from tests.documents.factories import clean_document

pytestmark = pytest.mark.django_db

PAGES: dict[str, set[str]] = {
    "case-documents": SEES_CASE,
    "case-document-upload": NOTE_WRITERS,
    "case-document-download": SEES_CASE,
}


def expected(who: str, name: str) -> int | str:
    if who == "signed-out visitor":
        return SIGN_IN
    if who not in SEES_CASE:
        return 404
    return 200 if who in PAGES[name] else 403


def url_of(pattern: URLPattern, world: Relations, document_id: int) -> str:
    route = str(pattern.pattern)
    return "/" + route.replace("<int:case_id>", str(world.case.pk)).replace(
        "<int:document_id>", str(document_id)
    )


@pytest.fixture
def world() -> tuple[Relations, int]:
    relations = build_relations()
    document = clean_document(actor=relations["lead practitioner"], case=relations.case)
    return relations, document.pk


def test_every_document_route_has_a_declared_expectation():
    names = {p.name for p in document_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(PAGES)


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_each_person_gets_exactly_the_access_their_relation_allows(world, who):
    relations, document_id = world
    client: Client = client_for(relations, who)
    wrong = []
    for pattern in document_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and pattern.name
        url = url_of(pattern, relations, document_id)
        want = expected(who, pattern.name)
        response = client.get(url)
        got = outcome(response)
        if got != want:
            wrong.append(f"GET {url}: expected {want}, got {got}")
        if want != 200 and pattern.name == "case-document-upload":
            posted = outcome(client.post(url, {}))
            if posted != want:
                wrong.append(f"POST {url}: expected {want}, got {posted}")
    assert wrong == [], f"{who}:\n" + "\n".join(wrong)

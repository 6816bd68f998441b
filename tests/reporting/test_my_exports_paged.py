"""Your exports is a paged list: every export can be reached, a page at a time, in the
same number of queries whatever the number of exports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.roles import Role
from reporting.models import ExportJob
from reporting.views.exports import EXPORTS_PER_PAGE
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def _exports_for(user, count: int) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    ExportJob.objects.bulk_create(
        ExportJob(
            kind="case_pdf",
            title=f"Export number {n:03d}",
            requested_by=user,
            created_at=now - dt.timedelta(minutes=n),
        )
        for n in range(count)
    )


def _page(client: Client, number: int) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("my-exports"), {"page": number})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_your_exports_are_paged_and_the_oldest_is_on_the_last_page():
    user = member(Role.PRACTITIONER)
    total = EXPORTS_PER_PAGE * 4 + 3
    _exports_for(user, total)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    first, first_queries = _page(client, 1)
    assert first.count("Export number ") == EXPORTS_PER_PAGE
    assert "Export number 000" in first
    assert f"Export number {total - 1:03d}" not in first
    assert 'class="govuk-pagination' in first

    last, last_queries = _page(client, 5)
    assert last.count("Export number ") == 3
    assert f"Export number {total - 1:03d}" in last
    assert last_queries == first_queries


def test_your_exports_page_reads_the_same_number_of_queries_for_many_exports():
    few_user, many_user = member(Role.PRACTITIONER), member(Role.PRACTITIONER)
    _exports_for(few_user, 2)
    _exports_for(many_user, EXPORTS_PER_PAGE * 3)
    counts = []
    for user in (few_user, many_user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        _page(client, 1)
        counts.append(_page(client, 1)[1])
    assert counts[0] == counts[1]

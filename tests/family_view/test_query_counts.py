"""The family's pages and the practitioner's tab run the same queries for a small plan
and a large one."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from family_plans.models import OwnerKind
from family_view.services.family import contribution_add
from tests.cases.factories import ConsentFactory, ShareFactory
from tests.family_plans.factories import ActionFactory, OutcomeFactory
from tests.family_view.factories import family_client, family_with_plan, invited
from tests.partners.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _grown(size: int):  # type: ignore[no-untyped-def]
    fwp = family_with_plan()
    access = invited(fwp)
    for n in range(size):
        outcome = OutcomeFactory(plan=fwp.plan, wanted=f"Goal {n}")
        ActionFactory(outcome=outcome, owner_user=fwp.fc.worker, updated_by=fwp.fc.worker)
        ActionFactory(
            outcome=outcome,
            owner_kind=OwnerKind.FAMILY,
            owner_user=None,
            owner_person=fwp.mother,
            updated_by=fwp.fc.worker,
        )
        agency = AgencyFactory()
        consent = ConsentFactory(case=fwp.case, person=fwp.mother, recorded_by=fwp.fc.worker)
        consent.agencies.set([agency])
        ShareFactory(case=fwp.case, agency=agency, consent=consent, granted_by=fwp.fc.worker)
        contribution_add(access=access, text=f"View number {n}")
    return fwp, access


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url", ["/family/", "/family/plan/", "/family/consent/", "/family/your-views/"]
)
def test_family_pages_cost_the_same_for_5_and_25_of_everything(url):
    _, small = _grown(5)
    _, large = _grown(25)

    assert _count(family_client(small), url) == _count(family_client(large), url)


def test_the_practitioners_tab_costs_the_same_for_5_and_25_views(signed_in_client):
    small, _ = _grown(5)
    large, _ = _grown(25)
    staff_small = signed_in_client(small.fc.worker)
    staff_large = signed_in_client(large.fc.worker)

    assert _count(staff_small, f"/cases/{small.case.pk}/family-online/") == _count(
        staff_large, f"/cases/{large.case.pk}/family-online/"
    )

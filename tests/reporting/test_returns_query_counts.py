"""The returns read in a fixed number of queries, whatever the number of families."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.access import visible_cases
from reporting.returns.annex_a import annex_a
from reporting.returns.cin import cin_table
from reporting.returns.families_first import identifiers_table, progress_table
from reporting.returns.ssd import ssd_tables
from reporting.scorecard.periods import Period
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.reporting.returns_data import INSPECTION, build_borough
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db


def more_families(borough, count: int) -> None:  # type: ignore[no-untyped-def]
    """Families like the Clarkes: an allocated section 17 episode with a contact in the window."""
    hub = borough.mensah.family_hub
    for n in range(count):
        family = FamilyFactory(family_hub=hub)
        child = PersonFactory(ethnicity="NOBT")
        HouseholdMemberFactory(family=family, person=child)
        case = journey(
            received=dt.date(2026, 2, 1) + dt.timedelta(days=n),
            steps={"allocate": dt.date(2026, 3, 1)},
            family=family,
            lead_agency=borough.council,
            lead_practitioner=borough.worker,
            case_type=borough.family_help,
        )
        case.enquiry.children.set([child])


def queries_of(action) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda u: annex_a(cases=visible_cases(u), inspection_date=INSPECTION), id="annex-a"
        ),
        pytest.param(lambda u: ssd_tables(cases=visible_cases(u)), id="ssd"),
        pytest.param(lambda u: cin_table(cases=visible_cases(u), year=2025), id="cin"),
        pytest.param(
            lambda u: progress_table(cases=visible_cases(u), quarter=Period.parse("2026-Q1")),
            id="families-first",
        ),
        pytest.param(
            lambda u: identifiers_table(cases=visible_cases(u), quarter=Period.parse("2026-Q1")),
            id="identifiers",
        ),
    ],
)
def test_each_return_reads_as_many_queries_for_25_more_families_as_for_none(build):
    borough = build_borough()
    build(borough.coordinator)  # the coordinator's reach is read once, then cached
    few = queries_of(lambda: build(borough.coordinator))
    more_families(borough, 25)
    many = queries_of(lambda: build(borough.coordinator))
    assert many == few


def test_the_data_quality_page_makes_the_same_queries_for_5_and_30_children(signed_in_client):
    borough = build_borough()
    client = signed_in_client(borough.coordinator)
    url = reverse("data-quality")
    client.get(url)
    few = queries_of(lambda: client.get(url))
    more_families(borough, 25)
    many = queries_of(lambda: client.get(url))
    assert many == few

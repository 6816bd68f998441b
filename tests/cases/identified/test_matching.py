"""Matching partners' rows to people: identifiers first, then details with a score."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.identified.kinds import DataSetKind
from cases.identified.models import DataRow, IdentifiedFamily, MatchMethod, MatchStatus
from cases.identified.parsing import read_data_set
from cases.identified.selectors import indicators_of
from cases.identified.services import data_row_confirm, data_set_import
from tests.cases.identified.borough import build_borough, csv_bytes
from tests.cases.pages import nhs_number, upn

pytestmark = pytest.mark.django_db


def import_rows(actor, kind, rows):  # type: ignore[no-untyped-def]
    parsed = read_data_set(csv_bytes(rows))
    assert not isinstance(parsed, str) and not parsed.bad
    return data_set_import(actor=actor, kind=kind, file_name="f.csv", rows=parsed.rows)


def test_an_nhs_number_or_upn_matches_exactly_whatever_the_name_says():
    b = build_borough()

    outcome = import_rows(
        b.place.coordinator,
        DataSetKind.HEALTH_VISITING,
        [
            {"nhs_number": nhs_number(1), "family_name": "Smith", "date": "2026-01-05"},
            {"upn": upn(1), "date": "2026-01-06"},
        ],
    )

    rows = list(DataRow.objects.order_by("line"))
    assert outcome.matched == 2 and outcome.families == 1
    assert [r.method for r in rows] == [MatchMethod.NHS_NUMBER, MatchMethod.UPN]
    assert all(r.person == b.ama and r.family == b.asante for r in rows)


def test_every_detail_the_same_is_a_match_and_a_typo_goes_to_review():
    b = build_borough()

    outcome = import_rows(
        b.place.coordinator,
        DataSetKind.SCHOOL_ATTENDANCE,
        [
            {
                "given_names": "Liam",
                "family_name": "Byrne",
                "date_of_birth": "2012-02-03",
                "postcode": "nb1 6zz",
                "date": "2026-01-05",
                "detail": "attendance 81%",
            },
            {
                "given_names": "Liam",
                "family_name": "Bryne",  # a typo
                "date_of_birth": "03/02/2012",
                "date": "2026-01-09",
            },
            {
                "given_names": "Zara",
                "family_name": "Unknown",
                "date_of_birth": "2010-01-01",
                "date": "2026-01-09",
            },
        ],
    )

    exact, fuzzy, unknown = DataRow.objects.order_by("line")
    assert (outcome.matched, outcome.to_review, outcome.not_known) == (1, 1, 1)
    assert exact.status == MatchStatus.MATCHED and exact.method == MatchMethod.DETAILS
    assert exact.person == b.liam and exact.score == 1
    assert fuzzy.status == MatchStatus.TO_REVIEW and fuzzy.person is None
    assert fuzzy.candidates[0]["person"] == b.liam.pk
    assert "family name nearly" in fuzzy.candidates[0]["why"]
    assert unknown.status == MatchStatus.NOT_KNOWN and unknown.candidates == []

    data_row_confirm(actor=b.place.coordinator, row=fuzzy, person_id=b.liam.pk)

    fuzzy.refresh_from_db()
    assert fuzzy.status == MatchStatus.MATCHED and fuzzy.method == MatchMethod.REVIEWED
    assert fuzzy.family == b.byrne and fuzzy.reviewed_by == b.place.coordinator


def test_two_people_alike_in_every_detail_are_never_matched_without_review():
    b = build_borough()
    from tests.cases.factories import HouseholdMemberFactory, PersonFactory

    twin = PersonFactory(given_names="Liam", family_name="Byrne", date_of_birth=dt.date(2012, 2, 3))
    HouseholdMemberFactory(family=b.byrne, person=twin)

    import_rows(
        b.place.coordinator,
        DataSetKind.POLICE_ASB,
        [
            {
                "given_names": "Liam",
                "family_name": "Byrne",
                "date_of_birth": "2012-02-03",
                "postcode": "NB1 6ZZ",
                "date": "2026-01-05",
            }
        ],
    )

    row = DataRow.objects.get()
    assert row.status == MatchStatus.TO_REVIEW and len(row.candidates) == 2


def test_a_family_in_two_data_sets_is_identified_once_with_both_indicators():
    b = build_borough()
    coordinator = b.place.coordinator

    import_rows(
        coordinator,
        DataSetKind.SCHOOL_ATTENDANCE,
        [{"upn": upn(1), "date": "2026-01-05", "detail": "attendance 78%"}],
    )
    import_rows(
        coordinator,
        DataSetKind.POLICE_DOMESTIC_ABUSE,
        [{"nhs_number": nhs_number(1), "date": "2026-02-11", "detail": "incident at home"}],
    )

    assert IdentifiedFamily.objects.filter(family=b.asante).count() == 1
    indicators = indicators_of(family_ids=[b.asante.pk])[b.asante.pk]
    assert [(i.kind, i.detail, i.event_on) for i in indicators] == [
        (DataSetKind.POLICE_DOMESTIC_ABUSE, "incident at home", dt.date(2026, 2, 11)),
        (DataSetKind.SCHOOL_ATTENDANCE, "attendance 78%", dt.date(2026, 1, 5)),
    ]


def test_rows_past_their_retention_period_are_deleted_by_the_nightly_task():
    from cases.identified.models import DataSet
    from cases.identified.tasks import purge_expired_data_sets
    from partners.directory.models import months_later

    b = build_borough()
    import_rows(
        b.place.coordinator,
        DataSetKind.WORKLESSNESS,
        [{"nhs_number": nhs_number(1), "date": "2026-01-05"}],
    )
    data_set = DataSet.objects.get()
    assert data_set.retain_until == months_later(data_set.imported_at.date(), 6)

    assert purge_expired_data_sets() == 0  # still within its period
    DataSet.objects.update(retain_until=dt.date(2020, 1, 1))
    assert purge_expired_data_sets() == 1
    assert purge_expired_data_sets() == 0  # once

    data_set.refresh_from_db()
    assert data_set.purged_at is not None and not DataRow.objects.exists()
    assert data_set.row_count == 1  # the record of what was held stays

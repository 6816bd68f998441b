"""The retention schedule, under a frozen clock: what is due, approval, legal holds, and
what anonymisation leaves behind (nothing that names anyone; the figures; the chain)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from cases.audit import verify_chain
from cases.codes import Relationship
from cases.models import AuditEntry, Case, Family, Person, PersonIdentifier
from cases.workflow_states import State
from governance import retention
from governance import sar as sar_services
from governance.models import DueStatus, LegalHold, RetentionDue, RetentionRule
from governance.permissions import SYSTEM
from reporting.models import ScorecardSnapshot
from reporting.scorecard.services import rollup_now
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.governance.factories import officer
from tests.reporting.case_pdf_data import demo_like_case

pytestmark = pytest.mark.django_db

BUILT = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
SIX_YEARS_ON = dt.datetime(2032, 3, 20, 3, tzinfo=dt.UTC)
YOUNGEST_IS_25 = dt.datetime(2042, 6, 1, 3, tzinfo=dt.UTC)
NHS_NUMBER = "9434765919"


def _adults_only_family(closed_on: dt.date) -> Family:
    family = FamilyFactory(surname="Brackenbury")
    HouseholdMemberFactory(
        family=family,
        person=PersonFactory(family_name="Brackenbury", date_of_birth=dt.date(1980, 5, 1)),
        relationship=Relationship.PARENT,
    )
    CaseFactory(family=family, state=State.CLOSED, closed_on=closed_on)
    return family


@pytest.fixture
def worked_family():
    """A family's case worked from assessment to closure in March 2026 (children of 14
    and 9), one child with an NHS number, and a subject access request about them."""
    with time_machine.travel(BUILT, tick=True):
        demo = demo_like_case(notes=2)
        child = Person.objects.filter(households__family=demo.case.family).order_by("pk").first()
        PersonIdentifier.objects.create(person=child, type="nhs_number", value=NHS_NUMBER)
        the_officer = officer()
        request = sar_services.sar_record(
            actor=the_officer,
            person=child,
            requester_name="Parent1 Okafor",
            identity_checked=True,
            received_on=dt.date(2026, 3, 2),
        )
        sar_services.sar_gather(
            sar_id=sar_services.sar_export_start(actor=the_officer, sar=request).pk
        )
    return demo, the_officer


def test_a_closed_record_without_children_is_due_six_years_after_closure():
    family = _adults_only_family(closed_on=dt.date(2026, 3, 10))
    with time_machine.travel(dt.datetime(2032, 3, 9, 3, tzinfo=dt.UTC), tick=False):
        assert retention.retention_list_due().listed == []
    with time_machine.travel(dt.datetime(2032, 3, 10, 3, tzinfo=dt.UTC), tick=False):
        listed = retention.retention_list_due().listed
    assert [(i.family_id, i.due_on) for i in listed] == [(family.pk, dt.date(2032, 3, 10))]


def test_a_record_with_children_is_kept_until_the_youngest_is_25(worked_family):
    demo, _ = worked_family
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        assert retention.retention_list_due().listed == []
    with time_machine.travel(YOUNGEST_IS_25, tick=False):
        listed = retention.retention_list_due().listed
    assert [i.family_id for i in listed] == [demo.case.family_id]
    youngest = max(
        p.date_of_birth for p in Person.objects.filter(households__family=demo.case.family)
    )
    assert listed[0].due_on == youngest.replace(year=youngest.year + 25)


def test_an_open_case_keeps_the_whole_family_record():
    family = _adults_only_family(closed_on=dt.date(2020, 1, 10))
    CaseFactory(family=family, state=State.ALLOCATED)
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        assert retention.retention_list_due().listed == []


def test_a_system_administrators_period_is_used():
    RetentionRule.objects.filter(record_type="closed_case").update(years_after_closure=2)
    family = _adults_only_family(closed_on=dt.date(2026, 3, 10))
    with time_machine.travel(dt.datetime(2028, 3, 10, 3, tzinfo=dt.UTC), tick=False):
        assert [i.family_id for i in retention.retention_list_due().listed] == [family.pk]


def test_the_officer_approves_due_records_in_a_batch_and_the_run_anonymises_them():
    first = _adults_only_family(closed_on=dt.date(2026, 3, 10))
    second = _adults_only_family(closed_on=dt.date(2026, 3, 11))
    the_officer = officer()
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        due = retention.retention_list_due().listed
        batch = retention.retention_approve(actor=the_officer, due_ids=[i.pk for i in due])
        assert set(batch.items.values_list("family_id", flat=True)) == {first.pk, second.pk}
        assert set(RetentionDue.objects.values_list("status", flat=True)) == {DueStatus.APPROVED}

        report = retention.retention_apply(actor=SYSTEM)

    assert len(report.done) == 2
    assert set(RetentionDue.objects.values_list("status", flat=True)) == {DueStatus.DONE}
    assert not Person.objects.filter(family_name="Brackenbury").exists()
    assert Case.objects.filter(family__in=[first, second]).count() == 2  # counted still


def test_a_legal_hold_stops_the_run(worked_family):
    demo, the_officer = worked_family
    with time_machine.travel(YOUNGEST_IS_25, tick=False):
        due = retention.retention_list_due().listed
        retention.retention_approve(actor=the_officer, due_ids=[i.pk for i in due])
        retention.legal_hold_place(
            actor=the_officer, case=demo.case, reason="A claim has been brought against us."
        )

        report = retention.retention_apply(actor=SYSTEM)

    assert report.done == []
    assert RetentionDue.objects.get().status == DueStatus.HELD
    assert Person.objects.filter(family_name="Okafor").exists()


def test_the_run_checks_for_a_hold_again_before_anonymising(worked_family):
    demo, the_officer = worked_family
    child = Person.objects.filter(households__family=demo.case.family).first()
    with time_machine.travel(YOUNGEST_IS_25, tick=False):
        due = retention.retention_list_due().listed
        retention.retention_approve(actor=the_officer, due_ids=[i.pk for i in due])
        # A hold that reached the table after the approval, however it got there.
        LegalHold.objects.create(person=child, reason="Inquiry", placed_by=the_officer)

        report = retention.retention_apply(actor=SYSTEM)

    assert report.done == [] and len(report.held) == 1
    assert RetentionDue.objects.get().status == DueStatus.HELD
    assert Person.objects.filter(family_name="Okafor").exists()


def test_a_held_record_is_not_listed_as_due_and_cannot_be_approved(worked_family):
    demo, the_officer = worked_family
    child = Person.objects.filter(households__family=demo.case.family).first()
    with time_machine.travel(YOUNGEST_IS_25, tick=False):
        retention.legal_hold_place(actor=the_officer, person=child, reason="An inquiry.")
        report = retention.retention_list_due()
        assert report.listed == [] and len(report.held) == 1
        with pytest.raises(Exception, match="Select at least one"):
            retention.retention_approve(actor=the_officer, due_ids=[report.held[0].pk])


def _text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t
              ON t.table_name = c.table_name AND t.table_schema = c.table_schema
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            ORDER BY 1, 2
            """
        )
        return list(cursor.fetchall())


def _columns_holding(words: list[str]) -> list[str]:
    found = []
    patterns = [f"%{w}%" for w in words]
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE ANY(%s)',  # noqa: S608
                [patterns],
            )
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def _snapshot_rows() -> list[tuple[object, ...]]:
    return list(
        ScorecardSnapshot.objects.order_by(
            "measure", "month", "zone", "family_hub", "agency"
        ).values_list(
            "measure", "month", "zone", "family_hub", "agency", "numerator", "denominator"
        )
    )


def test_after_anonymisation_no_column_of_any_table_holds_the_familys_names_or_identifiers(
    worked_family,
):
    demo, the_officer = worked_family
    family = demo.case.family
    words = ["Okafor", "Child1", "Child2", "Parent1", NHS_NUMBER, family.postcode]
    words.append(family.address_line_1)
    with time_machine.travel(dt.datetime(2026, 4, 2, 3, tzinfo=dt.UTC), tick=False):
        rollup_now(first=dt.date(2025, 11, 1), last=dt.date(2026, 3, 1))
    before = _snapshot_rows()
    assert before and _columns_holding(words)  # the scan finds them while they are there

    with time_machine.travel(YOUNGEST_IS_25, tick=True):
        due = retention.retention_list_due().listed
        retention.retention_approve(actor=the_officer, due_ids=[i.pk for i in due])
        retention.retention_apply(actor=SYSTEM)
        rollup_now()  # the nightly rebuild: the last 24 months only

    assert _columns_holding(words) == []
    assert _snapshot_rows() == before  # the scorecard of past periods is unchanged
    assert verify_chain().ok
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    blanked = AuditEntry.objects.filter(case=demo.case, blanked_at__isnull=False)
    assert blanked.exists()
    assert not AuditEntry.objects.filter(case=demo.case, blanked_at__isnull=True).exists()
    # Dates are coarsened to the month, and the record still counts.
    case = Case.objects.get(pk=demo.case.pk)
    assert case.closed_on.day == 1 and case.opened_on.day == 1
    assert case.state == State.CLOSED


def test_apply_retention_dry_run_prints_what_is_due_and_changes_nothing():
    _adults_only_family(closed_on=dt.date(2026, 3, 10))
    out = io.StringIO()
    with time_machine.travel(SIX_YEARS_ON, tick=False):
        call_command("apply_retention", "--dry-run", stdout=out)
    assert "due, awaiting approval: family record" in out.getvalue()
    assert not RetentionDue.objects.exists()
    assert Person.objects.filter(family_name="Brackenbury").exists()

"""Case events are declared as types, and one call writes the chronology line and the
audit entry together."""

import pytest

from assessments.events import AssessmentEvent
from cases.events import CaseEvent, CaseEventType, case_event_record
from cases.models import AuditEntry, ChronologyEntry
from cases.models.audit import AuditAction
from family_plans.events import PlanEvent
from family_view.events import FamilyEvent
from reporting.events import ReportingEvent
from tests.cases.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

EVERY_APPS_EVENTS: list[type[CaseEventType]] = [
    CaseEvent,
    AssessmentEvent,
    PlanEvent,
    ReportingEvent,
    FamilyEvent,
]


def test_one_call_writes_the_chronology_line_and_the_audit_entry(practitioner):
    case = CaseFactory()
    entry = case_event_record(
        event=CaseEvent.LEAD_CHANGED,
        case=case,
        actor=practitioner,
        title="Lead practitioner changed",
        reason="new worker",
        detail={"why": "test"},
    )
    assert ChronologyEntry.objects.get(pk=entry.pk).kind == "lead"
    audit = AuditEntry.objects.filter(case_id=case.pk).latest("id")
    assert audit.action == AuditAction.UPDATE
    assert audit.reason == "new worker"
    assert audit.detail["why"] == "test"
    assert audit.object_type == "cases.Case"


def test_the_entry_names_the_object_the_event_is_about(practitioner):
    case = CaseFactory()
    person = PersonFactory()
    case_event_record(
        event=CaseEvent.RECORD_CORRECTED,
        case=case,
        actor=practitioner,
        obj=person,
        title="Details corrected",
    )
    audit = AuditEntry.objects.filter(case_id=case.pk).latest("id")
    assert (audit.object_type, audit.object_id) == ("cases.Person", str(person.pk))


@pytest.mark.parametrize("events", EVERY_APPS_EVENTS, ids=lambda e: e.__name__)
def test_every_declared_event_pairs_a_chronology_kind_with_an_audit_action(events):
    for event in events:
        assert event.kind and event.kind == event.kind.strip().lower()
        assert event.action in AuditAction.values


def test_each_event_is_declared_once_across_the_apps():
    declared = [event.value for events in EVERY_APPS_EVENTS for event in events]
    assert len(declared) == len(set(declared))

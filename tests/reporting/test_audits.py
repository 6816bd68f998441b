"""Case file audits: a manager samples the cases they can see (at random or by criteria),
grades each against the framework, gives an overall grade and actions for the lead
practitioner (who is told), and sees the grades over time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import Notification, Zone
from partners.roles import Role
from reporting import audits
from reporting.models import AuditFramework, AuditSample, CaseAudit, CaseAuditAction
from reporting.scorecard.engine import Figure, compute
from reporting.scorecard.periods import Period
from tests.cases.factories import CaseFactory, FamilyFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db

D = dt.date
RANDOM = "random"


def _case(zone: Zone, **fields: object) -> Case:
    fields.setdefault("state", State.PLAN_AND_REVIEW)
    return CaseFactory(family=FamilyFactory(family_hub__zone=zone), **fields)


@pytest.fixture
def zone() -> Zone:
    return ZoneFactory()


def test_a_random_sample_takes_only_cases_the_manager_can_see_past_the_front_door(zone):
    manager = member(Role.MANAGER, zone=zone)
    seen = {_case(zone).pk for _ in range(6)}
    _case(zone, state=State.SCREENING)  # at the front door: not audited
    _case(zone, state=State.ENQUIRY_RECEIVED)
    _case(ZoneFactory())  # another zone's: not visible

    first = audits.audit_sample_create(
        actor=manager, criteria=audits.SampleCriteria(method=RANDOM, size=4)
    )
    picked = set(first.audits.values_list("case_id", flat=True))
    assert len(picked) == 4 and picked <= seen
    assert first.description.startswith("4 cases, random, ")
    assert set(first.audits.values_list("auditor", flat=True)) == {manager.pk}
    framework = AuditFramework.objects.get(is_current=True)
    assert set(first.audits.values_list("framework", flat=True)) == {framework.pk}

    # Cases already being audited are not picked again.
    second = audits.audit_sample_create(
        actor=manager, criteria=audits.SampleCriteria(method=RANDOM, size=10)
    )
    assert set(second.audits.values_list("case_id", flat=True)) == seen - picked
    with pytest.raises(ApplicationError, match="No cases you can see match"):
        audits.audit_sample_create(
            actor=manager, criteria=audits.SampleCriteria(method=RANDOM, size=1)
        )


def test_a_sample_by_criteria_takes_only_the_matching_cases(zone):
    manager = member(Role.MANAGER, zone=zone)
    school = AgencyFactory()
    wanted = {
        _case(zone, state=State.CLOSED, lead_agency=school, closed_on=D(2026, 3, day)).pk
        for day in (2, 16, 31)
    }
    _case(zone, state=State.CLOSED, lead_agency=school, closed_on=D(2026, 4, 1))  # too late
    _case(zone, state=State.CLOSED, lead_agency=AgencyFactory(), closed_on=D(2026, 3, 5))
    _case(zone, state=State.PLAN_AND_REVIEW, lead_agency=school)  # still open
    criteria = audits.SampleCriteria(
        method="criteria",
        size=10,
        zone_id=zone.pk,
        state=State.CLOSED,
        lead_agency_id=school.pk,
        closed_from=D(2026, 3, 1),
        closed_to=D(2026, 3, 31),
    )
    sample = audits.audit_sample_create(actor=manager, criteria=criteria)
    assert set(sample.audits.values_list("case_id", flat=True)) == wanted
    assert sample.method == "criteria"
    assert sample.criteria["closed_from"] == "2026-03-01"
    assert sample.description.startswith("3 cases, by criteria, ")


@pytest.mark.parametrize("size", [0, 51])
def test_a_sample_is_from_1_to_50_cases(zone, size):
    with pytest.raises(ApplicationError, match="Enter a sample size from 1 to 50"):
        audits.audit_sample_create(
            actor=member(Role.MANAGER, zone=zone),
            criteria=audits.SampleCriteria(method=RANDOM, size=size),
        )


def test_only_managers_sample_cases(zone):
    _case(zone)
    with pytest.raises(PermissionDenied):
        audits.audit_sample_create(
            actor=member(Role.COORDINATOR, zone=zone),
            criteria=audits.SampleCriteria(method=RANDOM, size=1),
        )
    assert not AuditSample.objects.exists()


def _one_audit(zone: Zone) -> tuple[CaseAudit, object, object]:
    lead = member(Role.PRACTITIONER)
    case = _case(zone, lead_practitioner=lead, lead_agency=AgencyFactory())
    manager = member(Role.MANAGER, zone=zone)
    audits.audit_sample_create(actor=manager, criteria=audits.SampleCriteria(RANDOM, 1))
    audit = audits.audit_for(user=manager, audit_id=CaseAudit.objects.get(case=case).pk)
    return audit, manager, lead


def _answers(audit: CaseAudit, grade: str = "good") -> list[audits.AnswerInput]:
    return [audits.AnswerInput(q.pk, grade, f"Comment {q.number}") for q in audits.questions(audit)]


def test_completing_an_audit_needs_every_grade_the_overall_grade_and_the_learning(zone):
    audit, manager, _ = _one_audit(zone)
    questions = audits.questions(audit)
    assert len(questions) == 10  # the seeded framework
    partial = _answers(audit)[:-1]
    with pytest.raises(ApplicationError) as refused:
        audits.audit_save(
            actor=manager,
            audit=audit,
            version=audit.version,
            answers=partial,
            overall_grade="",
            summary="",
            learning=" ",
            actions=[],
            action_due=None,
            complete=True,
        )
    assert set(refused.value.extra) == {
        f"grade_{questions[-1].pk}",
        "overall_grade",
        "learning",
    }
    # Saving for later needs none of it, and keeps what was graded.
    saved = audits.audit_save(
        actor=manager,
        audit=audit,
        version=audit.version,
        answers=partial,
        overall_grade="",
        summary="Half way",
        learning="",
        actions=[],
        action_due=None,
        complete=False,
    )
    assert saved.status == "in_progress" and saved.version == audit.version + 1
    assert saved.answers.exclude(grade="").count() == 9


def test_a_completed_audit_records_the_grade_the_place_and_tells_the_lead_of_the_actions(zone):
    audit, manager, lead = _one_audit(zone)
    case = audit.case
    done = audits.audit_save(
        actor=manager,
        audit=audit,
        version=audit.version,
        answers=_answers(audit, "requires_improvement"),
        overall_grade="requires_improvement",
        summary="Plan drifted after the second review",
        learning="Review dates must follow the TAF",
        actions=["Book a TAF meeting", "", "Record the child's views"],
        action_due=D(2026, 12, 31),
        complete=True,
    )
    assert done.status == "completed" and done.completed_on == timezone.localdate()
    assert (done.zone_id, done.family_hub_id, done.lead_agency_id) == (
        case.zone_id,
        case.family_hub_id,
        case.lead_agency_id,
    )
    actions = list(CaseAuditAction.objects.filter(audit=done))
    assert [a.text for a in actions] == ["Book a TAF meeting", "Record the child's views"]
    assert {a.for_user_id for a in actions} == {lead.pk}
    assert all(a.notified_at is not None and a.due_on == D(2026, 12, 31) for a in actions)
    told = Notification.objects.get(recipient=lead, kind=audits.NOTIFICATION_KIND)
    assert told.title == f"Case file audit of {case.reference}: 2 actions for you"
    assert told.body == "- Book a TAF meeting\n- Record the child's views"
    assert case.chronology.filter(
        kind="case_file_audit", title="Case file audit completed: Requires improvement"
    ).exists()
    with pytest.raises(ApplicationError, match="completed and can no longer be changed"):
        audits.audit_save(
            actor=manager,
            audit=audits.audit_for(user=manager, audit_id=done.pk),
            version=done.version,
            answers=[],
            overall_grade="good",
            summary="",
            learning="x",
            actions=[],
            action_due=None,
            complete=True,
        )


def test_two_managers_saving_the_same_version_the_second_is_refused(zone):
    audit, manager, _ = _one_audit(zone)
    kwargs = {
        "answers": [],
        "overall_grade": "",
        "summary": "",
        "learning": "",
        "actions": [],
        "action_due": None,
        "complete": False,
    }
    audits.audit_save(actor=manager, audit=audit, version=audit.version, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ConcurrentChangeError):
        audits.audit_save(actor=manager, audit=audit, version=audit.version, **kwargs)  # type: ignore[arg-type]


def test_grades_over_time_count_completed_audits_per_quarter(zone, signed_in_client):
    manager = member(Role.MANAGER, zone=zone)
    framework = AuditFramework.objects.get(is_current=True)
    graded = [
        (D(2025, 11, 3), "outstanding"),
        (D(2025, 12, 9), "requires_improvement"),
        (D(2026, 1, 12), "good"),
        (D(2026, 2, 2), "good"),
        (D(2026, 3, 30), "inadequate"),
    ]
    for on, grade in graded:
        CaseAudit.objects.create(
            case=_case(zone),
            framework=framework,
            auditor=manager,
            status="completed",
            overall_grade=grade,
            completed_on=on,
        )
    CaseAudit.objects.create(case=_case(zone), framework=framework, auditor=manager)
    CaseAudit.objects.create(  # another zone's: not the manager's to see
        case=_case(ZoneFactory()),
        framework=framework,
        auditor=manager,
        status="completed",
        overall_grade="inadequate",
        completed_on=D(2026, 1, 5),
    )
    rows = audits.grades_over_time(user=manager)
    assert [(r.label, r.counts, r.total, r.good_or_better) for r in rows] == [
        ("Q4 2025", {"outstanding": 1, "requires_improvement": 1}, 2, 1),
        ("Q1 2026", {"good": 2, "inadequate": 1}, 3, 2),
    ]
    # Q5 counts the same audits, for the whole area.
    assert compute("Q5", Period.parse("2026-Q1")) == Figure(2, 4)

    page = signed_in_client(manager).get(reverse("audits")).content.decode()
    assert "1 of 2" in page and "2 of 3" in page


def test_a_manager_picks_a_sample_and_completes_an_audit_through_the_pages(zone, signed_in_client):
    lead = member(Role.PRACTITIONER)
    case = _case(zone, lead_practitioner=lead)
    manager = member(Role.MANAGER, zone=zone)
    client = signed_in_client(manager)
    response = client.post(reverse("audit-sample"), {"method": "random", "size": "3"})
    assert response.status_code == 302 and response["Location"] == reverse("audits")
    audit = CaseAudit.objects.get(case=case)
    page = client.get(reverse("audit", args=[audit.pk]))
    assert page.status_code == 200
    questions = audits.questions(audit)
    data = {
        "version": str(audit.version),
        "overall_grade": "good",
        "summary": "Clear plan",
        "learning": "Keep the family's words in the plan",
        "actions": "Update the chronology",
        "complete": "1",
    }
    for q in questions:
        data[f"grade_{q.pk}"] = "good"
        data[f"comment_{q.pk}"] = ""
    response = client.post(reverse("audit", args=[audit.pk]), data)
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "completed" and audit.overall_grade == "good"
    assert Notification.objects.filter(recipient=lead, kind=audits.NOTIFICATION_KIND).exists()
    listing = client.get(reverse("audits")).content.decode()
    assert case.reference in listing and "Keep the family&#x27;s words in the plan" in listing
    # A manager of another zone cannot open it.
    other = signed_in_client(member(Role.MANAGER, zone=ZoneFactory()))
    assert other.get(reverse("audit", args=[audit.pk])).status_code == 404

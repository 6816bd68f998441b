"""Subject access: everything about a person, across families, redacted and released."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from pypdf import PdfReader

from cases.audit import audit_record, verify_chain
from cases.models import AuditEntry
from cases.models.audit import AuditAction
from governance import sar as services
from governance.models import SarStatus
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.governance.factories import (
    NHS_NUMBER,
    OTHER_NHS_NUMBER,
    RESTRICTED,
    add_note,
    officer,
    person_in_two_families,
)
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

RESTRICTED_TEXT = "Marisol told me about the arguments at home; kept restricted."
THIRD_PARTY_TEXT = "Tobiah Quenby was excluded from school again this week."


@pytest.fixture
def storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    return tmp_path


def _request(the_officer, person, received=dt.date(2026, 1, 31)):
    return services.sar_record(
        actor=the_officer,
        person=person,
        requester_name="Marisol's solicitor",
        identity_checked=True,
        received_on=received,
    )


def _every_line(sar):
    return [
        line
        for section in sar.gathered["sections"]
        for record in section["records"]
        for line in record["lines"]
    ]


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=False)
def test_a_request_is_due_one_calendar_month_after_it_was_received():
    the_officer = officer()
    world = person_in_two_families()
    assert _request(the_officer, world.person, dt.date(2026, 1, 31)).due_on == dt.date(2026, 2, 28)
    assert _request(the_officer, world.person, dt.date(2026, 1, 15)).due_on == dt.date(2026, 2, 15)
    assert services.one_calendar_month_after(dt.date(2025, 12, 20)) == dt.date(2026, 1, 20)


def test_only_the_information_governance_officer_may_record_a_request():
    world = person_in_two_families()
    with pytest.raises(PermissionDenied):
        _request(member(Role.MANAGER, agency=world.lead), world.person)


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=True)
def test_the_export_of_a_person_in_two_families_holds_both_cases_restricted_notes_and_flags(
    storage,
):
    the_officer = officer()
    world = person_in_two_families()
    add_note(world.first, world.worker, RESTRICTED_TEXT, visibility=RESTRICTED)
    add_note(world.second, world.worker, THIRD_PARTY_TEXT)
    sar = services.sar_export_start(actor=the_officer, sar=_request(the_officer, world.person))

    sar = services.sar_gather(sar_id=sar.pk)

    assert sar.status == SarStatus.REVIEW
    assert sar.gathered["summary"]["cases"] == 2
    assert sar.gathered["summary"]["families"] == 2
    lines = _every_line(sar)
    values = [line["value"] for line in lines]
    assert world.first.reference in values and world.second.reference in values
    assert RESTRICTED_TEXT in values  # restricted notes are the person's too
    assert NHS_NUMBER in values
    flagged = [line for line in lines if line["third_party"]]
    assert any(line["value"] == THIRD_PARTY_TEXT for line in flagged)
    assert not any(line["value"] == RESTRICTED_TEXT for line in flagged)


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=True)
def test_the_export_says_who_viewed_the_persons_cases_and_not_who_viewed_others(storage):
    the_officer = officer()
    world = person_in_two_families()
    stranger_case = CaseFactory()
    audit_record(actor=world.worker, action=AuditAction.VIEW, case=world.first)
    audit_record(actor=world.worker, action=AuditAction.VIEW, case=stranger_case)
    sar = services.sar_export_start(actor=the_officer, sar=_request(the_officer, world.person))

    viewers = services.sar_gather(sar_id=sar.pk).gathered["viewers"]

    seen = [(v["case_id"], v["who"], v["what"]) for v in viewers]
    assert (world.first.pk, world.worker.email, "Viewed") in seen
    assert stranger_case.pk not in {v["case_id"] for v in viewers}


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=True)
def test_every_step_the_officer_takes_is_on_the_audit_log_as_theirs(storage):
    """Recording, producing, redacting, releasing and each download: nothing bypasses
    the audit log."""
    the_officer = officer()
    world = person_in_two_families()
    add_note(world.second, world.worker, THIRD_PARTY_TEXT)

    def officers_entries() -> int:
        return AuditEntry.objects.filter(user=the_officer).count()

    counts = [officers_entries()]
    sar = _request(the_officer, world.person)
    counts.append(officers_entries())
    sar = services.sar_export_start(actor=the_officer, sar=sar)
    counts.append(officers_entries())
    sar = services.sar_gather(sar_id=sar.pk)
    line = next(x for x in _every_line(sar) if x["value"] == THIRD_PARTY_TEXT)
    services.sar_redactions_set(actor=the_officer, sar=sar, line_ids=[line["id"]])
    counts.append(officers_entries())
    services.sar_release(actor=the_officer, sar=sar)
    counts.append(officers_entries())
    services.sar_file(actor=the_officer, sar=sar, name="sar.json")
    counts.append(officers_entries())
    services.sar_file(actor=the_officer, sar=sar, name="sar.json")
    counts.append(officers_entries())

    assert all(later > earlier for earlier, later in itertools.pairwise(counts))
    assert verify_chain().ok


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=True)
def test_a_redacted_line_is_a_black_box_in_the_pdf_and_absent_from_the_json(storage):
    the_officer = officer()
    world = person_in_two_families()
    add_note(world.second, world.worker, THIRD_PARTY_TEXT)
    sar = services.sar_export_start(actor=the_officer, sar=_request(the_officer, world.person))
    sar = services.sar_gather(sar_id=sar.pk)
    line = next(x for x in _every_line(sar) if x["value"] == THIRD_PARTY_TEXT)

    services.sar_redactions_set(actor=the_officer, sar=sar, line_ids=[line["id"]])
    folder = services.sar_release(actor=the_officer, sar=sar)

    data = (folder / "sar.json").read_text()
    assert "excluded from school" not in data
    fields = [f for s in json.loads(data)["sections"] for r in s["records"] for f in r["fields"]]
    assert {"field": "text", "label": "Text", "redacted": True} in fields
    text = "".join(page.extract_text() for page in PdfReader(folder / "sar.pdf").pages)
    assert "excluded from school" not in text
    assert world.second.reference in text
    sar.refresh_from_db()
    assert sar.status == SarStatus.RELEASED


def test_the_command_writes_json_and_pdf_of_everything_held(storage, tmp_path):
    world = person_in_two_families()
    add_note(world.first, world.worker, RESTRICTED_TEXT, visibility=RESTRICTED)
    out = io.StringIO()

    call_command(
        "subject_access_export", person=world.person.pk, output=str(tmp_path / "out"), stdout=out
    )

    data = json.loads((tmp_path / "out" / "sar.json").read_text())
    values = [f.get("value") for s in data["sections"] for r in s["records"] for f in r["fields"]]
    assert RESTRICTED_TEXT in values and NHS_NUMBER in values
    assert OTHER_NHS_NUMBER not in values  # the sibling's own record is not the person's
    flagged = [f for s in data["sections"] for r in s["records"] for f in r["fields"]]
    assert any(f.get("third_party") and "Tobiah" in f["value"] for f in flagged)
    assert (tmp_path / "out" / "sar.pdf").read_bytes().startswith(b"%PDF")
    assert "2 cases in 2 families" in out.getvalue()


def _black_fills(pdf_path) -> int:
    """How many times the PDF's pages set a black fill and then fill a rectangle."""
    import re

    count = 0
    for page in PdfReader(pdf_path).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        count += len(re.findall(r"\b0 0 0 rg\b[^\n]*\n(?:[^\n]*\n){0,3}?[^\n]* re\b", stream))
    return count


@time_machine.travel(dt.datetime(2026, 2, 10, 10, tzinfo=dt.UTC), tick=True)
def test_the_redacted_line_is_drawn_as_a_black_box_where_the_text_was(storage):
    the_officer = officer()
    world = person_in_two_families()
    add_note(world.second, world.worker, THIRD_PARTY_TEXT)
    plain = services.sar_export_start(actor=the_officer, sar=_request(the_officer, world.person))
    plain = services.sar_gather(sar_id=plain.pk)
    plain_folder = services.sar_release(actor=the_officer, sar=plain)
    redacted = services.sar_export_start(actor=the_officer, sar=_request(the_officer, world.person))
    redacted = services.sar_gather(sar_id=redacted.pk)
    line = next(x for x in _every_line(redacted) if x["value"] == THIRD_PARTY_TEXT)
    services.sar_redactions_set(actor=the_officer, sar=redacted, line_ids=[line["id"]])

    folder = services.sar_release(actor=the_officer, sar=redacted)

    assert _black_fills(folder / "sar.pdf") > _black_fills(plain_folder / "sar.pdf")

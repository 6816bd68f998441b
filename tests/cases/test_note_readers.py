"""Naming a reader of a restricted note checks who the reader is, whoever asks."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.access import visible_notes
from cases.models import NoteVisibility
from cases.services import note_add, note_reader_add
from earlyhelp.errors import ApplicationError
from partners.roles import Role
from tests.cases.factories import CaseFactory, TeamMemberFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted():  # type: ignore[no-untyped-def]
    council = AgencyFactory()
    lead = member(Role.PRACTITIONER, agency=council)
    case = CaseFactory(lead_agency=council, lead_practitioner=lead)
    note = note_add(
        actor=lead,
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 5),
        text="Disclosure about a partner's behaviour.",
        visibility=NoteVisibility.RESTRICTED,
    )
    return {"case": case, "lead": lead, "note": note}


def test_the_author_names_someone_on_the_team(restricted):
    school = AgencyFactory()
    teacher = member(Role.PRACTITIONER, agency=school)
    TeamMemberFactory(case=restricted["case"], agency=school, user=teacher)

    note_reader_add(actor=restricted["lead"], note=restricted["note"], reader=teacher)

    assert restricted["note"] in visible_notes(teacher, restricted["case"])


@pytest.mark.parametrize("who", ["outsider", "left_the_team", "colleague_not_named"])
def test_someone_who_does_not_work_on_the_case_cannot_be_named(restricted, who):
    case = restricted["case"]
    if who == "outsider":
        reader = member(Role.PRACTITIONER)
    elif who == "left_the_team":
        school = AgencyFactory()
        reader = member(Role.PRACTITIONER, agency=school)
        TeamMemberFactory(
            case=case, agency=school, user=reader, ended_on=dt.date.today() - dt.timedelta(days=1)
        )
    else:  # sees the case through the lead agency, but is not named on it
        reader = member(Role.PRACTITIONER, agency=case.lead_agency)

    with pytest.raises(ApplicationError) as refused:
        note_reader_add(actor=restricted["lead"], note=restricted["note"], reader=reader)

    assert refused.value.extra == {"reader": ["Select someone who works on this case"]}
    assert restricted["note"] not in visible_notes(reader, case)

"""A service that changes a case holds the case against other changes, but never
against the rows that refer to it.

A note or an upload takes the audit chain's lock and, as it commits, a key-share lock
on its case row (its foreign keys). A change that held the case FOR UPDATE while it
waited for the audit lock deadlocked with it; FOR NO KEY UPDATE holds the same rows
against other changes and lets those inserts commit.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from cases.models import Case
from cases.services import transitions
from earlyhelp.versioning import lock_version
from tests.cases.factories import CaseFactory
from tests.cases.test_workflow import front_door, raise_enquiry  # noqa: F401 (a fixture)
from tests.row_locks import KEY_SHARE, NO_KEY_UPDATE, lock_seen

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_row_locked_for_its_version_is_held_against_changes_but_not_against_inserts():
    case = CaseFactory()
    with transaction.atomic():
        lock_version(Case.objects.select_related("family"), pk=case.pk, expected=None, stale="x")

        assert lock_seen("cases_case", case.pk, KEY_SHARE) == "free"  # a note can commit
        assert lock_seen("cases_case", case.pk, NO_KEY_UPDATE) == "locked"  # a change waits
        assert lock_seen("cases_family", case.family_id, NO_KEY_UPDATE) == "locked"  # joined

    assert lock_seen("cases_case", case.pk, NO_KEY_UPDATE) == "free"


def test_a_case_moving_on_leaves_its_key_free_for_a_note_or_an_upload(front_door):  # noqa: F811
    case = raise_enquiry(front_door)
    seen: list[str] = []
    checked = transitions.require

    def require_and_look(actor, action, locked):  # type: ignore[no-untyped-def]
        seen.append(lock_seen("cases_case", locked.pk, KEY_SHARE))
        seen.append(lock_seen("cases_case", locked.pk, NO_KEY_UPDATE))
        return checked(actor, action, locked)

    with mock.patch.object(transitions, "require", require_and_look):
        moved = transitions.case_screen(
            actor=front_door["coordinator"],
            case=case,
            outcome="early_help_assessment",
            reason="Attendance and housing",
        )

    # Each look from inside the step (its permission is checked more than once):
    assert seen and seen == ["free", "locked"] * (len(seen) // 2)
    assert Case.objects.get(pk=moved.pk).state == moved.state

"""The digest: one case's routine reminders do not bury another case's invitation."""

from __future__ import annotations

import pytest

from partners.notification_digest import notification_digest
from partners.notifications import notify
from partners.roles import Role
from tests.cases.pages import text_of
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def eleven_reminders_and_an_invitation(user):  # type: ignore[no-untyped-def]
    for case_id in (7, 8):
        for _ in range(5 if case_id == 7 else 6):
            notify(
                recipients=[user],
                kind="no_recent_contact",
                title=f"No contact recorded for 28 days (case {case_id})",
                url=f"/cases/{case_id}/notes/",
            )
    notify(
        recipients=[user],
        kind="meeting_invitation",
        title="You are invited to a Team Around the Family meeting (EH000041)",
        url="/cases/41/meetings/",
    )


def test_invitations_come_first_and_reminders_fold_into_one_line_per_case():
    user = member(Role.PRACTITIONER)
    eleven_reminders_and_an_invitation(user)

    digest = notification_digest(user=user)

    assert [n.kind for n in digest.attention] == ["meeting_invitation"]
    assert [(g.key, len(g.notifications)) for g in digest.reminder_groups] == [("8", 6), ("7", 5)]
    assert digest.reminder_count == 11


def test_the_notifications_page_shows_the_invitation_above_the_folded_reminders(
    signed_in_client,
):
    user = member(Role.PRACTITIONER)
    eleven_reminders_and_an_invitation(user)

    text = text_of(signed_in_client(user).get("/notifications/").content.decode())

    attention = text.index("Needs your attention")
    invitation = text.index("You are invited to a Team Around the Family meeting")
    reminders = text.index("Routine reminders")
    assert attention < invitation < reminders
    assert "and 5 more about the same case" in text and "and 4 more about the same case" in text

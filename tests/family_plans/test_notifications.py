"""Notifications: in the service (a count in the header, a page of them, read and unread)
and by email for the kinds each person wants."""

import re

import pytest
from django.core import mail

from earlyhelp.models import OutboxMessage
from partners.models import Notification, NotificationPreference
from partners.notifications import (
    kinds,
    notification_email_deliver,
    notify,
    unread_count,
)
from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_notify_writes_one_each_and_queues_email_for_those_who_want_it():
    wants, does_not = member(Role.PRACTITIONER), member(Role.PRACTITIONER)
    NotificationPreference.objects.create(user=does_not, kind="action_overdue", email=False)

    made = notify(
        recipients=[wants, does_not, wants],
        kind="action_overdue",
        title="Case EH000041: action 3 overdue",
        url="/cases/41/plan/",
    )

    assert len(made) == 2
    by_user = {n.recipient_id: n for n in made}
    assert by_user[wants.pk].email_wanted is True
    assert by_user[does_not.pk].email_wanted is False
    assert list(OutboxMessage.objects.values_list("task", "args")) == [
        ("partners.tasks.notification_email_send", [by_user[wants.pk].pk])
    ]


def test_people_who_have_left_are_not_notified():
    gone = member(Role.PRACTITIONER)
    gone.is_active = False
    gone.save()
    assert notify(recipients=[gone], kind="action_overdue", title="x") == []


def test_the_email_is_sent_once_however_often_the_task_runs():
    user = member(Role.PRACTITIONER)
    [made] = notify(
        recipients=[user], kind="action_overdue", title="Action overdue", url="/cases/1/plan/"
    )
    assert notification_email_deliver(notification_id=made.pk) is True
    assert notification_email_deliver(notification_id=made.pk) is False
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Early Help: Action overdue"
    assert "http://localhost:8000/cases/1/plan/" in message.body
    assert "OFFICIAL-SENSITIVE" in message.body


def test_the_header_shows_the_unread_count_as_a_notification_badge(signed_in_client):
    user = member(Role.PRACTITIONER)
    client = signed_in_client(user)
    page = client.get("/").content.decode()
    assert "moj-notification-badge" not in page
    notify(recipients=[user], kind="action_overdue", title="One")
    notify(recipients=[user], kind="review_due", title="Two")
    page = client.get("/").content.decode()
    assert re.search(r'moj-notification-badge"><span aria-hidden="true">2</span>', page)
    assert "(2 unread)" in page


def test_the_notifications_page_lists_pages_and_marks_read(signed_in_client):
    user = member(Role.PRACTITIONER)
    other = member(Role.PRACTITIONER)
    for n in range(30):
        notify(recipients=[user], kind="action_overdue", title=f"Notification {n}", url="/")
    [theirs] = notify(recipients=[other], kind="action_overdue", title="Not yours")
    client = signed_in_client(user)

    first = client.get("/notifications/")
    assert first.status_code == 200
    html = first.content.decode()
    assert "Notification 29" in html and "Notification 4" not in html  # 25 a page
    assert "Not yours" not in html
    assert "You have 30 unread notifications." in html
    second = client.get("/notifications/?page=2").content.decode()
    assert "Notification 4" in second and "Notification 0" in second

    newest = Notification.objects.filter(recipient=user).order_by("-id").first()
    opened = client.get(f"/notifications/{newest.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/"
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert unread_count(user=user) == 29
    assert client.get(f"/notifications/{theirs.pk}/").status_code == 404

    unread = client.get("/notifications/?show=unread").content.decode()
    assert "Notification 29" not in unread

    response = client.post("/notifications/read/", {"all": "1"})
    assert response.status_code == 302
    assert unread_count(user=user) == 0
    assert unread_count(user=other) == 1


def test_marking_one_notification_read(signed_in_client):
    user = member(Role.PRACTITIONER)
    [made] = notify(recipients=[user], kind="action_overdue", title="One")
    client = signed_in_client(user)
    client.post("/notifications/read/", {"id": made.pk, "next": "/notifications/?page=1"})
    made.refresh_from_db()
    assert made.read_at is not None


def test_each_person_chooses_which_kinds_come_by_email(signed_in_client):
    user = member(Role.PRACTITIONER)
    client = signed_in_client(user)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    everything = [k.key for k in kinds()]
    assert "action_overdue" in everything and "meeting_invitation" in everything

    wanted = [k for k in everything if k != "review_due"]
    response = client.post("/notifications/settings/", {"email_kinds": wanted})
    assert response.status_code == 302
    off = set(
        NotificationPreference.objects.filter(user=user, email=False).values_list("kind", flat=True)
    )
    assert off == {"review_due"}
    [made] = notify(recipients=[user], kind="review_due", title="Review due")
    assert made.email_wanted is False


def test_notifications_pages_need_a_signed_in_user(client):
    for url in ("/notifications/", "/notifications/settings/"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]

"""The GOV.UK Notify email backend builds the calls Notify expects, and is the backend
when NOTIFY_API_KEY is set. No network: a fake Notify client is injected."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from partners.email_backends import NotifyEmailBackend

ROOT = Path(__file__).resolve().parents[2]


class FakeNotifyClient:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[dict] = []
        self.fail = fail

    def send_email_notification(self, **kwargs):  # type: ignore[no-untyped-def]
        if self.fail:
            raise RuntimeError("Notify said no")
        self.calls.append(kwargs)
        return {"id": f"notification-{len(self.calls)}"}


def backend(client: FakeNotifyClient, **kwargs) -> NotifyEmailBackend:  # type: ignore[no-untyped-def]
    return NotifyEmailBackend(client=client, api_key="test-key", template_id="template-1", **kwargs)


def test_each_recipient_is_one_notify_call_with_the_subject_and_body_as_personalisation():
    client = FakeNotifyClient()
    message = EmailMessage(
        subject="Early Help: Action overdue",
        body="Action 3 of case EH000041 is overdue.",
        to=["a@council.example"],
        cc=["b@school.example"],
        headers={"X-Reference": "ref-1"},
    )

    assert backend(client).send_messages([message]) == 1

    assert client.calls == [
        {
            "email_address": address,
            "template_id": "template-1",
            "personalisation": {
                "subject": "Early Help: Action overdue",
                "body": "Action 3 of case EH000041 is overdue.",
            },
            "reference": "ref-1",
        }
        for address in ("a@council.example", "b@school.example")
    ]


def test_a_calendar_file_goes_as_a_notify_file_with_the_attachment_template():
    client = FakeNotifyClient()
    message = EmailMessage(subject="Invitation", body="Come along", to=["a@council.example"])
    message.attach("invitation.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")

    backend(client, attachment_template_id="template-2").send_messages([message])

    [call] = client.calls
    assert call["template_id"] == "template-2"
    upload = call["personalisation"]["attachment"]
    assert upload["filename"] == "invitation.ics"
    assert upload["confirm_email_before_download"] is True
    import base64

    assert base64.b64decode(upload["file"]).startswith(b"BEGIN:VCALENDAR")


def test_without_an_attachment_template_the_message_goes_without_its_file():
    client = FakeNotifyClient()
    message = EmailMessage(subject="Invitation", body="Come along", to=["a@council.example"])
    message.attach("invitation.ics", "BEGIN:VCALENDAR", "text/calendar")
    backend(client).send_messages([message])
    assert client.calls[0]["template_id"] == "template-1"
    assert "attachment" not in client.calls[0]["personalisation"]


def test_failures_raise_unless_told_to_fail_silently():
    message = EmailMessage(subject="s", body="b", to=["a@council.example"])
    with pytest.raises(RuntimeError):
        backend(FakeNotifyClient(fail=True)).send_messages([message])
    assert backend(FakeNotifyClient(fail=True), fail_silently=True).send_messages([message]) == 0


def test_a_missing_template_is_a_configuration_error():
    message = EmailMessage(subject="s", body="b", to=["a@council.example"])
    with pytest.raises(ImproperlyConfigured):
        NotifyEmailBackend(client=FakeNotifyClient(), template_id="").send_messages([message])


def _email_backend_of(settings_module: str, **env: str) -> str:
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("NOTIFY_API_KEY", "EMAIL_BACKEND")},
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": "x" * 50,
        "AUDIT_CHECKPOINT_KEY": "k" * 50,
        "ALLOWED_HOSTS": "example.gov.uk",
        **env,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.EMAIL_BACKEND)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_setting_notify_api_key_selects_the_notify_backend():
    production = "earlyhelp.settings.production"
    assert _email_backend_of(production) == "django.core.mail.backends.smtp.EmailBackend"
    assert (
        _email_backend_of(production, NOTIFY_API_KEY="test-key")
        == "partners.email_backends.NotifyEmailBackend"
    )

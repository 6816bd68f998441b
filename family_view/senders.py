"""How a family member's sign-in link and code reach them: by email or by text.

Email goes through Django's email backend, which is GOV.UK Notify when
`NOTIFY_API_KEY` is set (partners/email_backends.py) and the in-memory backend in
tests. Text messages go through a pluggable sender named by `FAMILY_TEXT_SENDER`:
`NotifyTextSender` uses Notify's client with `NOTIFY_SMS_TEMPLATE_ID`; with none
configured, codes go by email only. Tests name a sender of their own.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string


class TextSender(Protocol):
    def send_text(self, *, phone_number: str, body: str, reference: str) -> None: ...


class NotifyTextSender:
    """Texts through GOV.UK Notify: one template whose body is ((body))."""

    def __init__(self, client: Any = None) -> None:
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            if not settings.NOTIFY_API_KEY:
                raise ImproperlyConfigured("Set NOTIFY_API_KEY to send texts through GOV.UK Notify")
            from notifications_python_client.notifications import NotificationsAPIClient

            self._client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        return self._client

    def send_text(self, *, phone_number: str, body: str, reference: str) -> None:
        if not settings.NOTIFY_SMS_TEMPLATE_ID:
            raise ImproperlyConfigured("Set NOTIFY_SMS_TEMPLATE_ID to send texts through Notify")
        self.client.send_sms_notification(
            phone_number=phone_number,
            template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
            personalisation={"body": body},
            reference=reference,
        )


def text_sender() -> TextSender | None:
    """The configured text sender, or None when texts cannot be sent."""
    path = getattr(settings, "FAMILY_TEXT_SENDER", "")
    if not path:
        return None
    sender: TextSender = import_string(path)()
    return sender


def texts_available() -> bool:
    return bool(getattr(settings, "FAMILY_TEXT_SENDER", ""))


def send_email(*, to: str, subject: str, body: str, reference: str) -> None:
    EmailMessage(subject=subject, body=body, to=[to], headers={"X-Reference": reference}).send()

"""A Django email backend that sends through GOV.UK Notify, which councils use.

Selected automatically when NOTIFY_API_KEY is set (earlyhelp/settings/base.py). Notify
sends from a template, so the council creates one email template whose subject is
((subject)) and whose body is ((body)), and sets NOTIFY_EMAIL_TEMPLATE_ID. Notify sends
files as a secure download link rather than an attachment: for messages with a file (a
meeting invitation's .ics), a second template with an ((attachment)) placeholder as well
is used when NOTIFY_ATTACHMENT_TEMPLATE_ID is set; without it the message goes without
its file (the invitation can still be downloaded from the meeting's page).

Each recipient is one Notify call (Notify has no cc or bcc); the sender and reply-to
address are set in Notify itself. Tests inject a fake client: nothing here touches the
network until `send_messages` calls the client.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 2 * 1024 * 1024  # Notify's limit for a file sent by email


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(
        self,
        fail_silently: bool = False,
        *,
        client: Any = None,
        api_key: str | None = None,
        template_id: str | None = None,
        attachment_template_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = api_key if api_key is not None else settings.NOTIFY_API_KEY
        self.template_id = (
            template_id if template_id is not None else settings.NOTIFY_EMAIL_TEMPLATE_ID
        )
        self.attachment_template_id = (
            attachment_template_id
            if attachment_template_id is not None
            else getattr(settings, "NOTIFY_ATTACHMENT_TEMPLATE_ID", "")
        )
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            if not self.api_key:
                raise ImproperlyConfigured("Set NOTIFY_API_KEY to send email through GOV.UK Notify")
            from notifications_python_client.notifications import NotificationsAPIClient

            self._client = NotificationsAPIClient(self.api_key)
        return self._client

    def notify_calls(self, message: EmailMessage) -> list[dict[str, Any]]:
        """The Notify calls that send `message`: one per recipient (no network here)."""
        if not self.template_id:
            raise ImproperlyConfigured("Set NOTIFY_EMAIL_TEMPLATE_ID to send through Notify")
        personalisation: dict[str, Any] = {
            "subject": str(message.subject),
            "body": _body_text(message),
        }
        template_id = self.template_id
        files = _files(message)
        if files and self.attachment_template_id:
            from notifications_python_client import prepare_upload

            name, content = files[0]
            personalisation["attachment"] = prepare_upload(
                io.BytesIO(content), filename=name, confirm_email_before_download=True
            )
            template_id = self.attachment_template_id
        recipients = [*message.to, *message.cc, *message.bcc]
        return [
            {
                "email_address": address,
                "template_id": template_id,
                "personalisation": personalisation,
                "reference": str(message.extra_headers.get("X-Reference", "")) or None,
            }
            for address in recipients
        ]

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            try:
                for call in self.notify_calls(message):
                    self.client.send_email_notification(**call)
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("GOV.UK Notify did not accept a message")
                continue
            sent += 1
        return sent


def _body_text(message: EmailMessage) -> str:
    body = message.body
    return body if isinstance(body, str) else str(body)


def _files(message: EmailMessage) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for attachment in message.attachments:
        if isinstance(attachment, tuple | list):
            name, content = attachment[0], attachment[1]
        else:  # a MIMEBase part
            name = attachment.get_filename() or "attachment"
            content = attachment.get_payload(decode=True) or b""
        data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        if len(data) <= MAX_FILE_BYTES:
            found.append((str(name or "attachment"), data))
    return found

"""Run the email tasks a test's services queued in the outbox, as a worker would."""

from __future__ import annotations

from django.utils.module_loading import import_string

from earlyhelp.models import OutboxMessage


def deliver(task: str) -> int:
    """Run every queued `task` once, in order; returns how many ran."""
    ran = 0
    for message in OutboxMessage.objects.filter(task=task).order_by("id"):
        import_string(message.task).run(*message.args, **message.kwargs)
        ran += 1
    return ran

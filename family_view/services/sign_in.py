"""Signing a family member in: an emailed link that works once, then a six-digit code.

The link's token is `<link id>.<HMAC of the id and a nonce>` keyed with the service's
secret (as staff invitations are): nothing stored gives a working link away, and the
email task needs only the id. Opening the link asks before doing anything (so a mail
scanner fetching it spends nothing); pressing "Send my code" sends a six-digit code by
email or text. The code is sent in the request, never queued: it is kept only as a
hash, so no queue or table ever holds it. A code works for FAMILY_CODE_MINUTES, a link
allows FAMILY_CODE_ATTEMPTS wrong codes in all, and a link that signed someone in is
spent.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp import outbox
from family_view import senders
from family_view.models import CodeChannel, FamilyAccess, SignInLink
from partners.emails import normalise_email

EMAIL_TASK = "family_view.tasks.sign_in_link_send"
_LINK_SALT = "family_view.sign_in_link"
_CODE_SALT = "family_view.sign_in_code"


class LinkUnusable(Exception):
    """The link is wrong, spent, expired, or its access has ended."""


class CodeWrong(Exception):
    def __init__(self, remaining: int) -> None:
        super().__init__("wrong code")
        self.remaining = remaining


def _still_current(access: FamilyAccess) -> bool:
    """Not withdrawn, still in the household, case not closed past the grace period."""
    return FamilyAccess.objects.current().filter(pk=access.pk).exists()


def link_token(link: SignInLink) -> str:
    digest = salted_hmac(_LINK_SALT, f"{link.pk}:{link.nonce}", algorithm="sha256")
    return f"{link.pk}.{digest.hexdigest()}"


def link_url(link: SignInLink) -> str:
    return settings.SITE_URL + reverse("family:link", kwargs={"token": link_token(link)})


def link_create(*, access: FamilyAccess, first: bool = False) -> SignInLink:
    """A new link (earlier unspent ones stop working); emailed after commit."""
    now = timezone.now()
    access.links.filter(used_at__isnull=True).update(expires_at=now)
    link = SignInLink.objects.create(
        access=access,
        nonce=secrets.token_hex(16),
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.FAMILY_LINK_HOURS),
    )
    outbox.enqueue(EMAIL_TASK, link.pk, first)
    return link


def sign_in_link_deliver(*, link_id: int, first: bool = False) -> bool:
    """Email the link once (task body, safe to repeat)."""
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update(of=("self",))
            .select_related("access__case__lead_practitioner", "access__person")
            .filter(pk=link_id, emailed_at__isnull=True, used_at__isnull=True)
            .first()
        )
        if link is None or link.expires_at <= timezone.now() or not _still_current(link.access):
            return False
        link.emailed_at = timezone.now()
        link.save(update_fields=["emailed_at"])
        access = link.access
        lead = access.case.lead_practitioner
        intro = (
            f"{lead.full_name} has invited you to see your family's plan online."
            if first and lead is not None
            else "Here is your link to see your family's plan."
        )
        senders.send_email(
            to=access.email,
            subject=f"{settings.SERVICE_NAME}: your family's plan",
            body=(
                f"Hello {access.person.known_as},\n\n{intro}\n\n"
                f"Use this link to sign in:\n{link_url(link)}\n\n"
                f"The link works once. We will then send you a 6-digit code. "
                f"If the link has stopped working, ask for a new one at "
                f"{settings.SITE_URL}{reverse('family:start')}\n\n"
                f"If you were not expecting this, you can ignore this email."
            ),
            reference=f"family-link/{link.pk}",
        )
    return True


def sign_in_request(*, email: str) -> None:
    """Send a new link to every current access with this address. The page answers the
    same whether or not there is one, so it tells nobody who has access."""
    address = normalise_email(email)
    recent = timezone.now() - dt.timedelta(minutes=1)
    with transaction.atomic():
        for access in FamilyAccess.objects.current().filter(email=address).select_related("case"):
            if access.links.filter(created_at__gte=recent).exists():
                continue  # one link a minute is plenty
            link_create(access=access)


def link_for_token(token: str) -> SignInLink:
    pk, _dot, _digest = (token or "").partition(".")
    if not pk.isdigit():
        raise LinkUnusable
    link = (
        SignInLink.objects.select_related("access__case", "access__person", "access__actor")
        .filter(pk=int(pk))
        .first()
    )
    if link is None or not constant_time_compare(link_token(link), token):
        raise LinkUnusable
    if link.used_at is not None or link.expires_at <= timezone.now():
        raise LinkUnusable
    if not _still_current(link.access) or link.code_attempts >= settings.FAMILY_CODE_ATTEMPTS:
        raise LinkUnusable
    return link


def _code_digest(link: SignInLink, code: str) -> str:
    return salted_hmac(_CODE_SALT, f"{link.pk}:{link.nonce}:{code}", algorithm="sha256").hexdigest()


def masked_destination(access: FamilyAccess) -> str:
    if access.code_channel == CodeChannel.TEXT and access.mobile:
        return "•••• " + access.mobile.replace(" ", "")[-3:]
    name, _at, domain = access.email.partition("@")
    return f"{name[:1]}•••@{domain}"


def code_send(*, link: SignInLink) -> SignInLink:
    """Make and send a new six-digit code for this link (the earlier one stops working)."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        locked = SignInLink.objects.select_for_update().get(pk=link.pk)
        now = timezone.now()
        locked.opened_at = locked.opened_at or now
        locked.code_hash = _code_digest(locked, code)
        locked.code_sent_at = now
        locked.save(update_fields=["opened_at", "code_hash", "code_sent_at"])
    access = link.access
    body = _("Your %(service)s code is %(code)s. It works for %(minutes)s minutes.") % {
        "service": settings.SERVICE_NAME,
        "code": code,
        "minutes": settings.FAMILY_CODE_MINUTES,
    }
    sender = senders.text_sender() if access.code_channel == CodeChannel.TEXT else None
    if sender is not None and access.mobile:
        sender.send_text(phone_number=access.mobile, body=body, reference=f"family-code/{link.pk}")
    else:
        senders.send_email(
            to=access.email,
            subject=_("Your %(service)s code") % {"service": settings.SERVICE_NAME},
            body=body,
            reference=f"family-code/{link.pk}",
        )
    return locked


def code_check(*, link_id: int, code: str) -> FamilyAccess:
    """The access the code signs in, spending the link; CodeWrong or LinkUnusable."""
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update(of=("self",))
            .select_related("access__case", "access__person", "access__actor")
            .filter(pk=link_id)
            .first()
        )
        now = timezone.now()
        if (
            link is None
            or link.used_at is not None
            or link.expires_at <= now
            or not link.code_hash
            or link.code_sent_at is None
            or link.code_sent_at + dt.timedelta(minutes=settings.FAMILY_CODE_MINUTES) <= now
            or link.code_attempts >= settings.FAMILY_CODE_ATTEMPTS
            or not _still_current(link.access)
        ):
            raise LinkUnusable
        cleaned = "".join(ch for ch in code if ch.isdigit())
        if not constant_time_compare(_code_digest(link, cleaned), link.code_hash):
            link.code_attempts += 1
            link.save(update_fields=["code_attempts"])
            remaining = settings.FAMILY_CODE_ATTEMPTS - link.code_attempts
            audit_record(
                actor=link.access.actor,
                action=AuditAction.SIGN_IN_FAILED,
                case=link.access.case,
                detail={"family_member": link.access.pk, "remaining": remaining},
            )
            # Raised after the block commits, so the count of tries is kept.
            raise_after: CodeWrong | None = CodeWrong(remaining)
        else:
            raise_after = None
            link.used_at = now
            link.save(update_fields=["used_at"])
            access = link.access
            access.last_signed_in_at = now
            access.save(update_fields=["last_signed_in_at"])
            audit_record(
                actor=access.actor,
                action=AuditAction.SIGN_IN,
                case=access.case,
                detail={"family_member": access.pk, "factors": ["link", "code"]},
            )
    if raise_after is not None:
        raise raise_after
    return access

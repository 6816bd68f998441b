"""The lead practitioner gives a family member access, or withdraws it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.access import refuse_if_closed, require
from cases.audit import audit_record
from cases.capabilities import Action
from cases.models import Case, HouseholdMember, Person
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from family_view.events import FamilyEvent
from family_view.models import CodeChannel, FamilyAccess
from family_view.senders import texts_available
from family_view.services.sign_in import link_create
from partners.emails import normalise_email
from partners.models import User

ADULT_AGE = 18
YOUNG_PERSON_AGE = 13


@dataclass(frozen=True)
class Invitation:
    person: Person | None
    email: str
    mobile: str = ""
    code_channel: str = CodeChannel.EMAIL
    young_person_agreed: bool = False
    shares_plan: bool = True
    shares_star: bool = True
    shares_meetings: bool = True


def household_people(case: Case) -> list[Person]:
    """The current household of the case's family: who may be invited."""
    return [
        m.person
        for m in HouseholdMember.objects.filter(family=case.family, left_on__isnull=True)
        .select_related("person")
        .order_by("person__given_names")
    ]


def _check(case: Case, invitation: Invitation) -> tuple[dict[str, list[str]], bool]:
    errors: dict[str, list[str]] = {}
    young = False
    person = invitation.person
    if person is None or person.pk not in {p.pk for p in household_people(case)}:
        errors["person"] = ["Select who you are inviting"]
    elif person.date_of_birth is None:
        errors["person"] = ["Add their date of birth to the family's record first"]
    else:
        age = person.age_on(timezone.localdate()) or 0
        if age < YOUNG_PERSON_AGE:
            errors["person"] = ["Only adults and young people aged 13 or over can be invited"]
        elif age < ADULT_AGE:
            young = True
            if not invitation.young_person_agreed:
                errors["young_person_agreed"] = [
                    "A young person can be invited only if they have agreed to it"
                ]
    if "@" not in invitation.email or len(invitation.email) > 254:
        errors["email"] = ["Enter an email address in the correct format, like name@example.com"]
    if invitation.code_channel not in CodeChannel.values:
        errors["code_channel"] = ["Select how they will get their code"]
    elif invitation.code_channel == CodeChannel.TEXT:
        digits = invitation.mobile.replace(" ", "")
        if not texts_available():
            errors["code_channel"] = ["Codes cannot be sent by text here: select email"]
        elif not (digits.lstrip("+").isdigit() and 10 <= len(digits.lstrip("+")) <= 15):
            errors["mobile"] = ["Enter a mobile number, like 07700 900 982"]
    if (
        person is not None
        and FamilyAccess.objects.filter(
            case=case, person=person, withdrawn_at__isnull=True
        ).exists()
    ):
        errors["person"] = ["They have already been invited: withdraw that first"]
    return errors, young


def family_access_invite(*, actor: User, case: Case, invitation: Invitation) -> FamilyAccess:
    """Invite a household member to see the family's plan: an adult, or a young person of
    13 or over who has agreed. The email with their first sign-in link goes after commit."""
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "family members can no longer be invited")
    require(actor, Action.MANAGE_TEAM, case)
    errors, young = _check(case, invitation)
    if errors:
        raise ApplicationError("Check who you are inviting", errors)
    assert invitation.person is not None  # noqa: S101 - checked above
    person = invitation.person
    with transaction.atomic():
        # The actor row: closed, no password, a reserved address; it only names them.
        stand_in = User.objects.create_user(
            email=f"family-{uuid.uuid4().hex}@family.invalid",
            password=None,
            full_name=f"{person.full_name} (family member)",
        )
        stand_in.is_active = False
        stand_in.set_unusable_password()
        stand_in.save(update_fields=["is_active", "password"])
        access = FamilyAccess.objects.create(
            case=case,
            person=person,
            actor=stand_in,
            email=normalise_email(invitation.email),
            mobile=invitation.mobile.strip(),
            code_channel=invitation.code_channel,
            is_young_person=young,
            young_person_agreed=young and invitation.young_person_agreed,
            shares_plan=invitation.shares_plan if young else True,
            shares_star=invitation.shares_star if young else True,
            shares_meetings=invitation.shares_meetings if young else True,
            invited_by=actor,
        )
        link_create(access=access, first=True)
        timeline.event_add(
            case=case,
            kind=FamilyEvent.ACCESS_GIVEN.kind,
            actor=actor,
            title=f"{person.full_name} invited to see the family's plan online",
        )
        audit_record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=access,
            case=case,
            detail={"family_member": access.pk, "young_person": young},
        )
    return access


def family_access_withdraw(*, actor: User, access: FamilyAccess, reason: str) -> FamilyAccess:
    """End a family member's access at once: their sessions end at their next request."""
    case = access.case
    require(actor, Action.MANAGE_TEAM, case)
    if not reason.strip():
        raise ApplicationError(
            "Enter why their access is ending", {"reason": ["Enter why their access is ending"]}
        )
    with transaction.atomic():
        locked = FamilyAccess.objects.select_for_update().get(pk=access.pk)
        if locked.withdrawn_at is not None:
            raise ApplicationError("Their access has already ended")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawn_reason = reason.strip()
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        timeline.event_add(
            case=case,
            kind=FamilyEvent.ACCESS_WITHDRAWN.kind,
            actor=actor,
            title=f"{locked.person.full_name}'s online access withdrawn",
            description=reason.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            reason=reason.strip(),
            detail={"family_member": locked.pk, "withdrawn": True},
        )
    return locked

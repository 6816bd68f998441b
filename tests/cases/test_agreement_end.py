"""Sharing agreements with teeth: a share made without consent rests on its information
sharing agreement, and the daily job ends it once the agreement has ended — with the
team memberships that relied on it — records why, and tells the lead practitioner in
the service and by email. The clock is frozen at the days either side of the end date.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from cases.models import AuditEntry, CaseShare, CaseTeamMember
from cases.services import AGREEMENT_ENDED_KIND, case_share, team_member_add
from cases.tasks import end_shares_on_expired_agreements
from cases.workflow_states import State
from earlyhelp.models import OutboxMessage
from partners.models import InformationSharingAgreement, Notification
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory
from tests.identity.outbox import deliver
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db

# The agreement ends ten days from now; the clock is then moved to its last day and the
# day after.
ENDS = timezone.localdate() + dt.timedelta(days=10)


@pytest.fixture
def setting():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Family Support Team")
    police = AgencyFactory(kind=AgencyKind.POLICE, name="Northborough Police")
    lead = member(Role.PRACTITIONER, agency=council)
    case = CaseFactory(
        family=FamilyFactory(family_hub=hub),
        state=State.PLAN_AND_REVIEW,
        lead_agency=council,
        lead_practitioner=lead,
    )
    agreement = InformationSharingAgreement.objects.create(
        name="Safeguarding partnership agreement",
        reference="ISA-2025-01",
        valid_from=ENDS - dt.timedelta(days=365),
        valid_until=ENDS,
    )
    agreement.agencies.set([council, police])
    officer = member(Role.PRACTITIONER, agency=police)
    return {
        "case": case,
        "lead": lead,
        "police": police,
        "agreement": agreement,
        "officer": officer,
    }


def freeze(monkeypatch, day: dt.date) -> None:  # type: ignore[no-untyped-def]
    """Stop the clock at noon on `day` for everything that asks django.utils.timezone."""
    frozen = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: frozen)


def share_on_the_agreement(setting):  # type: ignore[no-untyped-def]
    share = case_share(
        actor=setting["lead"],
        case=setting["case"],
        agency=setting["police"],
        basis="safeguarding",
        lawful_reason="Risk of harm from domestic abuse; asking would raise the risk",
        agreement=setting["agreement"],
        purpose="Police safeguarding checks",
    )
    member_ = team_member_add(
        actor=setting["lead"],
        case=setting["case"],
        agency=setting["police"],
        user=setting["officer"],
    )
    assert member_.share == share
    return share, member_


def test_an_expired_agreement_ends_its_shares_and_tells_the_lead_practitioner(
    monkeypatch, setting, signed_in_client
):
    share, place = share_on_the_agreement(setting)
    # The officer was told they joined the team; that email goes first.
    assert deliver("partners.tasks.notification_email_send") == 1
    assert [m.to for m in mail.outbox] == [[setting["officer"].email]]
    OutboxMessage.objects.all().delete()
    mail.outbox.clear()

    freeze(monkeypatch, ENDS)  # the agreement's last day: still in force
    assert end_shares_on_expired_agreements.apply().get() == 0
    assert CaseShare.objects.current().filter(pk=share.pk).exists()

    freeze(monkeypatch, ENDS + dt.timedelta(days=1))
    assert end_shares_on_expired_agreements.apply().get() == 1

    share.refresh_from_db()
    place.refresh_from_db()
    assert share.ended_at is not None
    assert (
        share.ended_reason
        == f"The information sharing agreement ISA-2025-01 ended on {ENDS.day} {ENDS:%B %Y}"
    )
    assert place.ended_on == ENDS + dt.timedelta(days=1)
    assert AuditEntry.objects.filter(
        action="update", object_id=str(share.pk), reason=share.ended_reason
    ).exists()
    assert (
        setting["case"].chronology.filter(title="Sharing with Northborough Police ended").exists()
    )

    [note] = Notification.objects.filter(recipient=setting["lead"], kind=AGREEMENT_ENDED_KIND)
    assert note.title == f"Sharing with Northborough Police ended on {setting['case'].reference}"
    assert note.url == f"/cases/{setting['case'].pk}/sharing/"
    assert deliver("partners.tasks.notification_email_send") == 1
    assert [m.to for m in mail.outbox] == [[setting["lead"].email]]

    # Run again: nothing more ends, nobody is told twice.
    assert end_shares_on_expired_agreements.apply().get() == 0
    assert Notification.objects.filter(kind=AGREEMENT_ENDED_KIND).count() == 1


def test_an_ended_agreement_cannot_be_relied_on_for_a_new_share(monkeypatch, setting):
    from earlyhelp.errors import ApplicationError

    freeze(monkeypatch, ENDS + dt.timedelta(days=1))
    with pytest.raises(ApplicationError) as refused:
        share_on_the_agreement(setting)
    assert refused.value.extra["agreement"] == ["Select an agreement that is in force today"]
    assert not CaseTeamMember.objects.exists()

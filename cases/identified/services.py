"""Every write about families identified in data: importing a data set, reviewing an
uncertain match, and a coordinator's decision on each family. Each checks access
(identified/access.py) and writes its audit entry in the same transaction.

Nothing here decides for anyone: matching only links rows to people; a family goes to
allocation only when a coordinator brings it, through the front door's own services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases.audit import audit_record
from cases.codes import ContactSource
from cases.identified import access
from cases.identified.kinds import FACTS, DataSetKind
from cases.identified.matching import Match, match_rows
from cases.identified.models import (
    DataRow,
    DataSet,
    IdentifiedFamily,
    MatchMethod,
    MatchStatus,
    Review,
)
from cases.identified.parsing import BadRow, ParsedRow
from cases.identified.selectors import indicators_of
from cases.models import AllocationMeeting, Case, Family, HouseholdMember, Person
from cases.models.audit import AuditAction
from cases.services import allocation_agenda_add, case_screen, enquiry_create
from cases.workflow_states import ScreeningOutcome
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import Agency, User


def _months_later(day: dt.date, months: int) -> dt.date:
    from partners.directory.models import months_later

    return months_later(day, months)


@dataclass(frozen=True)
class ImportOutcome:
    data_set: DataSet
    matched: int
    to_review: int
    not_known: int
    families: int  # families newly identified


def _identify(family_ids: set[int], at: dt.datetime) -> int:
    """Put families on the identified list (once each); returns how many are new."""
    existing = set(
        IdentifiedFamily.objects.filter(family_id__in=family_ids).values_list(
            "family_id", flat=True
        )
    )
    new = [IdentifiedFamily(family_id=pk, first_identified_at=at) for pk in family_ids - existing]
    IdentifiedFamily.objects.bulk_create(new)
    return len(new)


def _row_for(data_set: DataSet, parsed: ParsedRow, match: Match) -> DataRow:
    place = match.family or (match.candidates[0].family if match.candidates else None)
    return DataRow(
        data_set=data_set,
        line=parsed.line,
        nhs_number=parsed.nhs_number,
        upn=parsed.upn,
        given_names=parsed.given_names,
        family_name=parsed.family_name,
        date_of_birth=parsed.date_of_birth,
        postcode=parsed.postcode,
        event_on=parsed.event_on,
        detail=parsed.detail,
        status=match.status,
        method=match.method,
        score=match.score,
        person=match.person,
        family=match.family,
        zone_id=place.zone_id if place else None,
        family_hub_id=place.family_hub_id if place else None,
        candidates=[
            {
                "person": c.person.pk,
                "family": c.family.pk if c.family else None,
                "score": str(c.score),
                "why": c.why,
            }
            for c in match.candidates
        ],
    )


def data_set_import(
    *,
    actor: User,
    kind: str,
    file_name: str,
    rows: Sequence[ParsedRow],
    bad: Sequence[BadRow] = (),
    supplied_by: Agency | None = None,
) -> ImportOutcome:
    """Import a checked file: all of it, or (if any row is bad) none of it."""
    access.require_work(user=actor)
    if kind not in DataSetKind.values:
        raise ApplicationError(
            "Select the kind of data set", {"kind": ["Select the kind of data set"]}
        )
    if bad:
        raise ApplicationError(
            f"The file has {len(bad)} {'row' if len(bad) == 1 else 'rows'} with problems. "
            "Nothing has been imported",
            {"rows": [{"line": b.line, "problems": b.problems} for b in bad]},
        )
    if not rows:
        raise ApplicationError("The file has no rows")
    now = timezone.now()
    matches = match_rows(rows)
    with transaction.atomic():
        data_set = DataSet.objects.create(
            kind=kind,
            file_name=file_name[:200],
            supplied_by=supplied_by,
            imported_by=actor,
            imported_at=now,
            row_count=len(rows),
            retain_until=_months_later(timezone.localdate(now), FACTS[kind].retention_months),
        )
        DataRow.objects.bulk_create(
            [_row_for(data_set, parsed, match) for parsed, match in zip(rows, matches, strict=True)]
        )
        families = {m.family.pk for m in matches if m.status == MatchStatus.MATCHED and m.family}
        new = _identify(families, now)
        counts = {s: sum(1 for m in matches if m.status == s) for s in MatchStatus.values}
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=data_set,
            reason="Data set imported for families identified in data",
            detail={"kind": kind, "rows": len(rows), **counts, "families_new": new},
        )
    return ImportOutcome(
        data_set=data_set,
        matched=counts[MatchStatus.MATCHED],
        to_review=counts[MatchStatus.TO_REVIEW],
        not_known=counts[MatchStatus.NOT_KNOWN],
        families=new,
    )


def _locked_row(actor: User, row_id: int) -> DataRow:
    row = (
        access.visible_rows(user=actor)
        .select_for_update(of=("self",))
        .filter(pk=row_id, status=MatchStatus.TO_REVIEW)
        .first()
    )
    if row is None:
        raise ConcurrentChangeError("Someone else has reviewed this row already.")
    return row


def data_row_confirm(*, actor: User, row: DataRow, person_id: int) -> DataRow:
    """A coordinator confirms which candidate the row is about: it is matched to them."""
    access.require_work(user=actor)
    if person_id not in {c.get("person") for c in row.candidates}:
        raise ApplicationError(
            "Select one of the people suggested", {"person": ["Select one of the people suggested"]}
        )
    with transaction.atomic():
        locked = _locked_row(actor, row.pk)
        person = Person.objects.get(pk=person_id)
        membership = (
            HouseholdMember.objects.filter(person=person, left_on__isnull=True)
            .select_related("family")
            .order_by("-joined_on", "-id")
            .first()
        )
        family = membership.family if membership else None
        locked.status = MatchStatus.MATCHED
        locked.method = MatchMethod.REVIEWED
        locked.person = person
        locked.family = family
        if family is not None:
            locked.zone_id, locked.family_hub_id = family.zone_id, family.family_hub_id
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save()
        if family is not None:
            _identify({family.pk}, timezone.now())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            reason="Uncertain match confirmed",
            detail={"person": person.pk, "family": family.pk if family else None},
        )
    return locked


def data_row_reject(*, actor: User, row: DataRow) -> DataRow:
    """None of the candidates is the person in the row: it stays linked to no one."""
    access.require_work(user=actor)
    with transaction.atomic():
        locked = _locked_row(actor, row.pk)
        locked.status = MatchStatus.REJECTED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=locked, reason="Uncertain match rejected"
        )
    return locked


def _locked_identified(actor: User, identified: IdentifiedFamily, version: int) -> IdentifiedFamily:
    locked = (
        access.visible_identified(user=actor)
        .select_for_update(of=("self",))
        .filter(pk=identified.pk)
        .first()
    )
    if locked is None:
        raise ApplicationError("This family is not on your list")
    if locked.version != version or locked.review != Review.NEW:
        raise ConcurrentChangeError(
            "Someone else decided about this family after you opened the page. Check it again."
        )
    return locked


def next_meeting_for(family: Family) -> AllocationMeeting | None:
    """The next allocation meeting (today or later) for the family's hub, else its zone."""
    meetings = AllocationMeeting.objects.filter(held_on__gte=timezone.localdate())
    if family.family_hub_id:
        by_hub = meetings.filter(family_hub_id=family.family_hub_id).order_by("held_on", "pk")
        if by_hub.exists():
            return by_hub.first()
    zone_id = family.zone_id
    if zone_id is None:
        return None
    return (
        meetings.filter(zone_id=zone_id, family_hub__isnull=True).order_by("held_on", "pk").first()
    )


def _children_for(identified: IdentifiedFamily) -> list[Person]:
    """The children the rows were about, or else every child of the household today."""
    today = timezone.localdate()
    named = Person.objects.filter(
        Exists(
            DataRow.objects.filter(
                person_id=OuterRef("pk"),
                family_id=identified.family_id,
                status=MatchStatus.MATCHED,
            )
        )
    )
    children = [p for p in named if p.is_child_on(today)]
    if children:
        return children
    household = Person.objects.filter(
        households__family_id=identified.family_id, households__left_on__isnull=True
    )
    return [p for p in household if p.is_child_on(today)]


def identified_family_to_agenda(
    *, actor: User, identified: IdentifiedFamily, expected_version: int, reason: str
) -> Case:
    """Bring the family to allocation: an enquiry from the early help service stating its
    indicators, accepted at screening, and on the next allocation meeting's agenda (or
    the agenda of the next one planned, through the `identified_in_data` source)."""
    access.require_work(user=actor)
    if not reason.strip():
        raise ApplicationError(
            "Enter why the family should be offered early help",
            {"reason": ["Enter why the family should be offered early help"]},
        )
    family = identified.family
    children = _children_for(identified)
    if not children:
        raise ApplicationError("The family has no children recorded, so no enquiry can be raised")
    indicators = indicators_of(family_ids=[family.pk]).get(family.pk, [])
    concerns = "Identified in data: " + "; ".join(i.summary for i in indicators)
    needs = sorted({FACTS[i.kind].need.value for i in indicators})
    with transaction.atomic():
        locked = _locked_identified(actor, identified, expected_version)
        case = enquiry_create(
            actor=actor,
            family=family,
            children=children,
            concerns=f"{concerns}\n\n{reason.strip()}",
            concern_categories=needs,
            family_consent="not_told",
            contact_source=ContactSource.LA_EARLY_HELP,
        )
        case = case_screen(
            actor=actor,
            case=case,
            outcome=ScreeningOutcome.EARLY_HELP_ASSESSMENT,
            reason=f"Identified in data and brought to allocation: {reason.strip()}",
        )
        locked.review = Review.AGENDA
        locked.reason = reason.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.case = case
        locked.version += 1
        locked.save()
        meeting = next_meeting_for(family)
        if meeting is not None:
            allocation_agenda_add(actor=actor, meeting=meeting, case=case)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            reason="Family identified in data brought to allocation",
            detail={"meeting": meeting.pk if meeting else None},
        )
    return case


def identified_family_no_action(
    *, actor: User, identified: IdentifiedFamily, expected_version: int, reason: str
) -> IdentifiedFamily:
    """A coordinator decides the family needs nothing from early help now, and says why."""
    access.require_work(user=actor)
    if not reason.strip():
        raise ApplicationError(
            "Enter why no action is needed", {"reason": ["Enter why no action is needed"]}
        )
    with transaction.atomic():
        locked = _locked_identified(actor, identified, expected_version)
        locked.review = Review.NO_ACTION
        locked.reason = reason.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            reason="Family identified in data: no action",
        )
    return locked


def data_sets_purge_expired(*, on: dt.date | None = None) -> int:
    """Delete the rows of every data set past its retention date (the data set's own
    record stays, with its counts, to show what was held and when it went)."""
    on = on or timezone.localdate()
    purged = 0
    for data_set in DataSet.objects.filter(retain_until__lt=on, purged_at__isnull=True):
        with transaction.atomic():
            deleted, _ = DataRow.objects.filter(data_set=data_set).delete()
            data_set.purged_at = timezone.now()
            data_set.save(update_fields=["purged_at"])
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=data_set,
                reason="Data set past its retention period: rows deleted",
                detail={"rows": deleted},
            )
        purged += 1
    return purged

"""The retention schedule: what is due, the officer's approval, and anonymisation.

A closed early help record is kept 6 years after the family's last case closed, or
until the youngest child's 25th birthday if that is later (the README says why), unless
a system administrator sets another period (RetentionRule, in the admin). Each day
`retention_list_due` lists the families whose whole record is due; the officer approves
them in batches; `retention_apply` anonymises what was approved. A current legal hold
on any case or person of the record stops it at every step: it is not listed as due,
cannot be approved, and an approved record that is held before the run is skipped.

Anonymising keeps the rows (so counts, the scorecard's snapshots and other aggregates
stay as they were) but not what identifies anyone: names, identifiers, addresses and
free text are replaced, dates are coarsened to the first of their month, identifiers
are deleted, the rows' field history is deleted, and the audit entries about the record
are blanked (cases/models/audit.py explains how the hash chain survives that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from cases.audit import audit_blank, audit_record
from cases.models import (
    AuditEntry,
    Case,
    Family,
    HouseholdMember,
    Person,
    PersonIdentifier,
    PersonRestriction,
)
from cases.models.audit import AuditAction
from cases.workflow_states import State
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError
from governance.holdings import Holdings, family_holdings, is_history_model
from governance.models import (
    DueStatus,
    LegalHold,
    RecordType,
    RetentionBatch,
    RetentionDue,
    RetentionRule,
    RightsRequest,
    SubjectAccessRequest,
)
from governance.permissions import require_officer

REMOVED = "[removed]"
DEFAULT_RULES = {
    RecordType.CLOSED_CASE: {"years_after_closure": 6, "until_youngest_age": 25},
}
# Codes, not anyone's words: kept so the record still counts in figures.
KEPT_TEXT_FIELDS = {"closure_reason", "state"}


def rule_for(record_type: str) -> RetentionRule:
    rule = RetentionRule.objects.filter(record_type=record_type).first()
    if rule is None:
        rule = RetentionRule(record_type=record_type, **DEFAULT_RULES[RecordType(record_type)])
    return rule


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def due_date(family: Family, rule: RetentionRule, last_closed: dt.date) -> dt.date:
    """The later of `years_after_closure` after the last closure and the youngest child's
    `until_youngest_age` birthday."""
    due = add_years(last_closed, rule.years_after_closure)
    if rule.until_youngest_age:
        people = Person.objects.filter(households__family=family).distinct()
        births: list[dt.date] = [
            born
            for p in people
            if (p.is_child_on(last_closed) or p.is_unborn)
            and (born := p.date_of_birth or p.expected_date_of_birth) is not None
        ]
        if births:
            due = max(due, add_years(max(births), rule.until_youngest_age))
    return due


def held_family_ids(family_ids: list[int]) -> set[int]:
    """Families with a current legal hold on any of their cases or people."""
    holds = LegalHold.objects.filter(lifted_at__isnull=True)
    by_case = holds.filter(case__family_id__in=family_ids).values_list("case__family_id", flat=True)
    by_person = HouseholdMember.objects.filter(
        family_id__in=family_ids,
        person_id__in=holds.filter(person__isnull=False).values("person_id"),
    ).values_list("family_id", flat=True)
    return set(by_case) | set(by_person)


@dataclass
class DueReport:
    listed: list[RetentionDue] = field(default_factory=list)
    held: list[RetentionDue] = field(default_factory=list)


def retention_list_due(*, today: dt.date | None = None) -> DueReport:
    """List every record whose date has come (the daily job; idempotent)."""
    today = today or timezone.localdate()
    rule = rule_for(RecordType.CLOSED_CASE)
    earliest = add_years(today, -rule.years_after_closure)
    candidates = (
        Family.objects.filter(cases__isnull=False)
        .exclude(cases__closed_on__isnull=True)
        .exclude(cases__state__in=[s for s in State.values if s != State.CLOSED])
        .annotate(last_closed=Max("cases__closed_on"))
        .filter(last_closed__lte=earliest)
        .exclude(pk__in=RetentionDue.objects.filter(status=DueStatus.DONE).values("family_id"))
        .distinct()
    )
    due: list[tuple[Family, dt.date]] = []
    for candidate in candidates:
        when = due_date(candidate, rule, candidate.last_closed)
        if when <= today:
            due.append((candidate, when))
    held = held_family_ids([f.pk for f, _ in due])
    report = DueReport()
    with transaction.atomic():
        for family, when in due:
            item, _ = RetentionDue.objects.get_or_create(
                record_type=RecordType.CLOSED_CASE,
                family=family,
                defaults={"due_on": when},
            )
            if family.pk in held and item.status in (DueStatus.DUE, DueStatus.APPROVED):
                item.status = DueStatus.HELD
                item.save(update_fields=["status"])
            elif family.pk not in held and item.status == DueStatus.HELD:
                item.status = DueStatus.DUE
                item.save(update_fields=["status"])
            (report.held if item.status == DueStatus.HELD else report.listed).append(item)
        if due:
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                reason="retention schedule: records listed as due",
                detail={"due": len(report.listed), "held": len(report.held)},
            )
    return report


def retention_approve(*, actor: Any, due_ids: list[int]) -> RetentionBatch:
    """The officer approves a batch of due records for anonymisation."""
    require_officer(actor)
    items = list(RetentionDue.objects.filter(pk__in=due_ids, status=DueStatus.DUE))
    if not items:
        raise ApplicationError("Select at least one record that is due")
    held = held_family_ids([i.family_id for i in items])
    with transaction.atomic():
        batch = RetentionBatch.objects.create(approved_by=actor)
        approved = [i.pk for i in items if i.family_id not in held]
        RetentionDue.objects.filter(pk__in=approved).update(status=DueStatus.APPROVED, batch=batch)
        RetentionDue.objects.filter(pk__in=[i.pk for i in items if i.family_id in held]).update(
            status=DueStatus.HELD
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=batch,
            reason="retention batch approved",
            detail={"approved": approved, "held": len(items) - len(approved)},
        )
        # The run, through the outbox (see governance/sar.py); nightly in any case.
        outbox.enqueue(APPLY_TASK)
    return batch


APPLY_TASK = "governance.tasks.apply_retention"


def legal_hold_place(
    *, actor: Any, reason: str, case: Case | None = None, person: Person | None = None
) -> LegalHold:
    require_officer(actor)
    if case is None and person is None:
        raise ApplicationError("Choose the case or the person to hold")
    if not reason.strip():
        raise ApplicationError("Enter why the records must be kept")
    with transaction.atomic():
        hold = LegalHold.objects.create(case=case, person=person, reason=reason, placed_by=actor)
        family_ids = (
            [case.family_id]
            if case
            else list(
                HouseholdMember.objects.filter(person=person).values_list("family_id", flat=True)
            )
        )
        RetentionDue.objects.filter(
            family_id__in=family_ids, status__in=[DueStatus.DUE, DueStatus.APPROVED]
        ).update(status=DueStatus.HELD)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=hold, reason="legal hold placed")
    return hold


def legal_hold_lift(*, actor: Any, hold: LegalHold) -> LegalHold:
    require_officer(actor)
    with transaction.atomic():
        hold.lifted_at = timezone.now()
        hold.save(update_fields=["lifted_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=hold, reason="legal hold lifted")
    return hold


# --------------------------------------------------------------------------- anonymising

# What else must go when a record is anonymised, beyond its rows: files on disk (case
# documents register a function that deletes a record's files: governance/documents_held.py).
Anonymiser = Callable[[Holdings], int]
_ANONYMISERS: list[Anonymiser] = []


def register_anonymiser(anonymiser: Anonymiser) -> None:
    """Let another part of the system remove what it holds for a record (returns a count)."""
    if anonymiser not in _ANONYMISERS:
        _ANONYMISERS.append(anonymiser)


def _month_start(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return value


def _removed_text(row: models.Model, f: models.Field[Any, Any]) -> Any:
    if f.unique:
        return None if f.null else f"anonymised-{row.pk}"
    limit = getattr(f, "max_length", None)
    return REMOVED if limit is None or limit >= len(REMOVED) else ""


def _key_fields(model: type[models.Model]) -> set[str]:
    """Fields that are part of a composite unique key (an assessment section's `key`):
    codes that place the row, which would clash if they were all replaced alike."""
    names: set[str] = set()
    for together in model._meta.unique_together:
        names |= set(together)
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if isinstance(constraint, models.UniqueConstraint) and len(fields) > 1:
            names |= set(fields)
    return names


def anonymised_values(row: models.Model) -> dict[str, Any]:
    """What one row becomes: names, identifiers, addresses and free text removed, dates
    coarsened to the month; codes (choices and composite keys), numbers, flags and links
    kept."""
    changes: dict[str, Any] = {}
    keys = _key_fields(type(row))
    for f in row._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices or f.name in KEPT_TEXT_FIELDS:
            continue
        if f.name in keys:
            continue
        value = getattr(row, f.attname)
        if value is None:
            continue
        if isinstance(f, models.DateTimeField | models.DateField):
            coarse = _month_start(value)
            if coarse != value:
                changes[f.attname] = coarse
        elif isinstance(f, models.JSONField):
            if value:
                changes[f.attname] = [] if isinstance(value, list) else {}
        elif isinstance(f, models.GenericIPAddressField):
            changes[f.attname] = None if f.null else "0.0.0.0"  # noqa: S104 - not a bind address
        elif isinstance(f, models.CharField | models.TextField) and value != "":
            changes[f.attname] = _removed_text(row, f)
    if isinstance(row, Person):
        changes.update(given_names="Anonymised", family_name=f"person {row.pk}", preferred_name="")
    if isinstance(row, Family):
        changes["name"] = f"Anonymised family {row.pk}"
    return changes


def _shifted(row: models.Model, changes: dict[str, Any]) -> dict[str, Any]:
    """The dates moved back together, the earliest to the first of its month: for rows
    whose checks order their dates (a meeting ends after it starts), which coarsening
    each date alone would break."""
    shifted = dict(changes)
    for kind in (dt.datetime, dt.date):
        names = [
            f.attname
            for f in row._meta.concrete_fields
            if f.attname in changes
            and isinstance(getattr(row, f.attname), kind)
            and (kind is dt.datetime or not isinstance(getattr(row, f.attname), dt.datetime))
        ]
        if not names:
            continue
        earliest = min(getattr(row, n) for n in names)
        delta = earliest - _month_start(earliest)
        for name in names:
            shifted[name] = getattr(row, name) - delta
    return shifted


def _update(row: models.Model, changes: dict[str, Any]) -> None:
    manager = type(row)._default_manager
    try:
        with transaction.atomic():
            manager.filter(pk=row.pk).update(**changes)
    except IntegrityError:
        manager.filter(pk=row.pk).update(**_shifted(row, changes))


def _history_models() -> dict[type[models.Model], list[type[models.Model]]]:
    from django.apps import apps

    found: dict[type[models.Model], list[type[models.Model]]] = {}
    for model in apps.get_models():
        if is_history_model(model) and hasattr(model, "pgh_obj"):
            tracked = model._meta.get_field("pgh_obj").related_model
            found.setdefault(tracked, []).append(model)  # type: ignore[arg-type]
    return found


def _working_records(holdings: Holdings) -> list[models.Model]:
    """The officer's own records about these people and cases, anonymised alike."""
    people = [p.pk for p in holdings.people]
    cases = [c.pk for c in holdings.cases]
    return [
        *SubjectAccessRequest.objects.filter(person_id__in=people),
        *RightsRequest.objects.filter(person_id__in=people),
        *LegalHold.objects.filter(Q(person_id__in=people) | Q(case_id__in=cases)),
        *PersonRestriction.objects.filter(person_id__in=people),
    ]


def anonymise(holdings: Holdings) -> dict[str, int]:
    """Anonymise every row of a record, delete its identifiers and field history, and
    blank the audit entries about it. Call inside a transaction."""
    counts: dict[str, int] = {}
    identifiers = holdings.rows.pop(PersonIdentifier, [])
    rows = [*holdings.all_rows(), *_working_records(holdings)]
    for row in rows:
        changes = anonymised_values(row)
        if changes:
            _update(row, changes)
        counts[row._meta.label] = counts.get(row._meta.label, 0) + 1
    for sar in SubjectAccessRequest.objects.filter(person__in=holdings.people):
        from governance.sar import discard_files

        discard_files(sar)
    for anonymiser in _ANONYMISERS:
        counts[getattr(anonymiser, "__qualname__", "other")] = anonymiser(holdings)
    PersonIdentifier.objects.filter(pk__in=[i.pk for i in identifiers]).delete()
    counts["cases.PersonIdentifier (deleted)"] = len(identifiers)
    # Field history goes with the rows it described.
    ids_by_model: dict[type[models.Model], set[Any]] = {}
    for row in [*rows, *identifiers]:
        ids_by_model.setdefault(type(row), set()).add(row.pk)
    history = 0
    for tracked, event_models in _history_models().items():
        ids = ids_by_model.get(tracked)
        if ids:
            for event_model in event_models:
                history += event_model._default_manager.filter(pgh_obj_id__in=ids).delete()[0]
    counts["field history (deleted)"] = history
    # The audit log keeps its entries about the record, blanked of personal content.
    case_ids = [c.pk for c in holdings.cases]
    about = Q(case_id__in=case_ids) | Q(case_ids__overlap=case_ids)
    for model, ids in ids_by_model.items():
        about |= Q(object_type=model._meta.label, object_id__in=[str(i) for i in ids])
    entry_ids = list(
        AuditEntry.objects.filter(about, blanked_at__isnull=True).values_list("pk", flat=True)
    )
    counts["audit entries (blanked)"] = audit_blank(entry_ids=entry_ids)
    return counts


@dataclass
class ApplyReport:
    done: list[RetentionDue] = field(default_factory=list)
    held: list[RetentionDue] = field(default_factory=list)
    waiting: list[RetentionDue] = field(default_factory=list)


def retention_apply(*, actor: Any, dry_run: bool = False) -> ApplyReport:
    """Anonymise every approved record not under a legal hold (the run; idempotent)."""
    require_officer(actor)
    report = ApplyReport()
    approved = list(RetentionDue.objects.filter(status=DueStatus.APPROVED).select_related("family"))
    report.waiting = list(RetentionDue.objects.filter(status=DueStatus.DUE))
    held = held_family_ids([i.family_id for i in approved])
    for item in approved:
        if item.family_id in held:
            if not dry_run:
                RetentionDue.objects.filter(pk=item.pk).update(status=DueStatus.HELD)
            report.held.append(item)
            continue
        if dry_run:
            report.done.append(item)
            continue
        with transaction.atomic():
            counts = anonymise(family_holdings(item.family))
            item.status = DueStatus.DONE
            item.done_at = timezone.now()
            item.summary = counts
            item.save(update_fields=["status", "done_at", "summary"])
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=item,
                reason="retention applied: record anonymised",
                detail={"rows": sum(counts.values())},
            )
        report.done.append(item)
    return report

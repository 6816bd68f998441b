# mypy: disallow-untyped-defs
"""Importing the Standard Safeguarding Dataset, and taking an import out again.

Everything is checked before anything is written (ssd_rows.py for the households,
ssd_case_rows.py for the casework); then one transaction writes the whole batch: people
and households here, professionals, cases and what hangs on them in ssd_cases.py. Each
record remembers the source row it came from (ImportedRecord, keyed by the source's id)
and a hash of that row, so importing the same files again changes nothing and a newer
export updates only what changed. The batch, its counts and any rollback are written to
the audit log.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from assessments.models import Assessment, AssessmentSection, MeasureReading
from cases.audit import audit_record
from cases.codes import Ethnicity, Gender, Relationship
from cases.identifiers import normalise_postcode
from cases.models import (
    Case,
    CaseTeamMember,
    CaseTransition,
    Enquiry,
    Family,
    HouseholdMember,
    LeadPractitionerAssignment,
    Person,
    PersonIdentifier,
)
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import Membership, User
from partners.selectors import hub_for_postcode
from reporting.models import ImportBatch, ImportedRecord
from reporting.moving_in.ssd_case_rows import CaseIndex, read_bundle
from reporting.moving_in.ssd_cases import CaseworkWriter, import_actor
from reporting.moving_in.ssd_rows import (
    GENDER_OF,
    BadRow,
    Bundle,
    Row,
    identifier_type,
    parse_date,
)

SOURCE = "ssd"
Progress = Callable[[str], None]
PROGRESS_EVERY = 500


class BadImport(ApplicationError):
    """The files have bad rows; nothing was imported."""

    def __init__(self, bad: list[BadRow]) -> None:
        super().__init__(f"{len(bad)} bad rows; nothing was imported", {})
        self.bad = bad


@dataclass
class ImportResult:
    batch: ImportBatch | None
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dry_run: bool = False


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else str(value)


def _hash(values: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=_plain).encode()).hexdigest()


class _Writer:
    """Creates or updates one record per source row, remembering where it came from."""

    def __init__(self, batch: ImportBatch, result: ImportResult, progress: Progress) -> None:
        self.batch = batch
        self.result = result
        self.progress = progress
        self.done = 0
        self.known = {
            (r.table, r.source_id): r for r in ImportedRecord.objects.filter(source=SOURCE)
        }

    def put(
        self,
        model: type[models.Model],
        table: str,
        source_id: str,
        values: dict[str, Any],
    ) -> models.Model:
        row_hash = _hash(values)
        record = self.known.get((table, source_id))
        obj = None
        if record is not None:
            obj = model._default_manager.filter(pk=record.object_id).first()
        if record is not None and obj is not None and record.row_hash == row_hash:
            self.result.counts["unchanged"] += 1
        elif obj is not None and record is not None:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            record.row_hash, record.last_batch = row_hash, self.batch
            record.save(update_fields=["row_hash", "last_batch"])
            self.result.counts["updated"] += 1
            self.result.counts[f"{table} updated"] += 1
        else:
            obj = model._default_manager.create(**values)
            if record is not None:  # its record was deleted here since: make it again
                record.delete()
            self.known[(table, source_id)] = ImportedRecord.objects.create(
                source=SOURCE,
                table=table,
                source_id=source_id,
                model=model._meta.label_lower,
                object_id=obj.pk,
                row_hash=row_hash,
                batch=self.batch,
                last_batch=self.batch,
            )
            self.result.counts["created"] += 1
            self.result.counts[f"{table} created"] += 1
        self._count()
        return obj

    def _count(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(f"{self.done} rows written")

    def remember(self, table: str, source_id: str, obj: models.Model) -> None:
        """A record that was here already (matched, not made): kept as it is."""
        if (table, source_id) in self.known:
            self.result.counts["unchanged"] += 1
        else:
            self.known[(table, source_id)] = ImportedRecord.objects.create(
                source=SOURCE,
                table=table,
                source_id=source_id,
                model=obj._meta.label_lower,
                object_id=obj.pk,
                row_hash="",
                batch=self.batch,
                last_batch=self.batch,
            )
            self.result.counts[f"{table} matched"] += 1
        self._count()


def _person_values(row: Row, disability: str, send: bool) -> dict[str, Any]:
    dob = parse_date(row.get("pers_dob"))
    return {
        "family_name": row.get("pers_surname"),
        "given_names": row.get("pers_forename"),
        "preferred_name": row.get("pers_preferred_name"),
        "date_of_birth": dob,
        "date_of_birth_accuracy": (
            Person.DobAccuracy.ESTIMATED
            if row.get("pers_dob_estimated") == "Y"
            else Person.DobAccuracy.EXACT
        ),
        "expected_date_of_birth": parse_date(row.get("pers_expected_dob")),
        "sex": row.get("pers_sex"),
        "gender": GENDER_OF.get(row.get("pers_gender"), Gender.NOT_STATED),
        "ethnicity": row.get("pers_ethnicity") or Ethnicity.NOBT,
        "send": row.get("pers_send_flag") == "Y" or send,
        "disability": disability,
        "has_disability": bool(disability.strip()),
    }


def _family_values(rows: list[Row], address: dict[str, Any], postcode: str) -> dict[str, Any]:
    postcode = normalise_postcode(postcode) if postcode else ""
    hub = hub_for_postcode(postcode=postcode) if postcode else None
    name = rows[0].get("fami_family_name")
    return {
        "name": name or f"{rows[0].get('fami_person_id')} household",
        "address_line_1": str(address.get("line_1", "")),
        "address_line_2": str(address.get("line_2", "")),
        "town": str(address.get("town", "")),
        "postcode": postcode,
        "uprn": str(address.get("uprn", "")),
        "language": str(address.get("language") or "English"),
        "interpreter_needed": bool(address.get("interpreter_needed", False)),
        "zone": hub.zone if hub else None,
        "family_hub": hub,
    }


def _write(bundle: Bundle, index: CaseIndex, writer: _Writer, actor: User | None) -> None:
    send = {r.get("send_person_id") for r in bundle.rows("ssd_send")}
    disabilities = {
        r.get("disa_person_id"): r.get("disa_disability_code")
        for r in bundle.rows("ssd_disability")
    }
    people: dict[str, Person] = {}
    for row in bundle.rows("ssd_person"):
        source_id = row.get("pers_person_id")
        values = _person_values(row, disabilities.get(source_id, ""), source_id in send)
        people[source_id] = writer.put(Person, "ssd_person", source_id, values)  # type: ignore[assignment]
    for row in bundle.rows("ssd_linked_identifiers"):
        values = {
            "person": people[row.get("link_person_id")],
            "type": identifier_type(row.get("link_identifier_type")),
            "value": row.get("link_identifier_value"),
            "valid_from": parse_date(row.get("link_valid_from_date")) or timezone.localdate(),
            "valid_until": parse_date(row.get("link_valid_to_date")),
        }
        writer.put(PersonIdentifier, "ssd_linked_identifiers", row.get("link_table_id"), values)
    addresses = {r.get("addr_table_id"): r for r in bundle.rows("ssd_address")}
    families: dict[str, Family] = {}
    by_family: dict[str, list[Row]] = defaultdict(list)
    for row in bundle.rows("ssd_family"):
        by_family[row.get("fami_family_id")].append(row)
    for family_id, rows in by_family.items():
        address_row = next(
            (a for k, a in addresses.items() if k.startswith(f"{family_id}-")),
            None,
        )
        address = json.loads(address_row.get("addr_address_json") or "{}") if address_row else {}
        postcode = address_row.get("addr_address_postcode") if address_row else ""
        family = writer.put(
            Family, "ssd_family", family_id, _family_values(rows, address, postcode)
        )
        families[family_id] = family  # type: ignore[assignment]
        for row in rows:
            joined = parse_date(row.get("fami_joined_date"))
            member_id = f"{family_id}-{row.get('fami_person_id')}-{row.get('fami_joined_date')}"
            values = {
                "family": family,
                "person": people[row.get("fami_person_id")],
                "relationship": row.get("fami_relationship") or Relationship.OTHER,
                "is_main_carer": row.get("fami_main_carer") == "Y",
                "joined_on": joined or timezone.localdate(),
                "left_on": parse_date(row.get("fami_left_date")),
            }
            writer.put(HouseholdMember, "ssd_family_member", member_id, values)
    if not index.contacts and not bundle.rows("ssd_professionals"):
        return
    casework = CaseworkWriter(bundle, index, writer.put, writer.remember, import_actor(actor))
    casework.professionals(dict(writer.known))
    casework.cases_and_enquiries(people, families)
    casework.involvements()
    casework.scores_and_voice(people)


def ssd_import(
    *,
    folder: Path,
    actor: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of the files in `folder`, then import them as one batch.

    Raises BadImport, listing every bad row, when any row is bad: nothing is written.
    With `dry_run`, the batch is written and then undone, so the counts are true."""
    progress = progress or (lambda message: None)
    bundle, index = read_bundle(folder)
    if bundle.bad:
        raise BadImport(bundle.bad)
    progress(
        "All rows checked: "
        + ", ".join(f"{len(rows)} {name}" for name, rows in bundle.tables.items())
    )
    result = ImportResult(batch=None, dry_run=dry_run)
    with transaction.atomic():
        batch = ImportBatch.objects.create(source=SOURCE, folder=str(folder), run_by=actor)
        _write(bundle, index, _Writer(batch, result, progress), actor)
        batch.created = result.counts["created"]
        batch.updated = result.counts["updated"]
        batch.unchanged = result.counts["unchanged"]
        batch.save(update_fields=["created", "updated", "unchanged"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=batch,
            reason="Standard Safeguarding Dataset imported",
            detail={"folder": str(folder), "counts": dict(result.counts)},
        )
        result.batch = batch
        if dry_run:
            transaction.set_rollback(True)
    return result


def _built_on(batch: ImportBatch, records: list[ImportedRecord]) -> list[str]:
    """Why the batch cannot be taken out, if anything has been built on it."""
    reasons: list[str] = []
    if ImportedRecord.objects.filter(last_batch=batch).exclude(batch=batch).exists():
        reasons.append("it updated records that an earlier import made")
    if ImportedRecord.objects.filter(batch=batch).exclude(last_batch=batch).exists():
        reasons.append("a later import changed records it made")
    ids: dict[str, set[int]] = defaultdict(set)
    for record in records:
        ids[record.model].add(record.object_id)
    families, people = ids["cases.family"], ids["cases.person"]
    if Case.objects.filter(family_id__in=families).exclude(pk__in=ids["cases.case"]).exists():
        reasons.append("a case has been opened for one of its families")
    if Enquiry.objects.filter(children__in=people).exclude(pk__in=ids["cases.enquiry"]).exists():
        reasons.append("an enquiry has been made about one of its people")
    reasons += _built_on_cases(ids)
    made = {r.object_id for r in records if r.table == "ssd_professionals"}
    if (
        User.objects.filter(pk__in=made)
        .filter(models.Q(is_active=True) | models.Q(last_login__isnull=False))
        .exists()
    ):
        reasons.append("one of the professionals it made has been given access")
    if (
        HouseholdMember.objects.filter(
            models.Q(person_id__in=people) | models.Q(family_id__in=families)
        )
        .exclude(pk__in=ids["cases.householdmember"])
        .exists()
    ):
        reasons.append("someone has been added to or moved into one of its households")
    if (
        PersonIdentifier.objects.filter(person_id__in=people)
        .exclude(pk__in=ids["cases.personidentifier"])
        .exists()
    ):
        reasons.append("an identifier has been recorded for one of its people")
    return reasons


def _built_on_cases(ids: dict[str, set[int]]) -> list[str]:
    """Anything recorded on one of its cases that the import did not make (a note, a plan,
    a document, a step, a new team member...), whatever app recorded it."""
    reasons: list[str] = []
    cases = ids["cases.case"]
    if not cases:
        return reasons
    for relation in Case._meta.related_objects:
        model = relation.related_model
        if hasattr(model, "pgh_obj") or not isinstance(model, type):
            continue  # the history pghistory keeps of each change is not work done
        found = model._default_manager.filter(**{f"{relation.field.name}__in": cases}).exclude(
            pk__in=ids[model._meta.label_lower]
        )
        if found.exists():
            reasons.append(f"{model._meta.verbose_name_plural} were recorded on its cases")
    if (
        AssessmentSection.objects.filter(assessment_id__in=ids["assessments.assessment"])
        .exclude(pk__in=ids["assessments.assessmentsection"])
        .exists()
    ):
        reasons.append("an assessment it made has been written in")
    return reasons


ROLLBACK_ORDER: tuple[tuple[str, type[models.Model]], ...] = (
    ("assessments.assessmentsection", AssessmentSection),
    ("assessments.assessment", Assessment),
    ("assessments.measurereading", MeasureReading),
    ("cases.caseteammember", CaseTeamMember),
    ("cases.leadpractitionerassignment", LeadPractitionerAssignment),
    ("cases.casetransition", CaseTransition),
    ("cases.enquiry", Enquiry),
    ("cases.case", Case),
    ("partners.membership", Membership),
    ("cases.householdmember", HouseholdMember),
    ("cases.personidentifier", PersonIdentifier),
    ("cases.family", Family),
    ("cases.person", Person),
    ("partners.user", User),
)


def ssd_rollback(*, batch_id: int, actor: User | None = None) -> dict[str, int]:
    """Take out every record a batch made, if nothing has been built on them."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None:
            raise ApplicationError(f"There is no import batch {batch_id}", {})
        if batch.status == ImportBatch.Status.ROLLED_BACK:
            raise ApplicationError(f"Import batch {batch_id} was already rolled back", {})
        records = list(batch.records.all())
        reasons = _built_on(batch, records)
        if reasons:
            raise ApplicationError(
                f"Import batch {batch_id} cannot be rolled back: " + "; ".join(reasons), {}
            )
        removed: dict[str, int] = {}
        try:
            for label, model in ROLLBACK_ORDER:
                pks = [
                    r.object_id
                    for r in records
                    if r.model == label and r.table != "ssd_professionals_matched"
                ]
                deleted = model._default_manager.filter(pk__in=pks).delete()[1]
                removed[label] = deleted.get(model._meta.label, 0)
        except ProtectedError as error:
            raise ApplicationError(
                f"Import batch {batch_id} cannot be rolled back: other records use "
                f"{len(error.protected_objects)} of its records",
                {},
            ) from error
        batch_rolled_back(batch=batch, actor=actor, removed=removed)
    return removed


def batch_rolled_back(*, batch: ImportBatch, actor: User | None, removed: dict[str, int]) -> None:
    """Close a batch whose records have been taken out: forget its source ids, mark it
    rolled back and audit what was removed (within the rollback's transaction)."""
    batch.records.all().delete()
    batch.status = ImportBatch.Status.ROLLED_BACK
    batch.rolled_back_at = timezone.now()
    batch.save(update_fields=["status", "rolled_back_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=batch,
        reason="Import batch rolled back",
        detail={"removed": removed},
    )

# mypy: disallow-untyped-defs
"""Importing a legacy case bundle, and taking a batch out again.

The same rules as the Standard Safeguarding Dataset import: every row is checked before
anything is written (bundle.py); then one transaction writes the whole batch through the
moving-in service (records.py). Each record remembers the source row it came from
(ImportedRecord, source "legacy", keyed by the source's id) and a hash of that row, so
importing the same bundle again changes nothing and a newer export updates only what
changed. The batch, its counts and any rollback are written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.admin.utils import NestedObjects
from django.db import models, transaction
from django.db.models.deletion import ProtectedError

from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from cases.models.chronology import ChronologyEntry
from documents.models import Document
from earlyhelp.errors import ApplicationError
from family_plans.models import FamilyPlan, PlanOutcome
from partners.models import User
from reporting.models import ImportBatch, ImportedRecord
from reporting.moving_in.legacy import records
from reporting.moving_in.legacy.bundle import LegacyBundle, read_legacy_bundle
from reporting.moving_in.services import BadImport, ImportResult, _hash, batch_rolled_back
from reporting.moving_in.ssd_rows import BadRow

SOURCE = "legacy"
PROGRESS_EVERY = 500
Progress = Callable[[str], None]


def _row_hash(values: dict[str, Any]) -> str:
    """The hash of a row's values, with each moment in UTC: a moment read back from the
    database and the same moment made in the service's time zone hash alike."""
    return _hash(
        {k: v.astimezone(dt.UTC) if isinstance(v, dt.datetime) else v for k, v in values.items()}
    )


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

    def _existing(self, table: str, source_id: str) -> tuple[ImportedRecord | None, Any]:
        record = self.known.get((table, source_id))
        if record is None:
            return None, None
        model = records.MODELS[table]
        return record, model._default_manager.filter(pk=record.object_id).first()

    def _remember(self, table: str, source_id: str, obj: Any, row_hash: str) -> None:
        record = self.known.get((table, source_id))
        if record is not None:
            record.object_id, record.row_hash, record.last_batch = obj.pk, row_hash, self.batch
            record.save(update_fields=["object_id", "row_hash", "last_batch"])
            return
        self.known[(table, source_id)] = ImportedRecord.objects.create(
            source=SOURCE,
            table=table,
            source_id=source_id,
            model=obj._meta.label_lower,
            object_id=obj.pk,
            row_hash=row_hash,
            batch=self.batch,
            last_batch=self.batch,
        )

    def _count(self, table: str, what: str) -> None:
        self.result.counts[what] += 1
        if what != "unchanged":
            self.result.counts[f"{table} {what}"] += 1
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(f"{self.done} rows written")

    def put(
        self,
        table: str,
        source_id: str,
        values: dict[str, Any],
        create: Callable[[dict[str, Any]], Any] | None = None,
    ) -> Any:
        row_hash = _row_hash(values)
        record, obj = self._existing(table, source_id)
        if obj is not None and record is not None and record.row_hash == row_hash:
            self._count(table, "unchanged")
            return obj
        if obj is not None:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self._remember(table, source_id, obj, row_hash)
            self._count(table, "updated")
            return obj
        model = records.MODELS[table]
        obj = create(values) if create else model._default_manager.create(**values)
        self._remember(table, source_id, obj, row_hash)
        self._count(table, "created")
        return obj

    def put_file(self, bundle: LegacyBundle, row: Any, case: Case) -> Document:
        """An assessment's file: uploaded once, and again only when its bytes change."""
        table, source_id = "legacy_assessment_files", row.get("assessment_id")
        values = {
            "case": case.pk,
            "completed_on": row.get("completed_on"),
            "file": row.get("file"),
            "bytes": _hash({"b": bundle.file_of(row).read_bytes().hex()}),
        }
        row_hash = _row_hash(values)
        record, old = self._existing(table, source_id)
        if old is not None and record is not None and record.row_hash == row_hash:
            self._count(table, "unchanged")
            return old  # type: ignore[no-any-return]
        if old is not None:
            document = records.document_replace(bundle, row, case, old)
            what = "updated"
        else:
            document = records.assessment_file_add(bundle, row, case)
            what = "created"
        self._remember(table, source_id, document, row_hash)
        self._count(table, what)
        return document


def _write(bundle: LegacyBundle, writer: _Writer) -> list[Case]:
    cases: dict[str, Case] = {}
    for row in bundle.rows("legacy_cases"):
        cases[row.get("case_id")] = writer.put(
            "legacy_cases",
            row.get("case_id"),
            records.case_values(bundle, row),
            create=records.case_create,
        )
    plans: dict[str, FamilyPlan] = {}
    for row in bundle.rows("legacy_plans"):
        plan = writer.put(
            "legacy_plans",
            row.get("plan_id"),
            records.plan_values(bundle, row, cases[row.get("case_id")]),
        )
        plans[row.get("plan_id")] = plan
        version = records.plan_version_values(row, plan)
        if version is not None:
            writer.put("legacy_plan_versions", row.get("plan_id"), version)
    numbers: dict[int, int] = defaultdict(int)
    outcomes: dict[str, PlanOutcome] = {}
    for row in bundle.rows("legacy_plan_outcomes"):
        plan = plans[row.get("plan_id")]
        numbers[plan.pk] += 1
        outcomes[row.get("outcome_id")] = writer.put(
            "legacy_plan_outcomes",
            row.get("outcome_id"),
            records.outcome_values(row, plan, numbers[plan.pk]),
        )
    numbers.clear()
    for row in bundle.rows("legacy_actions"):
        outcome = outcomes[row.get("outcome_id")]
        numbers[outcome.plan_id] += 1
        writer.put(
            "legacy_actions",
            row.get("action_id"),
            records.action_values(bundle, row, outcome, numbers[outcome.plan_id]),
        )
    for row in bundle.rows("legacy_meetings"):
        values = records.meeting_values(bundle, row, cases[row.get("case_id")])
        writer.put("legacy_meetings", row.get("meeting_id"), values)
    for row in bundle.rows("legacy_notes"):
        values = records.note_values(bundle, row, cases[row.get("case_id")])
        writer.put("legacy_notes", row.get("note_id"), values)
    for row in bundle.rows("legacy_assessments"):
        case = cases[row.get("case_id")]
        if row.get("file"):
            writer.put_file(bundle, row, case)
        else:
            values = records.assessment_note_values(bundle, row, case)
            writer.put("legacy_assessment_notes", row.get("assessment_id"), values)
    return list(cases.values())


def legacy_import(
    *,
    folder: Path,
    actor: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of the bundle in `folder`, then import it as one batch.

    Raises BadImport, listing every bad row, when any row is bad: nothing is written.
    With `dry_run`, the batch is written and then undone, so the counts are true."""
    progress = progress or (lambda message: None)
    bundle = read_legacy_bundle(folder)
    if bundle.bad:
        raise BadImport(bundle.bad)
    progress(
        "All rows checked: "
        + ", ".join(f"{len(rows)} {name}" for name, rows in bundle.tables.items())
    )
    result = ImportResult(batch=None, dry_run=dry_run)
    with transaction.atomic():
        batch = ImportBatch.objects.create(source=SOURCE, folder=str(folder), run_by=actor)
        try:
            _write(bundle, _Writer(batch, result, progress))
        except ApplicationError as error:  # the upload service refused a file
            raise BadImport([BadRow("legacy_assessments.csv", 0, str(error.message))]) from error
        batch.created = result.counts["created"]
        batch.updated = result.counts["updated"]
        batch.unchanged = result.counts["unchanged"]
        batch.save(update_fields=["created", "updated", "unchanged"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=batch,
            reason="Legacy case records imported",
            detail={"folder": str(folder), "counts": dict(result.counts)},
        )
        result.batch = batch
        if dry_run:
            transaction.set_rollback(True)
    return result


# --------------------------------------------------------------------------- rollback


def _built_on(batch: ImportBatch, made: set[tuple[str, int]]) -> list[str]:
    """Why the batch cannot be taken out, if anything has been built on it."""
    reasons: list[str] = []
    if ImportedRecord.objects.filter(last_batch=batch).exclude(batch=batch).exists():
        reasons.append("it updated records that an earlier import made")
    if ImportedRecord.objects.filter(batch=batch).exclude(last_batch=batch).exists():
        reasons.append("a later import changed records it made")
    if any(label == "documents.document" for label, _ in made):
        reasons.append(
            "it moved in documents, whose uploads the audit log records against their cases"
        )
    case_ids = [pk for label, pk in made if label == "cases.case"]
    collector = NestedObjects(using="default")
    collector.collect(list(Case.objects.filter(pk__in=case_ids)))
    added: dict[str, int] = defaultdict(int)
    model: Any
    for model, objects in collector.model_objs.items():
        label = model._meta.label_lower
        if model is ChronologyEntry:
            continue  # the import's own lines (a document added); nobody writes these
        for obj in objects:
            if (label, obj.pk) not in made:
                added[str(model._meta.verbose_name_plural)] += 1
    for obj in collector.protected:
        label = obj._meta.label_lower
        if (label, obj.pk) not in made:  # an audit entry: someone has worked on it
            added[str(obj._meta.verbose_name_plural)] += 1
    if added:
        reasons.append(
            "records have been added to its cases since: "
            + ", ".join(f"{n} {name}" for name, n in sorted(added.items()))
        )
    return reasons


ROLLBACK_ORDER = (
    "family_plans.planaction",
    "family_plans.planoutcome",
    "family_plans.planversion",
    "family_plans.familyplan",
    "family_plans.tafmeeting",
    "cases.casenote",
    "cases.case",
)


def legacy_rollback(*, batch_id: int, actor: User | None = None) -> dict[str, int]:
    """Take out every record a legacy batch made, if nothing has been built on them."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.source != SOURCE:
            raise ApplicationError(f"There is no legacy import batch {batch_id}", {})
        if batch.status == ImportBatch.Status.ROLLED_BACK:
            raise ApplicationError(f"Import batch {batch_id} was already rolled back", {})
        made_records = list(batch.records.all())
        made = {(r.model, r.object_id) for r in made_records}
        reasons = _built_on(batch, made)
        if reasons:
            raise ApplicationError(
                f"Import batch {batch_id} cannot be rolled back: " + "; ".join(reasons), {}
            )
        removed: dict[str, int] = {}
        case_ids = [pk for label, pk in made if label == "cases.case"]
        ChronologyEntry.objects.filter(case_id__in=case_ids).delete()
        by_label: dict[str, type[models.Model]] = {
            m._meta.label_lower: m for m in records.MODELS.values()
        }
        try:
            for label in ROLLBACK_ORDER:
                pks = [pk for model, pk in made if model == label]
                deleted = by_label[label]._default_manager.filter(pk__in=pks).delete()[1]
                removed[label] = deleted.get(by_label[label]._meta.label, 0)
        except ProtectedError as error:
            raise ApplicationError(
                f"Import batch {batch_id} cannot be rolled back: other records use "
                f"{len(error.protected_objects)} of its records",
                {},
            ) from error
        batch_rolled_back(batch=batch, actor=actor, removed=removed)
    return removed

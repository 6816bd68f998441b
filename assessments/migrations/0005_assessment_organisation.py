"""The organisation completing each assessment (Annex A List 2), filled in for earlier
assessments from their case's lead agency."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    for assessment in Assessment.objects.filter(organisation__isnull=True).select_related("case"):
        if assessment.case.lead_agency_id:
            Assessment.objects.filter(pk=assessment.pk).update(
                organisation_id=assessment.case.lead_agency_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_need_level_from_cases"),
        ("partners", "0004_notifications"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="assessment",
            name="update_update",
        ),
        migrations.AddField(
            model_name="assessment",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="assessments_completed",
                to="partners.agency",
                verbose_name="organisation completing the assessment",
            ),
        ),
        migrations.AddField(
            model_name="assessmentevent",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="partners.agency",
                verbose_name="organisation completing the assessment",
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "assessments_assessmentevent" ("case_id", "framework_id", "id", "need_level_id", "number", "organisation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_id", "signed_off_at", "signed_off_by_id", "source", "started_at", "started_by_id", "state", "submitted_at", "submitted_by_id", "version") VALUES (NEW."case_id", NEW."framework_id", NEW."id", NEW."need_level_id", NEW."number", NEW."organisation_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."previous_id", NEW."signed_off_at", NEW."signed_off_by_id", NEW."source", NEW."started_at", NEW."started_by_id", NEW."state", NEW."submitted_at", NEW."submitted_by_id", NEW."version"); RETURN NULL;',
                    hash="ae5c8bcf1f17e930ef7d7c8314c30e65d95d216b",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_3ca2a",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="assessment",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "assessments_assessmentevent" ("case_id", "framework_id", "id", "need_level_id", "number", "organisation_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_id", "signed_off_at", "signed_off_by_id", "source", "started_at", "started_by_id", "state", "submitted_at", "submitted_by_id", "version") VALUES (NEW."case_id", NEW."framework_id", NEW."id", NEW."need_level_id", NEW."number", NEW."organisation_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."previous_id", NEW."signed_off_at", NEW."signed_off_by_id", NEW."source", NEW."started_at", NEW."started_by_id", NEW."state", NEW."submitted_at", NEW."submitted_by_id", NEW."version"); RETURN NULL;',
                    hash="77bd8a03b67cac3a8e8cf337c51458450790c4fe",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_d96c6",
                    table="assessments_assessment",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

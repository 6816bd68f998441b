"""People carry a version for optimistic locking of corrections to their record."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_returns_codes"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="person",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="person",
            name="update_update",
        ),
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="personevent",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="person",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_personevent" ("created_at", "date_of_birth", "date_of_birth_accuracy", "disability", "ethnicity", "expected_date_of_birth", "family_name", "gender", "given_names", "has_disability", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "preferred_name", "school_id", "school_name", "send", "sex", "version") VALUES (NEW."created_at", NEW."date_of_birth", NEW."date_of_birth_accuracy", NEW."disability", NEW."ethnicity", NEW."expected_date_of_birth", NEW."family_name", NEW."gender", NEW."given_names", NEW."has_disability", NEW."id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."preferred_name", NEW."school_id", NEW."school_name", NEW."send", NEW."sex", NEW."version"); RETURN NULL;',
                    hash="f331b1e09da3c3ad35a68ff73ea3b61afb5c77cc",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_eb0b4",
                    table="cases_person",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="person",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "cases_personevent" ("created_at", "date_of_birth", "date_of_birth_accuracy", "disability", "ethnicity", "expected_date_of_birth", "family_name", "gender", "given_names", "has_disability", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "preferred_name", "school_id", "school_name", "send", "sex", "version") VALUES (NEW."created_at", NEW."date_of_birth", NEW."date_of_birth_accuracy", NEW."disability", NEW."ethnicity", NEW."expected_date_of_birth", NEW."family_name", NEW."gender", NEW."given_names", NEW."has_disability", NEW."id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."preferred_name", NEW."school_id", NEW."school_name", NEW."send", NEW."sex", NEW."version"); RETURN NULL;',
                    hash="1e0a02985c26b413faa1d68e35cc9860a96a7b37",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_6804f",
                    table="cases_person",
                    when="AFTER",
                ),
            ),
        ),
    ]

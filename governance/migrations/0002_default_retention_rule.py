"""The default retention rule for closed early help records (the README says why)."""

from django.db import migrations

REASON = (
    "Early help records are about children. The council keeps them 6 years after the "
    "family's last case closed (the limitation period for most claims), or until the "
    "youngest child is 25 if that is later (a child may bring a claim until 3 years after "
    "turning 18, and a care leaver's entitlements run to 25), following the Records "
    "Management Society retention guidance for local authorities."
)


def add_rule(apps, schema_editor):
    RetentionRule = apps.get_model("governance", "RetentionRule")
    RetentionRule.objects.get_or_create(
        record_type="closed_case",
        defaults={"years_after_closure": 6, "until_youngest_age": 25, "reason": REASON},
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add_rule, migrations.RunPython.noop)]

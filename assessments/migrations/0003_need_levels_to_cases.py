"""Levels of need move to cases (cases.NeedLevel): one continuum for assessments,
allocation and closure. The rows an administrator may have edited are copied with
their ids, so every assessment keeps its level; migration 0004 then points the
assessments at the cases table and removes the old one."""

from django.core.management.color import no_style
from django.db import migrations
from django.db.models import Q


def copy_levels(apps, schema_editor):
    Old = apps.get_model("assessments", "NeedLevel")
    New = apps.get_model("cases", "NeedLevel")
    Case = apps.get_model("cases", "Case")
    old = list(Old.objects.order_by("pk"))
    if not old:
        return  # nothing edited here: the levels cases seeded stand
    if Case.objects.filter(
        Q(allocation_level__isnull=False) | Q(closure_level__isnull=False)
    ).exists():
        raise RuntimeError(
            "Cases already record levels of need: migrate assessments together with cases"
        )
    New.objects.all().delete()  # the defaults cases seeded; nothing refers to them yet
    New.objects.bulk_create(
        New(
            pk=level.pk,
            number=level.number,
            name=level.name,
            description=level.description,
            is_active=level.is_active,
        )
        for level in old
    )
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_seed_reference_data"),
        ("cases", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(copy_levels, migrations.RunPython.noop)]

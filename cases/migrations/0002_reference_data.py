"""Reference data of case work: the continuum of need (moved here from assessments,
whose migration 0003 copies any levels an administrator had already edited), case
types and case limits, with the defaults councils use most; and the case's new
fields (case type, level at allocation and at closure, re-referral)."""

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

NEED_LEVELS = [
    (1, "Universal", "Needs met by universal services: schools, GPs, health visiting."),
    (2, "Additional", "Additional needs one agency can meet (single-agency support)."),
    (
        3,
        "Multiple or complex",
        "Multiple or complex needs: an early help assessment and a Team Around the Family.",
    ),
    (4, "Acute or specialist", "Acute needs: children's social care (statutory services)."),
]

CASE_TYPES = [
    (10, "Early help", "Targeted early help coordinated through a lead practitioner.", True),
    (
        20,
        "Family Help (section 17)",
        "Family Help for a child in need (Children Act 1989 s.17), supervised by a "
        "qualified social worker.",
        False,
    ),
]

# Open cases a lead practitioner should hold at most, by role.
CASE_LIMITS = [("practitioner", 18), ("coordinator", 8), ("manager", 5)]


def seed(apps, schema_editor):
    """Create whatever default is missing; change nothing an administrator has set."""
    NeedLevel = apps.get_model("cases", "NeedLevel")
    CaseType = apps.get_model("cases", "CaseType")
    CaseLimit = apps.get_model("cases", "CaseLimit")
    if not NeedLevel.objects.exists():
        for number, name, description in NEED_LEVELS:
            NeedLevel.objects.create(number=number, name=name, description=description)
    if not CaseType.objects.exists():
        for order, name, description, is_default in CASE_TYPES:
            CaseType.objects.create(
                order=order, name=name, description=description, is_default=is_default
            )
    if not CaseLimit.objects.exists():
        for role, limit in CASE_LIMITS:
            CaseLimit.objects.create(role=role, max_open_cases=limit)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CaseLimit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("practitioner", "Practitioner"),
                            ("coordinator", "Early help coordinator"),
                            ("manager", "Manager"),
                        ],
                        default="",
                        help_text="The default for everyone in this role (leave blank for one person's limit).",
                        max_length=30,
                    ),
                ),
                (
                    "max_open_cases",
                    models.PositiveSmallIntegerField(
                        help_text="Open cases the person should lead at most."
                    ),
                ),
                (
                    "note",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Why, e.g. 'part-time (0.6)'.",
                        max_length=200,
                    ),
                ),
            ],
            options={
                "ordering": ["role", "user__full_name"],
            },
        ),
        migrations.CreateModel(
            name="CaseType",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, unique=True)),
                ("description", models.TextField(blank=True, default="")),
                ("is_active", models.BooleanField(default=True)),
                (
                    "is_default",
                    models.BooleanField(
                        default=False,
                        help_text="Chosen when an allocation does not name a case type.",
                    ),
                ),
                ("order", models.PositiveSmallIntegerField(default=10)),
            ],
            options={
                "ordering": ["order", "name"],
            },
        ),
        migrations.CreateModel(
            name="NeedLevel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="Position on the continuum: 1 is the lowest level of need.",
                        unique=True,
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("description", models.TextField(blank=True, default="")),
                ("is_active", models.BooleanField(default=True)),
            ],
            options={
                "verbose_name": "level of need",
                "verbose_name_plural": "levels of need",
                "ordering": ["number"],
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="case",
            name="update_update",
        ),
        migrations.AddField(
            model_name="case",
            name="rereferral_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The earlier case, closed within 12 months before this enquiry.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rereferrals",
                to="cases.case",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="rereferral_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The earlier case, closed within 12 months before this enquiry.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                default="",
                help_text="A ClosureReason, or the screening outcome of a case closed at the front door.",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="caseevent",
            name="closure_reason",
            field=models.CharField(
                blank=True,
                default="",
                help_text="A ClosureReason, or the screening outcome of a case closed at the front door.",
                max_length=30,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_caseevent" ("allocation_level_id", "case_type_id", "closed_on", "closure_level_id", "closure_reason", "created_at", "family_hub_id", "family_id", "id", "lead_agency_id", "lead_practitioner_id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "rereferral_of_id", "screening_outcome", "screening_reason", "state", "state_changed_at", "version", "zone_id") VALUES (NEW."allocation_level_id", NEW."case_type_id", NEW."closed_on", NEW."closure_level_id", NEW."closure_reason", NEW."created_at", NEW."family_hub_id", NEW."family_id", NEW."id", NEW."lead_agency_id", NEW."lead_practitioner_id", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reference", NEW."rereferral_of_id", NEW."screening_outcome", NEW."screening_reason", NEW."state", NEW."state_changed_at", NEW."version", NEW."zone_id"); RETURN NULL;',
                    hash="a557cf0f305b517920c5e8173231f7a7c7267cfe",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0b483",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    condition="WHEN (OLD.* IS DISTINCT FROM NEW.*)",
                    func='INSERT INTO "cases_caseevent" ("allocation_level_id", "case_type_id", "closed_on", "closure_level_id", "closure_reason", "created_at", "family_hub_id", "family_id", "id", "lead_agency_id", "lead_practitioner_id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "rereferral_of_id", "screening_outcome", "screening_reason", "state", "state_changed_at", "version", "zone_id") VALUES (NEW."allocation_level_id", NEW."case_type_id", NEW."closed_on", NEW."closure_level_id", NEW."closure_reason", NEW."created_at", NEW."family_hub_id", NEW."family_id", NEW."id", NEW."lead_agency_id", NEW."lead_practitioner_id", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reference", NEW."rereferral_of_id", NEW."screening_outcome", NEW."screening_reason", NEW."state", NEW."state_changed_at", NEW."version", NEW."zone_id"); RETURN NULL;',
                    hash="9b208be68f864da3984c84689610b5383c30268c",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f5146",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddField(
            model_name="caselimit",
            name="user",
            field=models.OneToOneField(
                blank=True,
                help_text="One person's own limit, instead of their role's default.",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="case_limit",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="casetype",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)),
                fields=("is_default",),
                name="case_type_one_default",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="case_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="cases.casetype",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="case_type",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="cases.casetype",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="allocation_level",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.needlevel",
                verbose_name="vulnerability level at allocation",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="closure_level",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="cases.needlevel",
                verbose_name="vulnerability level at closure",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="allocation_level",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="cases.needlevel",
                verbose_name="vulnerability level at allocation",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="closure_level",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                related_query_name="+",
                to="cases.needlevel",
                verbose_name="vulnerability level at closure",
            ),
        ),
        migrations.AddConstraint(
            model_name="caselimit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("role", ""), _negated=True),
                fields=("role",),
                name="case_limit_one_per_role",
            ),
        ),
        migrations.AddConstraint(
            model_name="caselimit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("role", ""), ("user__isnull", False)),
                    models.Q(models.Q(("role", ""), _negated=True), ("user__isnull", True)),
                    _connector="OR",
                ),
                name="case_limit_role_or_person",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]

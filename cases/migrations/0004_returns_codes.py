"""Codes for returns at the source: the contact source of each agency kind (seeded with
the usual mapping, adjustable in the admin), the Children in Need census fields of
section 17 episodes, and blank contact sources for unmapped kinds."""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

# The usual mapping; an administrator adjusts it in the admin.
CONTACT_SOURCES = {
    "council_early_help": "5D",
    "childrens_social_care": "5A",
    "school": "2A",
    "early_years": "2B",
    "health_visiting": "3B",
    "school_nursing": "3C",
    "gp": "3A",
    "mental_health": "3F",
    "police": "6",
    "youth_justice": "7",
    "housing": "4",
    "domestic_abuse": "8",
    "substance_misuse": "3F",
    "jobcentre": "8",
    "voluntary": "8",
    "other": "8",
}


def seed(apps, schema_editor):
    """Map every kind not yet mapped; mark the seeded section 17 case type for the census."""
    ContactSourceMapping = apps.get_model("cases", "ContactSourceMapping")
    CaseType = apps.get_model("cases", "CaseType")
    if not ContactSourceMapping.objects.exists():
        for kind, code in CONTACT_SOURCES.items():
            ContactSourceMapping.objects.get_or_create(
                agency_kind=kind, defaults={"contact_source": code}
            )
    CaseType.objects.filter(name__icontains="section 17").update(cin_census=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_journey"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactSourceMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "agency_kind",
                    models.CharField(
                        choices=[
                            ("council_early_help", "Council early help"),
                            ("childrens_social_care", "Children's social care"),
                            ("school", "School"),
                            ("early_years", "Early years setting"),
                            ("health_visiting", "Health visiting"),
                            ("school_nursing", "School nursing"),
                            ("gp", "GP practice"),
                            ("mental_health", "Mental health service"),
                            ("police", "Police"),
                            ("youth_justice", "Youth justice"),
                            ("housing", "Housing"),
                            ("domestic_abuse", "Domestic abuse service"),
                            ("substance_misuse", "Substance misuse service"),
                            ("jobcentre", "Jobcentre / DWP"),
                            ("voluntary", "Voluntary or community organisation"),
                            ("other", "Other"),
                        ],
                        max_length=40,
                        unique=True,
                    ),
                ),
                (
                    "contact_source",
                    models.CharField(
                        choices=[
                            ("1A", "Individual: family member, relative or carer"),
                            ("1B", "Individual: acquaintance (e.g. neighbour, childminder)"),
                            ("1C", "Individual: self"),
                            ("1D", "Individual: other"),
                            ("2A", "Schools"),
                            ("2B", "Education services"),
                            ("3A", "Health services: GP"),
                            ("3B", "Health services: health visitor"),
                            ("3C", "Health services: school nurse"),
                            ("3D", "Health services: other primary health services"),
                            ("3E", "Health services: A&E"),
                            ("3F", "Health services: other"),
                            ("4", "Housing"),
                            ("5A", "LA services: social care"),
                            ("5B", "LA services: other internal"),
                            ("5C", "LA services: external"),
                            ("5D", "LA services: early help"),
                            ("6", "Police"),
                            ("7", "Other legal agency"),
                            ("8", "Other"),
                            ("9", "Anonymous"),
                            ("10", "Unknown"),
                        ],
                        max_length=3,
                    ),
                ),
            ],
            options={
                "verbose_name": "contact source of an agency kind",
                "verbose_name_plural": "contact sources of agency kinds",
                "ordering": ["agency_kind"],
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
            name="cin_closure_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("RC1", "RC1: Adopted"),
                    ("RC2", "RC2: Died"),
                    ("RC3", "RC3: Child arrangements order"),
                    ("RC4", "RC4: Special guardianship order"),
                    ("RC5", "RC5: Transferred to services of another local authority"),
                    ("RC6", "RC6: Transferred to adult social care services"),
                    (
                        "RC7",
                        "RC7: Services ceased for any other reason, including child no longer in need",
                    ),
                    ("RC8", "RC8: Case closed after assessment, no further action"),
                    ("RC9", "RC9: Case closed after assessment, referred to early help"),
                ],
                default="",
                max_length=3,
                verbose_name="reason for closure code",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="cin_primary_need",
            field=models.CharField(
                blank=True,
                choices=[
                    ("N1", "N1: Abuse or neglect"),
                    ("N2", "N2: Child's disability"),
                    ("N3", "N3: Parental disability or illness"),
                    ("N4", "N4: Family in acute stress"),
                    ("N5", "N5: Family dysfunction"),
                    ("N6", "N6: Socially unacceptable behaviour"),
                    ("N7", "N7: Low income"),
                    ("N8", "N8: Absent parenting"),
                    ("N9", "N9: Cases other than children in need"),
                    ("N0", "N0: Not stated"),
                ],
                default="",
                max_length=2,
                verbose_name="primary need code",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="cin_closure_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("RC1", "RC1: Adopted"),
                    ("RC2", "RC2: Died"),
                    ("RC3", "RC3: Child arrangements order"),
                    ("RC4", "RC4: Special guardianship order"),
                    ("RC5", "RC5: Transferred to services of another local authority"),
                    ("RC6", "RC6: Transferred to adult social care services"),
                    (
                        "RC7",
                        "RC7: Services ceased for any other reason, including child no longer in need",
                    ),
                    ("RC8", "RC8: Case closed after assessment, no further action"),
                    ("RC9", "RC9: Case closed after assessment, referred to early help"),
                ],
                default="",
                max_length=3,
                verbose_name="reason for closure code",
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="cin_primary_need",
            field=models.CharField(
                blank=True,
                choices=[
                    ("N1", "N1: Abuse or neglect"),
                    ("N2", "N2: Child's disability"),
                    ("N3", "N3: Parental disability or illness"),
                    ("N4", "N4: Family in acute stress"),
                    ("N5", "N5: Family dysfunction"),
                    ("N6", "N6: Socially unacceptable behaviour"),
                    ("N7", "N7: Low income"),
                    ("N8", "N8: Absent parenting"),
                    ("N9", "N9: Cases other than children in need"),
                    ("N0", "N0: Not stated"),
                ],
                default="",
                max_length=2,
                verbose_name="primary need code",
            ),
        ),
        migrations.AddField(
            model_name="casetype",
            name="cin_census",
            field=models.BooleanField(
                default=False,
                help_text="Episodes of this type are Family Help under section 17 of the Children Act 1989: they carry the Children in Need census fields and are in its extract.",
                verbose_name="Children in Need census",
            ),
        ),
        migrations.AlterField(
            model_name="enquiry",
            name="contact_source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("1A", "Individual: family member, relative or carer"),
                    ("1B", "Individual: acquaintance (e.g. neighbour, childminder)"),
                    ("1C", "Individual: self"),
                    ("1D", "Individual: other"),
                    ("2A", "Schools"),
                    ("2B", "Education services"),
                    ("3A", "Health services: GP"),
                    ("3B", "Health services: health visitor"),
                    ("3C", "Health services: school nurse"),
                    ("3D", "Health services: other primary health services"),
                    ("3E", "Health services: A&E"),
                    ("3F", "Health services: other"),
                    ("4", "Housing"),
                    ("5A", "LA services: social care"),
                    ("5B", "LA services: other internal"),
                    ("5C", "LA services: external"),
                    ("5D", "LA services: early help"),
                    ("6", "Police"),
                    ("7", "Other legal agency"),
                    ("8", "Other"),
                    ("9", "Anonymous"),
                    ("10", "Unknown"),
                ],
                default="10",
                help_text="Blank when the raising agency's kind has no contact source mapping.",
                max_length=3,
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="case",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='INSERT INTO "cases_caseevent" ("allocation_level_id", "case_type_id", "cin_closure_reason", "cin_primary_need", "closed_on", "closure_level_id", "closure_reason", "created_at", "family_hub_id", "family_id", "id", "lead_agency_id", "lead_practitioner_id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "rereferral_of_id", "screening_outcome", "screening_reason", "state", "state_changed_at", "version", "zone_id") VALUES (NEW."allocation_level_id", NEW."case_type_id", NEW."cin_closure_reason", NEW."cin_primary_need", NEW."closed_on", NEW."closure_level_id", NEW."closure_reason", NEW."created_at", NEW."family_hub_id", NEW."family_id", NEW."id", NEW."lead_agency_id", NEW."lead_practitioner_id", NEW."opened_on", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."reference", NEW."rereferral_of_id", NEW."screening_outcome", NEW."screening_reason", NEW."state", NEW."state_changed_at", NEW."version", NEW."zone_id"); RETURN NULL;',
                    hash="fdb25f5f878abb8a30c3c8351f77862d7cda95ab",
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
                    func='INSERT INTO "cases_caseevent" ("allocation_level_id", "case_type_id", "cin_closure_reason", "cin_primary_need", "closed_on", "closure_level_id", "closure_reason", "created_at", "family_hub_id", "family_id", "id", "lead_agency_id", "lead_practitioner_id", "opened_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reference", "rereferral_of_id", "screening_outcome", "screening_reason", "state", "state_changed_at", "version", "zone_id") VALUES (NEW."allocation_level_id", NEW."case_type_id", NEW."cin_closure_reason", NEW."cin_primary_need", NEW."closed_on", NEW."closure_level_id", NEW."closure_reason", NEW."created_at", NEW."family_hub_id", NEW."family_id", NEW."id", NEW."lead_agency_id", NEW."lead_practitioner_id", NEW."opened_on", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."reference", NEW."rereferral_of_id", NEW."screening_outcome", NEW."screening_reason", NEW."state", NEW."state_changed_at", NEW."version", NEW."zone_id"); RETURN NULL;',
                    hash="f11657dd508b2b00dd6599af1ee6bfbdfc3cd4dc",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_f5146",
                    table="cases_case",
                    when="AFTER",
                ),
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]

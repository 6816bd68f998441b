"""Seed the default case file audit framework, the partnership maturity matrix and
pledges, and the Supporting Families claim rules. Administrators edit them later."""

from django.db import migrations

AUDIT_QUESTIONS = [
    (
        "Was the family's consent, or the lawful basis for working without it, recorded and "
        "understood by the family?",
        "Consent is recorded for each person, with what may be shared.",
    ),
    (
        "Was the response to the enquiry timely?",
        "An offer of help within 10 working days of the enquiry.",
    ),
    (
        "Does the assessment cover the whole family, with their strengths as well as needs?",
        "Each child and adult is assessed; what has been tried before is recorded.",
    ),
    (
        "Is the child's voice heard, in their own words, and does it shape the plan?",
        "Wishes and feelings are quoted and linked to the plan's outcomes.",
    ),
    (
        "Is the family plan SMART, covering every identified need, in the family's words?",
        "Each action has an owner and a date and answers an assessed need.",
    ),
    (
        "Do the right agencies take part in Team Around the Family meetings, and are they "
        "reviewed on time?",
        "Reviews every 6 to 12 weeks with the agencies the plan needs.",
    ),
    (
        "Is progress evidenced (Outcome Star readings, measures, headline problem progress)?",
        "Readings at the start, reviews and closure; progress recorded against each need.",
    ),
    (
        "Is management oversight evident (sign-off, supervision, decisions recorded)?",
        "Assessments, plans and closure are signed off with reasons.",
    ),
    (
        "Was the case closed (or stepped up) at the right time with a clear exit plan?",
        "The exit plan says what the family will do and where to get help.",
    ),
    (
        "Has the family's life improved because of the help?",
        "Evidence that things are better for the children, in the family's view too.",
    ),
]

STRANDS = [
    (
        "Leadership and governance",
        [
            "Our senior leaders champion early help and attend the partnership board.",
            "We share our data with the partnership to measure impact.",
        ],
    ),
    (
        "Workforce and lead practitioners",
        [
            "Our staff take the lead practitioner role where they are best placed.",
            "Our staff complete the partnership's lead practitioner training.",
        ],
    ),
    (
        "Front door and enquiries",
        [
            "We raise enquiries through the front door with the family's consent.",
            "We take part in the weekly multi-agency allocation meeting.",
        ],
    ),
    (
        "Working with families",
        [
            "We use one assessment and one plan per family, and the family tells its story once.",
            "We hear and record the child's voice.",
        ],
    ),
    (
        "Information sharing",
        [
            "We sign and follow the partnership's information sharing agreement.",
            "We record what we share, with whom, and why.",
        ],
    ),
    (
        "Outcomes and learning",
        [
            "We take part in multi-agency case file audits and act on their learning.",
            "We record outcomes (Outcome Star, progress on needs) at the agreed points.",
        ],
    ),
]


def seed(apps, schema_editor):
    AuditFramework = apps.get_model("reporting", "AuditFramework")
    AuditQuestion = apps.get_model("reporting", "AuditQuestion")
    PartnershipStrand = apps.get_model("reporting", "PartnershipStrand")
    PartnershipPledge = apps.get_model("reporting", "PartnershipPledge")
    ClaimRules = apps.get_model("reporting", "ClaimRules")
    framework, _ = AuditFramework.objects.get_or_create(
        name="Multi-agency case file audit (default)",
        defaults={
            "description": "Ten questions on the quality of help, graded outstanding, good, "
            "requires improvement or inadequate.",
            "is_current": True,
        },
    )
    for number, (text, guidance) in enumerate(AUDIT_QUESTIONS, start=1):
        AuditQuestion.objects.get_or_create(
            framework=framework, number=number, defaults={"text": text, "guidance": guidance}
        )
    for number, (name, pledges) in enumerate(STRANDS, start=1):
        strand, _ = PartnershipStrand.objects.get_or_create(number=number, defaults={"name": name})
        for n, text in enumerate(pledges, start=1):
            PartnershipPledge.objects.get_or_create(
                strand=strand, number=n, defaults={"text": text}
            )
    if not ClaimRules.objects.exists():
        ClaimRules.objects.create(sustained_months=6)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_scorecard_audits_claims_partnership")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""Seed the reference data councils use most; administrators change it in the admin.

- the four-level continuum of need;
- Outcome Star: Family Star Plus, edition 1, its ten areas and Journey of Change bands;
- Supporting Families 2022-25: ten headline outcomes, eligible with three or more;
- the earlier Troubled Families six-problem framework, kept as data (not current);
- the SDQ total difficulties score (0-40, lower is better).
"""

from django.db import migrations

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

FAMILY_STAR_SCALES = [
    "Physical health",
    "Your well-being",
    "Meeting emotional needs",
    "Keeping your children safe",
    "Social networks",
    "Education and learning",
    "Boundaries and behaviour",
    "Family routine",
    "Home and money",
    "Progress to work",
]

FAMILY_STAR_BANDS = [
    (1, 2, "Stuck"),
    (3, 4, "Accepting help"),
    (5, 6, "Trying"),
    (7, 8, "Finding what works"),
    (9, 10, "Effective parenting"),
]

SUPPORTING_FAMILIES = [
    (
        "Getting a good education",
        "Persistent absence or exclusion; not in education, employment or training; "
        "special educational needs not being met.",
        "Attendance above 90% for three school terms; engaged in education or training.",
    ),
    (
        "Good early years development",
        "Concerns about a young child's development or health; missed health "
        "visiting checks; not taking up early education.",
        "Development on track at checks; taking up early education entitlement.",
    ),
    (
        "Improved mental and physical health",
        "A family member with mental or physical health needs affecting the family.",
        "Health needs met and managed, with the family engaged with services.",
    ),
    (
        "Promoting recovery and reducing harm from substance use",
        "Drug or alcohol use by a family member that affects the family.",
        "In treatment or recovery; harm to the family reduced.",
    ),
    (
        "Improved family relationships",
        "Parental conflict, family breakdown, or a young carer whose caring affects them.",
        "Relationships improved, reported by the family and the workers around it.",
    ),
    (
        "Children safe from abuse and exploitation",
        "A child at risk of abuse, neglect, exploitation or going missing; a child in need.",
        "Risk reduced so that no statutory involvement is needed.",
    ),
    (
        "Crime prevention and tackling crime",
        "A family member involved in crime or anti-social behaviour.",
        "No offending or anti-social behaviour for six months.",
    ),
    (
        "Safe from domestic abuse",
        "Domestic abuse in the household, now or recently.",
        "No further incidents for six months; victims safe and supported.",
    ),
    (
        "Secure housing",
        "Homeless or at risk of homelessness; rent arrears; overcrowding or poor conditions.",
        "Stable, suitable housing kept for six months.",
    ),
    (
        "Financial stability",
        "Worklessness, problem debt, or a young person at risk of worklessness.",
        "In work or progressing towards it; debts managed.",
    ),
]

TROUBLED_FAMILIES = [
    "Crime and anti-social behaviour",
    "Children not attending school regularly",
    "Children who need help",
    "Adults out of work or at risk of financial exclusion, and young people at risk of "
    "worklessness",
    "Domestic violence and abuse",
    "Parents and children with a range of health problems",
]


def seed(apps, schema_editor):
    try:
        NeedLevel = apps.get_model("assessments", "NeedLevel")
    except LookupError:  # levels of need moved to cases (assessments 0004): seeded there
        NeedLevel = None
    StarType = apps.get_model("assessments", "StarType")
    StarScale = apps.get_model("assessments", "StarScale")
    StarBand = apps.get_model("assessments", "StarBand")
    OutcomeFramework = apps.get_model("assessments", "OutcomeFramework")
    HeadlineProblem = apps.get_model("assessments", "HeadlineProblem")
    MeasureType = apps.get_model("assessments", "MeasureType")

    for number, name, description in NEED_LEVELS if NeedLevel is not None else []:
        NeedLevel.objects.get_or_create(
            number=number, defaults={"name": name, "description": description}
        )

    star, created = StarType.objects.get_or_create(
        name="Family Star Plus",
        edition="Edition 1",
        defaults={
            "is_default": not StarType.objects.filter(is_default=True).exists(),
            "description": "For parents of children with additional needs or vulnerabilities.",
        },
    )
    if created:
        StarScale.objects.bulk_create(
            StarScale(star_type=star, number=n, name=name)
            for n, name in enumerate(FAMILY_STAR_SCALES, start=1)
        )
        StarBand.objects.bulk_create(
            StarBand(star_type=star, low=low, high=high, name=name)
            for low, high, name in FAMILY_STAR_BANDS
        )

    framework, created = OutcomeFramework.objects.get_or_create(
        name="Supporting Families 2022-25",
        defaults={
            "description": "The national Supporting Families outcomes framework: ten "
            "headline outcomes. A family with dependent children (or expecting a child) "
            "with at least three of the ten needs is eligible.",
            "min_needs": 3,
            "requires_dependent_children": True,
            "is_current": not OutcomeFramework.objects.filter(is_current=True).exists(),
        },
    )
    if created:
        HeadlineProblem.objects.bulk_create(
            HeadlineProblem(
                framework=framework,
                number=n,
                name=name,
                descriptors=descriptors,
                good_outcome=good,
            )
            for n, (name, descriptors, good) in enumerate(SUPPORTING_FAMILIES, start=1)
        )

    earlier, created = OutcomeFramework.objects.get_or_create(
        name="Troubled Families 2015-20",
        defaults={
            "description": "The earlier programme's six headline problems, which some "
            "partnership documents still use. Kept for reference; not current.",
            "min_needs": 2,
            "requires_dependent_children": True,
            "is_current": False,
        },
    )
    if created:
        HeadlineProblem.objects.bulk_create(
            HeadlineProblem(framework=earlier, number=n, name=name)
            for n, name in enumerate(TROUBLED_FAMILIES, start=1)
        )

    MeasureType.objects.get_or_create(
        name="Strengths and Difficulties Questionnaire: total difficulties",
        defaults={
            "short_name": "SDQ total difficulties",
            "description": "The sum of the four difficulties scales (emotional, conduct, "
            "hyperactivity, peer problems). Lower is better.",
            "min_score": 0,
            "max_score": 40,
            "higher_is_better": False,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

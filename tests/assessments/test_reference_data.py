"""Reference data is seeded and maintained by system administrators in the admin."""

import pytest

from assessments.models import MeasureType, NeedLevel, StarType
from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_family_star_plus_edition_1_is_seeded_with_its_areas_and_journey_of_change():
    star = StarType.objects.get(is_default=True)
    assert str(star) == "Family Star Plus (Edition 1)"
    assert list(star.scales.values_list("name", flat=True)) == [
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
    assert [(b.low, b.high, b.name) for b in star.bands.all()] == [
        (1, 2, "Stuck"),
        (3, 4, "Accepting help"),
        (5, 6, "Trying"),
        (7, 8, "Finding what works"),
        (9, 10, "Effective parenting"),
    ]


def test_the_four_levels_of_need_and_the_sdq_are_seeded():
    assert list(NeedLevel.objects.values_list("name", flat=True)) == [
        "Universal",
        "Additional",
        "Multiple or complex",
        "Acute or specialist",
    ]
    sdq = MeasureType.objects.get(short_name="SDQ total difficulties")
    assert (sdq.min_score, sdq.max_score, sdq.higher_is_better) == (0, 40, False)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/assessments/startype/",
        "/admin/assessments/startype/add/",
        "/admin/cases/needlevel/",
        "/admin/assessments/outcomeframework/",
        "/admin/assessments/measuretype/add/",
    ],
)
def test_system_administrators_maintain_assessment_reference_data(signed_in_client, path):
    assert signed_in_client(member(Role.SYSTEM_ADMIN)).get(path).status_code == 200
    assert signed_in_client(member(Role.MANAGER)).get(path).status_code == 403


def test_an_administrator_edits_a_star_and_its_scales_in_one_form(signed_in_client):
    star = StarType.objects.get(is_default=True)
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    page = client.get(f"/admin/assessments/startype/{star.pk}/change/")
    assert page.status_code == 200
    assert "Keeping your children safe" in page.content.decode()

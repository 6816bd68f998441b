"""The assessment's consent section starts from the consent already held, and asks only
for what is missing."""

from __future__ import annotations

import pytest

from assessments.consent_held import consent_answers
from assessments.selectors import section_context
from assessments.services import assessment_start
from tests.assessments.factories import family_case
from tests.cases.factories import ConsentFactory
from tests.cases.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_carers_consent_fills_in_theirs_and_their_young_childrens_but_not_a_teenagers():
    fc = family_case(children=2, adults=2, child_ages=[15, 4])
    teenager, little = fc.children
    carer, other_adult = fc.adults
    ConsentFactory(case=fc.case, person=carer, decision="given", method="verbal")
    assessment = assessment_start(actor=fc.worker, case=fc.case)

    answers = consent_answers(fc.case, section_context(assessment=assessment))

    assert answers[f"c{carer.pk}_decision"] == "given"
    assert answers[f"c{carer.pk}_given_by"] == "self"
    assert answers[f"c{little.pk}_given_by"] == str(carer.pk)
    assert f"c{teenager.pk}_decision" not in answers  # asked: they consent for themselves
    assert f"c{other_adult.pk}_decision" not in answers


def test_the_consent_page_says_what_was_filled_in(signed_in_client):
    fc = family_case(children=1, adults=1, child_ages=[4])
    ConsentFactory(case=fc.case, person=fc.adults[0], decision="given", method="verbal")
    assessment_start(actor=fc.worker, case=fc.case)

    page = signed_in_client(fc.worker).get(f"/cases/{fc.case.pk}/assessment/1/section/consent/")

    assert "The consent already recorded for this family is filled in below" in text_of(
        page.content.decode()
    )

"""Check your answers of an assessment shows the answers given, and the questions left
blank in one "Not answered" line per section, instead of a row of "Not answered" for each
(the pages ran to thousands of pixels of it)."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from assessments import sections as s
from assessments.models import Assessment
from assessments.selectors import section_context
from tests.assessments.factories import family_case

pytestmark = pytest.mark.django_db


def test_blank_answers_of_a_section_fold_into_one_not_answered_row(signed_in_client):
    fc = family_case(children=1, adults=1)
    case = fc.case
    worker = signed_in_client(fc.worker)
    worker.post(f"/cases/{case.pk}/assessment/start/")
    assessment = Assessment.objects.get(case=case)
    context = section_context(assessment=assessment)
    child = next(d for d in s.section_definitions(context) if d.kind == s.Kind.CHILD)
    worker.post(
        f"/cases/{case.pk}/assessment/1/section/{child.key}/",
        {"version": "0", "completed": "no", "voice": "I want my mum to be less tired."},
    )

    page = htmllib.unescape(worker.get(f"/cases/{case.pk}/assessment/1/check/").content.decode())

    card = page.split(f"/assessment/1/section/{child.key}/", 1)[1].split(
        "govuk-summary-card__title-wrapper", 1
    )[0]
    keys = [
        re.sub(r"<[^>]+>", "", k).strip()
        for k in re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>', card, re.S)
    ]
    values = re.findall(r'<dd class="govuk-summary-list__value">(.*?)</dd>', card, re.S)
    assert "I want my mum to be less tired." in card
    assert keys.count("Not answered") == 1 and keys[-1] == "Not answered"
    blank = [f for f in child.fields if f.kind != s.BOOL and f.name != "voice"]
    assert blank and all(str(f.label) in values[-1] for f in blank)
    assert "Not answered" not in "".join(values[:-1])
    assert len(keys) < len(child.fields)

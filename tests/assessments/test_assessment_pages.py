"""The whole assessment through the pages: a family of five, from start to sign-off,
read by a partner on the Team Around the Family and hidden from a partner who is not."""

import html as htmllib
import re

import pytest
from django.utils import timezone

from assessments import sections as s
from assessments.models import Assessment, AssessmentState
from assessments.selectors import section_context
from cases.models import ChronologyEntry
from cases.workflow_states import State
from tests.assessments.factories import family_case, values_for

pytestmark = pytest.mark.django_db


def form_data(section: s.SectionDef, values: dict, *, version: int, completed: str = "yes"):
    """What a browser posts for a section page."""
    data = {"version": str(version), "completed": completed}
    for f in section.fields:
        value = values.get(f.name)
        if f.kind == s.DATE:
            date = s.parse_date(value)
            data[f"{f.name}_day"] = str(date.day) if date else ""
            data[f"{f.name}_month"] = str(date.month) if date else ""
            data[f"{f.name}_year"] = str(date.year) if date else ""
        elif f.kind == s.BOOL:
            if value:
                data[f.name] = "true"
        elif value is not None:
            data[f.name] = str(value)
    return data


def text(response) -> str:
    """The page as a person reads it (entities decoded)."""
    return htmllib.unescape(response.content.decode())


def section_links(html: str, case_id: int) -> list[str]:
    return re.findall(rf'href="(/cases/{case_id}/assessment/1/section/[\w-]+/)"', html)


def test_a_family_of_five_is_assessed_submitted_signed_off_and_read_by_the_team(
    signed_in_client,
):
    fc = family_case(children=3, adults=2)
    case = fc.case
    worker = signed_in_client(fc.worker)

    # Start: the case moves from allocated to assessment.
    tab = worker.get(f"/cases/{case.pk}/assessment/")
    assert tab.status_code == 200
    assert "Start the assessment" in text(tab)
    response = worker.post(f"/cases/{case.pk}/assessment/start/")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/assessment/1/"
    case.refresh_from_db()
    assert case.state == State.ASSESSMENT

    # The task list: consent, three children, two adults, family, views, problems, analysis.
    page = worker.get(f"/cases/{case.pk}/assessment/1/")
    html = text(page)
    links = section_links(html, case.pk)
    assert len(links) == 10
    assert html.count("Not started") >= 10
    assert "Cannot start yet" in html

    # Each section page saves; a draft saved without completing keeps its answers.
    assessment = Assessment.objects.get(case=case)
    context = section_context(assessment=assessment)
    definitions = {d.key: d for d in s.section_definitions(context)}
    first_child = next(d for d in definitions.values() if d.kind == s.Kind.CHILD)
    response = worker.post(
        f"/cases/{case.pk}/assessment/1/section/{first_child.key}/",
        {"version": "0", "completed": "no", "voice": "I want my mum to be less tired."},
    )
    assert response.status_code == 302
    page = worker.get(f"/cases/{case.pk}/assessment/1/section/{first_child.key}/")
    assert "I want my mum to be less tired." in text(page)
    assert "In progress" in text(worker.get(f"/cases/{case.pk}/assessment/1/"))

    for key, section in definitions.items():
        values = values_for(section, context)
        version = 1 if key == first_child.key else 0
        response = worker.post(
            f"/cases/{case.pk}/assessment/1/section/{key}/",
            form_data(section, values, version=version),
        )
        assert response.status_code == 302, (key, text(response)[:3000])

    # Check your answers, then submit.
    check = worker.get(f"/cases/{case.pk}/assessment/1/check/")
    html = text(check)
    assert "Check your answers before submitting" in html
    assert "Evidence for Getting a good education" in html
    assessment.refresh_from_db()
    response = worker.post(
        f"/cases/{case.pk}/assessment/1/check/", {"version": str(assessment.version)}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED

    # The worker cannot sign it off; the zone manager can.
    assert worker.get(f"/cases/{case.pk}/assessment/1/review/").status_code == 403
    manager = signed_in_client(fc.manager)
    review = manager.get(f"/cases/{case.pk}/assessment/1/review/")
    assert review.status_code == 200
    response = manager.post(
        f"/cases/{case.pk}/assessment/1/review/",
        {"version": str(assessment.version), "decision": "sign_off", "comments": "Thorough."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SIGNED_OFF
    assert assessment.signed_off_by == fc.manager
    assert assessment.need_level is not None

    # A partner on the Team Around the Family reads it; a partner who is not gets 404.
    partner = signed_in_client(fc.partner)
    read = partner.get(f"/cases/{case.pk}/assessment/1/")
    assert read.status_code == 200
    assert "I want my mum" not in text(read)  # replaced by the completed answers
    assert "The child's voice" in text(read)
    assert "Save and continue" not in text(read)
    assert partner.get(f"/cases/{case.pk}/assessment/").status_code == 200
    assert partner.get(f"/cases/{case.pk}/assessment/1/section/family/").status_code == 403
    outsider = signed_in_client(fc.outsider)
    for url in (
        f"/cases/{case.pk}/assessment/",
        f"/cases/{case.pk}/assessment/1/",
        f"/cases/{case.pk}/assessment/1/check/",
        f"/cases/{case.pk}/outcome-star/",
    ):
        assert outsider.get(url).status_code == 404, url

    # The chronology shows each step.
    titles = list(ChronologyEntry.objects.filter(case=case).values_list("title", flat=True))
    assert "Early Help Assessment started" in titles
    assert "Assessment submitted for sign-off (version 1)" in titles
    assert "Assessment signed off (version 1)" in titles


def test_a_section_marked_completed_with_missing_answers_is_refused_keeping_what_was_typed(
    signed_in_client,
):
    fc = family_case(children=1, adults=1)
    worker = signed_in_client(fc.worker)
    worker.post(f"/cases/{fc.case.pk}/assessment/start/")
    response = worker.post(
        f"/cases/{fc.case.pk}/assessment/1/section/family/",
        {"version": "0", "completed": "yes", "housing": "Two-bedroom flat, damp."},
    )
    html = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "Enter the family's community" in html
    assert "Two-bedroom flat, damp." in html
    assert not Assessment.objects.get(case=fc.case).sections.exists()


def test_a_manager_returns_the_assessment_with_comments_and_it_is_a_draft_again(
    signed_in_client,
):
    from assessments.services import assessment_start, assessment_submit
    from tests.assessments.factories import complete_assessment

    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)
    assessment = assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )
    manager = signed_in_client(fc.manager)
    response = manager.post(
        f"/cases/{fc.case.pk}/assessment/1/review/",
        {"version": str(assessment.version), "decision": "return", "comments": ""},
    )
    assert response.status_code == 200
    assert "Enter what needs to change" in text(response)
    response = manager.post(
        f"/cases/{fc.case.pk}/assessment/1/review/",
        {
            "version": str(assessment.version),
            "decision": "return",
            "comments": "Add the children's own words.",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    page = signed_in_client(fc.worker).get(f"/cases/{fc.case.pk}/assessment/1/")
    assert "Add the children's own words." in text(page)
    assert ChronologyEntry.objects.filter(
        case=fc.case, title="Assessment returned with comments (version 1)"
    ).exists()
    assert timezone.now()

"""The assessment and Outcome Star pages do not grow their queries with rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.services import (
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    measure_reading_record,
    star_reading_record,
)
from cases.workflow_states import State
from tests.assessments.factories import (
    complete_assessment,
    default_star,
    family_case,
    sdq,
    star_scales,
)

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def assessed(children: int, versions: int):
    """A case whose family has `children` children, assessed `versions` times."""
    fc = family_case(
        children=children, adults=2, child_ages=[(n % 16) + 1 for n in range(children)]
    )
    for n in range(versions):
        if n == 1:
            fc.case.state = State.PLAN_AND_REVIEW
            fc.case.save()
        assessment = assessment_start(actor=fc.worker, case=fc.case)
        complete_assessment(assessment, fc.worker, tag=f" v{n}", problems=3 + n % 5)
        assessment = assessment_submit(
            actor=fc.worker, assessment=assessment, expected_version=assessment.version
        )
        if n < versions - 1:
            assessment_sign_off(actor=fc.manager, assessment=assessment)
    return fc


ASSESSMENT_PAGES = [
    "/cases/{case}/assessment/",
    "/cases/{case}/assessment/1/",
    "/cases/{case}/assessment/{last}/review/",
    "/cases/{case}/assessment/compare/",
]


def test_assessment_pages_make_the_same_queries_for_2_and_8_children_and_versions(
    signed_in_client,
):
    small = assessed(children=2, versions=2)
    large = assessed(children=8, versions=5)
    for template in ASSESSMENT_PAGES:
        counts = []
        for fc, last in ((small, 2), (large, 5)):
            client = signed_in_client(fc.manager)
            counts.append(queries(client, template.format(case=fc.case.pk, last=last)))
        assert counts[0] == counts[1], (template, counts)
        assert counts[0] <= 30, (template, counts)


def test_draft_pages_make_the_same_queries_for_2_and_8_children(signed_in_client):
    counts: dict[str, list[int]] = {}
    for children in (2, 8):
        fc = family_case(
            children=children, adults=2, child_ages=[(n % 16) + 1 for n in range(children)]
        )
        assessment = assessment_start(actor=fc.worker, case=fc.case)
        complete_assessment(assessment, fc.worker)
        client = signed_in_client(fc.worker)
        for name, url in (
            ("task list", f"/cases/{fc.case.pk}/assessment/1/"),
            ("check", f"/cases/{fc.case.pk}/assessment/1/check/"),
            ("consent", f"/cases/{fc.case.pk}/assessment/1/section/consent/"),
            ("child", f"/cases/{fc.case.pk}/assessment/1/section/child-{fc.children[0].pk}/"),
            ("problems", f"/cases/{fc.case.pk}/assessment/1/section/problems/"),
        ):
            counts.setdefault(name, []).append(queries(client, url))
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)
        assert small <= 30, (name, small)


def readings(count: int):
    fc = family_case(opened_days_ago=400)
    scales = star_scales()
    for n in range(count):
        way = ("joint", "worker_only", "disagree")[n % 3]
        star_reading_record(
            actor=fc.worker,
            case=fc.case,
            star_type=default_star(),
            taken_on=timezone.localdate() - dt.timedelta(days=380 - n * 7),
            occasion="review",
            way=way,
            scores={sc.pk: 1 + (n + i) % 10 for i, sc in enumerate(scales)},
            family_scores={sc.pk: 5 for sc in scales} if way == "disagree" else None,
            present=fc.adults if way == "joint" else [],
        )
        measure_reading_record(
            actor=fc.worker,
            case=fc.case,
            measure=sdq(),
            person=fc.children[n % len(fc.children)],
            score=n % 40,
            taken_on=timezone.localdate() - dt.timedelta(days=380 - n * 7),
            occasion="during",
        )
    return fc


def test_the_star_pages_make_the_same_queries_for_5_and_50_readings(signed_in_client):
    counts: dict[str, list[int]] = {}
    for count in (5, 50):
        fc = readings(count)
        client = signed_in_client(fc.partner)
        reading = fc.case.star_readings.order_by("-id").first()
        for name, url in (
            ("star tab", f"/cases/{fc.case.pk}/outcome-star/"),
            ("reading", f"/cases/{fc.case.pk}/outcome-star/{reading.pk}/"),
        ):
            counts.setdefault(name, []).append(queries(client, url))
        worker = signed_in_client(fc.worker)
        counts.setdefault("new reading", []).append(
            queries(worker, f"/cases/{fc.case.pk}/outcome-star/new/")
        )
        counts.setdefault("new measure", []).append(
            queries(worker, f"/cases/{fc.case.pk}/outcome-star/measures/new/")
        )
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)
        assert small <= 25, (name, small)

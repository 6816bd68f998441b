"""Outcome Star readings: validation, who counts in reports, distance travelled, the page."""

import datetime as dt
import html
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from assessments.models import ReadingKind, StarReading
from assessments.selectors import star_distance_travelled
from assessments.services import star_reading_record
from cases.models import ChronologyEntry
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from tests.assessments.factories import default_star, family_case, star_scales

pytestmark = pytest.mark.django_db


def record(fc, values, *, days_ago=5, way="joint", occasion="review", family=None, **kwargs):
    scales = star_scales()
    return star_reading_record(
        actor=kwargs.pop("actor", fc.worker),
        case=fc.case,
        star_type=default_star(),
        taken_on=kwargs.pop("taken_on", timezone.localdate() - dt.timedelta(days=days_ago)),
        occasion=occasion,
        way=way,
        scores={sc.pk: v for sc, v in zip(scales, values, strict=True)},
        family_scores={sc.pk: v for sc, v in zip(scales, family, strict=True)} if family else None,
        present=kwargs.pop("present", fc.adults[:1] if way == "joint" else []),
        **kwargs,
    )


def test_a_reading_with_the_family_counts_in_reports_and_appears_in_the_chronology():
    fc = family_case(state=State.PLAN_AND_REVIEW)
    reading = record(fc, [5] * 10, occasion="start")
    assert reading.kind == ReadingKind.JOINT
    assert reading.counts_in_reports
    assert reading.scores.count() == 10
    assert list(reading.present.all()) == fc.adults[:1]
    assert ChronologyEntry.objects.filter(
        case=fc.case, kind="star", title__startswith="Family Star Plus reading recorded (start"
    ).exists()


def test_each_scale_must_be_scored_from_1_to_10():
    fc = family_case()
    scales = star_scales()
    with pytest.raises(ApplicationError) as exc:
        record(fc, [0, 11, 5, 5, 5, 5, 5, 5, 5, ""])
    errors = exc.value.extra
    assert errors[f"score_{scales[0].pk}"] == [
        "The score for Physical health must be a whole number from 1 to 10"
    ]
    assert f"score_{scales[1].pk}" in errors
    assert errors[f"score_{scales[9].pk}"] == ["Enter the score for Progress to work"]
    assert f"score_{scales[2].pk}" not in errors
    with pytest.raises(ApplicationError) as exc:
        record(fc, ["five"] + [5] * 9)
    assert f"score_{scales[0].pk}" in exc.value.extra
    assert not StarReading.objects.exists()


def test_the_date_cannot_be_in_the_future_nor_before_the_case_opened():
    fc = family_case(opened_days_ago=30)
    with pytest.raises(ApplicationError) as exc:
        record(fc, [5] * 10, taken_on=timezone.localdate() + dt.timedelta(days=1))
    assert exc.value.extra["taken_on"] == ["Date of the reading must be today or in the past"]
    with pytest.raises(ApplicationError) as exc:
        record(fc, [5] * 10, days_ago=31)
    assert "when the case was opened" in exc.value.extra["taken_on"][0]
    assert record(fc, [5] * 10, days_ago=30).taken_on == fc.case.opened_on
    assert record(fc, [5] * 10, days_ago=0).taken_on == timezone.localdate()


def test_a_worker_only_reading_is_marked_and_counts():
    fc = family_case()
    reading = record(fc, [3] * 10, way="worker_only", note="Family did not attend")
    assert reading.kind == ReadingKind.WORKER_ONLY
    assert reading.counts_in_reports
    assert list(reading.present.all()) == []


def test_a_disagreement_records_both_readings_and_only_the_workers_counts():
    fc = family_case()
    with pytest.raises(ApplicationError) as exc:
        record(fc, [4] * 10, way="disagree")
    assert any(k.startswith("family_score_") for k in exc.value.extra)

    worker = record(fc, [4] * 10, way="disagree", family=[7] * 10)
    family = worker.pair
    assert worker.kind == ReadingKind.WORKER_VIEW and worker.counts_in_reports
    assert family.kind == ReadingKind.FAMILY_VIEW and not family.counts_in_reports
    assert family.paired_with == worker
    assert sorted(family.scores.values_list("value", flat=True)) == [7] * 10


def test_distance_travelled_is_last_confirmed_minus_first_confirmed_per_scale_and_total():
    fc = family_case()
    assert star_distance_travelled(fc.case) is None
    record(fc, [2, 3, 4, 5, 6, 2, 3, 4, 5, 6], days_ago=40, occasion="start")
    record(fc, [9] * 10, days_ago=20, way="disagree", family=[3] * 10)  # worker's view counts
    record(fc, [1] * 10, days_ago=15, way="disagree", family=[10] * 10)
    record(fc, [4, 5, 6, 7, 8, 4, 5, 6, 7, 10], days_ago=1, way="worker_only")
    distance = star_distance_travelled(fc.case)
    assert distance.readings == 4
    assert [c.change for c in distance.scales] == [2, 2, 2, 2, 2, 2, 2, 2, 2, 4]
    assert distance.total_first == 40
    assert distance.total_latest == 62
    assert distance.total_change == 22
    assert distance.scales[0].scale == "Physical health"
    assert distance.scales[9].band == "Effective parenting"
    assert distance.scales[0].band == "Accepting help"


def test_the_familys_own_reading_never_becomes_the_first_or_latest():
    fc = family_case()
    record(fc, [5] * 10, days_ago=10, way="disagree", family=[1] * 10)
    distance = star_distance_travelled(fc.case)
    assert distance.first == distance.latest
    assert distance.total_change == 0


def test_a_partner_viewer_cannot_record_a_reading():
    fc = family_case()
    with pytest.raises(PermissionDenied):
        record(fc, [5] * 10, actor=fc.partner)


def test_a_closed_case_takes_no_reading_dated_after_it_closed():
    fc = family_case(state=State.CLOSED, opened_days_ago=100)
    fc.case.closed_on = timezone.localdate() - dt.timedelta(days=10)
    fc.case.save()
    with pytest.raises(ApplicationError) as exc:
        record(fc, [5] * 10, days_ago=5)
    assert exc.value.extra["taken_on"] == ["Date of the reading must be before the case was closed"]
    assert record(fc, [5] * 10, days_ago=12, occasion="closure").counts_in_reports


def test_the_case_page_shows_the_star_first_against_latest_and_the_change_table(
    signed_in_client,
):
    fc = family_case()
    record(fc, [2] * 10, days_ago=30, occasion="start")
    record(fc, [3] * 10, days_ago=20, way="disagree", family=[9] * 10)
    record(fc, [6] * 10, days_ago=2)
    page = signed_in_client(fc.partner).get(f"/cases/{fc.case.pk}/outcome-star/")
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "<svg" in body and 'role="img"' in body
    polygons = dict(re.findall(r'data-reading="(\w+)" points="([^"]+)"', body))
    assert polygons["first"].startswith("320,224 ")  # 2 straight up: 260 - 36
    assert polygons["latest"].startswith("320,152 ")  # 6 straight up: 260 - 108
    assert "+4" in body  # change per scale
    assert "+40" in body  # total
    assert "Family's view" in body
    assert "Record a reading" not in body  # partners read only


def test_recording_a_reading_through_the_page_keeps_what_was_typed_on_error(signed_in_client):
    fc = family_case()
    client = signed_in_client(fc.worker)
    scales = star_scales()
    today = timezone.localdate()
    data = {
        "star": str(default_star().pk),
        "taken_on_day": str(today.day),
        "taken_on_month": str(today.month),
        "taken_on_year": str(today.year),
        "occasion": "start",
        "way": "joint",
        "present": [str(fc.adults[0].pk)],
        "note": "First reading at home",
    }
    for n, scale in enumerate(scales):
        data[f"score_{scale.pk}"] = str(n + 1)
        data[f"note_{scale.pk}"] = f"note {n}"
    data[f"score_{scales[0].pk}"] = "12"
    response = client.post(f"/cases/{fc.case.pk}/outcome-star/new/", data)
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert body.count("Physical health must be a whole number from 1 to 10") == 2  # summary+field
    assert 'value="12"' in body and "First reading at home" in body
    data[f"score_{scales[0].pk}"] = "1"
    response = client.post(f"/cases/{fc.case.pk}/outcome-star/new/", data)
    assert response.status_code == 302
    reading = StarReading.objects.get(case=fc.case)
    assert response["Location"] == f"/cases/{fc.case.pk}/outcome-star/{reading.pk}/"
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "Finding what works" in html.unescape(detail.content.decode())  # band of 7 or 8


def test_a_reading_of_another_case_is_not_found(signed_in_client):
    fc = family_case()
    other = family_case()
    reading = record(other, [5] * 10)
    client = signed_in_client(fc.worker)
    assert client.get(f"/cases/{fc.case.pk}/outcome-star/{reading.pk}/").status_code == 404


def test_the_familys_own_scores_are_asked_only_when_they_see_it_differently(signed_in_client):
    fc = family_case()
    scales = star_scales()

    body = signed_in_client(fc.worker).get(f"/cases/{fc.case.pk}/outcome-star/new/")
    page = html.unescape(body.content.decode())

    # The ten family's-view fields sit in the conditional reveal of "see it differently",
    # which the page's CSS hides until that answer is chosen (no script needed).
    before, after = page.split(
        '<div class="govuk-radios__conditional" id="conditional-id_way-3">', 1
    )
    revealed = after.split('name="note"', 1)[0]
    assert '<div class="govuk-radios app-radios--reveal"' in before
    assert before.rstrip().endswith("</div>") and 'value="disagree"' in before[-600:]
    assert 'name="family_score_' not in before
    assert all(f'name="family_score_{s.pk}"' in revealed for s in scales)

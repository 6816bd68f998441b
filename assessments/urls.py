"""Pages of the Assessment and Outcome Star tabs, served under the case's URL."""

from django.urls import path

from assessments.views import assessment, star

urlpatterns = [
    path("cases/<int:case_id>/assessment/", assessment.assessment_tab, name="assessment-tab"),
    path(
        "cases/<int:case_id>/assessment/start/",
        assessment.assessment_start,
        name="assessment-start",
    ),
    path(
        "cases/<int:case_id>/assessment/compare/",
        assessment.assessment_compare,
        name="assessment-compare",
    ),
    path(
        "cases/<int:case_id>/assessment/problems/<int:headline_id>/progress/",
        assessment.problem_progress,
        name="problem-progress",
    ),
    path(
        "cases/<int:case_id>/assessment/<int:number>/",
        assessment.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "cases/<int:case_id>/assessment/<int:number>/section/<slug:key>/",
        assessment.assessment_section,
        name="assessment-section",
    ),
    path(
        "cases/<int:case_id>/assessment/<int:number>/check/",
        assessment.assessment_check,
        name="assessment-check",
    ),
    path(
        "cases/<int:case_id>/assessment/<int:number>/review/",
        assessment.assessment_review,
        name="assessment-review",
    ),
    path("cases/<int:case_id>/outcome-star/", star.star_tab, name="star-tab"),
    path("cases/<int:case_id>/outcome-star/new/", star.star_reading_new, name="star-reading-new"),
    path(
        "cases/<int:case_id>/outcome-star/measures/new/",
        star.measure_new,
        name="measure-new",
    ),
    path(
        "cases/<int:case_id>/outcome-star/<int:reading_id>/",
        star.star_reading_detail,
        name="star-reading",
    ),
]

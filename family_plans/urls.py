"""Pages of the Plan and Meetings tabs, served under the case's URL."""

from django.urls import path

from family_plans.views import directory_links, meetings, network, plan, work_pages

urlpatterns = [
    # A person's own day: the managers' sign-off queue, the diary of meetings.
    path("sign-off/", work_pages.sign_off_list, name="sign-off-queue"),
    path("diary/", work_pages.diary, name="diary"),
    path("diary/my-meetings.ics", work_pages.diary_ics, name="diary-ics"),
    path("cases/<int:case_id>/plan/", plan.plan_tab, name="plan-tab"),
    path("cases/<int:case_id>/plan/start/", plan.plan_start, name="plan-start"),
    path("cases/<int:case_id>/plan/outcomes/new/", plan.outcome_new, name="plan-outcome-new"),
    path(
        "cases/<int:case_id>/plan/outcomes/<int:outcome_id>/",
        plan.outcome_edit,
        name="plan-outcome-edit",
    ),
    path(
        "cases/<int:case_id>/plan/outcomes/<int:outcome_id>/actions/",
        plan.actions_add,
        name="plan-actions-add",
    ),
    path(
        "cases/<int:case_id>/plan/actions/<int:action_id>/",
        plan.action_edit,
        name="plan-action-edit",
    ),
    path(
        "cases/<int:case_id>/plan/actions/<int:action_id>/service/",
        directory_links.action_service,
        name="plan-action-service",
    ),
    path("cases/<int:case_id>/plan/agree/", plan.plan_agree, name="plan-agree"),
    path(
        "cases/<int:case_id>/plan/versions/<int:number>/",
        plan.plan_version,
        name="plan-version",
    ),
    path("cases/<int:case_id>/plan/reviews/new/", plan.review_new, name="plan-review-new"),
    path(
        "cases/<int:case_id>/plan/reviews/<int:review_id>/",
        plan.review_detail,
        name="plan-review",
    ),
    path("cases/<int:case_id>/meetings/", meetings.meetings_tab, name="meetings-tab"),
    path("cases/<int:case_id>/meetings/taf/new/", meetings.meeting_new, name="taf-meeting-new"),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/",
        meetings.meeting_detail,
        name="taf-meeting",
    ),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/change/",
        meetings.meeting_change,
        name="taf-meeting-change",
    ),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/cancel/",
        meetings.meeting_cancel,
        name="taf-meeting-cancel",
    ),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/record/",
        meetings.meeting_record,
        name="taf-meeting-record",
    ),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/plan-changes/",
        meetings.meeting_plan_changes,
        name="taf-meeting-plan-changes",
    ),
    path(
        "cases/<int:case_id>/meetings/taf/<int:meeting_id>/calendar.ics",
        meetings.meeting_calendar,
        name="taf-meeting-calendar",
    ),
    path(
        "cases/<int:case_id>/meetings/network/new/",
        network.network_new,
        name="network-meeting-new",
    ),
    path(
        "cases/<int:case_id>/meetings/network/<int:meeting_id>/",
        network.network_detail,
        name="network-meeting",
    ),
    path(
        "cases/<int:case_id>/meetings/network/<int:meeting_id>/change/",
        network.network_edit,
        name="network-meeting-edit",
    ),
]

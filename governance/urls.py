"""Information governance pages; every view declares its policy (officer, or CASE)."""

from django.urls import path

from governance.views import access_requests, history, people, rights, schedule

urlpatterns = [
    path("governance/", people.dashboard, name="governance-dashboard"),
    path("governance/people/", people.person_search, name="governance-people"),
    path("governance/people/<int:person_id>/", people.person_detail, name="governance-person"),
    path(
        "governance/people/<int:person_id>/access-request/",
        access_requests.access_request_new,
        name="governance-access-request-new",
    ),
    path(
        "governance/people/<int:person_id>/rights-request/",
        rights.rights_request_new,
        name="governance-rights-request-new",
    ),
    path(
        "governance/people/<int:person_id>/legal-hold/",
        rights.legal_hold_new,
        name="governance-legal-hold-new",
    ),
    path(
        "governance/access-requests/<int:pk>/",
        access_requests.access_request_detail,
        name="governance-access-request",
    ),
    path(
        "governance/access-requests/<int:pk>/export/",
        access_requests.access_request_export,
        name="governance-access-request-export",
    ),
    path(
        "governance/access-requests/<int:pk>/redactions/",
        access_requests.access_request_redactions,
        name="governance-access-request-redactions",
    ),
    path(
        "governance/access-requests/<int:pk>/release/",
        access_requests.access_request_release,
        name="governance-access-request-release",
    ),
    path(
        "governance/access-requests/<int:pk>/files/<str:name>",
        access_requests.access_request_file,
        name="governance-access-request-file",
    ),
    path(
        "governance/rights-requests/<int:pk>/",
        rights.rights_request_detail,
        name="governance-rights-request",
    ),
    path(
        "governance/restrictions/<int:pk>/lift/",
        rights.restriction_lift,
        name="governance-restriction-lift",
    ),
    path(
        "governance/legal-holds/<int:pk>/lift/",
        rights.legal_hold_lift,
        name="governance-legal-hold-lift",
    ),
    path("governance/retention/", schedule.retention_due, name="governance-retention"),
    path(
        "governance/retention/approve/",
        schedule.retention_approve,
        name="governance-retention-approve",
    ),
    path("governance/processing/", schedule.processing, name="governance-processing"),
    path(
        "governance/cases/<int:case_id>/history/",
        history.officer_case_history,
        name="governance-case-history",
    ),
    path("cases/<int:case_id>/history/", history.case_history_page, name="case-history"),
]

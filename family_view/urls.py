"""The family's own section (namespace "family", under /family/) and the practitioner's
"Family online" tab under the case's URL."""

from django.urls import include, path

from family_view.views import family, practitioner, sign_in

family_patterns = [
    path("", family.home, name="home"),
    path("sign-in/", sign_in.start, name="start"),
    path("sign-in/code/", sign_in.code, name="code"),
    path("sign-in/<str:token>/", sign_in.link, name="link"),
    path("sign-out/", sign_in.sign_out, name="sign-out"),
    path("language/", sign_in.language, name="language"),
    path("plan/", family.plan, name="plan"),
    path("plan/actions/<int:action_id>/done/", family.action_done, name="action-done"),
    path("meeting.ics", family.meeting_calendar, name="meeting-ics"),
    path("star/", family.star, name="star"),
    path("your-views/", family.views, name="views"),
    path("consent/", family.consent, name="consent"),
    path("consent/<int:agency_id>/", family.consent_decide, name="consent-decide"),
    path("feedback/", family.feedback, name="feedback"),
]

urlpatterns = [
    path("family/", include((family_patterns, "family"), namespace="family")),
    path("cases/<int:case_id>/family-online/", practitioner.tab, name="family-online-tab"),
    path(
        "cases/<int:case_id>/family-online/invite/",
        practitioner.invite,
        name="family-online-invite",
    ),
    path(
        "cases/<int:case_id>/family-online/<int:access_id>/withdraw/",
        practitioner.withdraw,
        name="family-online-withdraw",
    ),
    path(
        "cases/<int:case_id>/family-online/views/<int:contribution_id>/minutes/",
        practitioner.into_minutes,
        name="family-online-minutes",
    ),
]

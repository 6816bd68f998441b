"""The root URL map (ROOT_URLCONF): every app's pages, the API and the admin.

Every view declares its access policy (earlyhelp/url_policy.py)."""

from django.contrib import admin
from django.urls import include, path

from earlyhelp import accessibility, health, views
from earlyhelp.url_policy import Policy, declare_urls

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accessibility/", accessibility.accessibility_statement, name="accessibility"),
    path("", include("identity.urls")),
    path("", include("partners.urls")),
    path("", include("partners.directory.urls")),
    path("", include("cases.urls")),
    path("", include("cases.identified.urls")),
    path("", include("reporting.urls")),
    path("", include("assessments.urls")),
    path("", include("family_plans.urls")),
    # Case documents: the Documents tab, upload and download.
    path("", include("documents.urls")),
    # The family's own section and the practitioner's "Family online" tab.
    path("", include("family_view.urls")),
    path("", include("governance.urls")),
    path("api/", include("composition.api_urls")),
    path("admin/", declare_urls(admin.site.urls, Policy.SYSTEM_ADMIN)),
]

handler404 = "earlyhelp.views.page_not_found"
handler403 = "earlyhelp.views.permission_denied"
handler500 = "earlyhelp.views.server_error"

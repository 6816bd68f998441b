from django.urls import path

from partners.directory import views

urlpatterns = [
    path("services/", views.services_public, name="services"),
    path("services/print/", views.services_public_print, name="services-print"),
    path("services/<int:service_id>/", views.service_public, name="service"),
    path("directory/", views.directory, name="directory"),
    path("directory/new/", views.directory_service_new, name="directory-service-new"),
    path("directory/import/", views.directory_import, name="directory-import"),
    path("directory/<int:service_id>/", views.directory_service, name="directory-service"),
    path(
        "directory/<int:service_id>/edit/",
        views.directory_service_edit,
        name="directory-service-edit",
    ),
    path(
        "directory/<int:service_id>/reviewed/",
        views.directory_service_reviewed,
        name="directory-service-reviewed",
    ),
    path(
        "directory/<int:service_id>/status/",
        views.directory_service_status,
        name="directory-service-status",
    ),
]

from django.urls import path

from reporting.views import exports

urlpatterns = [
    path("cases/<int:case_id>/export/", exports.case_export, name="case-export"),
    path(
        "cases/<int:case_id>/export/request/",
        exports.case_export_request,
        name="case-export-request",
    ),
    path("exports/", exports.my_exports, name="my-exports"),
    path("exports/<uuid:public_id>/", exports.export_status, name="export-status"),
    path("exports/<uuid:public_id>/download/", exports.export_download, name="export-download"),
]

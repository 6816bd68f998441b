from django.urls import path

from reporting.views import costs, exports

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
    path("reporting/cost-benefit/", costs.cost_benefit_page, name="cost-benefit"),
    path("reporting/cost-benefit/import/", costs.unit_costs_import_page, name="unit-costs-import"),
]

from django.urls import path

from reporting.views import (
    audits,
    costs,
    directory,
    exports,
    import_batches,
    places,
    returns,
    scorecard,
    supporting_families,
)

urlpatterns = [
    path("directory/export.csv", directory.directory_export, name="directory-export"),
    path("cases/<int:case_id>/export/", exports.case_export, name="case-export"),
    path(
        "cases/<int:case_id>/export/request/",
        exports.case_export_request,
        name="case-export-request",
    ),
    path("exports/", exports.my_exports, name="my-exports"),
    path("exports/<uuid:public_id>/", exports.export_status, name="export-status"),
    path("exports/<uuid:public_id>/download/", exports.export_download, name="export-download"),
    path("reporting/", scorecard.scorecard_page, name="scorecard"),
    path("reporting/scorecard.csv", scorecard.scorecard_csv, name="scorecard-csv"),
    path("reporting/scorecard.xlsx", scorecard.scorecard_xlsx, name="scorecard-xlsx"),
    path("reporting/rebuild/", scorecard.scorecard_rebuild, name="scorecard-rebuild"),
    path(
        "reporting/supporting-families/",
        supporting_families.supporting_families_page,
        name="supporting-families",
    ),
    path(
        "reporting/supporting-families/return.csv",
        supporting_families.quarterly_return_csv,
        name="supporting-families-return",
    ),
    path(
        "reporting/supporting-families/cases/<int:case_id>/evidence/",
        supporting_families.evidence_audit,
        name="supporting-families-evidence",
    ),
    path(
        "reporting/supporting-families/cases/<int:case_id>/claim/",
        supporting_families.claim,
        name="supporting-families-claim",
    ),
    path("reporting/zones/", places.zone_profiles, name="zone-profiles"),
    path("reporting/zones/<int:zone_id>/", places.zone_profile_page, name="zone-profile"),
    path("reporting/partnership/", places.partnership_page, name="partnership"),
    path(
        "reporting/partnership/self-assessment/",
        places.self_assessment_page,
        name="self-assessment",
    ),
    path("reporting/board-pack/", places.board_pack_page, name="board-pack"),
    path("reporting/audits/", audits.audits_page, name="audits"),
    path("reporting/audits/sample/", audits.audit_sample_page, name="audit-sample"),
    path("reporting/audits/<int:audit_id>/", audits.audit_page, name="audit"),
    path("reporting/cost-benefit/", costs.cost_benefit_page, name="cost-benefit"),
    path("reporting/cost-benefit/import/", costs.unit_costs_import_page, name="unit-costs-import"),
    path("reporting/import-batches/", import_batches.import_batches_page, name="import-batches"),
    path(
        "reporting/import-batches/<int:batch_id>/rollback/",
        import_batches.import_batch_rollback_page,
        name="import-batch-rollback",
    ),
]

urlpatterns += [
    path("reporting/returns/", returns.returns_page, name="returns"),
    path("reporting/returns/annex-a/", returns.annex_a_request, name="returns-annex-a"),
    path("reporting/returns/ssd/", returns.ssd_request, name="returns-ssd"),
    path("reporting/returns/cin-census/", returns.cin_request, name="returns-cin"),
    path(
        "reporting/returns/families-first/",
        returns.families_first_request,
        name="returns-families-first",
    ),
    path(
        "reporting/returns/data-linking/",
        returns.data_linking_request,
        name="returns-data-linking",
    ),
    path("reporting/data-quality/", returns.data_quality_page, name="data-quality"),
    path(
        "allocation-meetings/<int:meeting_id>/record/pdf/",
        exports.allocation_meeting_record_request,
        name="allocation-meeting-record-pdf",
    ),
]

"""Pages of case documents, served under the case's URL like every tab."""

from django.urls import path

from documents import views

urlpatterns = [
    path("cases/<int:case_id>/documents/", views.case_documents, name="case-documents"),
    path(
        "cases/<int:case_id>/documents/upload/",
        views.case_document_upload,
        name="case-document-upload",
    ),
    path(
        "cases/<int:case_id>/documents/<int:document_id>/download/",
        views.case_document_download,
        name="case-document-download",
    ),
]

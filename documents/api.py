"""The API face of case documents: list, upload and download, by the pages' rules.

`/api/v1/cases/{case_id}/documents/`: the case through `access_case` (404), each
document through the same visibility as its page; an upload is the same service call
(content check, size limit, scan queued); a download the same refusals (pending,
infected, unscanned unless allowed), headers and audit entry as the page's.

An upload is JSON with the file's bytes in base64 (`content_base64`, `file_name`) like
every other body of this API, or multipart/form-data with the file in `file`.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api import CaseResourceViewSet
from cases.models import NoteVisibility
from cases.selectors import case_workers
from documents import selectors, services
from documents.models import Document, DocumentType
from documents.views import file_response
from earlyhelp.api.docs import ERRORS, IDEMPOTENCY_KEY, IDEMPOTENT_ERRORS, case_id_parameter
from earlyhelp.errors import ApplicationError
from earlyhelp.idempotency import idempotent_api


class DocumentOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    about = serializers.CharField(read_only=True)
    scan_state_label = serializers.CharField(source="get_scan_state_display", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "document_type",
            "document_date",
            "description",
            "visibility",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "scan_state",
            "scan_state_label",
            "scanned_at",
            "about",
            "uploaded_at",
        ]


class DocumentIn(serializers.Serializer):  # type: ignore[type-arg]
    document_type = serializers.ChoiceField(choices=DocumentType.choices)
    document_date = serializers.DateField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=500)
    visibility = serializers.ChoiceField(
        choices=NoteVisibility.choices, required=False, default=NoteVisibility.EVERYONE
    )
    readers = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text="Restricted documents: ids of the people working on the case who may see it.",
    )
    about = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="`assessment:<id>`, `plan:<id>` or `meeting:<id>` of this case; empty: the case.",
    )
    file_name = serializers.CharField(required=False, max_length=255)
    content_base64 = serializers.CharField(required=False, help_text="The file's bytes, base64.")
    file = serializers.FileField(required=False)


def _upload_of(data: dict[str, Any]) -> UploadedFile:
    if data.get("file") is not None:
        return data["file"]  # type: ignore[no-any-return]
    name, content = data.get("file_name"), data.get("content_base64")
    if not name or not content:
        raise ApplicationError(
            "Check the document",
            {"file": ["Send the file as `file` (multipart) or `file_name` and `content_base64`"]},
        )
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise ApplicationError(
            "Check the document", {"content_base64": ["Send the file's bytes in base64"]}
        ) from None
    return SimpleUploadedFile(name, raw)


DOCUMENT_EXAMPLE = {
    "id": 3107,
    "document_type": "consent_form",
    "document_date": "2026-01-05",
    "description": "Signed consent to share with health visiting",
    "visibility": "everyone",
    "original_name": "consent-form-signed.pdf",
    "content_type": "application/pdf",
    "size": 184220,
    "sha256": "9f2c1d0e5b7a4c3e8d6f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
    "scan_state": "clean",
    "scan_state_label": "No virus found",
    "scanned_at": "2026-01-05T10:14:03Z",
    "about": "The case",
    "uploaded_at": "2026-01-05T10:13:58Z",
}


def _out(name: str, value: Any, status_code: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status_code)])


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Documents of the case the caller may see",
        description="Documents for the lead agency only, or restricted to named people, are "
        "left out for everyone else. `scan_state` says whether the file may be downloaded.",
        responses={200: DocumentOut, **ERRORS},
        examples=[_out("A signed consent form", DOCUMENT_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One document",
        responses={200: DocumentOut, **ERRORS},
        examples=[_out("A signed consent form", DOCUMENT_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Upload a document",
        description="Checked by content (PDF, images, Office documents; the extension must "
        "match), within the size limit, then scanned for viruses in the background. Send an "
        "`Idempotency-Key` so that a retried request adds one document.",
        parameters=[IDEMPOTENCY_KEY],
        request=DocumentIn,
        responses={201: DocumentOut, **ERRORS, **IDEMPOTENT_ERRORS},
        examples=[
            OpenApiExample(
                "A letter, in base64",
                value={
                    "document_type": "letter",
                    "document_date": "2026-01-05",
                    "description": "Letter from the housing officer",
                    "file_name": "housing-letter.pdf",
                    "content_base64": "JVBERi0xLjQKJeLjz9MK...",
                },
                request_only=True,
            ),
            _out(
                "Kept, waiting for its virus scan",
                {
                    **DOCUMENT_EXAMPLE,
                    "document_type": "letter",
                    "scan_state": "pending",
                    "scan_state_label": "Scan pending",
                    "scanned_at": None,
                },
                status_code=201,
            ),
        ],
    ),
    download=extend_schema(
        summary="Download a document's file",
        description="Refused (400) while the virus scan is pending, for a quarantined file, "
        "and for an unscanned one unless the service allows it. Every download is audited.",
        responses={(200, "application/octet-stream"): bytes, **ERRORS},
    ),
)
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseResourceViewSet):
    serializer_class = DocumentOut
    parser_classes = [JSONParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[Document]:
        if self.schema_only:
            return Document.objects.none()
        return selectors.case_documents(user=self.request.user, case=self.case)

    @idempotent_api
    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = DocumentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        upload = _upload_of(values)
        wanted = set(values.get("readers") or [])
        readers = list(case_workers(case=self.case).filter(pk__in=wanted))
        if len(readers) != len(wanted):
            raise ApplicationError(
                "Check who may see the document",
                {"readers": ["Select people who work on this case"]},
            )
        [document] = services.document_upload(
            actor=self.actor,
            case=self.case,
            files=[upload],
            document_type=values["document_type"],
            document_date=values["document_date"],
            description=values.get("description") or "",
            visibility=values["visibility"],
            readers=readers,
            about=values.get("about") or "",
        )
        return Response(DocumentOut(document).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def download(
        self, request: Request, case_id: str | None = None, pk: str | None = None
    ) -> HttpResponseBase:
        document = self.get_object()
        stream = services.document_download(actor=self.actor, document=document)
        return file_response(document, stream)

"""The notes of one case."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.api.base import CaseResourceViewSet
from cases.api.examples import NOTE_EXAMPLE, _in, _out
from cases.models import CaseNote, NoteType, NoteVisibility, SensitiveCategory
from earlyhelp.api.docs import ERRORS, IDEMPOTENCY_KEY, IDEMPOTENT_ERRORS, case_id_parameter
from earlyhelp.api.ids import id_list_field
from earlyhelp.errors import ApplicationError
from earlyhelp.idempotency import idempotent_api


class NoteOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    author = serializers.CharField(source="author.full_name")
    author_agency = serializers.CharField(
        source="author_agency.name", default=None, allow_null=True
    )

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "note_type",
            "contact_date",
            "text",
            "author",
            "author_agency",
            "visibility",
            "sensitive_category",
            "created_at",
        ]


class NoteIn(serializers.Serializer):  # type: ignore[type-arg]
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    contact_date = serializers.DateField()
    text = serializers.CharField()
    visibility = serializers.ChoiceField(
        choices=NoteVisibility.choices,
        required=False,
        help_text="Who may read it; sensitive categories are restricted unless chosen.",
    )
    sensitive_category = serializers.ChoiceField(
        choices=SensitiveCategory.choices, required=False, default=""
    )
    readers = id_list_field(
        help_text="Restricted notes: ids of the people working on the case who may read it."
    )


class NoteFilter(django_filters.FilterSet):
    note_type = django_filters.ChoiceFilter(choices=NoteType.choices)
    contact_date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = CaseNote
        fields: list[str] = []


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Notes of the case the caller may read",
        description="Notes for the lead agency only, or restricted to named people, are "
        "left out for everyone else.",
        responses={200: NoteOut, **ERRORS},
        examples=[_out("A phone call", NOTE_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add a note",
        description="Send an `Idempotency-Key` so that a retried request adds one note.",
        parameters=[IDEMPOTENCY_KEY],
        request=NoteIn,
        responses={201: NoteOut, **ERRORS, **IDEMPOTENT_ERRORS},
        examples=[
            _in(
                "A phone call",
                {
                    "note_type": "call",
                    "contact_date": "2026-01-05",
                    "text": "Spoke to mum about attendance; she will call the school on Monday.",
                },
            ),
            _out("The note", NOTE_EXAMPLE, status_code=201),
        ],
    ),
)
class CaseNoteViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = NoteOut
    filterset_class = NoteFilter

    def get_queryset(self) -> QuerySet[CaseNote]:
        if self.schema_only:
            return CaseNote.objects.none()
        return selectors.case_notes(user=self.request.user, case=self.case)

    @idempotent_api
    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = set(values.pop("readers"))
        readers = list(selectors.case_workers(case=self.case).filter(pk__in=wanted))
        if len(readers) != len(wanted):
            raise ApplicationError(
                "Check who may read the note",
                {"readers": ["Select people who work on this case"]},
            )
        note = services.note_add(actor=self.actor, case=self.case, readers=readers, **values)
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)

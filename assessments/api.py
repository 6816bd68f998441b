"""The API face of assessments: the Early Help Assessment and Outcome Star readings.

Under /cases/{case_id}/, so the case is fetched through cases.access first (404 for a
case the caller may not see). Reads show what the Assessment and Outcome Star tabs show
to anyone who may see the case; writes go through assessments.services, which decide
who may do them (the lead practitioner's work) exactly as for the pages.

A section of an assessment is saved whole with `PUT` and `If-Match`: the ETag is the
section's version ("0" before anyone saved it), so two systems, or a system and a
practitioner on the page, never silently overwrite each other's answers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from assessments import sections as s
from assessments import selectors, services
from assessments.models import (
    Assessment,
    AssessmentSection,
    ReadingOccasion,
    StarReading,
    StarType,
)
from cases.api.base import CaseResourceViewSet
from earlyhelp.api.docs import ERRORS, IF_MATCH, PRECONDITION_ERRORS, case_id_parameter
from earlyhelp.api.ids import id_field, id_list_field
from earlyhelp.api.views import AuditedViewSet
from earlyhelp.errors import ApplicationError

# --------------------------------------------------------------------------- examples

ASSESSMENT_EXAMPLE = {
    "number": 1,
    "state": "draft",
    "source": "recorded",
    "need_level": "Level 2: early help",
    "started_at": "2025-09-22T10:00:00Z",
    "started_by": "Sam Patel",
    "submitted_at": None,
    "signed_off_at": None,
    "version": 4,
}
SECTION_SUMMARY_EXAMPLE = {
    "key": "family",
    "kind": "family",
    "title": "Family and environment",
    "group": "The family",
    "status": "in_progress",
    "version": 2,
}
SECTION_EXAMPLE = {
    **SECTION_SUMMARY_EXAMPLE,
    "updated_at": "2025-09-23T14:05:00Z",
    "updated_by": "Sam Patel",
    "answers": {"housing": "Two-bedroom flat, damp in the children's room."},
    "fields": [
        {
            "name": "housing",
            "label": "Housing",
            "kind": "text",
            "required": True,
            "choices": [],
        }
    ],
}
READING_EXAMPLE = {
    "id": 904,
    "star_type_id": 1,
    "star_type": "Family Star Plus",
    "taken_on": "2025-10-01",
    "occasion": "start",
    "kind": "joint",
    "counts_in_reports": True,
    "paired_with_id": None,
    "present": [811],
    "others_present": "",
    "note": "Mum led the conversation about routines.",
    "recorded_by": "Sam Patel",
    "recorded_at": "2025-10-01T15:00:00Z",
    "scores": [{"scale_id": 1, "scale": "Physical health", "number": 1, "value": 5, "note": ""}],
}
STAR_TYPE_EXAMPLE = {
    "id": 1,
    "name": "Family Star Plus",
    "edition": "Edition 1",
    "max_value": 10,
    "is_default": True,
    "scales": [{"id": 1, "number": 1, "name": "Physical health"}],
}


def _out(name: str, value: Any, *, status_code: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status_code)])


NUMBER = OpenApiParameter(
    "number", int, OpenApiParameter.PATH, description="The version: 1 for the first assessment."
)

# --------------------------------------------------------------------------- output


class AssessmentOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    need_level = serializers.CharField(source="need_level.name", default=None, allow_null=True)
    started_by = serializers.CharField(source="started_by.full_name")

    class Meta:
        model = Assessment
        fields = [
            "number",
            "state",
            "source",
            "need_level",
            "started_at",
            "started_by",
            "submitted_at",
            "signed_off_at",
            "version",
        ]


class SectionSummaryOut(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    status = serializers.CharField(help_text="not_started, in_progress or completed")
    version = serializers.IntegerField(help_text="The ETag to send with If-Match to save it.")


class AssessmentDetailOut(AssessmentOut):
    sections = serializers.SerializerMethodField()

    class Meta(AssessmentOut.Meta):
        fields = [*AssessmentOut.Meta.fields, "sections"]

    @extend_schema_field(SectionSummaryOut(many=True))
    def get_sections(self, assessment: Assessment) -> list[dict[str, Any]]:
        rows = selectors.section_rows(assessment=assessment)
        context = selectors.section_context(assessment=assessment, rows=rows)
        return [
            SectionSummaryOut(_summary(task.section, task.row)).data
            for group in selectors.task_list(context=context, rows=rows)
            for task in group.tasks
        ]


class FieldOut(serializers.Serializer):  # type: ignore[type-arg]
    """One question. (Declared fields leave the class, so `label` and `required` name
    the question's, not the serializer's own attributes.)"""

    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField(help_text="text, choice, date (ISO) or bool")
    required = serializers.BooleanField(  # type: ignore[assignment]
        help_text="Needed when the section is completed."
    )
    choices = serializers.ListField(child=serializers.CharField())


class SectionOut(SectionSummaryOut):
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True)
    answers = serializers.DictField(help_text="Field name -> answer.")
    fields = FieldOut(many=True)  # type: ignore[assignment]


class StarScoreOut(serializers.Serializer):  # type: ignore[type-arg]
    scale_id = serializers.IntegerField()
    scale = serializers.CharField(source="scale.name")
    number = serializers.IntegerField(source="scale.number")
    value = serializers.IntegerField()
    note = serializers.CharField()


class StarReadingOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    star_type = serializers.CharField(source="star_type.name")
    present = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.full_name")
    scores = StarScoreOut(many=True)

    class Meta:
        model = StarReading
        fields = [
            "id",
            "star_type_id",
            "star_type",
            "taken_on",
            "occasion",
            "kind",
            "counts_in_reports",
            "paired_with_id",
            "present",
            "others_present",
            "note",
            "recorded_by",
            "recorded_at",
            "scores",
        ]

    def get_present(self, reading: StarReading) -> list[int]:
        return [p.pk for p in reading.present.all()]


class StarScaleOut(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class StarTypeOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    scales = StarScaleOut(many=True)

    class Meta:
        model = StarType
        fields = ["id", "name", "edition", "max_value", "is_default", "scales"]


# --------------------------------------------------------------------------- input


class SectionIn(serializers.Serializer):  # type: ignore[type-arg]
    answers = serializers.DictField(
        help_text="Field name -> answer: text as strings, dates as YYYY-MM-DD, yes/no as "
        "booleans, choices as their value. Answers not sent are cleared."
    )
    complete = serializers.BooleanField(
        default=False, help_text="Mark the section completed: missing answers are then refused."
    )

    def validate_answers(self, answers: dict[str, Any]) -> dict[str, Any]:
        """Answers are stored as JSON in PostgreSQL, which cannot hold a NUL character."""
        if _has_nul(answers):
            raise serializers.ValidationError("Remove the NUL characters from the answers")
        return answers


class ScoreIn(serializers.Serializer):  # type: ignore[type-arg]
    scale = id_field(help_text="The scale's id (from /star-types/).")
    value = serializers.IntegerField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class StarReadingIn(serializers.Serializer):  # type: ignore[type-arg]
    star_type = id_field(help_text="The star's id (from /star-types/).")
    taken_on = serializers.DateField()
    occasion = serializers.ChoiceField(choices=ReadingOccasion.choices)
    way = serializers.ChoiceField(
        choices=services.READING_WAYS,
        help_text="joint (with the family), worker_only (the family has disengaged) or "
        "disagree (both views: send family_scores too).",
    )
    scores = ScoreIn(many=True)
    family_scores = ScoreIn(many=True, required=False, default=list)
    present = id_list_field(help_text="Ids of the family members who took part (from /people/).")
    others_present = serializers.CharField(required=False, default="", allow_blank=True)
    note = serializers.CharField(required=False, default="", allow_blank=True)


# --------------------------------------------------------------------------- helpers


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _summary(section: s.SectionDef, row: AssessmentSection | None) -> dict[str, Any]:
    return {
        "key": section.key,
        "kind": section.kind,
        "title": section.title,
        "group": section.group,
        "status": row.status if row is not None else "not_started",
        "version": row.version if row is not None else 0,
    }


def _section_out(section: s.SectionDef, row: AssessmentSection | None) -> dict[str, Any]:
    return {
        **_summary(section, row),
        "updated_at": row.updated_at if row is not None else None,
        "updated_by": row.updated_by.full_name if row is not None else None,
        "answers": dict(row.data) if row is not None else {},
        "fields": [
            {
                "name": f.name,
                "label": f.label,
                "kind": f.kind,
                "required": f.required,
                "choices": [value for value, _ in f.choices],
            }
            for f in section.fields
        ],
    }


# --------------------------------------------------------------------------- views


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Versions of the case's Early Help Assessment",
        responses={200: AssessmentOut, **ERRORS},
        examples=[_out("A draft", ASSESSMENT_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One version, with its sections and their status",
        description="The `ETag` header holds the version's own version number.",
        parameters=[NUMBER],
        responses={200: AssessmentDetailOut, **ERRORS},
        examples=[_out("A draft", {**ASSESSMENT_EXAMPLE, "sections": [SECTION_SUMMARY_EXAMPLE]})],
    ),
)
class AssessmentViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = AssessmentOut
    lookup_field = "number"
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Assessment]:
        if self.schema_only:
            return Assessment.objects.none()
        return selectors.assessment_versions(case=self.case)

    def retrieve(self, request: Request, case_id: str, number: str) -> Response:
        assessment = selectors.assessment_for(case=self.case, number=number)
        assessment.case = self.case
        response = Response(AssessmentDetailOut(assessment).data)
        response["ETag"] = self.etag_of(assessment.version)
        return response


@extend_schema(parameters=[case_id_parameter(), NUMBER])
@extend_schema_view(
    retrieve=extend_schema(
        summary="One section of an assessment, with its questions and answers",
        description='The `ETag` header holds the section\'s version ("0" before anyone '
        "saved it): send it with If-Match to save the section.",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH)],
        responses={200: SectionOut, **ERRORS},
        examples=[_out("The family section", SECTION_EXAMPLE)],
    ),
    update=extend_schema(
        summary="Save a section's answers",
        description="Saves the answers of a draft as the section page does. A stale ETag "
        "gets 412 (someone saved the section since) and nothing is written; read it again "
        "and decide what to keep.",
        parameters=[OpenApiParameter("key", str, OpenApiParameter.PATH), IF_MATCH],
        request=SectionIn,
        responses={200: SectionOut, **ERRORS, **PRECONDITION_ERRORS},
        examples=[
            OpenApiExample(
                "Save the family section, not yet complete",
                value={
                    "answers": {"housing": "Two-bedroom flat, damp in the children's room."},
                    "complete": False,
                },
                request_only=True,
            ),
            _out("The section as saved", {**SECTION_EXAMPLE, "version": 3}),
        ],
    ),
)
class AssessmentSectionViewSet(CaseResourceViewSet):
    serializer_class = SectionOut
    lookup_field = "key"
    lookup_value_regex = r"[^/]+"

    def _find(self, number: str, key: str) -> tuple[Assessment, s.SectionDef, Any]:
        assessment = selectors.assessment_for(case=self.case, number=number)
        assessment.case = self.case
        rows = selectors.section_rows(assessment=assessment)
        context = selectors.section_context(assessment=assessment, rows=rows)
        section = next((d for d in s.section_definitions(context) if d.key == key), None)
        if section is None:
            raise Http404("No such section")
        return assessment, section, rows.get(key)

    def retrieve(self, request: Request, case_id: str, number: str, key: str) -> Response:
        _, section, row = self._find(number, key)
        response = Response(SectionOut(_section_out(section, row)).data)
        response["ETag"] = self.etag_of(row.version if row is not None else 0)
        return response

    def update(self, request: Request, case_id: str, number: str, key: str) -> Response:
        assessment, section, _ = self._find(number, key)
        data = SectionIn(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.assessment_section_save(
            actor=self.actor,
            assessment=assessment,
            key=key,
            values=data.validated_data["answers"],
            complete=data.validated_data["complete"],
            expected_version=self.expected_version(request),
        )
        response = Response(SectionOut(_section_out(section, row)).data)
        response["ETag"] = self.etag_of(row.version)
        return response


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Outcome Star readings of the case",
        responses={200: StarReadingOut, **ERRORS},
        examples=[_out("A reading at the start", READING_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One reading with its scores",
        responses={200: StarReadingOut, **ERRORS},
        examples=[_out("A reading at the start", READING_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Record a reading",
        description="With the family, by the worker alone, or both views when they "
        "disagree (two readings: the worker's counts in reports). Returns the reading "
        "that counts.",
        request=StarReadingIn,
        responses={201: StarReadingOut, **ERRORS},
        examples=[
            OpenApiExample(
                "A joint reading at the start",
                value={
                    "star_type": 1,
                    "taken_on": "2025-10-01",
                    "occasion": "start",
                    "way": "joint",
                    "scores": [{"scale": 1, "value": 5}],
                    "present": [811],
                    "note": "Mum led the conversation about routines.",
                },
                request_only=True,
            ),
            _out("The reading", READING_EXAMPLE, status_code=201),
        ],
    ),
)
class StarReadingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseResourceViewSet):
    serializer_class = StarReadingOut
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[StarReading]:
        if self.schema_only:
            return StarReading.objects.none()
        return selectors.star_readings(case=self.case)

    def create(self, request: Request, case_id: str) -> Response:
        data = StarReadingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        star_type = selectors.star_type_list().filter(pk=values["star_type"]).first()
        if star_type is None:
            raise ApplicationError("Check the reading", {"star_type": ["Select a star"]})
        household = {p.pk: p for p in selectors.household_people(case=self.case)}
        if any(pk not in household for pk in values["present"]):
            raise ApplicationError(
                "Check the reading", {"present": ["Select family members from the household"]}
            )
        reading = services.star_reading_record(
            actor=self.actor,
            case=self.case,
            star_type=star_type,
            taken_on=values["taken_on"],
            occasion=values["occasion"],
            way=values["way"],
            scores={score["scale"]: score["value"] for score in values["scores"]},
            notes={score["scale"]: score["note"] for score in values["scores"]},
            family_scores={score["scale"]: score["value"] for score in values["family_scores"]},
            family_notes={score["scale"]: score["note"] for score in values["family_scores"]},
            present=[household[pk] for pk in dict.fromkeys(values["present"])],
            others_present=values["others_present"],
            note=values["note"],
        )
        reading = selectors.star_reading_for(case=self.case, reading_id=reading.pk)
        return Response(StarReadingOut(reading).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Outcome Stars in use, with their scales",
        description="Reference data for recording readings: no personal data.",
        responses={200: StarTypeOut, **ERRORS},
        examples=[_out("Family Star Plus", STAR_TYPE_EXAMPLE)],
    ),
)
class StarTypeViewSet(mixins.ListModelMixin, AuditedViewSet):
    serializer_class = StarTypeOut

    def get_queryset(self) -> QuerySet[StarType]:
        return selectors.star_type_list()

"""The API face of family plans: the plan and its actions, and TAF meetings.

Under /cases/{case_id}/, so the case is fetched through cases.access first (404 for a
case the caller may not see). Reads show what the Plan and Meetings tabs show to anyone
who may see the case; writes go through family_plans.services, which decide who may
make them: whoever leads the work, or the owner of an action for its progress — as a
school's system updating an action the school owns.

An action's status is changed with `PATCH` and `If-Match` (the ETag is the action's
version), so an update made from a stale read gets 412 instead of overwriting.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api.base import CaseResourceViewSet
from earlyhelp.api.docs import (
    ERRORS,
    IDEMPOTENCY_KEY,
    IDEMPOTENT_ERRORS,
    IF_MATCH,
    PRECONDITION_ERRORS,
    case_id_parameter,
)
from earlyhelp.errors import ApplicationError
from earlyhelp.idempotency import idempotent_api
from family_plans import selectors, services
from family_plans.models import (
    ActionStatus,
    FamilyPlan,
    MeetingInvitee,
    MeetingStatus,
    PlanAction,
    PlanOutcome,
    TafMeeting,
)

# --------------------------------------------------------------------------- examples

ACTION_EXAMPLE = {
    "id": 3051,
    "number": 2,
    "outcome_id": 1207,
    "what": "Walk Ada to school on Mondays and Tuesdays",
    "owner_kind": "family",
    "owner": "Grace Okafor",
    "start_on": "2025-10-06",
    "due_on": "2025-11-28",
    "status": "in_progress",
    "dropped_reason": "",
    "completed_on": None,
    "updated_at": "2025-10-20T09:30:00Z",
    "version": 3,
}
OUTCOME_EXAMPLE = {
    "id": 1207,
    "number": 1,
    "wanted": "We want Ada to be at school every day and on time",
    "whose_words": "Grace (mum)",
    "success_looks_like": "Attendance above 95% for a half term",
    "status": "active",
    "headline_problems": ["Getting a good education"],
    "actions": [ACTION_EXAMPLE],
}
PLAN_EXAMPLE = {
    "id": 880,
    "status": "agreed",
    "children_views": "Ada says mornings are better when mum walks her in.",
    "next_review_on": "2025-12-01",
    "agreed_version": 2,
    "updated_at": "2025-10-20T09:30:00Z",
    "version": 12,
    "outcomes": [OUTCOME_EXAMPLE],
}
MEETING_EXAMPLE = {
    "id": 415,
    "status": "scheduled",
    "starts_at": "2025-12-01T10:00:00Z",
    "ends_at": "2025-12-01T11:00:00Z",
    "location": "Millbrook Family Hub, Room 2",
    "online_link": "",
    "organiser": "Sam Patel",
    "cancelled_reason": "",
    "family_views": "",
    "child_views": "",
    "minutes": "",
    "decisions": "",
    "next_review_on": None,
    "recorded_at": None,
    "version": 1,
    "invitees": [
        {"kind": "family", "name": "Grace Okafor", "organisation": "Parent", "attendance": ""}
    ],
}


def _out(name: str, value: Any, *, status_code: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status_code)])


# --------------------------------------------------------------------------- output


class ActionOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    owner = serializers.CharField(source="owner_label")

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "number",
            "outcome_id",
            "what",
            "owner_kind",
            "owner",
            "start_on",
            "due_on",
            "status",
            "dropped_reason",
            "completed_on",
            "updated_at",
            "version",
        ]


class OutcomeOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    headline_problems: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )
    actions = ActionOut(many=True, source="action_list")

    class Meta:
        model = PlanOutcome
        fields = [
            "id",
            "number",
            "wanted",
            "whose_words",
            "success_looks_like",
            "status",
            "headline_problems",
            "actions",
        ]


class PlanOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    outcomes = OutcomeOut(many=True, source="outcome_list")

    class Meta:
        model = FamilyPlan
        fields = [
            "id",
            "status",
            "children_views",
            "next_review_on",
            "agreed_version",
            "updated_at",
            "version",
            "outcomes",
        ]


class InviteeOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = MeetingInvitee
        fields = ["kind", "name", "organisation", "attendance"]


class MeetingOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    organiser = serializers.CharField(source="organiser.full_name")
    invitees = serializers.SerializerMethodField()

    class Meta:
        model = TafMeeting
        fields = [
            "id",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "online_link",
            "organiser",
            "cancelled_reason",
            "family_views",
            "child_views",
            "minutes",
            "decisions",
            "next_review_on",
            "recorded_at",
            "version",
            "invitees",
        ]

    @staticmethod
    def _invited(meeting: TafMeeting) -> list[MeetingInvitee]:
        # From the prefetched rows: people taken off the list are not shown.
        return [i for i in meeting.invitees.all() if i.removed_at is None]

    @extend_schema_field(InviteeOut(many=True))
    def get_invitees(self, meeting: TafMeeting) -> list[dict[str, Any]]:
        return list(InviteeOut(self._invited(meeting), many=True).data)


# --------------------------------------------------------------------------- input


class ActionStatusIn(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=ActionStatus.choices)
    dropped_reason = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Why it was dropped."
    )


class ActionIn(serializers.Serializer):  # type: ignore[type-arg]
    outcome_id = serializers.IntegerField(help_text="The outcome of the plan it works towards.")
    what = serializers.CharField(max_length=2000, help_text="Specifically what will be done.")
    owner = serializers.CharField(
        max_length=40,
        help_text="Who will do it: `worker:<id>`, `agency:<id>` (on the Team Around the "
        "Family) or `family:<id>` (a household member).",
    )
    start_on = serializers.DateField()
    due_on = serializers.DateField()


class OtherInviteeIn(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=200)
    organisation = serializers.CharField(required=False, default="", allow_blank=True)
    email = serializers.CharField(required=False, default="", allow_blank=True)


class MeetingIn(serializers.Serializer):  # type: ignore[type-arg]
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = serializers.CharField(required=False, default="", allow_blank=True)
    online_link = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="An https:// link to join."
    )
    invite = serializers.ListField(
        child=serializers.RegexField(r"^(worker|agency|family):\d+$"),
        required=False,
        default=list,
        help_text="People on the Team Around the Family and in the household: "
        "'worker:<user id>', 'agency:<agency id>' or 'family:<person id>'.",
    )
    others = OtherInviteeIn(  # type: ignore[call-arg]
        many=True, required=False, default=list, max_length=30
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        for name in ("starts_at", "ends_at"):
            if not 2000 <= data[name].year <= 2100:
                raise serializers.ValidationError(
                    {name: ["Enter a date and time between 2000 and 2100"]}
                )
        return data


# --------------------------------------------------------------------------- filters


class ActionFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices)
    due_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = PlanAction
        fields: list[str] = []


class MeetingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)

    class Meta:
        model = TafMeeting
        fields: list[str] = []


# --------------------------------------------------------------------------- views


class _PlanResource(CaseResourceViewSet):
    def plan(self) -> FamilyPlan:
        """The case's plan; 404 before one is started."""
        plan = selectors.plan_for_case(self.case)
        if plan is None:
            raise Http404("This case has no plan yet")
        plan.case = self.case
        return plan


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    retrieve=extend_schema(
        summary="The case's family plan: outcomes the family wants and the actions towards them",
        description="404 until a plan is started. The `ETag` header holds the plan's version.",
        responses={200: PlanOut, **ERRORS},
        examples=[_out("An agreed plan", PLAN_EXAMPLE)],
    ),
)
class FamilyPlanViewSet(_PlanResource):
    serializer_class = PlanOut

    def retrieve(self, request: Request, case_id: str) -> Response:
        plan = selectors.plan_with_actions(self.case)
        if plan is None:
            raise Http404("This case has no plan yet")
        response = Response(PlanOut(plan).data)
        response["ETag"] = self.etag_of(plan.version)
        return response


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Actions of the case's plan",
        responses={200: ActionOut, **ERRORS},
        examples=[_out("An action the family owns", ACTION_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One action",
        description="The `ETag` header holds the action's version, for If-Match.",
        responses={200: ActionOut, **ERRORS},
        examples=[_out("An action the family owns", ACTION_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add an action towards an outcome of the plan",
        description="As the Plan tab does: whoever leads the work may add actions. Send an "
        "`Idempotency-Key` so that a retried request adds one action.",
        parameters=[IDEMPOTENCY_KEY],
        request=ActionIn,
        responses={201: ActionOut, **ERRORS, **IDEMPOTENT_ERRORS},
        examples=[
            OpenApiExample(
                "The family walks Ada to school",
                value={
                    "outcome_id": 1207,
                    "what": "Walk Ada to school on Mondays and Tuesdays",
                    "owner": "family:811",
                    "start_on": "2025-10-06",
                    "due_on": "2025-11-28",
                },
                request_only=True,
            ),
            _out(
                "The action added",
                {**ACTION_EXAMPLE, "status": "not_started", "version": 1},
                status_code=201,
            ),
        ],
    ),
    partial_update=extend_schema(
        summary="Update an action's progress",
        description="Whoever leads the work may update any action; anyone else on the "
        "case, the actions they or their agency own. A stale ETag gets 412.",
        parameters=[IF_MATCH],
        request=ActionStatusIn,
        responses={200: ActionOut, **ERRORS, **PRECONDITION_ERRORS},
        examples=[
            OpenApiExample("Done", value={"status": "done"}, request_only=True),
            OpenApiExample(
                "Dropped, with the reason",
                value={"status": "dropped", "dropped_reason": "The family moved school"},
                request_only=True,
            ),
            _out("The action as it now is", {**ACTION_EXAMPLE, "status": "done", "version": 4}),
        ],
    ),
)
class PlanActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _PlanResource):
    serializer_class = ActionOut
    filterset_class = ActionFilter
    lookup_value_regex = r"\d+"

    @idempotent_api
    def create(self, request: Request, case_id: str) -> Response:
        plan = self.plan()
        data = ActionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = selectors.outcome_for(plan=plan, outcome_id=values["outcome_id"])
        details = services.ActionDetails(
            what=values["what"],
            owner=values["owner"],
            start_on=values["start_on"],
            due_on=values["due_on"],
        )
        try:
            [made] = services.actions_add(
                actor=self.actor, plan=plan, outcome=outcome, actions=[details]
            )
        except ApplicationError as exc:
            raise ApplicationError(
                exc.message, {k.removeprefix("actions-0-"): v for k, v in exc.extra.items()}
            ) from exc
        made = selectors.action_for(plan=plan, action_id=made.pk)
        response = Response(ActionOut(made).data, status=status.HTTP_201_CREATED)
        response["ETag"] = self.etag_of(made.version)
        return response

    def get_queryset(self) -> QuerySet[PlanAction]:
        if self.schema_only:
            return PlanAction.objects.none()
        return selectors.plan_actions(plan=self.plan())

    def retrieve(self, request: Request, case_id: str, pk: str) -> Response:
        action = selectors.action_for(plan=self.plan(), action_id=pk)
        response = Response(ActionOut(action).data)
        response["ETag"] = self.etag_of(action.version)
        return response

    def partial_update(self, request: Request, case_id: str, pk: str) -> Response:
        plan = self.plan()
        action = selectors.action_for(plan=plan, action_id=pk)
        action.plan = plan
        data = ActionStatusIn(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.action_update(
            actor=self.actor,
            action=action,
            expected_version=self.expected_version(request),
            status=data.validated_data["status"],
            dropped_reason=data.validated_data["dropped_reason"],
        )
        updated = selectors.action_for(plan=plan, action_id=updated.pk)
        response = Response(ActionOut(updated).data)
        response["ETag"] = self.etag_of(updated.version)
        return response


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Team Around the Family meetings of the case",
        responses={200: MeetingOut, **ERRORS},
        examples=[_out("A review meeting", MEETING_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One meeting, with who was invited and what was recorded",
        responses={200: MeetingOut, **ERRORS},
        examples=[_out("A review meeting", MEETING_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Arrange a meeting and invite people",
        description="As the Meetings tab does: invitations to a future meeting are emailed "
        "with a calendar file. Whoever leads the work may arrange meetings.",
        request=MeetingIn,
        responses={201: MeetingOut, **ERRORS},
        examples=[
            OpenApiExample(
                "A review meeting at the family hub",
                value={
                    "starts_at": "2025-12-01T10:00:00Z",
                    "ends_at": "2025-12-01T11:00:00Z",
                    "location": "Millbrook Family Hub, Room 2",
                    "invite": ["family:811", "agency:7"],
                    "others": [{"name": "Jo Ellis", "organisation": "Family mentor"}],
                },
                request_only=True,
            ),
            _out("The meeting arranged", MEETING_EXAMPLE, status_code=201),
        ],
    ),
)
class TafMeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CaseResourceViewSet):
    serializer_class = MeetingOut
    filterset_class = MeetingFilter
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[TafMeeting]:
        if self.schema_only:
            return TafMeeting.objects.none()
        return selectors.taf_meetings(case=self.case)

    def create(self, request: Request, case_id: str) -> Response:
        data = MeetingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        others = [services.OtherInvitee(**other) for other in values.pop("others")]
        meeting = services.taf_meeting_schedule(
            actor=self.actor,
            case=self.case,
            details=services.MeetingDetails(others=others, **values),
        )
        meeting = selectors.taf_meeting_for(case=self.case, meeting_id=meeting.pk)
        return Response(MeetingOut(meeting).data, status=status.HTTP_201_CREATED)

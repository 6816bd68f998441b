"""The Team Around the Family of one case."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.api.base import CaseResourceViewSet, _remap
from cases.api.examples import TEAM_MEMBER_EXAMPLE, _in, _out
from cases.models import CaseTeamMember, ShareBasis
from earlyhelp.api.docs import ERRORS, case_id_parameter
from earlyhelp.api.ids import id_field
from earlyhelp.errors import ApplicationError
from partners.selectors import agency_list, agency_member_by_email


class TeamMemberOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency = serializers.CharField(source="agency.name")
    user = serializers.CharField(source="user.full_name", allow_null=True, default=None)
    basis = serializers.SerializerMethodField(
        help_text="What opened the case to the agency: 'consent', a lawful basis, or "
        "'lead_agency' for the lead agency's own staff."
    )

    class Meta:
        model = CaseTeamMember
        fields = ["id", "agency", "user", "role_on_case", "started_on", "ended_on", "basis"]

    def get_basis(self, member: CaseTeamMember) -> str:
        return member.share.basis if member.share else "lead_agency"


class TeamMemberIn(serializers.Serializer):  # type: ignore[type-arg]
    agency_id = id_field(help_text="The agency joining the Team Around the Family.")
    user_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="A named person of the agency, by the email address of their account.",
    )
    role_on_case = serializers.CharField(required=False, default="", allow_blank=True)
    basis = serializers.ChoiceField(
        choices=ShareBasis.choices,
        required=False,
        default=ShareBasis.CONSENT,
        help_text="'consent' when the family's consent covers the agency; otherwise the "
        "lawful basis for sharing without it, with `lawful_reason`.",
    )
    lawful_reason = serializers.CharField(required=False, default="", allow_blank=True)
    agreement_id = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="The information sharing agreement relied on, if any.",
    )


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="The Team Around the Family, past and present",
        responses={200: TeamMemberOut, **ERRORS},
        examples=[_out("A class teacher on the team", TEAM_MEMBER_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add an agency, or a named person of it, to the Team Around the Family",
        description="Joining the team opens the case to the agency. Someone from an agency "
        "other than the lead agency joins only when the family's consent covers that agency "
        "(basis 'consent') or with a lawful basis and its reason; otherwise the answer is a "
        "400 naming `basis`. The addition goes on the case's information sharing record.",
        request=TeamMemberIn,
        responses={201: TeamMemberOut, **ERRORS},
        examples=[
            _in(
                "A class teacher, on a safeguarding basis",
                {
                    "agency_id": 12,
                    "user_email": "j.patel@hillside.sch.uk",
                    "role_on_case": "Class teacher",
                    "basis": "safeguarding",
                    "lawful_reason": "The school sees the children daily",
                },
            ),
            _out("The member added", TEAM_MEMBER_EXAMPLE, status_code=201),
        ],
    ),
)
class CaseTeamViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = TeamMemberOut

    def get_queryset(self) -> QuerySet[CaseTeamMember]:
        if self.schema_only:
            return CaseTeamMember.objects.none()
        return selectors.case_team(case=self.case).select_related("share")

    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = TeamMemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = agency_list().filter(pk=values["agency_id"]).first()
        if agency is None:
            raise ApplicationError(
                "Check the team member", {"agency_id": ["Select an agency of the partnership"]}
            )
        named = None
        if values.get("user_email"):
            named = agency_member_by_email(email=values["user_email"], agency=agency)
            if named is None:
                raise ApplicationError(
                    "Check the team member",
                    {"user_email": [f"Enter the email address of someone who works for {agency}"]},
                )
        agreement = None
        if values["agreement_id"] is not None:
            agreement = selectors.sharing_agreements().filter(pk=values["agreement_id"]).first()
            if agreement is None:
                raise ApplicationError(
                    "Check the team member",
                    {"agreement_id": ["Select an information sharing agreement in force"]},
                )
        try:
            member = services.team_member_add(
                actor=self.actor,
                case=self.case,
                agency=agency,
                user=named,
                role_on_case=values["role_on_case"].strip(),
                basis=values["basis"],
                lawful_reason=values["lawful_reason"],
                agreement=agreement,
            )
        except ApplicationError as exc:
            raise _remap(exc, {"user": "user_email", "agreement": "agreement_id"}) from exc
        return Response(TeamMemberOut(member).data, status=status.HTTP_201_CREATED)

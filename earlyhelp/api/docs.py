"""What every API operation documents besides its own answer: the errors it may give.

Each app's api.py spreads `ERRORS` (or `ERRORS | PRECONDITION_ERRORS` for updates that
carry If-Match) into its `extend_schema(responses=...)`, so partner developers see the
shape of a refusal as well as of success, and schemathesis checks that every refusal
the API gives is one it documents, in the documented shape.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers


class ApiErrorOut(serializers.Serializer):  # type: ignore[type-arg]
    """The body of every refusal: a sentence to show, and per-field messages for a 400."""

    detail = serializers.CharField(help_text="What went wrong, in plain English.")
    # The metaclass takes declared fields off the class: Serializer.errors is untouched.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False,
        help_text="400 only: field name -> messages (nested as the request body is).",
    )


def _error(code: int, description: str, detail: str, **extra: object) -> OpenApiResponse:
    return OpenApiResponse(
        response=ApiErrorOut,
        description=description,
        examples=[
            OpenApiExample(
                f"{code}",
                value={"detail": detail, **extra},
                response_only=True,
                status_codes=[str(code)],
            )
        ],
    )


ERRORS: dict[int, OpenApiResponse] = {
    400: _error(
        400,
        "The request has errors: `detail` says what, `errors` names each field.",
        "Check the enquiry",
        errors={"concerns": ["Enter what the concerns are"]},
    ),
    401: _error(
        401,
        "No token or session, or a token that has expired or been revoked.",
        "The token is not valid, has expired or has been revoked.",
    ),
    403: _error(
        403,
        "The caller may see the object but not do this, or holds a read-only token.",
        "This token may only read.",
    ),
    404: _error(
        404,
        "No such object, or one the caller may not see: the two are never told apart.",
        "Not found.",
    ),
    429: _error(
        429,
        "Too many calls: this token's rate limit was reached (`API_RATE_LIMIT`).",
        "Request was throttled. Expected available in 42 seconds.",
    ),
}

PRECONDITION_ERRORS: dict[int, OpenApiResponse] = {
    412: _error(
        412,
        "Someone changed the object since the caller read it: nothing was changed.",
        "Someone else changed this case while you were working on it. "
        "Check the case as it is now and make your change again.",
        errors={},
    ),
    428: _error(
        428,
        "If-Match is missing: send the ETag of the object as last read.",
        "Send the If-Match header with the ETag you last read.",
    ),
}

IDEMPOTENT_ERRORS: dict[int, OpenApiResponse] = {
    422: _error(
        422,
        "The Idempotency-Key was already used for a different request: nothing was changed.",
        "This Idempotency-Key was used for a different request",
        errors={},
    ),
}

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any 8-100 letters, digits, `-` or `_` (a UUID): a request sent again with "
    "the same key creates nothing more and gets the first answer again, with "
    "`Idempotent-Replayed: true`. Use one new key per thing to create, and the same key "
    "when retrying it.",
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the object as last read, e.g. `"3"`: a stale one gets 412.',
)


def case_id_parameter() -> OpenApiParameter:
    """The {case_id} of every resource nested under a case."""
    return OpenApiParameter(
        "case_id",
        int,
        OpenApiParameter.PATH,
        description="The case's id. A case the caller may not see answers 404.",
    )

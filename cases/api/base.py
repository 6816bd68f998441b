"""What every resource of one case shares: the case is fetched through access_case first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.request import Request

from cases.access import access_case, visible_cases
from cases.models import Case
from earlyhelp.api.views import AuditedViewSet
from earlyhelp.errors import ApplicationError


class CaseResourceViewSet(AuditedViewSet):
    """A resource of one case, at /cases/{case_id}/...: the case is fetched through
    `access_case` before the handler runs (after authentication, the token's scope and
    the rate limit), so a case the caller may not see answers 404 whatever is asked."""

    case: Case

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.case = access_case(user=request.user, case_id=kwargs.get("case_id"))

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        """None: `access_case` has already recorded the read of this one case."""
        return []

    @property
    def schema_only(self) -> bool:
        """drf-spectacular builds views without a request to read their querysets."""
        return bool(getattr(self, "swagger_fake_view", False))


def _visible_case_ids(user: Any, family_ids: Iterable[int]) -> list[int]:
    """The cases of these families the user may see (one query): what a list of families,
    households or people showed of each case."""
    return list(
        visible_cases(user).filter(family_id__in=set(family_ids)).values_list("pk", flat=True)
    )


def _remap(exc: ApplicationError, names: dict[str, str]) -> ApplicationError:
    """The service's field names as the API's request body names them."""
    errors: dict[str, Any] = {}
    for key, value in exc.extra.items():
        if key.startswith("person-") and isinstance(value, dict):
            index = key.removeprefix("person-")
            for field, messages in value.items():
                errors[f"members[{index}].{field}"] = messages
        else:
            errors[names.get(key, key)] = value
    return ApplicationError(exc.message, errors)

"""The web kit every app's views share: who is acting and what was posted.

(The third piece, putting a service's errors on the form that caused them, is
`earlyhelp.govuk.errors.add_application_error`.)
"""

from __future__ import annotations

from typing import Protocol, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, QueryDict

U = TypeVar("U", covariant=True)


class _RequestOf(Protocol[U]):
    @property
    def user(self) -> U | AnonymousUser: ...


def acting_user(request: _RequestOf[U]) -> U:
    """The signed-in user, typed as the project's user model (every view that asks sits
    behind a signed-in access policy, so it is never the anonymous user)."""
    return cast(U, request.user)


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST, or None so a form starts unbound."""
    return request.POST if request.method == "POST" else None

"""The sub-navigation of a case page, which other apps extend.

cases/ never imports assessments/ or family_plans/; instead each app registers its
tabs here from its AppConfig.ready(), and each app serves its own tab's pages under
the case's URL (/cases/<id>/assessment/, /cases/<id>/plan/ ...).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from cases.models import Case


def _always(user: Any, case: Case) -> bool:
    return True


@dataclass(frozen=True)
class CaseTab:
    key: str  # the `tab` a page passes to case_base.html to mark itself current
    label: str
    url_name: str  # reversed with case_id=
    order: int
    shown: Callable[[Any, Case], bool] = _always

    def url(self, case: Case) -> str:
        return reverse(self.url_name, kwargs={"case_id": case.pk})


_TABS: dict[str, CaseTab] = {}


def register(tab: CaseTab) -> None:
    _TABS[tab.key] = tab


def tabs_for(user: Any, case: Case) -> list[CaseTab]:
    return sorted((t for t in _TABS.values() if t.shown(user, case)), key=lambda t: t.order)

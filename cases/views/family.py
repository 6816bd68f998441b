"""The Family tab: the household, its identifiers, and a household diagram."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from cases import genogram, selectors
from cases.access import Action, can
from cases.case_page import case_page
from cases.models import Case


@case_page()
def case_family(request: HttpRequest, case: Case) -> HttpResponse:
    members, about = selectors.case_household(case=case)
    today = timezone.localdate()
    people = genogram.from_household(members, about=about, today=today)
    adults, children = genogram.split(people)
    return render(
        request,
        "cases/case_family.html",
        {
            "case": case,
            "tab": "family",
            "members": [
                {
                    "member": m,
                    "person": m.person,
                    "age": m.person.age_on(today),
                    "identifiers": list(m.person.identifiers.all()),
                    "is_subject": m.person.pk in about,
                }
                for m in members
            ],
            # genogram.render_svg escapes every text it is given.
            "diagram": mark_safe(  # noqa: S308
                genogram.render_svg(people, title=f"Household diagram of {case.family.name}")
            ),
            "can_correct": can(request.user, Action.CORRECT_RECORD, case),
            "diagram_adults": adults,
            "diagram_children": children,
        },
    )

"""The home page's "what needs you" for practitioners and partner viewers: the actions
they own, the meetings they are invited to, and the enquiries they raised with what
became of them.

{% load partner_home %}{% what_needs_you %}
"""

from __future__ import annotations

from typing import Any

from django import template

from partners.roles import Role

register = template.Library()

SHOWN = 5
FOR_ROLES = frozenset({Role.PRACTITIONER, Role.PARTNER_VIEWER})


@register.inclusion_tag("family_plans/includes/what_needs_you.html", takes_context=True)
def what_needs_you(context: template.Context) -> dict[str, Any]:
    from cases.selectors.journey import outcome_for_referrer, referrer_enquiries
    from family_plans.our_cases import actions_owned, meetings_invited_to

    user = context["request"].user
    roles = {m.role for m in context.get("current_memberships") or []}
    if not roles & FOR_ROLES:
        return {"shown": False}
    enquiries = list(referrer_enquiries(user=user, mine_only=True)[:SHOWN])
    return {
        "shown": True,
        "actions": list(actions_owned(user=user)[:SHOWN]),
        "meetings": list(meetings_invited_to(user=user)[:SHOWN]),
        "enquiries": [{"enquiry": e, "outcome": outcome_for_referrer(e.case)} for e in enquiries],
    }

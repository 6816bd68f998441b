"""Who leads a demo family: someone with room on their caseload, as an allocation
meeting would choose, so the demo's caseloads sit within their limits (most under,
a few near, the odd one over because a meeting allocated knowingly over the limit).

The choice has its own random draws (seeded by the case), so a family's other draws,
and so everything else about it, are what they were before leads were chosen this way.
"""

from __future__ import annotations

import random

from cases.demo.cast import Cast
from cases.demo.texts import SEED
from cases.models import Case
from cases.selectors.caseloads import caseloads
from cases.workflow import lead_refusal
from partners.models import Agency, User

# How often a meeting allocates to the worker it wanted even though they are full.
OVER_THE_LIMIT_ANYWAY = 0.03


def choose_lead(
    *,
    cast: Cast,
    case: Case,
    proposed: User,
    agency: Agency,
    stays_open: bool,
    excluding: User | None = None,
) -> tuple[User, Agency]:
    """The lead practitioner and agency for `case`, starting from the one `proposed`.

    A partner agency's practitioner leads when their agency may lead cases and they have
    room; otherwise the zone's council family workers do. A case that will be closed by
    today does not count on anyone's caseload, so it keeps the one proposed.
    """
    pick = random.Random(SEED * 31 + case.pk)
    zone_id = case.zone_id
    assert zone_id is not None  # demo cases all have a zone
    workers = [w for w in cast.family_workers[zone_id] if w != excluding]
    if agency != cast.council:
        if lead_refusal(proposed, agency) is None and (
            not stays_open or not caseloads([proposed.pk])[proposed.pk].full
        ):
            return proposed, agency
        proposed, agency = pick.choice(workers), cast.council
    if proposed == excluding:
        proposed = pick.choice(workers)
    if not stays_open or pick.random() < OVER_THE_LIMIT_ANYWAY:
        return proposed, agency
    loads = caseloads(w.pk for w in workers)
    with_room = [w for w in workers if not loads[w.pk].full]
    if proposed in with_room:
        return proposed, agency
    if with_room:
        return pick.choice(with_room), agency
    return min(workers, key=lambda w: loads[w.pk].open_cases), agency

"""The API face of cases: the same selectors and services as the pages.

Agency systems raise enquiries and read what is shared with their agency; councils
read cases for their warehouse. Every list comes from cases.access.visible_cases (or
a selector built on it), every write goes through cases.services, and a case the
caller may not see answers 404 exactly as a missing one does.

Resources of one case (notes, consent here; assessments, Star readings, the plan and
meetings in their own apps' api.py) live under /cases/{case_id}/ and subclass
`CaseResourceViewSet`, which fetches the case through `access_case` before anything
else is read or checked, so even a malformed request about a hidden case gets 404.

One module per resource (families, people, case, notes, consent, team, enquiries),
with the worked examples of the schema in examples.py and the shared base in base.py.
"""

from cases.api.base import CaseResourceViewSet
from cases.api.case import CaseViewSet
from cases.api.consent import CaseConsentViewSet
from cases.api.enquiries import EnquiryViewSet
from cases.api.families import FamilyViewSet, HouseholdViewSet
from cases.api.notes import CaseNoteViewSet
from cases.api.people import CasePersonViewSet, PersonViewSet
from cases.api.team import CaseTeamViewSet

__all__ = [
    "CaseConsentViewSet",
    "CaseNoteViewSet",
    "CasePersonViewSet",
    "CaseResourceViewSet",
    "CaseTeamViewSet",
    "CaseViewSet",
    "EnquiryViewSet",
    "FamilyViewSet",
    "HouseholdViewSet",
    "PersonViewSet",
]

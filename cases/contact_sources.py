"""Which contact source code an enquiry is recorded with, read from the administrator's
mapping of agency kinds (cases.models.ContactSourceMapping)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from cases.models import ContactSourceMapping
from partners.models import Agency


def contact_source_for(*, agency: Agency | None) -> str:
    """The code for enquiries raised by this agency; blank when its kind is not mapped."""
    if agency is None:
        return ""
    mapping = ContactSourceMapping.objects.filter(agency_kind=agency.kind).first()
    return mapping.contact_source if mapping else ""


def agencies_without_a_source() -> QuerySet[Agency]:
    """Active agencies whose enquiries would be recorded with a blank contact source."""
    mapped = ContactSourceMapping.objects.filter(agency_kind=OuterRef("kind"))
    return Agency.objects.filter(is_active=True).exclude(Exists(mapped)).order_by("name")

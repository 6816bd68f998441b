"""A small place for identified-in-data tests: a zone with its coordinator, and two
families known to the service, one child each with an NHS number and UPN."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from cases.identified.parsing import COLUMNS
from cases.models import Family, Person, PersonIdentifier
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.cases.pages import nhs_number, upn
from tests.cases.places import Place, build_place


@dataclass
class Borough:
    place: Place
    asante: Family
    ama: Person  # Ama Asante, NHS number and UPN known
    byrne: Family
    liam: Person  # Liam Byrne, known by name, date of birth and postcode only


def build_borough() -> Borough:
    place = build_place()
    asante = FamilyFactory(surname="Asante", family_hub=place.hub, postcode="NB1 4AA")
    ama = PersonFactory(given_names="Ama", family_name="Asante", date_of_birth=dt.date(2016, 5, 14))
    HouseholdMemberFactory(family=asante, person=ama)
    PersonIdentifier.objects.create(
        person=ama, type=PersonIdentifier.Type.NHS_NUMBER, value=nhs_number(1)
    )
    PersonIdentifier.objects.create(person=ama, type=PersonIdentifier.Type.UPN, value=upn(1))
    byrne = FamilyFactory(surname="Byrne", family_hub=place.hub, postcode="NB1 6ZZ")
    liam = PersonFactory(given_names="Liam", family_name="Byrne", date_of_birth=dt.date(2012, 2, 3))
    HouseholdMemberFactory(family=byrne, person=liam)
    return Borough(place=place, asante=asante, ama=ama, byrne=byrne, liam=liam)


def csv_upload(rows: list[dict[str, str]], name: str = "data.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    return csv_upload(rows).read()

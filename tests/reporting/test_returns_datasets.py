"""The Standard Safeguarding Dataset, the census episodes and Families First, field by field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assessments.models import (
    AssessmentProblem,
    AssessmentSection,
    HeadlineProblem,
    MeasureReading,
    MeasureType,
    ProblemProgress,
)
from cases.access import visible_cases
from cases.models import Case, Person, PersonIdentifier
from family_plans.models import FamilyNetworkMeeting
from reporting.returns.cin import COLUMNS as CIN_COLUMNS
from reporting.returns.cin import cin_table
from reporting.returns.families_first import identifiers_table, progress_table
from reporting.returns.ssd import TABLE_NAMES, ssd_tables
from reporting.scorecard.periods import Period
from tests.reporting.returns_data import NHS_AMA, UPN_AMA, build_borough

pytestmark = pytest.mark.django_db

ORGANISATION = "Northborough Early Help"


@pytest.fixture
def borough():  # type: ignore[no-untyped-def]
    return build_borough()


def as_dicts(table) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Rows keyed by their first column, as the CSV writes them."""
    return {
        table.text(row[0]): {c: table.text(v) for c, v in zip(table.columns, row, strict=True)}
        for row in table.rows
    }


def test_the_dataset_has_its_seven_tables_with_the_datasets_field_names(borough):
    tables = ssd_tables(cases=visible_cases(borough.coordinator), today=dt.date(2026, 6, 15))
    assert [t.name for t in tables] == list(TABLE_NAMES)
    assert list(tables[0].columns)[:6] == [
        "pers_person_id",
        "pers_sex",
        "pers_gender",
        "pers_ethnicity",
        "pers_dob",
        "pers_common_child_id",
    ]
    header = tables[3].csv_bytes().decode("utf-8-sig").splitlines()[0]
    # The dataset's six columns first; this product's own extra columns follow them.
    assert ",".join(header.split(",")[:6]) == (
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code,"
        "cont_contact_source_desc,cont_contact_outcome_json"
    )


def test_people_and_their_identifiers(borough):
    tables = {t.name: t for t in ssd_tables(cases=visible_cases(borough.coordinator))}
    people = as_dicts(tables["ssd_person"])
    assert people[str(borough.ama.pk)] == {
        "pers_person_id": str(borough.ama.pk),
        "pers_sex": "F",
        "pers_gender": "02",
        "pers_ethnicity": "BAFR",
        "pers_dob": "2016-06-15",
        "pers_common_child_id": NHS_AMA,
        "pers_legacy_id": "",
        "pers_upn_unknown": "",
        "pers_send_flag": "N",
        "pers_expected_dob": "",
        "pers_death_date": "",
        "pers_is_mother": "N",
        "pers_nationality": "",
        "pers_forename": borough.ama.given_names,
        "pers_surname": borough.ama.family_name,
        "pers_preferred_name": borough.ama.preferred_name,
        "pers_dob_estimated": "N",
    }
    baby = people[str(borough.baby.pk)]
    assert (baby["pers_dob"], baby["pers_expected_dob"], baby["pers_gender"]) == (
        "",
        "2026-08-01",
        "00",
    )
    assert str(borough.zara.pk) not in people  # another zone's family
    identifiers = [r for r in tables["ssd_linked_identifiers"].rows if r[1] == str(borough.ama.pk)]
    assert [tables["ssd_linked_identifiers"].text(v) for v in identifiers[0]][1:] == [
        str(borough.ama.pk),
        "NHS Number",
        NHS_AMA,
        "2016-06-20",
        "",
    ]
    assert identifiers[1][2:4] == ["Unique Pupil Number", UPN_AMA]
    families = {tuple(r[:2]) for r in tables["ssd_family"].rows}
    assert (str(borough.mensah.family_id), str(borough.kofi.pk)) in families


def test_contacts_carry_the_source_code_and_the_outcome_flags(borough):
    tables = {t.name: t for t in ssd_tables(cases=visible_cases(borough.coordinator))}
    contacts = as_dicts(tables["ssd_contacts"])
    ama = contacts[f"{borough.mensah.enquiry.pk}-{borough.ama.pk}"]
    assert ama["cont_person_id"] == str(borough.ama.pk)
    assert ama["cont_contact_date"] == "2026-01-10"
    assert (ama["cont_contact_source_code"], ama["cont_contact_source_desc"]) == ("2A", "Schools")
    flags = json.loads(ama["cont_contact_outcome_json"])
    assert flags["OTHER_OUTCOMES_EXIST_FLAG"] == "Y"
    assert [k for k, v in flags.items() if v == "Y"] == ["OTHER_OUTCOMES_EXIST_FLAG"]
    assert len(flags) == 10
    evans = contacts[f"{borough.evans.enquiry.pk}-{borough.mia.pk}"]
    assert evans["cont_contact_source_code"] == ""
    assert json.loads(evans["cont_contact_outcome_json"])["NFA_FLAG"] == "Y"
    signposted = contacts[f"{borough.boateng_earlier.enquiry.pk}-{borough.yaw.pk}"]
    assert json.loads(signposted["cont_contact_outcome_json"])["ADVICE_FLAG"] == "Y"


def test_episodes_involvements_and_professionals(borough):
    tables = {t.name: t for t in ssd_tables(cases=visible_cases(borough.coordinator))}
    episodes = as_dicts(tables["ssd_early_help_episodes"])
    assert episodes[f"{borough.mensah.pk}-{borough.kofi.pk}"] == {
        "earl_episode_id": f"{borough.mensah.pk}-{borough.kofi.pk}",
        "earl_person_id": str(borough.kofi.pk),
        "earl_episode_start_date": "2026-01-20",
        "earl_episode_end_date": "",
        "earl_episode_reason": "School attendance or exclusion; Parenting support",
        "earl_episode_end_reason": "",
        "earl_episode_organisation": ORGANISATION,
        "earl_episode_worker_id": str(borough.worker.pk),
        "earl_case_id": str(borough.mensah.pk),
    }
    dunn = next(v for k, v in episodes.items() if k.startswith(f"{borough.dunn.pk}-"))
    assert (dunn["earl_episode_end_date"], dunn["earl_episode_end_reason"]) == (
        "2025-11-01",
        "Outcomes met",
    )
    # Contacts closed at the front door are not early help episodes.
    assert not [k for k in episodes if k.startswith(f"{borough.evans.pk}-")]

    involvements = list(as_dicts(tables["ssd_involvements"]).values())
    lead = next(
        i
        for i in involvements
        if i["invo_person_id"] == str(borough.ama.pk)
        and i["invo_professional_role_id"] == "Lead practitioner"
    )
    assert lead == {
        "invo_involvements_id": lead["invo_involvements_id"],
        "invo_professional_id": str(borough.worker.pk),
        "invo_professional_role_id": "Lead practitioner",
        "invo_professional_team": ORGANISATION,
        "invo_involvement_start_date": "2026-01-20",
        "invo_involvement_end_date": "",
        "invo_worker_change_reason": "FCONTA",
        "invo_person_id": str(borough.ama.pk),
        "invo_referral_id": str(borough.mensah.pk),
    }
    teacher = [i for i in involvements if i["invo_professional_id"] == str(borough.teacher.pk)]
    assert {i["invo_professional_role_id"] for i in teacher} == {"Class teacher"}
    assert {i["invo_professional_team"] for i in teacher} == {"Hillside Primary"}

    professionals = as_dicts(tables["ssd_professionals"])
    worker = professionals[str(borough.worker.pk)]
    assert worker["prof_professional_name"] == borough.worker.full_name
    assert worker["prof_professional_caseload"] == "2"  # the Mensahs and the Clarkes, open
    assert worker["prof_professional_department"] == ORGANISATION
    assert professionals[str(borough.teacher.pk)]["prof_professional_caseload"] == "0"


def test_census_episodes_carry_the_census_fields(borough):
    FamilyNetworkMeeting.objects.create(
        case=borough.clarke,
        offered_on=dt.date(2025, 9, 15),
        facilitated_on=dt.date(2025, 10, 2),
        created_by=borough.worker,
    )
    PersonIdentifier.objects.create(
        person=borough.lily,
        type="upn",
        value="B123456789012",
        valid_from=dt.date(2018, 9, 1),
        valid_until=dt.date(2023, 9, 1),
    )
    table = cin_table(cases=visible_cases(borough.coordinator), year=2025)
    assert list(table.columns) == list(CIN_COLUMNS)
    rows = as_dicts(table)
    assert list(rows) == [str(borough.lily.pk)]  # only the section 17 episode
    assert rows[str(borough.lily.pk)] == {
        "LAchildID": str(borough.lily.pk),
        "UPN": "",
        "FormerUPN": "B123456789012",
        "UPNunknown": "",
        "PersonBirthDate": "2012-03-03",
        "ExpectedPersonBirthDate": "",
        "GenderCurrent": "2",
        "Sex": "F",
        "Ethnicity": "WBRI",
        "CINreferralDate": "2025-08-20",
        "ReferralSource": "3B",
        "PrimaryNeedCode": "N4",
        "CINclosureDate": "",
        "ReasonForClosure": "",
        "ReferralNFA": "0",
        "FGDMMeetingOffer": "2025-09-15",
        "FGDMMeetingFac": "2025-10-02",
    }
    # A census year that ended before the episode began has nothing to say.
    assert cin_table(cases=Case.objects.all(), year=2023).rows == []


def test_families_first_progress_per_need_for_a_quarter(borough):
    headlines = {h.number: h for h in HeadlineProblem.objects.filter(framework__is_current=True)}
    assessment = borough.mensah.assessments.get()
    for number in (1, 3, 5):
        AssessmentProblem.objects.create(assessment=assessment, headline=headlines[number])
    ProblemProgress.objects.create(
        case=borough.mensah,
        headline=headlines[1],
        status="some_progress",
        recorded_on=dt.date(2026, 3, 1),
        recorded_by=borough.worker,
    )
    ProblemProgress.objects.create(  # after the quarter: not in its file
        case=borough.mensah,
        headline=headlines[1],
        status="significant",
        recorded_on=dt.date(2026, 4, 2),
        recorded_by=borough.worker,
    )
    table = progress_table(
        cases=visible_cases(borough.coordinator), quarter=Period.parse("2026-Q1")
    )
    rows = as_dicts(table)
    assert set(rows) == {str(borough.mensah.family_id), str(borough.clarke.family_id)}
    mensah = rows[str(borough.mensah.family_id)]
    assert mensah["Case ID"] == str(borough.mensah.pk)
    assert (mensah["Start date"], mensah["End date"]) == ("2026-01-20", "")
    assert (mensah["Needs identified"], mensah["Eligible"]) == ("3", "Y")
    need = {c.split(":")[0]: v for c, v in mensah.items() if c.startswith("Need ")}
    assert need["Need 1"] == "Some progress"
    assert need["Need 3"] == need["Need 5"] == "Identified"
    assert need["Need 2"] == ""
    clarke = rows[str(borough.clarke.family_id)]
    assert (clarke["Needs identified"], clarke["Eligible"]) == ("0", "N")


def test_the_identifiers_file_lists_everyone_in_the_families_worked_with(borough):
    table = identifiers_table(cases=visible_cases(borough.manager), quarter=Period.parse("2026-Q1"))
    people = {row[1]: [table.text(v) for v in row] for row in table.rows}
    ama = people[str(borough.ama.pk)]
    assert ama[2:6] == ["Mensah", "Ama", "2016-06-15", "F"]
    assert ama[9] == borough.mensah.family.postcode
    assert ama[11] == NHS_AMA
    assert str(borough.mia.pk) not in people  # a contact, never worked with


def test_section_17_episodes_sdq_scores_send_and_the_childs_voice(borough):
    MeasureReading.objects.create(
        case=borough.clarke,
        measure=MeasureType.objects.get(short_name="SDQ total difficulties"),
        person=borough.lily,
        score=17,
        taken_on=dt.date(2025, 9, 12),
        occasion="before",
        recorded_by=borough.worker,
    )
    section = AssessmentSection.objects.get(person=borough.ama)
    section.data = {"voice": "=I like my teacher"}
    section.save()
    Person.objects.filter(pk=borough.ama.pk).update(send=True)
    tables = {t.name: t for t in ssd_tables(cases=visible_cases(borough.coordinator))}

    census = as_dicts(tables["ssd_cin_episodes"])
    assert list(census) == [f"{borough.clarke.pk}-{borough.lily.pk}"]  # section 17 only
    lily = census[f"{borough.clarke.pk}-{borough.lily.pk}"]
    assert (lily["cine_referral_date"], lily["cine_cin_primary_need_code"]) == ("2025-08-20", "N4")
    assert (lily["cine_referral_source_code"], lily["cine_referral_nfa"]) == ("3B", "N")
    assert lily["cine_referral_worker_id"] == str(borough.worker.pk)

    scores = list(as_dicts(tables["ssd_sdq_scores"]).values())
    assert [
        (s["csdq_person_id"], s["csdq_sdq_completed_date"], s["csdq_sdq_score"]) for s in scores
    ] == [(str(borough.lily.pk), "2025-09-12", "17")]
    assert scores[0]["csdq_sdq_reason"] == "Before support"

    send = as_dicts(tables["ssd_send"])
    assert send == {
        str(borough.ama.pk): {
            "send_table_id": str(borough.ama.pk),
            "send_person_id": str(borough.ama.pk),
            "send_upn": UPN_AMA,
            "send_uln": "",
            "send_upn_unknown": "N",
        }
    }

    voice = list(as_dicts(tables["ssd_voice_of_child"]).values())
    assert [(v["voch_person_id"], v["voch_case_id"], v["voch_recorded_date"]) for v in voice] == [
        (str(borough.ama.pk), str(borough.mensah.pk), "2026-02-01")
    ]
    assert voice[0]["voch_child_words"] == "=I like my teacher"
    assert "'=I like my teacher" in tables["ssd_voice_of_child"].csv_bytes().decode("utf-8-sig")

"""`manage.py import_reference_figures FILE`: all rows or none, every bad row listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reporting.models import ChildPopulation, FamiliesEstimate
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.periods import Period, Scope
from tests.partners.factories import ZoneFactory

pytestmark = pytest.mark.django_db

YEAR = dt.date.today().year


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_good_file_loads_population_and_estimates_and_s1_appears(tmp_path):
    zone = ZoneFactory(name="North")
    path = _write(
        tmp_path,
        "year,zone,children,families,additional_needs_percent,source\n"
        f'{YEAR},North,"12,000",9000,7.5,ONS\n'
        f"{YEAR},,48000,36000,,ONS\n",
    )
    call_command("import_reference_figures", path)
    assert ChildPopulation.objects.get(zone=zone).children == 12000
    assert FamiliesEstimate.objects.get(zone=zone).estimated_in_need == 675
    assert FamiliesEstimate.objects.get(zone=None).additional_needs_percent == 7
    card = scorecard(
        period=Period.parse(f"{YEAR}-01"), scope=Scope(zone_id=zone.pk), suppress=False
    )
    assert card.rows_by_key["S1"].value.denominator == "12,000"


def test_a_second_import_replaces_the_figure_of_the_same_year_and_zone(tmp_path):
    ZoneFactory(name="North")
    call_command(
        "import_reference_figures", _write(tmp_path, f"year,zone,children\n{YEAR},North,100\n")
    )
    call_command(
        "import_reference_figures", _write(tmp_path, f"year,zone,children\n{YEAR},North,200\n")
    )
    assert list(ChildPopulation.objects.values_list("children", flat=True)) == [200]


def test_bad_rows_import_nothing_and_each_is_listed(tmp_path):
    ZoneFactory(name="North")
    path = _write(
        tmp_path,
        "year,zone,children,families,additional_needs_percent\n"
        f"{YEAR},North,12000,,\n"
        f"{YEAR},Nowhere,100,,\n"
        "26,North,,,\n"
        f"{YEAR},,lots,100,150\n"
        f"{YEAR},North,5,,\n",
    )
    with pytest.raises(CommandError) as raised:
        call_command("import_reference_figures", path)
    message = str(raised.value)
    assert "Nothing was imported" in message
    assert "Row 3: No zone is called 'Nowhere'" in message
    assert "Row 4: Enter the year as four digits" in message
    assert "Enter the number of children, of families, or both" in message
    assert "Row 5: Enter the number of children as a whole number" in message
    assert "additional needs percentage from 0 to 100" in message
    assert "Row 6: Row 2 already gives figures for this year and zone" in message
    assert not ChildPopulation.objects.exists() and not FamiliesEstimate.objects.exists()


def test_a_file_without_the_columns_is_refused(tmp_path):
    with pytest.raises(CommandError, match="must name the columns"):
        call_command("import_reference_figures", _write(tmp_path, "a,b\n1,2\n"))

"""Cost-benefit: imports validate every row first, figures are exact to the penny."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Case
from cases.workflow_states import State
from reporting.costs.figures import cost_avoided, cost_benefit
from reporting.costs.importing import unit_costs_import
from reporting.models import EarlyHelpSpend, UnitCost
from tests.cases.factories import EnquiryFactory, HouseholdMemberFactory
from tests.partners.factories import ZoneFactory

pytestmark = pytest.mark.django_db

EXAMPLE = (
    Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "unit_costs_example.csv"
)
HEADER = "service,activity,cost_item,unit_cost_gbp,annual_volume,cost_source,beneficiary\n"


@pytest.fixture
def example_csv(tmp_path: Path) -> Path:
    """The published example table (a copy is kept in the tests if the brief is absent)."""
    target = tmp_path / "unit_costs.csv"
    source = EXAMPLE if EXAMPLE.is_file() else Path(__file__).with_name("unit_costs_example.csv")
    shutil.copy(source, target)
    return target


def test_importing_the_published_table_gives_unit_cost_times_volume_per_row(example_csv):
    result = unit_costs_import(actor=None, content=example_csv.read_text(), year=2017)
    assert result.ok, result.problems
    assert result.imported == 13

    figures = cost_benefit(year=2017)
    by_item = {r.cost_item: r for r in figures.rows}
    cp = by_item["Child protection plan"]
    assert cp.annual_cost == Decimal("5524") * 320 == Decimal("1767680.00")
    assert cp.reduction_1pct == Decimal("17676.80")
    assert cp.reduction_5pct == Decimal("88384.00")
    for row in figures.rows:
        assert row.annual_cost == (row.unit_cost * row.annual_volume).quantize(Decimal("0.01"))
    assert figures.total_annual_cost == sum(r.annual_cost for r in figures.rows)
    assert figures.total_annual_cost == Decimal("44878149.00")
    la = figures.by_beneficiary["Local authority"]
    assert la["annual_cost"] == sum(
        r.annual_cost for r in figures.rows if r.beneficiary == "Local authority"
    )


def test_an_edited_file_with_one_bad_row_imports_nothing_and_names_the_row(example_csv):
    lines = example_csv.read_text().splitlines()
    lines[3] = lines[3].replace(",5524,", ",five thousand,")
    lines.append("Police,Missing episodes,,300,-4,Local data,Police")
    result = unit_costs_import(actor=None, content="\n".join(lines), year=2017)

    assert not result.ok
    assert UnitCost.objects.count() == 0
    assert [p.row for p in result.problems] == [4, 15]
    assert "unit_cost_gbp 'five thousand' is not an amount" in str(result.problems[0])
    assert "cost_item is empty" in str(result.problems[1])
    assert "annual_volume '-4' is not a whole number" in str(result.problems[1])


def test_a_file_that_is_not_the_format_is_refused_before_any_row():
    result = unit_costs_import(actor=None, content="name,amount\nx,1\n", year=2017)
    assert "missing columns" in result.file_problem
    assert UnitCost.objects.count() == 0


def test_duplicate_cost_items_and_fractions_of_a_penny_are_refused():
    content = HEADER + (
        "LA,Care,Looked after child,66064.005,487,NE,Local authority\n"
        "LA,Care,Child in need,1610,1661,NE,Local authority\n"
        "LA,Care,child in need,1610,1661,NE,Local authority\n"
    )
    result = unit_costs_import(actor=None, content=content, year=2017)
    assert [p.row for p in result.problems] == [2, 4]
    assert "also on row 3" in str(result.problems[1])


def test_re_importing_a_year_replaces_it_and_zones_are_separate():
    zone = ZoneFactory()
    area = HEADER + "LA,Care,Child in need,1610,1661,NE,Local authority\n"
    zonal = HEADER + "LA,Care,Child in need,1700,100,NE,Local authority\n"
    assert unit_costs_import(actor=None, content=area, year=2017).ok
    assert unit_costs_import(actor=None, content=zonal, year=2017, zone=zone).ok
    assert unit_costs_import(actor=None, content=area, year=2017).ok
    assert UnitCost.objects.filter(year=2017, zone=None).count() == 1
    assert cost_benefit(year=2017, zone=zone).rows[0].unit_cost == Decimal("1700.00")


def test_the_command_line_import_and_json_figures(example_csv, capsys):
    call_command("import_unit_costs", str(example_csv), "--year", "2017")
    call_command("cost_benefit", "--year", "2017", "--json")
    out = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert out["total_annual_cost"] == "44878149.00"
    first = out["rows"][0]
    assert set(first) >= {
        "cost_item",
        "unit_cost",
        "annual_volume",
        "annual_cost",
        "reduction_1pct",
        "reduction_5pct",
    }
    assert first["annual_cost"] == "832200.00"  # 730 x 1140
    assert out["by_beneficiary"]["Police"]["annual_cost"] == "832200.00"


def test_the_command_exits_non_zero_listing_bad_rows(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "LA,Care,Child in need,lots,1661,NE,Local authority\n")
    with pytest.raises(CommandError, match="Row 2: unit_cost_gbp 'lots'"):
        call_command("import_unit_costs", str(bad), "--year", "2017")
    assert UnitCost.objects.count() == 0


def test_cost_avoided_counts_sustained_closures_and_states_its_assumptions():
    today = dt.date(2026, 6, 1)
    assert unit_costs_import(
        actor=None,
        year=2024,
        content=HEADER + ("LA,Care,Child in need,1610,1661,NE,Local authority\n"),
    ).ok
    EarlyHelpSpend.objects.create(year=2024, amount_gbp=Decimal("16100.00"))

    def closed(on: dt.date, reason: str = "needs_met", children: int = 2) -> Case:
        enquiry = EnquiryFactory(
            case__state=State.CLOSED, case__closed_on=on, case__closure_reason=reason
        )
        for _ in range(children):
            enquiry.children.add(HouseholdMemberFactory(family=enquiry.case.family).person)
        return enquiry.case

    closed(dt.date(2024, 3, 1))  # sustained: 2 children
    closed(dt.date(2024, 4, 1), children=3)  # sustained: 3 children
    closed(dt.date(2024, 5, 1), reason="family_declined")  # not needs met
    rereferred = closed(dt.date(2024, 6, 1))
    EnquiryFactory(
        case__family=rereferred.family,
        received_at=timezone.make_aware(dt.datetime(2024, 11, 1, 10)),
    )

    figures = cost_avoided(year=2024, today=today)
    assert figures.closed_cases == 4
    assert figures.sustained_cases == 2
    assert figures.children == 5
    assert figures.value == Decimal("8050.00")  # 5 x £1,610
    assert figures.per_pound == Decimal("0.50")
    assert any("estimate" in a for a in figures.assumptions)

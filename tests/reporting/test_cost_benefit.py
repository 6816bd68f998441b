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
from tests.reporting.cost_data import UNIT_COSTS, closed_with_needs, outcomes_data

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


def test_cost_avoided_values_each_outcome_the_product_can_evidence():
    outcomes_data(2024)
    figures = cost_avoided(year=2024, today=dt.date(2026, 6, 1))

    assert figures.closed_cases == 4
    assert figures.sustained_cases == 3  # A, B, C
    assert figures.children == 6  # 2 + 1 + 3
    by_key = {o.outcome.key: o for o in figures.outcomes}
    # Child in need: every child of a sustained case, 6 x £1,610.
    assert by_key["child_in_need"].count == 6
    assert by_key["child_in_need"].value == Decimal("1610") * 6 == Decimal("9660.00")
    # Child protection plan: A's 2 children (C was stepped across to child protection).
    assert by_key["child_protection"].count == 2
    assert by_key["child_protection"].value == Decimal("11048.00")  # 2 x £5,524
    # Exclusion: A's 2 children (B's education need made only some progress).
    assert by_key["exclusion"].count == 2
    assert by_key["exclusion"].value == Decimal("1460.00")  # 2 x £730
    # Domestic abuse: B, one case a family.
    assert by_key["domestic_abuse"].count == 1
    assert by_key["domestic_abuse"].value == Decimal("5550.00")
    assert figures.value == Decimal("27718.00")  # 9,660 + 11,048 + 1,460 + 5,550
    assert figures.per_pound == Decimal("1.39")  # 27,718 / 20,000 = 1.3859
    # Entry to care is not valued: nothing shows a family was at risk of it.
    assert "Looked after child" not in {o.unit.cost_item for o in figures.outcomes if o.unit}
    text = " ".join(figures.assumptions)
    assert "£5524.00 (Child protection plan, Saied-Tessier 2014)" in text
    assert "Entry to care" in text and "estimate" in text


def test_an_outcome_without_a_unit_cost_is_counted_but_not_valued():
    assert unit_costs_import(
        actor=None, year=2024, content=HEADER + "LA,Care,Child in need,1610,1661,NE,LA\n"
    ).ok
    closed_with_needs(dt.date(2024, 2, 1), 2, {"domestic abuse": "significant"})
    figures = cost_avoided(year=2024, today=dt.date(2026, 6, 1))
    by_key = {o.outcome.key: o for o in figures.outcomes}
    assert by_key["domestic_abuse"].count == 1
    assert by_key["domestic_abuse"].unit is None
    assert by_key["domestic_abuse"].value == Decimal("0.00")
    assert figures.value == Decimal("3220.00")  # 2 x £1,610
    assert any(
        "A reported domestic abuse case" in a and "not valued" in a for a in figures.assumptions
    )


def test_a_zones_own_unit_cost_is_used_before_the_whole_areas():
    zone = ZoneFactory()
    assert unit_costs_import(actor=None, year=2024, content=UNIT_COSTS).ok
    zonal = HEADER + "LA,Care,Child in need,2000,100,Zone study,LA\n"
    assert unit_costs_import(actor=None, year=2024, content=zonal, zone=zone).ok
    closed_with_needs(dt.date(2024, 2, 1), 1, {"abuse and exploitation": "significant"}, zone=zone)
    figures = cost_avoided(year=2024, zone=zone, today=dt.date(2026, 6, 1))
    by_key = {o.outcome.key: o for o in figures.outcomes}
    assert by_key["child_in_need"].value == Decimal("2000.00")  # the zone's own
    assert by_key["child_protection"].value == Decimal("5524.00")  # the area's


def test_amounts_built_on_small_counts_are_hidden_from_readers_of_suppressed_figures():
    from reporting.costs.figures import avoided_shown

    outcomes_data(2024)
    figures = cost_avoided(year=2024, today=dt.date(2026, 6, 1))
    shown = avoided_shown(figures, suppress=True)
    by_key = {o.outcome.key: o for o in shown.outcomes}
    assert by_key["child_in_need"].count == "6"
    assert by_key["child_in_need"].value == Decimal("9660.00")
    for key in ("child_protection", "exclusion", "domestic_abuse"):
        # £5,524 x 2 would give the 2 children back.
        assert by_key[key].count == "fewer than 5" and by_key[key].value is None
    assert shown.value is None and shown.per_pound is None  # the total includes them
    assert shown.closed_cases == "fewer than 5" and shown.sustained_cases == "fewer than 5"
    assert shown.children == "6"
    exact = avoided_shown(figures, suppress=False)
    assert exact.value == Decimal("27718.00") and exact.sustained_cases == "3"


def test_the_sustained_cases_are_hidden_when_the_rest_of_the_closures_is_small():
    from reporting.costs.figures import avoided_shown

    for n in range(7):
        closed_with_needs(dt.date(2024, 2, 1 + n), 1, {})
    declined = EnquiryFactory(
        case__state=State.CLOSED,
        case__closed_on=dt.date(2024, 3, 1),
        case__closure_reason="family_declined",
    )
    assert declined.case.closed_on is not None
    figures = cost_avoided(year=2024, today=dt.date(2026, 6, 1))
    assert (figures.closed_cases, figures.sustained_cases) == (8, 7)
    shown = avoided_shown(figures, suppress=True)
    # 8 closed and 7 sustained would say 1 closure was not: 7 is not shown either.
    assert shown.closed_cases == "8"
    assert shown.sustained_cases == "not shown"
    assert shown.children == "7" and shown.value == Decimal("0.00")

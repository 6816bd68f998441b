"""The scorecard's Period select shows the month the page shows (the last whole month),
so the heading and the filter agree and changing only the zone keeps the month."""

from __future__ import annotations

import re

import pytest

from reporting.forms.scorecard import default_period
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def test_the_period_selected_is_the_month_the_heading_shows(signed_in_client):
    from partners.roles import Role

    page = signed_in_client(member(Role.STRATEGIC_LEAD)).get("/reporting/").content.decode()

    selected = re.search(r'<option value="([^"]+)" selected', page)
    assert selected is not None and selected.group(1) == default_period().code
    assert default_period().label in page


def test_the_scorecard_page_explains_months_without_a_figure_and_fixes_no_chart_width(
    signed_in_client,
):
    from partners.roles import Role

    page = signed_in_client(member(Role.STRATEGIC_LEAD)).get("/reporting/").content.decode()

    charts = re.findall(r"<svg[^>]*app-trend-chart[^>]*>", page)
    assert charts and not any(" width=" in c for c in charts)
    # With nothing counted yet, rates have no figure in any month, and each chart says so.
    assert "No figure for any month shown." in page
